"""The disclosed layer: thresholds on both sides, headline wording, and no small numbers."""

from __future__ import annotations

import dataclasses
import re

import pytest

from mutuality.disclosure import DEFAULT_POLICY, Cell, DisclosurePolicy
from mutuality.impact import charts
from mutuality.impact.instrument import DEFAULT_INSTRUMENT, Question
from mutuality.impact.report import (
    STATIC_LABELS,
    Band,
    SessionCount,
    attendance,
    headline,
    meeting_rhythm,
    paired_result,
    summarise_item,
    wave_result,
)

NAVIGATING = DEFAULT_INSTRUMENT.question("navigating-organisation")
RECOMMEND = DEFAULT_INSTRUMENT.question("recommend")
APPLIED = DEFAULT_INSTRUMENT.question("applied-for-role")


def levels(*counts: int) -> list[int]:
    """Answers with ``counts[0]`` people at level 1, ``counts[1]`` at level 2, and so on."""
    return [level for level, count in enumerate(counts, start=1) for _ in range(count)]


def agreeing(agree: int, other: int) -> list[int]:
    return [4] * agree + [2] * other


class TestShareAgreeing:
    @pytest.mark.parametrize(
        ("agree", "other", "shown"),
        [
            (8, 8, "50%"),  # both sides exactly at the threshold: 10 / (10 + 10)
            (7, 9, None),  # seven agreeing: withheld
            (9, 7, None),  # seven not agreeing: withheld (but "all but fewer than 8")
            (16, 24, "38%"),  # rounded 15 / (15 + 25) = 37.5%, halves up
        ],
    )
    def test_both_sides_of_the_threshold(self, agree, other, shown):
        result = wave_result(NAVIGATING, "final", agreeing(agree, other))
        assert result.positive.display == (shown or "not shown")
        assert result.positive.suppressed is (shown is None)

    def test_almost_all_only_when_the_small_side_is_disagreeing(self):
        almost = wave_result(NAVIGATING, "final", agreeing(17, 3))
        assert almost.almost_all
        assert almost.summary == "all but fewer than 8 of about 20"
        few = wave_result(NAVIGATING, "final", agreeing(3, 17))
        assert not few.almost_all and few.few_positive
        # What a withheld count says anyway, and no more.
        assert few.summary == "fewer than 8 of about 20"

    def test_almost_all_needs_a_base_of_ten(self):
        # 8 of 9 agree: the base is under 10, so nothing is said about the share at all.
        result = wave_result(NAVIGATING, "final", agreeing(8, 1))
        assert not result.almost_all
        assert result.summary == "not shown"

    def test_skipped_answers_are_not_respondents(self):
        result = wave_result(NAVIGATING, "final", [*agreeing(8, 8), None, None])
        assert result.positive.display == "50%"

    def test_a_stricter_policy_is_followed(self):
        strict = DisclosurePolicy(min_count=10)
        assert wave_result(NAVIGATING, "final", agreeing(9, 20), strict).positive.suppressed
        assert not wave_result(NAVIGATING, "final", agreeing(10, 20), strict).positive.suppressed

    def test_answers_off_the_scale_are_refused(self):
        with pytest.raises(ValueError):
            wave_result(NAVIGATING, "final", [4, 7])
        with pytest.raises(ValueError):
            wave_result(RECOMMEND, "final", [True])


