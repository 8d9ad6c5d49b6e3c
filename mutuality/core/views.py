from django.shortcuts import render
from django.views.decorators.http import require_GET

from mutuality.core.selectors import home_for
from mutuality.privacy.notice import privacy_notice


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/start.jinja")
    return render(request, "core/home.jinja", home_for(request.user))


@require_GET
def accessibility(request):
    return render(request, "core/accessibility.jinja")


@require_GET
def privacy(request):
    return render(request, "core/privacy.jinja", {"notice": privacy_notice()})
