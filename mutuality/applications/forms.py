from django import forms
from django.core.validators import validate_email

from mutuality.organisations.models import Organisation, Place
from mutuality.programmes.models import Side

from .choices import AVAILABILITY_CHOICES, LIVED_EXPERIENCE_CHOICES, MeetingMode
from .models import AboutMeSection, Application, EqualityMonitoring

BAND_CHOICES = [
    ("", "Choose your band or grade"),
    *[(f"Band {b}", f"Agenda for Change band {b}") for b in ["2", "3", "4", "5", "6", "7"]],
    *[(f"Band {b}", f"Agenda for Change band {b}") for b in ["8a", "8b", "8c", "8d", "9"]],
    ("VSM", "Very senior manager (VSM)"),
    ("FY1", "Doctor: foundation year 1"),
    ("FY2", "Doctor: foundation year 2"),
    ("ST1", "Doctor: core or specialty trainee (years 1 and 2)"),
    ("Registrar", "Doctor: specialty registrar"),
    ("Specialty doctor", "Doctor: specialty doctor"),
    ("Consultant", "Doctor: consultant"),
    ("Team manager", "Council or care: team manager"),
    ("Service manager", "Council or care: service manager"),
    ("Head of service", "Council or care: head of service"),
    ("Assistant director", "Council or care: assistant director"),
    ("Director", "Council or care: director"),
    ("Chief executive", "Chief executive"),
    ("Other", "Other or not sure"),
]


class SideForm(forms.Form):
    side = forms.ChoiceField(widget=forms.RadioSelect, label="Which side are you applying for?")

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = [
            (side, programme.side_label(side).capitalize()) for side in Side.values
        ]


