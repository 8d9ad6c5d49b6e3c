from django.tasks import task


@task
def send_nudges() -> int:
    """Daily: the nudge rules for every live pair. Safe to run more than once."""
    from .year import run_nudges

    return run_nudges()
