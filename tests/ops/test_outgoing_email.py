"""Every email goes through an outgoing-email row: queued with the change that caused it,
sent once, and never lost when a task does not run."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from mutuality.core import emails
from mutuality.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def queue(key=None, to="asha@example.org"):
    return emails.send_after_commit(
        to=to,
        subject="Your session tomorrow",
        template="session_reminder.txt",
        context={"session": {"title": "Learning lab"}, "link": "https://x.example/"},
        key=key,
    )


def test_an_email_is_sent_once_after_the_commit_and_then_forgotten(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert queue() is True
        assert len(mail.outbox) == 0  # nothing leaves before the commit
    assert [m.to for m in mail.outbox] == [["asha@example.org"]]
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.SENT and email.sent_at
    # What was sent is not kept: only that it was.
    assert (email.to, email.body, email.attachments) == ([], "", [])
    # The same row handed to a worker again sends nothing.
    assert emails.deliver(email.pk) is False
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_emails_nobody(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError
    assert OutgoingEmail.objects.count() == 0 and len(mail.outbox) == 0


def test_a_key_sends_a_message_once_however_often_it_is_asked_for(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert queue(key="nudge:17:quiet:2026-11-02") is True
        assert queue(key="nudge:17:quiet:2026-11-02") is False
        assert queue(key="nudge:17:quiet:2026-11-16") is True
    assert len(mail.outbox) == 2


def test_an_email_whose_task_never_ran_is_sent_by_the_recovery_pass():
    # No commit callbacks run here: as if the worker died before it ran the task.
    queue()
    queue()
    assert len(mail.outbox) == 0
    assert emails.send_pending() == 0  # too new: its task may still be on its way
    OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    assert emails.send_pending() == 2
    assert emails.send_pending() == 0
    assert len(mail.outbox) == 2


def test_a_refusing_mail_server_is_tried_again_then_given_up(monkeypatch):
    queue()
    email = OutgoingEmail.objects.get()

    def refuse(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    for attempt in range(1, emails.MAX_ATTEMPTS + 1):
        with pytest.raises(ConnectionRefusedError):
            emails.deliver(email.pk)
        email.refresh_from_db()
        assert email.attempts == attempt
    assert email.status == OutgoingEmail.Status.FAILED
    assert "mail server down" in email.error
    monkeypatch.undo()
    assert emails.deliver(email.pk) is False  # given up: a person must look at it
