"""The disclosure policy of a cohort and how many took part, defined once for every page
that shows them. The "cohort in numbers" page, which also reads applications, is in
``mutuality.site.cohorts``."""

from mutuality.disclosure import (
    DisclosurePolicy,
    disclose_count,
)
from mutuality.disclosure.cells import Cell

from .models import Cohort


def policy_for(cohort: Cohort) -> DisclosurePolicy:
    return DisclosurePolicy(min_group_size=max(cohort.min_group_size, 10))


def taking_part(cohort: Cohort, policy: DisclosurePolicy | None = None) -> tuple[Cell, Cell]:
    """Who took part, defined once for every page: everyone who started the programme
    (every participation, including people who later left), and separately how many left.
    Both are counts of people, shown under the count rule."""
    policy = policy or policy_for(cohort)
    everyone = cohort.participations.count()
    left = cohort.participations.filter(status="withdrawn").count()
    return disclose_count(everyone, policy), disclose_count(left, policy)
