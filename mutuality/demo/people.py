from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.utils import timezone

from mutuality.programmes.models import CohortRole, Participation


def current_totp_code(authenticator: Authenticator) -> str:
    """The code an authenticator app would show now. Demo mode only, so that a newcomer
    can sign in as a member of staff without an app."""
    secret = get_mfa_adapter().decrypt(authenticator.data["secret"])
    counter = int(timezone.now().timestamp()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def people_by_role() -> list[tuple[str, list]]:
    """The invented people, grouped the way a newcomer wants to try them."""
    user_model = get_user_model()
    groups: list[tuple[str, list]] = []
    office = list(user_model.objects.filter(is_staff=True, is_active=True))
    groups.append(("Programme office", office))
    for role, label in CohortRole.Role.choices:
        if role == CohortRole.Role.PROGRAMME_MANAGER:
            continue
        users = user_model.objects.filter(cohort_roles__role=role, is_staff=False).distinct()
        plural = "Steering group members" if role == CohortRole.Role.STEERING else label
        groups.append((plural, list(users)))
    for side_label, side in (
        ("Aspiring leaders", "aspiring"),
        ("Established leaders", "established"),
    ):
        parts = (
            Participation.objects.filter(side=side)
            .select_related("user", "cohort__programme", "organisation")
            .order_by("cohort__programme__name", "user__last_name")
        )
        groups.append((side_label, [p.user for p in parts]))
    applicants = (
        user_model.objects.filter(applications__isnull=False, participations__isnull=True)
        .distinct()
        .order_by("last_name")
    )
    groups.append(("Applicants (not yet taking part)", list(applicants)))
    return [(label, people) for label, people in groups if people]
