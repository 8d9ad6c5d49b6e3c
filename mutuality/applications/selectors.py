"""Reads for the applications pages. Nothing here writes."""

from django.db.models import Count, Exists, OuterRef, Q

from mutuality.organisations.models import Place
from mutuality.programmes.models import Cohort, Participation

from .models import (
    AboutMe,
    AboutMeSection,
    Application,
    EqualityMonitoring,
    LivedExperienceConsent,
    ManagerApproval,
)


def about_me_for(user) -> AboutMe:
    """Someone's about-me profile, or an unsaved empty one if they have not written it yet:
    showing the page writes nothing; saving it makes the profile."""
    return AboutMe.objects.filter(user=user).first() or AboutMe(user=user)


def cohort_with_programme(pk: int) -> Cohort | None:
    return Cohort.objects.select_related("programme").filter(pk=pk).first()


def application_of(cohort: Cohort, user) -> Application | None:
    """Someone's application to a cohort, if they have made one."""
    return Application.objects.filter(cohort=cohort, applicant=user).first()


def own_application(user, pk: int) -> Application | None:
    """The application ``pk`` if ``user`` made it; None for anyone else's."""
    return (
        Application.objects.select_related("cohort__programme", "organisation", "place")
        .filter(pk=pk, applicant=user)
        .first()
    )


def equality_for(application: Application) -> EqualityMonitoring:
    """The applicant's equality monitoring answers for the cohort, or an unsaved empty set."""
    cohort, user = application.cohort, application.applicant
    return EqualityMonitoring.objects.filter(cohort=cohort, user=user).first() or (
        EqualityMonitoring(cohort=cohort, user=user)
    )


def consent_for(application: Application) -> LivedExperienceConsent | None:
    """The applicant's lived-experience consent for the cohort, given or withdrawn."""
    return LivedExperienceConsent.objects.filter(
        cohort=application.cohort, user=application.applicant
    ).first()


def place_names() -> list[str]:
    return list(Place.objects.order_by("name").values_list("name", flat=True))


def applications_for_export(cohort: Cohort):
    """A cohort's sent applications (drafts left out) with what the export shows of each, by
    side and surname."""
    return (
        Application.objects.filter(cohort=cohort)
        .exclude(status=Application.Status.DRAFT)
        .select_related("applicant", "organisation", "place")
        .prefetch_related("approvals")
        .order_by("side", "applicant__last_name")
    )


def questions_of(programme) -> list:
    """A programme's own application questions, in order."""
    return list(programme.questions.all())


# --- the programme team's review of a cohort's applications ----------------------------


def organisations_of(cohort: Cohort) -> list:
    return list(cohort.organisations.all())


APPROVAL_FILTERS = {
    "waiting": Q(status=Application.Status.AWAITING_MANAGER),
    "approved": Q(approvals__decision="approved"),
    "declined": Q(approvals__decision="declined"),
}


def applications_filtered(cohort: Cohort, data: dict | None):
    """A cohort's sent applications (drafts are the applicant's own until they send them),
    narrowed by the list's filters when ``data`` (the filter form's cleaned data) is given."""
    applications = (
        Application.objects.filter(cohort=cohort)
        .exclude(status=Application.Status.DRAFT)
        # Each row names its side in the programme's words: fetch the programme once, here.
        .select_related("applicant", "organisation", "cohort__programme")
        .annotate(email_failed=Exists(ManagerApproval.objects.failed_to_send(OuterRef("pk"))))
        .order_by("side", "applicant__last_name", "applicant__first_name")
    )
    if data is not None:
        if data["side"]:
            applications = applications.filter(side=data["side"])
        if data["organisation"]:
            applications = applications.filter(organisation_id=data["organisation"])
        if data["approval"]:
            applications = applications.filter(APPROVAL_FILTERS[data["approval"]]).distinct()
        if data["status"]:
            applications = applications.filter(status=data["status"])
        for word in data["q"].split():
            applications = applications.filter(
                Q(applicant__first_name__icontains=word)
                | Q(applicant__last_name__icontains=word)
                | Q(applicant__preferred_name__icontains=word)
                | Q(applicant__email__icontains=word)
            )
    return applications


def places_against_acceptances(cohort: Cohort) -> list[dict]:
    """Each of the cohort's organisations: its places, and how many of its people have been
    accepted."""
    accepted = dict(
        Application.objects.filter(cohort=cohort, status=Application.Status.ACCEPTED)
        .values_list("organisation")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "organisation": link.organisation,
            "places": link.places,
            "accepted": accepted.get(link.organisation_id, 0),
        }
        for link in cohort.cohort_organisations.select_related("organisation")
    ]


def decisions_to_send(cohort: Cohort):
    return (
        Application.objects.filter(
            cohort=cohort,
            status__in=Application.DECIDED,
            decision_sent_at__isnull=True,
            manager_declined_after_decision=False,
        )
        .select_related("applicant", "cohort__programme")
        .order_by("status", "applicant__last_name", "applicant__first_name")
    )


def review_counts(cohort: Cohort) -> dict[str, int]:
    """The counts above the applications list: decisions not yet sent, places freed (people
    who had a place and withdrew their application) and the waiting list."""
    return {
        "to_send": decisions_to_send(cohort).count(),
        "places_freed": Participation.objects.filter(
            cohort=cohort,
            status=Participation.Status.WITHDRAWN,
            user__applications__cohort=cohort,
            user__applications__status=Application.Status.WITHDRAWN,
        ).count(),
        "waiting_list": Application.objects.filter(
            cohort=cohort, status=Application.Status.WAITLISTED
        ).count(),
    }


def sent_application(cohort: Cohort, pk: int) -> Application | None:
    """One of the cohort's applications, once sent (a draft is the applicant's own)."""
    return (
        Application.objects.select_related("applicant", "organisation", "place", "cohort")
        .filter(
            pk=pk,
            cohort=cohort,
            status__in=[s for s in Application.Status.values if s != Application.Status.DRAFT],
        )
        .first()
    )


def about_me_sections(user, *, faculty_only: bool) -> list[AboutMeSection]:
    """The parts of someone's about-me profile they have written; only those they share
    with faculty when ``faculty_only``."""
    sections = AboutMeSection.objects.filter(profile__user=user).exclude(text="")
    if faculty_only:
        sections = sections.filter(faculty_may_see=True)
    return list(sections)


def approvals_of(application: Application) -> list[ManagerApproval]:
    return list(application.approvals.all())


def applications_chosen(cohort: Cohort, pks: list[str]) -> list[Application]:
    """The cohort's applications among ``pks`` (ticked on the list)."""
    return list(Application.objects.filter(cohort=cohort, pk__in=[p for p in pks if p.isdigit()]))
