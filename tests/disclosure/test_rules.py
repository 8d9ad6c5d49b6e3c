"""Boundaries on both sides of every threshold, and a policy that only tightens."""

from __future__ import annotations

import pytest

from mutuality.disclosure import (
    DEFAULT_POLICY,
    OTHER,
    DisclosurePolicy,
    disclose_count,
    disclose_percentage,
    disclose_table,
    round_half_up,
)


class TestPolicy:
    def test_defaults_follow_the_design(self):
        assert DisclosurePolicy(8, 5, 10, 10) == DEFAULT_POLICY

    @pytest.mark.parametrize(
        ("field", "value"),
        [("min_count", 7), ("rounding_base", 4), ("min_percentage_base", 9), ("min_group_size", 9)],
    )
    def test_looser_than_the_defaults_is_refused_naming_the_field(self, field, value):
        with pytest.raises(ValueError, match=field):
            DisclosurePolicy(**{field: value})

    def test_stricter_is_accepted(self):
        policy = DisclosurePolicy(min_count=10, rounding_base=10, min_group_size=20)
        assert policy.at_least_as_strict_as(DEFAULT_POLICY)
        assert not DEFAULT_POLICY.at_least_as_strict_as(policy)

    def test_rounding_base_must_be_a_multiple_of_5(self):
        with pytest.raises(ValueError, match="rounding_base"):
            DisclosurePolicy(rounding_base=6)

    def test_stricter_refuses_to_relax_a_strict_policy(self):
        strict = DEFAULT_POLICY.stricter(min_group_size=20)
        assert strict.stricter(min_count=9).min_group_size == 20
        with pytest.raises(ValueError, match="min_group_size"):
            strict.stricter(min_group_size=15)
        with pytest.raises(ValueError, match="colour"):
            strict.stricter(colour=3)

    @pytest.mark.parametrize("value", [8.5, True, "8"])
    def test_only_whole_numbers(self, value):
        with pytest.raises(ValueError, match="min_count"):
            DisclosurePolicy(min_count=value)


class TestCounts:
    @pytest.mark.parametrize("n", [0, 1, 7])
    def test_0_to_7_are_never_shown(self, n):
        cell = disclose_count(n)
        assert (cell.value, cell.display, cell.suppressed) == (None, "not shown", True)
        assert cell.reason

    @pytest.mark.parametrize(("n", "shown"), [(8, 10), (12, 10), (13, 15), (17, 15), (18, 20)])
    def test_8_and_up_are_rounded_to_the_nearest_5(self, n, shown):
        cell = disclose_count(n)
        assert (cell.value, cell.display, cell.suppressed, cell.reason) == (
            shown,
            str(shown),
            False,
            None,
        )

    def test_halves_go_up(self):
        assert [round_half_up(n, 10) for n in (24, 25, 35, 45)] == [20, 30, 40, 50]
        assert disclose_count(25, DisclosurePolicy(rounding_base=10)).value == 30

    def test_a_shown_count_never_rounds_to_zero(self):
        assert disclose_count(8, DisclosurePolicy(rounding_base=20)).value == 20

    def test_a_stricter_floor(self):
        policy = DisclosurePolicy(min_count=11)
        withheld = disclose_count(10, policy)
        assert withheld.display == "not shown" and "fewer than 11 people" in withheld.reason
        assert disclose_count(11, policy).value == 15  # never shows "10" under a floor of 11

    def test_negative_counts_are_a_bug(self):
        with pytest.raises(ValueError):
            disclose_count(-1)


