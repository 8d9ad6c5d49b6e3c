"""Match runs: HTTP only. Reads come from ``selectors``, writes go through ``services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.partnerships.models import Partnership
from mutuality.permissions import get_cohort_for

from . import selectors, services
from .forms import MatchingSettingsForm
from .models import MatchRun


def _run(cohort, number: int) -> MatchRun:
    run = selectors.run_of(cohort, number)
    if run is None:
        raise Http404
    return run


@require_GET
@login_required
def matching_home(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_matching")
    counts = selectors.matchable_by_side(cohort)
    return render(
        request,
        "matchruns/home.jinja",
        {
            "cohort": cohort,
            "runs": selectors.runs_of(cohort),
            "counts": counts,
            "stored": selectors.settings_of(cohort),
            "can_manage": request.user.has_perm("partnerships.manage_matching", cohort),
            "published": selectors.cohort_has_partnerships(cohort),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    form = MatchingSettingsForm(request.POST or None, instance=selectors.settings_of(cohort))
    if request.method == "POST" and form.is_valid():
        services.matching_settings_update(
            cohort=cohort,
            weights=form.instance.weights,
            different_organisation=form.cleaned_data["different_organisation"],
            min_gap=form.cleaned_data["min_gap"],
        )
        messages.success(request, "Saved the matching settings. Run matching to use them.")
        return redirect("matchruns:home", pk=cohort.pk)
    return render(request, "matchruns/settings.jinja", {"cohort": cohort, "form": form})


@require_POST
@login_required
def run_new(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    try:
        run = services.run_create(cohort=cohort, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matchruns:home", pk=cohort.pk)
    return redirect(run)


@require_GET
@login_required
def run_status(request, pk: int, number: int):
    """How a run in the background is going: the part of its page that updates itself."""
    cohort = get_cohort_for(request.user, pk, "partnerships.view_matching")
    run = _run(cohort, number)
    response = render(
        request,
        "jobs/status.jinja",
        {
            "job": run,
            "noun": "This run",
            "done_text": f"Run {run.number} is ready: see the proposed pairs",
            "done_url": run.get_absolute_url(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def run_detail(request, pk: int, number: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_matching")
    run = _run(cohort, number)
    pairs = selectors.run_pairs(run)
    stored = selectors.settings_of(cohort)
    pinned = {tuple(p) for p in stored.pinned}
    broken = selectors.rules_broken(
        cohort=cohort, pairs=[(p.aspiring, p.established) for p in pairs if p.pinned]
    )
    return render(
        request,
        "matchruns/run.jinja",
        {
            "cohort": cohort,
            "run": run,
            "breaks": {(a.pk, e.pk): rules for (a, e), rules in broken.items()},
            "pairs": pairs,
            "pinned": pinned,
            "unmatched": selectors.run_unmatched(run),
            "spread": selectors.score_spread(run),
            "other_runs": selectors.other_runs(run),
            "can_manage": request.user.has_perm("partnerships.manage_matching", cohort),
            "forbidden": selectors.forbidden_pairs(stored),
        },
    )


@require_POST
@login_required
def pair_action(request, pk: int, number: int, pair_pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    run = _run(cohort, number)
    pair = selectors.proposed_pair(run, pair_pk)
    if pair is None:
        raise Http404
    action = request.POST.get("action")
    people = {"cohort": cohort, "aspiring": pair.aspiring, "established": pair.established}
    if action == "pin":
        try:
            services.pair_pin(
                **people, acknowledged=bool(request.POST.get("acknowledge")), by=request.user
            )
        except services.RuleBroken as broken:
            return _confirm_rule_break(request, cohort, run, broken, action="pin", pair=pair)
        messages.success(request, "Pinned: the next run will keep this pair.")
    elif action == "unpin":
        services.pair_pin(**people, on=False)
        messages.success(request, "Unpinned.")
    elif action == "forbid":
        services.pair_forbid(**people)
        messages.success(request, "Forbidden: the next run will not make this pair.")
    else:
        messages.error(request, "Choose pin, unpin or forbid.")
    return redirect(run)


@require_POST
@login_required
def swap(request, pk: int, number: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    run = _run(cohort, number)
    chosen = selectors.proposed_pairs(run, request.POST.getlist("pair"))
    if len(chosen) != 2:
        messages.error(request, "Choose exactly two pairs to swap.")
    else:
        try:
            services.pairs_swap(
                run=run,
                first=chosen[0],
                second=chosen[1],
                acknowledged=bool(request.POST.get("acknowledge")),
                by=request.user,
            )
        except services.RuleBroken as broken:
            return _confirm_rule_break(request, cohort, run, broken, action="swap", pairs=chosen)
        messages.success(
            request, "Swapped partners are pinned. Run matching again to see the result."
        )
    return redirect(run)


def _confirm_rule_break(request, cohort, run, broken, *, action, pair=None, pairs=()):
    """Ask again, naming each rule, before a pin, swap or publish sets a rule aside."""
    return render(
        request,
        "matchruns/confirm_rule_break.jinja",
        {
            "cohort": cohort,
            "run": run,
            "broken": broken.broken,
            "action": action,
            "pair": pair,
            "pairs": pairs,
            "error": "Tick the box to confirm you are setting these rules aside"
            if request.POST.get("confirming")
            else "",
        },
        status=409,
    )


@require_POST
@login_required
def forbid_remove(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    try:
        aspiring, established = (int(request.POST.get(k, 0)) for k in ("aspiring", "established"))
    except ValueError:
        messages.error(request, "Choose a forbidden pair to allow.")
        return redirect("matchruns:home", pk=cohort.pk)
    services.forbidden_pair_remove(cohort=cohort, aspiring_pk=aspiring, established_pk=established)
    messages.success(request, "That pair is allowed again.")
    return redirect("matchruns:home", pk=cohort.pk)


@require_GET
@login_required
def compare(request, pk: int, number: int, other: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_matching")
    first, second = _run(cohort, number), _run(cohort, other)
    ordered = selectors.compare_rows(first, second)
    return render(
        request,
        "matchruns/compare.jinja",
        {
            "cohort": cohort,
            "first": first,
            "second": second,
            "rows": ordered,
            "first_count": sum(1 for r in ordered if r.get("a")),
            "second_count": sum(1 for r in ordered if r.get("b")),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def publish(request, pk: int, number: int):
    """Publishing cannot be undone: the page says who will be emailed, then asks to confirm."""
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    run = _run(cohort, number)
    if request.method == "GET":
        return render(
            request,
            "matchruns/publish.jinja",
            {
                "cohort": cohort,
                "run": run,
                **selectors.publish_summary(run),
            },
        )
    try:
        made = services.run_publish(
            run=run, by=request.user, acknowledged=bool(request.POST.get("acknowledge"))
        )
    except services.RuleBroken as broken:
        return _confirm_rule_break(request, cohort, run, broken, action="publish")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(run)
    messages.success(request, f"Published {len(made)} partnerships. Each partner has been told.")
    return redirect("matchruns:home", pk=cohort.pk)


@require_GET
@login_required
def replacements(request, pk: int, app_pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    application = selectors.cohort_application(cohort, app_pk)
    if application is None:
        raise Http404
    proposals = selectors.replacements_for(cohort=cohort, application=application)
    return render(
        request,
        "matchruns/replacements.jinja",
        {"cohort": cohort, "application": application, "proposals": proposals},
    )


@require_http_methods(["GET", "POST"])
@login_required
def replace(request, pk: int, pair_pk: int):
    """Rematching: the engine's best new partners for whoever stays after a partnership
    ended, and pairing them with the one the team chooses."""
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    partnership = selectors.partnership_of(cohort, pair_pk)
    if partnership is None:
        raise Http404
    if request.method == "GET":
        if partnership.status != Partnership.Status.ENDED:
            messages.error(request, "End the partnership before choosing a new partner.")
            return redirect("partnerships:pair", pk=cohort.pk, pair_pk=partnership.pk)
        return render(
            request,
            "matchruns/replace.jinja",
            {
                "cohort": cohort,
                "partnership": partnership,
                "proposals": selectors.replacement_proposals(partnership),
            },
        )
    stays = (
        partnership.aspiring
        if str(partnership.aspiring_id) == request.POST.get("stays")
        else partnership.established
    )
    newcomer = selectors.replacement_candidate(cohort, request.POST.get("application"))
    if newcomer is None:
        messages.error(request, "Choose a new partner.")
        return redirect("matchruns:replace", pk=cohort.pk, pair_pk=partnership.pk)
    try:
        made = services.partnership_replace(
            ended=partnership, stays=stays, newcomer=newcomer, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partnerships:pair", pk=cohort.pk, pair_pk=partnership.pk)
    messages.success(request, f"{made} are now learning partners. Both have been introduced.")
    return redirect("partnerships:pair", pk=cohort.pk, pair_pk=made.pk)
