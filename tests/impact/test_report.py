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
    guard_combined,
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


class TestSurveyRule:
    @pytest.mark.parametrize(
        ("agree", "other", "shown"),
        [
            (10, 0, None),  # ten answered: below the survey rule, whatever they said
            (11, 0, "100%"),  # eleven answered, all agreed: shown, as the Staff Survey does
            (16, 1, "90%"),  # 94% of a base shown as 15: to the nearest 10 points
            (10, 8, "60%"),  # 56% of a base shown as 20: to the nearest 10 points
            (31, 4, "90%"),  # 89% of a base shown as 35: to the nearest 5 points
            (100, 10, "91%"),  # a base of 100 or more: whole percentages
        ],
    )
    def test_eleven_answering_and_the_step(self, agree, other, shown):
        result = wave_result(NAVIGATING, "final", agreeing(agree, other))
        assert result.positive.display == (shown or "fewer than 11 answered")
        assert result.positive.suppressed is (shown is None)
        assert result.withheld is (shown is None)

    def test_nothing_else_is_shown_below_the_rule(self):
        result = wave_result(NAVIGATING, "final", levels(2, 2, 2, 2, 2))
        assert result.respondents.display == "fewer than 11 answered"
        assert all(cell.value is None for cell in result.shares)

    def test_the_positive_share_is_the_agree_band(self):
        result = wave_result(NAVIGATING, "final", levels(1, 3, 4, 6, 4))
        assert [band.label for band in result.bands] == [
            "Disagree or strongly disagree",
            "Neither agree nor disagree",
            "Agree or strongly agree",
        ]
        assert result.positive is result.shares[-1]
        assert result.share("Agree or strongly agree") == result.positive

    def test_skipped_answers_are_not_respondents(self):
        result = wave_result(NAVIGATING, "final", agreeing(6, 4) + [None] * 5)
        assert result.withheld

    def test_a_stricter_policy_is_followed(self):
        strict = DisclosurePolicy(min_respondents=20)
        assert wave_result(NAVIGATING, "final", agreeing(12, 6), strict).withheld
        assert not wave_result(NAVIGATING, "final", agreeing(12, 6)).withheld

    def test_answers_off_the_scale_are_refused(self):
        with pytest.raises(ValueError, match="not an answer"):
            wave_result(NAVIGATING, "final", [6])
        with pytest.raises(ValueError, match="not a point"):
            wave_result(NAVIGATING, "final", [True])

    def test_scale_and_yes_no_questions(self):
        scale = wave_result(RECOMMEND, "final", [10] * 9 + [8] * 4 + [3] * 2)
        assert [b.label for b in scale.bands] == ["0 to 6", "7 or 8", "9 or 10"]
        assert scale.positive.display == "60%"
        yes = wave_result(APPLIED, "final", [True] * 5 + [False] * 10)
        assert yes.positive.display == "30%"


class TestPairedChange:
    def answers(self, n: int):
        before = {i: 2 + i % 2 for i in range(n)}
        after = {i: 3 + (i % 3 == 0) for i in range(n)}
        return before, after

    def test_shown_at_eleven_pairs_in_words_first(self):
        result = paired_result(NAVIGATING, *self.answers(11))
        assert result.shown
        assert result.respondents.display == "15"
        assert result.summary == (
            "Navigating the organisation: scores rose for most people who answered both polls."
        )
        assert "95% confidence interval" in result.detail
        assert result.size == "large"
        assert "p below" in result.evidence
        # Rounded: no exact p-value, and the effect size in words only.
        assert "p = " not in result.detail and "d_z" not in result.detail

    def test_withheld_at_ten_pairs(self):
        result = paired_result(NAVIGATING, *self.answers(10))
        assert not result.shown
        assert result.mean_change is None and result.size == ""
        assert "at least 11 people" in result.reason

    def test_only_people_answering_both_count(self):
        before, after = self.answers(14)
        after = {k: v for k, v in after.items() if k < 10}
        assert not paired_result(NAVIGATING, before, after).shown

    def test_withheld_when_everybody_moved_together(self):
        before = {i: 2 + i % 2 for i in range(20)}
        after = {i: answer + 1 for i, answer in before.items()}
        result = paired_result(NAVIGATING, before, after)
        assert not result.shown and "moved together" in result.reason

    def test_withheld_when_a_mean_sits_at_the_end_of_the_scale(self):
        before = {i: 2 + i % 2 for i in range(20)}
        assert not paired_result(NAVIGATING, before, dict.fromkeys(range(20), 5)).shown

    def test_not_for_yes_no(self):
        with pytest.raises(ValueError, match="only scale"):
            paired_result(APPLIED, {1: True}, {1: False})


def example_item(final_agree: int, final_other: int, base_agree: int = 4, base_other: int = 13):
    return summarise_item(
        NAVIGATING,
        "aspiring",
        {
            "baseline": dict(enumerate(agreeing(base_agree, base_other))),
            "final": dict(enumerate(agreeing(final_agree, final_other))),
        },
    )


