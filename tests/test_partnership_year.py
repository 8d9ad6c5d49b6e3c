"""The partnership year: agreeing, meeting, calendars, private reflections that only their
author can read, nudges with their thresholds, support and endings. Rematching after an
ending is a match run's job: tests/matchruns/test_replacements.py."""

import logging
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mutuality.partnerships import selectors, services
from mutuality.partnerships.health import Health, is_at_risk, is_quiet, pair_health
from mutuality.partnerships.models import Meeting, NudgeSent, Partnership, Reflection
from mutuality.programmes import services as programme_services
from mutuality.programmes.models import Cohort

from .factories import UserFactory, add_participant


@pytest.fixture
def pair(cast):
    partnership = cast.partnership
    return partnership, cast.aspiring, cast.established


PREFIXED = {"meeting", "plan", "goal", "note", "reflection", "support", "afterwards"}


def post(client, partnership, action, data=None, **kwargs):
    """Post one of the partnership page's forms; each form's fields carry its prefix."""
    url = reverse("partnerships:hub_post", args=[partnership.pk, action])
    data = data or {}
    if action in PREFIXED:
        data = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(url, data, **kwargs)


def test_both_agree_then_a_logged_meeting_makes_the_pair_active(client, pair):
    partnership, ade, erin = pair
    client.force_login(ade)
    post(client, partnership, "agree")
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.INTRODUCED  # one of two
    client.force_login(erin)
    post(client, partnership, "agree")
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.AGREED
    today = timezone.localdate()
    post(
        client,
        partnership,
        "meeting",
        {"met_on": today.isoformat(), "minutes": "60", "mode": "video"},
    )
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.ACTIVE
    meeting = Meeting.objects.get()
    # The one who logged it cannot confirm it; the partner can.
    post(client, partnership, "confirm", {"meeting": meeting.pk})
    meeting.refresh_from_db()
    assert meeting.confirmed_at is None
    client.force_login(ade)
    post(client, partnership, "confirm", {"meeting": meeting.pk})
    meeting.refresh_from_db()
    assert meeting.confirmed_at is not None


def test_a_meeting_in_the_future_cannot_be_logged(client, pair):
    partnership, ade, _ = pair
    client.force_login(ade)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = post(
        client,
        partnership,
        "meeting",
        {"met_on": tomorrow.isoformat(), "minutes": "60", "mode": "video"},
    )
    assert "Log a meeting once it has happened" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_next_meeting_calendar_file_updates_in_place(client, pair):
    partnership, ade, _ = pair
    client.force_login(ade)
    post(
        client,
        partnership,
        "plan",
        {"starts_at": "2027-03-30T09:30", "minutes": "60", "mode": "video", "where": "Teams"},
    )
    first = Calendar.from_ical(
        client.get(reverse("partnerships:ics", args=[partnership.pk])).content
    )
    post(
        client,
        partnership,
        "plan",
        {"starts_at": "2027-04-02T14:00", "minutes": "45", "mode": "phone"},
    )
    second = Calendar.from_ical(
        client.get(reverse("partnerships:ics", args=[partnership.pk])).content
    )
    (event1,), (event2,) = first.walk("VEVENT"), second.walk("VEVENT")
    assert first["METHOD"] == "PUBLISH"
    assert event1["UID"] == event2["UID"]
    assert (int(event1["SEQUENCE"]), int(event2["SEQUENCE"])) == (0, 1)
    start = event2.decoded("DTSTART").astimezone(timezone.get_default_timezone())
    assert (start.hour, start.minute) == (14, 0)  # Europe/London, after the clocks change
    assert event2.decoded("DTEND") - event2.decoded("DTSTART") == timedelta(minutes=45)


MARKER = "PLANTED-MARKER-7f3a"


