from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.disclosure import disclose_count
from mutuality.evaluation.caching import cached_cohort_report
from mutuality.evaluation.pdf import render_pdf
from mutuality.permissions import get_cohort_for, get_programme_for
from mutuality.programmes.numbers import policy_for
from mutuality.themes import redact

from . import services
from .forms import ActionForm, ModerateForm, ThemeForm, UpdateForm
from .models import Cluster, SteeringAction, Theme

PACK_DAYS = 90


# --- submitting -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def submit(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "steering.submit_theme")
    services.ensure_tags(cohort)
    form = ThemeForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        services.theme_submit(
            cohort=cohort,
            by=request.user,
            text=form.cleaned_data["text"],
            source=form.cleaned_data["source"],
            tags=form.cleaned_data["tags"],
        )
        messages.success(
            request,
            "Thank you. The programme team checks every theme, and may edit it, before the "
            "steering group sees it. Your name is never shown with it.",
        )
        return redirect("steering:submit", pk=cohort.pk)
    mine = cohort.themes.filter(submitted_by=request.user)
    return render(request, "steering/submit.jinja", {"cohort": cohort, "form": form, "mine": mine})


# --- moderating -------------------------------------------------------------------------


@require_GET
@login_required
def moderation(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "steering.moderate")
    themes = cohort.themes.select_related("submitted_by").prefetch_related("tags")
    context = services.check_context(cohort)
    waiting = [
        (theme, services.flags_for(theme, context))
        for theme in themes.filter(status=Theme.Status.SUBMITTED)
    ]
    return render(
        request,
        "steering/moderation.jinja",
        {
            "cohort": cohort,
            "waiting": waiting,
            "decided": themes.exclude(status=Theme.Status.SUBMITTED),
        },
    )


def _highlighted(text: str, flags) -> list[tuple[str, object]]:
    """The text cut into plain runs and flagged runs, for marking up in the template."""
    parts, at = [], 0
    for flag in flags:
        if flag.start < at:
            continue
        parts.append((text[at : flag.start], None))
        parts.append((text[flag.start : flag.end], flag))
        at = flag.end
    parts.append((text[at:], None))
    return [(run, flag) for run, flag in parts if run]


