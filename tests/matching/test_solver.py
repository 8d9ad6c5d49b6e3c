"""The solver: most pairs first, then the best total, exactly, whatever the input looks like."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mutuality.matching import Assignment, assign
from mutuality.matching.certify import certified_solve

from .reference import big_m_scipy, brute_force

Case = tuple[np.ndarray, np.ndarray, list[int]]


@st.composite
def instances(draw: st.DrawFn) -> Case:
    n_rows = draw(st.integers(0, 5))
    n_cols = draw(st.integers(0, 4))
    # A small alphabet of values makes ties common, which is where solvers go wrong.
    values = st.sampled_from([0.0, 0.25, 0.5, 1.0, 1.0 + 1e-9, 3.0, -2.0])
    scores = np.array(
        draw(st.lists(values, min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    ).reshape(n_rows, n_cols)
    feasible = np.array(
        draw(st.lists(st.booleans(), min_size=n_rows * n_cols, max_size=n_rows * n_cols)),
        dtype=bool,
    )
    feasible = feasible.reshape(n_rows, n_cols)
    if n_rows and draw(st.booleans()):
        feasible[draw(st.integers(0, n_rows - 1))] = False  # someone nobody may take
    capacity = draw(st.lists(st.integers(0, 2), min_size=n_cols, max_size=n_cols))
    return scores, feasible, capacity


def _check(
    result: Assignment, scores: np.ndarray, feasible: np.ndarray, capacity: list[int]
) -> None:
    count, total = brute_force(scores, feasible, capacity)
    assert result.size == count
    assert result.total == pytest.approx(total, abs=1e-12)
    rows = [r for r, _ in result.pairs]
    assert len(rows) == len(set(rows))
    for r, c in result.pairs:
        assert feasible[r, c]
    for c, used in enumerate(np.bincount([c for _, c in result.pairs], minlength=len(capacity))):
        assert used <= capacity[c]


@settings(max_examples=300, deadline=None)
@given(instances())
def test_dense_with_mask_matches_brute_force(case: Case) -> None:
    scores, feasible, capacity = case
    _check(assign(scores, feasible=feasible, capacity=capacity), scores, feasible, capacity)


@settings(max_examples=200, deadline=None)
@given(instances())
def test_sparse_input_matches_brute_force(case: Case) -> None:
    scores, feasible, capacity = case
    r, c = np.nonzero(feasible)
    graph = sp.coo_array((scores[r, c], (r, c)), shape=scores.shape)  # zeros stay stored
    _check(assign(graph, capacity=capacity), scores, feasible, capacity)


@settings(max_examples=200, deadline=None)
@given(instances(), st.integers(0, 2))
def test_certified_path_matches_brute_force(case: Case, k: int) -> None:
    """The large-instance path, forced on small inputs with very few candidates."""
    scores, feasible, capacity = case
    if scores.size == 0:
        return
    rows, cols = certified_solve(scores, feasible, np.array(capacity, dtype=np.int64), k=k)
    pairs = list(zip(rows.tolist(), cols.tolist(), strict=True))
    _check(Assignment(pairs, float(scores[rows, cols].sum())), scores, feasible, capacity)


@pytest.mark.parametrize("seed", range(6))
def test_random_instances_match_an_independent_scipy_model(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_rows, n_cols = rng.integers(50, 220, size=2)
    scores = rng.integers(0, 1000, size=(n_rows, n_cols)) / 1000.0
    feasible = rng.random((n_rows, n_cols)) < rng.choice([0.02, 0.1, 0.6])
    feasible[rng.integers(0, n_rows, size=5)] = False
    capacity = rng.integers(0, 3, size=n_cols).tolist() if seed % 2 else [1] * n_cols
    count, total = big_m_scipy(scores, feasible, capacity)
    result = assign(scores, feasible=feasible, capacity=capacity)
    assert (result.size, result.total) == (count, pytest.approx(total, abs=1e-9))
    rows, cols = certified_solve(scores, feasible, np.array(capacity), k=3)
    assert rows.size == count
    assert scores[rows, cols].sum() == pytest.approx(total, abs=1e-9)


def test_certified_option_on_a_large_matrix_agrees_with_scipy() -> None:
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(7)
    scores = rng.random((1300, 1200))
    r, c = linear_sum_assignment(scores, maximize=True)
    result = assign(scores, certify=True)
    assert result.size == 1200
    assert result.total == pytest.approx(scores[r, c].sum(), rel=1e-12)


def test_unpacks_into_pairs_and_total() -> None:
    pairs, total = assign(np.array([[1.0, 2.0], [3.0, 1.0]]))
    assert pairs == [(0, 1), (1, 0)]
    assert total == 5.0


def test_one_more_pair_beats_a_better_score() -> None:
    # Row 0 alone could take column 0 for 100; pairing both rows scores only 2.
    scores = np.array([[100.0, 1.0], [1.0, 0.0]])
    feasible = np.array([[True, True], [True, False]])
    assert assign(scores, feasible=feasible).pairs == [(0, 1), (1, 0)]


def test_people_with_no_allowed_partner_are_left_out_not_an_error() -> None:
    feasible = np.array([[False, False], [True, True], [False, False]])
    result = assign(np.ones((3, 2)), feasible=feasible)
    assert result.pairs == [(1, 0)] or result.pairs == [(1, 1)]


def test_capacity_lets_a_column_take_several_rows() -> None:
    result = assign(np.array([[5.0], [4.0], [3.0]]), capacity=2)
    assert result.pairs == [(0, 0), (1, 0)]
    assert result.total == 9.0


def test_sparse_explicit_zero_is_an_allowed_pair() -> None:
    graph = sp.coo_array((np.array([0.0, 0.0]), (np.array([0, 1]), np.array([0, 1]))), shape=(2, 3))
    assert assign(graph).pairs == [(0, 0), (1, 1)]


@pytest.mark.parametrize("shape", [(0, 0), (0, 4), (4, 0)])
def test_empty_input(shape: tuple[int, int]) -> None:
    assert assign(np.zeros(shape)) == Assignment([], 0.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scores": np.array([[1.0, np.nan]])}, "NaN or infinite"),
        ({"scores": np.array([[1.0, np.inf]])}, "NaN or infinite"),
        ({"scores": np.ones(3)}, "two-dimensional"),
        ({"scores": np.ones((2, 2)), "feasible": np.ones((2, 3), bool)}, "shape"),
        ({"scores": np.ones((2, 2)), "feasible": np.ones((2, 2))}, "boolean"),
        ({"scores": np.ones((2, 2)), "capacity": [1, -1]}, "negative"),
        ({"scores": np.ones((2, 2)), "capacity": [1, 1, 1]}, "one per column"),
        ({"scores": np.ones((2, 2)), "capacity": [1.5, 1]}, "whole numbers"),
        ({"scores": sp.csr_array(np.array([[np.nan, 1.0]]))}, "NaN or infinite"),
        ({"scores": [["a", "b"]]}, "numeric"),
    ],
)
def test_bad_input_says_what_is_wrong(kwargs: dict[str, object], message: str) -> None:
    scores = kwargs.pop("scores")
    with pytest.raises(ValueError, match=message):
        assign(scores, **kwargs)  # type: ignore[arg-type]


def test_placeholder_scores_on_forbidden_pairs_are_ignored() -> None:
    scores = np.array([[np.nan, 2.0], [1.0, np.inf]])
    feasible = np.array([[False, True], [True, False]])
    assert assign(scores, feasible=feasible).total == 3.0


@pytest.mark.parametrize("shape", [(1500, 900), (900, 1500), (1200, 1200)])
def test_large_sparse_parts_go_through_or_tools_and_stay_optimal(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    n_rows, n_cols = shape
    scores = rng.integers(0, 1000, size=shape) / 1000.0
    feasible = rng.random(shape) < 0.004
    count, total = big_m_scipy(scores, feasible, [1] * n_cols)
    r, c = np.nonzero(feasible)
    result = assign(sp.coo_array((scores[r, c], (r, c)), shape=shape))
    assert result.size == count
    assert result.total == pytest.approx(total, abs=1e-6)
