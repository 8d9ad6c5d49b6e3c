"""Plain-English reasons: why two people were paired, and why someone was not.

Reasons are derived from the numbers that decided the match, never written independently of
them: a pair's reasons are its strongest weighted components; an unmatched person's reason
comes from their constraint codes and, for small programmes, the cheapest change to the
solution that would have brought them in. Each pair also gets its main trade-off, when it
has one, so the team and the pair see what the pairing costs as well as what it offers.
Lived experience is only ever described as "different" or "shared", never named, because
explanations are shown to the pair. Reasons for unmatched people are written for the
programme team: they name the person and, in a small cohort, the people who rule them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .bands import gap_label
from .constraints import REASON_TEXT, Reason, primary_reason
from .problem import Edges
from .scoring import COMPONENTS, MODES, WEEKDAYS, Profile, Weights

__all__ = ["Swap", "SwapFinder", "pair_reasons", "pair_tradeoff", "unmatched_reason"]

_DAY_NAMES = dict(
    zip(
        WEEKDAYS,
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        strict=True,
    )
)
_MODE_WORDS = {"in_person": "in person", "video": "by video", "phone": "by phone"}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def pair_reasons(
    row: Profile,
    col: Profile,
    components: Mapping[str, float],
    weights: Weights,
    terms: list[str] | None = None,
    limit: int = 3,
) -> list[str]:
    """The ``limit`` strongest reasons this pair was made, strongest first."""
    w = dict(zip(COMPONENTS, weights.vector() / weights.vector().sum(), strict=True))
    found: list[tuple[float, str]] = []

    def add(component: str, text: str) -> None:
        strength = w[component] * float(components.get(component, 0.0))
        if strength > 0:
            found.append((strength, text))

    if terms and components.get("text", 0.0) > 0.05:
        quoted = _and([f"\u201c{t}\u201d" for t in terms])
        add("text", f"what one hopes to learn meets what the other has done ({quoted})")
    topics = sorted(row.topics & col.topics)
    if topics:
        add("topics", f"both want to work on {_and(topics[:2])}")
    if row.level is not None and col.level is not None and components.get("seniority", 0) > 0.5:
        add("seniority", gap_label(col.level - row.level))
    slots = sorted(row.availability & col.availability, key=lambda s: (WEEKDAYS.index(s[0]), s[1]))
    if slots:
        day, period = slots[0]
        extra = len(slots) - 1
        more = f" (and {extra} more time{'s' if extra > 1 else ''})" if extra else ""
        add("availability", f"both free on {_DAY_NAMES[day]} {period}s{more}")
    modes = (row.meeting_modes or frozenset(MODES)) & (col.meeting_modes or frozenset(MODES))
    if modes and (row.meeting_modes or col.meeting_modes):
        mode = next(m for m in MODES if m in modes)
        add("meeting_mode", f"both happy to meet {_MODE_WORDS[mode]}")
    if components.get("place", 0.0) == 1.0 and row.place:
        add("place", f"both in {row.place} and keen to meet in person")
    if (
        row.lived_experience
        and col.lived_experience
        and components.get("lived_experience", 0.0) > 0.5
    ):
        if weights.lived_experience_mode == "similar":
            add("lived_experience", "they share some lived experience")
        else:
            add("lived_experience", "they bring different lived experience to each other")
    if components.get("preferences", 0.0) >= 1.0:
        add("preferences", "they asked to be paired with each other")
    elif components.get("preferences", 0.0) > 0:
        add("preferences", "one of them asked for this pairing")
    found.sort(key=lambda item: -item[0])
    return [text for _, text in found[:limit]]


def _words(modes: frozenset[str]) -> str:
    return _and([_MODE_WORDS[m] for m in MODES if m in modes])


def pair_tradeoff(
    row: Profile, col: Profile, components: Mapping[str, float], weights: Weights
) -> str | None:
    """The main thing this pair gives up, as "but ...", or None when nothing much is lost.

    Rationale: a score says how good a pair is overall; a pair with three strong reasons can
    still have no time in common or want to meet in different ways, and the team (and the
    pair) should see that before the first meeting, not discover it at it. Only clear
    shortfalls count (a component at or near zero, or two stated choices that do not meet),
    and the one that weighs most in this cohort's settings is named.
    """
    w = dict(zip(COMPONENTS, weights.vector() / weights.vector().sum(), strict=True))
    found: list[tuple[float, str]] = []

    def add(component: str, text: str) -> None:
        shortfall = w[component] * (1.0 - float(components.get(component, 0.0)))
        if w[component] > 0 and shortfall > 0:
            found.append((shortfall, text))

    if row.availability and col.availability and not (row.availability & col.availability):
        add("availability", "they have no free time in common, so they will need to agree one")
    if row.meeting_modes and col.meeting_modes and not (row.meeting_modes & col.meeting_modes):
        add(
            "meeting_mode",
            f"one prefers to meet {_words(row.meeting_modes)} and the other "
            f"{_words(col.meeting_modes)}, so they will need to agree how to meet",
        )
    if components.get("place", 1.0) == 0.0 and row.place and col.place:
        add(
            "place",
            f"both would like to meet in person but one is in {row.place} and the other in "
            f"{col.place}",
        )
    if row.topics and col.topics and not (row.topics & col.topics):
        add("topics", "they chose no topic in common")
    if row.level is not None and col.level is not None and components.get("seniority", 1) < 0.34:
        add(
            "seniority",
            f"the gap in seniority ({gap_label(col.level - row.level)}) is far from the "
            "programme's target",
        )
    if (
        (row.aspirations or row.experience)
        and (col.aspirations or col.experience)
        and components.get("text", 1.0) < 0.02
    ):
        add("text", "what one hopes to learn and what the other has done have little in common")
    if not found:
        return None
    found.sort(key=lambda item: -item[0])
    return "but " + found[0][1]


@dataclass(frozen=True, slots=True)
class Swap:
    """The cheapest same-size change that would match someone who was left out."""

    loss: float  # how much the total score would fall (>= 0 up to rounding)
    left_out: int | None  # index (same side as whoever ends up without a partner) or None


def _shortest(
    n_nodes: int, src: np.ndarray, dst: np.ndarray, cost: np.ndarray, start: int
) -> np.ndarray:
    """Single-source Bellman-Ford as vectorised sweeps (the graphs here are small)."""
    dist = np.full(n_nodes, np.inf)
    dist[start] = 0.0
    for _ in range(n_nodes):
        relaxed = dist[src] + cost
        better = relaxed < dist[dst] - 1e-12
        if not better.any():
            break
        np.minimum.at(dist, dst[better], relaxed[better])
    return dist


class SwapFinder:
    """Cheapest alternating path bringing one left-out person in without losing a pair.

    For a row it ends at a matched row who would be left out. For a column it ends at a
    matched column that gives up one partner, who is left out only if that was its last.
    The residual graph is built once and reused for everyone left out.
    """

    def __init__(
        self, n_rows: int, n_cols: int, edges: Edges, rows: np.ndarray, cols: np.ndarray
    ) -> None:
        self.n_rows, self.n_cols = n_rows, n_cols
        self.rows, self.cols = rows, cols
        key = edges.rows * max(n_cols, 1) + edges.cols
        matched = np.isin(key, rows * max(n_cols, 1) + cols)
        col_nodes = n_rows + edges.cols
        # Residual arcs: row -> col (unmatched, -w); col -> row (matched, +w).
        self.src = np.where(matched, col_nodes, edges.rows)
        self.dst = np.where(matched, edges.rows, col_nodes)
        self.cost = np.where(matched, edges.weights, -edges.weights)

    def for_row(self, person: int) -> Swap | None:
        dist = _shortest(self.n_rows + self.n_cols, self.src, self.dst, self.cost, person)
        ends = np.unique(self.rows)
        ends = ends[ends != person]
        if ends.size == 0 or not np.isfinite(dist[ends]).any():
            return None
        best = int(ends[np.argmin(dist[ends])])
        return Swap(max(float(dist[best]), 0.0), best)

    def for_col(self, person: int) -> Swap | None:
        n = self.n_rows
        dist = _shortest(n + self.n_cols, self.dst, self.src, self.cost, n + person)
        ends = np.unique(self.cols)
        ends = ends[ends != person]
        if ends.size == 0 or not np.isfinite(dist[n + ends]).any():
            return None
        best = int(ends[np.argmin(dist[n + ends])])
        load = int(np.count_nonzero(self.cols == best))
        return Swap(max(float(dist[n + best]), 0.0), best if load == 1 else None)


def _names(names: Sequence[str], limit: int = 3) -> str:
    shown = list(names[:limit])
    if len(names) > limit:
        shown.append(f"{len(names) - limit} more")
    return _and(shown)


def _exclusions(codes: np.ndarray, others: Sequence[str] | None) -> tuple[str, dict[str, int]]:
    primary = primary_reason(codes)
    excluded = np.flatnonzero(primary)
    counts = {
        Reason(int(b)): int(n)
        for b, n in zip(*np.unique(primary[excluded], return_counts=True), strict=True)
    }
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], int(kv[0])))
    parts = []
    for reason, n in ordered:
        text = f"{n} ruled out {REASON_TEXT[reason]}"
        if others is not None:
            who = [others[k] for k in excluded[primary[excluded] == int(reason)].tolist()]
            text += f" ({_names(who)})"
        parts.append(text)
    return "; ".join(parts), {r.name.lower(): n for r, n in ordered}


def unmatched_reason(
    codes: np.ndarray,
    feasible_partners: int,
    *,
    person: str = "This person",
    others: Sequence[str] | None = None,
    swap: Swap | None = None,
    left_out_name: str | None = None,
    all_needed: bool = False,
    pruned: bool = False,
) -> tuple[str, dict[str, int]]:
    """Why ``person`` has no partner, for the programme team, from their constraint codes.

    ``others`` names the people of the other side in the order of ``codes``; when given (small
    cohorts), the people who rule this person out and their possible partners are named so
    the team can act on it. Returns the sentence and the number ruled out by each rule.
    """
    excluded_text, counts = _exclusions(codes, others)
    if feasible_partners == 0:
        if not counts:
            return f"{person} has no possible partner: nobody is taking part on the other side", {}
        return f"{person} has no possible partner: {excluded_text}", counts
    possible = np.flatnonzero(codes == 0)
    named = f" ({_names([others[k] for k in possible.tolist()])})" if others is not None else ""
    where = " among the best candidates the team can see" if pruned else ""
    if feasible_partners == 1:
        who = f"{person}'s one possible partner{named}{where} is paired with someone else"
    else:
        who = (
            f"all {feasible_partners} of {person}'s possible partners{named}{where} "
            "are paired with others"
        )
    reasons = []
    if swap is not None and swap.loss <= 1e-9:
        alt = f" in place of {left_out_name}" if left_out_name else ""
        reasons.append(
            f"an equally good set of pairs would include {person}{alt}, so the team can swap"
        )
    else:
        if all_needed:
            reasons.append("every one of them is needed by someone with no other option")
        if swap is not None:
            lose = f"leave {left_out_name} without a partner and " if left_out_name else ""
            reasons.append(
                f"bringing {person} in would {lose}lower the overall match score by {swap.loss:.3f}"
            )
    if not reasons:
        reasons.append(
            f"any change that brought {person} in would leave someone else without a partner "
            "or lower the overall match score"
        )
    tail = f". Also {excluded_text}" if excluded_text else ""
    return f"{who}: {'; '.join(reasons)}{tail}", counts
