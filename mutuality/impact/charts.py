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
* colours come from the NHS palette in an order that stays distinct with the common colour
  vision deficiencies (warm yellow and red for disagreeing, blues for agreeing, grey between),
  and every segment big enough carries its percentage as text, so nothing relies on colour;
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

from mutuality.disclosure.cells import NOT_SHOWN, percentage_of_shown

from .report import (
    BASELINE,
    FINAL,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    TOO_FEW,
    AttendanceRow,
    Band,
    ItemResult,
    Rhythm,
    WaveResult,
    wave_label,
)

NHS_BLUE: Final = "#005eb8"
NHS_DARK_BLUE: Final = "#003087"
NHS_LIGHT_BLUE: Final = "#41b6e6"
NHS_GREY: Final = "#425563"
NHS_MID_GREY: Final = "#768692"
NHS_PALE_GREY: Final = "#e8edee"
NHS_WARM_YELLOW: Final = "#ffb81c"
NHS_AQUA_GREEN: Final = "#00a499"
NHS_RED: Final = "#d5281b"
NHS_BLACK: Final = "#231f20"

FONT_STACK: Final = "'Frutiger W01', Arial, 'DejaVu Sans', sans-serif"
WIDTH_INCHES: Final = 6.7
"""The text width of an A4 page with 2 cm margins, so that 9 point labels print at 9 point."""

STYLE: Final = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "axes.edgecolor": NHS_GREY,
    "axes.labelcolor": NHS_BLACK,
    "xtick.color": NHS_GREY,
    "ytick.color": NHS_BLACK,
    "text.color": NHS_BLACK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.color": NHS_GREY,
    "hatch.linewidth": 0.8,
}

# Segment colours by leaning and depth: the outermost segment on each side is the strongest.
SEGMENT_COLOURS: Final = {
    (NEGATIVE, 0): NHS_RED,
    (NEGATIVE, 1): NHS_WARM_YELLOW,
    (NEUTRAL, 0): NHS_PALE_GREY,
    (POSITIVE, 0): NHS_LIGHT_BLUE,
    (POSITIVE, 1): NHS_BLUE,
}
MERGED_COLOURS: Final = {"Did not agree": NHS_MID_GREY, "0 to 8": NHS_MID_GREY}
"""Bands that lump neutral answers in with disagreeing ones get a grey of their own, so they
are never mistaken for plain disagreement."""
LIGHT_FILLS: Final = {NHS_WARM_YELLOW, NHS_PALE_GREY, NHS_LIGHT_BLUE}


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


def _segment_colour(band: Band, bands: Sequence[Band]) -> str:
    if band.label in MERGED_COLOURS:
        return MERGED_COLOURS[band.label]
    same_side = [other for other in bands if other.leaning == band.leaning]
    if band.leaning == NEUTRAL:
        return NHS_PALE_GREY
    if len(same_side) == 1:
        return NHS_WARM_YELLOW if band.leaning == NEGATIVE else NHS_BLUE
    # Outermost (strongest) first for disagreeing, last for agreeing.
    depth = same_side.index(band)
    strength = 0 if band.leaning == NEGATIVE and depth == 0 else 1
    if band.leaning == POSITIVE:
        strength = 1 if depth == len(same_side) - 1 else 0
    return SEGMENT_COLOURS[(band.leaning, strength)]


def _shares(wave: WaveResult) -> dict[str, int]:
    """Whole percentages of each shown band, from the rounded counts."""
    total = wave.table.total.value or 0
    return {
        row.label: percentage_of_shown(row.cell.value or 0, total)
        for row in wave.table.rows
        if total
    }


