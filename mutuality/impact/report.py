"""The evaluation report's figures, after disclosure control: what the web page and PDF show.

Every function here takes raw answers or counts and a :class:`DisclosurePolicy`, and returns
frozen dataclasses whose numbers are :class:`Cell`\\ s from :mod:`mutuality.disclosure` or
rounded statistics about at least ``policy.min_respondents`` people. Nothing returned holds a
true count, and sentences are built only from shown figures, so the templates and charts can
print any field without thinking about disclosure again.

The rules for poll results (ADR 0010, after the NHS Staff Survey):

* a group's result for a question is shown only when at least 11 people in it answered, as a
  whole percentage of the true base to a step (1, 5 or 10 points) chosen from the rounded
  base alone, so that no percentage narrows the base a reader is shown;
* answers are shown in three bands (disagree, neither, agree; 0 to 6, 7 or 8, 9 or 10) or
  yes and no, and the positive band's share is the one the headline and the chart print;
* a paired change needs 11 people who answered both polls, is said in plain words first, and
  its statistics are rounded (means and interval to one decimal place, the effect size in
  words, the evidence as a band of p-values); nothing at all is shown when everybody moved
  together or a mean sits at the end of the scale, which would tell each person's answer.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from mutuality.disclosure import (
    DEFAULT_POLICY,
    Cell,
    DisclosurePolicy,
    disclose_count,
    disclose_respondents,
    disclose_share,
)
from mutuality.disclosure.cells import NOT_SHOWN, disclose_split, too_few_answered, too_few_reason

from .instrument import (
    LIKERT5,
    LIKERT_LABELS,
    LIKERT_MAX,
    LIKERT_MIN,
    SCALE10,
    SCALE_HIGH,
    SCALE_LOW,
    SCALE_MAX,
    SCALE_MIDDLE,
    SCALE_MIN,
    SIDE_PLURALS,
    SUMMARISED_KINDS,
    YESNO,
    Question,
    level_of,
)
from .stats import Month, pair_answers, paired_change

BASELINE: Final = "baseline"
FINAL: Final = "final"
WAVE_LABELS: Final = {
    "baseline": "Baseline",
    "interval": "Along the way",
    "midpoint": "Mid-point",
    "final": "Final",
    "follow-up-6": "Six months after",
    "follow-up-12": "Twelve months after",
}
"""Display names for the usual waves; any other wave key is shown as given."""

TOO_FEW: Final = "Too few answers to show safely"
MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

NEGATIVE, NEUTRAL, POSITIVE = -1, 0, 1


@dataclass(frozen=True, slots=True)
class Band:
    """A group of answers drawn as one segment: ``leaning`` places it left of zero
    (``NEGATIVE``), across zero (``NEUTRAL``) or right of it (``POSITIVE``)."""

    label: str
    values: frozenset[Hashable]
    leaning: int


def _likert(level: int) -> frozenset[Hashable]:
    return frozenset({level})


LIKERT_BANDS: Final = (
    Band(LIKERT_LABELS[0], _likert(1), NEGATIVE),
    Band(LIKERT_LABELS[1], _likert(2), NEGATIVE),
    Band(LIKERT_LABELS[2], _likert(3), NEUTRAL),
    Band(LIKERT_LABELS[3], _likert(4), POSITIVE),
    Band(LIKERT_LABELS[4], _likert(5), POSITIVE),
)
LIKERT_THREE: Final = (
    Band("Disagree or strongly disagree", frozenset({1, 2}), NEGATIVE),
    Band(LIKERT_LABELS[2], _likert(3), NEUTRAL),
    Band("Agree or strongly agree", frozenset({4, 5}), POSITIVE),
)
LIKERT_TWO: Final = (
    Band("Did not agree", frozenset({1, 2, 3}), NEGATIVE),
    Band("Agree or strongly agree", frozenset({4, 5}), POSITIVE),
)
SCALE_BANDS: Final = (
    Band("0 to 6", frozenset(SCALE_LOW), NEGATIVE),
    Band("7 or 8", frozenset(SCALE_MIDDLE), NEUTRAL),
    Band("9 or 10", frozenset(SCALE_HIGH), POSITIVE),
)
SCALE_TWO: Final = (
    Band("0 to 8", frozenset(SCALE_LOW | SCALE_MIDDLE), NEGATIVE),
    Band("9 or 10", frozenset(SCALE_HIGH), POSITIVE),
)
YESNO_BANDS: Final = (
    Band("No", frozenset({False}), NEGATIVE),
    Band("Yes", frozenset({True}), POSITIVE),
)

GROUPINGS: Final = {
    LIKERT5: LIKERT_THREE,
    SCALE10: SCALE_BANDS,
    YESNO: YESNO_BANDS,
}
"""How each kind's answers are grouped for a result: three bands (two for yes or no), the
last being the positive answer that the share, the headline and the chart all count. Five
separate levels are not shown: each extra band is one more share from which a reader could
try to narrow the base (ADR 0010)."""

STATIC_LABELS: Final = frozenset(
    band.label
    for bands in (*GROUPINGS.values(), LIKERT_BANDS, LIKERT_TWO, SCALE_TWO)
    for band in bands
)
"""Every fixed band label (some contain scale points such as "9 or 10", which are not
counts); tests of the no-small-number rule skip these."""

LEADS: Final = {LIKERT5: "agreed they", SCALE10: "said they", YESNO: "said they"}
SUFFIXES: Final = {SCALE10: " (nine or ten out of ten)"}


def positive_values(question: Question) -> frozenset[Hashable]:
    """The answers counted as positive: agree or strongly agree, nine or ten, or yes."""
    return GROUPINGS[question.kind][-1].values


def wave_label(wave: str, labels: Mapping[str, str] | None = None) -> str:
    return (labels or {}).get(wave) or WAVE_LABELS.get(wave) or wave


def group_label(side: str) -> str:
    """ "aspiring leaders" for a side, or the label given (e.g. "participants") unchanged."""
    return SIDE_PLURALS.get(side, side)


@dataclass(frozen=True, slots=True)
class WaveResult:
    """One question at one wave, disclosed under the survey rule.

    ``respondents`` is the rounded base (or "fewer than 11 answered"); ``shares`` holds one
    percentage per band, in the order of ``bands``; ``positive`` is the last of them, the
    share the headline and the chart both print, and ``summary`` is it in words ("90%" or
    "fewer than 11 answered"). When ``withheld`` every share is withheld and nothing else
    about the group is shown.
    """

    wave: str
    label: str
    respondents: Cell
    bands: tuple[Band, ...]
    shares: tuple[Cell, ...]
    positive: Cell
    summary: str

    @property
    def withheld(self) -> bool:
        return self.respondents.suppressed

    def share(self, label: str) -> Cell | None:
        return next(
            (
                cell
                for band, cell in zip(self.bands, self.shares, strict=True)
                if band.label == label
            ),
            None,
        )


@dataclass(frozen=True, slots=True)
class PairedResult:
    """Change from ``before`` to ``after`` for the people who answered both, disclosed.

    Shown only for at least ``min_respondents`` pairs. ``summary`` is the plain-English
    sentence ("Scores rose for most of the people who answered both polls"); ``detail`` gives
    the statistics for those who want them, each rounded so coarsely that none pins the base:
    means, the change and its 95% confidence interval to one decimal place, the effect size
    in words only (its value beside the interval's width gives the number of pairs back:
    the width is t × SD / √n and the effect size is the change over the SD), and the
    evidence as a band of p-values. When ``shown``
    is false every number is ``None`` and ``reason`` says why.
    """

    before: str
    after: str
    shown: bool
    respondents: Cell
    mean_before: float | None = None
    mean_after: float | None = None
    mean_change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    size: str = ""
    evidence: str = ""
    direction: str = ""
    summary: str = ""
    detail: str = ""
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One question for one group across the waves given, with its paired change.

    ``paired`` is ``None`` when the question is not a scale (yes/no) or either wave of the
    comparison is missing; ``policy`` is the one the figures were disclosed under, kept so
    that the headline's wording follows the same thresholds.
    """

    question: Question
    side: str
    group: str
    waves: tuple[WaveResult, ...]
    paired: PairedResult | None
    policy: DisclosurePolicy = DEFAULT_POLICY

    def wave(self, key: str) -> WaveResult | None:
        return next((wave for wave in self.waves if wave.wave == key), None)


