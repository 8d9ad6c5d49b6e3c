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
    Population,
    Row,
    Table,
    disclose_breakdown,
    disclose_count,
    disclose_filtered_count,
    disclose_respondents,
    disclose_share,
    disclose_table,
)
from mutuality.disclosure.cells import NOT_SHOWN
from mutuality.impact import report as engine
from mutuality.impact import stats
from mutuality.impact.instrument import BEHAVIOUR, EDI_MEASURES, LEVEL_TITLES, RESULTS
from mutuality.impact.instrument import Question as EngineQuestion
from mutuality.partnerships.health import expected_meetings_by
from mutuality.partnerships.models import Meeting, Partnership
from mutuality.polls.models import CareerOutcome, Kind, Question, Quote, Wave
from mutuality.polls.selectors import frozen_results
from mutuality.programmes.models import Cohort, Side
from mutuality.programmes.numbers import policy_for, taking_part, took_part
from mutuality.timeline.models import Session

SUMMARISED = {Kind.LIKERT5, Kind.SCALE10, Kind.YESNO}
CAREER_VERBS = {
    CareerOutcome.Kind.PROMOTION.label: "were promoted",
    CareerOutcome.Kind.APPLIED.label: "applied for promotion",
    CareerOutcome.Kind.NEW_ROLE.label: "moved to a new role",
    CareerOutcome.Kind.SECONDMENT.label: "went on a secondment",
    CareerOutcome.Kind.ACTING_UP.label: "acted up into a more senior role",
    CareerOutcome.Kind.LEFT_ORGANISATION.label: "left their organisation",
    CareerOutcome.Kind.LEFT_SECTOR.label: "left health and care",
}


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
        after_start=question.after_start,
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
    left: Cell
    who: list[tuple[str, Table]]
    retention: Table
    retention_total: Cell
    completed: Cell
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
    versions: list[tuple[str, int]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # open polls, not in any figure
    waiting: list[str] = field(default_factory=list)  # closed, frozen at the next daily run
    charts: dict[str, object] = field(default_factory=dict)

    def wave_title(self, key: str | None) -> str:
        return next((title for k, title in self.waves if k == key), key or "")

    @property
    def headlines(self) -> list[engine.Headline]:
        """The statements worth leading with, per side where the survey rule allows: shares
        first, then changes for the same people; withheld ones stay in the evidence below."""
        order = {"shown": 0, "change": 1}
        found = [h for side in self.sides for h in side.headlines if h and h.kind in order]
        return sorted(found, key=lambda h: order[h.kind])

    @property
    def levels(self) -> list[tuple[str, str, list[engine.Headline]]]:
        """The headlines by evaluation level: (level, title, headlines), in order."""
        lines = self.headlines + self.rhythm_lines + self.results_lines
        return [
            (level, title, [h for h in lines if h.level == level])
            for level, title in LEVEL_TITLES.items()
        ]

    @property
    def questions(self) -> list[tuple[str, str, list[engine.ItemResult]]]:
        """Each question once, in the order first asked: (key, label, its results for each
        group asked it: aspiring leaders, established leaders, then both together)."""
        found: dict[str, tuple[str, list[engine.ItemResult]]] = {}
        for side in [*self.sides[1:], *self.sides[:1]]:
            for item in side.items:
                found.setdefault(item.question.key, (item.question.label, []))[1].append(item)
        return [(key, label, items) for key, (label, items) in found.items()]

    @property
    def rhythm_lines(self) -> list[engine.Headline]:
        """The meeting-rhythm headline, at the behaviour level, when the share can be shown."""
        if self.rhythm.monthly.suppressed:
            return []
        return [engine.Headline(self.rhythm.monthly_summary, "shown", "everyone", BEHAVIOUR)]

    @property
    def results_lines(self) -> list[engine.Headline]:
        """Headlines at the results level, from shown counts and shares only."""
        lines = []
        if not self.completed.suppressed:
            lines.append(
                engine.Headline(
                    f"{self.completed.display} of the pairs that finished completed the programme.",
                    "shown",
                    "everyone",
                    RESULTS,
                )
            )
        for row in self.outcomes.rows:
            if row.cell.value:
                moved = CAREER_VERBS.get(row.label, "made another career move")
                lines.append(
                    engine.Headline(
                        f"About {row.cell.display} people {moved} after joining.",
                        "shown",
                        "everyone",
                        RESULTS,
                    )
                )
        return lines

    @property
    def edi_measures(self) -> list[tuple[str, str]]:
        """(measure, evidence) pairs: the results that bear on the EDI Improvement Plan."""
        found = []
        for side in self.sides:
            for item in side.items:
                measure = EDI_MEASURES.get(item.question.key)
                final = item.wave(self.after) if self.after else None
                if measure and final is not None and not final.positive.suppressed:
                    found.append((measure, f"{item.question.label} ({item.group}): "
                                           f"{final.positive.display}"))  # fmt: skip
        if self.outcomes_people.value:
            found.append(
                (EDI_MEASURES.get("applied-for-role", ""),
                 f"People with a career move recorded: about {self.outcomes_people.display}")
            )  # fmt: skip
        return found


def _side_plural(cohort: Cohort, side: str) -> str:
    return cohort.programme.side_plural(side)


def _who(cohort: Cohort, policy: DisclosurePolicy) -> tuple[Cell, Cell, list[tuple[str, Table]]]:
    records = [
        {
            "side": cohort.programme.side_label(p.side).capitalize(),
            "organisation": p.organisation.name,
            "place": p.organisation.place.name if p.organisation.place else "Whole system",
        }
        for p in took_part([cohort]).select_related("organisation__place")
    ]
    total, left = taking_part(cohort, policy)
    tables = [
        (title, disclose_breakdown(records, {}, key, policy, kind=title.lower()))
        for key, title in (("side", "Side"), ("organisation", "Organisation"), ("place", "Place"))
    ]
    return total, left, tables


def completion_share(completed: int, finished: int, policy: DisclosurePolicy) -> Cell:
    """The share of pairs that finished which completed the programme, under the survey
    rule (at least 11 pairs); withheld, it says so in words about pairs, not answers."""
    share = disclose_share(completed, finished, policy)
    if not share.suppressed:
        return share
    return Cell.withheld(
        NOT_SHOWN,
        f"Not shown: fewer than {policy.min_respondents} pairs have finished, and a share "
        "of so few could tell how one pair ended.",
    )


def _retention(cohort: Cohort, policy: DisclosurePolicy) -> tuple[Table, Cell, Table, Cell]:
    pairs = list(cohort.partnerships.all())
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
    finished = statuses["Completed the programme"] + statuses["Ended early"]
    return (
        disclose_table(dict(statuses), policy, kind="outcome"),
        disclose_count(len(pairs), policy),
        disclose_table(dict(reasons), policy, kind="reason"),
        completion_share(statuses["Completed the programme"], finished, policy),
    )


def _rhythm(cohort: Cohort, policy: DisclosurePolicy) -> engine.Rhythm:
    meetings = list(
        Meeting.objects.filter(partnership__cohort=cohort).values_list("partnership_id", "met_on")
    )
    end = min(timezone.localdate(), cohort.ends_on)
    dates = [met_on for _pair, met_on in meetings]
    by_month = stats.meetings_per_month(dates, cohort.starts_on, end) if dates else {}
    # Each pair's time together runs from the cohort's start (pairs are made before it) to
    # the earlier of today, the cohort's end and the day the pair ended early. A pair kept
    # the rhythm when it met at least monthly or, where the programme asks for fewer
    # meetings than months, as often as the programme asks, pro rata for its time together.
    per_pair = Counter(pair for pair, _met_on in meetings)
    pairs = list(cohort.partnerships.only("pk", "ended_at", "status"))
    months = stats.months_spanned(cohort.starts_on, cohort.ends_on)
    asked = cohort.expected_meetings
    monthly_ask = asked >= months
    kept = 0
    for pair in pairs:
        start, stop = cohort.starts_on, end
        if pair.status == Partnership.Status.ENDED and pair.ended_at:
            stop = min(stop, timezone.localdate(pair.ended_at))
        stop = max(start, stop)
        if monthly_ask:
            kept += stats.met_at_least_monthly(per_pair[pair.pk], start, stop)
        else:
            due = expected_meetings_by(start, cohort.ends_on, stop, asked)
            kept += per_pair[pair.pk] >= max(1, due)
    words = (
        "met at least once a month on average"
        if monthly_ask
        else f"met as often as the programme asks ({asked} meetings in all) or more"
    )
    return engine.meeting_rhythm(by_month, len(pairs), policy, monthly_pairs=kept, kept=words)


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
        .order_by("starts_at", "pk")  # sessions at the same time keep one order
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


def _frozen(cohort: Cohort):
    """The cohort's waves whose answers are frozen (closed at least once), with their latest
    frozen answers; the titles of waves open now, and of waves closed but not yet frozen."""
    waves = list(cohort.waves.select_related("instrument"))
    frozen = frozen_results(waves)
    today = timezone.localdate()
    done = [w for w in waves if w.pk in frozen]
    unfrozen = [w for w in waves if w.pk not in frozen and w.opens_on <= today]
    pending = [w.title for w in unfrozen if not w.has_closed(today)]
    waiting = [w.title for w in unfrozen if w.has_closed(today)]
    return done, frozen, pending, waiting


def _poll_results(cohort: Cohort, policy: DisclosurePolicy, waves, frozen):
    keyed = _wave_keys(waves)
    labels = {key: title for _, key, title in keyed}
    keys = [key for _, key, _ in keyed]
    before = "baseline" if "baseline" in keys else None
    after = "final" if "final" in keys else (keys[-1] if keys and keys[-1] != before else None)
    answers: dict[str, dict[int, dict[Hashable, dict]]] = defaultdict(lambda: defaultdict(dict))
    for wave in waves:
        for pid, side, given in frozen[wave.pk].answers:
            answers[side][wave.pk][pid] = given
    questions: dict[str, Question] = {}
    for wave in waves:
        for q in wave.instrument.questions.all():
            if q.kind in SUMMARISED:
                questions.setdefault(q.key, q)

    def item(question: Question, group: str, sides: tuple[str, ...]):
        by_wave: dict[str, Mapping[Hashable, object]] = {}
        for wave, key, _ in keyed:
            if not question.asked_at(wave.stage):
                continue  # not asked then (before the programme began): nothing to pair
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

    def shown(line) -> bool:
        return line is not None and line.kind != "withheld"

    sides = []
    both = (Side.ASPIRING.value, Side.ESTABLISHED.value)
    per_side = {
        side: [
            (question, item(question, _side_plural(cohort, side), (side,)))
            for question in questions.values()
            if question.asked_of(side)
        ]
        for side in both
    }
    everyone_items, everyone_headlines = [], []
    for question in questions.values():
        if question.sides != Question.Sides.BOTH:
            continue
        result = item(question, "participants", both)
        if result is None:
            continue
        parts = [r for side in both for q, r in per_side[side] if q is question and r]
        # Both sides together only where it cannot be subtracted from a side shown alone.
        result = engine.guard_combined(result, parts)
        everyone_items.append(result)
        # Per side where the survey rule allows; both sides together where it does not.
        side_lines = [headline(r) for r in parts]
        if not all(shown(line) for line in side_lines):
            everyone_headlines.append(headline(result))
    sides.append(SideResults("everyone", "participants", everyone_items, everyone_headlines))
    for side in both:
        items, headlines = [], []
        for question, result in per_side[side]:
            if result is None:
                continue
            items.append(result)
            line = headline(result)
            if question.sides != Question.Sides.BOTH or all(
                shown(headline(r))
                for other in both
                for q, r in per_side[other]
                if q is question and r
            ):
                headlines.append(line)
        sides.append(SideResults(side, _side_plural(cohort, side), items, headlines))
    return [(key, title) for _, key, title in keyed], before, after, sides


def _choices(policy: DisclosurePolicy, waves, frozen, after: str | None) -> list[ChoiceResult]:
    """Choice questions at the final poll (or the latest one), both sides pooled."""
    if not after:
        return []
    keyed = {key: (wave, title) for wave, key, title in _wave_keys(waves)}
    if after not in keyed:
        return []
    wave, title = keyed[after]
    answers = [given for _pid, _side, given in frozen[wave.pk].answers]
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
                disclose_respondents(len(given), policy),
                [
                    (option, disclose_share(sum(option in c for c in chosen), len(given), policy))
                    for option in question.options
                ],
            )
        )
    return results


