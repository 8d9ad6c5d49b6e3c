"""Exact lexicographic optimum over an explicit list of feasible pairs.

Capacities become copies of a column, the Dulmage-Mendelsohn parts fix the cardinality
structurally (see :mod:`.structure`), and each part is a full-matching problem that SciPy
solves: the dense Hungarian solver (exact in float64) when the part is small and well filled,
the sparse LAPJVsp solver otherwise. SciPy's sparse solver reads a stored zero as "no edge"
and misbehaves on fractional costs, so weights become whole-number costs >= 1 (see
``_integer_costs``); within a part every full matching has the same size, so shifting all
weights changes no comparison.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .problem import Edges
from .structure import decompose

__all__ = ["solve_edges"]

#: Parts at most this many cells, and at least this full, go to the dense solver.
DENSE_PART_CELLS = 4_000_000
DENSE_PART_FILL = 0.2


def _expand(n_cols: int, edges: Edges, capacity: np.ndarray) -> tuple[Edges, np.ndarray]:
    """Replace a column of capacity c by c identical copies; return edges and copy owners."""
    degree = np.bincount(edges.cols, minlength=n_cols)
    copies = np.minimum(capacity, degree)  # more seats than candidates can never be used
    if np.all(copies == (degree > 0)):
        keep = copies[edges.cols] > 0
        owner = np.arange(n_cols)
        return Edges(edges.rows[keep], edges.cols[keep], edges.weights[keep]), owner
    first = np.concatenate([[0], np.cumsum(copies)[:-1]])
    repeat = copies[edges.cols]
    rows = np.repeat(edges.rows, repeat)
    cols = np.repeat(edges.cols, repeat)
    weights = np.repeat(edges.weights, repeat)
    run_start = np.repeat(np.cumsum(repeat) - repeat, repeat)
    copy_no = np.arange(rows.size) - run_start
    owner = np.repeat(np.arange(n_cols), copies)
    return Edges(rows, first[cols] + copy_no, weights), owner


def _integer_costs(weights: np.ndarray) -> np.ndarray:
    """Whole-number costs >= 1 on a 2**-40 grid of the score span.

    SciPy's LAPJVsp can loop for minutes on fractional costs with many near-ties (seen on
    profile scores: costs in [1, 1.4] hang, the same costs + 9 do not); on whole numbers below
    2**53 its arithmetic is exact and it does not. A power-of-two grid keeps whole-number
    scores exact; otherwise each pair moves by at most 2**-41 of the score span.
    """
    top = float(weights.max())
    span = top - float(weights.min())
    scale = 2.0 ** (40 - math.ceil(math.log2(span))) if span > 0 else 1.0
    return np.round((top - weights) * scale) + 1.0


def _solve_full(n_rows: int, n_cols: int, edges: Edges, dense_cells: int = DENSE_PART_CELLS
                ) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-weight matching covering the smaller side (which the caller guarantees exists)."""
    if n_rows == 0 or n_cols == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    cells = n_rows * n_cols
    if cells <= dense_cells and len(edges) >= DENSE_PART_FILL * cells:
        matrix = np.full((n_rows, n_cols), -np.inf)
        matrix[edges.rows, edges.cols] = edges.weights
        r, c = linear_sum_assignment(matrix, maximize=True)
        return r.astype(np.int64), c.astype(np.int64)
    graph = sp.csr_array((_integer_costs(edges.weights), (edges.rows, edges.cols)),
                         shape=(n_rows, n_cols))
    r, c = min_weight_full_bipartite_matching(graph)
    return r.astype(np.int64), c.astype(np.int64)


def _relabel(index: np.ndarray, size: int) -> np.ndarray:
    lookup = np.full(size, -1, dtype=np.int64)
    lookup[index] = np.arange(index.size)
    return lookup


def solve_edges(
    n_rows: int, n_cols: int, edges: Edges, capacity: np.ndarray,
    dense_cells: int = DENSE_PART_CELLS,
) -> tuple[np.ndarray, np.ndarray]:
    """Most pairs, then highest total, over the given feasible pairs. Returns (rows, cols)."""
    if len(edges) == 0 or n_rows == 0 or n_cols == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    expanded, owner = _expand(n_cols, edges, capacity)
    n_copies = int(owner.size)
    parts = decompose(n_rows, n_copies, expanded.rows, expanded.cols)
    out_rows, out_cols = [], []
    for part_rows, part_cols in zip(parts.rows, parts.cols, strict=True):
        if part_rows.size == 0 or part_cols.size == 0:
            continue
        local_row = _relabel(part_rows, n_rows)[expanded.rows]
        local_col = _relabel(part_cols, n_copies)[expanded.cols]
        inside = (local_row >= 0) & (local_col >= 0)
        sub = Edges(local_row[inside], local_col[inside], expanded.weights[inside])
        r, c = _solve_full(part_rows.size, part_cols.size, sub, dense_cells)
        out_rows.append(part_rows[r])
        out_cols.append(owner[part_cols[c]])
    if not out_rows:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    rows = np.concatenate(out_rows)
    cols = np.concatenate(out_cols)
    order = np.lexsort((cols, rows))
    return rows[order], cols[order]
