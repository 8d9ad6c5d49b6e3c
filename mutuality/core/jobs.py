"""The one pattern for background work (ADR 0015): claim, report, beat, finish or fail.

Every write is a single UPDATE outside any transaction, so a page polling the job sees it at
once and a worker that dies leaves the row as it last was. A worker that dies cannot mark its
job failed: its heartbeat stops instead, and ``fail_stalled`` (run by every worker's recovery
loop) says so on the job.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from .models import Job, stalled_after

#: The jobs this process is running now, beaten by the worker's heartbeat thread (a job that
#: blocks in one long call, such as drawing a PDF, still looks alive while its process is).
_active: set[tuple[type[Job], int]] = set()
_active_lock = threading.Lock()


def job_models() -> list[type[Job]]:
    return [model for model in apps.get_models() if issubclass(model, Job)]


def claim(model: type[Job], pk: int) -> bool:
    """Mark a queued job running; False if another worker already has it (or it is gone)."""
    now = timezone.now()
    return bool(
        model.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, stage="", percent=0, started_at=now, heartbeat_at=now
        )
    )


def report(model: type[Job], pk: int, *, stage: str, percent: int) -> None:
    model.objects.filter(pk=pk).update(stage=stage, percent=percent, heartbeat_at=timezone.now())


def fail(model: type[Job], pk: int, *, error: str) -> None:
    model.objects.filter(pk=pk, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(
        status=Job.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


@contextmanager
def running(model: type[Job], pk: int) -> Iterator[None]:
    """While the block runs, this process's heartbeat keeps the job alive; an exception
    marks it failed (and is raised again, so the task queue records it too)."""
    with _active_lock:
        _active.add((model, pk))
    try:
        yield
    except BaseException as error:
        fail(model, pk, error=f"It stopped unexpectedly ({type(error).__name__}).")
        raise
    finally:
        with _active_lock:
            _active.discard((model, pk))


def beat_active() -> int:
    """Called by the worker's heartbeat thread: every job this process runs is alive."""
    with _active_lock:
        active = list(_active)
    now = timezone.now()
    for model, pk in active:
        model.objects.filter(pk=pk, status=Job.Status.RUNNING).update(heartbeat_at=now)
    return len(active)


STALLED_MESSAGE = (
    "The background worker stopped while doing this (for example, it was restarted or ran "
    "out of memory). Start it again; if it stops again, tell the programme office."
)


def fail_stalled() -> int:
    """Mark failed every running job whose heartbeat has stopped. Returns how many."""
    cutoff = timezone.now() - stalled_after()
    changed = 0
    for model in job_models():
        changed += model.objects.filter(
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff),
            status=Job.Status.RUNNING,
        ).update(status=Job.Status.FAILED, error=STALLED_MESSAGE, finished_at=timezone.now())
    return changed


def prune_finished(*, older_than: timedelta) -> dict[str, int]:
    """Run daily: drop what finished jobs no longer need (each model says what, see
    ``Job.prune``). Returns how many jobs changed, by model."""
    cutoff = timezone.now() - older_than
    return {model._meta.label: model.prune(finished_before=cutoff) for model in job_models()}
