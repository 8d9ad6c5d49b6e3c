"""The rules every email follows: one recipient per message, nothing sent to people who have
left, plain text that is not HTML-escaped, tasks that carry ids rather than rendered bodies or
approval links, and a failed send the programme team can see."""

import hashlib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from mutuality.applications import services as application_services
from mutuality.applications.models import Application, ManagerApproval
from mutuality.core.emails import render_text
from mutuality.timeline import services as timeline_services
from mutuality.timeline.models import Invitation, Session

from .factories import UserFactory, submitted_application

LONDON = ZoneInfo("Europe/London")


def assert_one_recipient_each(messages) -> None:
    assert messages
    for message in messages:
        assert len(message.to) == 1, message.to
        assert not message.cc and not message.bcc


@pytest.fixture
def session(cast):
    return Session.objects.create(
        cohort=cast.cohort, kind="preparatory", title="Preparatory workshop",
        audience="with_managers", venue="Civic Centre",
        starts_at=datetime(2027, 3, 26, 10, 0, tzinfo=LONDON), minutes=150,
    )  # fmt: skip


def test_a_session_change_goes_to_each_person_alone_and_not_to_someone_who_left(
    cast, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        timeline_services.session_invite(session=session)
    invited = set(session.invitations.values_list("user__email", flat=True))
    assert cast.other_pair.email in invited

    # Two minutes before the session moves, one of them withdraws.
    application = submitted_application(cast.cohort, cast.other_pair)
    with django_capture_on_commit_callbacks(execute=True):
        application_services.application_withdraw(application=application)
    assert not session.invitations.filter(user=cast.other_pair).exists()

    mail.outbox.clear()
    session.starts_at = datetime(2027, 3, 30, 10, 0, tzinfo=LONDON)
    with django_capture_on_commit_callbacks(execute=True):
        timeline_services.session_update(session=session, moved=True)
    assert_one_recipient_each(mail.outbox)
    sent_to = [m.to[0] for m in mail.outbox]
    assert cast.other_pair.email not in sent_to
    assert cast.aspiring.email in sent_to and cast.established.email in sent_to
    # Line managers are among the recipients, each alone too.
    assert any(address.startswith("manager.of.") for address in sent_to)
    assert len(sent_to) == len(set(sent_to))

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        timeline_services.session_cancel(session=session)
    assert_one_recipient_each(mail.outbox)
    assert cast.other_pair.email not in [m.to[0] for m in mail.outbox]


def test_someone_who_left_keeps_past_attendance_and_leaves_future_registers(
    cast, session, django_capture_on_commit_callbacks
):
    past = Session.objects.create(
        cohort=cast.cohort, kind="learning_lab", title="Lab 1",
        starts_at=datetime(2026, 1, 10, 10, 0, tzinfo=LONDON),
    )  # fmt: skip
    for each in (past, session):
        timeline_services.session_invite(session=each)
    timeline_services.register_take(session=past, present_ids={cast.other_pair.pk}, by=cast.faculty)
    application = submitted_application(cast.cohort, cast.other_pair)
    application_services.application_withdraw(application=application)

    assert past.register.get(user=cast.other_pair).present
    assert past.invitations.filter(user=cast.other_pair).exists()
    timeline_services.register_take(session=session, present_ids=set(), by=cast.faculty)
    assert not session.register.filter(user=cast.other_pair).exists()


def test_a_session_reminder_is_not_sent_to_someone_who_left(
    cast, session, django_capture_on_commit_callbacks
):
    timeline_services.session_invite(session=session)
    cast.cohort.participations.filter(user=cast.other_pair).update(status="withdrawn")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        timeline_services.send_session_reminders(now=datetime(2027, 3, 25, 10, 0, tzinfo=LONDON))
    sent_to = [m.to[0] for m in mail.outbox]
    assert cast.aspiring.email in sent_to and cast.other_pair.email not in sent_to
    assert Invitation.objects.filter(user=cast.other_pair, reminded_at__isnull=True).exists()


def test_a_line_managers_decision_is_sent_to_each_person_alone(
    cast, client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("applications:approve", args=[cast.approval_token]),
            {"decision": "approve", "comment": ""},
        )
    assert_one_recipient_each(mail.outbox)
    assert {cast.applicant.email, cast.programme_manager.email} <= {m.to[0] for m in mail.outbox}


def test_plain_text_emails_are_not_html_escaped():
    class Person:
        def get_full_name(self):
            return "Siobhán O'Brien <script>"

    body = render_text(
        "manager_request.txt",
        {
            "application": {"applicant": Person(), "job_title": "Ward manager & deputy"},
            "programme": {"name": "Rising Together"},
            "link": "https://example.test/approve/x/?a=1&b=2",
        },
    )
    assert "Siobhán O'Brien <script>" in body
    assert "Ward manager & deputy" in body and "?a=1&b=2" in body
    assert "&#39;" not in body and "&lt;" not in body and "&amp;" not in body


def test_pages_are_still_html_escaped(client, cast):
    cast.applicant.last_name = "O'Brien <script>"
    cast.applicant.save()
    client.force_login(cast.programme_manager)
    response = client.get(
        reverse("applications:review_detail", args=[cast.cohort.pk, cast.application.pk])
    )
    assert b"O'Brien <script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_a_name_with_a_line_break_still_reaches_the_line_manager(
    cast, django_capture_on_commit_callbacks
):
    applicant = UserFactory(first_name="Ama\r\nBcc: everyone@example.test", last_name="Mensah")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted_application(cast.cohort, applicant)
    (request,) = [m for m in mail.outbox if m.to == [application.line_manager_email]]
    assert "\n" not in request.subject and "\r" not in request.subject
    assert request.bcc == []
    assert application.approvals.get().sent_at is not None


