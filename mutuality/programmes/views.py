from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.core.editing import edit_with_form

from . import selectors, services
from .forms import (
    CohortCopyForm,
    CohortForm,
    CohortOrganisationForm,
    CohortRoleForm,
    DecisionEmailsForm,
    ProgrammeForm,
)
from .models import Cohort, CohortOrganisation, CohortRole
from .permissions import get_cohort_for, get_programme_for


@require_GET
@login_required
@permission_required("programmes.list_programmes", raise_exception=True)
def programme_list(request):
    return render(
        request, "programmes/list.jinja", {"programmes": selectors.programmes_for(request.user)}
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("programmes.add_programme", raise_exception=True)
def programme_new(request):
    return edit_with_form(
        request,
        form_class=ProgrammeForm,
        template="programmes/edit.jinja",
        success=lambda obj: obj.get_absolute_url(),
        message="Created {obj}. Now add its first cohort.",
    )


@require_GET
@login_required
def programme_detail(request, slug: str):
    programme = get_programme_for(request.user, slug)
    cohorts = selectors.programme_cohorts(
        programme,
        request.user,
        sees_all=request.user.is_programme_office
        or request.user.has_perm("programmes.add_cohort", programme),
    )
    return render(
        request,
        "programmes/detail.jinja",
        {
            "programme": programme,
            "cohorts": cohorts,
            "can_edit": request.user.has_perm("programmes.change_programme", programme),
            "can_add_cohort": request.user.has_perm("programmes.add_cohort", programme),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def programme_edit(request, slug: str):
    programme = get_programme_for(request.user, slug, "programmes.change_programme")
    return edit_with_form(
        request,
        form_class=ProgrammeForm,
        instance=programme,
        template="programmes/edit.jinja",
        success=lambda obj: obj.get_absolute_url(),
        message="Saved {obj}.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def programme_emails(request, slug: str):
    """The wording of the decision emails, for the programme's managers as well as the
    office (nobody should need the admin for it)."""
    programme = get_programme_for(request.user, slug, "programmes.add_cohort")
    return edit_with_form(
        request,
        form_class=DecisionEmailsForm,
        instance=programme,
        template="programmes/emails.jinja",
        success=lambda obj: obj.get_absolute_url(),
        message="Saved the decision emails for {obj}.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def cohort_new(request, slug: str):
    programme = get_programme_for(request.user, slug, "programmes.add_cohort")
    form = CohortForm(request.POST or None, instance=Cohort(programme=programme))
    if request.method == "POST" and form.is_valid():
        cohort = services.cohort_create(form=form)
        messages.success(
            request,
            f"Created {cohort.name}, with a timeline of sessions to adjust. Add the "
            "organisations taking part and the programme team.",
        )
        return redirect(cohort)
    return render(
        request,
        "programmes/cohort_edit.jinja",
        {"form": form, "object": None, "programme": programme},
    )


@require_GET
@login_required
def cohort_detail(request, pk: int):
    cohort = get_cohort_for(request.user, pk)
    user = request.user
    can_see_people = user.has_perm("programmes.view_cohort_people", cohort)
    return render(
        request,
        "programmes/cohort_detail.jinja",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "can_manage": user.has_perm("programmes.manage_cohort", cohort),
            "can_see_people": can_see_people,
            **selectors.cohort_page(cohort, user, can_see_people=can_see_people),
            "can_see_numbers": user.has_perm("programmes.view_aggregates", cohort),
            "can_see_report": user.has_perm("evaluation.view_report", cohort),
            "can_run_polls": user.has_perm("polls.manage", cohort),
            "can_moderate": user.has_perm("steering.moderate", cohort),
            "can_submit_theme": user.has_perm("steering.submit_theme", cohort),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def cohort_edit(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "programmes.manage_cohort")
    return edit_with_form(
        request,
        form_class=CohortForm,
        instance=cohort,
        template="programmes/cohort_edit.jinja",
        context={"programme": cohort.programme},
        success=lambda obj: obj.get_absolute_url(),
        message="Saved {obj.name}.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def cohort_step_back(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "programmes.manage_cohort")
    if request.method == "POST":
        try:
            cohort = services.cohort_step_back(cohort=cohort, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{cohort.name} is back to {cohort.get_status_display().lower()}."
            )
        return redirect(cohort)
    return render(
        request,
        "programmes/cohort_stage.jinja",
        {
            "cohort": cohort,
            "forward": False,
            "effects": ["Nobody is emailed."],
            **selectors.step_back(cohort),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def cohort_copy(request, pk: int):
    source = get_cohort_for(request.user, pk, "programmes.manage_cohort")
    if not request.user.has_perm("programmes.add_cohort", source.programme):
        raise PermissionDenied
    form = CohortCopyForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_copy(source=source, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                f"Copied {source.name} to {cohort.name}, with its organisations and team. "
                "Check the dates.",
            )
            return redirect(cohort)
    return render(request, "programmes/cohort_copy.jinja", {"form": form, "cohort": source})


@require_http_methods(["GET", "POST"])
@login_required
def cohort_team(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "programmes.manage_cohort")
    form = CohortRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant = services.cohort_role_grant(cohort=cohort, **form.cleaned_data)
        messages.success(request, f"{grant.user} is now {grant.role_in_words}.")
        return redirect("programmes:team", pk=cohort.pk)
    return render(
        request,
        "programmes/cohort_team.jinja",
        {"cohort": cohort, "form": form, "team": selectors.cohort_team(cohort)},
    )


@require_POST
@login_required
def cohort_role_remove(request, pk: int, role_pk: int):
    cohort = get_cohort_for(request.user, pk, "programmes.manage_cohort")
    grant = get_object_or_404(CohortRole, pk=role_pk, cohort=cohort)
    services.cohort_role_remove(grant=grant)
    messages.success(request, f"{grant.user} is no longer {grant.get_role_display().lower()}.")
    return redirect("programmes:team", pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def cohort_organisations(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "programmes.manage_cohort")
    form = CohortOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        link = services.cohort_organisation_set(cohort=cohort, **form.cleaned_data)
        messages.success(request, f"{link.organisation} has {link.places} places.")
        return redirect("programmes:organisations", pk=cohort.pk)
    return render(
        request,
        "programmes/cohort_organisations.jinja",
        {"cohort": cohort, "form": form, "links": selectors.cohort_links(cohort)},
    )


@require_POST
@login_required
def cohort_organisation_remove(request, pk: int, link_pk: int):
    cohort = get_cohort_for(request.user, pk, "programmes.manage_cohort")
    link = get_object_or_404(CohortOrganisation, pk=link_pk, cohort=cohort)
    services.cohort_organisation_remove(link=link)
    messages.success(request, f"{link.organisation} is no longer taking part.")
    return redirect(reverse("programmes:organisations", args=[cohort.pk]))