@_styled
def likert_chart(
    items: Sequence[ItemResult], *, title: str, waves: Sequence[str] | None = None
) -> Chart:
    """Diverging stacked bars: one bar per item and wave (all waves, or those in ``waves``).

    Disagreeing answers run left of zero and agreeing ones right; the neutral answer is split
    across zero so that it pushes neither way. Bars whose answers are withheld are left as a
    gap with the words "Too few answers to show safely".
    """
    several_groups = len({item.group for item in items}) > 1
    bars = [
        (item, wave) for item in items for wave in item.waves if waves is None or wave.wave in waves
    ]
    # One line per bar; when an item has several waves its name heads its group of bars.
    lines: list[tuple[str, tuple[ItemResult, WaveResult] | None]] = []
    for item in items:
        name = f"{item.question.label} ({item.group})" if several_groups else item.question.label
        own = [(i, wave) for i, wave in bars if i is item]
        if len(own) == 1:
            lines.append((name, own[0]))
        elif own:
            lines.append((name, None))
            lines.extend((wave.label, (item, wave)) for _i, wave in own)
    legend_bands: dict[str, str] = {}
    figure = _figure(1.3 + 0.36 * max(len(lines), 1))
    axes = figure.add_subplot()
    for position, (text, bar) in enumerate(lines):
        y = len(lines) - 1 - position
        if bar is None:
            axes.text(-100, y - 0.1, text, ha="left", va="center", fontsize=9.5, fontweight="bold")
            continue
        wave = bar[1]
        if wave.table.withheld:
            axes.text(
                0,
                y,
                TOO_FEW,
                ha="center",
                va="center",
                fontsize=9,
                color=NHS_GREY,
                style="italic",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 2},
            )
            continue
        shares = _shares(wave)
        negative = [band for band in wave.bands if band.leaning == NEGATIVE]
        neutral = [band for band in wave.bands if band.leaning == NEUTRAL]
        positive = [band for band in wave.bands if band.leaning == POSITIVE]
        half_neutral = sum(shares[band.label] for band in neutral) / 2
        left = -(sum(shares[band.label] for band in negative) + half_neutral)
        for band in negative + neutral + positive:
            width = shares[band.label]
            colour = _segment_colour(band, wave.bands)
            legend_bands.setdefault(band.label, colour)
            axes.barh(y, width, left=left, height=0.7, color=colour, edgecolor="white")
            if width >= 7:
                axes.text(
                    left + width / 2,
                    y,
                    f"{width}%",
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color=NHS_BLACK if colour in LIGHT_FILLS else "white",
                )
            left += width
    axes.set_yticks(
        range(len(lines)),
        [text if bar is not None else "" for text, bar in reversed(lines)],
        fontsize=9,
    )
    axes.set_ylim(-0.6, len(lines) - 0.4)
    _percent_axis(axes, diverging=True)
    axes.set_xlabel("Share of people answering (disagreeing to the left, agreeing to the right)")
    handles = [
        Patch(facecolor=colour, edgecolor=NHS_GREY, linewidth=0.5, label=label)
        for label, colour in _legend_order(legend_bands, bars)
    ]
    if handles:
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=min(3, len(handles)),
            frameon=False,
            fontsize=9,
        )
    labels = _all_band_labels(bars)
    headers = ("Question", "Wave", "Answered", *labels, "Agreeing")
    rows = []
    for item, wave in bars:
        shares = _shares(wave)
        cells = [
            f"{shares[label]}%" if label in shares else (NOT_SHOWN if wave.table.withheld else "–")
            for label in labels
        ]
        group = f" ({item.group})" if several_groups else ""
        rows.append(
            (
                f"{item.question.label}{group}",
                wave.label,
                wave.respondents.display,
                *cells,
                wave.summary,
            )
        )
    alt = _likert_alt(bars)
    return _finish(figure, "likert", title, alt, headers, rows)


def _all_band_labels(bars: Sequence[tuple[ItemResult, WaveResult]]) -> list[str]:
    labels: list[str] = []
    for _item, wave in bars:
        for band in wave.bands:
            if band.label not in labels:
                labels.append(band.label)
    # Disagreeing first, then neutral, then agreeing, as on the bars.
    leaning = {band.label: band.leaning for _item, wave in bars for band in wave.bands}
    return sorted(labels, key=lambda label: leaning[label])


def _legend_order(
    colours: dict[str, str], bars: Sequence[tuple[ItemResult, WaveResult]]
) -> list[tuple[str, str]]:
    return [(label, colours[label]) for label in _all_band_labels(bars) if label in colours]


def _likert_alt(bars: Sequence[tuple[ItemResult, WaveResult]]) -> str:
    shown = [(item, wave) for item, wave in bars if not wave.table.withheld]
    if not bars:
        return "No answers to show."
    if not shown:
        return "Too few answers to show any of these results safely."
    parts = [
        f"{item.question.label}, {wave.label.lower()}: {wave.summary} agreed"
        for item, wave in bars
        if wave.summary != NOT_SHOWN
    ]
    lead = "Bars showing how the answers divide between disagreeing and agreeing"
    return f"{lead}. " + ("; ".join(parts) + "." if parts else "")