def _check_answers(question: Question, answers: Iterable[Hashable | None]) -> None:
    allowed: set[Hashable]
    if question.kind == LIKERT5:
        allowed = set(range(LIKERT_MIN, LIKERT_MAX + 1))
    elif question.kind == SCALE10:
        allowed = set(range(SCALE_MIN, SCALE_MAX + 1))
    else:
        allowed = {True, False}
    for answer in answers:
        if answer is None:
            continue
        if question.kind != YESNO and isinstance(answer, bool):
            raise ValueError(f"{question.key}: {answer!r} is not a point on the scale")
        if answer not in allowed:
            raise ValueError(f"{question.key}: {answer!r} is not an answer to this question")


def wave_result(
    question: Question,
    wave: str,
    answers: Iterable[Hashable | None],
    policy: DisclosurePolicy = DEFAULT_POLICY,
    *,
    labels: Mapping[str, str] | None = None,
) -> WaveResult:
    """One question at one wave: the share giving each band of answers, under the survey
    rule (at least ``min_respondents`` answered), as whole percentages to the step that the
    rounded base allows, adding up to 100 (:func:`mutuality.disclosure.cells.disclose_split`)."""
    given = [answer for answer in answers if answer is not None]
    _check_answers(question, given)
    n = len(given)
    bands = GROUPINGS[question.kind]
    respondents = disclose_respondents(n, policy)
    shares = disclose_split(
        tuple(sum(answer in band.values for answer in given) for band in bands), policy
    )
    positive = shares[-1]
    summary = positive.display if not positive.suppressed else respondents.display
    return WaveResult(wave, wave_label(wave, labels), respondents, bands, shares, positive, summary)


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def _plain(value: float, places: int) -> str:
    return f"{value:.{places}f}".replace("-", "−")


