from django.tasks import task

from . import services


@task
def send_manager_reminders() -> int:
    """Daily: remind line managers who have not answered. Safe to run more than once."""
    return services.send_manager_reminders()
