from django import forms
from django.db.models import Q

from mutuality.core.forms import NhsDateField
from mutuality.programmes.models import Participation

from .models import CareerOutcome, Kind, Question, Wave

LIKERT_CHOICES = [
    ("1", "Strongly disagree"),
    ("2", "Disagree"),
    ("3", "Neither agree nor disagree"),
    ("4", "Agree"),
    ("5", "Strongly agree"),
]
YESNO_CHOICES = [("yes", "Yes"), ("no", "No")]
TEXT_LIMIT = 1000


def field_for(question: Question) -> forms.Field:
    """The form field that asks one question. Closed questions must be answered (a poll of
    half-answered items cannot be paired); free text and "tick all that apply" may be left."""
    label = question.text
    if question.kind == Kind.LIKERT5:
        return forms.ChoiceField(label=label, choices=LIKERT_CHOICES, widget=forms.RadioSelect)
    if question.kind == Kind.SCALE10:
        return forms.ChoiceField(
            label=label,
            choices=[(str(n), str(n)) for n in range(11)],
            widget=forms.RadioSelect(attrs={"data-inline": True}),
        )
    if question.kind == Kind.YESNO:
        return forms.ChoiceField(
            label=label,
            choices=YESNO_CHOICES,
            widget=forms.RadioSelect(attrs={"data-inline": True}),
        )
    if question.kind == Kind.SINGLE:
        choices = [(o, o) for o in question.options]
        return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)
    if question.kind == Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            choices=[(o, o) for o in question.options],
            required=False,
            help_text="Choose all that apply.",
            widget=forms.CheckboxSelectMultiple,
        )
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        help_text="Please do not name anyone. The programme team reads these answers only "
        "after the poll closes, and may share your words, without your name, in the "
        "evaluation report. If you need help now, ask the faculty for support instead.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def to_stored(question: Question, value):
    """Form values as kept in ``Response.answers``: numbers for scales, text otherwise."""
    if value in (None, "", []):
        return None
    if question.kind in (Kind.LIKERT5, Kind.SCALE10):
        return int(value)
    if question.kind == Kind.MULTIPLE:
        return sorted(value)
    if question.kind == Kind.YESNO:
        return value == "yes"
    return value.strip() if isinstance(value, str) else value


def to_initial(question: Question, value):
    if value is None:
        return None
    if question.kind in (Kind.LIKERT5, Kind.SCALE10):
        return str(value)
    if question.kind == Kind.YESNO:
        return "yes" if value else "no"
    return value


class ResponseForm(forms.Form):
    """The questions of a wave's instrument that are asked of this person's side."""

    def __init__(self, *args, questions: list[Question], answers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        answers = answers or {}
        for question in questions:
            self.fields[question.key] = field_for(question)
            self.initial[question.key] = to_initial(question, answers.get(question.key))

    def answers(self) -> dict:
        stored = {q.key: to_stored(q, self.cleaned_data.get(q.key)) for q in self.questions}
        return {key: value for key, value in stored.items() if value is not None}


class WaveForm(forms.ModelForm):
    class Meta:
        model = Wave
        fields = ["title", "stage", "instrument", "opens_on", "closes_on", "remind_after_days"]
        field_classes = {"opens_on": NhsDateField, "closes_on": NhsDateField}
        labels = {
            "instrument": "Set of questions",
            "opens_on": "Opening date",
            "closes_on": "Closing date",
            "remind_after_days": "Send a reminder after (days)",
        }

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = self.fields["instrument"].queryset.filter(
            Q(programme__isnull=True) | Q(programme=cohort.programme)
        )
        self.fields["stage"].widget = forms.RadioSelect(choices=Wave.Stage.choices)
        if self.instance.pk and self.instance.has_closed():
            # Its results are frozen: reopening is a separate, audited step.
            for name in ("opens_on", "closes_on"):
                self.fields[name].disabled = True
                self.fields[name].help_text = ""
            self.fields["opens_on"].help_text = (
                "This poll has closed, so its dates cannot change. "
                "To let people change their answers, reopen it."
            )


class ReopenForm(forms.Form):
    closes_on = NhsDateField(label="Close again on")
    reason = forms.CharField(
        label="Why reopen it?",
        max_length=300,
        help_text="Kept in the audit log. The figures already published stay as they are "
        "until the poll closes again.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OwnOutcomeForm(forms.ModelForm):
    class Meta:
        model = CareerOutcome
        fields = ["kind", "happened_on", "note"]
        field_classes = {"happened_on": NhsDateField}
        labels = {"happened_on": "Date of the move"}
        widgets = {"kind": forms.RadioSelect}


class TeamOutcomeForm(forms.ModelForm):
    person_agreed = forms.BooleanField(
        label="The person has agreed to us recording this",
        required=True,
        error_messages={
            "required": "Ask the person first: career moves are recorded only with their agreement."
        },
    )

    class Meta:
        model = CareerOutcome
        fields = ["participation", "kind", "happened_on", "note", "person_agreed"]
        labels = {"participation": "Who", "happened_on": "Date of the move"}
        field_classes = {"happened_on": NhsDateField}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participation"]
        field.queryset = (
            Participation.objects.filter(cohort=cohort)
            # Each choice is labelled with the person and their cohort: one query for all.
            .select_related("user", "cohort__programme")
            .order_by("user__first_name", "user__last_name")
        )
        field.label_from_instance = lambda p: f"{p.user.get_full_name()} ({p.side_label})"


class QuoteForm(forms.Form):
    text = forms.CharField(
        label="Words to share",
        max_length=TEXT_LIMIT,
        help_text="Take out anything that could identify the person or anyone else.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
