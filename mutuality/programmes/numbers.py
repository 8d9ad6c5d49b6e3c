"""The disclosure policy of a cohort and who took part, defined once for every page that
shows them. The "cohort in numbers" page, which also reads applications, is in
``mutuality.site.cohorts``."""

from collections.abc import Iterable

from django.db.models import F, QuerySet

from mutuality.disclosure import (
    DisclosurePolicy,
    disclose_count,
)
from mutuality.disclosure.cells import Cell

from .models import Cohort, Participation


def policy_for(cohort: Cohort) -> DisclosurePolicy:
    return DisclosurePolicy(min_group_size=max(cohort.min_group_size, 10))


def took_part(cohorts: Iterable[Cohort] | Iterable[int] | QuerySet) -> QuerySet[Participation]:
    """Who took part, defined once for every figure: everyone who started the programme,
    people who later left included. Someone who withdrew, or whose place was taken back,
    before the cohort started never started it. Someone who left with no date recorded
    (from before dates were kept) counts as having started, as they always did.

    The cohort page, the numbers page, the report (web, PDF, CSV, XLSX), the programme
    comparison and the People Strategy's figures all count these, so they agree.
    """
    return Participation.objects.filter(cohort__in=cohorts).exclude(
        status=Participation.Status.WITHDRAWN, left_on__lt=F("cohort__starts_on")
    )


def left_early(people: QuerySet[Participation]) -> QuerySet[Participation]:
    """Of ``people`` (from :func:`took_part`), those who left after starting."""
    return people.filter(status=Participation.Status.WITHDRAWN)


def taking_part(cohort: Cohort, policy: DisclosurePolicy | None = None) -> tuple[Cell, Cell]:
    """How many took part (:func:`took_part`) and, separately, how many of them left: both
    counts of people, shown under the count rule."""
    policy = policy or policy_for(cohort)
    people = took_part([cohort])
    return disclose_count(people.count(), policy), disclose_count(
        left_early(people).count(), policy
    )
