from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from mutuality.permissions import must_use_mfa

# Pages someone without an authenticator app must still reach: signing in and out, setting
# up the app, and (in the demo) reading the outbox.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/demo/")


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


class RequireNameMiddleware:
    """Asks someone who has never given their name for it before anything else, so that
    lists, emails and partner pages never fall back to an email address."""

    exempt_prefixes = (*ALLOWED_PREFIXES, "/approve/", "/your-details/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.needs_name
            and request.method == "GET"
            and not request.path.startswith(self.exempt_prefixes)
        ):
            return redirect(
                reverse("accounts:details") + "?" + urlencode({"next": request.get_full_path()})
            )
        return self.get_response(request)