def _outcomes(cohort: Cohort, policy: DisclosurePolicy) -> tuple[Table, Cell]:
    """People with at least one career move of each kind (a person promoted twice counts
    once), and people with any move at all.

    The kinds overlap (someone may apply for promotion and then be promoted), so they are not
    a breakdown whose lines add up: each kind is a group within the people with any move,
    and is shown only under the wider-group rule (at least ``group_floor`` people, and at
    least ``min_count`` fewer than everyone with a move). Without it "10 promoted" (10 to 12
    people) beside "15 with any move" (13 to 17) proved that 1 to 7 people had made only
    other moves (ADR 0010). The table prints no total: a sum of overlapping kinds counts
    nobody in particular.
    """
    people_by_kind: dict[str, set[int]] = defaultdict(set)
    for outcome in CareerOutcome.objects.filter(participation__cohort=cohort):
        people_by_kind[outcome.get_kind_display()].add(outcome.participation_id)
    anyone = set().union(*people_by_kind.values()) if people_by_kind else set()
    moved = Population(
        {kind: person in people for kind, people in people_by_kind.items()} for person in anyone
    )
    rows, hidden = [], []
    for kind in [label for _, label in CareerOutcome.Kind.choices if label in people_by_kind]:
        cell = disclose_filtered_count(moved, {kind: True}, policy)
        if cell.suppressed:
            hidden.append(kind)
        else:
            rows.append(Row(kind, cell, (kind,)))
    note = (
        f"Kinds of move made by fewer than {policy.group_floor} people, or by nearly "
        "everyone with a move, are not shown, so that no small group can be worked out."
    )
    table = Table(
        "career move",
        tuple(rows),
        Cell.withheld(NOT_SHOWN, note),
        (note,) if hidden else (),
        withheld=bool(hidden) and not rows,
    )
    return table, disclose_count(len(anyone), policy)