def test_a_private_reflection_is_readable_by_its_author_alone(
    client, cast, pair, caplog, django_capture_on_commit_callbacks
):
    partnership, ade, erin = pair
    caplog.set_level(logging.DEBUG)
    client.force_login(ade)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, partnership, "reflection", {"text": f"I felt unheard {MARKER}"})
        post(client, partnership, "support", {"kind": "quiet", "text": "Help"})
    own = client.get(reverse("partnerships:hub", args=[partnership.pk])).content.decode()
    assert MARKER in own

    # Stored encrypted: the database holds no trace of the text.
    assert MARKER not in Reflection.objects.get().ciphertext
    # Nowhere else: the partner, faculty, the programme team, the admin, exports, emails, logs.
    pages = {
        erin: [reverse("partnerships:hub", args=[partnership.pk])],
        cast.faculty: [
            reverse("partnerships:dashboard", args=[cast.cohort.pk]),
            reverse("partnerships:pair", args=[cast.cohort.pk, partnership.pk]),
        ],
        cast.programme_manager: [
            reverse("partnerships:pair", args=[cast.cohort.pk, partnership.pk]),
            reverse("applications:export", args=[cast.cohort.pk, "csv"]),
            reverse("applications:export", args=[cast.cohort.pk, "xlsx"]),
        ],
    }
    cast.office.is_superuser = True
    cast.office.save()
    pages[cast.office] = [
        "/admin/",
        "/admin/partnerships/",
        f"/admin/partnerships/partnership/{partnership.pk}/change/",
    ]
    for person, urls in pages.items():
        client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404), url
            assert MARKER.encode() not in response.content, (person.email, url)
    assert not any(MARKER in (m.body + m.subject) for m in mail.outbox)
    assert MARKER not in caplog.text


def test_reflection_keys_rotate(pair, settings):
    partnership, ade, _ = pair
    services.reflection_add(partnership=partnership, author=ade, text="Rotate me")
    new_key = Fernet.generate_key().decode()
    settings.REFLECTION_KEYS = [new_key, *settings.REFLECTION_KEYS]
    call_command("rotate_reflection_keys")
    settings.REFLECTION_KEYS = [new_key]  # the old key is gone
    [(_, text)] = selectors.reflections_of(partnership=partnership, author=ade)
    assert text == "Rotate me"


# The nudge rules, on both sides of each threshold


@pytest.mark.parametrize(
    ("days", "quiet", "at_risk"),
    [(41, False, False), (42, True, False), (69, True, False), (70, True, True)],
)
def test_nudge_thresholds(days, quiet, at_risk):
    today = timezone.localdate()
    contact = today - timedelta(days=days)
    assert is_quiet(contact, today, weeks=6) is quiet
    assert is_at_risk(contact, today, weeks=10) is at_risk
    expected = Health.AT_RISK if at_risk else Health.QUIET if quiet else Health.FINE
    assert pair_health(contact, today, quiet_weeks=6, at_risk_weeks=10) == expected


