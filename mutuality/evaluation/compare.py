"""Figures side by side: the cohorts of one programme, or programmes across the system.

Each column pools the records of one or more cohorts and discloses them afresh, so a pooled
figure is never a sum of already-rounded cohort figures that could be subtracted from one
another to recover a small cohort's true count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mutuality.disclosure import Cell, DisclosurePolicy, disclose_count, disclose_share
from mutuality.impact import report as engine
from mutuality.partnerships.models import Partnership
from mutuality.polls.models import CareerOutcome, Question, Wave
from mutuality.polls.services import frozen_results
from mutuality.programmes.models import Cohort, Participation, Side

from .build import SUMMARISED, engine_question


@dataclass(frozen=True)
class Column:
    title: str
    caption: str
    cells: list[str]


@dataclass(frozen=True)
class Comparison:
    rows: list[str]
    columns: list[Column]


def _policy(cohorts: Sequence[Cohort]) -> DisclosurePolicy:
    floor = max([10, *(c.min_group_size for c in cohorts)])
    return DisclosurePolicy(min_group_size=floor)


EVERYONE = "everyone"


def _final_responses(cohorts: Sequence[Cohort]) -> list[tuple[str, dict]]:
    """(side, answers) of the frozen final-poll answers of these cohorts: a poll still open
    contributes nothing, so no figure moves while people answer (ADR 0010)."""
    waves = Wave.objects.filter(cohort__in=cohorts, stage="final")
    return [
        (side, answers)
        for results in frozen_results(waves).values()
        for _pid, side, answers in results.answers
    ]


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


def column(title: str, caption: str, cohorts: Sequence[Cohort], questions, side_words) -> Column:
    policy = _policy(cohorts)
    people = Participation.objects.filter(cohort__in=cohorts).count()
    pairs = Partnership.objects.filter(cohort__in=cohorts)
    finished = pairs.filter(
        status__in=[Partnership.Status.COMPLETED, Partnership.Status.ENDED]
    ).count()
    completed = pairs.filter(status=Partnership.Status.COMPLETED).count()
    promoted = (
        CareerOutcome.objects.filter(
            participation__cohort__in=cohorts, kind=CareerOutcome.Kind.PROMOTION
        )
        .values("participation")
        .distinct()
        .count()
    )
    completion: Cell = disclose_share(completed, finished, policy)
    cells = [
        disclose_count(people, policy).display,
        completion.display,
        disclose_count(promoted, policy).display,
    ]
    responses = _final_responses(cohorts) if questions else []
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
    return Comparison(
        row_titles(questions, side_words),
        [column(title, caption, group, questions, side_words) for title, caption, group in groups],
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
        return f"{programme.side_label(side).capitalize()}s"

    col = column(programme.name, "", cohorts, questions, side_words)
    return list(zip(row_titles(questions, side_words), col.cells, strict=True))