@_styled
def change_chart(
    items: Sequence[ItemResult],
    *,
    title: str,
    before: str = BASELINE,
    after: str = FINAL,
) -> Chart:
    """Before and after: the share agreeing at ``before`` and at ``after`` for each item,
    as two marked points joined by a line (a dumbbell). A withheld share is not drawn, and its
    marker ("not shown", or "all but fewer than 8 …") is written in the table."""
    several_groups = len({item.group for item in items}) > 1
    figure = _figure(1.4 + 0.5 * max(len(items), 1))
    axes = figure.add_subplot()
    rows = []
    for position, item in enumerate(items):
        y = len(items) - 1 - position
        first, last = item.wave(before), item.wave(after)
        x0 = first.positive.value if first is not None else None
        x1 = last.positive.value if last is not None else None
        if x0 is not None and x1 is not None:
            axes.plot([x0, x1], [y, y], color=NHS_MID_GREY, linewidth=2, zorder=1)
        if x0 is not None:
            axes.scatter(
                [x0], [y], s=60, marker="o", facecolor="white", edgecolor=NHS_GREY, zorder=2
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
                fontsize=9,
                color=colour,
                fontweight="bold" if colour == NHS_BLUE else "normal",
            )
        if x0 is None and x1 is None:
            axes.text(50, y, TOO_FEW, ha="center", va="center", color=NHS_GREY, style="italic")
        paired = item.paired
        change = NOT_SHOWN
        if paired is not None and paired.shown and paired.mean_change is not None:
            change = (
                f"{paired.mean_change:+.1f} (95% CI {paired.ci_low:+.1f} to {paired.ci_high:+.1f})"
            ).replace("-", "−")
        group = f" ({item.group})" if several_groups else ""
        rows.append(
            (
                f"{item.question.label}{group}",
                first.summary if first is not None else "–",
                last.summary if last is not None else "–",
                paired.respondents.display if paired is not None else "–",
                change,
            )
        )
    labels = [
        f"{item.question.label}\n({item.group})" if several_groups else item.question.label
        for item in items
    ]
    axes.set_yticks(range(len(items)), list(reversed(labels)), fontsize=9)
    axes.set_ylim(-0.6, len(items) - 0.4)
    _percent_axis(axes, diverging=False)
    axes.set_xlim(-2, 108)
    axes.set_xlabel("Share agreeing")
    before_label, after_label = wave_label(before), wave_label(after)
    handles = [
        axes.scatter([], [], s=60, marker="o", facecolor="white", edgecolor=NHS_GREY),
        axes.scatter([], [], s=70, marker="D", color=NHS_BLUE),
    ]
    figure.legend(
        handles,
        [before_label, after_label],
        loc="outside lower center",
        ncols=2,
        frameon=False,
        fontsize=9,
    )
    headers = (
        "Question",
        f"{before_label}: agreeing",
        f"{after_label}: agreeing",
        "Answered both",
        "Average change in score",
    )
    moved = [
        f"{item.question.label}: {row[1]} to {row[2]}"
        for item, row in zip(items, rows, strict=True)
        if NOT_SHOWN not in (row[1], row[2])
    ]
    alt = f"The share agreeing with each statement at {before_label.lower()} and at " + (
        f"{after_label.lower()}. " + ("; ".join(moved) + "." if moved else "")
    )
    return _finish(figure, "change", title, alt.strip(), headers, rows)


