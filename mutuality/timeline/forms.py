from django import forms
from django.utils import timezone

from mutuality.partnerships.year_forms import DateTimeInput

from .models import Invitation, Session, audience_choices


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "title", "kind", "starts_at", "minutes", "audience", "mandatory", "online", "link",
            "venue", "address", "accessibility", "capacity",
        ]  # fmt: skip
        widgets = {
            "starts_at": DateTimeInput(),
            "address": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "audience": forms.RadioSelect,
        }
        help_texts = {
            "accessibility": "Step-free access, hearing loop, quiet room, parking.",
            "online": "Tick for an online session, then give the joining link.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        if self.instance.cohort_id:
            self.fields["audience"].choices = audience_choices(self.instance.cohort.programme)
        # Each is needed for one kind of session (checked in clean), so neither is "optional".
        self.fields["link"].help_text = "Needed for an online session."
        self.fields["venue"].help_text = "Needed for a session in person."
        self.fields["link"].widget.attrs["data-required-if"] = "online"
        self.fields["venue"].widget.attrs["data-required-if"] = "in person"

    def clean(self):
        data = super().clean()
        if data.get("online") and not data.get("link"):
            self.add_error("link", "Give the joining link for an online session.")
        if not data.get("online") and not data.get("venue"):
            self.add_error("venue", "Say where the session is, or tick online.")
        return data


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label="Can you come?",
        choices=[
            (Invitation.Reply.ATTENDING, "Yes, I will be there"),
            (Invitation.Reply.NOT_ATTENDING, "No, I cannot come"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="If you cannot come, tell us why (optional)", required=False, max_length=300
    )


class MaterialForm(forms.Form):
    MAX_BYTES = 20 * 1024 * 1024

    title = forms.CharField(
        max_length=200,
        label="Title",
        error_messages={"required": "Enter a title for the material"},
    )
    link = forms.URLField(
        label="Link to the material",
        required=False,
        error_messages={
            "invalid": "Enter the link in the correct format, like https://www.example.org/slides"
        },
    )
    file = forms.FileField(
        label="Or upload a file", required=False, help_text="Slides, handouts: up to 20 MB."
    )

    def clean(self):
        data = super().clean()
        if not data.get("link") and not data.get("file") and "link" not in self.errors:
            # Named on the link field, so the error summary has somewhere to take people.
            self.add_error("link", "Enter a link to the material, or choose a file to upload")
        upload = data.get("file")
        if upload and upload.size > self.MAX_BYTES:
            self.add_error("file", "The selected file must be smaller than 20 MB")
        return data


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
        error_messages={
            "required": "Enter the date and time of the supervision",
            "invalid": "Date and time must be a real date and time, like 27 3 2027 at 14:30",
        },
    )
    minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=15,
        max_value=120,
        initial=45,
        error_messages={"required": "Enter the length of the supervision in minutes"},
    )

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError("The supervision time must be in the future")
        return starts_at
