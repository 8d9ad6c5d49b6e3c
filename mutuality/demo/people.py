from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.utils import timezone

from mutuality.applications.models import Application
from mutuality.programmes.models import CohortRole, Participation


def current_totp_code(authenticator: Authenticator) -> str:
    """The code an authenticator app would show now. Demo mode only, so that a newcomer
    can sign in as a member of staff without an app."""
    secret = get_mfa_adapter().decrypt(authenticator.data["secret"])
    counter = int(timezone.now().timestamp()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def people_by_role() -> list[tuple[str, list[tuple]]]:
    """The invented people, grouped the way a newcomer wants to try them: each as
    (person, where), where saying which programmes they take part in or help to run."""
    user_model = get_user_model()
    groups: list[tuple[str, list]] = []
    office = list(user_model.objects.filter(is_staff=True, is_active=True))
    groups.append(("Programme office", [(user, "Every programme") for user in office]))
    for role, label in CohortRole.Role.choices:
        if role == CohortRole.Role.PROGRAMME_MANAGER:
            continue
        roles = (
            CohortRole.objects.filter(role=role, user__is_staff=False)
            .select_related("user", "cohort__programme")
            .order_by("user__last_name", "user__first_name", "cohort__programme__name")
        )
        where: dict = {}
        for held in roles:
            where.setdefault(held.user, []).append(_cohort(held.cohort))
        plural = "Steering group members" if role == CohortRole.Role.STEERING else label
        groups.append((plural, [(user, "; ".join(cohorts)) for user, cohorts in where.items()]))
    for side_label, side in (
        ("Aspiring leaders", "aspiring"),
        ("Established leaders", "established"),
    ):
        parts = (
            Participation.objects.filter(side=side)
            .select_related("user", "cohort__programme", "organisation")
            .order_by("cohort__programme__name", "user__last_name")
        )
        groups.append((side_label, [(p.user, _cohort(p.cohort)) for p in parts]))
    applications = (
        Application.objects.filter(applicant__participations__isnull=True)
        .select_related("applicant", "cohort__programme")
        .order_by("applicant__last_name", "applicant__first_name")
    )
    applied: dict = {}
    for application in applications:
        applied.setdefault(application.applicant, []).append(
            f"Applied to {_cohort(application.cohort)}"
        )
    groups.append(
        ("Applicants (not yet taking part)", [(u, "; ".join(c)) for u, c in applied.items()])
    )
    return [(label, people) for label, people in groups if people]


def _cohort(cohort) -> str:
    return f"{cohort.programme.name}: {cohort.name}"
