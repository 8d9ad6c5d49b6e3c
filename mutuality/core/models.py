"""Background work shared by every app: the job pattern, outgoing emails and worker
heartbeats (see ``docs/decisions/0015-one-background-job-pattern.md``)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


def stalled_after() -> timedelta:
    return timedelta(seconds=settings.JOB_STALLED_SECONDS)


class Job(models.Model):
    """What every piece of background work records about itself, for its page.

    A job is queued, then claimed by one worker (a conditional update, so two workers never
    both run it), then reports its stage and percentage and a heartbeat as it goes, then is
    done or failed. A running job whose heartbeat is older than ``JOB_STALLED_SECONDS`` has
    lost its worker (killed for memory, restarted): pages say so and the worker's recovery
    marks it failed.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=20, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the worker last reported progress or was alive."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    #: Stage names and what a person is told about each; subclasses fill it in.
    STAGES: dict[str, str] = {"": "Waiting for the background worker"}
    RUNNING_LABEL = "Starting"
    #: What a finished job's big fields are set to once the daily prune reaches it.
    PAYLOAD_FIELDS: dict[str, object] = {}
    #: Delete finished jobs once the daily prune reaches them, instead (they can be redone).
    PRUNE_DELETES = False

    class Meta:
        abstract = True

    @classmethod
    def prune(cls, *, finished_before) -> int:
        """Drop what a job finished before ``finished_before`` no longer needs (ADR 0015):
        the whole row, or its big fields. Returns how many jobs changed."""
        finished = cls.objects.filter(
            status__in=[cls.Status.DONE, cls.Status.FAILED], finished_at__lt=finished_before
        )
        if cls.PRUNE_DELETES:
            return finished.delete()[1].get(cls._meta.label, 0)
        if cls.PAYLOAD_FIELDS:
            return finished.exclude(**cls.PAYLOAD_FIELDS).update(**cls.PAYLOAD_FIELDS)
        return 0

    @property
    def stalled(self) -> bool:
        last = self.heartbeat_at or self.started_at
        return (
            self.status == self.Status.RUNNING
            and last is not None
            and timezone.now() - last > stalled_after()
        )

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self.stalled

    @property
    def stage_label(self) -> str:
        if self.status == self.Status.RUNNING and not self.stage:
            return self.RUNNING_LABEL
        return self.STAGES.get(self.stage, self.stage)


class OutgoingEmail(models.Model):
    """One row per message, written in the same transaction as whatever caused it, so an
    email is never lost to a crash between the commit and the queue, and never sent twice:
    a sender locks the row, sends, and marks it sent before letting go (see
    ``core/emails.py``). Once sent, the message itself is wiped; the key and time stay."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    key = models.CharField(max_length=200, unique=True, default=uuid.uuid4)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="outgoing_email_due")]

    def __str__(self) -> str:
        return f"Email {self.pk} ({self.status})"


class WorkerHeartbeat(models.Model):
    """Each running task worker (``manage.py worker``) says it is alive every few seconds;
    the health check reads the newest."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Worker {self.worker_id}"
