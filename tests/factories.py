"""Factories with explicit, invented defaults. Tests override what they care about."""

from datetime import timedelta

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from mutuality.accounts.models import User
from mutuality.accounts.services import user_get_or_create
from mutuality.organisations.models import Organisation, Place
from mutuality.programmes.models import (
    Cohort,
    CohortOrganisation,
    CohortRole,
    Participation,
    Programme,
    Side,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@trust.example")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The same path as accounts the programme team makes, so sign-in by code works.
        user, _ = user_get_or_create(**kwargs)
        return user

    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = "Tester"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Place {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n} NHS Trust")
    kind = Organisation.Kind.NHS_TRUST
    place = factory.SubFactory(PlaceFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    summary = "Pairs colleagues across organisations."


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    status = Cohort.Status.RECRUITING
    # Taking applications today, whenever the tests run.
    applications_open_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    applications_close_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=40))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=300))


def give_totp(user: User) -> str:
    """Add an authenticator app to ``user``; returns its secret so a test can make codes."""
    secret = generate_totp_secret()
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    return secret


def add_role(cohort: Cohort, user: User, role: str) -> CohortRole:
    return CohortRole.objects.create(cohort=cohort, user=user, role=role)


def add_participant(cohort: Cohort, user: User, side: str = Side.ASPIRING, organisation=None):
    organisation = organisation or OrganisationFactory()
    CohortOrganisation.objects.get_or_create(cohort=cohort, organisation=organisation)
    return Participation.objects.create(
        cohort=cohort, user=user, side=side, organisation=organisation, job_title="Team Leader"
    )


def submitted_application(cohort: Cohort, user: User, side: str = Side.ASPIRING, **fields):
    """An application sent to its line manager, as an applicant would leave it."""
    from mutuality.applications import services
    from mutuality.applications.models import Application

    organisation = fields.pop("organisation", None) or OrganisationFactory()
    CohortOrganisation.objects.get_or_create(cohort=cohort, organisation=organisation)
    application = services.application_start(cohort=cohort, applicant=user, side=side)
    values = {
        "organisation": organisation,
        "job_title": "Staff Nurse",
        "band": "Band 5",
        "line_manager_email": f"manager.of.{user.pk}@trust.example",
        "aspirations": "Confidence to apply for a ward manager post.",
        "experience": "Eight years on acute medical wards.",
        "availability": ["tue-morning"],
        "meeting_modes": ["video"],
        "eligibility_confirmed": True,
        **fields,
    }
    Application.objects.filter(pk=application.pk).update(**values)
    application.refresh_from_db()
    return services.application_submit(application=application)


def manager_approves(application):
    """The line manager answers 'yes' through their link."""
    from mutuality.applications import services

    approval = application.approvals.get(decision="pending", superseded=False)
    services.approval_decide(approval=approval, approve=True, comment="")
    application.refresh_from_db()
    return application


def accept_and_send(applications, by):
    """Line managers approve, the team accepts and sends the decisions: people take part."""
    from mutuality.applications import services

    applications = list(applications)
    for application in applications:
        if application.manager_answer() != "approved":
            manager_approves(application)
    decided = services.applications_decide(applications=applications, decision="accept", by=by)
    services.decisions_send(
        cohort=decided[0].cohort, by=by, pks=[application.pk for application in decided]
    )
    return decided
