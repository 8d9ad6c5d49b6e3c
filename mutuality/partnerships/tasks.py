from django.tasks import task

from .models import MatchRun
from .services import run_compute, run_failed


@task
def run_match(run_pk: int) -> None:
    """Large pools are matched by the task worker; the run page shows its stage and progress."""
    try:
        run_compute(run=MatchRun.objects.get(pk=run_pk))
    except Exception as error:
        run_failed(run_pk=run_pk, error=error)
        raise


@task
def send_nudges() -> int:
    """Daily: the nudge rules for every live pair. Safe to run more than once."""
    from .year import run_nudges

    return run_nudges()
