from django.tasks import task


@task
def send_nudges() -> int:
    """Daily: the nudge rules for every live pair. Safe to run more than once."""
    from .services import nudges_send

    return nudges_send()
