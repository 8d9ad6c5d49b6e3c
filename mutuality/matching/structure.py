"""Dulmage-Mendelsohn decomposition: which people every maximum matching must pair.

This is what makes "as many pairs as possible, then the best total" exact without a big
per-pair bonus. Given one maximum matching, alternating searches from the people it leaves
out split the graph into three vertex-disjoint parts such that a matching is maximum exactly
when it is, in each part, a *full* matching of that part's smaller side:

* ``D_R x A_C``: rows that some maximum matching leaves out, with their neighbours; every
  one of those columns must be used.
* ``A_R x D_C``: the same with the roles of rows and columns swapped.
* ``C_R x C_C``: everyone else, perfectly matched among themselves.

A maximum-weight full matching is what SciPy's solvers compute natively, so each part is
solved exactly in floating point and no score ever shares a float with a huge constant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, maximum_bipartite_matching

__all__ = ["Parts", "decompose"]


@dataclass(frozen=True, slots=True)
class Parts:
    """Row and column index sets of the three parts (see module docstring)."""

    rows: tuple[np.ndarray, np.ndarray, np.ndarray]
    cols: tuple[np.ndarray, np.ndarray, np.ndarray]
    size: int  # cardinality of a maximum matching


def _reached(
    n_rows: int, n_cols: int, arcs_src: np.ndarray, arcs_dst: np.ndarray, starts: np.ndarray
) -> np.ndarray:
    """Nodes reachable from ``starts`` (a super-source is added as the last node)."""
    n = n_rows + n_cols
    src = np.concatenate([arcs_src, np.full(starts.size, n)])
    dst = np.concatenate([arcs_dst, starts])
    graph = sp.csr_array((np.ones(src.size, dtype=np.float32), (src, dst)), shape=(n + 1, n + 1))
    order = breadth_first_order(graph, n, directed=True, return_predecessors=False)
    seen = np.zeros(n + 1, dtype=bool)
    seen[order] = True
    return seen[:n]


def decompose(n_rows: int, n_cols: int, rows: np.ndarray, cols: np.ndarray) -> Parts:
    """Split the bipartite graph given by edge arrays into the three parts."""
    if rows.size == 0:
        empty = np.empty(0, dtype=np.int64)
        return Parts((np.arange(n_rows), empty, empty), (empty, np.arange(n_cols), empty), 0)
    graph = sp.csr_array(
        (np.ones(rows.size, dtype=np.float32), (rows, cols)), shape=(n_rows, n_cols)
    )
    row_mate = maximum_bipartite_matching(graph, perm_type="column").astype(np.int64)
    col_mate = np.full(n_cols, -1, dtype=np.int64)
    matched = np.flatnonzero(row_mate >= 0)
    col_mate[row_mate[matched]] = matched
    size = int(matched.size)

    # From rows left out: any edge row -> column, then the matched edge back to a row.
    mc = np.flatnonzero(col_mate >= 0)
    seen = _reached(
        n_rows,
        n_cols,
        np.concatenate([rows, n_rows + mc]),
        np.concatenate([n_rows + cols, col_mate[mc]]),
        np.flatnonzero(row_mate < 0),
    )
    d_rows, a_cols = seen[:n_rows], seen[n_rows:]
    # From columns left out: the mirror image.
    seen = _reached(
        n_rows,
        n_cols,
        np.concatenate([n_rows + cols, matched]),
        np.concatenate([rows, n_rows + row_mate[matched]]),
        n_rows + np.flatnonzero(col_mate < 0),
    )
    a_rows, d_cols = seen[:n_rows], seen[n_rows:]
    c_rows = ~(d_rows | a_rows)
    c_cols = ~(a_cols | d_cols)
    return Parts(
        (np.flatnonzero(d_rows), np.flatnonzero(a_rows), np.flatnonzero(c_rows)),
        (np.flatnonzero(a_cols), np.flatnonzero(d_cols), np.flatnonzero(c_cols)),
        size,
    )
