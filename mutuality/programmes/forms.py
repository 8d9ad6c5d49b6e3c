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
        error_messages = {
            "name": {"required": "Enter a name for the programme"},
            "summary": {"required": "Enter what the programme is for"},
        }
        labels = {
            "aspiring_label": "Name for the people who come to learn",
            "established_label": "Name for the experienced people they are paired with",
            "matches_on_lived_experience": "Match on lived experience",
        }
        help_texts = {
            "time_commitment": "For applicants and line managers. For example, one hour a "
            "month for nine months.",
            "aspiring_label": "For example, aspiring leader or mentee. Leave empty to use the "
            "usual name for this kind of programme.",
            "established_label": "For example, established leader or mentor. Leave empty to "
            "use the usual name for this kind of programme.",
            "matches_on_lived_experience": "Applicants are asked for separate, clear consent "
            "before any lived experience they choose is used in matching.",
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
        help_text="Topics applicants can choose from, one on each line. For example, "
        "digital inclusion.",
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
            "applications_open_on": "When applications open",
            "applications_close_on": "When applications close",
            "starts_on": "Start date",
            "ends_on": "End date",
            "expected_meetings": "How many times each pair should meet",
            "meeting_minutes": "Usual length of a meeting, in minutes",
            "min_group_size": "Smallest group shown in figures",
        }
        error_messages = {"name": {"required": "Enter a name for the cohort"}}
        help_texts = {
            "name": "For example, 2027 cohort or Cohort 3.",
            "expected_meetings": "Over the whole programme.",
            "meeting_minutes": "For example, 60.",
            "min_group_size": "Figures about this cohort, such as how many people of each "
            "ethnicity took part, combine or leave out any group with fewer people than this, "
            "so that nobody can be picked out. You can raise it but not lower it.",
        }


class CohortCopyForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="For example, 2028 cohort.")
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
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), empty_label="Choose an organisation"
    )
    places = forms.IntegerField(
        min_value=1,
        max_value=500,
        initial=2,
        label="Places",
        # Not the local areas under "Places" in the menu.
        help_text="How many of its staff can take part in this cohort.",
    )