class TestAnswerGrouping:
    def labels(self, result):
        return [row.label for row in result.table.rows]

    def test_five_levels_when_each_has_ten(self):
        result = wave_result(NAVIGATING, "final", levels(10, 10, 10, 10, 10))
        assert self.labels(result) == [
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree",
        ]
        assert result.respondents.display == "50"

    def test_five_levels_from_eight_each(self):
        # Answers are counts, not groups of people to recognise: 8 giving an answer is enough.
        result = wave_result(NAVIGATING, "final", levels(8, 8, 8, 8, 8))
        assert len(self.labels(result)) == 5
        assert [row.cell.display for row in result.table.rows] == ["10"] * 5

    def test_three_groups_when_one_level_has_seven(self):
        # Strongly disagree 7 < 8, so levels merge by side: 17, 10, 20.
        result = wave_result(NAVIGATING, "final", levels(7, 10, 10, 10, 10))
        assert self.labels(result) == [
            "Disagree or strongly disagree",
            "Neither agree nor disagree",
            "Agree or strongly agree",
        ]
        assert [row.cell.display for row in result.table.rows] == ["15", "10", "20"]

    def test_two_groups_when_neutral_is_small(self):
        # Neutral 7 < 8: "did not agree" 5 + 5 + 7 = 17, agreeing 20.
        result = wave_result(NAVIGATING, "final", levels(5, 5, 7, 10, 10))
        assert self.labels(result) == ["Did not agree", "Agree or strongly agree"]

    def test_withheld_when_no_grouping_is_safe(self):
        result = wave_result(NAVIGATING, "final", levels(2, 2, 2, 10, 10))
        assert result.table.withheld
        assert result.table.rows == ()
        assert result.bands == ()
        assert result.respondents.display == "25"  # 26 people, rounded on their own

    def test_scale_and_yes_no_questions(self):
        scale = wave_result(RECOMMEND, "final", [3] * 10 + [7] * 10 + [10] * 12)
        assert [row.label for row in scale.table.rows] == ["0 to 6", "7 or 8", "9 or 10"]
        # Nine or ten: 12, rounded to 10; the other 20 stay 20: 10 / (10 + 20) = 33%.
        assert scale.positive.display == "33%"
        yes_no = wave_result(APPLIED, "final", [True] * 12 + [False] * 20)
        assert [row.label for row in yes_no.table.rows] == ["No", "Yes"]
        assert yes_no.positive.display == "33%"  # rounded 10 / (10 + 20)


class TestPairedChange:
    def answers(self, n: int):
        # Alternating 2 and 3 at baseline; a mix of no change, +1 and +2 at the end.
        before = {i: 2 + i % 2 for i in range(n)}
        after = {i: before[i] + (i % 3) for i in range(n)}
        return before, after

    def test_shown_at_ten_pairs(self):
        before, after = self.answers(10)
        result = paired_result(NAVIGATING, before, after)
        assert result.shown
        assert result.respondents.display == "10"
        assert result.effect_size is not None and result.ci_low is not None
        assert "95% confidence interval" in result.summary
        assert result.reason is None

    def test_withheld_at_nine_pairs(self):
        before, after = self.answers(9)
        result = paired_result(NAVIGATING, before, after)
        assert not result.shown
        assert result.respondents.suppressed
        assert result.mean_change is None and result.effect_size is None
        assert "fewer than 10" in result.reason

    def test_only_people_answering_both_count(self):
        before, after = self.answers(12)
        del after[0], after[1], after[2]  # nine pairs left
        assert not paired_result(NAVIGATING, before, after).shown

    def test_withheld_when_everybody_moved_together(self):
        before = dict.fromkeys(range(12), 2)
        after = dict.fromkeys(range(12), 3)
        result = paired_result(NAVIGATING, before, after)
        assert not result.shown
        assert "each person" in result.reason

    def test_withheld_when_a_mean_sits_at_the_end_of_the_scale(self):
        before = {i: 2 + i % 3 for i in range(12)}
        after = dict.fromkeys(range(12), 5)
        assert not paired_result(NAVIGATING, before, after).shown

    def test_not_for_yes_no(self):
        with pytest.raises(ValueError):
            paired_result(APPLIED, {1: True}, {1: False})


def example_item(final_agree: int, final_other: int, base_agree: int = 16, base_other: int = 24):
    """Baseline and final answers keyed by person, so the first people answer both."""
    baseline = {i: 4 if i < base_agree else 2 for i in range(base_agree + base_other)}
    final = {i: 4 if i < final_agree else 3 for i in range(final_agree + final_other)}
    return summarise_item(NAVIGATING, "aspiring", {"baseline": baseline, "final": final})


