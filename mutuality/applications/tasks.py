from django.tasks import task

from . import services


@task
def send_manager_reminders() -> int:
    """Daily: remind line managers who have not answered. Safe to run more than once."""
    return services.send_manager_reminders()


@task
def send_manager_request(*, approval_id: int, reminder: bool = False) -> bool:
    """Email a line manager their approval link. The token is minted here, so the queue
    holds only the request's id."""
    return services.manager_request_send(approval_id=approval_id, reminder=reminder)


@task
def import_applications(*, import_id: int) -> str:
    """Save a checked spreadsheet of applications, all rows or none (ADR 0015). The queue
    holds only the import's id; the file stays in its row until it is imported."""
    from .importing import import_run

    outcome = import_run(import_id=import_id)
    if outcome is None:
        return "not imported"
    return f"{outcome.created} created, {outcome.updated} updated"
