"""The programme team's view of a cohort's applications: list, filters, decisions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.audit.models import audit_special_category_read
from mutuality.permissions import get_cohort_for

from . import selectors, services
from .forms import DecisionForm, RecordApprovalForm
from .models import AboutMeSection, Application
from .presenters import answers_summary


class FilterForm(forms.Form):
    marks_optional = False  # a search: nothing in it is needed

    q = forms.CharField(required=False, label="Name or email address", max_length=200, strip=True)
    side = forms.ChoiceField(required=False)
    organisation = forms.ChoiceField(required=False)
    approval = forms.ChoiceField(
        required=False,
        label="Line manager",
        choices=[
            ("", "Any"),
            ("waiting", "Waiting"),
            ("approved", "Approved"),
            ("declined", "Did not approve"),
        ],
    )
    status = forms.ChoiceField(required=False)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        labels = cohort.programme.side_labels
        self.fields["side"].choices = [("", "Both")] + [
            (k, v.capitalize()) for k, v in labels.items()
        ]
        self.fields["organisation"].choices = [("", "Any")] + [
            (str(o.pk), o.name) for o in selectors.organisations_of(cohort)
        ]
        self.fields["status"].choices = [("", "Any")] + [
            c for c in Application.Status.choices if c[0] != Application.Status.DRAFT
        ]


@require_GET
@login_required
def application_list(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "applications.review")
    form = FilterForm(request.GET or None, cohort=cohort)
    return render(
        request,
        "applications/review/list.jinja",
        {
            "cohort": cohort,
            "filter_form": form,
            "applications": selectors.applications_filtered(
                cohort, form.cleaned_data if form.is_valid() else None
            ),
            "places": selectors.places_against_acceptances(cohort),
            "can_decide": request.user.has_perm("applications.decide", cohort),
            "decision_form": DecisionForm(),
            **selectors.review_counts(cohort),
        },
    )


def _application(cohort, app_pk: int) -> Application:
    application = selectors.sent_application(cohort, app_pk)
    if application is None:
        raise Http404
    return application


@require_GET
@login_required
def application_detail(request, pk: int, app_pk: int):
    cohort = get_cohort_for(request.user, pk, "applications.review")
    application = _application(cohort, app_pk)
    can_decide = request.user.has_perm("applications.decide", cohort)
    # Faculty read only what the applicant chose to share with faculty.
    sections = selectors.about_me_sections(application.applicant, faculty_only=not can_decide)
    if any(s.key == AboutMeSection.Key.ADJUSTMENTS for s in sections):
        audit_special_category_read(
            actor=request.user,
            subjects=[application.applicant],
            what="reasonable adjustments",
            where="application review",
        )
    return render(
        request,
        "applications/review/detail.jinja",
        {
            "cohort": cohort,
            "application": application,
            "summary": answers_summary(application),
            "about_me": sections,
            "approvals": selectors.approvals_of(application),
            "can_decide": can_decide,
            "decision_form": DecisionForm(),
        },
    )


def _form_problem(form) -> str:
    return " ".join(" ".join(errors) for errors in form.errors.values())


@require_POST
@login_required
def decide(request, pk: int, app_pk: int):
    cohort = get_cohort_for(request.user, pk, "applications.decide")
    application = _application(cohort, app_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_problem(form))
        return redirect("applications:review_detail", pk=cohort.pk, app_pk=application.pk)
    try:
        services.applications_decide(
            applications=[application], by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("applications:review_detail", pk=cohort.pk, app_pk=application.pk)
    messages.success(
        request,
        f"Decision saved as a draft for {application.applicant.get_full_name()}. Nobody is "
        "told until you send the decisions.",
    )
    return redirect("applications:review", pk=cohort.pk)


@require_POST
@login_required
def decide_many(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "applications.decide")
    form = DecisionForm(request.POST)
    chosen = selectors.applications_chosen(cohort, request.POST.getlist("application"))
    if not chosen:
        messages.error(request, "Choose at least one application.")
    elif not form.is_valid():
        messages.error(request, _form_problem(form))
    else:
        try:
            decided = services.applications_decide(
                applications=list(chosen), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages) + " Nothing was changed.")
        else:
            messages.success(
                request,
                f"Decision saved as a draft for {len(decided)} "
                f"application{'s' if len(decided) != 1 else ''}. Nobody is told until you send "
                "the decisions.",
            )
    return redirect("applications:review", pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def send_decisions(request, pk: int):
    """Every draft decision's email, to read before one press sends them all."""
    cohort = get_cohort_for(request.user, pk, "applications.decide")
    drafts = list(selectors.decisions_to_send(cohort))
    if request.method == "POST":
        try:
            sent = services.decisions_send(
                cohort=cohort, by=request.user, pks=request.POST.getlist("application")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages) + " Nothing was sent.")
        else:
            messages.success(request, f"Sent {sent} decision{'s' if sent != 1 else ''}.")
        return redirect("applications:review", pk=cohort.pk)
    previews = [
        {
            "application": a,
            "email": services.decision_email(a),
            "body": services.decision_email_body(a),
        }
        for a in drafts
    ]
    return render(
        request,
        "applications/review/send.jinja",
        {"cohort": cohort, "previews": previews},
    )


@require_POST
@login_required
def resend(request, pk: int, app_pk: int):
    cohort = get_cohort_for(request.user, pk, "applications.decide")
    application = _application(cohort, app_pk)
    try:
        services.approval_resend(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Sent a new link to {application.line_manager_email}.")
    return redirect("applications:review_detail", pk=cohort.pk, app_pk=application.pk)


@require_http_methods(["GET", "POST"])
@login_required
def record_approval(request, pk: int, app_pk: int):
    cohort = get_cohort_for(request.user, pk, "applications.decide")
    application = _application(cohort, app_pk)
    form = RecordApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_record(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Recorded the line manager's decision.")
            return redirect("applications:review_detail", pk=cohort.pk, app_pk=application.pk)
    return render(
        request,
        "applications/review/record_approval.jinja",
        {"cohort": cohort, "application": application, "form": form},
    )
