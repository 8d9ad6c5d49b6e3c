"""Evaluation: the reads for the report pages. Nothing here writes."""

from collections import defaultdict

from mutuality.permissions import report_cohort_ids
from mutuality.programmes.models import Cohort, Programme

from .models import ReportFile


def reportable_cohorts(user, programme: Programme) -> list[Cohort]:
    """The programme's cohorts whose report this person may read."""
    return [
        cohort
        for cohort in programme.cohorts.order_by("starts_on")
        if user.has_perm("evaluation.view_report", cohort)
    ]


def programme_cohorts(programme: Programme) -> list[Cohort]:
    return list(programme.cohorts.order_by("starts_on"))


def cohort_count(programme: Programme) -> int:
    return programme.cohorts.count()


def participant_count(cohort: Cohort) -> int:
    return cohort.participations.count()


def recent_files(programme: Programme, user, *, count: int = 3) -> list[ReportFile]:
    """The latest PDFs of the programme this person asked for."""
    return list(programme.report_files.filter(requested_by=user)[:count])


def readable_cohorts_by_programme(user) -> dict[Programme, list[Cohort]]:
    """Every cohort whose report this person may read, by programme (each programme's
    cohorts by start date), in one query rather than a rule check per cohort."""
    allowed = report_cohort_ids(user)
    by_programme = defaultdict(list)
    for cohort in Cohort.objects.select_related("programme").order_by("starts_on"):
        if allowed is None or cohort.pk in allowed:
            by_programme[cohort.programme].append(cohort)
    return dict(by_programme)
