from collections import defaultdict
from statistics import mean

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.applications.models import Application
from mutuality.permissions import get_cohort_for

from . import services
from .forms import MatchingSettingsForm
from .models import MatchRun, Partnership, ProposedPair


def _run(cohort, number: int) -> MatchRun:
    return get_object_or_404(MatchRun, cohort=cohort, number=number)


@require_GET
@login_required
def matching_home(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_matching")
    counts = defaultdict(int)
    for application in services.matchable(cohort):
        counts[application.side] += 1
    return render(
        request,
        "partnerships/home.jinja",
        {
            "cohort": cohort,
            "runs": cohort.match_runs.all(),
            "counts": counts,
            "stored": services.settings_for(cohort),
            "can_manage": request.user.has_perm("partnerships.manage_matching", cohort),
            "published": Partnership.objects.filter(cohort=cohort).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    form = MatchingSettingsForm(request.POST or None, instance=services.settings_for(cohort))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved the matching settings. Run matching to use them.")
        return redirect("partnerships:home", pk=cohort.pk)
    return render(request, "partnerships/settings.jinja", {"cohort": cohort, "form": form})


@require_POST
@login_required
def run_new(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    try:
        run = services.run_create(cohort=cohort, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partnerships:home", pk=cohort.pk)
    return redirect(run)


def score_spread(run: MatchRun) -> list[dict]:
    """How good the matches are for each organisation and side, so the team can see if one
    group is systematically getting weaker partners."""
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    unmatched: dict[tuple[str, str], int] = defaultdict(int)
    # Side labels are the programme's words: join the programme rather than ask per person.
    pairs = run.pairs.select_related(
        "aspiring__organisation",
        "aspiring__cohort__programme",
        "established__organisation",
        "established__cohort__programme",
    )
    for pair in pairs:
        for application in (pair.aspiring, pair.established):
            key = (str(application.organisation or "No organisation"), application.side_label)
            groups[key].append(pair.score)
    for person in run.unmatched.select_related(
        "application__organisation", "application__cohort__programme"
    ):
        app = person.application
        unmatched[(str(app.organisation or "No organisation"), app.side_label)] += 1
    rows = []
    for key in sorted(set(groups) | set(unmatched)):
        scores = groups.get(key, [])
        rows.append(
            {
                "organisation": key[0],
                "side": key[1],
                "matched": len(scores),
                "unmatched": unmatched.get(key, 0),
                "mean": mean(scores) if scores else None,
                "lowest": min(scores) if scores else None,
            }
        )
    return rows


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
    pairs = list(
        run.pairs.select_related(
            "aspiring__applicant",
            "aspiring__organisation",
            "established__applicant",
            "established__organisation",
        )  # fmt: skip
    )
    stored = services.settings_for(cohort)
    pinned = {tuple(p) for p in stored.pinned}
    broken = services.rules_broken(
        cohort=cohort, pairs=[(p.aspiring, p.established) for p in pairs if p.pinned]
    )
    return render(
        request,
        "partnerships/run.jinja",
        {
            "cohort": cohort,
            "run": run,
            "breaks": {(a.pk, e.pk): rules for (a, e), rules in broken.items()},
            "pairs": pairs,
            "pinned": pinned,
            "unmatched": run.unmatched.select_related(
                "application__applicant", "application__cohort__programme"
            ),
            "spread": score_spread(run),
            "other_runs": cohort.match_runs.exclude(pk=run.pk),
            "can_manage": request.user.has_perm("partnerships.manage_matching", cohort),
            "forbidden": [
                (
                    Application.objects.filter(pk=a).first(),
                    Application.objects.filter(pk=b).first(),
                )
                for a, b in stored.forbidden
            ],
        },
    )


@require_POST
@login_required
def pair_action(request, pk: int, number: int, pair_pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    run = _run(cohort, number)
    pair = get_object_or_404(ProposedPair, pk=pair_pk, run=run)
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
    chosen = list(run.pairs.filter(pk__in=request.POST.getlist("pair")))
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
        "partnerships/confirm_rule_break.jinja",
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
    stored = services.settings_for(cohort)
    pair = [int(request.POST.get("aspiring", 0)), int(request.POST.get("established", 0))]
    stored.forbidden = [list(p) for p in stored.forbidden if list(p) != pair]
    stored.save()
    messages.success(request, "That pair is allowed again.")
    return redirect("partnerships:home", pk=cohort.pk)


@require_GET
@login_required
def compare(request, pk: int, number: int, other: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.view_matching")
    first, second = _run(cohort, number), _run(cohort, other)
    rows: dict[int, dict] = {}
    for column, run in (("a", first), ("b", second)):
        for pair in run.pairs.select_related("aspiring__applicant", "established__applicant"):
            row = rows.setdefault(pair.aspiring_id, {"person": pair.aspiring.applicant})
            row[column] = pair
    ordered = sorted(rows.values(), key=lambda r: r["person"].get_full_name())
    for row in ordered:
        a, b = row.get("a"), row.get("b")
        row["changed"] = not (a and b and a.established_id == b.established_id)
    return render(
        request,
        "partnerships/compare.jinja",
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
        pairs = list(run.pairs.select_related("aspiring__applicant", "established__applicant"))
        return render(
            request,
            "partnerships/publish.jinja",
            {
                "cohort": cohort,
                "run": run,
                "pairs": pairs,
                "unmatched": run.unmatched.count(),
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
    return redirect("partnerships:home", pk=cohort.pk)


@require_GET
@login_required
def replacements(request, pk: int, app_pk: int):
    cohort = get_cohort_for(request.user, pk, "partnerships.manage_matching")
    application = get_object_or_404(Application, pk=app_pk, cohort=cohort)
    proposals = services.replacements_for(cohort=cohort, application=application)
    return render(
        request,
        "partnerships/replacements.jinja",
        {"cohort": cohort, "application": application, "proposals": proposals},
    )