class TestHeadline:
    def test_shown(self):
        # Final: 32 agree, 8 do not: rounded 30 / (30 + 10) = 75%.
        # Baseline: 16 of 40: rounded 15 / (15 + 25) = 37.5%, shown as 38%.
        # 40 people answered both; changes 0, +2 and +1 vary, so the paired figure shows.
        result = headline(example_item(32, 8))
        assert result.kind == "shown"
        assert result.text == (
            "75% of aspiring leaders agreed they feel confident navigating how their "
            "organisation works, up from 38% at baseline (about 40 people answered both)."
        )

    def test_down_and_the_same(self):
        assert "down from 75% at baseline" in headline(example_item(16, 24, 32, 8)).text
        assert "the same as at baseline" in headline(example_item(16, 24, 16, 24)).text

    def test_almost_all_for_a_small_cohort_says_most(self):
        # 17 of 20 agree; 3 do not, fewer than 8, so the share is withheld. About 20 is under
        # five times the threshold of 8, so the sentence says "Most" rather than "Almost all".
        result = headline(example_item(17, 3, 10, 10))
        assert result.kind == "almost all"
        assert result.text == (
            "Most aspiring leaders agreed they feel confident navigating how their "
            "organisation works, compared with 50% at baseline (all but fewer than 8 of "
            "about 20)."
        )

    def test_almost_all_for_a_large_cohort(self):
        result = headline(example_item(40, 5))
        assert result.text.startswith("Almost all aspiring leaders agreed they feel confident")
        assert "(all but fewer than 8 of about 45)" in result.text

    def test_from_the_paired_change_when_few_agree(self):
        # 5 of 20 agree at final: the share is withheld, but 20 people answered both polls
        # and their answers moved differently, so the paired change can carry the headline.
        result = headline(example_item(5, 15))
        assert result.kind == "change"
        assert result.text.startswith(
            "Navigating the organisation (aspiring leaders): the average answer "
        )
        assert "out of 5 between the baseline and final polls" in result.text
        assert "about 20 people answered both" in result.text

    def test_withheld_plainly_when_few_agree_and_few_answered_both(self):
        final = {100 + i: 4 if i < 5 else 3 for i in range(20)}  # nobody answered both
        item = summarise_item(NAVIGATING, "aspiring", {"baseline": {1: 2}, "final": final})
        result = headline(item)
        assert result.kind == "withheld"
        assert result.text == (
            "Navigating the organisation (aspiring leaders): too few answers to show safely."
        )

    def test_baseline_with_few_agreeing_is_compared_as_fewer_than(self):
        # Baseline: 5 of 40 agreed (withheld, few agreeing); final 32 of 40: 75%.
        result = headline(example_item(32, 8, 5, 35))
        assert result.kind == "shown"
        assert "compared with fewer than 8 of about 40 at baseline" in result.text

    def test_baseline_too_small_to_compare(self):
        result = headline(example_item(32, 8, 5, 5))
        assert "too few answers at baseline to compare safely" in result.text
        assert result.text.startswith("75% of aspiring leaders")

    def test_yes_no_and_scale_wording(self):
        applied = summarise_item(APPLIED, "established", {"final": {i: i < 12 for i in range(32)}})
        assert headline(applied).text == (
            "33% of established leaders said they had applied for a new role or a promotion "
            "since the programme began (about 30 people answered)."
        )
        recommend = summarise_item(
            RECOMMEND, "participants", {"final": {i: 10 if i < 20 else 6 for i in range(30)}}
        )
        assert headline(recommend).text.startswith(
            "67% of participants said they were very likely to recommend the programme to a "
            "colleague (nine or ten out of ten)"
        )


class TestAttendanceAndRhythm:
    def test_attendance_rates_and_markers(self):
        rows = attendance(
            [
                SessionCount("Launch", True, 20, 40),
                SessionCount("Closing", True, 37, 40),
                SessionCount("Optional", False, 5, 40),
            ]
        )
        assert [row.summary for row in rows] == ["50%", "all but fewer than 8", "not shown"]
        assert rows[2].attended.display == "fewer than 8"
        assert rows[0].expected.display == "40"
        # All but fewer than 8 of "40": at least (40 - 7) / 40 = 82.5%, shown as 83%; the
        # floor comes from shown figures only, and only for the "all but" row.
        assert [row.at_least for row in rows] == [None, 83, None]

    def test_meeting_rhythm(self):
        # Meetings 30 + 3 + 28 = 61, shown as 60; 12 pairs shown as 10; 3 months:
        # 60 / 10 / 3 = 2.0 a pair each month, from the shown figures.
        rhythm = meeting_rhythm({(2026, 1): 30, (2026, 2): 3, (2026, 3): 28}, pairs=12)
        assert [row.meetings.display for row in rhythm.months] == ["30", "fewer than 8", "30"]
        assert [row.label for row in rhythm.months] == ["Jan 2026", "Feb 2026", "Mar 2026"]
        assert rhythm.per_pair_per_month == 2.0
        assert rhythm.summary.startswith("About 60 meetings were logged by about 10 pairs")

    def test_meeting_rhythm_of_a_tiny_cohort_is_withheld(self):
        rhythm = meeting_rhythm({(2026, 1): 12}, pairs=4)
        assert rhythm.per_pair_per_month is None
        assert rhythm.pairs.suppressed


