from django.tasks import task

from .services import send_session_reminders


@task
def send_session_reminders_task() -> int:
    """Daily (or hourly): remind people of sessions in the next two days, once each."""
    return send_session_reminders()
