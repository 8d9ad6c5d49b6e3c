from django.tasks import task

from mutuality.core import jobs

from .models import MatchRun
from .services import run_compute, run_failed


@task
def run_match(run_pk: int) -> None:
    """Large pools are matched by the task worker; the run page shows its stage and progress,
    and says so if the worker dies (its heartbeat stops)."""
    if not jobs.claim(MatchRun, run_pk):
        return  # another worker has it, or it was already run
    try:
        with jobs.running(MatchRun, run_pk):
            run_compute(run=MatchRun.objects.get(pk=run_pk))
    except Exception as error:
        run_failed(run_pk=run_pk, error=error)
        raise
