from django.core.management.base import BaseCommand

from mutuality.applications.tasks import send_manager_reminders


class Command(BaseCommand):
    help = "Queue today's reminders (line managers who have not answered). Run it daily."

    def handle(self, *args, **options):
        result = send_manager_reminders.enqueue()
        self.stdout.write(f"Queued reminders ({result.id}).")
