"""Which charts a cohort report draws, from its already-disclosed figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mutuality.impact import charts

if TYPE_CHECKING:
    from .build import CohortReport


def charts_for(report: CohortReport) -> dict[str, object]:
    """One chart per question (every group that was asked it, at the first and last polls
    compared), one chart of positive answers at the start and the end per group, and the
    attendance and meeting-rhythm charts. Every bar is a share the text prints; a withheld
    result is written where its bar would be."""
    drawn: dict[str, object] = {}
    waves = [w for w in (report.before, report.after) if w]
    for key, label, items in report.questions:
        # A chart of nothing but "fewer than 11 answered" helps nobody; the text says so.
        if any(
            not w.withheld for item in items for w in item.waves if w.wave in waves or not waves
        ):
            drawn[f"question-{key}"] = charts.likert_chart(
                items, title=f"How people answered: {label}", waves=waves or None
            )
    for side in report.sides:
        if report.before and report.after:
            # Only questions asked at both: one not asked at the start has nothing to compare.
            scored = [
                item
                for item in side.items
                if all(item.wave(key) is not None for key in (report.before, report.after))
                and any(
                    not item.wave(key).positive.suppressed for key in (report.before, report.after)
                )
            ]
            if scored:
                drawn[f"change-{side.side}"] = charts.change_chart(
                    scored,
                    title=f"{side.label.capitalize()}: positive answers, at the start and the end",
                    before=report.before,
                    after=report.after,
                )
    # As for the rhythm: with every session withheld the chart would be labels and no bars.
    if any(row.rate.value is not None for row in report.attendance):
        drawn["attendance"] = charts.attendance_chart(
            report.attendance, title="Attendance at each session"
        )
    # Every month withheld would draw an empty axis; the page says why in words instead.
    if any(month.meetings.value is not None for month in report.rhythm.months):
        drawn["rhythm"] = charts.rhythm_chart(report.rhythm, title="Meetings logged each month")
    return drawn
