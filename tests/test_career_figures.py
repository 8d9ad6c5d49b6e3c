"""Career moves and retention as every view prints them agree with the records: the report's
table of people with each kind of move, its "any move" figure and headline, and the
programme comparison's promotions and completion, all from the same people under the count
rule."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mutuality.disclosure import disclose_count
from mutuality.evaluation.build import cohort_report
from mutuality.evaluation.compare import programme_figures
from mutuality.partnerships.models import Partnership
from mutuality.polls.models import CareerOutcome
from mutuality.programmes.models import Side
from mutuality.programmes.numbers import policy_for

from .factories import CohortFactory, UserFactory, add_participant


def _cohort(pairs: int = 15):
    today = timezone.localdate()
    cohort = CohortFactory(
        status="closed", starts_on=today - timedelta(days=300), ends_on=today - timedelta(30)
    )
    people = []
    for i in range(pairs):
        a = add_participant(cohort, UserFactory(), Side.ASPIRING)
        e = add_participant(cohort, UserFactory(), Side.ESTABLISHED)
        Partnership.objects.create(
            cohort=cohort, aspiring=a, established=e, status="ended" if i < 2 else "completed"
        )
        people += [a, e]
    return cohort, people


def test_career_moves_and_completion_agree_with_the_records_on_every_view(db):
    cohort, people = _cohort()
    today = timezone.localdate()
    # 12 people promoted (one of them twice), 9 applied, 3 went on secondment.
    for person in people[:12]:
        CareerOutcome.objects.create(participation=person, kind="promotion", happened_on=today)
    CareerOutcome.objects.create(participation=people[0], kind="promotion", happened_on=today)
    for person in people[10:19]:
        CareerOutcome.objects.create(participation=person, kind="applied", happened_on=today)
    for person in people[20:23]:
        CareerOutcome.objects.create(participation=person, kind="secondment", happened_on=today)
    policy = policy_for(cohort)
    report = cohort_report(cohort, charts=False)
    rows = {row.label: row.cell.display for row in report.outcomes.rows}
    # A person promoted twice counts once. The kinds overlap, so each is a group within the
    # 22 people with any move (ADR 0010): 9 applied and 3 on secondment are below the group
    # floor of 10 and are not shown, and no "Other" line sums them.
    assert rows == {"Promotion": disclose_count(12, policy).display}
    # 22 different people: 0 to 18 promoted or applied, 20 to 22 on secondment.
    assert report.outcomes_people.display == disclose_count(22, policy).display == "20"
    lines = [line.text for line in report.results_lines]
    assert "About 10 people were promoted after joining." in lines
    figures = dict(programme_figures(cohort.programme))
    assert figures["People promoted since joining"] == rows["Promotion"]
    # Retention: 13 of the 15 pairs completed, 2 ended early: the same share on both views.
    assert figures["Pairs that finished and completed the programme"] == report.completed.display
    assert report.completed.display == "90%"  # 87% of "about 15", to the nearest 10 points
    assert report.retention_total.display == "15"


def test_completion_of_too_few_pairs_says_so_about_pairs_not_answers(db):
    cohort, _people = _cohort(pairs=6)
    report = cohort_report(cohort, charts=False)
    assert report.completed.display == "not shown"
    assert "fewer than 11 pairs have finished" in report.completed.reason
    figures = dict(programme_figures(cohort.programme))
    assert figures["Pairs that finished and completed the programme"] == "not shown"
