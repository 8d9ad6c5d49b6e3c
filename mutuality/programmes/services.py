"""Multi-step writes for programmes and cohorts. Each runs in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from mutuality.accounts.services import user_get_or_create

from . import selectors
from .models import Cohort, CohortOrganisation, CohortRole
from .signals import cohort_closed, cohort_created


@transaction.atomic
def cohort_create(*, form) -> Cohort:
    """Save a new cohort and lay out its timeline from the programme's template."""
    cohort = form.save()
    cohort_created.send(sender=Cohort, cohort=cohort)
    return cohort


@transaction.atomic
def cohort_copy(*, source: Cohort, name: str, starts_on: date) -> Cohort:
    """A new draft cohort laid out like ``source``: the same settings, organisations and
    places, and programme team, with every date moved by the same amount."""
    shift = starts_on - source.starts_on
    cohort = Cohort(
        programme=source.programme,
        name=name,
        status=Cohort.Status.DRAFT,
        starts_on=starts_on,
        ends_on=source.ends_on + shift,
        applications_open_on=source.applications_open_on + shift,
        applications_close_on=source.applications_close_on + shift,
        expected_meetings=source.expected_meetings,
        meeting_minutes=source.meeting_minutes,
        min_group_size=source.min_group_size,
        topics=list(source.topics),
        manager_link_days=source.manager_link_days,
        manager_reminder_days=source.manager_reminder_days,
        quiet_after_weeks=source.quiet_after_weeks,
        at_risk_after_weeks=source.at_risk_after_weeks,
        missed_sessions_allowed=source.missed_sessions_allowed,
        copied_from=source,
    )
    cohort.full_clean()
    cohort.save()
    CohortOrganisation.objects.bulk_create(
        CohortOrganisation(cohort=cohort, organisation_id=link.organisation_id, places=link.places)
        for link in source.cohort_organisations.all()
    )
    CohortRole.objects.bulk_create(
        CohortRole(cohort=cohort, user_id=role.user_id, role=role.role)
        for role in source.roles.all()
    )
    cohort_created.send(sender=Cohort, cohort=cohort)
    return cohort


@transaction.atomic
def cohort_advance(*, cohort: Cohort, by=None) -> Cohort:
    """Move a cohort to its next stage (draft → recruiting → matching → running → closed).
    ``by`` is who did it, recorded by what closing the cohort does (closing its open polls)."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.next_status is None:
        raise ValidationError("This cohort is closed; it has no further stage.")
    cohort.status = cohort.next_status
    cohort.save(update_fields=["status"])
    if cohort.status == Cohort.Status.CLOSED:
        # At the cohort's end, every pair still going is marked completed.
        cohort_closed.send(sender=Cohort, cohort=cohort, by=by)
    return cohort


# A cohort may step back one stage while nothing that stage started has happened.
@transaction.atomic
def cohort_step_back(*, cohort: Cohort, by) -> Cohort:
    from mutuality.audit.models import audit

    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    blocker = selectors.cohort_step_back_blocker(cohort)
    if blocker:
        raise ValidationError(f"{cohort.name} cannot go back a stage. {blocker}")
    was = cohort.status
    cohort.status = selectors.PREVIOUS_STATUS[Cohort.Status(was)]
    cohort.save(update_fields=["status"])
    audit(actor=by, action="cohort.stepped_back", target=cohort, was=was, now=cohort.status)
    return cohort


@transaction.atomic
def cohort_role_grant(
    *, cohort: Cohort, email: str, role: str, first_name: str = "", last_name: str = ""
) -> CohortRole:
    """Give someone a role in a cohort, creating their account if they have none yet.
    They sign in with the emailed code; nobody sets a password for them."""
    from django.conf import settings
    from django.urls import reverse

    from mutuality.core.emails import send_after_commit

    user, _ = user_get_or_create(email=email, first_name=first_name, last_name=last_name)
    grant, created = CohortRole.objects.get_or_create(cohort=cohort, user=user, role=role)
    if created:
        send_after_commit(
            to=user.email,
            subject=f"You have been added to {cohort.programme.name}",
            template="team_added.txt",
            context={
                "grant": grant,
                "cohort": cohort,
                "link": settings.BASE_URL + reverse("programmes:cohort", args=[cohort.pk]),
            },
        )
    return grant


@transaction.atomic
def cohort_organisation_set(*, cohort: Cohort, organisation, places: int) -> CohortOrganisation:
    link, _ = CohortOrganisation.objects.update_or_create(
        cohort=cohort, organisation=organisation, defaults={"places": places}
    )
    return link


@transaction.atomic
def cohort_role_remove(*, grant: CohortRole) -> None:
    """Take a role in a cohort away from someone."""
    grant.delete()


@transaction.atomic
def cohort_organisation_remove(*, link: CohortOrganisation) -> None:
    """Stop an organisation taking part in a cohort."""
    link.delete()
