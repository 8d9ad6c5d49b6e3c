"""Cohort pages that read several apps. Their addresses stay in the ``programmes``
namespace: ``mutuality/urls.py`` adds them to the programmes app's patterns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.audit.models import SPECIAL_CATEGORY_TOTALS_READ, audit
from mutuality.programmes import services as programme_services
from mutuality.programmes.models import Cohort
from mutuality.programmes.numbers import policy_for
from mutuality.programmes.permissions import get_cohort_for

from .cohorts import cohort_advance_effects
from .cohorts import cohort_numbers as cohort_numbers_sections


@require_http_methods(["GET", "POST"])
@login_required
def cohort_advance(request, pk: int):
    """Says what the next stage will do (what closes, who is emailed) and asks to confirm."""
    cohort = get_cohort_for(request.user, pk, "programmes.manage_cohort")
    if request.method == "POST":
        try:
            cohort = programme_services.cohort_advance(cohort=cohort, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{cohort.name} is now {cohort.get_status_display().lower()}."
            )
        return redirect(cohort)
    if cohort.next_status is None:
        messages.error(request, "This cohort is closed; it has no further stage.")
        return redirect(cohort)
    return render(
        request,
        "programmes/cohort_stage.jinja",
        {
            "cohort": cohort,
            "forward": True,
            "stage": Cohort.Status(cohort.next_status).label,
            "effects": cohort_advance_effects(cohort),
            "blocker": "",
        },
    )


@require_GET
@login_required
def cohort_numbers(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "programmes.view_aggregates")
    # Totals only, through the disclosure rules; still recorded, as they are drawn from
    # equality monitoring answers.
    audit(
        actor=request.user,
        action=SPECIAL_CATEGORY_TOTALS_READ,
        target=cohort,
        what="equality monitoring",
        where="cohort in numbers",
    )
    return render(
        request,
        "reports/cohort_numbers.jinja",
        {
            "cohort": cohort,
            "sections": cohort_numbers_sections(cohort),
            "policy": policy_for(cohort),
        },
    )


# Added to the programmes app's patterns, under its namespace, in mutuality/urls.py.
programme_urlpatterns = [
    path("cohorts/<int:pk>/numbers/", cohort_numbers, name="numbers"),
    path("cohorts/<int:pk>/advance/", cohort_advance, name="cohort_advance"),
]
