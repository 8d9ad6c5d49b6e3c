"""Polls (instruments of questions, asked in waves) and career outcomes.

Answers are kept per person only so that a baseline can be paired with a final answer; no
screen shows one person's answers to anyone but that person (docs/design.md, "Who may see what").
Everything the programme team, faculty and the steering group see of them passes through
the impact and disclosure engines.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from mutuality.impact.instrument import BEFORE_START_STAGES
from mutuality.programmes.models import Cohort, Participation, Programme


class Kind(models.TextChoices):
    LIKERT5 = "likert5", "Agree or disagree (5 points)"
    SCALE10 = "scale10", "Scale from 0 to 10"
    YESNO = "yesno", "Yes or no"
    SINGLE = "single", "One choice"
    MULTIPLE = "multiple", "Several choices"
    TEXT = "text", "Short free text"


class Instrument(models.Model):
    """A set of questions. A programme may have its own; otherwise the shared default is used."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instruments",
        help_text="Leave empty for an instrument every programme may use.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Sides(models.TextChoices):
        BOTH = "both", "Both sides"
        ASPIRING = "aspiring", "Aspiring side only"
        ESTABLISHED = "established", "Established side only"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=60, help_text="Stable name, used to compare waves.")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300, help_text="The question as people read it.")
    headline = models.CharField(
        max_length=300,
        blank=True,
        help_text="Completes '85% of aspiring leaders agreed they …' in the report.",
    )
    short = models.CharField(max_length=60, blank=True, help_text="A label for charts.")
    sides = models.CharField(max_length=20, choices=Sides.choices, default=Sides.BOTH)
    options = models.JSONField(default=list, blank=True, help_text="Choices, for choice kinds.")
    after_start = models.BooleanField(
        "Only once the programme has begun",
        default=False,
        help_text="About the programme's effects, so never asked in a baseline poll.",
    )

    class Meta:
        ordering = ["instrument", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="question_key_unique")
        ]

    def __str__(self) -> str:
        return self.text

    def asked_of(self, side: str) -> bool:
        return self.sides in (self.Sides.BOTH, side)

    def asked_at(self, stage: str) -> bool:
        """Whether a wave at this stage asks it: none about the programme's effects before
        the programme has begun."""
        return not (self.after_start and stage in BEFORE_START_STAGES)


class Wave(models.Model):
    class Stage(models.TextChoices):
        BASELINE = "baseline", "Baseline"
        INTERVAL = "interval", "Interval"
        MIDPOINT = "midpoint", "Mid-point"
        FINAL = "final", "Final"
        FOLLOW_UP_6 = "follow_up_6", "Six months after"
        FOLLOW_UP_12 = "follow_up_12", "Twelve months after"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="waves")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="waves")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    title = models.CharField(max_length=120)
    opens_on = models.DateField()
    closes_on = models.DateField()
    version = models.PositiveSmallIntegerField(
        default=1,
        help_text="Goes up each time the team reopens the poll after it closed; the results "
        "of each closing are kept as a numbered version.",
    )
    remind_after_days = models.PositiveSmallIntegerField(
        default=7, help_text="Remind people who have not answered this many days after opening."
    )
    closed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the programme team closed it before the end of its closing date; "
        "cleared when it is reopened.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "opens_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.cohort})"

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": "The poll must close on or after the day it opens."}
            )

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    def has_closed(self, today=None) -> bool:
        """Past its closing date, or closed early by the team ("Close this poll now")."""
        return self.closed_at is not None or (today or timezone.localdate()) > self.closes_on


class WaveResults(models.Model):
    """A wave's answers frozen when it closed: the only answers any report reads (ADR 0010).

    While a wave is open nothing about it moves on any report; when it closes its answers are
    copied here once, and a report built from the same versions always shows the same
    figures. A change after closing needs the team to reopen the wave (audited), and its next
    closing writes a new version beside this one. ``answers`` is a list of
    ``[participation id, side, answers]``; the ids only pair a person's answers across waves
    and are never shown.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="results")
    version = models.PositiveSmallIntegerField()
    closed_on = models.DateField()
    frozen_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(default=list)

    class Meta:
        ordering = ["wave", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "version"], name="one_result_per_version")
        ]

    def __str__(self) -> str:
        return f"Results of {self.wave}, version {self.version}"


class Response(models.Model):
    """One person's answers in one wave: ``answers`` maps question keys to values (a number,
    a string, or a list of strings for several choices)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="poll_responses"
    )
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "participation"], name="one_response_per_wave")
        ]

    def __str__(self) -> str:
        return f"Response to {self.wave}"


class Reminder(models.Model):
    """That a person was reminded of a wave: at most once (the unique constraint)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="reminders")
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "participation"], name="one_reminder_per_wave")
        ]

    def __str__(self) -> str:
        return f"Reminder of {self.wave}"


class Quote(models.Model):
    """A free-text answer the programme team has chosen to share in the report, as edited by
    them (to take out anything identifying). The response link lets a withdrawn person's quote
    go with their answers; it is never shown."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="quotes")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="quotes")
    question_key = models.SlugField(max_length=60)
    text = models.TextField("words to share")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_key"], name="one_quote_per_answer"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class CareerOutcome(models.Model):
    class Kind(models.TextChoices):
        PROMOTION = "promotion", "Promotion"
        APPLIED = "applied", "Applied for promotion"
        NEW_ROLE = "new_role", "New role"
        SECONDMENT = "secondment", "Secondment"
        ACTING_UP = "acting_up", "Acting up"
        LEFT_ORGANISATION = "left_organisation", "Left the organisation"
        LEFT_SECTOR = "left_sector", "Left health and care"

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="career_outcomes"
    )
    kind = models.CharField("what happened", max_length=30, choices=Kind.choices)
    happened_on = models.DateField("when")
    note = models.CharField(
        "anything to add", max_length=300, blank=True, help_text="For example the new role."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    person_agreed = models.BooleanField(
        default=True, help_text="The person agreed to the team recording this."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"
