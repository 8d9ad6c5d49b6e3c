"""The large-input path: solve over candidates, prove optimal by LP duality, else solve densely."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from mutuality.matching import assign, certify, solver
from mutuality.matching.certify import Certificate, candidates, prove

from .reference import big_m_scipy, brute_force
from .test_solver import Case, instances


def clustered(n_rows: int, n_cols: int, seed: int) -> np.ndarray:
    """Scores like profile scores: groups that suit each other, a few people everyone wants.

    Many rows share the same favourite columns, so most people's optimal partner sits far
    down their own list, which is where a pruned solve goes wrong.
    """
    rng = np.random.default_rng(seed)
    groups = 12
    row_group = rng.integers(groups, size=n_rows)
    col_group = rng.integers(groups, size=n_cols)
    affinity = rng.random((groups, groups)) ** 2
    popular = rng.random(n_cols) ** 4
    return (
        0.5 * affinity[row_group][:, col_group]
        + 0.3 * popular[None, :]
        + 0.2 * rng.random((n_rows, n_cols))
    )


def scipy_optimum(scores: np.ndarray, feasible: np.ndarray | None = None):
    matrix = scores if feasible is None else np.where(feasible, scores, -np.inf)
    r, c = linear_sum_assignment(matrix, maximize=True)
    return r, c, math.fsum(scores[r, c].tolist())


def depth(scores: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """How many cells of its row beat each chosen cell (0 = the row's favourite)."""
    return (scores[rows] > scores[rows, cols][:, None]).sum(axis=1)


@settings(max_examples=300, deadline=None)
@given(instances(), st.integers(0, 3))
def test_a_certificate_is_never_wrong(case: Case, k: int) -> None:
    """Whenever the proof succeeds, the pruned answer is the brute-force optimum."""
    scores, feasible, capacity = case
    if scores.size == 0:
        return
    found = prove(scores, feasible, np.array(capacity, dtype=np.int64), k=k)
    if not found.certified:
        return
    count, total = brute_force(scores, feasible, capacity)
    assert found.rows.size == count
    assert math.fsum(scores[found.rows, found.cols].tolist()) == pytest.approx(total, abs=1e-12)
    assert found.bound - found.tolerance <= found.total
    assert all(feasible[r, c] for r, c in zip(found.rows, found.cols, strict=True))
    assert len(set(found.rows.tolist())) == found.rows.size
    assert np.all(np.bincount(found.cols, minlength=len(capacity)) <= capacity)


def test_clustered_scores_need_cells_deep_in_peoples_lists_and_are_still_proved() -> None:
    scores = clustered(700, 600, seed=1)
    r, c, best = scipy_optimum(scores)
    assert depth(scores, r, c).max() > 100  # the optimum reaches far past any top-10 list

    found = prove(scores, None, np.ones(600, dtype=np.int64), k=10)
    assert found.certified
    assert found.rounds > 1  # the first candidate graph was not enough
    assert found.rows.size == 600
    assert found.total == pytest.approx(best, rel=1e-12, abs=1e-12)
    assert 0 <= found.bound - found.total <= found.tolerance


def test_large_dense_input_is_certified_by_default_and_equals_scipy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scores = clustered(2000, 2000, seed=2)
    feasible = np.random.default_rng(3).random(scores.shape) < 0.9
    certificates: list[Certificate] = []

    def spy(*args: object, **kwargs: object) -> Certificate:
        found = prove(*args, **kwargs)  # type: ignore[arg-type]
        certificates.append(found)
        return found

    monkeypatch.setattr(solver, "prove", spy)
    progress: list[float] = []
    result = assign(scores, feasible=feasible, progress=progress.append)
    r, c, best = scipy_optimum(scores, feasible)

    (found,) = certificates
    assert found.certified
    assert result.size == r.size == 2000
    assert result.total == pytest.approx(best, rel=1e-12)
    assert progress and progress == sorted(progress) and progress[-1] < 1


def test_fallback_to_the_dense_solver_when_the_proof_does_not_converge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scores = clustered(1100, 1000, seed=4)
    assert not prove(scores, None, np.ones(1000, dtype=np.int64), max_rounds=1).certified

    monkeypatch.setattr(certify, "MAX_ROUNDS", 1)
    dense_calls: list[tuple[int, int]] = []
    real_dense = solver.solve_dense

    def spy(matrix: np.ndarray, *args: object) -> tuple[np.ndarray, np.ndarray]:
        dense_calls.append(matrix.shape)
        return real_dense(matrix, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(solver, "solve_dense", spy)
    result = assign(scores, certify=True)
    _, _, best = scipy_optimum(scores)
    assert dense_calls == [(1100, 1000)]
    assert result.size == 1000
    assert result.total == pytest.approx(best, rel=1e-12)


def test_cardinality_is_proved_when_people_must_be_left_out() -> None:
    """Two bottlenecks: 400 rows can only use 100 columns, 100 rows only 400 columns."""
    rng = np.random.default_rng(5)
    scores = rng.integers(0, 1000, size=(500, 500)) / 1000.0
    feasible = np.zeros((500, 500), dtype=bool)
    feasible[:400, :100] = rng.random((400, 100)) < 0.5
    feasible[400:, 100:] = rng.random((100, 400)) < 0.5
    capacity = [1] * 500
    count, total = big_m_scipy(scores, feasible, capacity)
    assert count == 200

    found = prove(scores, feasible, np.array(capacity), k=2)
    assert found.certified
    assert found.rows.size == count
    assert found.total == pytest.approx(total, abs=1e-9)


def test_capacities_on_the_certified_path() -> None:
    scores = clustered(1200, 400, seed=6)
    capacity = np.random.default_rng(6).integers(0, 4, size=400)
    count, total = big_m_scipy(np.round(scores, 3), np.ones(scores.shape, bool), capacity.tolist())
    result = assign(np.round(scores, 3), capacity=capacity, certify=True)
    assert result.size == count
    assert result.total == pytest.approx(total, abs=1e-9)


def test_candidates_hold_every_rows_and_every_columns_best_cells() -> None:
    rng = np.random.default_rng(8)
    scores = rng.random((2600, 300))  # several row blocks
    feasible = rng.random(scores.shape) < 0.7
    keys = set(candidates(scores, feasible, 3, 4).tolist())
    masked = np.where(feasible, scores, -np.inf)
    for i in range(0, 2600, 97):
        for j in np.argsort(-masked[i])[:3]:
            assert i * 300 + int(j) in keys
    for j in range(300):
        for i in np.argsort(-masked[:, j])[:4]:
            assert int(i) * 300 + j in keys
    assert all(feasible[divmod(key, 300)] for key in keys)


def test_pool_shortlists_hold_each_persons_best_allowed_partners() -> None:
    from mutuality.matching.constraints import ConstraintModel, Rules
    from mutuality.matching.pool import candidate_edges
    from mutuality.matching.scoring import ScoreModel

    from .people import person

    rng = np.random.default_rng(9)
    rows = [
        person(f"a{i}", "aspiring", organisation=f"o{i % 7}", topics={f"t{rng.integers(9)}"})
        for i in range(2100)  # three blocks of 1,024 rows
    ]
    cols = [
        person(f"e{j}", "established", organisation=f"o{j % 5}", topics={f"t{rng.integers(9)}"})
        for j in range(150)
    ]
    scores, rules = ScoreModel(rows, cols), ConstraintModel(rows, cols, Rules())
    edges = candidate_edges(scores, rules, 4)
    matrix = np.where(rules.matrix() == 0, scores.matrix(), -np.inf)
    cells = zip(edges.rows.tolist(), edges.cols.tolist(), strict=True)
    found = dict(zip(cells, edges.weights.tolist(), strict=True))
    assert len(found) == len(edges)  # no pair twice
    for (i, j), value in found.items():
        assert value == matrix[i, j] and np.isfinite(value)

    def best(values: object) -> list[float]:
        return sorted(values, reverse=True)[:4]  # type: ignore[call-overload]

    for i in range(0, 2100, 53):
        assert best(v for (r, _), v in found.items() if r == i) == best(matrix[i])
    for j in range(150):
        assert best(v for (_, c), v in found.items() if c == j) == best(matrix[:, j])