class TestHeadline:
    def test_shown_per_side_in_the_programmes_words(self):
        line = headline(example_item(16, 1))
        assert line.kind == "shown"
        assert line.text == (
            "90% of aspiring leaders agreed they feel confident navigating how their "
            "organisation works, up from 20% at baseline (about 15 answered)."
        )
        assert line.level == "learning"

    def test_down_and_the_same(self):
        assert "down from 50%" in headline(example_item(4, 13, 9, 8)).text
        assert "the same as at baseline" in headline(example_item(9, 8, 9, 8)).text

    def test_from_the_paired_change_when_the_share_is_withheld(self):
        before = {i: 2 + i % 2 for i in range(12)}
        after = {i: 4 + (i % 3 == 0) for i in range(12)}
        after.update(dict.fromkeys(range(12, 12)))
        item = summarise_item(NAVIGATING, "aspiring", {"baseline": before, "final": after})
        assert headline(item).kind == "shown"  # twelve answered: the share itself
        small = summarise_item(
            NAVIGATING,
            "aspiring",
            {"baseline": before, "final": {**after, **dict.fromkeys(range(2), None)}},
        )
        assert headline(small).kind == "withheld"  # ten answered the final poll

    def test_withheld_plainly(self):
        line = headline(example_item(5, 4))
        assert line.kind == "withheld"
        assert line.text == (
            "Navigating the organisation (aspiring leaders): fewer than 11 answered, so no "
            "result is shown."
        )

    def test_yes_no_and_scale_wording(self):
        scale = summarise_item(
            RECOMMEND, "established", {"final": dict(enumerate([10] * 9 + [7] * 6))}
        )
        assert headline(scale).text.startswith(
            "60% of established leaders said they were very likely to recommend the programme"
        )
        assert "(nine or ten out of ten)" in headline(scale).text


class TestAttendanceAndRhythm:
    def test_attendance_is_drawn_at_its_share_never_a_bound(self):
        rows = attendance(
            [
                SessionCount("Launch", True, 17, 17),
                SessionCount("Learning set", False, 33, 34),
                SessionCount("Small group", False, 5, 9),
            ]
        )
        assert [row.summary for row in rows] == ["100%", "95%", "fewer than 11 expected"]
        assert [row.rate.value for row in rows] == [100, 95, None]
        assert rows[1].expected.display == "35"

    def test_meeting_rhythm(self):
        # Meetings 30 + 3 + 28 = 61, shown as 60; 12 pairs shown as 10; 3 months:
        # 60 / 10 / 3 = 2.0 a pair each month, from the shown figures.
        rhythm = meeting_rhythm({(2026, 1): 30, (2026, 2): 3, (2026, 3): 28}, pairs=12)
        assert [row.meetings.display for row in rhythm.months] == ["30", "not shown", "30"]
        assert [row.label for row in rhythm.months] == ["Jan 2026", "Feb 2026", "Mar 2026"]
        assert rhythm.per_pair_per_month == 2.0
        assert rhythm.summary.startswith("About 60 meetings were logged by about 10 pairs")

    def test_meeting_rhythm_of_a_tiny_cohort_is_withheld(self):
        rhythm = meeting_rhythm({(2026, 1): 12}, pairs=4, monthly_pairs=3)
        assert rhythm.per_pair_per_month is None
        assert rhythm.pairs.suppressed
        assert rhythm.monthly.suppressed
        assert rhythm.monthly_summary.startswith("Fewer than 11 pairs")

    def test_pairs_meeting_monthly_are_a_share_of_pairs_not_two_counts(self):
        # 12 of 17 pairs is 71%; 17 pairs is shown as "about 15", which could be 13 to 17, so
        # the share goes to the nearest 10 points and neither exact count is printed.
        rhythm = meeting_rhythm({(2026, 1): 40}, pairs=17, monthly_pairs=12)
        assert rhythm.monthly.display == "70%"
        assert rhythm.monthly_summary == (
            "7 in 10 pairs met at least once a month on average (70% of about 15 pairs)."
        )
        assert "12" not in rhythm.monthly_summary and "17" not in rhythm.monthly_summary

    def test_pairs_meeting_monthly_cannot_exceed_the_pairs(self):
        with pytest.raises(ValueError, match="between 0 and the number of pairs"):
            meeting_rhythm({}, pairs=11, monthly_pairs=12)


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
            percent = False
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
            if number in (
                DEFAULT_POLICY.min_count,
                DEFAULT_POLICY.min_percentage_base,
                DEFAULT_POLICY.min_respondents,
            ):
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


class TestBothSidesTogether:
    """Both sides together never give away a side that is withheld on its own."""

    @staticmethod
    def answers(n: int, offset: int = 0) -> dict[int, int]:
        return {offset + i: 4 if i % 3 else 2 for i in range(n)}

    def item(self, side: str, by_wave: dict[str, dict[int, int]]):
        return summarise_item(NAVIGATING, side, by_wave)

    def test_one_side_shown_and_one_withheld_withholds_the_total(self):
        shown = {"baseline": self.answers(15), "final": self.answers(15)}
        small = {"baseline": self.answers(9, 100), "final": self.answers(9, 100)}
        both = {wave: {**shown[wave], **small[wave]} for wave in shown}
        parts = [self.item("aspiring", shown), self.item("established", small)]
        combined = self.item("participants", both)
        assert not combined.wave("final").withheld  # 24 answered: shown on its own
        guarded = guard_combined(combined, parts)
        final = guarded.wave("final")
        assert final.withheld and final.positive.value is None
        assert final.respondents.reason.startswith("Not shown: one side's result is shown")
        assert guarded.paired is not None and not guarded.paired.shown
        line = headline(guarded)
        assert line.kind == "withheld"
        assert "one side's result is shown on its own" in line.text

    @pytest.mark.parametrize(("first", "second"), ((15, 15), (9, 8)))
    def test_both_shown_or_both_withheld_leaves_the_total_alone(self, first, second):
        a = {"final": self.answers(first)}
        b = {"final": self.answers(second, 100)}
        combined = self.item("participants", {"final": {**a["final"], **b["final"]}})
        guarded = guard_combined(combined, [self.item("aspiring", a), self.item("established", b)])
        assert guarded == combined
        assert not guarded.wave("final").withheld  # 30 or 17 answered together
