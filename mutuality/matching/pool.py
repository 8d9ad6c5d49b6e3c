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
    best_val = np.empty((0, n_cols))
    best_row = np.empty((0, n_cols), dtype=np.int64)
    col_ids = np.arange(n_cols)
    for lo in range(0, n_rows, block):
        hi = min(lo + block, n_rows)
        values = scores.block(lo, hi)
        values[constraints.block(lo, hi) != 0] = -np.inf
        if closed_rows is not None:
            values[closed_rows[lo:hi]] = -np.inf
        if k_row > 0:
            top = np.argpartition(values, n_cols - k_row, axis=1)[:, n_cols - k_row :]
            r = np.repeat(np.arange(lo, hi), k_row)
            c = top.ravel()
            v = values[r - lo, c]
            ok = np.isfinite(v)
            keys.append(r[ok] * n_cols + c[ok])
            vals.append(v[ok])
        if k_col > 0:
            merged = np.concatenate([best_val, values])
            who = np.concatenate(
                [best_row, np.broadcast_to(np.arange(lo, hi)[:, None], values.shape)]
            )
            if merged.shape[0] > k_col:
                top = np.argpartition(merged, merged.shape[0] - k_col, axis=0)[-k_col:]
                merged, who = merged[top, col_ids], who[top, col_ids]
            best_val, best_row = merged, who
        if progress is not None:
            progress(hi / n_rows)
    if k_col > 0:
        ok = np.isfinite(best_val)
        keys.append(best_row[ok] * n_cols + np.broadcast_to(col_ids, best_val.shape)[ok])
        vals.append(best_val[ok])
    if not keys:
        empty = np.empty(0, dtype=np.int64)
        return Edges(empty, empty, np.empty(0))
    all_keys, all_vals = np.concatenate(keys), np.concatenate(vals)
    unique, first = np.unique(all_keys, return_index=True)
    rows, cols = np.divmod(unique, n_cols)
    return Edges(rows, cols, all_vals[first])
