"""Match runs: a cohort's matching settings, each run of the engine with its proposed pairs
and the people it left unmatched, and which partnerships each published run made.

The tables keep the names they had when these models lived in ``partnerships`` (ADR 0023).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from mutuality.applications.models import Application
from mutuality.core.models import Job
from mutuality.partnerships.models import Partnership
from mutuality.programmes.models import Cohort


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

    class Meta:
        db_table = "partnerships_matchingsettings"

    def __str__(self) -> str:
        return f"Matching settings for {self.cohort}"


class MatchRun(Job):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to run"
        RUNNING = "running", "Running"
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
    # A large run works in the background as a Job: its stage, percentage, heartbeat and
    # error are the job's fields (core/models.py).
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "partnerships_matchrun"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="run_number_per_cohort")
        ]

    def __str__(self) -> str:
        return f"Run {self.number} for {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("matchruns:run", args=[self.cohort_id, self.number])

    STAGES = {
        "": "Waiting for the background worker",
        "scoring": "Scoring every possible pair",
        "candidates": "Shortlisting partners and applying the rules",
        "solving": "Finding the best set of pairs",
        "explaining": "Writing the reasons",
        "saving": "Saving the results",
    }

    RUNNING_LABEL = "Reading everyone's answers"


class ProposedPair(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="pairs")
    aspiring = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    established = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    components = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    pinned = models.BooleanField(default=False)

    class Meta:
        db_table = "partnerships_proposedpair"
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.aspiring.applicant} with {self.established.applicant}"


class UnmatchedPerson(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    excluded = models.JSONField(default=dict)

    class Meta:
        db_table = "partnerships_unmatchedperson"

    def __str__(self) -> str:
        return f"{self.application.applicant} (unmatched)"


class PublishedPartnership(models.Model):
    """The partnership a published run made: the run's record, kept on this side so the
    partnership year never needs to know about match runs."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="published")
    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="+", primary_key=True
    )

    def __str__(self) -> str:
        return f"Partnership {self.partnership_id} from run {self.run_id}"
