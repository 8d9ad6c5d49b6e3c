"""``manage.py worker``: django-tasks-db's ``db_worker``, plus a heartbeat (for the health
check and for the jobs it runs) and a recovery pass for what a dead worker left behind."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from mutuality.core.worker import Heartbeat


class Command(DbWorkerCommand):
    help = (
        "Run the background task worker (django-tasks-db's db_worker) with a heartbeat and "
        "recovery of jobs and emails left by a worker that stopped. Run as many as you like."
    )

    def handle(self, *args, worker_id: str, reload: bool, **options) -> None:
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            # Reloading would run tasks in a child process the heartbeat cannot see.
            super().handle(*args, worker_id=worker_id, reload=False, **options)
        finally:
            heartbeat.stop()
