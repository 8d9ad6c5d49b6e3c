import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import DetailsForm


@require_http_methods(["GET", "POST"])
@login_required
def your_details(request):
    """Asked the first time someone signs in without a name, and changeable afterwards."""
    user = request.user
    first_time = user.needs_name
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = DetailsForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.details_save(form=form)
        messages.success(request, "Saved your details.")
        return redirect(next_url or "home")
    return render(
        request,
        "accounts/details.jinja",
        {"form": form, "first_time": first_time, "next_url": next_url},
    )


@require_POST
@login_required
def stay_signed_in(request):
    """ "Stay signed in" in the warning before idle sign-out: counts as activity now. The page's
    script asks in the background (and is told 204); without it, the person goes back."""
    from .middleware import LAST_SEEN_AT

    request.session[LAST_SEEN_AT] = time.time()
    if request.headers.get("X-Mutuality-Keep-Alive"):
        return HttpResponse(status=204)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    return redirect(next_url or "home")
