from django.tasks import task

from .models import MatchRun
from .services import run_compute


@task
def run_match(run_pk: int) -> None:
    """Large pools are matched by the task worker; the run page shows it waiting."""
    run_compute(run=MatchRun.objects.get(pk=run_pk))


@task
def send_nudges() -> int:
    """Daily: the nudge rules for every live pair. Safe to run more than once."""
    from .year import run_nudges

    return run_nudges()
