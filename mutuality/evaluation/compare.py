"""Figures side by side: the cohorts of one programme, or programmes across the system.

Each column pools the records of one or more cohorts and discloses them afresh. Each cohort's
own figures are published too (its report, the programme's comparison), so a pooled count of
people is shown only when every cohort in it has its own count shown: a pool of 10 beside
two cohorts of "fewer than 8" proved each of them held 1 to 7 people (ADR 0010).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count

from mutuality.disclosure import Cell, DisclosurePolicy, disclose_count
from mutuality.disclosure.cells import NOT_SHOWN
from mutuality.impact import report as engine
from mutuality.partnerships.models import Partnership
from mutuality.polls.models import CareerOutcome, Question, Wave
from mutuality.polls.selectors import frozen_results
from mutuality.programmes.models import Cohort, Side
from mutuality.programmes.numbers import policy_for, took_part

from .build import SUMMARISED, completion_share, engine_question


@dataclass(frozen=True)
class Column:
    title: str
    caption: str
    cells: list[str]


@dataclass(frozen=True)
class Comparison:
    rows: list[str]
    columns: list[Column]


def pooled_count(counts: Sequence[tuple[int, DisclosurePolicy]], policy) -> Cell:
    """A count of people pooled over cohorts, from each cohort's true count and policy.

    Withheld when any cohort's own count is withheld: its own page says "not shown" (fewer
    than 8), and the pool less the other cohorts' figures would say "1 to 7". Which cohorts'
    counts are withheld is public already, so withholding the pool for that reason tells
    nothing new.
    A single cohort is shown as its own count is.
    """
    if len(counts) > 1 and any(disclose_count(n, own).suppressed for n, own in counts):
        return Cell.withheld(NOT_SHOWN, POOL_REASON)
    return disclose_count(sum(n for n, _own in counts), policy)


POOL_REASON = (
    "Not shown: a cohort in this group has too few people for its own figure to be shown, "
    "and the group's figure could be used to work it out."
)


def _policy(cohorts: Sequence[Cohort]) -> DisclosurePolicy:
    floor = max([10, *(c.min_group_size for c in cohorts)])
    return DisclosurePolicy(min_group_size=floor)


EVERYONE = "everyone"


def _answers_to(responses: list[tuple[str, dict]], key: str, side: str) -> list:
    return [answers.get(key) for who, answers in responses if side in (EVERYONE, who)]


def questions_compared(cohorts: Sequence[Cohort]) -> list[tuple[Question, str]]:
    """The summarised questions answered at a final poll of any of these cohorts: questions
    both sides are asked pool both sides (a bigger group, so more figures can be shown);
    the others are by their side."""
    seen: dict[tuple[str, str], tuple[Question, str]] = {}
    questions = (
        Question.objects.filter(
            instrument__waves__cohort__in=cohorts,
            instrument__waves__stage="final",
            instrument__waves__results__isnull=False,
        )
        .distinct()
        .order_by("order", "pk")
    )
    for question in questions:
        if question.kind not in SUMMARISED:
            continue
        if question.sides == Question.Sides.BOTH:
            seen.setdefault((question.key, EVERYONE), (question, EVERYONE))
            continue
        for side in (Side.ASPIRING, Side.ESTABLISHED):
            if question.asked_of(side):
                seen.setdefault((question.key, side), (question, side))
    return list(seen.values())


@dataclass(frozen=True)
class _Records:
    """Raw counts per cohort id, read once for every column of a comparison; columns pool
    them in Python (a participation, pair or career move belongs to one cohort, so sums
    over cohorts are the same as counts over the pooled cohorts)."""

    people: Counter
    finished: Counter
    completed: Counter
    promoted: Counter
    responses: dict[int, list[tuple[str, dict]]]


def _records(cohorts: Sequence[Cohort], *, with_responses: bool) -> _Records:
    ids = [c.pk for c in cohorts]
    people = Counter(dict(took_part(ids).values_list("cohort").annotate(n=Count("pk")).order_by()))
    finished, completed = Counter(), Counter()
    pairs = (
        Partnership.objects.filter(cohort__in=ids)
        .values_list("cohort", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for cohort_id, status, n in pairs:
        if status in (Partnership.Status.COMPLETED, Partnership.Status.ENDED):
            finished[cohort_id] += n
        if status == Partnership.Status.COMPLETED:
            completed[cohort_id] += n
    promoted = Counter(
        cohort_id
        for _, cohort_id in CareerOutcome.objects.filter(
            participation__cohort__in=ids, kind=CareerOutcome.Kind.PROMOTION
        )
        .values_list("participation", "participation__cohort")
        .order_by()  # the model's ordering would make each outcome distinct, not each person
        .distinct()
    )
    responses: dict[int, list[tuple[str, dict]]] = {}
    if with_responses:
        # Frozen final-poll answers only: a poll still open contributes nothing, so no
        # figure moves while people answer (ADR 0010).
        waves = Wave.objects.filter(cohort__in=ids, stage="final")
        cohort_of = dict(waves.values_list("pk", "cohort"))
        for wave_id, results in frozen_results(waves).items():
            for _pid, side, answers in results.answers:
                responses.setdefault(cohort_of[wave_id], []).append((side, answers))
    return _Records(people, finished, completed, promoted, responses)


def column(
    title: str,
    caption: str,
    cohorts: Sequence[Cohort],
    questions,
    side_words,
    records: _Records | None = None,
) -> Column:
    policy = _policy(cohorts)
    records = records or _records(cohorts, with_responses=bool(questions))
    ids = [c.pk for c in cohorts]
    own = [policy_for(c) for c in cohorts]
    finished = sum(records.finished[i] for i in ids)
    completed = sum(records.completed[i] for i in ids)
    completion: Cell = completion_share(completed, finished, policy)
    cells = [
        pooled_count(
            [(records.people[i], p) for i, p in zip(ids, own, strict=True)], policy
        ).display,
        completion.display,
        pooled_count(
            [(records.promoted[i], p) for i, p in zip(ids, own, strict=True)], policy
        ).display,
    ]
    responses = [r for i in ids for r in records.responses.get(i, [])] if questions else []
    for question, side in questions:
        result = engine.wave_result(
            engine_question(question), "final", _answers_to(responses, question.key, side), policy
        )
        cells.append(result.summary)
    return Column(title, caption, cells)


def row_titles(questions, side_words) -> list[str]:
    titles = [
        "People who took part",
        "Pairs that finished and completed the programme",
        "People promoted since joining",
    ]
    for question, side in questions:
        lead = "agreeing" if question.kind == "likert5" else "saying yes or 9-10"
        who = "Participants" if side == EVERYONE else side_words(side)
        titles.append(f"{who} {lead}: {question.short or question.text}")
    return titles


def compare(groups: Sequence[tuple[str, str, Sequence[Cohort]]], side_words) -> Comparison:
    """``groups``: (title, caption, cohorts) per column, pooled within a column."""
    cohorts = [c for _, _, group in groups for c in group]
    questions = questions_compared(cohorts)
    records = _records(cohorts, with_responses=bool(questions))
    return Comparison(
        row_titles(questions, side_words),
        [
            column(title, caption, group, questions, side_words, records)
            for title, caption, group in groups
        ],
    )


def programme_figures(programme, *, statements: int = 2) -> list[tuple[str, str]]:
    """A programme's live figures, pooled over all its cohorts and disclosed afresh: people
    taking part, pairs completed, promotions, and its first few final-poll statements. Used
    beside the People Strategy initiatives the programme delivers."""
    cohorts = list(programme.cohorts.all())
    if not cohorts:
        return []
    questions = [(q, side) for q, side in questions_compared(cohorts) if q.kind == "likert5"][
        :statements
    ]

    def side_words(side: str) -> str:
        return programme.side_plural(side).capitalize()

    col = column(programme.name, "", cohorts, questions, side_words)
    return list(zip(row_titles(questions, side_words), col.cells, strict=True))
