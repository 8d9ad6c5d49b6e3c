from django.tasks import task

from .services import freeze_closed_waves, send_wave_reminders


@task
def send_poll_reminders() -> int:
    """Daily: remind people who have not answered an open poll, once each."""
    return send_wave_reminders()


@task
def freeze_poll_results() -> int:
    """Daily: freeze the answers of every poll that has closed, for the reports."""
    return freeze_closed_waves()
