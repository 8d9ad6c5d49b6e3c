"""Rematching: after a partnership ends, the engine proposes new partners for whoever stays
(accepted people without a partner, the waiting list, alumni who offered to buddy), and the
team pairs them without changing anyone else's pair."""

import pytest
from django.core import mail
from django.urls import reverse

from mutuality.applications.services import applications_decide
from mutuality.matchruns import services
from mutuality.matchruns.selectors import replacements_for
from mutuality.partnerships import services as year_services
from mutuality.partnerships.models import Partnership
from mutuality.programmes.models import Cohort, Participation

from ..factories import (
    CohortFactory,
    OrganisationFactory,
    UserFactory,
    accept_and_send,
    manager_approves,
    submitted_application,
)


@pytest.fixture
def pair(cast):
    partnership = cast.partnership
    return partnership, cast.aspiring, cast.established


def test_ending_and_rematching_keeps_history(
    client, pair, cast, django_capture_on_commit_callbacks
):
    partnership, ade, erin = pair
    spare = submitted_application(
        cast.cohort, UserFactory(first_name="Fin"), "established", band="Band 8b",
        organisation=OrganisationFactory(name="Charity"),
    )  # fmt: skip
    applications_decide(applications=[manager_approves(spare)], decision="waitlist", by=cast.office)
    client.force_login(cast.programme_manager)
    client.post(
        reverse("partnerships:end", args=[cast.cohort.pk, partnership.pk]),
        {"reason": "left_organisation", "note": "Erin moved away"},
    )
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.ENDED
    replace_url = reverse("matchruns:replace", args=[cast.cohort.pk, partnership.pk])
    page = client.get(
        reverse("partnerships:pair", args=[cast.cohort.pk, partnership.pk])
    ).content.decode()
    assert replace_url in page  # the pair page leads to the new partners
    assert "Pair Ade with Fin" in client.get(replace_url).content.decode()
    stays = partnership.aspiring
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(replace_url, {"stays": stays.pk, "application": spare.pk})
    new = Partnership.objects.get(replaces=partnership)
    assert response.url == reverse("partnerships:pair", args=[cast.cohort.pk, new.pk])
    assert new.aspiring == stays and new.established.user.first_name == "Fin"
    assert Partnership.objects.filter(pk=partnership.pk, status="ended").exists()
    # Both new partners are introduced, one email each, the same way a published run does.
    introductions = [m for m in mail.outbox if m.subject == "Meet your learning partner"]
    assert sorted(m.to[0] for m in introductions) == sorted([ade.email, new.established.user.email])
    assert all(
        reverse("partnerships:my_partner", args=[cast.cohort.pk]) in m.body for m in introductions
    )


def test_a_live_partnership_offers_no_new_partner(client, pair, cast):
    partnership, _, _ = pair
    client.force_login(cast.programme_manager)
    url = reverse("matchruns:replace", args=[cast.cohort.pk, partnership.pk])
    response = client.get(url)
    assert response.status_code == 302  # back to the pair: end it first
    assert client.post(url, {"stays": partnership.aspiring_id, "application": 0}).status_code == 302
    assert not Partnership.objects.filter(replaces=partnership).exists()


def test_alumni_willing_to_buddy_are_offered_as_replacements(pair, cast):
    partnership, ade, erin = pair
    # Someone from an earlier cohort of the same programme offered to buddy.
    earlier = CohortFactory(programme=cast.cohort.programme)
    alumnus = UserFactory(first_name="Alma")
    old = submitted_application(
        earlier, alumnus, "established", band="VSM", organisation=OrganisationFactory(name="VCSE")
    )
    accept_and_send([old], cast.office)
    Cohort.objects.filter(pk=earlier.pk).update(status=Cohort.Status.CLOSED)
    Participation.objects.filter(cohort=earlier, user=alumnus).update(willing_to_buddy=True)
    partnership = year_services.partnership_end(
        partnership=partnership, by=cast.office, reason="unavailable", note=""
    )
    ade_application = cast.cohort.applications.get(applicant=ade)
    proposals = replacements_for(cohort=cast.cohort, application=ade_application)
    assert "Alma" in [candidate.applicant.first_name for candidate, _ in proposals]
    made = services.partnership_replace(
        ended=partnership, stays=partnership.aspiring, newcomer=old, by=cast.office
    )
    assert made.established.user == alumnus and made.established.cohort == cast.cohort


def test_the_partner_who_left_is_not_offered_back(client, pair, cast):
    """Ending a pair because one partner left, the team was offered the same two people as
    each other's best new partner."""
    partnership, ade, erin = pair
    client.force_login(cast.programme_manager)
    client.post(
        reverse("partnerships:end", args=[cast.cohort.pk, partnership.pk]),
        {"reason": "left_organisation"},
    )
    page = client.get(
        reverse("matchruns:replace", args=[cast.cohort.pk, partnership.pk])
    ).content.decode()
    assert f"Pair {ade.first_name} with {erin.first_name}" not in page
    assert f"Pair {erin.first_name} with {ade.first_name}" not in page
