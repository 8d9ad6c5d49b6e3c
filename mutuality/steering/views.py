from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.evaluation.pdf import render_pdf
from mutuality.permissions import get_cohort_for, get_programme_for
from mutuality.programmes.models import Cohort
from mutuality.themes import redact

from . import presenters, selectors, services
from .forms import ActionForm, ModerateForm, ThemeForm, UpdateForm
from .models import Cluster, SteeringAction, Theme

# --- submitting -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def submit(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "steering.submit_theme")
    if cohort.status == Cohort.Status.CLOSED:
        # The cohort's year is over: the page says so, and takes no new themes.
        return render(
            request,
            "steering/submit.jinja",
            {
                "cohort": cohort,
                "closed": True,
                "mine": selectors.themes_sent_by(cohort, request.user),
            },
            status=410 if request.method == "POST" else 200,
        )
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
    mine = selectors.themes_sent_by(cohort, request.user)
    return render(request, "steering/submit.jinja", {"cohort": cohort, "form": form, "mine": mine})


# --- moderating -------------------------------------------------------------------------


@require_GET
@login_required
def moderation(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "steering.moderate")
    waiting, decided = selectors.moderation_queue(cohort)
    context = selectors.check_context(cohort)
    return render(
        request,
        "steering/moderation.jinja",
        {
            "cohort": cohort,
            "waiting": [(theme, selectors.flags_for(theme, context)) for theme in waiting],
            "decided": decided,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def moderate(request, pk: int, theme_pk: int):
    cohort = get_cohort_for(request.user, pk, "steering.moderate")
    theme = get_object_or_404(Theme, pk=theme_pk, cohort=cohort)
    flags = selectors.flags_for(theme, selectors.check_context(cohort))
    initial = {
        "shared_text": theme.shared_text or redact(theme.text, flags),
        "tags": selectors.tags_of(theme),
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
            "runs": presenters.highlighted(theme.text, flags),
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
    groups, loose = selectors.theme_groups(cohort)
    return render(
        request, "steering/clusters.jinja", {"cohort": cohort, "groups": groups, "loose": loose}
    )


# --- the steering group -----------------------------------------------------------------


@require_GET
@login_required
def programme(request, slug: str):
    programme = get_programme_for(request.user, slug, "steering.view_programme")
    return render(
        request,
        "steering/programme.jinja",
        {
            **presenters.steering_board(programme),
            "can_act": request.user.has_perm("steering.manage_actions", programme),
        },
    )


@require_GET
@login_required
def pack(request, slug: str):
    """The meeting pack: themes, headlines, and the actions overdue or due soon."""
    programme = get_programme_for(request.user, slug, "steering.view_programme")
    context = presenters.meeting_pack(programme)
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
    action = selectors.action_of(programme, action_pk)
    if action is None:
        raise Http404
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
