"""Pages that exist only in demo mode: the outbox and quick sign-in as an invented person."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import selectors
from .models import OutboxMessage
from .people import people_by_role


def demo_only(view):
    """Demo pages: 404 when demo mode is off; open to anyone when it is on."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEMO:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@demo_only
def people(request):
    groups = people_by_role()
    return render(request, "demo/people.jinja", {"groups": groups, "codes": selectors.totp_codes()})


@require_POST
@demo_only
def sign_in_as(request, pk: int):
    user = selectors.active_person(pk)
    if user is None:
        raise Http404
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"You are signed in as {user.get_full_name()}.")
    return redirect("home")


@require_GET
@demo_only
def outbox(request):
    return render(request, "demo/outbox.jinja", {"emails": selectors.outbox()})


@require_GET
@demo_only
def outbox_message(request, pk: int):
    email = get_object_or_404(OutboxMessage, pk=pk)
    return render(request, "demo/outbox_message.jinja", {"email": email})