def test_nudges_go_once_and_only_after_commit(pair, django_capture_on_commit_callbacks):
    partnership, ade, _ = pair
    Cohort.objects.filter(pk=partnership.cohort_id).update(status=Cohort.Status.RUNNING)
    met = timezone.localdate() - timedelta(days=80)
    Meeting.objects.create(partnership=partnership, logged_by=ade, met_on=met, mode="video")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.nudges_send() == 2  # a reminder to both, and faculty told it is at risk
    # Nothing sent before the commit; then one message to each partner and to each of faculty.
    faculty = selectors.faculty_emails(partnership.cohort)
    assert mail.outbox == [] and len(callbacks) == 2 + len(faculty)
    for callback in callbacks:
        callback()
    assert all(len(message.to) == 1 for message in mail.outbox)
    reminders = [m.to[0] for m in mail.outbox if m.subject.startswith("Time to meet")]
    assert sorted(reminders) == sorted(
        [partnership.aspiring.user.email, partnership.established.user.email]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.nudges_send() == 0  # running again sends nothing twice
    assert NudgeSent.objects.count() == 2
    # A new meeting, then a new silence, earns a new reminder.
    Meeting.objects.create(
        partnership=partnership, logged_by=ade, met_on=timezone.localdate() - timedelta(days=43),
        mode="phone",
    )  # fmt: skip
    assert services.nudges_send() == 1


def test_a_partner_who_has_left_is_not_nudged(pair, django_capture_on_commit_callbacks):
    partnership, ade, _ = pair
    Cohort.objects.filter(pk=partnership.cohort_id).update(status=Cohort.Status.RUNNING)
    met = timezone.localdate() - timedelta(days=50)
    Meeting.objects.create(partnership=partnership, logged_by=ade, met_on=met, mode="video")
    partnership.aspiring.status = partnership.aspiring.Status.WITHDRAWN
    partnership.aspiring.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nudges_send()
    reminders = [m.to for m in mail.outbox if m.subject.startswith("Time to meet")]
    assert reminders == [[partnership.established.user.email]]


def test_pairs_that_met_recently_are_left_alone(pair):
    partnership, ade, _ = pair
    Cohort.objects.filter(pk=partnership.cohort_id).update(status=Cohort.Status.RUNNING)
    Meeting.objects.create(
        partnership=partnership, logged_by=ade, met_on=timezone.localdate() - timedelta(days=41),
        mode="video",
    )  # fmt: skip
    Partnership.objects.exclude(pk=partnership.pk).update(status=Partnership.Status.ENDED)
    assert services.nudges_send() == 0


def test_a_support_request_tells_faculty_at_once(
    client, pair, cast, django_capture_on_commit_callbacks
):
    partnership, ade, _ = pair
    client.force_login(ade)
    with django_capture_on_commit_callbacks(execute=True):
        post(
            client, partnership, "support",
            {"kind": "not_getting_on", "text": "We keep clashing"},
        )  # fmt: skip
    emails = [m for m in mail.outbox if "asked for support" in m.subject]
    assert all(len(email.to) == 1 for email in emails)  # faculty do not see each other
    assert cast.faculty.email in [email.to[0] for email in emails]
    assert all("We keep clashing" not in email.body for email in emails)  # stays on the page
    client.force_login(cast.faculty)
    page = client.get(
        reverse("partnerships:pair", args=[cast.cohort.pk, partnership.pk])
    ).content.decode()
    assert "We keep clashing" in page


def test_the_dashboard_shows_status_rhythm_and_requests_never_notes(client, pair, cast):
    partnership, ade, _ = pair
    services.shared_note_add(partnership=partnership, author=ade, text="Secret between us")
    services.support_request_raise(partnership=partnership, by=ade, kind="quiet", text="")
    client.force_login(cast.faculty)
    page = client.get(reverse("partnerships:dashboard", args=[cast.cohort.pk])).content.decode()
    assert "Ade" in page and "1 open" in page
    assert "Secret between us" not in page


def test_closing_the_cohort_completes_live_pairs(pair):
    partnership, _, _ = pair
    cohort = partnership.cohort
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.RUNNING)
    cohort.refresh_from_db()
    programme_services.cohort_advance(cohort=cohort)
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.COMPLETED


def test_after_the_programme_partners_say_whether_they_will_buddy(client, pair, cast):
    partnership, ade, _ = pair
    client.force_login(ade)
    response = post(client, partnership, "afterwards", {"keep_meeting": "yes", "buddy": "yes"})
    assert Partnership.objects.get(pk=partnership.pk).aspiring_keep_meeting is None  # not yet
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.COMPLETED)
    response = post(client, partnership, "afterwards", {"keep_meeting": "yes", "buddy": "yes"})
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.aspiring_keep_meeting is True
    assert partnership.aspiring.willing_to_buddy is True


def test_an_unknown_action_is_not_found(client, pair):
    partnership, ade, _ = pair
    client.force_login(ade)
    assert post(client, partnership, "delete-everything").status_code == 404


def test_a_reflection_copied_into_another_row_does_not_open(pair):
    """Someone with write access to the database copies Ade's ciphertext into a reflection
    of their own: it is bound to Ade's row and does not open there."""
    partnership, ade, bea = pair
    secret = services.reflection_add(partnership=partnership, author=ade, text="Only mine")
    theirs = services.reflection_add(partnership=partnership, author=bea, text="Bea's own")
    Reflection.objects.filter(pk=theirs.pk).update(ciphertext=secret.ciphertext)
    [(_, text)] = selectors.reflections_of(partnership=partnership, author=bea)
    assert text == "[This reflection cannot be read with the current keys.]"
    [(_, text)] = selectors.reflections_of(partnership=partnership, author=ade)
    assert text == "Only mine"


