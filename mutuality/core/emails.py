"""Emails, written as Jinja2 text templates under ``jinja2/emails/`` and sent by a task
only once the transaction that caused them has committed (so a rolled-back change never
emails anyone)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string


@task
def send_email_task(
    *, to: list[str], subject: str, body: str, attachments: list[list[str]] | None = None
) -> None:
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()


def send_after_commit(
    *,
    to: list[str] | str,
    subject: str,
    template: str,
    context: dict,
    attachments: list[list[str]] | None = None,
) -> None:
    """``attachments``: [filename, text content, MIME type] each (kept as text so the task's
    arguments stay JSON for the database task queue)."""
    recipients = [to] if isinstance(to, str) else list(to)
    body = render_to_string(
        f"emails/{template}",
        {**context, "service_name": settings.SERVICE_NAME},
        using="jinja2",
    )
    transaction.on_commit(
        lambda: send_email_task.enqueue(
            to=recipients, subject=subject, body=body.strip() + "\n", attachments=attachments
        )
    )
