"""Charts: valid, labelled, scalable SVG holding every table value, the same bytes each time."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import matplotlib
import pytest

from mutuality.impact.charts import (
    FONT_STACK,
    INKS,
    NHS_BLUE,
    OPTIONAL_INK,
    PALETTE,
    REQUIRED_INK,
    SEGMENT_LABEL_MIN,
    WHITE,
    WIDTH_INCHES,
    WITHHELD_TEXT,
    attendance_chart,
    change_chart,
    contrast,
    likert_chart,
    rhythm_chart,
)
from mutuality.impact.instrument import DEFAULT_INSTRUMENT
from mutuality.impact.report import (
    NEGATIVE,
    POSITIVE,
    SessionCount,
    attendance,
    meeting_rhythm,
    summarise_item,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def item(key: str, shift: int):
    question = DEFAULT_INSTRUMENT.question(key)
    baseline = {i: 1 + (i * 7 + shift) % 5 for i in range(60)}
    final = {i: min(5, answer + i % 2) for i, answer in baseline.items()}
    small = dict.fromkeys(range(10), 4)  # a wave too small to show
    return summarise_item(
        question, "aspiring", {"baseline": baseline, "midpoint": small, "final": final}
    )


ITEMS = [item("navigating-organisation", 0), item("trust-senior-leaders", 2)]
SESSIONS = attendance(
    [
        SessionCount("Launch", True, 40, 44),
        SessionCount("Power and privilege", True, 30, 44),
        SessionCount("Small group", False, 3, 9),
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


def test_withheld_figures_are_written_in_with_their_reason(charts):
    likert, change, sessions, rhythm = charts
    drawn = "".join(parse(likert.svg).itertext())
    assert "Not shown: fewer than 11 answered" in drawn
    assert any("fewer than 11 answered" in row for row in likert.rows)
    assert ("Small group", "No", "fewer than 11 expected", "fewer than 11 expected") in (
        sessions.rows
    )
    assert "Not shown: fewer than 11 expected" in "".join(parse(sessions.svg).itertext())
    assert ("Dec 2025", "not shown") in rhythm.rows


def test_segments_print_the_same_shares_as_the_text(charts):
    likert = charts[0]
    visible = [element.text or "" for element in parse(likert.svg).iter(f"{SVG}text")]
    final = ITEMS[0].wave("final")
    shown = [c.display for c in final.shares if c.value and c.value >= SEGMENT_LABEL_MIN]
    assert shown
    for display in shown:
        assert display in visible
    row = next(r for r in likert.rows if r[1] == "Final" and r[0] == ITEMS[0].question.label)
    assert row[-1] == final.positive.display  # the agreeing column is the headline's share


def test_attendance_bars_are_the_share_attending_not_a_bound(charts):
    sessions = charts[2]
    assert [row[-1] for row in sessions.rows] == [row.summary for row in SESSIONS]
    assert [row.summary for row in SESSIONS] == ["90%", "70%", "fewer than 11 expected"]
    visible = [element.text or "" for element in parse(sessions.svg).iter(f"{SVG}text")]
    assert "90%" in visible and "70%" in visible


def test_palette_contrast():
    for ink in PALETTE:
        assert contrast(ink.fill, WHITE) >= 3, ink  # shapes against the page
        assert contrast(ink.text, ink.fill) >= 4.5, ink  # labels on their shape
    assert contrast(WITHHELD_TEXT, WHITE) >= 4.5
    # The sums are right: black on white is 21:1, a colour on itself 1:1.
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast(NHS_BLUE, NHS_BLUE) == 1


def test_colour_is_not_the_only_cue():
    assert INKS[NEGATIVE].hatch and not INKS[POSITIVE].hatch
    assert REQUIRED_INK.hatch and not OPTIONAL_INK.hatch


def test_text_is_large_enough_on_a_phone(charts):
    # The SVG's units are points (72 to the inch), so a 343 pixel phone column shows the
    # chart at 343 / (4.8 x 72) of its size: 11 point text stays about 11 pixels high.
    for chart in charts:
        sizes = [float(size) for size in re.findall(r"font-size: ?([\d.]+)px", chart.svg)]
        assert sizes and min(sizes) * 343 / (WIDTH_INCHES * 72) >= 10.5, chart.title


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


def test_a_narrow_segment_carries_no_label_so_neighbours_never_touch():
    """60 answers: 20% disagree, 30% neither, 50% agree. The 20% segment is too narrow for
    its label beside the 30% one's; its share is in the data table instead."""
    question = DEFAULT_INSTRUMENT.question("navigating-organisation")
    answers = {i: 1 if i < 12 else 3 if i < 30 else 5 for i in range(60)}
    chart = likert_chart([summarise_item(question, "aspiring", {"final": answers})], title="T")
    visible = [element.text or "" for element in parse(chart.svg).iter(f"{SVG}text")]
    assert "30%" in visible and "50%" in visible
    assert "20%" not in visible
    assert any("20%" in cell for row in chart.rows for cell in row)
    assert SEGMENT_LABEL_MIN > 20
