"""Faculty and the programme team: the cohort's pairs at a glance, and one pair's record
(meetings, support requests, supervision notes; never shared notes or reflections)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.permissions import get_cohort_for

from . import selectors, services
from .models import LIVE, Partnership
from .year_forms import EndForm, ResolveForm, SupervisionForm


@require_GET
@login_required
def dashboard(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_pairs")
    return render(
        request,
        "partnerships/dashboard.jinja",
        {"cohort": cohort, "rows": selectors.dashboard_rows(cohort)},
    )


def _pair(cohort, pair_pk: int) -> Partnership:
    partnership = selectors.team_pair(cohort, pair_pk)
    if partnership is None:
        raise Http404
    return partnership


def _pair_page(request, cohort, partnership, *, supervision_form=None):
    """One pair's record; a supervision note that could not be saved comes back with its
    error and the text as typed."""
    return render(
        request,
        "partnerships/pair.jinja",
        {
            "cohort": cohort,
            "partnership": partnership,
            "health": selectors.health_of(partnership) if partnership.status in LIVE else None,
            **selectors.team_record(partnership),
            "can_manage": request.user.has_perm("partnerships.manage_matching", cohort),
            "resolve_form": ResolveForm(),
            "supervision_form": supervision_form or SupervisionForm(),
        },
    )


@require_GET
@login_required
def pair(request, pk: int, pair_pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_pairs")
    return _pair_page(request, cohort, _pair(cohort, pair_pk))


@require_http_methods(["GET", "POST"])
@login_required
def end(request, pk: int, pair_pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    partnership = _pair(cohort, pair_pk)
    form = EndForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.partnership_end(
                partnership=partnership, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            staying = ended.leaving != Partnership.Leaving.BOTH
            messages.success(
                request,
                "The partnership has ended. Both partners have been told."
                + (" Choose a new partner below." if staying else ""),
            )
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
    support = selectors.support_request_of(partnership, request_pk)
    if support is None:
        raise Http404
    form = ResolveForm(request.POST)
    if form.is_valid():
        services.support_request_resolve(request=support, by=request.user, **form.cleaned_data)
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
    if not form.is_valid():
        return _pair_page(request, cohort, partnership, supervision_form=form)
    services.supervision_note_add(
        partnership=partnership, author=request.user, text=form.cleaned_data["text"]
    )
    messages.success(request, "Supervision note added.")
    return redirect("partnerships:pair", pk=cohort.pk, pair_pk=partnership.pk)
