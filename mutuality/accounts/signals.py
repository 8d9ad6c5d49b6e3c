"""Authenticator set-up: the code someone has just typed to add their app proves they hold
it, so the recovery codes shown next do not ask for another one."""

from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.models import Authenticator


def count_activation_as_recent_authentication(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        post_authentication(request, authenticator, reauthenticated=True)
