"""Each row's and each column's best cells, read block by block from a large score matrix.

Shared by the certified dense path (:mod:`.certify`) and the pool shortlists (:mod:`.pool`).
Both avoid allocating anything as large as a block: on this kind of machine a fresh 200 MB
array costs more in page faults than the arithmetic done with it.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ColumnTop", "row_top"]

#: Rows per partial sort: keeps the index arrays argpartition allocates small (reused memory).
CHUNK = 128


def row_top(block: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(local row, column) of each row's ``k`` largest cells that are finite."""
    n_rows, n_cols = block.shape
    k = min(k, n_cols)
    if k <= 0 or n_rows == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    rows, cols = [], []
    for lo in range(0, n_rows, CHUNK):
        part = block[lo : lo + CHUNK]
        top = np.argpartition(part, n_cols - k, axis=1)[:, n_cols - k :]
        r = np.repeat(np.arange(part.shape[0]), k)
        c = top.ravel()
        ok = np.isfinite(part[r, c])
        rows.append(r[ok] + lo)
        cols.append(c[ok])
    return np.concatenate(rows), np.concatenate(cols).astype(np.int64)


class ColumnTop:
    """Each column's best ``k`` rows, merged block by block.

    Once a column holds ``k`` rows, only cells reaching its current k-th best can enter: one
    comparison over the block and a sort of the few that pass, instead of a partial sort down
    every column of every block. Ties are kept in row order, so the result is deterministic.
    """

    def __init__(self, n_cols: int, k: int) -> None:
        self.k, self.n_cols = k, n_cols
        self.vals = np.empty(0)
        self.rows = np.empty(0, dtype=np.int64)
        self.cols = np.empty(0, dtype=np.int64)
        self.floor = np.full(n_cols, -np.inf)  # k-th best so far (-inf while fewer than k)

    def add(self, lo: int, block: np.ndarray) -> None:
        """Merge rows ``lo : lo + len(block)``."""
        if self.k <= 0:
            return
        floor = self.floor
        if block.shape[0] > self.k and np.isneginf(floor).any():  # a column not yet full
            floor = np.maximum(floor, np.partition(block, -self.k, axis=0)[-self.k])
        r, c = np.nonzero(block >= floor)
        vals = np.concatenate([self.vals, block[r, c]])
        rows = np.concatenate([self.rows, r + lo])
        cols = np.concatenate([self.cols, c])
        order = np.lexsort((rows, -vals, cols))
        vals, rows, cols = vals[order], rows[order], cols[order]
        starts = np.searchsorted(cols, np.arange(self.n_cols))
        rank = np.arange(cols.size) - starts[cols]
        keep = rank < self.k
        self.vals, self.rows, self.cols = vals[keep], rows[keep], cols[keep]
        last = np.flatnonzero(rank == self.k - 1)
        self.floor[:] = -np.inf
        self.floor[cols[last]] = vals[last]

    def cells(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, cols, values) of the finite cells kept."""
        ok = np.isfinite(self.vals)
        return self.rows[ok], self.cols[ok], self.vals[ok]
