"""Emails, written as Jinja2 text templates under ``jinja2/emails/`` and sent by a task
only once the transaction that caused them has committed (so a rolled-back change never
emails anyone).

Three rules hold for every email the service sends:

- **one recipient per message**, never cc or bcc: nobody learns from an email who else
  takes part (a list of addresses is sent as one message to each);
- **the task carries references, not content**: rows travel as (model, primary key) and are
  loaded and rendered by the task, so the task table never holds a rendered body or a link
  that could act for someone;
- **plain text is not HTML**: bodies are rendered without HTML escaping (O'Brien stays
  O'Brien), and a subject is always one line.
"""

from collections.abc import Iterable
from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.tasks import task
from django.template import engines
from jinja2 import Environment

Plain = str | int | float | bool | None


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


def deliver(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    attachments: Iterable[tuple[str, str, str]] = (),
) -> None:
    """Render and send one message to one address, now. Called from tasks."""
    message = EmailMessage(
        subject=one_line(subject),
        body=render_text(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def pack(context: dict) -> dict:
    """A context the task queue can store: saved rows become references."""
    packed = {}
    for key, value in context.items():
        if isinstance(value, models.Model):
            if value.pk is None:
                raise ValueError(f"Email context {key!r} is not saved.")
            packed[key] = {"model": value._meta.label_lower, "pk": value.pk}
        elif isinstance(value, Plain):
            packed[key] = value
        else:
            raise TypeError(f"Email context {key!r} must be a saved row or a plain value.")
    return packed


def unpack(packed: dict) -> dict:
    context = {}
    for key, value in packed.items():
        if isinstance(value, dict):
            model = apps.get_model(value["model"])
            context[key] = model._default_manager.get(pk=value["pk"])
        else:
            context[key] = value
    return context


def recipients(to: Iterable[str] | str) -> list[str]:
    """Each address once, in order, blanks dropped."""
    addresses = [to] if isinstance(to, str) else list(to)
    return list(dict.fromkeys(a.strip() for a in addresses if a and a.strip()))


@task
def send_email_task(*, to: str, subject: str, template: str, context: dict) -> None:
    deliver(to=to, subject=subject, template=template, context=unpack(context))


def send_after_commit(
    *, to: Iterable[str] | str, subject: str, template: str, context: dict
) -> None:
    """Queue one message for each address once the current transaction commits."""
    packed = pack(context)
    for address in recipients(to):
        transaction.on_commit(
            lambda address=address: send_email_task.enqueue(
                to=address, subject=subject, template=template, context=packed
            )
        )
