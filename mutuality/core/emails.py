"""Emails, written as Jinja2 text templates under ``jinja2/emails/``, sent exactly once.

``send_after_commit`` writes an ``OutgoingEmail`` row in the caller's transaction (so a
rolled-back change emails nobody, and a committed one cannot lose its email to a crash
before the queue hears of it) and queues a task to send it once the transaction commits.

Sending locks the row, hands the message to the mail server, marks the row sent and only
then lets go of the lock (one transaction). A second worker given the same row skips it or
finds it sent; a worker killed before the commit leaves the row unsent and unlocked, and the
next worker's recovery pass (``send_pending``) sends it. The one window left: a worker
killed after the mail server accepted the message but before the commit. That message is
sent again (at least once, never lost); it cannot be closed without the mail server taking
part in the transaction.

A caller may give a ``key`` naming the message (e.g. ``"nudge:17:quiet:2026-11-02"``): a
second message with the same key is not queued, even from a request racing the first.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

#: After this many failed attempts (the mail server refusing), a message is given up.
MAX_ATTEMPTS = 5


def deliver(email_id: int) -> bool:
    """Send one queued email, exactly once. True if this call sent it."""
    try:
        with transaction.atomic():
            email = (
                OutgoingEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=email_id, status=OutgoingEmail.Status.QUEUED)
                .first()
            )
            if email is None:
                return False  # sent already, given up, or being sent by another worker
            message = EmailMessage(
                subject=email.subject,
                body=email.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=email.to,
            )
            for filename, content, mimetype in email.attachments or []:
                message.attach(filename, content, mimetype)
            message.send()
            # Sent: keep only the key and the time, not the message.
            OutgoingEmail.objects.filter(pk=email.pk).update(
                status=OutgoingEmail.Status.SENT,
                sent_at=timezone.now(),
                attempts=F("attempts") + 1,
                to=[],
                body="",
                attachments=[],
                error="",
            )
    except Exception as error:
        OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.QUEUED).update(
            attempts=F("attempts") + 1, error=f"{type(error).__name__}: {error}"[:2000]
        )
        OutgoingEmail.objects.filter(
            pk=email_id, status=OutgoingEmail.Status.QUEUED, attempts__gte=MAX_ATTEMPTS
        ).update(status=OutgoingEmail.Status.FAILED)
        raise
    return True


@task
def send_email_task(*, email_id: int) -> bool:
    return deliver(email_id)


def send_pending(*, older_than: timedelta | None = None, limit: int = 500) -> int:
    """Send queued emails whose task never ran (a worker died holding it, or the queue lost
    it). Rows being sent by a live worker are locked and skipped. Returns how many sent."""
    if older_than is None:
        older_than = timedelta(seconds=settings.EMAIL_RETRY_AFTER_SECONDS)
    due = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.QUEUED,
        created_at__lt=timezone.now() - older_than,
        attempts__lt=MAX_ATTEMPTS,
    ).values_list("pk", flat=True)[:limit]
    sent = 0
    for email_id in list(due):
        try:
            sent += deliver(email_id)
        except Exception:
            logger.exception("Email %s could not be sent; it will be tried again", email_id)
    return sent


def send_after_commit(
    *,
    to: list[str] | str,
    subject: str,
    template: str,
    context: dict,
    attachments: list[list[str]] | None = None,
    key: str | None = None,
) -> bool:
    """Queue an email to go once the current transaction commits. ``attachments``:
    [filename, text content, MIME type] each. Returns False if ``key`` was already used."""
    recipients = [to] if isinstance(to, str) else list(to)
    body = render_to_string(
        f"emails/{template}",
        {**context, "service_name": settings.SERVICE_NAME},
        using="jinja2",
    )
    fields = {
        "to": recipients,
        "subject": subject,
        "body": body.strip() + "\n",
        "attachments": attachments or [],
    }
    if key is not None:
        fields["key"] = key[:200]
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(**fields)
    except IntegrityError:
        return False
    transaction.on_commit(lambda: send_email_task.enqueue(email_id=email.pk))
    return True