@_styled
def attendance_chart(rows: Sequence[AttendanceRow], *, title: str) -> Chart:
    """Horizontal bars of the share attending each session, in the order given; required
    sessions are darker, hatched and say "(required)" in their label."""
    figure = _figure(1.3 + 0.42 * max(len(rows), 1))
    axes = figure.add_subplot()
    for position, row in enumerate(rows):
        y = len(rows) - 1 - position
        colour = NHS_DARK_BLUE if row.mandatory else NHS_LIGHT_BLUE
        if row.rate.value is not None:
            axes.barh(
                y,
                row.rate.value,
                height=0.6,
                color=colour,
                hatch="//" if row.mandatory else None,
                edgecolor="white" if row.mandatory else colour,
                linewidth=0,
            )
            axes.text(row.rate.value + 1.5, y, row.summary, va="center", fontsize=9)
        elif row.at_least is not None:
            # "All but fewer than 8": a solid bar to the floor the shown figures allow, and a
            # pale run from there to 100%, so the chart says "at least" and no more.
            axes.barh(
                y,
                row.at_least,
                height=0.6,
                color=colour,
                hatch="//" if row.mandatory else None,
                edgecolor="white" if row.mandatory else colour,
                linewidth=0,
            )
            axes.barh(
                y, 100 - row.at_least, left=row.at_least, height=0.6, color=NHS_PALE_GREY,
                linewidth=0,
            )  # fmt: skip
            axes.text(101.5, y, row.summary, va="center", fontsize=9)
        else:
            axes.text(1.5, y, row.summary, va="center", fontsize=9, color=NHS_GREY, style="italic")
    labels = [f"{row.title} (required)" if row.mandatory else row.title for row in rows]
    axes.set_yticks(range(len(rows)), list(reversed(labels)), fontsize=9)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    _percent_axis(axes, diverging=False)
    axes.set_xlim(0, 140 if any(row.at_least is not None for row in rows) else 112)
    axes.set_xlabel("Share of those expected who attended")
    if any(row.mandatory for row in rows) and not all(row.mandatory for row in rows):
        figure.legend(
            handles=[
                Patch(facecolor=NHS_DARK_BLUE, hatch="//", edgecolor="white", label="Required"),
                Patch(facecolor=NHS_LIGHT_BLUE, label="Optional"),
            ],
            loc="outside lower center",
            ncols=2,
            frameon=False,
            fontsize=9,
        )
    headers = ("Session", "Required", "Expected", "Attended", "Attending")
    table = [
        (
            row.title,
            "Yes" if row.mandatory else "No",
            row.expected.display,
            row.attended.display,
            row.summary,
        )
        for row in rows
    ]
    shown = [row.rate.value for row in rows if row.rate.value is not None]
    floors = [row.at_least for row in rows if row.at_least is not None]
    if floors and not shown:
        alt = (
            f"Attendance at {len(rows)} sessions: at {len(floors)} of them all but a few of "
            f"those expected came (at least {min(floors)}%)."
        )
    elif shown:
        alt = (
            f"Attendance at {len(rows)} sessions, from {min(shown)}% to {max(shown)}% of those "
            "expected where it can be shown."
        )
    else:
        alt = "Attendance at each session; the numbers are too small to show as percentages."
    return _finish(figure, "attendance", title, alt, headers, table)


@_styled
def rhythm_chart(rhythm: Rhythm, *, title: str) -> Chart:
    """Meetings logged in each month across the cohort, as columns; a month with too few
    meetings to show is marked "fewer than 8" at the foot of its column."""
    months = rhythm.months
    figure = _figure(3.2)
    axes = figure.add_subplot()
    for x, month in enumerate(months):
        if month.meetings.value is not None:
            axes.bar(x, month.meetings.value, width=0.7, color=NHS_BLUE)
            axes.text(
                x,
                month.meetings.value,
                month.meetings.display,
                ha="center",
                va="bottom",
                fontsize=9,
            )
        else:
            axes.text(
                x,
                0,
                month.meetings.display,
                ha="center",
                va="bottom",
                fontsize=8,
                rotation=90,
                color=NHS_GREY,
                style="italic",
            )
    axes.set_xticks(
        range(len(months)),
        [month.label.replace(" ", "\n") for month in months],
        fontsize=8,
    )
    peak = max((month.meetings.value or 0 for month in months), default=0)
    axes.set_ylim(0, max(peak * 1.15, 40))
    axes.set_ylabel("Meetings logged")
    axes.spines["left"].set_color(NHS_GREY)
    axes.grid(axis="y", color=NHS_PALE_GREY, linewidth=0.8)
    axes.set_axisbelow(True)
    headers = ("Month", "Meetings logged")
    table = [(month.label, month.meetings.display) for month in months]
    alt = f"Meetings logged each month, {months[0].label} to {months[-1].label}. " if months else ""
    alt += rhythm.summary
    return _finish(figure, "rhythm", title, alt, headers, table)
