from django.core.management.base import BaseCommand

from mutuality.applications.tasks import send_manager_reminders
from mutuality.partnerships.tasks import send_nudges


class Command(BaseCommand):
    help = (
        "Queue today's reminders: line managers who have not answered, and the nudge rules "
        "for quiet pairs. Run it daily; running it twice sends nothing twice."
    )

    def handle(self, *args, **options):
        for task in (send_manager_reminders, send_nudges):
            result = task.enqueue()
            self.stdout.write(f"Queued {task.name} ({result.id}).")
