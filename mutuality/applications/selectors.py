"""Reads for the applications pages. Nothing here writes."""

from mutuality.organisations.models import Place
from mutuality.programmes.models import Cohort

from .models import AboutMe, Application, EqualityMonitoring, LivedExperienceConsent


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
