"""Anonymised themes, their moderation and grouping, and the steering group's actions.

A theme's author is kept so the author can see their own and the programme team can follow
up; it is never shown to faculty other than the author, the steering group or anyone else,
and it never leaves with the theme (exports, the meeting pack and the steering view carry
only the moderated words, the tags and rounded counts of contributors).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from mutuality.organisations.models import Organisation
from mutuality.programmes.models import Cohort, Programme
from mutuality.strategy.models import Initiative

DEFAULT_TAGS = [
    "Meetings culture",
    "Recruitment and promotion",
    "Reasonable adjustments",
    "Line management",
    "Racism and discrimination",
    "Flexible working",
]


class Tag(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="theme_tags")
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["cohort", "name"], name="tag_unique")]

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """A group of published themes heard from several people, suggested by the clustering
    engine or made by the moderator; the steering group sees accepted clusters only."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="theme_clusters")
    label = models.CharField(max_length=200)
    accepted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-accepted", "label"]

    def __str__(self) -> str:
        return self.label


class Theme(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for moderation"
        PUBLISHED = "published", "Shared with the steering group"
        REJECTED = "rejected", "Not shared"

    class Source(models.TextChoices):
        LAB = "lab", "A learning lab"
        WORKSHOP = "workshop", "A workshop"
        SUPERVISION = "supervision", "Supervision"
        PARTNERSHIP = "partnership", "My learning partnership"
        OTHER = "other", "Something else"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="themes")
    text = models.TextField(
        "what you learned",
        help_text="One or two sentences about the organisations' culture. Leave out names, "
        "job titles and anything else that could identify someone.",
    )
    source = models.CharField("where this came from", max_length=20, choices=Source.choices)
    tags = models.ManyToManyField(Tag, blank=True, related_name="themes")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    shared_text = models.TextField(
        "words the steering group will see", blank=True, help_text="Edited by the moderator."
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField("why it is not shared", max_length=300, blank=True)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="themes"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return (self.shared_text or self.text)[:60]


class SteeringAction(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        DONE = "done", "Done"

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="steering_actions"
    )
    title = models.CharField("what the system will do", max_length=300)
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="owner organisation"
    )
    owner_role = models.CharField(
        "owner's role", max_length=200, help_text="A role, for example 'Director of People'."
    )
    due_on = models.DateField("due")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    evidence = models.TextField(
        blank=True, help_text="What shows it is done: needed before it can be marked done."
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="actions")
    clusters = models.ManyToManyField(Cluster, blank=True, related_name="actions")
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="steering_actions",
        verbose_name="People Strategy initiatives",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today=None) -> bool:
        return self.status != self.Status.DONE and self.due_on < (today or timezone.localdate())


class ActionUpdate(models.Model):
    action = models.ForeignKey(SteeringAction, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField("update")
    status = models.CharField(max_length=20, choices=SteeringAction.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]
