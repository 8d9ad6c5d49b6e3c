from django.conf import settings
from django.db import models
from django.urls import reverse

from mutuality.applications.models import Application
from mutuality.programmes.models import Cohort, Participation


class MatchingSettings(models.Model):
    """A cohort's matching weights and hard constraints, including the team's pins and
    forbidden pairs. Each run keeps a copy of what it used."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="matching")
    weights = models.JSONField(default=dict, blank=True)
    different_organisation = models.BooleanField(
        "never pair people from the same organisation", default=True
    )
    min_gap = models.PositiveSmallIntegerField(
        "smallest seniority gap",
        null=True,
        blank=True,
        help_text="Band steps from the aspiring up to the established leader. Empty: no limit.",
    )
    pinned = models.JSONField(default=list, blank=True, help_text="[aspiring id, established id]")
    forbidden = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"Matching settings for {self.cohort}"


class MatchRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to run"
        DONE = "done", "Ready to review"
        FAILED = "failed", "Failed"
        PUBLISHED = "published", "Published"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="match_runs")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    settings_used = models.JSONField(default=dict)
    inputs_version = models.CharField(
        max_length=64, help_text="A fingerprint of everyone's answers when the run was made."
    )
    people = models.PositiveIntegerField(default=0)
    total = models.FloatField(null=True)
    exact = models.BooleanField(default=True)
    warnings = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="run_number_per_cohort")
        ]

    def __str__(self) -> str:
        return f"Run {self.number} for {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:run", args=[self.cohort_id, self.number])


class ProposedPair(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="pairs")
    aspiring = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    established = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    components = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.aspiring.applicant} with {self.established.applicant}"


class UnmatchedPerson(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    excluded = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.application.applicant} (unmatched)"


class Partnership(models.Model):
    """Two learning partners, made when the programme team publishes a match run."""

    class Status(models.TextChoices):
        INTRODUCED = "introduced", "Introduced"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended early"
        COMPLETED = "completed", "Completed"

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="partnerships")
    aspiring = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="+")
    established = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INTRODUCED)
    match_run = models.ForeignKey(MatchRun, on_delete=models.SET_NULL, null=True, related_name="+")
    score = models.FloatField(null=True)
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "pk"]

    def __str__(self) -> str:
        return f"{self.aspiring.user} and {self.established.user}"

    def partner_of(self, user) -> Participation:
        return self.established if self.aspiring.user_id == user.pk else self.aspiring