# The no-small-number scan ------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\d.])\d+(?![\d.%])")
STATIC_TEXT = STATIC_LABELS | {
    text
    for question in DEFAULT_INSTRUMENT.questions
    for text in (question.text, question.headline, question.label, *question.options)
}


def walk(value, path="report", in_percent_cell=False):
    """Every (path, leaf) in a result, skipping static instrument text and calendar months."""
    if isinstance(value, Question | Band | DisclosurePolicy):
        return
    if isinstance(value, Cell):
        percent = value.display.endswith("%")
        for field in dataclasses.fields(value):
            yield from walk(getattr(value, field.name), f"{path}.{field.name}", percent)
        return
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.name == "month":
                continue
            if isinstance(value, charts.Chart) and field.name == "svg":
                continue  # coordinates, not figures; its text is checked in test_charts
            percent = field.name == "at_least"  # a percentage floor, not a count
            yield from walk(getattr(value, field.name), f"{path}.{field.name}", percent)
        return
    if isinstance(value, tuple | list):
        for i, member in enumerate(value):
            yield from walk(member, f"{path}[{i}]", in_percent_cell)
        return
    yield path, value, in_percent_cell


def offending(value, in_percent_cell):
    """Why a leaf could be a small or unrounded count, or None if it cannot."""
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return None  # flags, gaps, and statistics (means, intervals) of ten or more people
    if isinstance(value, int):
        if in_percent_cell:
            return None
        return None if value % 5 == 0 and value >= 10 else f"count {value}"
    if isinstance(value, str):
        if value in STATIC_TEXT:
            return None
        for match in NUMBER.finditer(value):
            number = int(match.group())
            if number >= 1900:  # a year in a month's label
                continue
            if number in (DEFAULT_POLICY.min_count, DEFAULT_POLICY.min_percentage_base):
                continue  # the thresholds, named in "fewer than 8" and in reasons
            if number % 5 or number == 0:
                return f"number {number} in {value!r}"
        return None
    raise AssertionError(f"unexpected leaf {value!r}")


def small_report():
    """A report over many small and awkward groups: every size from 1 to 25, both sides."""
    built = []
    for n in range(1, 26):
        for question in (NAVIGATING, RECOMMEND, APPLIED):
            scale = {NAVIGATING.key: [1, 2, 3, 4, 5], RECOMMEND.key: [0, 6, 7, 9, 10]}
            values = scale.get(question.key, [True, False, True])
            baseline = {i: values[i % len(values)] for i in range(n)}
            final = {i: values[(i * 3 + 1) % len(values)] for i in range(n + n % 4)}
            waves = {
                "baseline": baseline,
                "midpoint": dict(list(final.items())[:n]),
                "final": final,
            }
            item = summarise_item(question, "aspiring", waves)
            built += [item, headline(item)]
        mostly = summarise_item(
            NAVIGATING, "established", {"final": {i: 4 if i else 2 for i in range(n)}}
        )
        built += [mostly, headline(mostly)]
    sessions = [SessionCount(f"Session {chr(65 + k)}", k % 2 == 0, k * 3, 23) for k in range(8)]
    built.append(attendance(sessions))
    rhythm = meeting_rhythm({(2026, month): month * 3 - 2 for month in range(1, 13)}, pairs=13)
    built.append(rhythm)
    items = [item for item in built if hasattr(item, "waves")]
    built += [
        charts.likert_chart(items[:9], title="Answers"),
        charts.change_chart(items[:9], title="Before and after"),
        charts.attendance_chart(attendance(sessions), title="Attendance"),
        charts.rhythm_chart(rhythm, title="Meetings"),
    ]
    return built


def test_no_small_or_unrounded_number_reaches_any_field_or_string():
    leaves = list(walk(small_report()))
    assert len(leaves) > 1000  # the scan did look at something
    problems = [
        f"{path}: {why}"
        for path, value, percent in leaves
        if (why := offending(value, percent)) is not None
    ]
    assert problems == []


def test_the_scan_would_catch_a_raw_count():
    assert offending(7, False) == "count 7"
    assert offending(13, False) == "count 13"
    assert offending("about 13 people answered", False)
    assert offending("all but 3", False)
    assert offending(43, True) is None
    assert offending("43% agreed; fewer than 8 did not", False) is None
