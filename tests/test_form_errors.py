"""Every error message names its field, in the NHS service manual's style, in the inline
message and in the error summary alike."""

import datetime

from django import forms

from mutuality.core.forms import error_list, field_errors


class Example(forms.Form):
    job_title = forms.CharField(label="Job title", max_length=10)
    place = forms.ChoiceField(label="Place", choices=[("", "Choose"), ("n", "Northmere")])
    support = forms.ChoiceField(
        label="Do you support this application?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(label="Email address")
    starts = forms.DateField(label="Start date")
    hours = forms.IntegerField(label="Hours a month", min_value=1, max_value=20)
    link = forms.URLField(label="Link to the slides")
    agree = forms.BooleanField(label="I agree to the ground rules")
    ICB_code = forms.CharField(label="ICB code")


def _messages(data: dict) -> dict[str, list[str]]:
    form = Example(data)
    assert not form.is_valid()
    return {name: field_errors(form[name]) for name in form.errors}


def test_empty_fields_are_named() -> None:
    got = _messages({})
    assert got["job_title"] == ["Enter job title"]
    assert got["place"] == ["Select place"]
    assert got["support"] == ["Select an answer to \u201cDo you support this application?\u201d"]
    assert got["email"] == ["Enter email address"]
    assert got["agree"] == ["Tick \u201cI agree to the ground rules\u201d"]
    assert got["ICB_code"] == ["Enter ICB code"]  # an acronym keeps its capitals
    assert not any("This field is required" in m for ms in got.values() for m in ms)


def test_bad_values_say_what_is_wrong_with_which_field() -> None:
    got = _messages(
        {
            "job_title": "x" * 11,
            "place": "luton",
            "email": "not-an-address",
            "starts": "31/02/2027",
            "hours": "25",
            "link": "slides",
        }
    )
    assert got["job_title"] == ["Job title must be 10 characters or fewer"]
    assert got["place"] == ["Choose one of the listed options for place"]
    assert got["email"] == ["Enter email address in the correct format, like name@example.com"]
    assert got["starts"] == ["Start date must be a real date, like 27 3 2027"]
    assert got["hours"] == ["Hours a month must be 20 or less"]
    assert got["link"] == [
        "Enter link to the slides in the correct format, like https://www.example.org"
    ]


def test_a_message_the_form_wrote_itself_is_kept() -> None:
    class Own(forms.Form):
        starts = forms.DateField(label="Start date")

        def clean_starts(self):
            if self.cleaned_data["starts"] < datetime.date(2027, 1, 1):
                raise forms.ValidationError("The start date must be in 2027 or later")
            return self.cleaned_data["starts"]

    form = Own({"starts": "2026-05-01"})
    assert not form.is_valid()
    assert field_errors(form["starts"]) == ["The start date must be in 2027 or later"]


def test_the_summary_links_each_named_message_to_its_field() -> None:
    form = Example({})
    form.is_valid()
    summary = error_list(form)
    assert {"text": "Enter job title", "href": "#id_job_title"} in summary
    assert len(summary) == len(form.errors)
