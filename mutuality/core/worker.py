"""What a task worker does besides running tasks: say it is alive, keep its jobs alive, and
recover what a dead worker left behind."""

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from . import emails, jobs
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

#: How often the recovery pass runs, in heartbeats.
RECOVER_EVERY = 4


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:200],
            "pid": os.getpid(),
            "beat_at": timezone.now(),
        },
    )
    jobs.beat_active()


def recover() -> dict[str, int]:
    """Mark failed the jobs whose worker died; send the emails whose task never finished."""
    return {"stalled_jobs": jobs.fail_stalled(), "emails_sent": emails.send_pending()}


class Heartbeat(threading.Thread):
    """Beats every ``JOB_HEARTBEAT_SECONDS`` and recovers every few beats, in its own thread
    (and so its own database connection) while the worker runs tasks."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self) -> None:
        count = 0
        while not self.stopping.is_set():
            try:
                close_old_connections()
                beat(self.worker_id)
                if count % RECOVER_EVERY == 0:
                    recovered = recover()
                    if any(recovered.values()):
                        logger.warning("Recovered after a worker stopped: %s", recovered)
            except Exception:
                logger.exception("Worker heartbeat failed; trying again")
            count += 1
            self.stopping.wait(settings.JOB_HEARTBEAT_SECONDS)
        connection.close()

    def stop(self) -> None:
        self.stopping.set()
