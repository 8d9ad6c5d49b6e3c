from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.utils import timezone

from mutuality.applications.models import Application
from mutuality.programmes.models import Cohort, CohortRole, Participation


@dataclass(frozen=True)
class CohortLink:
    cohort: Cohort
    roles: list[str]


def home_for(user) -> dict:
    """What a signed-in person's home page lists: each cohort they have a part in, with
    their roles in it, and for the programme office every cohort not yet closed."""
    by_cohort: dict[int, CohortLink] = {}
    for role in CohortRole.objects.filter(user=user).select_related("cohort__programme"):
        link = by_cohort.setdefault(role.cohort_id, CohortLink(role.cohort, []))
        link.roles.append(role.get_role_display())
    taking_part = Participation.objects.filter(user=user).exclude(
        status=Participation.Status.WITHDRAWN
    )
    for part in taking_part.select_related("cohort__programme"):
        link = by_cohort.setdefault(part.cohort_id, CohortLink(part.cohort, []))
        link.roles.append(part.side_label.capitalize())
    office_cohorts = []
    if user.is_programme_office:
        office_cohorts = list(
            Cohort.objects.exclude(status=Cohort.Status.CLOSED)
            .select_related("programme")
            .order_by("programme__name", "starts_on")
        )
    mine = sorted(
        by_cohort.values(),
        key=lambda link: (link.cohort.status == Cohort.Status.CLOSED, link.cohort.starts_on),
    )
    applications = list(
        Application.objects.filter(applicant=user)
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("cohort__programme")
    )
    applied = {a.cohort_id for a in applications} | set(by_cohort)
    recruiting = [cohort for cohort in open_for_applications() if cohort.pk not in applied]
    return {
        "my_cohorts": mine,
        "office_cohorts": office_cohorts,
        "applications": applications,
        "recruiting": recruiting,
        # Everyone may add an authenticator app (staff and faculty must: ADR 0012).
        "offer_authenticator": not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists(),
    }


def open_for_applications():
    """Cohorts taking applications today, for everyone including people not signed in."""
    today = timezone.localdate()
    return (
        Cohort.objects.filter(
            status=Cohort.Status.RECRUITING,
            applications_open_on__lte=today,
            applications_close_on__gte=today,
        )
        .select_related("programme")
        .order_by("applications_close_on", "programme__name")
    )
