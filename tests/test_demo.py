"""The demo: an invented system, an outbox, and quick sign-in — and none of it in production."""

import re
import time

import pytest
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.mail import send_mail
from django.urls import reverse

from mutuality.accounts.models import User
from mutuality.demo.models import OutboxMessage
from mutuality.demo.seed import seed
from mutuality.organisations.models import Organisation, Place
from mutuality.programmes.models import Cohort, Participation, Programme, Side


@pytest.fixture
def demo(db):
    return seed()


def test_seed_builds_the_invented_system(demo):
    assert Place.objects.count() == 4
    assert Organisation.objects.count() == 10
    assert set(Organisation.objects.values_list("kind", flat=True)) >= {
        "icb",
        "nhs_trust",
        "primary_care",
        "local_authority",
        "vcse",
        "social_care",
    }
    statuses = dict(Cohort.objects.values_list("programme__slug", "status"))
    assert statuses == {
        "rising-together": "recruiting",
        "different-minds": "running",
        "inclusive-cultures": "closed",
        # The other pairing schemes of the People Strategy, in their own words.
        "stepping-into-my-shoes": "running",
        "new-starter-buddies": "running",
        "talent-pool": "recruiting",
    }
    kinds = dict(Programme.objects.values_list("slug", "kind"))
    assert kinds["stepping-into-my-shoes"] == "shadowing"
    assert kinds["new-starter-buddies"] == "buddying"
    minds = Participation.objects.filter(cohort__programme__slug="different-minds")
    # Ten people started the pilot; one left and a replacement joined.
    assert minds.count() == 11
    assert minds.filter(status=Participation.Status.WITHDRAWN).count() == 1
    inclusive = Participation.objects.filter(cohort__programme__slug="inclusive-cultures")
    assert inclusive.filter(side=Side.ASPIRING).count() == 17
    assert inclusive.filter(side=Side.ESTABLISHED).count() == 17
    assert inclusive.values("organisation").distinct().count() == 5


def test_new_starters_are_buddied_by_alumni(demo):
    buddies = Participation.objects.filter(
        cohort__programme__slug="new-starter-buddies", side=Side.ESTABLISHED
    )
    assert buddies.count() == 6
    for buddy in buddies:
        alumnus = Participation.objects.get(
            user=buddy.user, cohort__programme__slug="inclusive-cultures"
        )
        assert alumnus.willing_to_buddy


def test_evaluation_strategy_and_steering_demo(demo):
    from mutuality.polls.models import CareerOutcome, Quote, Response
    from mutuality.steering.models import SteeringAction, Theme
    from mutuality.strategy.models import Initiative, Strategy

    closed = Cohort.objects.get(programme__slug="inclusive-cultures")
    answered = set(
        Response.objects.filter(wave__cohort=closed).values_list("wave__stage", flat=True)
    )
    assert answered == {"baseline", "midpoint", "final", "follow_up_6"}
    pilot = Cohort.objects.get(programme__slug="different-minds")
    answered = set(
        Response.objects.filter(wave__cohort=pilot).values_list("wave__stage", flat=True)
    )
    assert answered == {"baseline", "midpoint"}
    assert CareerOutcome.objects.filter(participation__cohort=closed, kind="promotion").count() >= 8
    assert Quote.objects.filter(wave__cohort=closed).count() == 4
    assert Strategy.objects.get().workstreams.count() == 6
    assert Initiative.objects.get(key="shadowing").programmes.get().kind == "shadowing"
    assert set(Theme.objects.values_list("status", flat=True)) == {"published", "submitted"}
    overdue = [a for a in SteeringAction.objects.all() if a.is_overdue()]
    assert len(overdue) == 1


def test_the_closed_cohort_publishes_per_side_headlines_from_its_final_poll(demo):
    from mutuality.evaluation.build import cohort_report

    closed = demo.cohorts["inclusive-2025"]
    assert closed.partnerships.count() == 17
    final = closed.waves.get(stage="final").results.get()
    people = closed.participations.exclude(status=Participation.Status.WITHDRAWN).count()
    assert len(final.answers) >= 0.85 * people  # most people answer, as they do
    report = cohort_report(closed, charts=False)
    assert report.after == "final"
    sides = {line.side for line in report.headlines}
    assert {"aspiring leaders", "established leaders"} <= sides
    assert all("about 15 answered" in line.text for line in report.headlines)
    levels = {level for level, _title, lines in report.levels if lines}
    assert levels == {"reaction", "learning", "behaviour", "results"}


def test_everyone_in_the_demo_is_invented(demo):
    domains = {email.split("@")[1] for email in User.objects.values_list("email", flat=True)}
    assert all(domain.endswith(".example") for domain in domains)