def effect_words(d: float) -> str:
    """Cohen's conventional sizes for a standardised change."""
    size = abs(d)
    if size < 0.2:
        return "very small"
    if size < 0.5:
        return "small"
    if size < 0.8:
        return "medium"
    return "large"


def evidence_words(p: float | None) -> str:
    """The signed-rank test's p-value as a band, never as its exact value (which varies with
    the number of pairs and so could narrow it)."""
    if p is None or p >= 0.05:
        return "could be chance (p 0.05 or more)"
    if p < 0.001:
        return "very strong evidence of a real change (p below 0.001)"
    if p < 0.01:
        return "strong evidence of a real change (p below 0.01)"
    return "some evidence of a real change (p below 0.05)"


def paired_result(
    question: Question,
    before_answers: Mapping[Hashable, Hashable | None],
    after_answers: Mapping[Hashable, Hashable | None],
    policy: DisclosurePolicy = DEFAULT_POLICY,
    *,
    before: str = BASELINE,
    after: str = FINAL,
    labels: Mapping[str, str] | None = None,
) -> PairedResult:
    """The change in the same people's scores, shown for at least ``min_respondents`` pairs.

    See :func:`mutuality.impact.stats.paired_change` for the methods. The number of pairs is
    shown rounded, as every count is.
    """
    if not question.scored:
        raise ValueError(f"{question.key}: only scale questions have a paired change")
    _check_answers(question, before_answers.values())
    _check_answers(question, after_answers.values())
    xs, ys = pair_answers(before_answers, after_answers)  # type: ignore[arg-type]
    n = len(xs)
    low, high = (LIKERT_MIN, LIKERT_MAX) if question.kind == LIKERT5 else (SCALE_MIN, SCALE_MAX)
    # "the baseline and mid-point polls", whether or not a programme's labels say "poll".
    first, last = (wave_label(w, labels).lower().removesuffix(" poll") for w in (before, after))

    def withheld(reason: str) -> PairedResult:
        return PairedResult(
            before, after, False, Cell.withheld(NOT_SHOWN, reason), summary=reason, reason=reason
        )

    floor = policy.min_respondents
    if n < floor:
        return withheld(
            f"Too few answered: a change is shown only when at least {floor} people answered "
            f"both the {first} and {last} polls."
        )
    change = paired_change(xs, ys)
    if (
        change.sd_change == 0
        or change.mean_before in (low, high)
        or change.mean_after
        in (
            low,
            high,
        )
    ):
        return withheld(
            "Not shown: everybody's answers moved together or sat at the end of the scale, so "
            "the figures would reveal each person's answers."
        )
    assert change.d_z is not None
    respondents = disclose_respondents(n, policy)
    up = sum(b > a for a, b in zip(xs, ys, strict=True))
    down = sum(b < a for a, b in zip(xs, ys, strict=True))
    if 2 * up > n:
        direction = "rose for most people"
    elif 2 * down > n:
        direction = "fell for most people"
    else:
        direction = "changed for fewer than half of the people"
    values = {
        "mean_before": round(change.mean_before, 1),
        "mean_after": round(change.mean_after, 1),
        "mean_change": round(change.mean_change, 1),
        "ci_low": round(change.ci_low, 1),
        "ci_high": round(change.ci_high, 1),
    }
    size, evidence = effect_words(change.d_z), evidence_words(change.p_value)
    summary = f"{question.label}: scores {direction} who answered both polls."
    detail = (
        f"About {respondents.display} people answered both the {first} and {last} polls. "
        f"Their average score went from {_plain(values['mean_before'], 1)} to "
        f"{_plain(values['mean_after'], 1)} (change {_signed(values['mean_change'])}, 95% "
        f"confidence interval {_signed(values['ci_low'])} to {_signed(values['ci_high'])}): "
        f"a {size} change given how much answers varied (effect size), {evidence}."
    )
    return PairedResult(
        before,
        after,
        True,
        respondents,
        size=size,
        evidence=evidence,
        direction=direction,
        summary=summary,
        detail=detail,
        **values,
    )


