"""Organisations and places: the reads behind the programme office's lists."""

from django.db.models import Count

from .models import Organisation, Place


def organisations_with_cohorts() -> list[Organisation]:
    """Every organisation, with its place and how many cohorts it has taken part in."""
    return list(
        Organisation.objects.select_related("place").annotate(
            cohort_count=Count("cohorts", distinct=True)
        )
    )


def places_with_organisations() -> list[Place]:
    """Every place, with how many organisations are in it."""
    return list(Place.objects.annotate(organisation_count=Count("organisations")))