class RoleForm(forms.ModelForm):
    band = forms.ChoiceField(choices=BAND_CHOICES, label="Band or grade")

    class Meta:
        model = Application
        fields = ["organisation", "job_title", "band", "profession", "place"]
        labels = {"organisation": "Your organisation", "place": "Where you mostly work"}
        help_texts = {
            "profession": "For example nursing, finance, social work, human resources.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cohort = self.instance.cohort
        taking_part = cohort.organisations.all()
        self.fields["organisation"].queryset = (
            taking_part if taking_part.exists() else Organisation.objects.all()
        )
        self.fields["organisation"].required = True
        self.fields["organisation"].empty_label = "Choose your organisation"
        self.fields["job_title"].required = True
        self.fields["place"].queryset = Place.objects.all()
        self.fields["place"].empty_label = "Choose a place"
        if self.instance.band and self.instance.band not in dict(BAND_CHOICES):
            # Imported answers keep their own wording.
            self.fields["band"].choices = [*BAND_CHOICES, (self.instance.band, self.instance.band)]


class ManagerForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["line_manager_name", "line_manager_email"]
        help_texts = {
            "line_manager_email": (
                "We will email them a link to approve your application. They do not need an "
                "account."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line_manager_email"].required = True

    def clean_line_manager_email(self) -> str:
        email = self.cleaned_data["line_manager_email"].strip().lower()
        if email == self.instance.applicant.email:
            raise forms.ValidationError("Enter your line manager's email address, not your own.")
        return email


class HopesForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["aspirations", "experience"]
        widgets = {
            "aspirations": forms.Textarea(attrs={"rows": 5}),
            "experience": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "aspirations": "What you would like to learn or change through the partnership.",
            "experience": "Experience, perspectives and skills your partner could learn from.",
        }
        # The labels are in the applicant's voice ("What I bring"); the errors are ours.
        error_messages = {
            "aspirations": {"required": "Enter what you hope to gain"},
            "experience": {"required": "Enter what you bring"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class TopicsForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Topics you would like to explore",
        help_text="Choose all that apply.",
    )

    class Meta:
        model = Application
        fields = ["topics"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t, t) for t in self.instance.cohort.topics]


class AvailabilityForm(forms.ModelForm):
    availability = forms.MultipleChoiceField(
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label="When could you usually meet?",
        help_text="Choose all that apply. Meetings last about an hour.",
        error_messages={"required": "Choose at least one time you could meet"},
    )
    meeting_modes = forms.MultipleChoiceField(
        choices=MeetingMode.choices,
        widget=forms.CheckboxSelectMultiple,
        label="How could you meet?",
        error_messages={"required": "Choose at least one way you could meet"},
    )

    class Meta:
        model = Application
        fields = ["availability", "meeting_modes"]


class EmailLinesField(forms.CharField):
    """Email addresses, one per line (or separated by ';'), each checked."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value) -> list[str]:
        text = super().clean(value) or ""
        emails = []
        for number, item in enumerate(text.replace(";", "\n").splitlines(), start=1):
            item = item.strip().lower()
            if not item:
                continue
            try:
                validate_email(item)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"Line {number}, '{item}', is not an email address."
                ) from None
            if item not in emails:
                emails.append(item)
        return emails


class PreferencesForm(forms.ModelForm):
    avoid_emails = EmailLinesField(
        required=False,
        label="Is there anyone you would rather not be paired with?",
        help_text=(
            "Their work email addresses, one per line. Nobody is told. You do not need to say why."
        ),
    )

    class Meta:
        model = Application
        fields = ["avoid_emails"]


class QuestionsForm(forms.Form):
    """The programme's own questions for this applicant's side."""

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        for question in questions_for(application):
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.text,
                help_text=question.hint,
                required=question.required,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=application.extra_answers.get(str(question.pk), ""),
            )

    def save(self) -> Application:
        answers = dict(self.application.extra_answers)
        for name, value in self.cleaned_data.items():
            answers[name.removeprefix("q")] = value
        self.application.extra_answers = answers
        self.application.save(update_fields=["extra_answers", "updated_at"])
        return self.application


def questions_for(application: Application):
    return [
        q for q in application.cohort.programme.questions.all() if q.side in ("", application.side)
    ]


class AboutMeForm(forms.Form):
    """Each section of the about-me profile, with who may read it."""

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        sections = profile.section_map()
        for key, label in AboutMeSection.Key.choices:
            section = sections.get(key)
            self.fields[f"{key}_text"] = forms.CharField(
                label=label,
                help_text=AboutMeSection.HINTS[key],
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "data-label-hidden": "yes"}),
                initial=section.text if section else "",
            )
            self.fields[f"{key}_partner"] = forms.BooleanField(
                label="My learning partner may read this",
                required=False,
                initial=section.partner_may_see if section else False,
            )
            self.fields[f"{key}_faculty"] = forms.BooleanField(
                label="Faculty may read this",
                required=False,
                initial=section.faculty_may_see if section else False,
            )

    def sections(self):
        """Groups of (text, partner, faculty) bound fields, for the template."""
        return [
            (label, self[f"{key}_text"], self[f"{key}_partner"], self[f"{key}_faculty"])
            for key, label in AboutMeSection.Key.choices
        ]

    def save(self):
        for key in AboutMeSection.Key.values:
            AboutMeSection.objects.update_or_create(
                profile=self.profile,
                key=key,
                defaults={
                    "text": self.cleaned_data[f"{key}_text"],
                    "partner_may_see": self.cleaned_data[f"{key}_partner"],
                    "faculty_may_see": self.cleaned_data[f"{key}_faculty"],
                },
            )
        self.profile.save()
        return self.profile


class EqualityForm(forms.ModelForm):
    class Meta:
        model = EqualityMonitoring
        fields = [
            "ethnicity",
            "disability",
            "neurodivergent",
            "sexual_orientation",
            "trans",
            "religion",
            "age",
            "carer",
        ]
        labels = {"ethnicity": "Your ethnic group", "sexual_orientation": "Your sexual orientation"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = False
            field.widget = forms.RadioSelect()
            field.choices = list(self._meta.model._meta.get_field(name).choices)


class ConsentForm(forms.Form):
    experiences = forms.MultipleChoiceField(
        choices=LIVED_EXPERIENCE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label="Which of your experiences may we use to find your partner?",
        help_text="Choose only what you are happy for the matching to use.",
        error_messages={"required": "Choose at least one experience, or skip this page"},
    )
    consent = forms.BooleanField(
        label=(
            "I agree that the programme team may use what I have chosen above to match me "
            "with a learning partner. I can withdraw this at any time."
        ),
        error_messages={"required": "Tick the box to give your consent, or skip this page"},
    )


class SubmitForm(forms.Form):
    eligibility_confirmed = forms.BooleanField(
        label="I meet who can apply, as described above",
        error_messages={"required": "Confirm that you meet who can apply"},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("waitlist", "Waiting list"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept, waiting list or decline"},
    )
    reason = forms.CharField(
        label="Note for the programme team",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why you decided this. The applicant does not see it.",
    )
    override_reason = forms.CharField(
        label="Why go ahead without the line manager's approval?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Only needed to accept someone whose line manager has not approved. It is kept "
            "in the audit log."
        ),
    )


class RecordApprovalForm(forms.Form):
    approved = forms.TypedChoiceField(
        label="What did the line manager decide?",
        choices=[("yes", "They approved"), ("no", "They did not approve")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="How did they tell you?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: 'Confirmed by email to the programme inbox on 3 March'.",
    )


class ManagerDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you support this application?",
        choices=[("approve", "Yes, I support it"), ("decline", "No, I do not support it")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The applicant and the programme team will see this.",
    )
