from django.tasks import task

from .services import send_session_reminders, session_email


@task
def send_session_reminders_task() -> int:
    """Daily (or hourly): remind people of sessions in the next two days, once each."""
    return send_session_reminders()


@task
def send_session_email(
    *, session_id: int, to: str, method: str, subject: str, template: str
) -> None:
    """One invitation, change or cancellation, with its calendar file, to one address."""
    session_email(session_id=session_id, to=to, method=method, subject=subject, template=template)
