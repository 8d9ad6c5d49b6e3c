"""The evaluation report's figures, after disclosure control: what the web page and PDF show.

Every function here takes raw answers or counts and a :class:`DisclosurePolicy`, and returns
frozen dataclasses whose numbers are :class:`Cell`\\ s from :mod:`mutuality.disclosure` or
statistics about at least ``policy.group_floor`` people. Nothing returned holds a true count:
respondent numbers are rounded, small ones are replaced by "fewer than 8", and sentences are
built only from those shown figures. The templates and charts can therefore print any field
without thinking about disclosure again.

Three choices go beyond the bare rules, each to avoid a figure that would say something about
individuals:

* an item's answers are shown at the finest grouping that needs no merging (five levels, then
  disagree / neither / agree, then "did not agree" / agree), because merging "strongly
  disagree" with "agree" into an "Other" line would be meaningless on a diverging bar;
* a paired change is shown only for at least ``group_floor`` people, and not at all when
  everybody changed by the same amount or a mean sits at the end of the scale, because either
  would tell a reader every respondent's answer;
* when a percentage is withheld only because almost everybody agreed, the sentence says so
  ("all but fewer than 8 of about 20"), which is what the withheld figure's marker says
  anyway, rather than hiding a good result behind "not shown".
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from mutuality.disclosure import (
    DEFAULT_POLICY,
    Cell,
    DisclosurePolicy,
    Table,
    disclose_answers,
    disclose_count,
    disclose_percentage,
)
from mutuality.disclosure.cells import NOT_SHOWN, fewer_than, percentage_of_shown, shown_count

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
    LIKERT5: (LIKERT_BANDS, LIKERT_THREE, LIKERT_TWO),
    SCALE10: (SCALE_BANDS, SCALE_TWO),
    YESNO: (YESNO_BANDS,),
}
"""For each kind, its ways of grouping answers from finest to coarsest; the last band of the
coarsest grouping is the positive answer that the share and the headline count."""

STATIC_LABELS: Final = frozenset(
    band.label for groupings in GROUPINGS.values() for bands in groupings for band in bands
)
"""Every fixed band label (some contain scale points such as "9 or 10", which are not
counts); tests of the no-small-number rule skip these."""

LEADS: Final = {LIKERT5: "agreed they", SCALE10: "said they", YESNO: "said they"}
SUFFIXES: Final = {SCALE10: " (nine or ten out of ten)"}


def positive_values(question: Question) -> frozenset[Hashable]:
    """The answers counted as positive: agree or strongly agree, nine or ten, or yes."""
    return GROUPINGS[question.kind][-1][-1].values


def wave_label(wave: str, labels: Mapping[str, str] | None = None) -> str:
    return (labels or {}).get(wave) or WAVE_LABELS.get(wave) or wave


def group_label(side: str) -> str:
    """ "aspiring leaders" for a side, or the label given (e.g. "participants") unchanged."""
    return SIDE_PLURALS.get(side, side)


@dataclass(frozen=True, slots=True)
class WaveResult:
    """One question at one wave, disclosed.

    ``table`` holds the answers grouped by ``bands`` (one row per band, in order) or is
    withheld with a note; ``respondents`` is its total (or a rounded count when the table is
    withheld); ``positive`` is the share agreeing. ``almost_all`` is true when that share is
    withheld only because fewer than ``min_count`` people did *not* agree, and ``summary`` is
    the share in words: "85%", "all but fewer than 8 of about 20" or "not shown".
    """

    wave: str
    label: str
    respondents: Cell
    table: Table
    bands: tuple[Band, ...]
    positive: Cell
    almost_all: bool
    summary: str
    few_positive: bool = False


@dataclass(frozen=True, slots=True)
class PairedResult:
    """Change from ``before`` to ``after`` for the people who answered both, disclosed.

    When ``shown`` is false every number is ``None``, ``respondents`` is withheld and
    ``reason`` explains why. Figures are rounded for display: means and changes to one
    decimal place on the question's own scale, the effect size to two, the p-value to three
    (``p_display`` says "below 0.001" for smaller ones, and ``p_value`` is then 0.001, an upper
    bound). ``summary`` is a sentence for the
    report.
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
    effect_size: float | None = None
    effect_low: float | None = None
    effect_high: float | None = None
    p_value: float | None = None
    p_display: str = ""
    summary: str = ""
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One question for one side across the waves given, with its paired change.

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


def _withheld_table(note: str) -> Table:
    return Table("answer", (), Cell.withheld(NOT_SHOWN, note), (note,), True)