def summarise_item(
    question: Question,
    side: str,
    answers_by_wave: Mapping[str, Mapping[Hashable, Hashable | None]],
    policy: DisclosurePolicy = DEFAULT_POLICY,
    *,
    before: str = BASELINE,
    after: str = FINAL,
    labels: Mapping[str, str] | None = None,
) -> ItemResult:
    """One question (five-point, nought to ten, or yes/no) for one group, every wave.

    ``answers_by_wave`` maps each wave's key, in the order to show them, to that wave's
    answers keyed by respondent (answers coded 1 to 5, 0 to 10, or ``True``/``False``;
    ``None`` for a skipped question). The keys pair a person's answers across waves and are
    never returned. ``side`` is "aspiring" or "established", or a group name of your own
    (such as "participants") for both sides together.
    """
    if question.kind not in SUMMARISED_KINDS:
        raise ValueError(f"{question.key}: a {question.kind} question is not summarised")
    waves = tuple(
        wave_result(question, wave, answers.values(), policy, labels=labels)
        for wave, answers in answers_by_wave.items()
    )
    paired = None
    if question.scored and before in answers_by_wave and after in answers_by_wave:
        paired = paired_result(
            question,
            answers_by_wave[before],
            answers_by_wave[after],
            policy,
            before=before,
            after=after,
            labels=labels,
        )
    return ItemResult(question, side, group_label(side), waves, paired, policy)


COMBINED_SHORT: Final = "not shown: one side too small"
COMBINED_REASON: Final = (
    "Not shown: one side's result is shown and the other's is not, so both sides together "
    "would let a reader work out the smaller side's answers by subtraction."
)


