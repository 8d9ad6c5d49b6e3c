from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

from mutuality.applications.tasks import send_manager_reminders
from mutuality.core import emails, jobs
from mutuality.partnerships.tasks import send_nudges
from mutuality.polls.tasks import freeze_poll_results, send_poll_reminders
from mutuality.timeline.tasks import send_session_reminders_task

# How long the task queue keeps a finished task's record: long enough to look into a
# problem, no longer (a record names who was emailed). Failed ones are kept for longer.
KEEP_FINISHED_DAYS = 7
KEEP_FAILED_DAYS = 30


class Command(BaseCommand):
    help = (
        "Queue today's reminders: line managers who have not answered, the nudge rules for "
        "quiet pairs, sessions in the next two days, and open polls not yet answered. It "
        "freezes the results of polls that have closed, which is when they reach the reports. "
        f"Then it prunes: the task queue's finished tasks after {KEEP_FINISHED_DAYS} days and "
        f"failed ones after {KEEP_FAILED_DAYS}; finished background jobs' files (report PDFs, "
        f"imported spreadsheets) after {KEEP_FINISHED_DAYS} days; and what is left of sent "
        f"emails after {KEEP_FINISHED_DAYS} days, of emails given up on after "
        f"{KEEP_FAILED_DAYS}. Run it daily; running it twice sends nothing twice."
    )

    def handle(self, *args, **options):
        for task in (
            send_manager_reminders,
            send_nudges,
            send_session_reminders_task,
            send_poll_reminders,
            freeze_poll_results,
        ):
            result = task.enqueue()
            self.stdout.write(f"Queued {task.name} ({result.id}).")
        now = timezone.now()
        pruned = jobs.prune_finished(older_than=timedelta(days=KEEP_FINISHED_DAYS))
        for label, count in pruned.items():
            if count:
                self.stdout.write(f"Pruned {count} finished {label} jobs.")
        wiped = emails.prune(
            sent_before=now - timedelta(days=KEEP_FINISHED_DAYS),
            failed_before=now - timedelta(days=KEEP_FAILED_DAYS),
        )
        self.stdout.write(f"Wiped {wiped} old emails.")
        if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            call_command(
                "prune_db_task_results",
                min_age_days=KEEP_FINISHED_DAYS,
                failed_min_age_days=KEEP_FAILED_DAYS,
                stdout=self.stdout,
                verbosity=options["verbosity"],
            )
