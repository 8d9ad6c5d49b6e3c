"""People's rights over their data: their own download, and the programme office's pages
for erasure, retention and the audit log."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.audit import presenters as audit_presenters
from mutuality.audit.models import audit

from . import selectors, services


def _json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def my_data(request):
    return render(request, "privacy/my_data.jinja", {"data": selectors.my_data(request.user)})


@require_GET
@login_required
def my_data_download(request):
    audit(actor=request.user, action="privacy.downloaded", target=request.user)
    day = timezone.localdate().isoformat()
    return _json_download(selectors.my_data(request.user), f"my-data-{day}.json")


class FindForm(forms.Form):
    q = forms.CharField(
        label="Find a person",
        help_text="Their email address, or part of their name.",
        max_length=200,
        error_messages={"required": "Enter an email address or part of a name"},
    )


@require_GET
@login_required
@permission_required("privacy.manage", raise_exception=True)
def office(request):
    form = FindForm(request.GET or None)
    found = None
    if form.is_valid():
        found = selectors.find_people(form.cleaned_data["q"])
    schedule = selectors.retention_schedule()
    due, kept = selectors.retention_due()
    return render(
        request,
        "privacy/office.jinja",
        {
            "form": form,
            "found": found,
            "schedule": schedule,
            "due_people": len(due),
            "kept_people": len(kept),
        },
    )


def _person(pk: int):
    person = selectors.person_not_erased(pk)
    if person is None:
        raise Http404
    return person


@require_GET
@login_required
@permission_required("privacy.manage", raise_exception=True)
def person(request, pk: int):
    subject = _person(pk)
    data = selectors.my_data(subject)
    counts = {title: len(records) for title, records in data["sections"].items()}
    return render(
        request,
        "privacy/person.jinja",
        {"subject": subject, "counts": counts, "is_self": subject.pk == request.user.pk},
    )


@require_GET
@login_required
@permission_required("privacy.manage", raise_exception=True)
def person_data(request, pk: int):
    """A person's data for the office to send them, when they cannot sign in to get it."""
    subject = _person(pk)
    audit(actor=request.user, action="privacy.downloaded_for", target=subject)
    day = timezone.localdate().isoformat()
    return _json_download(selectors.my_data(subject), f"data-{subject.pk}-{day}.json")


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked that this request comes from this person, or that their "
        "retention period is over",
        error_messages={"required": "Confirm that you have checked the request"},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("privacy.manage", raise_exception=True)
def erase(request, pk: int):
    subject = _person(pk)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure = services.erase_person(person=subject, by=request.user, reason="request")
        except services.ErasureRefused as refused:
            messages.error(request, str(refused))
            return redirect("privacy:person", pk=pk)
        removed = sum(erasure.deleted.values()) + sum(erasure.blanked.values())
        messages.success(
            request,
            f"Their personal data has been erased ({removed} records deleted or blanked). "
            "The erasure is in the audit log.",
        )
        return redirect("privacy:office")
    return render(
        request,
        "privacy/erase.jinja",
        {"subject": subject, "form": form, "is_self": subject.pk == request.user.pk},
    )


ACTIONS = {
    "": "Everything",
    "special_category": "Reading special category data",
    "privacy": "Downloads and erasures",
}


@require_GET
@login_required
@permission_required("privacy.manage", raise_exception=True)
def audit_log(request):
    shown = request.GET.get("show", "")
    events = selectors.audit_events(shown if shown in ACTIONS else "")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/audit_log.jinja",
        {
            "page": page,
            "subjects": audit_presenters.subjects(page),
            "action_text": audit_presenters.action_text,
            "details_text": audit_presenters.details_text,
            "actions": ACTIONS,
            "shown": shown if shown in ACTIONS else "",
        },
    )
