"""Reads for the demo pages. Nothing here writes."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model

from .models import OutboxMessage
from .people import current_totp_code


def totp_codes() -> dict[int, str]:
    """For each person with an authenticator app, the code it would show now."""
    return {
        auth.user_id: current_totp_code(auth)
        for auth in Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    }


def outbox(limit: int = 200) -> list[OutboxMessage]:
    """The latest emails the demo kept, newest first."""
    return list(OutboxMessage.objects.all()[:limit])


def active_person(pk: int):
    """The person ``pk`` if their account is active, else None."""
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
