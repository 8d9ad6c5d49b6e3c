"""Properties that must hold for any input, checked by Hypothesis."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from mutuality.disclosure import (
    DEFAULT_POLICY,
    DisclosurePolicy,
    Population,
    disclose_breakdown,
    disclose_count,
    disclose_filtered_count,
    disclose_percentage,
    disclose_table,
)

FAST = settings(max_examples=150, deadline=None)

policies = st.builds(
    DisclosurePolicy,
    min_count=st.integers(8, 15),
    rounding_base=st.sampled_from([5, 10, 15, 20]),
    min_percentage_base=st.integers(10, 30),
    min_group_size=st.integers(10, 25),
)
counts = st.integers(0, 400)
tables = st.dictionaries(
    st.sampled_from(["White", "Asian", "Black", "Mixed", "Other ethnic group", "Not stated"]),
    st.integers(0, 60),
    min_size=1,
)


def never_small(value: int | None, policy: DisclosurePolicy = DEFAULT_POLICY) -> bool:
    """Withheld, or a multiple of 5 at or above the policy's own threshold (so never 1 to 7)."""
    return value is None or (value >= policy.min_count and value % 5 == 0)


@FAST
@given(counts, policies)
def test_a_count_is_never_1_to_7_and_always_a_multiple_of_5(n, policy):
    cell = disclose_count(n, policy)
    assert never_small(cell.value, policy)
    assert cell.suppressed == (cell.value is None) == (n < policy.min_count)
    if cell.value is not None:
        lowest = -(-policy.min_count // policy.rounding_base) * policy.rounding_base
        assert abs(cell.value - n) <= policy.rounding_base // 2 or cell.value == lowest


@FAST
@given(counts, policies)
def test_a_stricter_policy_never_reveals_more_of_a_count(n, policy):
    strict, default = disclose_count(n, policy), disclose_count(n, DEFAULT_POLICY)
    if not strict.suppressed:
        assert not default.suppressed
        assert policy.rounding_base >= DEFAULT_POLICY.rounding_base


@FAST
@given(counts, counts, policies)
def test_a_percentage_needs_a_base_and_8_on_each_side(a, b, policy):
    part, base = min(a, b), max(a, b)
    cell = disclose_percentage(part, base, policy)
    if not cell.suppressed:
        assert base >= policy.min_percentage_base
        assert part >= policy.min_count and base - part >= policy.min_count
        assert 0 < cell.value < 100
        assert cell.display == f"{cell.value}%"
    if disclose_percentage(part, base, DEFAULT_POLICY).suppressed:
        assert cell.suppressed


@FAST
@given(tables, policies)
def test_a_table_adds_up_and_hides_small_groups(raw, policy):
    table = disclose_table(raw, policy)
    assert table == disclose_table(raw, policy)  # the same question, the same answer
    if table.withheld:
        assert table.rows == () and table.total.value is None and table.notes
        return
    assert len(table.rows) >= 2
    assert table.total.value == sum(row.cell.value for row in table.rows)
    members = [m for row in table.rows for m in row.members]
    assert sorted(members) == sorted(raw)  # every group is somewhere, once
    for row in table.rows:
        assert never_small(row.cell.value, policy)
        assert sum(raw[m] for m in row.members) >= policy.group_floor


@FAST
@given(tables, policies)
def test_a_stricter_policy_never_names_more_groups(raw, policy):
    strict, default = disclose_table(raw, policy), disclose_table(raw, DEFAULT_POLICY)
    named = {row.label for row in strict.rows if len(row.members) == 1}
    assert named <= {row.label for row in default.rows if len(row.members) == 1}
    if default.withheld:
        assert strict.withheld


records = st.lists(
    st.fixed_dictionaries(
        {
            "org": st.sampled_from("ABC"),
            "side": st.sampled_from("xy"),
            "disabled": st.sampled_from(["yes", "no", "prefer not to say"]),
        }
    ),
    max_size=120,
)
ANSWERS = {"org": "ABC", "side": "xy", "disabled": ("yes", "no", "prefer not to say")}


def every_filter():
    for values in itertools.product(*((None, *v) for v in ANSWERS.values())):
        yield {n: v for n, v in zip(ANSWERS, values, strict=True) if v is not None}


def raw(people, filters) -> int:
    return sum(all(p[n] == v for n, v in filters.items()) for p in people)


@settings(max_examples=60, deadline=None)
@given(records, policies)
def test_filtered_figures_are_safe_and_stay_8_apart_from_wider_groups(people, policy):
    population = Population(people)
    for filters in every_filter():
        cell = disclose_filtered_count(population, filters, policy)
        assert cell == disclose_filtered_count(population, filters, policy)
        assert never_small(cell.value, policy)
        if cell.suppressed:
            continue
        assert not disclose_filtered_count(population, filters, DEFAULT_POLICY).suppressed
        n = raw(people, filters)
        assert n >= (policy.group_floor if filters else policy.min_count)
        for name in filters:
            wider = {k: v for k, v in filters.items() if k != name}
            assert raw(people, wider) - n >= policy.min_count


@settings(max_examples=60, deadline=None)
@given(records)
def test_filtered_breakdowns_add_up_and_match_the_counts(people):
    population = Population(people)
    for filters in every_filter():
        for by in ANSWERS.keys() - filters.keys():
            table = disclose_breakdown(population, filters, by, values=ANSWERS[by])
            if table.withheld:
                continue
            assert table.total.value == sum(row.cell.value for row in table.rows)
            for row in table.rows:
                assert never_small(row.cell.value)
                if len(row.members) == 1:
                    count = disclose_filtered_count(population, filters | {by: row.label})
                    assert count == row.cell
                else:
                    hidden = [
                        m
                        for m in row.members
                        if disclose_filtered_count(population, filters | {by: m}).suppressed
                    ]
                    assert sum(raw(people, filters | {by: m}) for m in hidden) >= 8
