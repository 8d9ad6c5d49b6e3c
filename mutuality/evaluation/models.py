from django.conf import settings
from django.db import models

from mutuality.core.models import Job
from mutuality.programmes.models import Cohort, Programme


class ReportFile(Job):
    """A PDF made by the task worker, for reports too big to draw while someone waits: a
    programme's comparison of all its cohorts, or a very large cohort. The file holds only
    what the web report shows (disclosed aggregates), so it may be kept and shared."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    RUNNING_LABEL = "Working out the figures and drawing the pages"
    PRUNE_DELETES = True  # the daily prune deletes old files; they can be made again

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="report_files", null=True, blank=True
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="report_files", null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(blank=True, default=b"")

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(programme__isnull=False) | models.Q(cohort__isnull=False),
                name="report_file_has_subject",
            )
        ]

    def __str__(self) -> str:
        return self.filename or f"Report {self.pk}"