def answers_table(
    question: Question, answers: Iterable[Hashable | None], policy: DisclosurePolicy
) -> tuple[Table, tuple[Band, ...]]:
    """The answers grouped as finely as the rules allow without an "Other" line.

    Each grouping is tried through :func:`disclose_answers`, which names an answer only when it
    was given by at least ``min_count`` people and another answer by at least ``min_count``
    (the count rules, as for a shown percentage: answers are not groups of people to be
    recognised); the first grouping in which every band can be named is used.
    """
    given = [answer for answer in answers if answer is not None]
    for bands in GROUPINGS[question.kind]:
        counts = {band.label: sum(answer in band.values for answer in given) for band in bands}
        table = disclose_answers(counts, policy, kind="answer")
        if not table.withheld and not table.notes:
            return table, bands
    note = (
        "The answers are not broken down: some would describe fewer than "
        f"{policy.min_count} people, however they were grouped."
    )
    return _withheld_table(note), ()


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
    """One question at one wave: the grouped answers and the share agreeing, disclosed."""
    given = [answer for answer in answers if answer is not None]
    _check_answers(question, given)
    n = len(given)
    positive_n = sum(answer in positive_values(question) for answer in given)
    table, bands = answers_table(question, given, policy)
    respondents = table.total if not table.withheld else disclose_count(n, policy)
    positive = disclose_percentage(positive_n, n, policy)
    almost_all = (
        positive.suppressed
        and n >= policy.min_percentage_base
        and positive_n >= policy.min_count
        and n - positive_n < policy.min_count
    )
    # The mirror image: withheld only because few gave the positive answer. Saying "fewer
    # than 8" is what a withheld count says anyway.
    few_positive = (
        positive.suppressed
        and n >= policy.min_percentage_base
        and positive_n < policy.min_count
        and n - positive_n >= policy.min_count
    )
    if not positive.suppressed:
        summary = positive.display
    elif almost_all:
        summary = f"all but {fewer_than(policy)} of about {respondents.display}"
    elif few_positive:
        summary = f"{fewer_than(policy)} of about {respondents.display}"
    else:
        summary = NOT_SHOWN
    return WaveResult(
        wave,
        wave_label(wave, labels),
        respondents,
        table,
        bands,
        positive,
        almost_all,
        summary,
        few_positive,
    )


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def _plain(value: float, places: int) -> str:
    return f"{value:.{places}f}".replace("-", "−")


def _p_text(p: float) -> tuple[float, str]:
    if p < 0.001:
        return 0.001, "p below 0.001"
    rounded = round(p, 3)
    return rounded, f"p = {rounded:.3f}"


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
    """The change in the same people's scores, shown for at least ``group_floor`` pairs.

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

    def withheld(reason: str) -> PairedResult:
        return PairedResult(
            before, after, False, Cell.withheld(NOT_SHOWN, reason), summary=reason, reason=reason
        )

    floor = policy.group_floor
    if n < floor:
        return withheld(
            f"Not shown: fewer than {floor} people answered at both "
            f"{wave_label(before, labels).lower()} and {wave_label(after, labels).lower()}."
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
    assert change.d_z is not None and change.p_value is not None  # sd > 0 and n >= 2
    p_value, p_display = _p_text(change.p_value)
    respondents = Cell.shown(shown_count(n, policy, floor))
    values = {
        "mean_before": round(change.mean_before, 1),
        "mean_after": round(change.mean_after, 1),
        "mean_change": round(change.mean_change, 1),
        "ci_low": round(change.ci_low, 1),
        "ci_high": round(change.ci_high, 1),
        "effect_size": round(change.d_z, 2),
        "effect_low": round(change.d_z_low, 2),
        "effect_high": round(change.d_z_high, 2),
    }
    summary = (
        f"For about {respondents.display} people who answered both times, the average "
        f"score went from {_plain(values['mean_before'], 1)} to "
        f"{_plain(values['mean_after'], 1)} (change {_signed(values['mean_change'])}, 95% "
        f"confidence interval {_signed(values['ci_low'])} to {_signed(values['ci_high'])}); "
        f"effect size d_z {_plain(values['effect_size'], 2)} (95% confidence interval "
        f"{_plain(values['effect_low'], 2)} to {_plain(values['effect_high'], 2)}); "
        f"Wilcoxon signed-rank test {p_display}."
    )
    return PairedResult(
        before,
        after,
        True,
        respondents,
        p_value=p_value,
        p_display=p_display,
        summary=summary,
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
    """One question (five-point, nought to ten, or yes/no) for one side, every wave.

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


likert_item = summarise_item
"""The name the brief uses; it summarises yes/no and nought to ten questions too."""


@dataclass(frozen=True, slots=True)
class Headline:
    """The sentence for one item, with ``kind`` "shown", "almost all", "change" (from the
    paired change, when the shares cannot be shown) or "withheld"."""

    text: str
    kind: str


