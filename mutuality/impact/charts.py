"""Charts for the evaluation report, as SVG for the web page and the WeasyPrint PDF.

Charts take disclosed figures only (the results of :mod:`mutuality.impact.report`), so a
chart can never show more than its table: a withheld figure is drawn as a gap with its
marker written in, and percentages are worked out from rounded counts. Each chart comes with
a short text alternative and its data table, which the page shows beside it for people who
cannot see the picture or want the numbers.

Drawing choices:

* ``matplotlib.figure.Figure`` is used directly, never ``pyplot``, each on its own Agg canvas
  (attached per figure rather than by switching the process's backend), so no global figure
  state survives a call and nothing needs closing; style settings are applied through
  ``matplotlib.rc_context`` and so are restored afterwards (this briefly changes matplotlib's
  global settings, so draw charts from one thread at a time);
* text stays text (``svg.fonttype = "none"``), set in the NHS font stack with fallbacks, so it
  is sharp in print, searchable and read by screen readers. Layout is measured with DejaVu
  Sans, the widest of the fallbacks, so labels still fit in Arial or Frutiger;
* colours come from the NHS palette, each shape at least 3:1 against white and each label
  at least 4.5:1 against the colour it sits on (checked by a unit test, see
  :func:`contrast`); disagreeing segments are hatched and sit left of zero, agreeing ones
  are solid and sit right, and each carries its percentage, so colour is never the only cue;
* a withheld figure is drawn as withheld, with its reason written where the bar would be,
  never as a smaller bar or a bar to a lower bound;
* charts are drawn narrow (4.8 inches) with 11 point text, so that scaled to a phone's
  column the text stays about 11 pixels high;
* output is deterministic: a fixed hash salt per chart, no dates or creator in the metadata,
  and element ids that nothing refers to are removed, so the same figures give the same
  bytes (and two charts on one page do not repeat ids).
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from mutuality.disclosure import Cell

from .report import (
    BASELINE,
    FINAL,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    AttendanceRow,
    Band,
    ItemResult,
    Rhythm,
    WaveResult,
    wave_label,
)

NHS_BLUE: Final = "#005eb8"
NHS_DARK_BLUE: Final = "#003087"
NHS_GREY: Final = "#425563"
NHS_MID_GREY: Final = "#768692"
NHS_PALE_GREY: Final = "#e8edee"
NHS_DARK_RED: Final = "#8a1538"
NHS_BLACK: Final = "#231f20"
WHITE: Final = "#ffffff"

FONT_STACK: Final = "'Frutiger W01', Arial, 'DejaVu Sans', sans-serif"
WIDTH_INCHES: Final = 4.8
"""Narrow enough that a chart scaled to a 343 pixel phone column keeps three quarters of
its size, so 11 point labels stay about 11 pixels high; on paper it sits inside the text
width of an A4 page."""
FONT_SIZE: Final = 12
SMALL_FONT: Final = 11
# A segment narrower than this share (in points of 100) has no label on it: two narrow
# neighbours' labels would touch. Its share is in the data table beside the chart.
SEGMENT_LABEL_MIN: Final = 25

STYLE: Final = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "axes.edgecolor": NHS_GREY,
    "axes.labelcolor": NHS_BLACK,
    "xtick.color": NHS_GREY,
    "ytick.color": NHS_BLACK,
    "text.color": NHS_BLACK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.color": WHITE,
    "hatch.linewidth": 1.0,
}


@dataclass(frozen=True, slots=True)
class Ink:
    """A filled shape, the text written on it, and the pattern that tells it apart without
    colour."""

    fill: str
    text: str
    hatch: str | None = None


INKS: Final = {
    NEGATIVE: Ink(NHS_DARK_RED, WHITE, "//"),
    NEUTRAL: Ink(NHS_MID_GREY, "#000000", None),
    POSITIVE: Ink(NHS_BLUE, WHITE, None),
}
"""Segments by leaning: dark red and hatched for disagreeing, mid grey for neither, NHS blue
for agreeing. Every fill is at least 3:1 against white and every label at least 4.5:1 on its
fill (tests/impact/test_charts.py)."""
REQUIRED_INK: Final = Ink(NHS_DARK_BLUE, WHITE, "//")
OPTIONAL_INK: Final = Ink(NHS_BLUE, WHITE, None)
BAR_INK: Final = Ink(NHS_BLUE, WHITE, None)
WITHHELD_TEXT: Final = NHS_GREY
PALETTE: Final = (*INKS.values(), REQUIRED_INK, OPTIONAL_INK, BAR_INK)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True, slots=True)
class Chart:
    """An SVG chart with its title, text alternative and data table (display strings)."""

    svg: str
    title: str
    alt: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _render(figure: Figure, salt: str) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "none"}):
        figure.savefig(
            buffer,
            format="svg",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    return buffer.getvalue()


def _tidy_svg(svg: str, chart_id: str, title: str, description: str) -> str:
    """Make matplotlib's file fit to inline in HTML: scalable, labelled, without stray ids."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    svg = svg.replace("font-family: 'DejaVu Sans', sans-serif", f"font-family: {FONT_STACK}")
    referenced = set(re.findall(r"url\(#([^)]+)\)", svg)) | set(
        re.findall(r'xlink:href="#([^"]+)"', svg)
    )
    svg = re.sub(
        r' id="([^"]+)"',
        lambda match: match.group(0) if match.group(1) in referenced else "",
        svg,
    )
    root = re.match(r"<svg[^>]*>", svg)
    assert root is not None
    tag = re.sub(r' (width|height)="[^"]*"', "", root.group(0))
    tag = tag[:-1] + (
        f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' class="impact-chart" preserveAspectRatio="xMidYMid meet">'
    )
    labels = (
        f'\n <title id="{chart_id}-title">{escape(title)}</title>'
        f'\n <desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return tag + labels + svg[root.end() :]


def _chart_id(title: str, kind: str) -> str:
    digest = hashlib.sha256(f"{kind}\n{title}".encode()).hexdigest()[:10]
    return f"chart-{kind}-{digest}"


def _finish(
    figure: Figure,
    kind: str,
    title: str,
    alt: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
) -> Chart:
    chart_id = _chart_id(title, kind)
    table_text = " ".join(
        "; ".join(f"{header}: {value}" for header, value in zip(headers, row, strict=True)) + "."
        for row in rows
    )
    svg = _tidy_svg(_render(figure, chart_id), chart_id, title, f"{alt} {table_text}".strip())
    return Chart(svg, title, alt, tuple(headers), tuple(tuple(row) for row in rows))


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
    FigureCanvasAgg(figure)
    figure.set_facecolor("white")
    return figure


def _styled[**P](function: Callable[P, Chart]) -> Callable[P, Chart]:
    """Apply the report's matplotlib style while a chart is drawn, and restore it after."""

    @functools.wraps(function)
    def styled(*args: P.args, **kwargs: P.kwargs) -> Chart:
        with matplotlib.rc_context(STYLE):
            return function(*args, **kwargs)

    return styled


def _percent_axis(axes, *, diverging: bool) -> None:
    if diverging:
        axes.set_xlim(-100, 100)
        ticks = [-100, -50, 0, 50, 100]
        axes.set_xticks(ticks, [f"{abs(t)}%" if t else "0" for t in ticks])
        axes.axvline(0, color=NHS_GREY, linewidth=1, zorder=0.8)  # behind bars and labels
    else:
        axes.set_xlim(0, 100)
        ticks = [0, 25, 50, 75, 100]
        axes.set_xticks(ticks, [f"{t}%" for t in ticks])
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    axes.grid(axis="x", color=NHS_PALE_GREY, linewidth=0.8)
    axes.set_axisbelow(True)


def _not_shown(marker: str) -> str:
    """The words drawn where a withheld bar would be: "Not shown: fewer than 11 answered"."""
    if marker.lower().startswith("not shown"):
        return marker[0].upper() + marker[1:]
    return f"Not shown: {marker}"


def _withheld_note(axes, x: float, y: float, text: str) -> None:
    axes.text(
        x, y, text, ha="left", va="center", fontsize=SMALL_FONT, color=WITHHELD_TEXT, style="italic"
    )


def _share_rows(wave: WaveResult) -> list[tuple[Band, Cell]]:
    return list(zip(wave.bands, wave.shares, strict=True))


@_styled
def likert_chart(
    items: Sequence[ItemResult], *, title: str, waves: Sequence[str] | None = None
) -> Chart:
    """Diverging stacked bars: one bar per item and wave (all waves, or those in ``waves``).

    Each bar has its own label line above it. Disagreeing answers run left of zero
    (hatched), agreeing ones right; the middle answer is split across zero. The segments are
    the very shares the text prints; a result withheld under the survey rule is written in
    words where its bar would be.
    """
    several_groups = len({item.group for item in items}) > 1
    bars = [
        (item, wave) for item in items for wave in item.waves if waves is None or wave.wave in waves
    ]
    figure = _figure(0.9 + 0.62 * max(len(bars), 1))
    axes = figure.add_subplot()
    legend: dict[str, Ink] = {}
    for position, (item, wave) in enumerate(bars):
        y = len(bars) - 1 - position
        group = f" ({item.group})" if several_groups else ""
        axes.text(
            -100,
            y + 0.42,
            f"{item.question.label}{group}, {wave.label.lower()}",
            ha="left",
            va="center",
            fontsize=SMALL_FONT,
            bbox={"facecolor": WHITE, "edgecolor": "none", "pad": 0.5},
            zorder=3,
        )
        if wave.withheld:
            _withheld_note(axes, -100, y, _not_shown(wave.respondents.display))
            continue
        shares = _share_rows(wave)
        width = {band.label: cell.value or 0 for band, cell in shares}
        half_neutral = sum(width[b.label] for b, _ in shares if b.leaning == NEUTRAL) / 2
        left = -(sum(width[b.label] for b, _ in shares if b.leaning == NEGATIVE) + half_neutral)
        for band, cell in shares:
            ink = INKS[band.leaning]
            legend.setdefault(band.label, ink)
            value = width[band.label]
            axes.barh(
                y,
                value,
                left=left,
                height=0.5,
                color=ink.fill,
                hatch=ink.hatch,
                edgecolor=WHITE,
                linewidth=0.8,
            )
            if value >= SEGMENT_LABEL_MIN:
                axes.text(
                    left + value / 2,
                    y,
                    cell.display,
                    ha="center",
                    va="center",
                    fontsize=SMALL_FONT,
                    color=ink.text,
                    fontweight="bold",
                    bbox={"facecolor": ink.fill, "edgecolor": "none", "pad": 0.5},
                )
            left += value
    axes.set_yticks([])
    axes.set_ylim(-0.5, len(bars) - 0.3)
    _percent_axis(axes, diverging=True)
    axes.set_xlabel("Disagreeing to the left, agreeing to the right")
    handles = [
        Patch(facecolor=ink.fill, hatch=ink.hatch, edgecolor=WHITE, label=label)
        for label, ink in legend.items()
    ]
    if handles:
        figure.legend(
            handles=handles, loc="outside lower center", ncols=1, frameon=False, fontsize=SMALL_FONT
        )
    labels = _all_band_labels(bars)
    headers = ("Question", "Poll", "Answered", *labels)
    rows = []
    for item, wave in bars:
        by_label = {band.label: cell.display for band, cell in _share_rows(wave)}
        group = f" ({item.group})" if several_groups else ""
        rows.append(
            (
                f"{item.question.label}{group}",
                wave.label,
                wave.respondents.display,
                *(by_label.get(label, "–") for label in labels),
            )
        )
    return _finish(figure, "likert", title, _likert_alt(bars), headers, rows)


def _all_band_labels(bars: Sequence[tuple[ItemResult, WaveResult]]) -> list[str]:
    labels: list[str] = []
    for _item, wave in bars:
        for band in wave.bands:
            if band.label not in labels:
                labels.append(band.label)
    leaning = {band.label: band.leaning for _item, wave in bars for band in wave.bands}
    return sorted(labels, key=lambda label: leaning[label])


def _likert_alt(bars: Sequence[tuple[ItemResult, WaveResult]]) -> str:
    if not bars:
        return "No answers to show."
    several_groups = len({item.group for item, _ in bars}) > 1
    parts = [
        f"{item.question.label}{f' ({item.group})' if several_groups else ''}, "
        f"{wave.label.lower()}: {wave.positive.display} {wave.bands[-1].label.lower()}"
        for item, wave in bars
        if not wave.withheld
    ]
    if not parts:
        return "Too few answered to show any of these results."
    return "Bars showing how the answers divide. " + "; ".join(parts) + "."


@_styled
def change_chart(
    items: Sequence[ItemResult],
    *,
    title: str,
    before: str = BASELINE,
    after: str = FINAL,
) -> Chart:
    """Before and after: the positive share at ``before`` (hollow circle) and at ``after``
    (filled diamond), joined by a line. A withheld share is not drawn; its reason is
    written instead."""
    several_groups = len({item.group for item in items}) > 1
    figure = _figure(1.0 + 0.62 * max(len(items), 1))
    axes = figure.add_subplot()
    rows = []
    for position, item in enumerate(items):
        y = len(items) - 1 - position
        group = f" ({item.group})" if several_groups else ""
        axes.text(
            0,
            y + 0.38,
            f"{item.question.label}{group}",
            ha="left",
            va="center",
            fontsize=SMALL_FONT,
        )
        first, last = item.wave(before), item.wave(after)
        x0 = first.positive.value if first is not None else None
        x1 = last.positive.value if last is not None else None
        if x0 is not None and x1 is not None:
            axes.plot([x0, x1], [y, y], color=NHS_MID_GREY, linewidth=2, zorder=1)
        if x0 is not None:
            axes.scatter(
                [x0],
                [y],
                s=60,
                marker="o",
                facecolor=WHITE,
                edgecolor=NHS_GREY,
                linewidth=1.5,
                zorder=2,
            )
        if x1 is not None:
            axes.scatter([x1], [y], s=70, marker="D", color=NHS_BLUE, zorder=3)
        for value, other, colour in ((x0, x1, NHS_GREY), (x1, x0, NHS_BLUE)):
            if value is None:
                continue
            on_right = other is None or value >= other
            axes.text(
                value + (3 if on_right else -3),
                y,
                f"{value}%",
                ha="left" if on_right else "right",
                va="center",
                fontsize=SMALL_FONT,
                color=colour,
                fontweight="bold" if colour == NHS_BLUE else "normal",
            )
        if x0 is None and x1 is None:
            _withheld_note(axes, 0, y, _not_shown((last or first).respondents.display))
        rows.append(
            (
                f"{item.question.label}{group}",
                first.summary if first is not None else "–",
                last.summary if last is not None else "–",
                item.paired.respondents.display if item.paired is not None else "–",
                item.paired.direction.capitalize()
                if item.paired is not None and item.paired.shown
                else "–",
            )
        )
    axes.set_yticks([])
    axes.set_ylim(-0.5, len(items) - 0.4)
    _percent_axis(axes, diverging=False)
    axes.set_xlim(-2, 112)
    axes.set_xlabel("Share giving the positive answer")
    before_label, after_label = wave_label(before), wave_label(after)
    handles = [
        axes.scatter([], [], s=60, marker="o", facecolor=WHITE, edgecolor=NHS_GREY),
        axes.scatter([], [], s=70, marker="D", color=NHS_BLUE),
    ]
    figure.legend(
        handles,
        [before_label, after_label],
        loc="outside lower center",
        ncols=2,
        frameon=False,
        fontsize=SMALL_FONT,
    )
    headers = (
        "Question",
        f"{before_label}: positive",
        f"{after_label}: positive",
        "Answered both",
        "Change for the same people",
    )
    moved = [
        f"{item.question.label}: {row[1]} to {row[2]}"
        for item, row in zip(items, rows, strict=True)
        if row[1].endswith("%") and row[2].endswith("%")
    ]
    alt = f"The share giving the positive answer at {before_label.lower()} and at " + (
        f"{after_label.lower()}. " + ("; ".join(moved) + "." if moved else "")
    )
    return _finish(figure, "change", title, alt.strip(), headers, rows)


@_styled
def attendance_chart(rows: Sequence[AttendanceRow], *, title: str) -> Chart:
    """Horizontal bars of the share attending each session, in the order given, each drawn
    to exactly the percentage its table prints. Required sessions are dark blue and hatched
    and say "(required)"; a session with too few expected says so instead of a bar."""
    figure = _figure(0.9 + 0.62 * max(len(rows), 1))
    axes = figure.add_subplot()
    for position, row in enumerate(rows):
        y = len(rows) - 1 - position
        ink = REQUIRED_INK if row.mandatory else OPTIONAL_INK
        axes.text(
            0,
            y + 0.4,
            f"{row.title} (required)" if row.mandatory else row.title,
            ha="left",
            va="center",
            fontsize=SMALL_FONT,
        )
        if row.rate.value is None:
            _withheld_note(axes, 0, y, _not_shown(row.summary))
            continue
        axes.barh(
            y,
            row.rate.value,
            height=0.45,
            color=ink.fill,
            hatch=ink.hatch,
            edgecolor=WHITE,
            linewidth=0,
        )
        axes.text(row.rate.value + 1.5, y, row.summary, va="center", fontsize=SMALL_FONT)
    axes.set_yticks([])
    axes.set_ylim(-0.5, len(rows) - 0.3)
    _percent_axis(axes, diverging=False)
    axes.set_xlim(0, 118)
    axes.set_xlabel("Share of those expected who came")
    if any(row.mandatory for row in rows) and not all(row.mandatory for row in rows):
        figure.legend(
            handles=[
                Patch(facecolor=REQUIRED_INK.fill, hatch="//", edgecolor=WHITE, label="Required"),
                Patch(facecolor=OPTIONAL_INK.fill, label="Optional"),
            ],
            loc="outside lower center",
            ncols=2,
            frameon=False,
            fontsize=SMALL_FONT,
        )
    headers = ("Session", "Required", "Expected", "Attending")
    table = [
        (row.title, "Yes" if row.mandatory else "No", row.expected.display, row.summary)
        for row in rows
    ]
    shown = [row.rate.value for row in rows if row.rate.value is not None]
    if shown:
        alt = (
            f"Attendance at {len(rows)} sessions, from {min(shown)}% to {max(shown)}% of those "
            "expected where it can be shown."
        )
    else:
        alt = "Attendance at each session; too few were expected to show it."
    return _finish(figure, "attendance", title, alt, headers, table)


@_styled
def rhythm_chart(rhythm: Rhythm, *, title: str) -> Chart:
    """Meetings logged in each month across the cohort, as columns drawn to the rounded
    figure the table prints; a month with too few meetings to show is written in words at
    the foot of its column, with no bar."""
    months = rhythm.months
    figure = _figure(3.4)
    axes = figure.add_subplot()
    for x, month in enumerate(months):
        if month.meetings.value is not None:
            axes.bar(x, month.meetings.value, width=0.7, color=BAR_INK.fill)
            axes.text(
                x,
                month.meetings.value,
                month.meetings.display,
                ha="center",
                va="bottom",
                fontsize=SMALL_FONT,
            )
        else:
            axes.text(
                x,
                0,
                month.meetings.display,
                ha="center",
                va="bottom",
                fontsize=SMALL_FONT,
                rotation=90,
                color=WITHHELD_TEXT,
                style="italic",
            )
    axes.set_xticks(
        range(len(months)),
        [month.label.replace(" ", "\n") for month in months],
        fontsize=SMALL_FONT,
    )
    if len(months) > 8:
        for label in axes.get_xticklabels()[1::2]:
            label.set_visible(False)
    peak = max((month.meetings.value or 0 for month in months), default=0)
    axes.set_ylim(0, max(peak * 1.15, 40))
    axes.set_ylabel("Meetings logged")
    axes.grid(axis="y", color=NHS_PALE_GREY, linewidth=0.8)
    axes.set_axisbelow(True)
    headers = ("Month", "Meetings logged")
    table = [(month.label, month.meetings.display) for month in months]
    alt = f"Meetings logged each month, {months[0].label} to {months[-1].label}. " if months else ""
    alt += rhythm.summary
    return _finish(figure, "rhythm", title, alt, headers, table)