@pytest.fixture
def queued(settings):
    """Tasks go to the database queue, as in production, instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queued() -> None:
    """Run each queued task as the worker would, in this test's transaction (the worker
    command closes database connections, which a test on PostgreSQL cannot survive)."""
    from django.utils.module_loading import import_string

    for row in DBTaskResult.objects.order_by("enqueued_at"):
        task = import_string(row.task_path)
        task.call(*row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {}))


def test_the_task_queue_holds_ids_never_a_body_or_an_approval_link(
    cast, queued, django_capture_on_commit_callbacks
):
    applicant = UserFactory(first_name="Ama", last_name="Mensah")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted_application(cast.cohort, applicant)
    stored = " ".join(str(row.args_kwargs) for row in DBTaskResult.objects.all())
    assert DBTaskResult.objects.count() == 2  # the line manager's request and the receipt
    assert "approve/" not in stored and "Hello" not in stored and "Mensah" not in stored
    assert f"'approval_id': {application.approvals.get().pk}" in stored
    assert mail.outbox == []

    run_queued()
    (request,) = [m for m in mail.outbox if m.to == [application.line_manager_email]]
    token = re.search(r"/approve/([^/\s]+)/", request.body).group(1)
    approval = application.approvals.get()
    assert approval.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert approval.sent_at is not None
    assert token not in " ".join(str(row.return_value) for row in DBTaskResult.objects.all())


def test_a_failed_send_to_a_line_manager_is_shown_to_the_team(
    cast, client, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("the mail server refused the connection")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        application_services.approval_resend(
            application=cast.application, by=cast.programme_manager
        )
    approval = cast.application.approvals.filter(superseded=False).get()
    assert approval.sent_at is None and approval.send_failed_at is not None
    assert "refused" in approval.send_error

    client.force_login(cast.programme_manager)
    detail = client.get(
        reverse("applications:review_detail", args=[cast.cohort.pk, cast.application.pk])
    ).content.decode()
    assert "could not be sent" in detail and "refused the connection" in detail
    listing = client.get(reverse("applications:review", args=[cast.cohort.pk])).content.decode()
    assert "could not be sent" in listing


def test_a_second_answer_with_the_same_link_gets_a_clear_page(cast, client):
    url = reverse("applications:approve", args=[cast.approval_token])
    first = client.post(url, {"decision": "approve", "comment": ""})
    assert first.status_code == 200
    second = client.post(url, {"decision": "decline", "comment": ""})
    assert second.status_code == 410
    assert "An answer has already been given" in second.content.decode()


def test_two_answers_racing_with_the_same_link_record_one_decision(cast, client, monkeypatch):
    """Both requests find the link usable; the slower one must not give a server error."""
    url = reverse("applications:approve", args=[cast.approval_token])
    approval = ManagerApproval.find(cast.approval_token)
    stale = ManagerApproval.objects.get(pk=approval.pk)  # read before the first answer

    first = client.post(url, {"decision": "approve", "comment": "Yes"})
    assert first.status_code == 200
    # The second request read the link before the first answer was saved.
    monkeypatch.setattr(ManagerApproval, "find", classmethod(lambda cls, token: stale))
    second = client.post(url, {"decision": "decline", "comment": "No"})
    assert second.status_code == 410
    assert "An answer has already been given" in second.content.decode()
    approval.refresh_from_db()
    assert approval.decision == "approved" and approval.comment == "Yes"
    assert Application.objects.get(pk=cast.application.pk).status == "manager_approved"


def test_the_daily_command_prunes_finished_tasks_and_keeps_failed_ones_longer(
    cast, queued, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from mutuality.core.emails import send_email_task

    def queue(status: str, days_ago: int) -> str:
        result = send_email_task.enqueue(email_id=1)
        DBTaskResult.objects.filter(pk=result.id).update(
            status=status, finished_at=timezone.now() - timedelta(days=days_ago)
        )
        return str(result.id)

    old_done = queue("SUCCESSFUL", 8)
    new_done = queue("SUCCESSFUL", 2)
    old_failed = queue("FAILED", 8)
    ancient_failed = queue("FAILED", 31)
    call_command("send_reminders", verbosity=0)
    kept = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert new_done in kept and old_failed in kept
    assert old_done not in kept and ancient_failed not in kept
