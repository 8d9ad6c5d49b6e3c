"""Emails, written as Jinja2 text templates under ``jinja2/emails/``, each sent exactly once.

Rules that hold for every email the service sends:

- **one recipient per message**, never cc or bcc: nobody learns from an email who else
  takes part (a list of addresses becomes one message to each);
- **plain text is not HTML**: bodies are rendered without HTML escaping (O'Brien stays
  O'Brien), and a subject is always one line;
- **nothing is lost and nothing is sent twice**. ``send_after_commit`` writes an
  ``OutgoingEmail`` row per recipient in the caller's transaction (a rolled-back change
  emails nobody; a committed one cannot lose its email to a crash before the queue hears of
  it) and queues a task, carrying only the row's id, once the transaction commits. Sending
  locks the row, hands the message to the mail server, marks the row sent and wipes the
  message in one transaction. A second worker given the same row skips it or finds it sent;
  a worker killed before the commit leaves the row unsent and unlocked, and the next
  worker's recovery pass (``send_pending``) sends it. The one window left: a worker killed
  after the mail server accepted the message but before the commit. That message is sent
  again (at least once, never lost); it cannot be closed without the mail server taking part
  in the transaction;
- **a link that acts for someone never waits in a table**: the line manager's approval link
  is minted by its own task at the moment it is sent (``send_now``), so neither the task
  queue nor the outgoing-email table ever holds it.

A caller may give a ``key`` naming the message (e.g. ``"nudge:17:quiet:2026-11-02"``): a
second message with the same key to the same person is not queued, even from a request
racing the first.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.tasks import task
from django.template import engines
from django.utils import timezone
from jinja2 import Environment

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

#: After this many failed attempts (the mail server refusing), a message is given up.
MAX_ATTEMPTS = 5


@cache
def text_environment() -> Environment:
    """The pages' Jinja2 environment (same filters and globals) without autoescape."""
    return engines["jinja2"].env.overlay(autoescape=False)


def render_text(template: str, context: dict) -> str:
    body = (
        text_environment()
        .get_template(f"emails/{template}")
        .render({**context, "service_name": settings.SERVICE_NAME})
    )
    return body.strip() + "\n"


def one_line(text: str) -> str:
    """A header value never carries a line break (Django refuses such a header outright)."""
    return " ".join(str(text).split())


def recipients(to: Iterable[str] | str) -> list[str]:
    """Each address once, in order, blanks dropped."""
    addresses = [to] if isinstance(to, str) else list(to)
    return list(dict.fromkeys(a.strip() for a in addresses if a and a.strip()))


def send_now(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    attachments: Iterable[tuple[str, str, str]] = (),
) -> None:
    """Render and send one message to one address, now. For tasks that must build the
    message as it is sent (a freshly minted link, a calendar file)."""
    message = EmailMessage(
        subject=one_line(subject),
        body=render_text(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


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
    to: Iterable[str] | str,
    subject: str,
    template: str,
    context: dict,
    attachments: list[list[str]] | None = None,
    key: str | None = None,
) -> bool:
    """Queue one message to each address, to go once the current transaction commits.
    ``attachments``: [filename, text content, MIME type] each. Returns False if ``key`` had
    already been used for every address (nothing new queued)."""
    body = render_text(template, context)
    queued = False
    for address in recipients(to):
        fields = {
            "to": [address],
            "subject": one_line(subject),
            "body": body,
            "attachments": attachments or [],
        }
        if key is not None:
            fields["key"] = f"{key}:{address}"[:200]
        try:
            with transaction.atomic():
                email = OutgoingEmail.objects.create(**fields)
        except IntegrityError:
            continue
        queued = True
        transaction.on_commit(lambda pk=email.pk: send_email_task.enqueue(email_id=pk))
    return queued


def prune(*, sent_before, failed_before) -> int:
    """Run daily: wipe the message from emails sent before ``sent_before`` (``deliver``
    already does; this catches rows sent by older code) and from emails given up on before
    ``failed_before``. The key and times stay, so a keyed message is still never sent twice.
    Returns how many rows were wiped."""
    blank = {"to": [], "subject": "", "body": "", "attachments": []}
    sent = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT, sent_at__lt=sent_before)
    failed = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.FAILED, created_at__lt=failed_before
    )
    return sum(rows.exclude(body="", subject="").update(**blank) for rows in (sent, failed))
