"""Charts: valid, labelled, scalable SVG holding every table value, the same bytes each time."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import matplotlib
import pytest

from mutuality.impact.charts import (
    FONT_STACK,
    attendance_chart,
    change_chart,
    likert_chart,
    rhythm_chart,
)
from mutuality.impact.instrument import DEFAULT_INSTRUMENT
from mutuality.impact.report import SessionCount, attendance, meeting_rhythm, summarise_item

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def item(key: str, shift: int):
    question = DEFAULT_INSTRUMENT.question(key)
    baseline = {i: 1 + (i * 7 + shift) % 5 for i in range(60)}
    final = {i: min(5, answer + i % 2) for i, answer in baseline.items()}
    small = dict.fromkeys(range(5), 4)  # a wave too small to show
    return summarise_item(
        question, "aspiring", {"baseline": baseline, "midpoint": small, "final": final}
    )


ITEMS = [item("navigating-organisation", 0), item("trust-senior-leaders", 2)]
SESSIONS = attendance(
    [
        SessionCount("Launch", True, 40, 44),
        SessionCount("Power and privilege", True, 30, 44),
        SessionCount("Learning set", False, 3, 44),
    ]
)
RHYTHM = meeting_rhythm({(2025, 11): 30, (2025, 12): 4, (2026, 1): 26}, pairs=22)


def all_charts():
    return [
        likert_chart(ITEMS, title="How answers changed"),
        change_chart(ITEMS, title="Agreeing before and after"),
        attendance_chart(SESSIONS, title="Attendance at sessions"),
        rhythm_chart(RHYTHM, title="Meetings each month"),
    ]


@pytest.fixture(scope="module")
def charts():
    return all_charts()


def test_valid_labelled_scalable_svg(charts):
    for chart in charts:
        root = parse(chart.svg)
        assert root.tag == f"{SVG}svg"
        assert "width" not in root.attrib and "height" not in root.attrib
        assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.attrib["viewBox"])
        assert root.attrib["role"] == "img"
        title = root.find(f"{SVG}title")
        assert title is not None and title.text == chart.title
        assert root.attrib["aria-labelledby"].split()[0] == title.attrib["id"]
        assert FONT_STACK in chart.svg
        assert "<metadata" not in chart.svg and "<?xml" not in chart.svg
        assert chart.alt and len(re.findall(r"[.!?](\s|$)", chart.alt)) >= 1


def test_every_table_value_is_in_the_svg(charts):
    for chart in charts:
        text = "".join(parse(chart.svg).itertext())
        assert chart.rows
        for row in chart.rows:
            assert len(row) == len(chart.headers)
            for value in row:
                assert value in text, (chart.title, value)


def test_withheld_figures_are_gaps_with_their_markers(charts):
    likert, change, sessions, rhythm = charts
    drawn = "".join(parse(likert.svg).itertext())
    assert "Too few answers to show safely" in drawn
    assert any("not shown" in row for row in likert.rows)
    assert ("Learning set", "No", "45", "fewer than 8", "not shown") in sessions.rows
    assert ("Dec 2025", "fewer than 8") in rhythm.rows
    bars = parse(rhythm.svg).findall(f".//{SVG}g[@id]")
    assert not [bar for bar in bars if bar.attrib["id"].startswith("patch")]


def test_visible_labels_carry_the_percentages(charts):
    likert = charts[0]
    visible = " ".join(element.text or "" for element in parse(likert.svg).iter(f"{SVG}text"))
    final = ITEMS[0].wave("final")
    shares = {row.label: row for row in final.table.rows}
    assert shares  # the final wave is shown
    assert re.search(r"\b\d+%", visible)
    assert "Strongly agree" in visible or "Agree or strongly agree" in visible


def test_the_same_figures_give_the_same_bytes(charts):
    again = all_charts()
    assert [chart.svg for chart in again] == [chart.svg for chart in charts]
    assert again == charts


def test_charts_on_one_page_do_not_share_ids(charts):
    ids = [
        element.attrib["id"]
        for chart in charts
        for element in parse(chart.svg).iter()
        if "id" in element.attrib
    ]
    assert len(ids) == len(set(ids))


def test_matplotlib_settings_are_restored():
    before = dict(matplotlib.rcParams)
    likert_chart(ITEMS[:1], title="One")
    assert dict(matplotlib.rcParams) == before


def test_required_sessions_are_marked_in_words(charts):
    sessions = charts[2]
    visible = "".join(parse(sessions.svg).itertext())
    assert "Launch (required)" in visible
    assert "Learning set (required)" not in visible
