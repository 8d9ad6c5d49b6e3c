from django import forms

from mutuality.core.forms import NhsDateField
from mutuality.organisations.models import Organisation

from .models import Cohort, CohortRole, FocusArea, Programme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProgrammeForm(forms.ModelForm):
    focus_areas = forms.ModelMultipleChoiceField(
        queryset=FocusArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Who the programme is designed with and for. Choose all that apply.",
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "kind",
            "summary",
            "focus_areas",
            "eligibility",
            "time_commitment",
            "aspiring_label",
            "established_label",
            "matches_on_lived_experience",
            "retention_months",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "eligibility": forms.Textarea(attrs={"rows": 4}),
        }


class DecisionEmailsForm(forms.ModelForm):
    """The middle of each decision email, in the programme's own words."""

    class Meta:
        model = Programme
        fields = ["accept_email_text", "waitlist_email_text", "decline_email_text"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class LinesField(forms.CharField):
    """A list edited as text, one item per line."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        seen: list[str] = []
        for line in text.splitlines():
            item = line.strip()
            if item and item.lower() not in {s.lower() for s in seen}:
                seen.append(item)
        return seen


class CohortForm(forms.ModelForm):
    topics = LinesField(
        required=False,
        help_text="Topics applicants can choose from, one per line, e.g. 'digital inclusion'.",
    )

    class Meta:
        model = Cohort
        fields = [
            "name",
            "applications_open_on",
            "applications_close_on",
            "starts_on",
            "ends_on",
            "expected_meetings",
            "meeting_minutes",
            "min_group_size",
            "topics",
            "manager_link_days",
            "manager_reminder_days",
            "quiet_after_weeks",
            "at_risk_after_weeks",
            "missed_sessions_allowed",
        ]
        # Dates people type: the NHS three-box date input (ADR 0025).
        field_classes = dict.fromkeys(
            ["applications_open_on", "applications_close_on", "starts_on", "ends_on"], NhsDateField
        )
        labels = {
            "applications_open_on": "Date applications open",
            "applications_close_on": "Date applications close",
            "starts_on": "Start date",
            "ends_on": "End date",
        }


class CohortCopyForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="For example '2028 cohort'.")
    starts_on = NhsDateField(
        label="New start date",
        help_text="Every other date moves by the same amount.",
    )

    def __init__(self, *args, source: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Cohort.objects.filter(programme=self.source.programme, name__iexact=name).exists():
            raise forms.ValidationError("This programme already has a cohort with that name.")
        return name


class CohortRoleForm(forms.Form):
    email = forms.EmailField(label="Email address")
    first_name = forms.CharField(max_length=150, required=False, label="First name")
    last_name = forms.CharField(max_length=150, required=False, label="Last name")
    role = forms.ChoiceField(choices=CohortRole.Role.choices, widget=forms.RadioSelect)


class CohortOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all())
    places = forms.IntegerField(
        min_value=1,
        max_value=500,
        initial=2,
        label="Places",
        # Not the local areas under "Places" in the menu.
        help_text="How many of its staff can take part in this cohort.",
    )
