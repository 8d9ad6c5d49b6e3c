from django.tasks import task

from .services import send_wave_reminders


@task
def send_poll_reminders() -> int:
    """Daily: remind people who have not answered an open poll, once each."""
    return send_wave_reminders()
