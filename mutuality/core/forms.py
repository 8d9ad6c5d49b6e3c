"""Present Django form fields to the NHS.UK frontend macros.

A Jinja macro (``includes/forms.jinja``) calls :func:`nhs_field` for each bound field and
hands the result to the matching NHS component, so every form gets the same labels, hints,
error messages and error summary without per-template wiring.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms

TEXT_INPUT_TYPES = {
    "text", "email", "number", "date", "time", "datetime-local", "url", "tel", "search"
}  # fmt: skip


@dataclass(frozen=True)
class NhsField:
    component: str  # input, textarea, select, radios, checkboxes, hidden
    params: dict[str, Any]


PARTS = ("day", "month", "year")


class NhsDateInput(forms.MultiWidget):
    """The NHS date input: day, month and year in three boxes (``name_day`` and so on).

    The field's own name, holding an ISO date, is still read when no box was sent, so a
    script or an older test posting ``2027-03-27`` keeps working."""

    def __init__(self, attrs=None):
        super().__init__({f"_{part}": forms.TextInput() for part in PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = [data.get(f"{name}_{part}") for part in PARTS]
        if all(p is None for p in parts) and data.get(name):
            return data.get(name)
        return parts

    def value_omitted_from_data(self, data, files, name):
        return name not in data and all(f"{name}_{part}" not in data for part in PARTS)


class NhsDateField(forms.DateField):
    """A date someone types from memory, with the NHS service manual's messages:
    "Date of the move must include a month", "Date of the move must be a real date"."""

    widget = NhsDateInput

    def _say(self, text: str, code: str) -> forms.ValidationError:
        label = str(self.label or "Date").strip()
        return forms.ValidationError(f"{label} {text}", code=code)

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):  # the ISO fallback
            return super().to_python(value)
        parts = [(p or "").strip() for p in (value or [None, None, None])]
        if not any(parts):
            return None
        missing = [name for name, part in zip(PARTS, parts, strict=True) if not part]
        if missing:
            return self._raise_missing(missing)
        day, month, year = parts
        if not all(p.isdigit() for p in parts):
            raise self._say("must be a real date", "invalid")
        if len(year) != 4:
            raise self._say("must include a year with 4 numbers, like 2027", "invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise self._say("must be a real date", "invalid") from None

    def _raise_missing(self, missing: list[str]):
        words = " and ".join(missing) if len(missing) < 3 else ""
        raise self._say(f"must include a {words}", "incomplete")

    def validate(self, value):
        if value in self.empty_values and self.required:
            label = _lower_first(str(self.label or "date"))
            raise forms.ValidationError(f"Enter {label}, like 27 3 2027", code="required")


def _label_params(bound: forms.BoundField, *, as_legend: bool) -> dict[str, Any]:
    text = str(bound.label)
    # A search or filter form sets ``marks_optional = False``: every field of it is optional.
    if (
        not bound.field.required
        and getattr(bound.form, "marks_optional", True)
        and not isinstance(bound.field.widget, forms.CheckboxInput)
        # Needed or not depending on another answer: its hint says when.
        and "data-required-if" not in bound.field.widget.attrs
    ):
        text = f"{text} (optional)"
    if as_legend:
        return {"fieldset": {"legend": {"text": text, "size": "s"}}}
    if bound.field.widget.attrs.get("data-label-hidden"):
        # A heading or legend just above already says what the field is.
        return {"label": {"text": text, "classes": "nhsuk-u-visually-hidden"}}
    return {"label": {"text": text}}


def _lower_first(text: str) -> str:
    # Keep acronyms and names ("NHS number", "ICB") as they are.
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _is_choice(bound: forms.BoundField) -> bool:
    return isinstance(bound.field.widget, forms.Select | forms.RadioSelect | forms.SelectMultiple)


def _defaults(field: forms.Field) -> dict[str, str]:
    messages: dict[str, str] = {}
    for klass in reversed(type(field).__mro__):
        messages.update(getattr(klass, "default_error_messages", {}))
    return messages


def _is_default(field: forms.Field, error: forms.ValidationError) -> bool:
    """Whether ``error`` is Django's own wording (a message someone wrote is left alone)."""
    default = _defaults(field).get(error.code or "")
    if default is None:
        # Validators (max length, min value) carry their own codes and stock wording.
        rendered = " ".join(error.messages)
        return error.code in {"max_length", "min_value", "max_value", "invalid"} and (
            rendered.startswith(("Ensure this value", "Enter a valid"))
        )
    return str(error.message) == str(default)


