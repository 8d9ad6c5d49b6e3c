"""Pages for applicants, and the line manager's approval page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.audit.models import audit
from mutuality.programmes.models import Cohort

from . import selectors, services
from .forms import AboutMeForm, ConsentForm, EqualityForm, ManagerDecisionForm, SideForm, SubmitForm
from .models import Application, ManagerApproval
from .presenters import answers_summary
from .sections import BY_KEY, next_section, sections_for


def _own_application(user, pk: int) -> Application:
    """Only the applicant reaches these pages; anyone else is told there is nothing here."""
    application = selectors.own_application(user, pk)
    if application is None:
        raise Http404
    return application


@require_http_methods(["GET", "POST"])
@login_required
def apply(request, pk: int):
    """Start an application to a cohort taking applications (someone who has applied is taken
    to their own application)."""
    cohort = selectors.cohort_with_programme(pk)
    if cohort is None:
        raise Http404
    existing = selectors.application_of(cohort, request.user)
    if existing:
        return redirect("applications:overview", pk=existing.pk)
    today = timezone.localdate()
    is_open = (
        cohort.status == Cohort.Status.RECRUITING
        and cohort.applications_open_on <= today <= cohort.applications_close_on
    )
    if not is_open:
        # Only a cohort taking applications answers: any other would tell a signed-in
        # stranger the names of every cohort and programme, open or not.
        raise Http404
    form = SideForm(request.POST or None, programme=cohort.programme)
    if request.method == "POST" and form.is_valid():
        application = services.application_start(
            cohort=cohort, applicant=request.user, side=form.cleaned_data["side"]
        )
        return redirect("applications:overview", pk=application.pk)
    return render(request, "applications/apply.jinja", {"cohort": cohort, "form": form})


@require_GET
@login_required
def overview(request, pk: int):
    application = _own_application(request.user, pk)
    items = [
        {
            "section": section,
            "done": section.done(application),
        }
        for section in sections_for(application)
    ]
    return render(
        request,
        "applications/overview.jinja",
        {
            "application": application,
            "items": items,
            "missing": services.missing_answers(application),
        },
    )


def _section_form(request, application: Application, key: str):
    section = BY_KEY[key]
    data = request.POST if request.method == "POST" else None
    if key == "about-me":
        return AboutMeForm(data, profile=selectors.about_me_for(application.applicant))
    if key == "equality":
        return EqualityForm(data, instance=selectors.equality_for(application))
    if key == "consent":
        consent = selectors.consent_for(application)
        initial = {"experiences": consent.experiences} if consent and consent.active else None
        return ConsentForm(data, initial=initial)
    if key == "questions":
        return section.form(data, application=application)
    return section.form(data, instance=application)


@require_http_methods(["GET", "POST"])
@login_required
def section(request, pk: int, key: str):
    application = _own_application(request.user, pk)
    if key not in BY_KEY or BY_KEY[key] not in sections_for(application):
        raise Http404
    if not application.editable_by_applicant:
        messages.info(request, "Your application can no longer be changed.")
        return redirect("applications:overview", pk=application.pk)
    form = _section_form(request, application, key)
    if request.method == "POST" and form.is_valid():
        services.application_section_save(application=application, key=key, form=form)
        following = next_section(application, key)
        if following:
            return redirect("applications:section", pk=application.pk, key=following)
        return redirect("applications:check", pk=application.pk)
    consent = selectors.consent_for(application) if key == "consent" else None
    return render(
        request,
        f"applications/section_{key.replace('-', '_')}.jinja"
        if key in {"about-me", "equality", "consent"}
        else "applications/section.jinja",
        {"application": application, "section": BY_KEY[key], "form": form, "consent": consent},
    )


@require_POST
@login_required
def consent_withdraw(request, pk: int):
    application = _own_application(request.user, pk)
    services.consent_withdraw(application=application)
    messages.success(request, "You have withdrawn your consent. Matching will not use it.")
    return redirect("applications:overview", pk=application.pk)


@require_http_methods(["GET", "POST"])
@login_required
def check(request, pk: int):
    application = _own_application(request.user, pk)
    form = SubmitForm(
        request.POST or None, initial={"eligibility_confirmed": application.eligibility_confirmed}
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        services.application_eligibility_confirm(application=application)
        try:
            services.application_submit(application=application)
        except ValidationError as error:
            problems = error.messages
        else:
            return redirect("applications:sent", pk=application.pk)
    return render(
        request,
        "applications/check.jinja",
        {
            "application": application,
            "form": form,
            "summary": answers_summary(application, for_applicant=True),
            "problems": problems,
            "missing": services.missing_answers(application),
        },
    )


@require_GET
@login_required
def sent(request, pk: int):
    application = _own_application(request.user, pk)
    return render(request, "applications/sent.jinja", {"application": application})


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request, pk: int):
    application = _own_application(request.user, pk)
    if request.method == "POST":
        try:
            services.application_withdraw(application=application)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "You have withdrawn your application.")
        return redirect("home")
    return render(request, "applications/withdraw.jinja", {"application": application})


@require_http_methods(["GET", "POST"])
@login_required
def about_me(request):
    """A person's about-me profile, outside any one application."""
    form = AboutMeForm(request.POST or None, profile=selectors.about_me_for(request.user))
    if request.method == "POST" and form.is_valid():
        services.about_me_save(user=request.user, form=form)
        messages.success(request, "Saved your about-me profile.")
        return redirect("applications:about_me")
    return render(request, "applications/about_me.jinja", {"form": form})


def _approval_gone(request, approval: ManagerApproval):
    return render(
        request,
        "applications/approval_gone.jinja",
        {
            "approval": approval,
            "contacts": services.programme_contacts(approval.application.cohort),
        },
        status=410,
    )


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def approve(request, token: str):
    """The line manager's page. Opening it decides nothing (mail scanners open every link);
    only the POST of the form does."""
    approval = ManagerApproval.find(token)
    if approval is None:
        return render(request, "applications/approval_gone.jinja", {"approval": None}, status=404)
    if not approval.is_usable:
        return _approval_gone(request, approval)
    form = ManagerDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve_it = form.cleaned_data["decision"] == "approve"
        try:
            services.approval_decide(
                approval=approval, approve=approve_it, comment=form.cleaned_data["comment"]
            )
        except ValidationError:
            # Another answer with the same link got there first (a double click, two tabs).
            approval.refresh_from_db()
            return _approval_gone(request, approval)
        audit(
            actor=None,
            action="approval.decided",
            target=approval.application,
            approved=approve_it,
            by_email=approval.email,
        )
        return render(
            request,
            "applications/approval_done.jinja",
            {"approval": approval, "approved": approve_it},
        )
    return render(
        request,
        "applications/approval.jinja",
        {"approval": approval, "application": approval.application, "form": form},
    )