def guard_combined(combined: ItemResult, parts: Sequence[ItemResult]) -> ItemResult:
    """Withhold a combined group's result wherever its parts are shown for some but not all.

    Both sides together are shown so that a question can be reported when neither side
    reaches the survey rule on its own. When one side is shown and the other is not, the
    combined figure minus the shown side's would give the hidden side's answers back
    (roughly, but a range of one small group's answers is what the rule protects), so the
    combined result is withheld at that wave, with its reason; likewise the paired change.
    """
    by_wave = {key: [part.wave(key) for part in parts] for key in (w.wave for w in combined.waves)}

    def mixed(flags: list[bool]) -> bool:
        return any(flags) and not all(flags)

    waves = []
    for wave in combined.waves:
        flags = [w is not None and not w.withheld for w in by_wave[wave.wave]]
        if not wave.withheld and mixed(flags):
            hidden = Cell.withheld(NOT_SHOWN, COMBINED_REASON)
            wave = WaveResult(
                wave.wave,
                wave.label,
                Cell.withheld(COMBINED_SHORT, COMBINED_REASON),
                wave.bands,
                tuple(hidden for _ in wave.shares),
                hidden,
                COMBINED_SHORT,
            )
        waves.append(wave)
    paired = combined.paired
    if paired is not None and paired.shown:
        flags = [part.paired is not None and part.paired.shown for part in parts]
        if mixed(flags):
            paired = PairedResult(
                paired.before,
                paired.after,
                False,
                Cell.withheld(NOT_SHOWN, COMBINED_REASON),
                summary=COMBINED_REASON,
                reason=COMBINED_REASON,
            )
    return ItemResult(
        combined.question, combined.side, combined.group, tuple(waves), paired, combined.policy
    )


likert_item = summarise_item
"""The name the brief uses; it summarises yes/no and nought to ten questions too."""


@dataclass(frozen=True, slots=True)
class Headline:
    """The sentence for one item, with ``kind`` "shown" (a share), "change" (from the
    paired change, when the share cannot be shown) or "withheld"; ``side`` is the group's
    key and ``level`` the evaluation level of the question."""

    text: str
    kind: str
    side: str = ""
    level: str = ""


def headline(item: ItemResult, *, before: str = BASELINE, after: str = FINAL) -> Headline:
    """The headline statement, written only from shown figures, in the programme's words.

    "90% of aspiring leaders agreed they feel confident navigating how their organisation
    works, up from 40% at baseline (about 15 answered)." When the share cannot be shown, the
    paired change speaks if it can, and otherwise the sentence says plainly that too few
    answered.
    """
    question = item.question
    final = item.wave(after)
    if final is None:
        raise ValueError(f"{question.key}: no {after} wave to write a headline from")
    lead = LEADS[question.kind]
    statement = f"{lead} {question.headline}{SUFFIXES.get(question.kind, '')}"
    level = level_of(question.key)
    baseline = item.wave(before)
    comparison = ""
    if baseline is not None and baseline is not final and not baseline.positive.suppressed:
        base_label = wave_label(before).lower()
        if not final.positive.suppressed:
            now, then = final.positive.value or 0, baseline.positive.value or 0
            if now == then:
                comparison = f", the same as at {base_label}"
            else:
                direction = "up" if now > then else "down"
                comparison = f", {direction} from {baseline.positive.display} at {base_label}"
    if not final.positive.suppressed:
        text = (
            f"{final.positive.display} of {item.group} {statement}{comparison} "
            f"(about {final.respondents.display} answered)."
        )
        return Headline(text, "shown", item.side, level)
    if item.paired is not None and item.paired.shown:
        return Headline(item.paired.summary, "change", item.side, level)
    why = (
        "one side's result is shown on its own"
        if final.respondents.reason == COMBINED_REASON
        else too_few_answered(item.policy)
    )
    return Headline(
        f"{question.label} ({item.group}): {why}, so no result is shown.",
        "withheld",
        item.side,
        level,
    )


@dataclass(frozen=True, slots=True)
class SessionCount:
    """Raw input: how many of those expected came to one session."""

    title: str
    mandatory: bool
    attended: int
    expected: int


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    """One session, disclosed: ``rate`` is the share of those expected who came, under the
    same rule as a poll result (at least ``min_respondents`` expected), and ``summary`` says
    it in words ("95%" or "fewer than 11 expected"). The chart draws ``rate`` and nothing
    else."""

    title: str
    mandatory: bool
    expected: Cell
    rate: Cell
    summary: str


def attendance(
    sessions: Sequence[SessionCount], policy: DisclosurePolicy = DEFAULT_POLICY
) -> tuple[AttendanceRow, ...]:
    """Attendance at each session as a share of those expected."""
    rows = []
    for session in sessions:
        if not 0 <= session.attended <= session.expected:
            raise ValueError(f"{session.title}: attendance needs 0 <= attended <= expected")
        expected = disclose_respondents(session.expected, policy)
        if expected.suppressed:
            display = f"fewer than {policy.min_respondents} expected"
            rate = Cell.withheld(display, too_few_reason(policy))
            expected = Cell.withheld(display, too_few_reason(policy))
        else:
            rate = disclose_share(session.attended, session.expected, policy)
        rows.append(AttendanceRow(session.title, session.mandatory, expected, rate, rate.display))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class MonthRow:
    """Meetings logged in one calendar month, disclosed (``month`` is (year, month))."""

    month: Month
    label: str
    meetings: Cell


