"""Which charts a cohort report draws, from its already-disclosed figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mutuality.impact import charts
from mutuality.impact.instrument import LIKERT5

if TYPE_CHECKING:
    from .build import CohortReport


def charts_for(report: CohortReport) -> dict[str, object]:
    drawn: dict[str, object] = {}
    waves = [w for w in (report.before, report.after) if w]
    for side in report.sides:
        # A chart of nothing but "fewer than 11 answered" helps nobody; the text says so.
        likert = [
            item
            for item in side.items
            if item.question.kind == LIKERT5
            and any(not w.withheld for w in item.waves if w.wave in waves or not waves)
        ]
        if likert:
            drawn[f"likert-{side.side}"] = charts.likert_chart(
                likert,
                title=f"How {side.label} answered",
                waves=waves or None,
            )
        if report.before and report.after:
            scored = [
                item
                for item in side.items
                if any(
                    (w := item.wave(key)) is not None and not w.positive.suppressed
                    for key in (report.before, report.after)
                )
            ]
            if scored:
                drawn[f"change-{side.side}"] = charts.change_chart(
                    scored,
                    title=f"{side.label.capitalize()}: positive answers, at the start and the end",
                    before=report.before,
                    after=report.after,
                )
    if report.attendance:
        drawn["attendance"] = charts.attendance_chart(
            report.attendance, title="Attendance at each session"
        )
    if report.rhythm.months:
        drawn["rhythm"] = charts.rhythm_chart(report.rhythm, title="Meetings logged each month")
    return drawn