class TestPercentages:
    def test_the_complement_rule_stops_93_percent_of_15(self):
        """14 of 15 would tell everyone that exactly one person said no."""
        assert disclose_percentage(14, 15).suppressed

    @pytest.mark.parametrize(("part", "base"), [(0, 40), (7, 40), (33, 40), (40, 40), (8, 15)])
    def test_either_side_under_8_is_withheld(self, part, base):
        cell = disclose_percentage(part, base)
        assert (cell.value, cell.display, cell.suppressed) == (None, "not shown", True)

    def test_8_on_each_side_is_shown_from_rounded_figures(self):
        assert disclose_percentage(8, 16).display == "50%"
        assert disclose_percentage(13, 22).value == 60  # 15 / (15 + 10)
        assert disclose_percentage(32, 40).value == 75  # 30 / (30 + 10): the price of safety

    def test_base_9_or_10_at_a_raised_base(self):
        """At the defaults the complement rule already needs 16; a raised base is enforced."""
        policy = DisclosurePolicy(min_percentage_base=20)
        assert disclose_percentage(10, 19, policy).suppressed
        assert disclose_percentage(10, 20, policy).value == 50

    def test_base_9_and_10_at_the_defaults(self):
        assert disclose_percentage(5, 9).suppressed
        assert disclose_percentage(5, 10).suppressed  # 5 and 5 are both small

    def test_impossible_shares_are_a_bug(self):
        with pytest.raises(ValueError):
            disclose_percentage(5, 4)


class TestTables:
    def test_groups_of_10_are_named(self):
        table = disclose_table({"A": 10, "B": 10})
        assert [(r.label, r.cell.value) for r in table.rows] == [("A", 10), ("B", 10)]
        assert table.total.value == 20 and table.notes == ()

    def test_groups_of_9_are_combined(self):
        table = disclose_table({"A": 30, "B": 9, "C": 9, "D": 20})
        assert [(r.label, r.cell.value, r.members) for r in table.rows] == [
            ("A", 30, ("A",)),
            ("D", 20, ("D",)),
            (OTHER, 20, ("B", "C")),
        ]
        assert table.notes and "smaller than 10" in table.notes[0]

    def test_a_single_small_group_takes_the_smallest_named_one_with_it(self):
        """Complementary suppression: "Other" of 3 alone would be shown as "fewer than 10"
        next to a total, so the smallest other group joins it."""
        table = disclose_table({"A": 40, "B": 3, "C": 12, "D": 30})
        assert [(r.label, r.cell.value) for r in table.rows] == [
            ("A", 40),
            ("D", 30),
            (OTHER, 15),
        ]
        assert table.row(OTHER).members == ("B", "C")

    def test_total_is_the_sum_of_the_rounded_cells(self):
        table = disclose_table({"A": 12, "B": 12, "C": 12})
        assert [r.cell.value for r in table.rows] == [10, 10, 10]
        assert table.total.value == 30  # not 35, the raw 36 rounded

    def test_withheld_when_nothing_can_be_combined(self):
        table = disclose_table({"Asian": 4, "Black": 3, "White": 30})
        assert table.withheld and table.rows == () and table.total.suppressed
        assert table.notes == (
            "Breakdown by protected characteristic not shown: fewer than 10 people in Asian, "
            "Black, even when combined with other groups.",
        )

    def test_a_group_that_is_nearly_everybody_is_withheld(self):
        table = disclose_table({"yes": 50, "no": 0}, kind="disability")
        assert table.withheld
        assert table.notes[0].startswith("Breakdown by disability not shown")

    def test_an_empty_group_is_small_too(self):
        """Leaving out "Black: 0" would say that nobody here is Black."""
        table = disclose_table({"A": 20, "B": 20, "C": 0})
        assert table.row(OTHER).members == ("A", "C")

    def test_a_real_group_called_other(self):
        table = disclose_table({OTHER: 20, "A": 20, "B": 3, "C": 12})
        assert table.row(f"{OTHER} (combined)").members == ("B", "C")

    def test_stricter_group_size(self):
        policy = DisclosurePolicy(min_group_size=15)
        table = disclose_table({"A": 14, "B": 14, "C": 30}, policy)
        assert [(r.label, r.cell.value) for r in table.rows] == [("C", 30), (OTHER, 30)]
