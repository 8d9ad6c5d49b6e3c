"""Who may do what, in one place.

Views, templates and tests all ask these rules (through ``user.has_perm(name, obj)`` or the
``get_*_for`` helpers), so the table in docs/design.md ("Who may see what") has one home in code.

An outsider gets 404 (we do not confirm that a cohort exists); someone related to the object
who lacks the permission gets 403. That follows healthchecks' ``_get_rw_check_for_user``.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mutuality.programmes.models import Cohort, CohortRole, Participation, Programme

Role = CohortRole.Role


@rules.predicate
def is_programme_office(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def _role_predicate(*role_names: str):
    @rules.predicate
    def has_role(user, cohort) -> bool:
        if not (user and user.is_authenticated) or cohort is None:
            return False
        return CohortRole.objects.filter(user=user, cohort=cohort, role__in=role_names).exists()

    return has_role


manages_cohort = _role_predicate(Role.PROGRAMME_MANAGER)
teaches_cohort = _role_predicate(Role.FACULTY)
steers_cohort = _role_predicate(Role.STEERING)


@rules.predicate
def takes_part_in_cohort(user, cohort) -> bool:
    """Taking part now: someone who withdrew, or whose place was taken back, no longer
    answers its polls, sends themes or sees its pages for participants. What they wrote
    stays theirs to download (the privacy pages), and the figures still count them if they
    started (``programmes.numbers.took_part``)."""
    if not (user and user.is_authenticated) or cohort is None:
        return False
    return (
        Participation.objects.filter(user=user, cohort=cohort)
        .exclude(status=Participation.Status.WITHDRAWN)
        .exists()
    )


@rules.predicate
def related_to_programme(user, programme) -> bool:
    if not (user and user.is_authenticated) or programme is None:
        return False
    return (
        CohortRole.objects.filter(user=user, cohort__programme=programme).exists()
        or Participation.objects.filter(user=user, cohort__programme=programme)
        .exclude(status=Participation.Status.WITHDRAWN)
        .exists()
    )


@rules.predicate
def manages_programme(user, programme) -> bool:
    if not (user and user.is_authenticated) or programme is None:
        return False
    return CohortRole.objects.filter(
        user=user, cohort__programme=programme, role=Role.PROGRAMME_MANAGER
    ).exists()


@rules.predicate
def manages_a_cohort(user) -> bool:
    return bool(user and user.is_authenticated) and manages_any_cohort(user)


related_to_cohort = (
    is_programme_office | manages_cohort | teaches_cohort | steers_cohort | takes_part_in_cohort
)

rules.add_perm("organisations.manage", is_programme_office)
rules.add_perm("programmes.list_programmes", is_programme_office | manages_a_cohort)
rules.add_perm("programmes.add_programme", is_programme_office)
rules.add_perm("programmes.change_programme", is_programme_office)
rules.add_perm("programmes.view_programme", is_programme_office | related_to_programme)
rules.add_perm("programmes.add_cohort", is_programme_office | manages_programme)
rules.add_perm("programmes.view_cohort", related_to_cohort)
rules.add_perm("programmes.manage_cohort", is_programme_office | manages_cohort)
rules.add_perm(
    "programmes.view_cohort_people", is_programme_office | manages_cohort | teaches_cohort
)
# Aggregates (counts, equality monitoring) through the disclosure rules: the office, the
# cohort's managers and its steering group; faculty have no need for monitoring figures.
rules.add_perm("programmes.view_aggregates", is_programme_office | manages_cohort | steers_cohort)
# Applications: faculty read their cohort's; only the office and its managers decide.
rules.add_perm("applications.review", is_programme_office | manages_cohort | teaches_cohort)
rules.add_perm("applications.decide", is_programme_office | manages_cohort)
# Match scores and explanations: the cohort's team and faculty; changes by managers only.
rules.add_perm("partnerships.view_matching", is_programme_office | manages_cohort | teaches_cohort)
rules.add_perm("partnerships.manage_matching", is_programme_office | manages_cohort)
# The cohort's pairs (status, meetings, support, supervision; never notes or reflections).
rules.add_perm("partnerships.view_pairs", is_programme_office | manages_cohort | teaches_cohort)
# Sessions: faculty run them with the programme team.
rules.add_perm("timeline.run", is_programme_office | manages_cohort | teaches_cohort)
# Polls: people answer their own; the office and managers set waves, choose quotes and record
# career moves (with the person's agreement). Nobody else sees one person's answers.
rules.add_perm("polls.answer", takes_part_in_cohort)
rules.add_perm("polls.manage", is_programme_office | manages_cohort)


# The evaluation report: aggregates only, through disclosure control, for the whole team and
# the steering group (docs/design.md: poll answers are "figures only" for all three).
@rules.predicate
def reports_on_programme(user, programme) -> bool:
    """Manages, teaches or steers any cohort of the programme."""
    if not (user and user.is_authenticated) or programme is None:
        return False
    return CohortRole.objects.filter(user=user, cohort__programme=programme).exists()


rules.add_perm("evaluation.view_programme_report", is_programme_office | reports_on_programme)
rules.add_perm(
    "evaluation.view_report",
    is_programme_office | manages_cohort | teaches_cohort | steers_cohort,
)
REPORT_ROLES = (Role.PROGRAMME_MANAGER, Role.FACULTY, Role.STEERING)


def report_cohort_ids(user) -> set[int] | None:
    """The cohorts whose report ``user`` may read, in one query, for pages that list many
    (``None`` means every cohort: the office). Says the same as "evaluation.view_report"
    above; tests/test_query_budgets.py checks they agree for every kind of person."""
    if is_programme_office(user):
        return None
    if not (user and user.is_authenticated):
        return set()
    return set(
        CohortRole.objects.filter(user=user, role__in=REPORT_ROLES).values_list(
            "cohort_id", flat=True
        )
    )


@rules.predicate
def has_any_cohort_role(user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return CohortRole.objects.filter(user=user).exists()


@rules.predicate
def steers_programme(user, programme) -> bool:
    if not (user and user.is_authenticated) or programme is None:
        return False
    return CohortRole.objects.filter(
        user=user, cohort__programme=programme, role__in=[Role.STEERING, Role.PROGRAMME_MANAGER]
    ).exists()


# The People Strategy: aggregates and plans, for the office and anyone on a programme team or
# steering group; participants have no need of it. Only the office loads a new version.
rules.add_perm("strategy.view", is_programme_office | has_any_cohort_role)
rules.add_perm("strategy.manage", is_programme_office)
# People's rights and retention: erasing someone, their data on request, the audit log.
rules.add_perm("privacy.manage", is_programme_office)
# Themes: faculty and participants submit; the office and managers moderate (and alone see
# who wrote what); a programme's team, faculty and steering group see moderated themes.
rules.add_perm(
    "steering.submit_theme",
    is_programme_office | manages_cohort | teaches_cohort | takes_part_in_cohort,
)
rules.add_perm("steering.moderate", is_programme_office | manages_cohort)
rules.add_perm("steering.view_programme", is_programme_office | reports_on_programme)
rules.add_perm("steering.manage_actions", is_programme_office | steers_programme)


def manages_any_cohort(user) -> bool:
    return CohortRole.objects.filter(user=user, role=Role.PROGRAMME_MANAGER).exists()


def must_use_mfa(user) -> bool:
    """Programme office staff, programme managers and faculty see personal data in bulk,
    so they must add an authenticator app on top of the emailed code."""
    if not user.is_authenticated:
        return False
    return (
        user.is_staff
        or CohortRole.objects.filter(
            user=user, role__in=[Role.PROGRAMME_MANAGER, Role.FACULTY]
        ).exists()
    )


def _check(user, perm: str, obj, related) -> None:
    if user.has_perm(perm, obj):
        return
    if related(user, obj):
        raise PermissionDenied
    raise Http404


def get_cohort_for(user, pk: int, perm: str = "programmes.view_cohort") -> Cohort:
    try:
        cohort = Cohort.objects.select_related("programme").get(pk=pk)
    except Cohort.DoesNotExist:
        raise Http404 from None
    _check(user, perm, cohort, related_to_cohort)
    return cohort


def get_programme_for(user, slug: str, perm: str = "programmes.view_programme") -> Programme:
    try:
        programme = Programme.objects.get(slug=slug)
    except Programme.DoesNotExist:
        raise Http404 from None
    _check(user, perm, programme, is_programme_office | related_to_programme)
    return programme
