"""The meeting-rhythm chart agrees with the meetings register, month by month, and a chart
whose every month would be withheld is not drawn as an empty axis: the page says why."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from django.urls import reverse

from mutuality.disclosure import disclose_count
from mutuality.evaluation.build import cohort_report
from mutuality.impact.report import month_label
from mutuality.partnerships.models import Meeting, Partnership
from mutuality.programmes.models import CohortRole, Side
from mutuality.programmes.numbers import policy_for

from .factories import CohortFactory, UserFactory, add_participant, add_role


def _cohort_with_pairs(pairs: int, gap_days: int):
    cohort = CohortFactory(status="closed", starts_on=date(2025, 1, 6), ends_on=date(2025, 6, 27))
    for i in range(pairs):
        aspiring = add_participant(cohort, UserFactory(), Side.ASPIRING)
        established = add_participant(cohort, UserFactory(), Side.ESTABLISHED)
        pair = Partnership.objects.create(
            cohort=cohort, aspiring=aspiring, established=established, status="completed"
        )
        Meeting.objects.bulk_create(
            Meeting(partnership=pair, logged_by=aspiring.user, met_on=day, mode="video")
            for day in (
                cohort.starts_on + timedelta(days=d + i % 5)
                for d in range(0, (cohort.ends_on - cohort.starts_on).days - 5, gap_days)
            )
        )
    return cohort


def test_the_rhythm_chart_prints_each_month_of_the_register(db):
    cohort = _cohort_with_pairs(12, gap_days=14)  # about two meetings a pair each month
    report = cohort_report(cohort)
    chart = report.charts["rhythm"]
    register = Counter(
        (met_on.year, met_on.month)
        for met_on in Meeting.objects.filter(partnership__cohort=cohort).values_list(
            "met_on", flat=True
        )
    )
    policy = policy_for(cohort)
    expected = [
        (month_label(month), disclose_count(register[month], policy).display)
        for month in sorted(register)
    ]
    assert [tuple(row) for row in chart.rows] == expected
    # Every shown month is drawn at its printed figure; none is shown as a bound.
    drawn = re.findall(r">([^<>]+)</text>", chart.svg)
    for _label, figure in expected:
        assert figure in " ".join(drawn)


def test_a_rhythm_with_every_month_withheld_is_said_in_words_not_drawn_empty(client, db):
    cohort = _cohort_with_pairs(2, gap_days=60)  # a handful of meetings in each month
    report = cohort_report(cohort)
    assert report.rhythm.months
    assert all(month.meetings.suppressed for month in report.rhythm.months)
    assert "rhythm" not in report.charts
    reader = UserFactory()
    add_role(cohort, reader, CohortRole.Role.STEERING)
    client.force_login(reader)
    page = client.get(reverse("evaluation:cohort", args=[cohort.pk])).content.decode()
    assert "Meetings logged each month:</strong> not shown" in page
    assert "Fewer than 8 meetings were logged in every month" in page
