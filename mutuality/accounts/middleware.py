import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

# Pages someone without an authenticator app must still reach: signing in and out, setting
# up the app, and (in the demo) reading the outbox.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/demo/")


SIGNED_IN_AT = "mutuality_signed_in_at"
LAST_SEEN_AT = "mutuality_last_seen_at"
# The session is written at most this often just to note activity (more often when the idle
# limit is short, as in tests): the idle clock may run this far ahead of the person.
ACTIVITY_RESOLUTION = 60


def activity_resolution() -> float:
    return min(ACTIVITY_RESOLUTION, settings.MUTUALITY_IDLE_SECONDS / 10)


class SessionTimeoutMiddleware:
    """Signs people out after ``MUTUALITY_IDLE_SECONDS`` without a request, and after
    ``SESSION_COOKIE_AGE`` from signing in however active they are (writing the session
    to note activity would otherwise keep pushing the cookie's expiry on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            idle = now - last_seen_at > settings.MUTUALITY_IDLE_SECONDS
            if idle or now - signed_in_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                minutes = settings.MUTUALITY_IDLE_SECONDS // 60
                messages.info(
                    request,
                    f"You were signed out after {minutes} minutes without activity. "
                    "Sign in again to carry on."
                    if idle
                    else "You were signed out because you signed in a long time ago. "
                    "Sign in again to carry on.",
                )
                return redirect_to_login(request.get_full_path())
            if now - last_seen_at >= activity_resolution() or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """Pages for someone signed in are never kept by the browser or a proxy: a shared
    computer's back button or cache must not show the last person's data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


def start_session_clock(sender, request, user, **kwargs) -> None:
    """Signing in starts both clocks afresh."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


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