def _named(bound: forms.BoundField, error: forms.ValidationError) -> str:
    """Django's generic message, rewritten to name the field in the NHS service manual's
    style ("Enter job title", "Select place"); messages a form wrote itself are kept.

    Rationale: an error summary of a dozen "This field is required." links tells nobody what
    to fix, least of all someone using a screen reader who hears the summary before the form.
    """
    if not _is_default(bound.field, error):
        return " ".join(str(m) for m in error.messages)
    label = str(bound.label or bound.name).strip().rstrip(":")
    thing = _lower_first(label)
    question = label.endswith("?")
    params = error.params or {}
    code = error.code
    widget = bound.field.widget
    if code == "required":
        if isinstance(widget, forms.CheckboxInput):
            return f"Tick the box if {thing}" if question else f"Tick \u201c{label}\u201d"
        if isinstance(widget, forms.FileInput):
            return f"Choose a file for {thing}"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return f"Select at least one option for \u201c{label}\u201d"
        if _is_choice(bound):
            return f"Select an answer to \u201c{label}\u201d" if question else f"Select {thing}"
        return f"Enter an answer to \u201c{label}\u201d" if question else f"Enter {thing}"
    if code == "invalid":
        if isinstance(bound.field, forms.DateTimeField):
            return f"{label} must be a date and time, like 27 3 2027 at 14:30"
        if isinstance(bound.field, forms.DateField):
            return f"{label} must be a real date, like 27 3 2027"
        if isinstance(bound.field, forms.EmailField):
            return f"Enter {thing} in the correct format, like name@example.com"
        if isinstance(bound.field, forms.URLField):
            return f"Enter {thing} in the correct format, like https://www.example.org"
        if isinstance(bound.field, forms.IntegerField):
            return f"{label} must be a whole number"
        if isinstance(bound.field, forms.DecimalField | forms.FloatField):
            return f"{label} must be a number"
    if code == "min_value" and "limit_value" in params:
        return f"{label} must be {params['limit_value']} or more"
    if code == "max_value" and "limit_value" in params:
        return f"{label} must be {params['limit_value']} or less"
    if code == "max_length" and "limit_value" in params:
        return f"{label} must be {params['limit_value']} characters or fewer"
    if code == "invalid_choice":
        return f"Choose one of the listed options for {thing}"
    return " ".join(str(m) for m in error.messages)


def field_errors(bound: forms.BoundField) -> list[str]:
    """The field's errors as people should read them: each names the field."""
    if not bound.errors:
        return []
    data = bound.form.errors.as_data().get(bound.name, [])
    return [_named(bound, error) for error in data] or [str(e) for e in bound.errors]


def _error(bound: forms.BoundField) -> dict[str, Any]:
    if bound.errors:
        return {"errorMessage": {"text": " ".join(field_errors(bound))}}
    return {}


def _hint(bound: forms.BoundField) -> dict[str, Any]:
    return {"hint": {"text": str(bound.help_text)}} if bound.help_text else {}


def _selected_values(bound: forms.BoundField) -> set[str]:
    value = bound.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


def _choice_items(bound: forms.BoundField, *, key: str) -> list[dict[str, Any]]:
    chosen = _selected_values(bound)
    items = []
    for value, label in bound.field.choices:
        value = "" if value is None else str(getattr(value, "value", value))
        items.append({"value": value, "text": str(label), key: value in chosen})
    return items


def _date_params(bound: forms.BoundField) -> dict[str, Any]:
    value = bound.value()
    if isinstance(value, datetime.date):
        value = bound.field.widget.decompress(value)
    elif isinstance(value, str):
        try:
            value = bound.field.widget.decompress(datetime.date.fromisoformat(value))
        except ValueError:
            value = [None, None, None]
    value = list(value or [None, None, None])
    error = " ".join(field_errors(bound)) if bound.errors else ""
    label = _label_params(bound, as_legend=True)
    hint = str(bound.help_text) if bound.help_text else "For example, 27 3 2027"
    return {
        "id": bound.auto_id,
        "fieldset": label["fieldset"],
        "hint": {"text": hint},
        "items": [
            {
                "id": f"{bound.auto_id}-{part}",
                "name": f"{bound.html_name}_{part}",
                "label": part.capitalize(),
                "value": value[i] or "",
                "width": 4 if part == "year" else 2,
                "classes": f"nhsuk-input--width-{4 if part == 'year' else 2}"
                + (" nhsuk-input--error" if error else ""),
            }
            for i, part in enumerate(PARTS)
        ],
        **({"errorMessage": {"text": error}} if error else {}),
    }


