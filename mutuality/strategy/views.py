from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from mutuality import strategyfile as sf
from mutuality.permissions import get_programme_for

from . import presenters, selectors, services
from .forms import ProgrammeInitiativesForm, StrategyUploadForm
from .models import Status


@require_GET
@login_required
@permission_required("strategy.view", raise_exception=True)
def dashboard(request):
    """The strategy at a glance: each workstream's initiatives, where their actions have got
    to, and the programmes that deliver them."""
    strategy = selectors.current_strategy()
    if strategy is None:
        return render(request, "strategy/empty.jinja", {})
    workstreams = selectors.dashboard_workstreams(strategy)
    return render(
        request,
        "strategy/dashboard.jinja",
        {
            "strategy": strategy,
            "workstreams": workstreams,
            "Status": Status,
            "overdue": presenters.overdue_action_ids(workstreams),
            "can_manage": request.user.has_perm("strategy.manage"),
        },
    )


@require_GET
@login_required
@permission_required("strategy.view", raise_exception=True)
def workstream(request, key: str):
    """One workstream in full: actions by period with evidence, and beside each initiative
    the live figures of the programmes that deliver it and the steering group's actions."""
    strategy = selectors.current_strategy()
    if strategy is None:
        raise Http404
    ws = selectors.workstream_of(strategy, key)
    if ws is None:
        raise Http404
    return render(
        request,
        "strategy/workstream.jinja",
        {"strategy": strategy, "ws": ws, **presenters.workstream_page(ws)},
    )


@require_GET
@login_required
@permission_required("strategy.view", raise_exception=True)
def frameworks(request):
    strategy = selectors.current_strategy()
    if strategy is None:
        return render(request, "strategy/empty.jinja", {})
    return render(
        request,
        "strategy/frameworks.jinja",
        {"strategy": strategy, "matrices": selectors.matrix(strategy)},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("strategy.manage", raise_exception=True)
def upload(request):
    form = StrategyUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        fmt, text = form.cleaned_data["file"]
        try:
            parsed = services.parse(text, fmt)
        except sf.StrategyFileError as error:
            problems = [str(e) for e in error.errors]
        else:
            strategy = services.strategy_import(parsed=parsed, by=request.user)
            messages.success(
                request,
                f"Imported {strategy.name}: {selectors.workstream_count(strategy)} workstreams. "
                "Programmes stay linked to initiatives with the same key.",
            )
            return redirect("strategy:dashboard")
    return render(request, "strategy/upload.jinja", {"form": form, "problems": problems})


@require_GET
@login_required
@permission_required("strategy.view", raise_exception=True)
def download(request, fmt: str):
    strategy = selectors.current_strategy()
    if strategy is None or fmt not in ("yaml", "csv"):
        raise Http404
    data = selectors.to_file(strategy)
    if fmt == "csv":
        # A byte-order mark so Excel opens it as UTF-8; loading ignores it.
        response = HttpResponse("\ufeff" + sf.dump_csv(data), content_type="text/csv")
    else:
        response = HttpResponse(sf.dump_yaml(data), content_type="application/yaml")
    response["Content-Disposition"] = f'attachment; filename="{slugify(strategy.name)}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def programme_initiatives(request, slug: str):
    programme = get_programme_for(request.user, slug, "programmes.change_programme")
    strategy = selectors.current_strategy()
    if strategy is None:
        return render(request, "strategy/empty.jinja", {})
    form = ProgrammeInitiativesForm(
        request.POST or None,
        strategy=strategy,
        initial={"initiatives": selectors.initiatives_of(programme)},
    )
    if request.method == "POST" and form.is_valid():
        services.programme_initiatives_set(
            programme=programme, initiatives=form.cleaned_data["initiatives"]
        )
        messages.success(request, f"Saved the initiatives {programme.name} delivers.")
        return redirect(programme)
    return render(
        request, "strategy/programme_initiatives.jinja", {"programme": programme, "form": form}
    )
