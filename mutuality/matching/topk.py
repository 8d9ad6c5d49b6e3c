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

    Kept as ``(n_cols, k)`` tables so each merge is a partial sort along contiguous rows.
    Once a column holds ``k`` rows only cells reaching its current k-th best can enter, so a
    block costs one comparison plus a partial sort of the few cells that pass.
    """

    def __init__(self, n_cols: int, k: int) -> None:
        self.k, self.n_cols = k, n_cols
        self.vals = np.full((n_cols, max(k, 0)), -np.inf)
        self.rows = np.full((n_cols, max(k, 0)), -1, dtype=np.int64)
        self.floor = np.full(n_cols, -np.inf)  # k-th best so far (-inf while fewer than k)

    def add(self, lo: int, block: np.ndarray) -> None:
        """Merge rows ``lo : lo + len(block)``."""
        k = self.k
        if k <= 0 or block.shape[0] == 0:
            return
        floor = self.floor
        if block.shape[0] > k and np.isneginf(floor).any():  # a column not yet full
            floor = np.maximum(floor, np.partition(block, -k, axis=0)[-k])
        r, c = np.nonzero((block >= floor) & (block > -np.inf))
        if r.size == 0:
            return
        v = block[r, c]
        order = np.argsort(c, kind="stable")
        r, c, v = r[order], c[order], v[order]
        counts = np.bincount(c, minlength=self.n_cols)
        slot = np.arange(c.size) - np.repeat(np.cumsum(counts) - counts, counts)
        width = k + int(counts.max())
        vals = np.full((self.n_cols, width), -np.inf)
        rows = np.full((self.n_cols, width), -1, dtype=np.int64)
        vals[:, :k], rows[:, :k] = self.vals, self.rows
        vals[c, k + slot], rows[c, k + slot] = v, r + lo
        top = np.argpartition(vals, width - k, axis=1)[:, width - k :]
        self.vals = np.take_along_axis(vals, top, axis=1)
        self.rows = np.take_along_axis(rows, top, axis=1)
        self.floor = self.vals.min(axis=1)

    def cells(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, cols, values) of the finite cells kept."""
        col, slot = np.nonzero(np.isfinite(self.vals))
        return self.rows[col, slot], col.astype(np.int64), self.vals[col, slot]
