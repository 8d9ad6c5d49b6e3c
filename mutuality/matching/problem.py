"""Checking and normalising what callers hand to the solver.

Every public entry point funnels through :func:`normalise`, so a bad score matrix fails in one
place, early, with a message a programme manager's developer can act on, rather than as an
obscure SciPy error deep inside a solve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = ["Edges", "Problem", "normalise"]


@dataclass(frozen=True, slots=True)
class Edges:
    """Feasible pairs as parallel arrays; the common currency of the sparse code paths."""

    rows: np.ndarray  # int64
    cols: np.ndarray  # int64
    weights: np.ndarray  # float64

    def __len__(self) -> int:
        return int(self.rows.size)


@dataclass(frozen=True, slots=True)
class Problem:
    """A validated instance: exactly one of ``dense`` or ``edges`` is set."""

    n_rows: int
    n_cols: int
    capacity: np.ndarray  # int64 per column, >= 0
    dense: np.ndarray | None = None  # float64 scores
    mask: np.ndarray | None = None  # bool, only alongside ``dense``; None means all feasible
    edges: Edges | None = None


def _check_finite(values: np.ndarray, what: str) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        where = np.argwhere(bad)[0] if values.ndim > 1 else np.flatnonzero(bad)[:1]
        raise ValueError(
            f"{what} contain {int(bad.sum())} NaN or infinite value(s) (first at index "
            f"{tuple(int(x) for x in where)}); mark impossible pairs with `feasible` instead"
        )


def _capacity(capacity: object, n_cols: int) -> np.ndarray:
    if capacity is None:
        return np.ones(n_cols, dtype=np.int64)
    raw = np.asarray(capacity)
    if raw.ndim == 0:
        raw = np.full(n_cols, raw)
    if raw.ndim != 1 or raw.shape[0] != n_cols:
        raise ValueError(
            f"capacity must be one integer or one per column ({n_cols}); got shape {raw.shape}"
        )
    if raw.dtype == bool or not (
        np.issubdtype(raw.dtype, np.integer)
        or (np.issubdtype(raw.dtype, np.floating) and np.all(np.mod(raw, 1) == 0))
    ):
        raise ValueError("capacity must hold whole numbers")
    if np.any(raw < 0):
        raise ValueError(f"capacity must not be negative (column {int(np.argmax(raw < 0))})")
    return raw.astype(np.int64)


def _mask(feasible: object, shape: tuple[int, int]) -> np.ndarray | sp.csr_array:
    if sp.issparse(feasible):
        mask = sp.csr_array(feasible)
    else:
        mask = np.asarray(feasible)
        if mask.dtype != bool:
            raise ValueError(f"feasible must be a boolean mask, got dtype {mask.dtype}")
    if mask.shape != shape:
        raise ValueError(f"feasible has shape {mask.shape} but scores have shape {shape}")
    return mask


def normalise(scores: object, feasible: object = None, capacity: object = None) -> Problem:
    """Validate the inputs of :func:`mutuality.matching.assign` and return a :class:`Problem`."""
    if sp.issparse(scores):
        if scores.ndim != 2:
            raise ValueError(f"scores must be two-dimensional, got {scores.ndim} dimension(s)")
        coo = sp.coo_array(scores, dtype=np.float64)
        coo.sum_duplicates()  # keeps explicit zeros: a stored 0.0 is a feasible pair
        n_rows, n_cols = (int(x) for x in coo.shape)
        _check_finite(coo.data, "scores")
        keep = np.ones(coo.nnz, dtype=bool)
        if feasible is not None:
            mask = _mask(feasible, (n_rows, n_cols))
            keep = np.asarray(mask[coo.row, coo.col]).ravel().astype(bool)
        edges = Edges(
            coo.row[keep].astype(np.int64), coo.col[keep].astype(np.int64), coo.data[keep]
        )
        return Problem(n_rows, n_cols, _capacity(capacity, n_cols), edges=edges)

    try:
        dense = np.asarray(scores, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"scores must be numeric: {exc}") from exc
    if dense.ndim != 2:
        raise ValueError(f"scores must be two-dimensional, got {dense.ndim} dimension(s)")
    n_rows, n_cols = (int(x) for x in dense.shape)
    dense_mask = None
    if feasible is not None:
        mask = _mask(feasible, (n_rows, n_cols))
        dense_mask = mask.toarray().astype(bool) if sp.issparse(mask) else mask
    finite = np.isfinite(dense)
    if not finite.all():
        # Scores of infeasible pairs are never read, so placeholders there are harmless.
        bad = ~finite if dense_mask is None else ~finite & dense_mask
        if bad.any():
            _check_finite(np.where(bad, np.nan, 0.0), "scores")
    return Problem(n_rows, n_cols, _capacity(capacity, n_cols), dense=dense, mask=dense_mask)
