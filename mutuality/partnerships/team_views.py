"""Faculty and the programme team: the cohort's pairs at a glance, and one pair's record
(meetings, support requests, supervision notes; never shared notes or reflections)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.permissions import get_cohort_for

from . import year
from .health import expected_meetings_by, pair_health
from .models import Partnership, SupportRequest
from .year_forms import EndForm, ResolveForm, SupervisionForm


def dashboard_rows(cohort) -> list[dict]:
    today = timezone.localdate()
    expected = expected_meetings_by(
        cohort.starts_on, cohort.ends_on, today, cohort.expected_meetings
    )
    partnerships = (
        Partnership.objects.filter(cohort=cohort)
        .select_related("aspiring__user", "established__user")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            last_meeting=Max("meetings__met_on"),
            open_requests=Count(
                "support_requests",
                filter=Q(support_requests__resolved_at__isnull=True),
                distinct=True,
            ),
        )  # fmt: skip
        .order_by("status", "pk")
    )
    rows = []
    for p in partnerships:
        contact = p.last_meeting or timezone.localdate(p.created_at)
        label = p.get_status_display()
        health = None
        if p.status in year.LIVE:
            health = pair_health(
                contact, today,
                quiet_weeks=cohort.quiet_after_weeks, at_risk_weeks=cohort.at_risk_after_weeks,
            )  # fmt: skip
            if health != "fine":
                label = "At risk" if health == "at_risk" else "Quiet"
        rows.append(
            {
                "partnership": p,
                "label": label,
                "health": health,
                "meetings": p.meeting_count,
                "expected": expected,
                "last_contact": p.last_meeting,
                "open_requests": p.open_requests,
            }
        )
    return rows


@require_GET
@login_required
def dashboard(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_pairs")
    return render(
        request,
        "partnerships/dashboard.jinja",
        {"cohort": cohort, "rows": dashboard_rows(cohort)},
    )


def _pair(cohort, pair_pk: int) -> Partnership:
    return get_object_or_404(
        Partnership.objects.select_related(
            "aspiring__user",
            "established__user",
            "aspiring__organisation",
            "established__organisation",
            "replaces",
        ),  # fmt: skip
        pk=pair_pk,
        cohort=cohort,
    )


@require_GET
@login_required
def pair(request, pk: int, pair_pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_pairs")
    partnership = _pair(cohort, pair_pk)
    can_manage = request.user.has_perm("partnerships.manage_matching", cohort)
    return render(
        request,
        "partnerships/pair.jinja",
        {
            "cohort": cohort,
            "partnership": partnership,
            "health": year.health_of(partnership) if partnership.status in year.LIVE else None,
            "meetings": partnership.meetings.all(),
            "requests": partnership.support_requests.select_related("raised_by"),
            "supervision": partnership.supervision_notes.select_related("author"),
            "can_manage": can_manage,
            "resolve_form": ResolveForm(),
            "supervision_form": SupervisionForm(),
            "successors": partnership.replaced_by.select_related(
                "aspiring__user", "established__user"
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def end(request, pk: int, pair_pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    partnership = _pair(cohort, pair_pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            year.partnership_end(partnership=partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The partnership has ended. Choose a new partner below.")
        return redirect("partnerships:pair", pk=cohort.pk, pair_pk=partnership.pk)
    return render(
        request,
        "partnerships/end.jinja",
        {"cohort": cohort, "partnership": partnership, "form": form},
    )


@require_POST
@login_required
def resolve(request, pk: int, pair_pk: int, request_pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_pairs")
    partnership = _pair(cohort, pair_pk)
    support = get_object_or_404(SupportRequest, pk=request_pk, partnership=partnership)
    form = ResolveForm(request.POST)
    if form.is_valid():
        year.support_resolve(request=support, by=request.user, **form.cleaned_data)
        messages.success(request, "Marked as dealt with.")
    else:
        messages.error(request, "Say what was done.")
    return redirect("partnerships:pair", pk=cohort.pk, pair_pk=partnership.pk)


@require_POST
@login_required
def supervision(request, pk: int, pair_pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_pairs")
    partnership = _pair(cohort, pair_pk)
    form = SupervisionForm(request.POST)
    if form.is_valid():
        year.supervision_note_add(
            partnership=partnership, author=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, "Supervision note added.")
    else:
        messages.error(request, "Write the note first.")
    return redirect("partnerships:pair", pk=cohort.pk, pair_pk=partnership.pk)