def nhs_field(bound: forms.BoundField) -> NhsField:
    widget = bound.field.widget
    base: dict[str, Any] = {"id": bound.auto_id, "name": bound.html_name}
    if isinstance(widget, NhsDateInput):
        return NhsField("date", _date_params(bound))
    if isinstance(widget, forms.FileInput):
        return NhsField(
            "file",
            {**base, **_label_params(bound, as_legend=False), **_hint(bound), **_error(bound)},
        )
    if isinstance(widget, forms.HiddenInput):
        return NhsField("hidden", {**base, "value": bound.value() or ""})
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.SelectMultiple):
        return NhsField(
            "checkboxes",
            {
                "idPrefix": bound.auto_id,
                "name": bound.html_name,
                "items": _choice_items(bound, key="checked"),
                **_label_params(bound, as_legend=True),
                **_hint(bound),
                **_error(bound),
            },
        )
    if isinstance(widget, forms.RadioSelect):
        # A "choose one" placeholder belongs in a select, never among radios.
        items = [item for item in _choice_items(bound, key="checked") if item["value"] != ""]
        inline = {"classes": "nhsuk-radios--inline"} if widget.attrs.get("data-inline") else {}
        return NhsField(
            "radios",
            {
                **inline,
                "idPrefix": bound.auto_id,
                "name": bound.html_name,
                "items": items,
                **_label_params(bound, as_legend=True),
                **_hint(bound),
                **_error(bound),
            },
        )
    if isinstance(widget, forms.CheckboxInput):
        return NhsField(
            "checkboxes",
            {
                "idPrefix": bound.auto_id,
                "name": bound.html_name,
                "items": [
                    {
                        "value": "on",
                        "text": str(bound.label),
                        "checked": bool(bound.value()),
                        "id": bound.auto_id,
                        # A single box's hint sits under its label, as the NHS.UK pattern
                        # shows it, not above the box where it reads as a question.
                        **_hint(bound),
                    }
                ],
                **_error(bound),
            },
        )
    if isinstance(widget, forms.Select):
        return NhsField(
            "select",
            {
                **base,
                "items": _choice_items(bound, key="selected"),
                **_label_params(bound, as_legend=False),
                **_hint(bound),
                **_error(bound),
            },
        )
    if isinstance(widget, forms.Textarea):
        return NhsField(
            "textarea",
            {
                **base,
                "value": bound.value() or "",
                "rows": widget.attrs.get("rows", 5),
                **_label_params(bound, as_legend=False),
                **_hint(bound),
                **_error(bound),
            },
        )
    input_type = getattr(widget, "input_type", "text")
    value = bound.value()
    if input_type == "date" and value is not None and hasattr(value, "isoformat"):
        value = value.isoformat()
    if input_type == "datetime-local" and value is not None and hasattr(value, "isoformat"):
        value = value.strftime("%Y-%m-%dT%H:%M")
    params = {
        **base,
        "type": input_type if input_type in TEXT_INPUT_TYPES else "text",
        "value": "" if value is None else str(value),
        **_label_params(bound, as_legend=False),
        **_hint(bound),
        **_error(bound),
    }
    if input_type == "email":
        params.update({"autocomplete": "email", "spellcheck": False})
    if input_type == "number":
        params.update({"inputmode": "numeric", "classes": "nhsuk-input--width-5"})
    if input_type == "date":
        params["classes"] = "nhsuk-input--width-10"
    if autocomplete := widget.attrs.get("autocomplete"):
        params["autocomplete"] = autocomplete
    return NhsField("input", params)


def error_list(form: forms.Form) -> list[dict[str, str]]:
    """The entries of the NHS error summary: each links to the field it is about."""
    items = [{"text": str(error), "href": "#main-form"} for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            continue
        # NHS radios and checkboxes give their first option the field's own id, so the
        # link lands on the first choice, as the service manual asks.
        if name not in form.fields:
            items.extend({"text": str(error), "href": "#main-form"} for error in errors)
            continue
        anchor = form[name].auto_id
        if isinstance(form.fields[name].widget, NhsDateInput):
            anchor = f"{anchor}-day"  # the first of the three boxes
        items.extend({"text": text, "href": f"#{anchor}"} for text in field_errors(form[name]))
    return items
