"""Rematching: after a partnership ends, the engine proposes new partners for whoever stays
(accepted people without a partner, the waiting list, alumni who offered to buddy), and the
team pairs them without changing anyone else's pair."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from mutuality.applications.services import applications_decide
from mutuality.matchruns import services
from mutuality.matchruns.selectors import matchable, replacements_for
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
        {"reason": "left_organisation", "note": "Erin moved away", "leaving": "established"},
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
        {"reason": "left_organisation", "leaving": "established"},
    )
    page = client.get(
        reverse("matchruns:replace", args=[cast.cohort.pk, partnership.pk])
    ).content.decode()
    assert f"Pair {ade.first_name} with {erin.first_name}" not in page
    assert f"Pair {erin.first_name} with {ade.first_name}" not in page


def _end(client, cast, partnership, leaving, note=""):
    client.force_login(cast.programme_manager)
    return client.post(
        reverse("partnerships:end", args=[cast.cohort.pk, partnership.pk]),
        {"reason": "left_organisation", "note": note, "leaving": leaving},
    )


def test_the_end_page_asks_who_is_leaving_by_name(client, pair, cast):
    partnership, ade, erin = pair
    client.force_login(cast.programme_manager)
    url = reverse("partnerships:end", args=[cast.cohort.pk, partnership.pk])
    page = client.get(url).content.decode()
    assert "Who is leaving the programme?" in page
    assert ade.get_full_name() in page and erin.get_full_name() in page
    # Not answering is an error that says what is missing; nothing is ended.
    page = client.post(url, {"reason": "other"}).content.decode()
    assert "Choose who is leaving the programme" in page
    partnership.refresh_from_db()
    assert partnership.status != Partnership.Status.ENDED


def test_the_partner_who_left_stops_taking_part_and_is_offered_to_nobody(client, pair, cast):
    partnership, ade, erin = pair
    spare = submitted_application(
        cast.cohort, UserFactory(first_name="Fin"), "established", band="Band 8b",
        organisation=OrganisationFactory(name="Charity"),
    )  # fmt: skip
    applications_decide(applications=[manager_approves(spare)], decision="waitlist", by=cast.office)
    _end(client, cast, partnership, "established")
    partnership.refresh_from_db()
    assert partnership.leaving == "established"
    erin_part = Participation.objects.get(cohort=cast.cohort, user=erin)
    assert erin_part.status == Participation.Status.WITHDRAWN and erin_part.left_on
    assert partnership.aspiring.status == Participation.Status.ACTIVE
    page = client.get(
        reverse("matchruns:replace", args=[cast.cohort.pk, partnership.pk])
    ).content.decode()
    assert f"For {ade.get_full_name()}" in page
    assert f"For {erin.get_full_name()}" not in page  # no new partner for the one who left
    assert "Pair Ade with Fin" in page
    # Nor can the team pair the leaver by posting the form by hand.
    client.post(
        reverse("matchruns:replace", args=[cast.cohort.pk, partnership.pk]),
        {"stays": erin_part.pk, "application": spare.pk},
    )
    assert not Partnership.objects.filter(replaces=partnership, established=erin_part).exists()


def test_when_both_leave_nobody_is_offered_a_new_partner(client, pair, cast):
    partnership, ade, erin = pair
    _end(client, cast, partnership, "both")
    page = client.get(
        reverse("matchruns:replace", args=[cast.cohort.pk, partnership.pk])
    ).content.decode()
    assert "Nobody from this pair is waiting for a new partner." in page


def test_both_partners_are_told_once_and_nothing_private(
    client, pair, cast, django_capture_on_commit_callbacks
):
    partnership, ade, erin = pair
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _end(client, cast, partnership, "established", note="Erin is off sick with stress")
    ended = [m for m in mail.outbox if m.subject == "Your learning partnership has ended"]
    assert sorted(m.to[0] for m in ended) == sorted([ade.email, erin.email])
    for message in ended:
        assert "stress" not in message.body and "Left the organisation" not in message.body
    to_ade = next(m for m in ended if m.to == [ade.email])
    to_erin = next(m for m in ended if m.to == [erin.email])
    assert "may find you a new learning partner" in to_ade.body
    assert "new learning partner" not in to_erin.body
    # Ending it again is refused and sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        _end(client, cast, partnership, "established")
    assert len([m for m in mail.outbox if m.subject == ended[0].subject]) == 2


def test_a_rematched_pair_shows_why_they_were_paired(
    client, pair, cast, django_capture_on_commit_callbacks
):
    partnership, ade, erin = pair
    spare = submitted_application(
        cast.cohort, UserFactory(first_name="Fin"), "established", band="Band 8b",
        organisation=OrganisationFactory(name="Charity"),
    )  # fmt: skip
    applications_decide(applications=[manager_approves(spare)], decision="waitlist", by=cast.office)
    _end(client, cast, partnership, "established")
    ade_application = cast.cohort.applications.get(applicant=ade)
    proposal = next(
        p for c, p in replacements_for(cohort=cast.cohort, application=ade_application)
        if c.pk == spare.pk
    )  # fmt: skip
    assert proposal.reasons
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("matchruns:replace", args=[cast.cohort.pk, partnership.pk]),
            {"stays": partnership.aspiring_id, "application": spare.pk},
        )
    new = Partnership.objects.get(replaces=partnership)
    assert new.reasons == list(proposal.reasons)
    assert new.score == pytest.approx(proposal.score)
    page = client.get(reverse("partnerships:pair", args=[cast.cohort.pk, new.pk])).content.decode()
    assert "Chosen by the programme team" not in page
    assert proposal.reasons[0][1:] in html.unescape(page)  # the page capitalises the first


def test_a_later_match_run_leaves_out_the_partner_who_left(client, pair, cast):
    partnership, ade, erin = pair
    _end(client, cast, partnership, "established")
    applicants = {application.applicant for application in matchable(cast.cohort)}
    assert ade in applicants  # staying, so matched again by a later run
    assert erin not in applicants
