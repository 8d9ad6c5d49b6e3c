"""Independent answers to compare the solver with: brute force and a big-M SciPy model."""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import linear_sum_assignment


def brute_force(scores: np.ndarray, feasible: np.ndarray, capacity: list[int]) -> tuple[int, float]:
    """(most pairs, best total among those) by trying every matching; tiny inputs only."""
    n_rows, n_cols = scores.shape
    best = (0, 0.0)
    left = list(capacity)

    def walk(row: int, count: int, total: float) -> None:
        nonlocal best
        if row == n_rows:
            if count > best[0] or (count == best[0] and total > best[1] + 1e-12):
                best = (count, total)
            return
        walk(row + 1, count, total)
        for col in range(n_cols):
            if feasible[row, col] and left[col] > 0:
                left[col] -= 1
                walk(row + 1, count + 1, total + float(scores[row, col]))
                left[col] += 1

    walk(0, 0, 0.0)
    return best


def big_m_scipy(scores: np.ndarray, feasible: np.ndarray, capacity: list[int]) -> tuple[int, float]:
    """The textbook model: a square matrix with "stay single" dummies and a per-pair bonus.

    Scores must be on a coarse grid (e.g. multiples of 1/1000) for the bonus to be exact.
    """
    cols = np.repeat(np.arange(scores.shape[1]), capacity)
    s, f = scores[:, cols], feasible[:, cols]
    n, m = s.shape
    bonus = 1.0 + 2.0 * (np.abs(s).max(initial=0.0) + 1.0) * max(n, m)
    big = np.full((n + m, m + n), -np.inf)
    big[:n, :m] = np.where(f, s + bonus, -np.inf)
    big[np.arange(n), m + np.arange(n)] = 0.0
    big[n + np.arange(m), np.arange(m)] = 0.0
    big[n:, m:] = 0.0
    r, c = linear_sum_assignment(big, maximize=True)
    real = (r < n) & (c < m)
    return int(real.sum()), math.fsum(s[r[real], c[real]].tolist())