def test_the_migration_binds_reflections_written_before_binding(pair, settings):
    import importlib

    from cryptography.fernet import MultiFernet
    from django.apps import apps

    partnership, ade, _ = pair
    keys = MultiFernet([Fernet(key) for key in settings.REFLECTION_KEYS])
    old = Reflection.objects.create(
        partnership=partnership, author=ade, ciphertext=keys.encrypt(b"Written last year").decode()
    )
    # Before the migration an unbound token is refused, so a copied old token is useless.
    [(_, text)] = selectors.reflections_of(partnership=partnership, author=ade)
    assert text == "[This reflection cannot be read with the current keys.]"
    migration = importlib.import_module(
        "mutuality.partnerships.migrations.0005_bind_reflections_to_rows"
    )
    migration.bind(apps, None)
    migration.bind(apps, None)  # a second run leaves bound rows as they are
    [(reflection, text)] = selectors.reflections_of(partnership=partnership, author=ade)
    assert (reflection.pk, text) == (old.pk, "Written last year")


def test_a_new_pairs_first_page_shows_its_first_meeting_advice_as_html(client, pair):
    partnership, ade, erin = pair
    client.force_login(ade)
    page = client.get(reverse("partnerships:hub", args=[partnership.pk])).content.decode()
    assert '<h2 class="nhsuk-heading-s">Your first meeting</h2>' in page
    assert "&lt;h2" not in page and "&lt;p&gt;" not in page
    assert f"Email {erin.get_short_name()} to arrange" in page


def test_an_empty_supervision_note_comes_back_with_its_error_and_a_note_is_kept(client, pair, cast):
    partnership, ade, _ = pair
    url = reverse("partnerships:supervision", args=[cast.cohort.pk, partnership.pk])
    client.force_login(cast.faculty)
    response = client.post(url, {"text": "  "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert 'href="#text"' in page or 'href="#id_text"' in page
    assert "Enter the supervision note" in page
    assert not partnership.supervision_notes.exists()

    response = client.post(url, {"text": "Talked through the missed meetings"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Talked through the missed meetings" in page and "<title>Error" not in page
    # Faculty and the team only: the partners never read supervision notes.
    client.force_login(ade)
    hub = client.get(reverse("partnerships:my_partner", args=[cast.cohort.pk]), follow=True)
    hub = hub.content.decode()
    assert "Talked through the missed meetings" not in hub


def test_after_rematching_earlier_reflections_stay_with_their_author_alone(client, cast, pair):
    """Ade writes a reflection, her partner leaves and she is rematched: her new partner page
    still shows her earlier reflection to her, and to no one else."""
    first, ade, erin = pair
    client.force_login(ade)
    post(client, first, "reflection", {"text": f"First year {MARKER}"})
    services.partnership_end(partnership=first, by=cast.programme_manager, reason="other", note="")
    fin = UserFactory(email="fin@charity.example", first_name="Fin")
    add_participant(cast.cohort, fin, "established")
    second = Partnership.objects.create(
        cohort=cast.cohort,
        aspiring=first.aspiring,
        established=cast.cohort.participations.get(user=fin),
        replaces=first,
    )
    post(client, second, "reflection", {"text": "SECOND-MARKER-9c1d"})

    page = client.get(reverse("partnerships:hub", args=[second.pk])).content.decode()
    assert "From your earlier partnership" in page
    assert MARKER in page and "SECOND-MARKER-9c1d" in page

    for person, partnership in [
        (fin, second),
        (erin, first),
        (cast.faculty, None),
        (cast.programme_manager, None),
    ]:
        client.force_login(person)
        urls = [
            reverse("partnerships:hub", args=[first.pk]),
            reverse("partnerships:hub", args=[second.pk]),
            reverse("partnerships:pair", args=[cast.cohort.pk, first.pk]),
            reverse("partnerships:pair", args=[cast.cohort.pk, second.pk]),
        ]
        for url in urls:
            content = client.get(url).content
            assert MARKER.encode() not in content, (person.email, url)
            assert b"SECOND-MARKER-9c1d" not in content, (person.email, url)
        if partnership is not None:
            own = client.get(reverse("partnerships:hub", args=[partnership.pk]))
            assert own.status_code == 200
            assert b"From your earlier partnership" not in own.content
