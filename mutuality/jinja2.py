"""The Jinja2 environment for Mutuality's pages, with the NHS.UK frontend macros."""

from datetime import datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from mutuality.core.forms import error_list, nhs_field
from mutuality.core.text import plural


def url(viewname: str, *args, **kwargs) -> str:
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def format_date(value, fmt: str = "j F Y") -> str:
    """Dates as the NHS style guide writes them: 3 March 2027."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return date_format(value, fmt)


def format_datetime(value) -> str:
    if not value:
        return ""
    return date_format(timezone.localtime(value), "j F Y, H:i")


def readable_when(value: str) -> str:
    """A date or time written for machines ("2026-10-17", "2026-10-17 14:05", as in a
    person's data file) written for people ("17 October 2026", "17 October 2026, 14:05").
    Anything else is returned as it is."""
    for pattern, fmt in (("%Y-%m-%d %H:%M", "j F Y, H:i"), ("%Y-%m-%d", "j F Y")):
        try:
            parsed = datetime.strptime(value, pattern)
        except (TypeError, ValueError):
            continue
        return date_format(parsed, fmt)
    return value


def upper_first(value) -> str:
    """Capitalise the first letter only; Jinja's ``capitalize`` lowercases the rest ("NHS")."""
    text = str(value or "")
    return text[:1].upper() + text[1:]


def environment(**options) -> Environment:
    # Django passes a loader for the project's template folders; the NHS.UK macros come
    # from the nhsuk-frontend-jinja package, and need ChainableUndefined to render.
    project_loader = options.pop("loader")
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)
    env = Environment(
        autoescape=True,
        loader=ChoiceLoader([project_loader, PackageLoader("nhsuk_frontend_jinja")]),
        extensions=["jinja2.ext.do"],
        **options,
    )
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": get_messages,
            "settings": settings,
            "service_name": settings.SERVICE_NAME,
            "nhs_field": nhs_field,
            "form_errors": error_list,
        }
    )
    env.filters.update(
        {
            "date": format_date,
            "datetime": format_datetime,
            "upper_first": upper_first,
            "plural": plural,
            "readable_when": readable_when,
        }
    )
    return env
