"""The report's aggregates as rows for a spreadsheet: one row per shown figure, with its
section, measure, group and wave, and the figure exactly as the page shows it (withheld ones
as their marker). Cells are neutralised against formula injection by the writers."""

from collections.abc import Iterator

from .build import CohortReport

HEADINGS = ["Section", "Measure", "Group", "Poll", "Figure"]


def rows(report: CohortReport) -> Iterator[list[str]]:
    yield ["Who took part", "People who took part", "Everyone", "", report.taking_part.display]
    yield ["Who took part", "People who left early", "Everyone", "", report.left.display]
    for title, table in report.who:
        for row in table.rows:
            yield ["Who took part", f"People by {title.lower()}", row.label, "", row.cell.display]
    yield ["Retention", "Pairs", "Everyone", "", report.retention_total.display]
    yield ["Retention", "Pairs that finished and completed", "Everyone", "",
           report.completed.display]  # fmt: skip
    for row in report.retention.rows:
        yield ["Retention", "Pairs", row.label, "", row.cell.display]
    for row in report.end_reasons.rows:
        yield ["Retention", "Pairs that ended early, by reason", row.label, "", row.cell.display]
    for month in report.rhythm.months:
        yield ["Meeting rhythm", "Meetings logged", month.label, "", month.meetings.display]
    yield ["Meeting rhythm", "Pairs meeting at least once a month on average", "Everyone", "",
           report.rhythm.monthly.display]  # fmt: skip
    for session in report.attendance:
        yield ["Sessions", "Attendance", session.title, "", session.summary]
    for side in report.sides:
        for item in side.items:
            measure = item.question.label
            for wave in item.waves:
                yield ["Polls", f"{measure}: people answering", side.label, wave.label,
                       wave.respondents.display]  # fmt: skip
                for band, cell in zip(wave.bands, wave.shares, strict=True):
                    yield ["Polls", f"{measure}: {band.label}", side.label, wave.label,
                           cell.display]  # fmt: skip
            if item.paired is not None and item.paired.shown:
                yield ["Polls", f"{measure}: change", side.label, "", item.paired.summary]
                yield ["Polls", f"{measure}: change in detail", side.label, "",
                       item.paired.detail]  # fmt: skip
    for choice in report.choices:
        for option, cell in choice.options:
            yield ["Polls", f"{choice.question.text}: {option}", "participants", choice.wave,
                   cell.display]  # fmt: skip
    yield ["Career moves", "People with any career move", "Everyone", "",
           report.outcomes_people.display]  # fmt: skip
    for row in report.outcomes.rows:
        yield ["Career moves", "People", row.label, "", row.cell.display]
