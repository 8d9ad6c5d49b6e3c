"""Filtered figures: the thresholds, the wider-group rule, breakdowns and percentages."""

from __future__ import annotations

import pytest

from mutuality.disclosure import (
    OTHER,
    DisclosurePolicy,
    Population,
    disclose_breakdown,
    disclose_filtered_count,
    disclose_filtered_percentage,
)


def people(**groups: int) -> list[dict[str, str]]:
    """``A_x=12`` means twelve people in organisation A on side x."""
    out = []
    for name, n in groups.items():
        org, side = name.split("_")
        out += [{"org": org, "side": side}] * n
    return out


def test_everyone_needs_8_and_a_filtered_population_10():
    assert disclose_filtered_count(people(A_x=7), {}).suppressed
    assert disclose_filtered_count(people(A_x=8), {}).value == 10
    cohort = people(A_x=9, B_x=20)
    assert disclose_filtered_count(cohort, {"org": "A"}).display == "not shown"
    cohort = people(A_x=10, B_x=20)
    assert disclose_filtered_count(cohort, {"org": "A"}).value == 10


def test_a_figure_within_7_of_a_wider_group_is_not_shown():
    """Org A has 20 people, 13 of them on side x: showing both would let anyone work out
    that 7 are on side y."""
    close = people(A_x=13, A_y=7, B_y=30)
    assert disclose_filtered_count(close, {"org": "A"}).value == 20
    assert disclose_filtered_count(close, {"org": "A", "side": "x"}).suppressed
    apart = people(A_x=12, A_y=8, B_x=10, B_y=30)
    assert disclose_filtered_count(apart, {"org": "A", "side": "x"}).value == 10


def test_the_rule_applies_to_every_wider_group():
    """Org A on side x is 12 of Org A's 20, but also 12 of side x's 15."""
    cohort = people(A_x=12, A_y=8, B_x=3, B_y=30)
    assert disclose_filtered_count(cohort, {"org": "A", "side": "x"}).suppressed


def test_both_causes_read_the_same():
    small = disclose_filtered_count(people(A_x=9, B_x=20), {"org": "A"})
    close = disclose_filtered_count(people(A_x=13, A_y=7, B_y=30), {"org": "A", "side": "x"})
    assert (small.display, small.reason) == (close.display, close.reason)


def test_records_and_a_prepared_population_agree():
    cohort = people(A_x=12, A_y=8, B_y=30)
    population = Population(cohort)
    for filters in ({}, {"org": "A"}, {"org": "B", "side": "y"}, {"org": "C"}, {"team": "Z"}):
        assert disclose_filtered_count(cohort, filters) == disclose_filtered_count(
            population, filters
        )
    assert "A" not in repr(population)


def test_breakdown_names_only_groups_the_counts_would_show():
    """C's 9 people are too few for a line; B joins them so "Other" reaches 10, which is
    safe because "Other" minus B's published figure still leaves at least 8 people."""
    cohort = people(A_x=15, A_y=15, B_x=12, B_y=12, C_x=5, C_y=4)
    table = disclose_breakdown(cohort, {}, "org", kind="organisation")
    assert [(r.label, r.cell.value) for r in table.rows] == [("A", 30), (OTHER, 35)]
    assert table.row(OTHER).members == ("B", "C")
    assert table.total.value == 65
    assert disclose_filtered_count(cohort, {"org": "A"}) == table.rows[0].cell


def test_breakdown_withheld_when_hidden_groups_hold_fewer_than_8():
    """Other = C + B would be shown, B is shown as a count, so Other - B = C's 7 people."""
    cohort = people(A_x=20, A_y=20, B_x=12, C_x=7)
    table = disclose_breakdown(cohort, {}, "org", kind="organisation")
    assert table.withheld
    assert "Breakdown by organisation not shown" in table.notes[0]


def test_breakdown_of_a_filtered_population_and_a_declared_empty_group():
    cohort = people(A_x=15, A_y=15, B_x=15, B_y=15)
    table = disclose_breakdown(cohort, {"side": "x"}, "org")
    assert [(r.label, r.cell.value) for r in table.rows] == [("A", 15), ("B", 15)]
    with_empty = disclose_breakdown(cohort, {"side": "x"}, "org", values=["A", "B", "C"])
    assert with_empty.withheld  # C has nobody on side x, and saying so is a disclosure


def test_breakdown_by_a_filtered_attribute_is_a_mistake():
    with pytest.raises(ValueError, match="org"):
        disclose_breakdown(people(A_x=20), {"org": "A"}, "org")


def test_filtered_percentage_is_a_line_over_its_breakdowns_total():
    poll = [{"org": "A", "answer": "yes"}] * 13 + [{"org": "A", "answer": "no"}] * 10
    poll += [{"org": "B", "answer": "yes"}] * 20 + [{"org": "B", "answer": "no"}] * 12
    assert disclose_filtered_percentage(poll, {}, "answer", "yes").value == 64  # 35 / 55
    assert disclose_filtered_percentage(poll, {"org": "A"}, "answer", "yes").display == "60%"


def test_filtered_percentage_withheld_when_either_side_is_small():
    poll = [{"answer": "yes"}] * 14 + [{"answer": "no"}] * 9
    cell = disclose_filtered_percentage(poll, {}, "answer", "yes")
    assert cell.suppressed and cell.display == "not shown"
    assert disclose_filtered_percentage(poll, {}, "answer", "maybe").suppressed
    with pytest.raises(ValueError, match="answer"):
        disclose_filtered_percentage(poll, {"answer": "yes"}, "answer", "yes")


def test_a_stricter_policy_shows_less():
    cohort = people(A_x=12, A_y=12, B_x=10, B_y=30)
    strict = DisclosurePolicy(min_group_size=13)
    assert disclose_filtered_count(cohort, {"org": "A", "side": "x"}).value == 10
    assert disclose_filtered_count(cohort, {"org": "A", "side": "x"}, strict).suppressed
