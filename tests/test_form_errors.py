"""Every error message names its field, in the NHS service manual's style, in the inline
message and in the error summary alike."""

import datetime
from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse

from mutuality.core.forms import NhsDateField, error_list, field_errors

from .form_checks import assert_error_page, read
from .roles import MATRIX


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


class Moved(forms.Form):
    happened_on = NhsDateField(label="Date of the move")


def _date(day="", month="", year="") -> forms.Form:
    form = Moved({"happened_on_day": day, "happened_on_month": month, "happened_on_year": year})
    form.is_valid()
    return form


def test_the_nhs_date_input_says_which_part_is_missing_or_wrong() -> None:
    assert _date("27", "3", "2027").cleaned_data["happened_on"] == datetime.date(2027, 3, 27)
    assert field_errors(_date()["happened_on"]) == ["Enter date of the move, like 27 3 2027"]
    assert field_errors(_date("27", "", "2027")["happened_on"]) == [
        "Date of the move must include a month"
    ]
    assert field_errors(_date("27", "", "")["happened_on"]) == [
        "Date of the move must include a month and year"
    ]
    assert field_errors(_date("31", "2", "2027")["happened_on"]) == [
        "Date of the move must be a real date"
    ]
    assert field_errors(_date("x", "2", "2027")["happened_on"]) == [
        "Date of the move must be a real date"
    ]
    assert field_errors(_date("3", "2", "27")["happened_on"]) == [
        "Date of the move must include a year with 4 numbers, like 2027"
    ]
    # The summary takes people to the day box, the first of the three.
    assert error_list(_date())[0]["href"] == "#id_happened_on-day"


def test_the_nhs_date_input_keeps_each_box_as_typed() -> None:
    from mutuality.core.forms import nhs_field

    params = nhs_field(_date("31", "2", "2027")["happened_on"]).params
    assert [item["value"] for item in params["items"]] == ["31", "2", "2027"]
    assert [item["name"] for item in params["items"]] == [
        "happened_on_day", "happened_on_month", "happened_on_year"
    ]  # fmt: skip
    assert params["errorMessage"] == {"text": "Date of the move must be a real date"}
    unbound = nhs_field(Moved(initial={"happened_on": datetime.date(2027, 3, 9)})["happened_on"])
    assert [item["value"] for item in unbound.params["items"]] == ["9", "3", "2027"]


# The crawl: every page of the role matrix, as someone who may use it; every form on it is
# sent empty, then with values no form should accept. Whatever comes back with an error
# summary must meet the rules in form_checks.assert_error_page.

ORDER = [
    "office", "programme_manager", "faculty", "aspiring", "established", "applicant",
    "steering", "line_manager", "anonymous",
]  # fmt: skip
# Forms that sign people in or out, or belong to the demo switcher, change who is asking.
SKIP_ACTIONS = ("/accounts/logout", "/demo/", "/i18n/")
BAD = {
    "email": "not-an-address",
    "url": "slides",
    "number": "-99999",
    "date": "2027-02-31",
    "datetime-local": "2027-02-31T25:61",
    "time": "25:61",
    "tel": "x" * 400,
}


class _Forms(HTMLParser):
    """The POST forms on a page: action, and each field's name, type and hidden value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": [], "file": False}
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "textarea", "select"} and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            self._form["fields"].append((a["name"], kind, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _post_forms(html: str) -> list[dict]:
    reader = _Forms()
    reader.feed(html)
    return reader.forms


def _data(fields, *, bad: bool) -> dict:
    data: dict = {}
    for name, kind, value in fields:
        if kind == "hidden":  # the CSRF token too: a browser always sends it
            data[name] = value
        elif kind in {"submit", "button", "file", "password", "checkbox", "radio"} and not (
            bad and kind == "radio"
        ):
            continue  # a browser sends no unticked box or chosen file
        elif not bad:
            data[name] = ""  # as a browser sends a field left blank
        elif kind in {"radio", "select"}:
            data[name] = "not-a-choice"
        elif kind in BAD:
            data[name] = BAD[kind]
        elif kind in {"text", "textarea", "search"}:
            data[name] = "x" * 5001
    return data


def _first_allowed(case) -> str | None:
    return next((p for p in ORDER if case.expected.get(p) == 200), None)


# Files, JSON and calendars: no form to submit.
NOT_HTML = {
    "applications:export", "applications:template", "evaluation:cohort_export",
    "evaluation:cohort_pdf", "healthz", "partnerships:ics", "privacy:my_data_download",
    "privacy:person_data", "steering:pack", "strategy:download", "timeline:ics",
    "timeline:material_download",
}  # fmt: skip
GET_VIEWS = sorted(
    view
    for view, case in MATRIX.items()
    # Pages nobody opens as a page (they send each person on elsewhere) have no forms.
    if case.method == "get" and view not in NOT_HTML and _first_allowed(case) is not None
)


@pytest.mark.parametrize("view", GET_VIEWS)
def test_every_form_names_what_is_wrong_and_keeps_what_was_typed(client, cast, view):
    case = MATRIX[view]
    person = _first_allowed(case)
    user = cast.person(person)
    if user is not None:
        client.force_login(user)
    url = reverse(view, args=case.args(cast))
    page = client.get(url)
    assert page.status_code == 200 and "text/html" in page.get("Content-Type", "")
    problems = []
    for form in _post_forms(page.content.decode()):
        action = form["action"] or url
        if action.startswith(SKIP_ACTIONS) or not action.startswith("/"):
            continue
        for bad in (False, True):
            data = _data(form["fields"], bad=bad)
            response = client.post(action, data)
            if response.status_code >= 500:
                problems.append(f"{action} {'bad' if bad else 'empty'}: {response.status_code}")
                continue
            html = response.content.decode() if response.status_code in {200, 400} else ""
            if "nhsuk-error-summary" not in html:
                print(
                    "NOSUMMARY", view, action, bad, response.status_code, response.get("Location")
                )
                continue
            typed = {
                k: v
                for k, v in data.items()
                if isinstance(v, str) and v != "not-a-choice" and len(v) < 5000
            }
            print("CHECKED", view, action, bad, read(html).title)
            try:
                shown = read(html).values
                assert_error_page(html, kept={k: v for k, v in typed.items() if k in shown})
            except AssertionError as error:
                problems.append(f"{action} {'bad' if bad else 'empty'}: {error}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_sign_in_pages_name_the_field_too(client) -> None:
    url = reverse("account_request_login_code")
    response = client.post(url, {"email": "not-an-address"})
    assert response.status_code == 200
    page = assert_error_page(response.content.decode(), kept={"email": "not-an-address"})
    assert page.summary_links[0][0] == "#id_email"
    assert not read(client.get(url).content.decode()).title.startswith("Error: ")
