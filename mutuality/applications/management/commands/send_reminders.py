from django.core.management.base import BaseCommand

from mutuality.applications.tasks import send_manager_reminders
from mutuality.partnerships.tasks import send_nudges
from mutuality.polls.tasks import freeze_poll_results, send_poll_reminders
from mutuality.timeline.tasks import send_session_reminders_task


class Command(BaseCommand):
    help = (
        "Queue today's reminders: line managers who have not answered, the nudge rules for "
        "quiet pairs, sessions in the next two days, and open polls not yet answered. Run it "
        "daily; running it twice sends nothing twice. It also freezes the results of polls that "
        "have closed, which is when they reach the reports."
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