@dataclass(frozen=True, slots=True)
class Rhythm:
    """Meeting rhythm across a cohort: meetings per month, and meetings per pair per month
    worked out from the shown (rounded) totals, to one decimal place. ``monthly`` is the
    share of pairs that met at least once a month on average, under the survey rule (at
    least ``min_respondents`` pairs), and ``monthly_summary`` says it in words."""

    months: tuple[MonthRow, ...]
    meetings: Cell
    pairs: Cell
    per_pair_per_month: float | None
    summary: str
    monthly: Cell = Cell.withheld(NOT_SHOWN, "No pairs yet.")
    monthly_summary: str = ""


def month_label(month: Month) -> str:
    year, number = month
    return f"{MONTH_NAMES[number - 1][:3]} {year}"


def _rhythm_headline(monthly: Cell, kept: str, pairs: str) -> str:
    """The share of pairs that kept the rhythm as a programme would publish it ("7 in 10
    pairs met at least once a month"), said only from the shown share and the shown base,
    so it tells nothing more than they do: never "12 of 17", two exact counts."""
    share = monthly.value
    if share == 100:
        return f"Every pair {kept} (100% of about {pairs} pairs)."
    if share == 0:
        return f"No pair {kept} (0% of about {pairs} pairs)."
    if share is not None and share % 10 == 0:
        return f"{share // 10} in 10 pairs {kept} ({monthly.display} of about {pairs} pairs)."
    return f"{monthly.display} of pairs {kept} (about {pairs} pairs)."


def meeting_rhythm(
    meetings_by_month: Mapping[Month, int],
    pairs: int,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    *,
    monthly_pairs: int | None = None,
    kept: str = "met at least once a month on average",
) -> Rhythm:
    """Meetings logged per month (see :func:`mutuality.impact.stats.meetings_per_month`).

    Meetings are not people, but a month with three meetings says that at most three pairs
    met, so monthly counts are disclosed as counts of people are. ``monthly_pairs`` is how
    many of the ``pairs`` kept the rhythm, by default at least once a month on average
    (:func:`mutuality.impact.stats.met_at_least_monthly`), and ``kept`` says what that was
    in words; it is shown as a share of pairs under the same rule as a poll result, since
    "12 of 17" would print two exact counts.
    """
    if monthly_pairs is not None and not 0 <= monthly_pairs <= pairs:
        raise ValueError("pairs meeting monthly must be between 0 and the number of pairs")
    months = tuple(
        MonthRow(month, month_label(month), disclose_count(count, policy))
        for month, count in sorted(meetings_by_month.items())
    )
    total = disclose_count(sum(meetings_by_month.values()), policy)
    shown_pairs = disclose_count(pairs, policy)
    rate = None
    if total.value and shown_pairs.value and months and pairs >= policy.group_floor:
        rate = round(total.value / shown_pairs.value / len(months), 1)
    if rate is None:
        summary = "Too few pairs or meetings to show a meeting rhythm safely."
    else:
        summary = (
            f"About {total.display} meetings were logged by about {shown_pairs.display} pairs: "
            f"roughly {rate:.1f} a pair each month."
        )
    monthly = (
        disclose_share(monthly_pairs, pairs, policy)
        if monthly_pairs is not None and pairs
        else Cell.withheld(NOT_SHOWN, "No pairs yet.")
    )
    if monthly.suppressed:
        monthly_summary = (
            f"Fewer than {policy.min_respondents} pairs, so the share of pairs that {kept} "
            "is not shown."
            if pairs
            else ""
        )
    else:
        monthly_summary = _rhythm_headline(
            monthly, kept, disclose_respondents(pairs, policy).display
        )
    return Rhythm(months, total, shown_pairs, rate, summary, monthly, monthly_summary)