def headline(item: ItemResult, *, before: str = BASELINE, after: str = FINAL) -> Headline:
    """The headline statement, written only from shown figures.

    "85% of aspiring leaders agreed they feel confident navigating how their organisation
    works, up from 40% at baseline (about 20 people answered both)." When the final share is
    withheld because nearly everybody agreed, the sentence says "Almost all" (or "Most",
    when the rounded number of respondents is under five times ``min_count``, so that the
    word is never stronger than the figures allow); when it is withheld for any other reason,
    it says plainly that there were too few answers.
    """
    question = item.question
    final = item.wave(after)
    if final is None:
        raise ValueError(f"{question.key}: no {after} wave to write a headline from")
    lead = LEADS[question.kind]
    statement = f"{lead} {question.headline}{SUFFIXES.get(question.kind, '')}"
    baseline = item.wave(before)
    comparison = ""
    if baseline is not None and baseline is not final:
        base_label = wave_label(before).lower()
        if not final.positive.suppressed and not baseline.positive.suppressed:
            now, then = final.positive.value or 0, baseline.positive.value or 0
            if now == then:
                comparison = f", the same as at {base_label}"
            else:
                direction = "up" if now > then else "down"
                comparison = f", {direction} from {baseline.positive.display} at {base_label}"
        elif not baseline.positive.suppressed:
            comparison = f", compared with {baseline.positive.display} at {base_label}"
        elif baseline.almost_all:
            comparison = f", compared with almost all at {base_label}"
        elif baseline.few_positive:
            comparison = f", compared with {baseline.summary} at {base_label}"
        else:
            comparison = f"; there were too few answers at {base_label} to compare safely"
    if item.paired is not None and item.paired.shown:
        people = f"about {item.paired.respondents.display} people answered both"
    else:
        people = f"about {final.respondents.display} people answered"
    if not final.positive.suppressed:
        text = f"{final.positive.display} of {item.group} {statement}{comparison} ({people})."
        return Headline(text, "shown")
    if final.almost_all:
        size = final.respondents.value or 0
        quantifier = "Almost all" if size >= 5 * item.policy.min_count else "Most"
        text = f"{quantifier} {item.group} {statement}{comparison} ({final.summary})."
        return Headline(text, "almost all")
    if item.paired is not None and item.paired.shown:
        return Headline(change_sentence(item), "change")
    return Headline(f"{question.label} ({item.group}): {TOO_FEW.lower()}.", "withheld")


def change_sentence(item: ItemResult) -> str:
    """A headline from the paired change alone, for when the shares cannot be shown: "Ready
    to apply for promotion (aspiring leaders): the average answer rose from 2.3 to 3.8 out of
    5 between the baseline and final polls (about 15 people answered both; effect size 1.29)."
    """
    paired = item.paired
    assert paired is not None and paired.shown
    top = LIKERT_MAX if item.question.kind == LIKERT5 else SCALE_MAX
    before, after = paired.mean_before or 0.0, paired.mean_after or 0.0
    verb = "rose" if after > before else "fell" if after < before else "stayed"
    movement = (
        f"stayed at {_plain(after, 1)}"
        if verb == "stayed"
        else f"{verb} from {_plain(before, 1)} to {_plain(after, 1)}"
    )
    return (
        f"{item.question.label} ({item.group}): the average answer {movement} out of {top} "
        f"between the {wave_label(paired.before).lower()} and {wave_label(paired.after).lower()} "
        f"polls (about {paired.respondents.display} people answered both; effect size "
        f"{_plain(paired.effect_size or 0.0, 2)})."
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
    """One session, disclosed: ``rate`` is the percentage attending, and ``summary`` says it
    in words ("85%", "all but fewer than 8", "not shown")."""

    title: str
    mandatory: bool
    attended: Cell
    expected: Cell
    rate: Cell
    summary: str
    at_least: int | None = None


def attendance(
    sessions: Sequence[SessionCount], policy: DisclosurePolicy = DEFAULT_POLICY
) -> tuple[AttendanceRow, ...]:
    """Attendance at each session as a disclosed percentage of those expected."""
    rows = []
    for session in sessions:
        if not 0 <= session.attended <= session.expected:
            raise ValueError(f"{session.title}: attendance needs 0 <= attended <= expected")
        rate = disclose_percentage(session.attended, session.expected, policy)
        absent = session.expected - session.attended
        expected = disclose_count(session.expected, policy)
        at_least = None
        if not rate.suppressed:
            summary = rate.display
        elif (
            session.expected >= policy.min_percentage_base
            and session.attended >= policy.min_count
            and absent < policy.min_count
        ):
            summary = f"all but {fewer_than(policy)}"
            # A floor worked out from shown figures only: of "about 35", all but at most
            # seven came, so a chart may draw "at least 80%" without saying more.
            if expected.value:
                floor = max(0, expected.value - (policy.min_count - 1))
                at_least = percentage_of_shown(floor, expected.value)
        else:
            summary = NOT_SHOWN
        rows.append(
            AttendanceRow(
                session.title,
                session.mandatory,
                disclose_count(session.attended, policy),
                expected,
                rate,
                summary,
                at_least,
            )
        )
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
    worked out from the shown (rounded) totals, to one decimal place."""

    months: tuple[MonthRow, ...]
    meetings: Cell
    pairs: Cell
    per_pair_per_month: float | None
    summary: str


def month_label(month: Month) -> str:
    year, number = month
    return f"{MONTH_NAMES[number - 1][:3]} {year}"


def meeting_rhythm(
    meetings_by_month: Mapping[Month, int],
    pairs: int,
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> Rhythm:
    """Meetings logged per month (see :func:`mutuality.impact.stats.meetings_per_month`).

    Meetings are not people, but a month with three meetings says that at most three pairs
    met, so monthly counts are disclosed as counts of people are.
    """
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
    return Rhythm(months, total, shown_pairs, rate, summary)
