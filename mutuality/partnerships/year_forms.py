from django import forms
from django.utils import timezone

from mutuality.core.forms import NhsDateField

from .models import Meeting, MeetingMode, Partnership, SupportRequest


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["met_on", "minutes", "mode"]
        field_classes = {"met_on": NhsDateField}
        labels = {"met_on": "Date of the meeting"}
        widgets = {"mode": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met_on"].initial = timezone.localdate()

    def clean_met_on(self):
        met_on = self.cleaned_data["met_on"]
        if met_on > timezone.localdate():
            raise forms.ValidationError("Log a meeting once it has happened.")
        return met_on


class PlanForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Date and time", widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=240, initial=60)
    mode = forms.ChoiceField(
        label="How you will meet", choices=MeetingMode.choices, widget=forms.RadioSelect
    )
    where = forms.CharField(label="Where, or the video link", required=False, max_length=300)


class GoalForm(forms.Form):
    text = forms.CharField(label="Your goal", max_length=300)
    shared_with_partner = forms.BooleanField(
        label="My partner may see this goal", required=False, initial=True
    )


class GoalNoteForm(forms.Form):
    goal = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a shared note",
        help_text="Only you and your partner can read shared notes.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label="Add a private reflection",
        help_text=(
            "Only you can read your reflections: not your partner, not the faculty, not the "
            "programme team. They are stored encrypted."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SupportForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["kind", "text"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Partnership.EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the partnership is ending"},
    )
    leaving = forms.ChoiceField(
        label="Who is leaving the programme?",
        help_text="Anyone who stays can be given a new partner.",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who is leaving the programme"},
    )
    note = forms.CharField(
        label="Anything the team should know",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # The partners by name, so nobody has to work out which side someone is on.
        self.fields["leaving"].choices = [
            ("aspiring", partnership.aspiring.user.get_full_name()),
            ("established", partnership.established.user.get_full_name()),
            ("both", "Both of them"),
            ("neither", "Neither: both stay and may be given a new partner"),
        ]


class ResolveForm(forms.Form):
    response = forms.CharField(label="What was done", widget=forms.Textarea(attrs={"rows": 2}))


class SupervisionForm(forms.Form):
    text = forms.CharField(
        label="Add a supervision note",
        help_text="Only faculty and the programme team can read these.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the supervision note"},
    )


YES_NO = [("yes", "Yes"), ("no", "No")]


class AfterwardsForm(forms.Form):
    keep_meeting = forms.TypedChoiceField(
        label="Will you keep meeting your partner now the programme has ended?",
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    buddy = forms.TypedChoiceField(
        label="Would you buddy someone in the next cohort?",
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        help_text="If a pair needs a new partner, the programme team may ask you.",
    )
