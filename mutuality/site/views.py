from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mutuality.core.health import health
from mutuality.privacy.notice import privacy_notice
from mutuality.site.selectors import home_for, open_for_applications


@login_not_required
@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/start.jinja", {"recruiting": open_for_applications()})
    return render(request, "core/home.jinja", home_for(request.user))


@login_not_required
@require_GET
def accessibility(request):
    return render(
        request,
        "core/accessibility.jinja",
        {"contact": settings.ACCESSIBILITY_CONTACT, "run_by": settings.PRIVACY_CONTROLLERS},
    )


@login_not_required
@require_GET
def privacy(request):
    return render(request, "core/privacy.jinja", {"notice": privacy_notice()})


@require_GET
@never_cache
@login_not_required
def healthz(request):
    """For load balancers and uptime checks: database, cache, migrations, task worker."""
    checks = health()
    ok = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503
    )
