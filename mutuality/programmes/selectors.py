"""Programmes and cohorts: the reads behind their pages. Nothing here writes; each function
runs a fixed number of queries, however many people take part."""

from django.db.models import Count, Q

from . import numbers
from .models import Cohort, CohortOrganisation, CohortRole, Participation, Programme


def programmes_for(user) -> list[Programme]:
    """The programmes list: every programme for the programme office, otherwise those with a
    cohort this person manages. Each with its number of cohorts."""
    programmes = Programme.objects.annotate(cohort_count=Count("cohorts")).order_by("name")
    if not user.is_programme_office:
        programmes = programmes.filter(
            cohorts__roles__user=user,
            cohorts__roles__role=CohortRole.Role.PROGRAMME_MANAGER,
        ).distinct()
    return list(programmes)


def programme_cohorts(programme: Programme, user, *, sees_all: bool) -> list[Cohort]:
    """The programme's cohorts: all of them for those who run it, otherwise only the cohorts
    this person has a role in or takes part in."""
    cohorts = programme.cohorts.all()
    if not sees_all:
        cohorts = cohorts.filter(Q(roles__user=user) | Q(participations__user=user)).distinct()
    return list(cohorts)


def cohort_links(cohort: Cohort) -> list[CohortOrganisation]:
    """The organisations taking part, with their places."""
    return list(cohort.cohort_organisations.select_related("organisation"))


def cohort_team(cohort: Cohort) -> list[CohortRole]:
    """The programme team: managers, faculty and steering group members."""
    return list(cohort.roles.select_related("user"))


def cohort_page(cohort: Cohort, user, *, can_see_people: bool) -> dict:
    """The cohort page's lists and counts, as this person may see them. The number taking part
    is exact only for people who may see the list of names anyway; for everyone else it is
    the same rounded count as the numbers page and the report."""
    participants_by_side: dict[str, list] = {}
    if can_see_people:
        for part in numbers.took_part([cohort]).select_related(
            "user", "organisation", "cohort__programme"
        ):
            participants_by_side.setdefault(part.side_label, []).append(part)
    return {
        "links": cohort_links(cohort),
        "team": cohort_team(cohort),
        "participants_by_side": participants_by_side,
        "participant_count": sum(len(parts) for parts in participants_by_side.values())
        if can_see_people
        else numbers.taking_part(cohort)[0],
        "application_count": cohort.applications.exclude(status="draft").count(),
        "taking_part": cohort.participations.filter(user=user)
        .exclude(status=Participation.Status.WITHDRAWN)
        .exists(),
        "my_partnership": cohort.partnerships.filter(
            Q(aspiring__user=user) | Q(established__user=user)
        ).exists(),
        "pairs_published": cohort.partnerships.exists(),
    }


PREVIOUS_STATUS = {
    Cohort.Status.RECRUITING: Cohort.Status.DRAFT,
    Cohort.Status.MATCHING: Cohort.Status.RECRUITING,
    Cohort.Status.RUNNING: Cohort.Status.MATCHING,
}


def cohort_step_back_blocker(cohort: Cohort) -> str:
    """Why ``cohort`` cannot go back a stage, or an empty string if it can."""
    previous = PREVIOUS_STATUS.get(Cohort.Status(cohort.status))
    if previous is None:
        if cohort.status == Cohort.Status.CLOSED:
            return "A closed cohort cannot be reopened: its partnerships were completed."
        return "This is the first stage."
    if previous == Cohort.Status.DRAFT and cohort.applications.exclude(status="draft").exists():
        return "People have already sent applications."
    if previous == Cohort.Status.RECRUITING and cohort.partnerships.exists():
        return "Partnerships have been published."
    met = cohort.partnerships.filter(meetings__isnull=False)
    if previous == Cohort.Status.MATCHING and met.exists():
        return "Partners have already logged meetings."
    return ""


def step_back(cohort: Cohort) -> dict:
    """The page that asks to confirm going back a stage: the stage it would go back to, and
    why it cannot, if it cannot."""
    previous = PREVIOUS_STATUS.get(Cohort.Status(cohort.status))
    return {
        "stage": Cohort.Status(previous).label if previous else "",
        "blocker": cohort_step_back_blocker(cohort),
    }
