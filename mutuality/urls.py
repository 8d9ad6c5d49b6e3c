from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import include, path
from django.views.generic import RedirectView

from mutuality.programmes import urls as programme_urls
from mutuality.site.cohort_views import programme_urlpatterns

admin.site.site_header = f"{settings.SERVICE_NAME} programme office"
admin.site.site_title = settings.SERVICE_NAME
# The admin has no password form of its own: staff sign in like everyone else.
admin.site.login = secure_admin_login(admin.site.login)


@login_not_required
def no_passwords(request, *args, **kwargs):
    """Nobody has a password, so there is none to reset, change or set."""
    raise Http404("Nobody signs in with a password.")


urlpatterns = [
    # Everyone signs in by emailed code; the password form is never offered.
    path(
        "accounts/login/",
        login_not_required(
            RedirectView.as_view(pattern_name="account_request_login_code", query_string=True)
        ),
    ),
    path("accounts/password/<path:rest>", no_passwords),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("mutuality.site.urls")),
    path("", include("mutuality.accounts.urls")),
    path("", include("mutuality.organisations.urls")),
    # The programmes namespace also holds the cohort pages that read several apps, which
    # live in the site layer (docs/decisions/0022).
    path("", include((programme_urls.urlpatterns + programme_urlpatterns, "programmes"))),
    path("", include("mutuality.applications.urls")),
    path("", include("mutuality.partnerships.urls")),
    path("", include("mutuality.matchruns.urls")),
    path("", include("mutuality.timeline.urls")),
    path("", include("mutuality.polls.urls")),
    path("", include("mutuality.evaluation.urls")),
    path("", include("mutuality.strategy.urls")),
    path("", include("mutuality.steering.urls")),
    path("", include("mutuality.privacy.urls")),
]

if settings.DEMO:
    urlpatterns.append(path("demo/", include("mutuality.demo.urls")))