def cohort_report(cohort: Cohort, *, charts: bool = True) -> CohortReport:
    """The whole report, built only from frozen poll answers and the cohort's records, so
    the same data versions always give the same report (and it may be cached on them)."""
    policy = policy_for(cohort)
    people, left, who = _who(cohort, policy)
    retention, retention_total, end_reasons, completed = _retention(cohort, policy)
    waves, frozen, pending, waiting = _frozen(cohort)
    wave_keys, before, after, sides = _poll_results(cohort, policy, waves, frozen)
    outcomes, outcomes_people = _outcomes(cohort, policy)
    report = CohortReport(
        cohort=cohort,
        policy=policy,
        generated_at=timezone.now(),
        taking_part=people,
        left=left,
        who=who,
        retention=retention,
        retention_total=retention_total,
        completed=completed,
        end_reasons=end_reasons,
        rhythm=_rhythm(cohort, policy),
        attendance=_attendance(cohort, policy),
        waves=wave_keys,
        before=before,
        after=after,
        sides=sides,
        outcomes=outcomes,
        outcomes_people=outcomes_people,
        choices=_choices(policy, waves, frozen, after),
        versions=[(w.title, frozen[w.pk].version) for w in waves],
        pending=pending,
        waiting=waiting,
        quotes=list(
            Quote.objects.filter(wave__in=waves)
            .order_by("question_key", "text")
            .values_list("text", flat=True)
        ),
    )
    if charts:
        from .charts import charts_for

        report.charts.update(charts_for(report))
    return report