@require_http_methods(["GET", "POST"])
@login_required
def moderate(request, pk: int, theme_pk: int):
    cohort = get_cohort_for(request.user, pk, "steering.moderate")
    theme = get_object_or_404(Theme, pk=theme_pk, cohort=cohort)
    flags = services.flags_for(theme, services.check_context(cohort))
    initial = {
        "shared_text": theme.shared_text or redact(theme.text, flags),
        "tags": list(theme.tags.all()),
    }
    form = ModerateForm(
        request.POST or None,
        cohort=cohort,
        initial=initial,
        rejecting=request.POST.get("decision") == "reject",
    )
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("decision") == "reject":
                services.theme_reject(
                    theme=theme, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, "Not shared. The author can see that it was not shared.")
            else:
                services.theme_publish(
                    theme=theme,
                    by=request.user,
                    shared_text=form.cleaned_data["shared_text"],
                    tags=form.cleaned_data["tags"],
                )
                messages.success(request, "Shared with the steering group, without the author.")
        except ValidationError as error:
            form.add_error("shared_text", error)
        else:
            return redirect("steering:moderation", pk=cohort.pk)
    return render(
        request,
        "steering/moderate.jinja",
        {
            "cohort": cohort,
            "theme": theme,
            "flags": flags,
            "runs": _highlighted(theme.text, flags),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def clusters(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "steering.moderate")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "suggest":
                made = services.clusters_suggest(cohort=cohort)
                messages.success(
                    request, f"Suggested {len(made)} groups. Accept, rename, split or merge them."
                )
            else:
                cluster = get_object_or_404(Cluster, pk=request.POST.get("cluster"), cohort=cohort)
                if action == "save":
                    services.cluster_update(
                        cluster=cluster,
                        label=request.POST.get("label", ""),
                        accepted=request.POST.get("accepted") == "on",
                    )
                    messages.success(request, f"Saved “{cluster.label}”.")
                elif action == "split":
                    services.cluster_split(cluster=cluster)
                    messages.success(request, "Split into two groups.")
                elif action == "merge":
                    other = get_object_or_404(Cluster, pk=request.POST.get("other"), cohort=cohort)
                    services.cluster_merge(into=cluster, other=other)
                    messages.success(request, f"Merged into “{cluster.label}”.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("steering:clusters", pk=cohort.pk)
    groups = cohort.theme_clusters.prefetch_related("themes")
    return render(
        request,
        "steering/clusters.jinja",
        {
            "cohort": cohort,
            "groups": groups,
            "loose": services.published(cohort).filter(cluster__isnull=True),
        },
    )


# --- the steering group -----------------------------------------------------------------


def _steering_context(programme) -> dict:
    cohorts = list(programme.cohorts.order_by("-starts_on"))
    groups = []
    for cohort in cohorts:
        policy = policy_for(cohort)
        for cluster in cohort.theme_clusters.filter(accepted=True).prefetch_related("themes"):
            shown = [t for t in cluster.themes.all() if t.status == Theme.Status.PUBLISHED]
            groups.append(
                {
                    "cluster": cluster,
                    "cohort": cohort,
                    "themes": shown,
                    "contributors": disclose_count(services.contributors(cluster), policy),
                    # What the system is doing about it: actions linked to the group or to
                    # any of its themes.
                    "actions": list(
                        SteeringAction.objects.filter(
                            Q(clusters=cluster) | Q(themes__in=shown)
                        ).distinct()
                    ),
                }
            )
    loose = (
        Theme.objects.filter(cohort__in=cohorts, status=Theme.Status.PUBLISHED)
        .filter(Q(cluster__isnull=True) | Q(cluster__accepted=False))
        .prefetch_related("tags")
    )
    reported = next((c for c in cohorts if c.waves.filter(stage="final").exists()), None)
    report = cached_cohort_report(reported, charts=False) if reported else None
    headlines = report.headlines[:6] if report else []
    actions = programme.steering_actions.select_related("owner_organisation").prefetch_related(
        "initiatives", "clusters", "themes"
    )
    return {
        "programme": programme,
        "groups": groups,
        "loose": loose,
        "reported": reported,
        "headlines": headlines,
        "report": report,  # for the polls still to come: figures only from closed ones
        "actions": actions,
        "today": timezone.localdate(),
    }


@require_GET
@login_required
def programme(request, slug: str):
    programme = get_programme_for(request.user, slug, "steering.view_programme")
    return render(
        request,
        "steering/programme.jinja",
        {
            **_steering_context(programme),
            "can_act": request.user.has_perm("steering.manage_actions", programme),
        },
    )


@require_GET
@login_required
def pack(request, slug: str):
    """The meeting pack: themes, headlines, and the actions overdue or due soon."""
    programme = get_programme_for(request.user, slug, "steering.view_programme")
    context = _steering_context(programme)
    horizon = context["today"] + timedelta(days=PACK_DAYS)
    context["due"] = [
        a
        for a in context["actions"]
        if a.status != SteeringAction.Status.DONE and a.due_on <= horizon
    ]
    context["horizon"] = horizon
    content = render_pdf("steering/pack_pdf.jinja", context)
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(f"{programme.name} steering group pack {context['today']:%Y-%m-%d}")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def action_edit(request, slug: str, action_pk: int | None = None):
    programme = get_programme_for(request.user, slug, "steering.manage_actions")
    action = (
        get_object_or_404(SteeringAction, pk=action_pk, programme=programme) if action_pk else None
    )
    form = ActionForm(request.POST or None, instance=action, programme=programme)
    if not form.is_bound and action is None and request.GET.get("cluster"):
        form.initial["clusters"] = [request.GET["cluster"]]
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.action_save_from_form(form=form, programme=programme, by=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, f"Saved the action “{saved.title}”.")
            return redirect("steering:action", slug=programme.slug, action_pk=saved.pk)
    return render(
        request,
        "steering/action_edit.jinja",
        {"programme": programme, "action": action, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def action(request, slug: str, action_pk: int):
    programme = get_programme_for(request.user, slug, "steering.view_programme")
    action = get_object_or_404(SteeringAction, pk=action_pk, programme=programme)
    can_act = request.user.has_perm("steering.manage_actions", programme)
    form = UpdateForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.action_update(action=action, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field, errors)
            else:
                messages.success(request, "Update added.")
                return redirect("steering:action", slug=programme.slug, action_pk=action.pk)
    return render(
        request,
        "steering/action.jinja",
        {"programme": programme, "action": action, "form": form, "can_act": can_act,
         "today": timezone.localdate()},
    )  # fmt: skip
