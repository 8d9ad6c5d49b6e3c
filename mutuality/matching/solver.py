"""The public assignment solver: most pairs first, then the highest total score, exactly.

Why lexicographic rather than "highest total": a programme would rather introduce one more
pair than squeeze a slightly better score out of fewer pairs, and people left out need a
reason we can state. The cardinality tier is handled structurally (see :mod:`.structure`),
never by adding a large constant to each score, so small score differences are not rounded
away however many people take part.

Which numerical core runs is chosen by shape (see docs/decisions/0002-matching-solver.md):

* smaller dense input where the smaller side can be covered: SciPy's
  ``linear_sum_assignment`` on the matrix with forbidden pairs at -inf (and capacities as
  repeated columns); exact;
* everything else (someone must be left out, sparse input): the Dulmage-Mendelsohn split
  solved part by part with SciPy (:mod:`.exact`); exact on dense parts, on a 2**-40 grid of
  the score span on sparse parts;
* large dense input (10,000 x 10,000): top-k candidates, solve with OR-Tools, prove optimal
  against every feasible cell by LP duality, else fall back to SciPy (:mod:`.certify`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .certify import Progress, prove
from .exact import solve_dense, solve_edges
from .problem import Edges, Problem, normalise

__all__ = ["Assignment", "assign"]

#: Dense inputs with at least this many cells, and both sides this long, are certified.
CERTIFY_CELLS = 2_000_000  # measured: certified wins from 1,500 x 1,500 up (0.14 s vs 0.35 s)
CERTIFY_SIDE = 1_000
DENSE_CELLS = 400_000_000  # SciPy's dense solver is tried up to this many (expanded) cells


@dataclass(frozen=True, slots=True)
class Assignment:
    """The chosen pairs (row, column), sorted, and their total score.

    Unpacks as ``pairs, total = assign(...)``. ``total`` is summed with ``math.fsum`` so it
    does not depend on the order pairs were found in.
    """

    pairs: list[tuple[int, int]] = field(default_factory=list)
    total: float = 0.0

    def __iter__(self) -> Iterator[object]:
        yield self.pairs
        yield self.total

    @property
    def size(self) -> int:
        return len(self.pairs)

    def partner_of_row(self) -> dict[int, list[int]]:
        """Columns given to each matched row (rows take one partner; the list is for symmetry)."""
        out: dict[int, list[int]] = {}
        for r, c in self.pairs:
            out.setdefault(r, []).append(c)
        return out

    def rows_of_col(self) -> dict[int, list[int]]:
        """Rows given to each matched column (a column may take several, up to its capacity)."""
        out: dict[int, list[int]] = {}
        for r, c in self.pairs:
            out.setdefault(c, []).append(r)
        return out


def _dense_edges(problem: Problem) -> Edges:
    assert problem.dense is not None
    if problem.mask is None:
        r, c = np.divmod(np.arange(problem.n_rows * problem.n_cols), problem.n_cols)
    else:
        r, c = np.nonzero(problem.mask)
    return Edges(r.astype(np.int64), c.astype(np.int64), problem.dense[r, c])


def _certify_by_default(problem: Problem) -> bool:
    return min(problem.n_rows, problem.n_cols) >= CERTIFY_SIDE and (
        problem.n_rows * problem.n_cols >= CERTIFY_CELLS
    )


def _solve(
    problem: Problem, certify: bool | None = None, progress: Progress | None = None
) -> tuple[np.ndarray, np.ndarray]:
    n, m, cap = problem.n_rows, problem.n_cols, problem.capacity
    if n == 0 or m == 0 or not cap.any():
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    if problem.dense is None:
        assert problem.edges is not None
        return solve_edges(n, m, problem.edges, cap)
    if certify is None:
        certify = _certify_by_default(problem)
    if certify:
        found = prove(problem.dense, problem.mask, cap, progress=progress)
        if found.certified:
            return found.rows, found.cols
    seats = int(np.minimum(cap, n).sum())
    if n * seats <= DENSE_CELLS:
        return solve_dense(problem.dense, problem.mask, cap)
    return solve_edges(n, m, _dense_edges(problem), cap)


def assign(
    scores: object,
    *,
    feasible: object = None,
    capacity: object = None,
    certify: bool | None = None,
    progress: Progress | None = None,
) -> Assignment:
    """Pair rows with columns: the most pairs possible, then the highest total score.

    ``scores`` is a dense 2-D array or a SciPy sparse matrix (its stored entries, zeros
    included, are the allowed pairs). ``feasible`` optionally narrows the allowed pairs.
    ``capacity`` is one integer or one per column (default 1); rows always take one partner.
    Anyone without an allowed partner, or outcompeted for every one, is simply left out.

    Large dense inputs (at least ``CERTIFY_CELLS`` cells and ``CERTIFY_SIDE`` a side) are
    solved over each person's best candidates and the answer is proved optimal for the whole
    matrix by LP duality (:mod:`.certify`); if no proof comes within a few rounds, SciPy's
    dense solver runs instead. ``certify=True`` / ``False`` forces the choice either way.
    ``progress``, if given, is called with a fraction in [0, 1] as certification rounds go.

    Raises ``ValueError`` for non-finite scores on allowed pairs, a mask of the wrong shape or
    type, or capacities that are negative, fractional or of the wrong length.
    """
    problem = normalise(scores, feasible, capacity)
    rows, cols = _solve(problem, certify, progress)
    if problem.dense is not None:
        weights = problem.dense[rows, cols]
    else:
        assert problem.edges is not None
        edges = problem.edges
        keys = edges.rows * problem.n_cols + edges.cols
        order = np.argsort(keys)
        found = order[np.searchsorted(keys, rows * problem.n_cols + cols, sorter=order)]
        weights = edges.weights[found]
    pairs = list(zip(rows.tolist(), cols.tolist(), strict=True))
    return Assignment(pairs, math.fsum(weights.tolist()))
