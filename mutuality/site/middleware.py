"""Middleware that needs to know people's roles in cohorts, so it sits above the apps
rather than in ``accounts`` (see docs/decisions/0022)."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from mutuality.accounts.middleware import ALLOWED_PREFIXES
from mutuality.programmes.permissions import must_use_mfa


class RequireMultiFactorMiddleware:
    """Sends staff and faculty to set up an authenticator app before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and must_use_mfa(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.info(
                request,
                "Your role lets you see people's personal information, so you need to add an "
                "authenticator app before you continue.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
