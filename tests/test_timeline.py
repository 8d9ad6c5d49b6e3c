"""Sessions: the laid-out timeline, invitations whose calendar files Outlook accepts,
replies, registers, the missed-sessions rule, reminders and supervision slots."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mutuality.programmes import services as programme_services
from mutuality.timeline import presenters, selectors, services
from mutuality.timeline.models import Attendance, Invitation, Session, SupervisionSlot
from mutuality.timeline.rules import missed_mandatory, needs_follow_up

from .form_checks import assert_error_page

LONDON = ZoneInfo("Europe/London")


def ics_of(message) -> Calendar:
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "text/calendar" and name.endswith(".ics")
    return Calendar.from_ical(content)


@pytest.fixture
def session(cast):
    return Session.objects.create(
        cohort=cast.cohort, kind="learning_lab", title="Learning lab 1", venue="Civic Centre",
        mandatory=True, starts_at=datetime(2027, 3, 26, 10, 0, tzinfo=LONDON), minutes=180,
    )  # fmt: skip


def test_invite_move_and_cancel_carry_uid_sequence_and_method(
    session, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.session_invite(session=session)
    assert invited == 4  # the cohort's two pairs
    first = ics_of(mail.outbox[-1])
    (event,) = first.walk("VEVENT")
    assert first["METHOD"] == "REQUEST" and int(event["SEQUENCE"]) == 0
    uid = str(event["UID"])

    # Moved across the clock change (British Summer Time starts on 28 March 2027).
    session.starts_at = datetime(2027, 3, 30, 10, 0, tzinfo=LONDON)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(session=session, moved=True)
    moved = ics_of(mail.outbox[-1])
    (event,) = moved.walk("VEVENT")
    assert moved["METHOD"] == "REQUEST" and str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    start = event.decoded("DTSTART")
    assert start.astimezone(LONDON).hour == 10 and start.astimezone(ZoneInfo("UTC")).hour == 9

    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session)
    cancelled = ics_of(mail.outbox[-1])
    (event,) = cancelled.walk("VEVENT")
    assert cancelled["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 2


def test_before_the_clock_change_london_is_utc(session):
    (event,) = Calendar.from_ical(presenters.session_ics(session, method="REQUEST")).walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(ZoneInfo("UTC")).hour == 10  # GMT in March


def test_line_managers_are_invited_to_the_sessions_that_ask_for_them(cast, session):
    session.audience = "with_managers"
    session.save()
    emails = services.manager_emails(session)
    assert emails and all("manager.of." in e for e in emails)
    session.audience = "everyone"
    assert services.manager_emails(session) == []


def test_a_new_cohort_and_a_copy_get_a_timeline(cast):
    from mutuality.programmes.forms import CohortForm

    form = CohortForm(
        {
            "name": "New cohort",
            "applications_open_on": "2027-01-04",
            "applications_close_on": "2027-02-12",
            "starts_on": "2027-03-01",
            "ends_on": "2027-11-30",
            "expected_meetings": 7,
            "meeting_minutes": 60,
            "min_group_size": 10,
            "manager_link_days": 14,
            "manager_reminder_days": 5,
            "quiet_after_weeks": 6,
            "at_risk_after_weeks": 10,
            "missed_sessions_allowed": 1,
        },  # fmt: skip
        instance=cast.cohort.__class__(programme=cast.cohort.programme),
    )
    assert form.is_valid(), form.errors
    cohort = programme_services.cohort_create(form=form)
    titles = list(cohort.sessions.values_list("title", flat=True))
    assert titles[0] == "Preparatory workshop" and titles[-1] == "Graduation"
    first = cohort.sessions.first()
    assert timezone.localtime(first.starts_at).date() == datetime(2027, 2, 15).date()
    copy = programme_services.cohort_copy(
        source=cohort, name="Next cohort", starts_on=datetime(2028, 3, 6).date()
    )
    assert copy.sessions.count() == cohort.sessions.count()


def test_replies_and_a_reason_for_not_coming(client, cast, session):
    services.session_invite(session=session)
    client.force_login(cast.aspiring)
    url = reverse("timeline:reply", args=[cast.cohort.pk, session.pk])
    client.post(url, {"reply": "not_attending", "reason": ""})
    invitation = Invitation.objects.get(session=session, user=cast.aspiring)
    assert invitation.reply == ""
    client.post(url, {"reply": "not_attending", "reason": "Night shifts that week"})
    invitation.refresh_from_db()
    assert invitation.reply == "not_attending" and invitation.reason == "Night shifts that week"


def test_register_and_the_missed_sessions_rule(client, cast):
    sessions = [
        Session.objects.create(
            cohort=cast.cohort,
            kind="learning_lab",
            title=f"Lab {n}",
            venue="Room",
            mandatory=True,
            starts_at=timezone.now() - timedelta(days=30 - n),
        )  # fmt: skip
        for n in range(3)
    ]
    for s in sessions:
        services.session_invite(session=s)
    everyone = {u.pk for u in services.invitees(sessions[0])}
    client.force_login(cast.faculty)
    # Ade misses one mandatory lab: not flagged (one is allowed).
    absent_once = everyone - {cast.aspiring.pk}
    client.post(
        reverse("timeline:register", args=[cast.cohort.pk, sessions[0].pk]),
        {"present": list(absent_once)},
    )
    grid = selectors.attendance_grid(cast.cohort)
    ade = next(r for r in grid["rows"] if r["person"] == cast.aspiring)
    assert (ade["missed"], ade["follow_up"]) == (1, False)
    # A second miss: flagged for follow-up.
    services.register_take(session=sessions[1], present_ids=absent_once, by=cast.faculty)
    ade = next(
        r for r in selectors.attendance_grid(cast.cohort)["rows"] if r["person"] == cast.aspiring
    )
    assert (ade["missed"], ade["follow_up"]) == (2, True)
    assert Attendance.objects.filter(session=sessions[1], present=True).count() == len(absent_once)
    # Someone who has left keeps their row, marked, but is not followed up.
    cast.partnership.aspiring.status = "withdrawn"
    cast.partnership.aspiring.save()
    ade = next(
        r for r in selectors.attendance_grid(cast.cohort)["rows"] if r["person"] == cast.aspiring
    )
    assert (ade["missed"], ade["left"], ade["follow_up"]) == (2, True, False)
    page = client.get(reverse("timeline:cohort", args=[cast.cohort.pk])).content.decode()
    assert "(left the programme)" in page


@pytest.mark.parametrize(
    ("missed", "allowed", "flag"), [(1, 1, False), (2, 1, True), (2, 2, False)]
)
def test_follow_up_threshold(missed, allowed, flag):
    assert needs_follow_up(missed, allowed=allowed) is flag
    assert missed_mandatory([(True, False)] * missed + [(False, False), (True, True)]) == missed


def test_reminders_go_once(cast, session, django_capture_on_commit_callbacks):
    session.starts_at = timezone.now() + timedelta(hours=30)
    session.save()
    services.session_invite(session=session)
    Invitation.objects.filter(session=session, user=cast.established).update(reply="not_attending")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_session_reminders() == 3  # not to someone who can't come
        assert services.send_session_reminders() == 0
    assert len(mail.outbox) == 3


def test_supervision_slots_book_once(client, cast):
    slot = SupervisionSlot.objects.create(
        cohort=cast.cohort, faculty=cast.faculty, starts_at=timezone.now() + timedelta(days=2)
    )
    other = SupervisionSlot.objects.create(
        cohort=cast.cohort, faculty=cast.faculty, starts_at=timezone.now() + timedelta(days=3)
    )
    client.force_login(cast.aspiring)
    client.post(reverse("timeline:slot_book", args=[cast.cohort.pk, slot.pk]), {"action": "book"})
    slot.refresh_from_db()
    assert slot.booked_by == cast.aspiring
    response = client.post(
        reverse("timeline:slot_book", args=[cast.cohort.pk, other.pk]),
        {"action": "book"},
        follow=True,
    )
    assert "already have a supervision booked" in response.content.decode()
    client.force_login(cast.established)
    client.post(reverse("timeline:slot_book", args=[cast.cohort.pk, slot.pk]), {"action": "book"})
    slot.refresh_from_db()
    assert slot.booked_by == cast.aspiring


def test_the_daily_command_queues_every_reminder(cast, session, capsys):
    from django.core.management import call_command

    session.starts_at = timezone.now() + timedelta(hours=20)
    session.save()
    services.session_invite(session=session)
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "send_session_reminders_task" in out and "send_nudges" in out
    assert Invitation.objects.filter(reminded_at__isnull=False).count() == 4


def test_faculty_upload_materials_that_only_the_cohort_can_download(client, cast, session):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.session_invite(session=session)
    client.force_login(cast.faculty)
    url = reverse("timeline:material", args=[cast.cohort.pk, session.pk])
    response = client.post(url, {"material-title": "Nothing"})
    assert "Enter a link to the material, or choose a file to upload" in response.content.decode()
    upload = SimpleUploadedFile("handout.txt", b"Three questions to take away")
    client.post(url, {"material-title": "Handout", "material-file": upload})
    material = session.materials.get()
    download = reverse("timeline:material_download", args=[cast.cohort.pk, material.pk])
    client.force_login(cast.aspiring)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Three questions to take away"
    client.force_login(cast.other_participant)
    assert client.get(download).status_code == 404


def test_a_bad_material_link_keeps_what_was_typed_and_names_the_field(client, cast, session):
    client.force_login(cast.faculty)
    url = reverse("timeline:material", args=[cast.cohort.pk, session.pk])
    response = client.post(url, {"material-title": "Lab slides", "material-link": "slides"})
    assert response.status_code == 200
    page = assert_error_page(
        response.content.decode(),
        kept={"material-title": "Lab slides", "material-link": "slides"},
    )
    assert page.summary_links == [
        (
            "#id_material-link",
            "Enter the link in the correct format, like https://www.example.org/slides",
        )
    ]
    assert not session.materials.exists()
    response = client.post(url, {"material-title": "", "material-link": ""})
    texts = [text for _, text in assert_error_page(response.content.decode()).summary_links]
    assert "Enter a title for the material" in texts
    assert "novalidate" in response.content.decode()
    client.post(url, {"material-title": "Lab slides", "material-link": "https://example.org/s"})
    assert session.materials.get().link == "https://example.org/s"


def test_offering_a_supervision_time_keeps_what_was_typed(client, cast):
    client.force_login(cast.faculty)
    url = reverse("timeline:slot_offer", args=[cast.cohort.pk])
    response = client.post(url, {"slot-starts_at": "", "slot-minutes": "500"})
    assert response.status_code == 200
    page = assert_error_page(response.content.decode(), kept={"slot-minutes": "500"})
    assert dict(page.summary_links) == {
        "#id_slot-starts_at": "Enter the date and time of the supervision",
        "#id_slot-minutes": "Length in minutes must be 120 or less",
    }
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"slot-starts_at": past, "slot-minutes": "45"})
    page = assert_error_page(response.content.decode(), kept={"slot-starts_at": past})
    assert page.summary_links == [
        ("#id_slot-starts_at", "The supervision time must be in the future")
    ]
    assert not SupervisionSlot.objects.exists()
    soon = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"slot-starts_at": soon, "slot-minutes": "45"})
    assert response.status_code == 302
    assert SupervisionSlot.objects.get().faculty == cast.faculty


def test_who_a_session_is_for_uses_the_programmes_names_for_its_sides(client, cast, session):
    from mutuality.programmes.models import Programme

    Programme.objects.filter(pk=cast.cohort.programme_id).update(kind=Programme.Kind.BUDDYING)
    session.audience = "established"
    session.save()
    client.force_login(cast.faculty)
    form = client.get(reverse("timeline:new", args=[cast.cohort.pk])).content.decode()
    assert "New starters only" in form
    assert "Buddies only" in form
    assert "side only" not in form
    page = client.get(reverse("timeline:session", args=[cast.cohort.pk, session.pk]))
    assert "Buddies only" in page.content.decode()