def test_seed_twice_adds_nothing(demo):
    counts = [User.objects.count(), Programme.objects.count(), Participation.objects.count()]
    seed()
    assert [
        User.objects.count(),
        Programme.objects.count(),
        Participation.objects.count(),
    ] == counts


def test_emails_go_to_the_outbox_in_demo_mode(db, settings):
    settings.MAILERS = {"default": {"BACKEND": "mutuality.demo.mail.OutboxBackend"}}
    send_mail("Your sign-in code", "ABCD-EFGH", "from@icb.example", ["ade@trust.example"])
    message = OutboxMessage.objects.get()
    assert message.recipients == ["ade@trust.example"]
    assert message.body == "ABCD-EFGH"


def test_demo_people_page_lists_people_by_role_with_authenticator_codes(client, demo):
    response = client.get(reverse("demo:people"))
    page = response.content.decode()
    office = demo.people["office-1"]
    assert "Programme office" in page and office.email in page
    assert "Aspiring leaders" in page and "Established leaders" in page
    # Each participant says which programme they are in, so a newcomer can choose one.
    pilot = demo.people["minds-pilot-aspiring-0"]
    row = page[page.index(pilot.email) :][:400]
    assert "Different Minds" in row
    authenticator = Authenticator.objects.get(user=office)
    row = page[page.index(office.email) :][:200]
    shown = re.search(r"<td>(\d{6})</td>", row).group(1)
    secret = get_mfa_adapter().decrypt(authenticator.data["secret"])
    # The code of the 30-second window the page was drawn in, which may have just ended.
    now = int(time.time()) // 30
    assert shown in {format_hotp_value(hotp_value(secret, window)) for window in (now - 1, now)}


def test_demo_sign_in_as_someone(client, demo):
    person = demo.people["minds-pilot-aspiring-0"]
    response = client.post(reverse("demo:sign_in_as", args=[person.pk]), follow=True)
    assert response.wsgi_request.user == person


@pytest.mark.parametrize("view", ["demo:people", "demo:outbox"])
def test_demo_pages_do_not_exist_when_demo_mode_is_off(client, demo, settings, view):
    settings.DEMO = False
    assert client.get(reverse(view)).status_code == 404


def test_sign_in_as_is_refused_when_demo_mode_is_off(client, demo, settings):
    settings.DEMO = False
    person = demo.people["office-1"]
    response = client.post(reverse("demo:sign_in_as", args=[person.pk]))
    assert response.status_code == 404
    assert not response.wsgi_request.user.is_authenticated


def test_demo_banner_is_absent_when_demo_mode_is_off(client, demo, settings):
    assert b"demo outbox" in client.get(reverse("home")).content
    settings.DEMO = False
    assert b"demo outbox" not in client.get(reverse("home")).content


def test_demo_bands_make_sense_for_each_side(demo):
    from mutuality.matching.bands import seniority_level

    # Buddies and shadowing hosts need not be senior: the rule is for mentoring schemes.
    mentoring = Participation.objects.filter(
        cohort__programme__kind__in=["reciprocal", "traditional"]
    )
    for part in mentoring:
        level = seniority_level(part.band)
        if part.band == "Other":
            assert level is None
            continue
        assert level is not None, part.band
        if part.side == Side.ESTABLISHED:
            assert level >= 10, (part.job_title, part.band)
        else:
            assert level <= 7, (part.job_title, part.band)


def test_the_running_pilot_shows_pairs_in_every_state(demo):
    from mutuality.partnerships.models import SupportRequest
    from mutuality.partnerships.selectors import dashboard_rows

    labels = {row["label"] for row in dashboard_rows(demo.cohorts["minds-pilot"])}
    assert labels == {"Introduced", "Agreed", "Active", "Quiet", "At risk", "Ended early"}
    assert SupportRequest.objects.filter(resolved_at__isnull=True).exists()
    closed = {row["label"] for row in dashboard_rows(demo.cohorts["inclusive-2025"])}
    assert closed == {"Completed"}


def test_each_cohorts_timeline_fits_its_stage(demo):
    from django.utils import timezone

    now = timezone.now()
    recruiting = demo.cohorts["rising-2027"].sessions.all()
    assert recruiting and all(s.starts_at > now for s in recruiting)
    assert not any(s.register.exists() for s in recruiting)
    running = demo.cohorts["minds-pilot"].sessions.all()
    assert any(s.starts_at < now for s in running) and any(s.starts_at > now for s in running)
    assert all(s.register.exists() for s in running if s.starts_at < now)
    closed = demo.cohorts["inclusive-2025"].sessions.all()
    assert all(s.starts_at < now and s.register.exists() for s in closed)
