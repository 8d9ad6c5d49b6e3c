"""Candidate lists for pools too big for a full score matrix (tens of thousands a side).

At 25,000 a side a dense float64 score matrix is 5 GB, so scores are computed block by block
and only each person's best ``k`` allowed partners are kept, from both sides' point of view
(a column that is nobody's top choice still keeps its own best ``k`` rows). The solver is then
exact over this pruned graph. People who end up with no candidate at all are fine: the
cardinality structure in :mod:`.structure` simply leaves them unmatched.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .constraints import ConstraintModel
from .problem import Edges
from .scoring import ScoreModel
from .topk import ColumnTop, row_top

__all__ = ["candidate_edges"]


def candidate_edges(
    scores: ScoreModel,
    constraints: ConstraintModel,
    k: int,
    closed_rows: np.ndarray | None = None,
    block: int = 1024,
    progress: Callable[[float], None] | None = None,
) -> Edges:
    """Allowed pairs among each row's and each column's top ``k`` (by score).

    ``progress``, if given, is called with the fraction of rows done after each block.
    """
    n_rows, n_cols = scores.shape
    k_row, k_col = min(k, n_cols), min(k, n_rows)
    keys: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    column_top = ColumnTop(n_cols, k_col)
    buffer = np.empty((min(block, n_rows), n_cols))  # reused: fresh 200 MB blocks page-fault
    for lo in range(0, n_rows, block):
        hi = min(lo + block, n_rows)
        values = scores.block(lo, hi, out=buffer[: hi - lo])
        values[constraints.block(lo, hi) != 0] = -np.inf
        if closed_rows is not None:
            values[closed_rows[lo:hi]] = -np.inf
        r, c = row_top(values, k_row)
        keys.append((r + lo) * n_cols + c)
        vals.append(values[r, c])
        column_top.add(lo, values)
        if progress is not None:
            progress(hi / n_rows)
    r, c, v = column_top.cells()
    keys.append(r * n_cols + c)
    vals.append(v)
    if not keys:
        empty = np.empty(0, dtype=np.int64)
        return Edges(empty, empty, np.empty(0))
    all_keys, all_vals = np.concatenate(keys), np.concatenate(vals)
    order = np.argsort(all_keys, kind="stable")  # a sort beats np.unique's hashing here
    all_keys, all_vals = all_keys[order], all_vals[order]
    first = np.concatenate([[True], all_keys[1:] != all_keys[:-1]])
    rows, cols = np.divmod(all_keys[first], n_cols)
    return Edges(rows.astype(np.int64), cols.astype(np.int64), all_vals[first])
