"""Lower apps send signals and mutuality/site/wiring.py connects them to the higher apps that
act on them (docs/decisions/0022). These check the effects still happen, in one step."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mutuality.applications import services
from mutuality.timeline.models import Invitation, Session

from .factories import CohortFactory, UserFactory, submitted_application


@pytest.fixture
def cohort(db):
    return CohortFactory()


def _session(cohort, days: int) -> Session:
    return Session.objects.create(
        cohort=cohort, kind="learning_lab", title=f"Lab in {days} days", venue="Civic Centre",
        starts_at=timezone.now() + timedelta(days=days), minutes=60,
    )  # fmt: skip


def test_withdrawing_takes_someone_off_the_sessions_still_to_come(cohort):
    application = submitted_application(cohort, UserFactory())
    person = application.applicant
    past, coming = _session(cohort, -7), _session(cohort, 7)
    Invitation.objects.create(session=past, user=person)
    Invitation.objects.create(session=coming, user=person)
    services.application_withdraw(application=application)
    assert list(Invitation.objects.filter(user=person).values_list("session", flat=True)) == [
        past.pk
    ]


def test_a_listener_that_fails_undoes_the_withdrawal(cohort, monkeypatch):
    application = submitted_application(cohort, UserFactory())
    invitation = Invitation.objects.create(session=_session(cohort, 7), user=application.applicant)

    def refuse(**kwargs):
        raise ValidationError("The timeline could not be changed.")

    monkeypatch.setattr("mutuality.site.wiring.invitations_withdraw", refuse)
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application)
    application.refresh_from_db()
    assert application.status != application.Status.WITHDRAWN
    assert Invitation.objects.filter(pk=invitation.pk).exists()
