"""Gather a cohort's records and hand them to the impact engine.

This is the only place the evaluation report touches the database. Everything it returns has
passed through :mod:`mutuality.impact` and :mod:`mutuality.disclosure`: tables of rounded
counts, shares, and statistics about groups large enough to show. Raw counts stay inside the
functions below.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from mutuality.disclosure import (
    Cell,
    DisclosurePolicy,
    Table,
    disclose_breakdown,
    disclose_count,
    disclose_percentage,
    disclose_table,
)
from mutuality.impact import report as engine
from mutuality.impact import stats
from mutuality.impact.instrument import Question as EngineQuestion
from mutuality.partnerships.models import Meeting, Partnership
from mutuality.polls.models import CareerOutcome, Kind, Question, Quote, Response, Wave
from mutuality.programmes.models import Cohort, Side
from mutuality.programmes.numbers import policy_for
from mutuality.timeline.models import Session

SUMMARISED = {Kind.LIKERT5, Kind.SCALE10, Kind.YESNO}


def engine_question(question: Question) -> EngineQuestion:
    sides = (
        (Side.ASPIRING.value, Side.ESTABLISHED.value)
        if question.sides == Question.Sides.BOTH
        else (str(question.sides),)
    )
    return EngineQuestion(
        key=question.key,
        kind=question.kind,
        text=question.text,
        headline=question.headline,
        sides=sides,
        options=tuple(question.options),
        short=question.short,
    )


@dataclass(frozen=True)
class SideResults:
    side: str
    label: str  # "aspiring leaders"
    items: list[engine.ItemResult]
    headlines: list[engine.Headline]


@dataclass(frozen=True)
class ChoiceResult:
    """A one-choice or tick-all question at one poll, both sides together: the share of
    people answering it who chose each option (each share disclosed on its own)."""

    question: Question
    wave: str
    respondents: Cell
    options: list[tuple[str, Cell]]


@dataclass(frozen=True)
class CohortReport:
    cohort: Cohort
    policy: DisclosurePolicy
    generated_at: datetime
    taking_part: Cell
    who: list[tuple[str, Table]]
    retention: Table
    retention_total: Cell
    end_reasons: Table
    rhythm: engine.Rhythm
    attendance: tuple[engine.AttendanceRow, ...]
    waves: list[tuple[str, str]]  # (key, label) in order
    before: str | None
    after: str | None
    sides: list[SideResults]
    outcomes: Table
    outcomes_people: Cell
    quotes: list[str]
    choices: list[ChoiceResult] = field(default_factory=list)
    charts: dict[str, object] = field(default_factory=dict)

    def wave_title(self, key: str | None) -> str:
        return next((title for k, title in self.waves if k == key), key or "")

    @property
    def headlines(self) -> list[engine.Headline]:
        """The statements worth leading with: shown shares first, then changes for the same
        people, then "almost all"; withheld ones stay in the detail below."""
        order = {"shown": 0, "change": 1, "almost all": 2}
        found = [h for side in self.sides for h in side.headlines if h and h.kind in order]
        return sorted(found, key=lambda h: order[h.kind])


def _side_plural(cohort: Cohort, side: str) -> str:
    return f"{cohort.programme.side_label(side)}s"


def _who(cohort: Cohort, policy: DisclosurePolicy) -> tuple[Cell, list[tuple[str, Table]]]:
    records = [
        {
            "side": cohort.programme.side_label(p.side).capitalize(),
            "organisation": p.organisation.name,
            "place": p.organisation.place.name if p.organisation.place else "Whole system",
        }
        for p in cohort.participations.select_related("organisation__place")
    ]
    total = disclose_count(len(records), policy)
    tables = [
        (title, disclose_breakdown(records, {}, key, policy, kind=title.lower()))
        for key, title in (("side", "Side"), ("organisation", "Organisation"), ("place", "Place"))
    ]
    return total, tables


def _retention(cohort: Cohort, policy: DisclosurePolicy) -> tuple[Table, Cell, Table]:
    pairs = cohort.partnerships.all()
    statuses = Counter()
    reasons = Counter()
    for p in pairs:
        if p.status == Partnership.Status.COMPLETED:
            statuses["Completed the programme"] += 1
        elif p.status == Partnership.Status.ENDED:
            statuses["Ended early"] += 1
            reasons[p.get_end_reason_display() or "No reason given"] += 1
        else:
            statuses["Still meeting"] += 1
    return (
        disclose_table(dict(statuses), policy, kind="outcome"),
        disclose_count(len(pairs), policy),
        disclose_table(dict(reasons), policy, kind="reason"),
    )


def _rhythm(cohort: Cohort, policy: DisclosurePolicy) -> engine.Rhythm:
    dates = list(
        Meeting.objects.filter(partnership__cohort=cohort).values_list("met_on", flat=True)
    )
    end = min(timezone.localdate(), cohort.ends_on)
    by_month = stats.meetings_per_month(dates, cohort.starts_on, end) if dates else {}
    return engine.meeting_rhythm(by_month, cohort.partnerships.count(), policy)


def _attendance(cohort: Cohort, policy: DisclosurePolicy):
    sessions = (
        Session.objects.filter(
            cohort=cohort, cancelled_at__isnull=True, starts_at__lt=timezone.now()
        )
        .annotate(
            present=Count("register", filter=Q(register__present=True)),
            taken=Count("register"),
        )
        .filter(taken__gt=0)
        .order_by("starts_at")
    )
    return engine.attendance(
        [engine.SessionCount(s.title, s.mandatory, s.present, s.taken) for s in sessions],
        policy,
    )


def _wave_keys(waves: list[Wave]) -> list[tuple[Wave, str, str]]:
    """A key per wave for the engine: the stage for unique stages ("baseline", "final"), a
    numbered key for repeated ones (the interval polls)."""
    counts = Counter(w.stage for w in waves)
    seen: Counter = Counter()
    keyed = []
    for wave in waves:
        seen[wave.stage] += 1
        key = wave.stage if counts[wave.stage] == 1 else f"{wave.stage}-{seen[wave.stage]}"
        keyed.append((wave, key, wave.title))
    return keyed


def _poll_results(cohort: Cohort, policy: DisclosurePolicy):
    today = timezone.localdate()
    waves = [w for w in cohort.waves.select_related("instrument") if w.opens_on <= today]
    keyed = _wave_keys(waves)
    labels = {key: title for _, key, title in keyed}
    keys = [key for _, key, _ in keyed]
    before = "baseline" if "baseline" in keys else None
    after = "final" if "final" in keys else (keys[-1] if keys and keys[-1] != before else None)
    answers: dict[str, dict[str, dict[Hashable, dict]]] = defaultdict(lambda: defaultdict(dict))
    for response in Response.objects.filter(wave__in=waves).select_related("participation"):
        answers[response.participation.side][response.wave_id][response.participation_id] = (
            response.answers
        )
    questions: dict[str, Question] = {}
    for wave in waves:
        for q in wave.instrument.questions.all():
            if q.kind in SUMMARISED:
                questions.setdefault(q.key, q)

    def item(question: Question, group: str, sides: tuple[str, ...]):
        by_wave: dict[str, Mapping[Hashable, object]] = {}
        for wave, key, _ in keyed:
            by_wave[key] = {
                pid: a.get(question.key)
                for side in sides
                for pid, a in answers[side].get(wave.pk, {}).items()
            }
        if not any(v is not None for wave in by_wave.values() for v in wave.values()):
            return None
        return engine.summarise_item(
            engine_question(question),
            group,
            by_wave,
            policy,
            before=before or "",
            after=after or "",
            labels=labels,
        )

    def headline(result):
        return engine.headline(result, before=before or "", after=after) if after else None

    sides = []
    both = (Side.ASPIRING.value, Side.ESTABLISHED.value)
    everyone_items, everyone_headlines = [], []
    for question in questions.values():
        if question.sides == Question.Sides.BOTH:
            result = item(question, "participants", both)
            if result is not None:
                everyone_items.append(result)
                everyone_headlines.append(headline(result))
    sides.append(SideResults("everyone", "participants", everyone_items, everyone_headlines))
    for side in (Side.ASPIRING, Side.ESTABLISHED):
        items, headlines = [], []
        group = _side_plural(cohort, side)
        for question in questions.values():
            if not question.asked_of(side):
                continue
            result = item(question, group, (side,))
            if result is None:
                continue
            items.append(result)
            # Questions both sides answer lead with the pooled figure, which more often
            # clears the disclosure thresholds; a side's own questions lead with its own.
            if question.sides != Question.Sides.BOTH:
                headlines.append(headline(result))
        sides.append(SideResults(side, group, items, headlines))
    return [(key, title) for _, key, title in keyed], before, after, sides


def _choices(cohort: Cohort, policy: DisclosurePolicy, after: str | None) -> list[ChoiceResult]:
    """Choice questions at the final poll (or the latest one), both sides pooled."""
    if not after:
        return []
    today = timezone.localdate()
    waves = [w for w in cohort.waves.select_related("instrument") if w.opens_on <= today]
    keyed = {key: (wave, title) for wave, key, title in _wave_keys(waves)}
    if after not in keyed:
        return []
    wave, title = keyed[after]
    answers = list(wave.responses.values_list("answers", flat=True))
    results = []
    for question in wave.instrument.questions.filter(kind__in=[Kind.SINGLE, Kind.MULTIPLE]):
        given = [a.get(question.key) for a in answers if a.get(question.key) not in (None, [])]
        if not given:
            continue
        chosen = [set(g) if isinstance(g, list) else {g} for g in given]
        results.append(
            ChoiceResult(
                question,
                title,
                disclose_count(len(given), policy),
                [
                    (
                        option,
                        disclose_percentage(sum(option in c for c in chosen), len(given), policy),
                    )
                    for option in question.options
                ],
            )
        )
    return results


def _outcomes(cohort: Cohort, policy: DisclosurePolicy) -> tuple[Table, Cell]:
    """People with at least one career move of each kind (a person promoted twice counts
    once), and people with any move at all."""
    people_by_kind: dict[str, set[int]] = defaultdict(set)
    for outcome in CareerOutcome.objects.filter(participation__cohort=cohort):
        people_by_kind[outcome.get_kind_display()].add(outcome.participation_id)
    anyone = set().union(*people_by_kind.values()) if people_by_kind else set()
    counts = {kind: len(people) for kind, people in people_by_kind.items()}
    return disclose_table(counts, policy, kind="career move"), disclose_count(len(anyone), policy)


def cohort_report(cohort: Cohort, *, charts: bool = True) -> CohortReport:
    policy = policy_for(cohort)
    taking_part, who = _who(cohort, policy)
    retention, retention_total, end_reasons = _retention(cohort, policy)
    waves, before, after, sides = _poll_results(cohort, policy)
    outcomes, outcomes_people = _outcomes(cohort, policy)
    report = CohortReport(
        cohort=cohort,
        policy=policy,
        generated_at=timezone.now(),
        taking_part=taking_part,
        who=who,
        retention=retention,
        retention_total=retention_total,
        end_reasons=end_reasons,
        rhythm=_rhythm(cohort, policy),
        attendance=_attendance(cohort, policy),
        waves=waves,
        before=before,
        after=after,
        sides=sides,
        outcomes=outcomes,
        outcomes_people=outcomes_people,
        choices=_choices(cohort, policy, after),
        quotes=list(
            Quote.objects.filter(wave__cohort=cohort)
            .order_by("question_key", "text")
            .values_list("text", flat=True)
        ),
    )
    if charts:
        from .charts import charts_for

        report.charts.update(charts_for(report))
    return report
