from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.core.editing import edit_with_form

from . import selectors
from .forms import OrganisationForm, PlaceForm
from .models import Organisation, Place

office_only = permission_required("organisations.manage", raise_exception=True)


@require_GET
@login_required
@office_only
def organisation_list(request):
    return render(
        request,
        "organisations/list.jinja",
        {"organisations": selectors.organisations_with_cohorts()},
    )


@require_http_methods(["GET", "POST"])
@login_required
@office_only
def organisation_edit(request, pk: int | None = None):
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    return edit_with_form(
        request,
        form_class=OrganisationForm,
        instance=organisation,
        template="organisations/edit.jinja",
        success=lambda obj: reverse("organisations:list"),
        message="Saved {obj}.",
    )


@require_GET
@login_required
@office_only
def place_list(request):
    return render(
        request, "organisations/places.jinja", {"places": selectors.places_with_organisations()}
    )


@require_http_methods(["GET", "POST"])
@login_required
@office_only
def place_edit(request, pk: int | None = None):
    place = get_object_or_404(Place, pk=pk) if pk else None
    return edit_with_form(
        request,
        form_class=PlaceForm,
        instance=place,
        template="organisations/place_edit.jinja",
        success=lambda obj: reverse("organisations:places"),
        message="Saved {obj}.",
    )
