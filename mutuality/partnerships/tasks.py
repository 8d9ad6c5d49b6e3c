from django.tasks import task

from .models import MatchRun
from .services import run_compute


@task
def run_match(run_pk: int) -> None:
    """Large pools are matched by the task worker; the run page shows it waiting."""
    run_compute(run=MatchRun.objects.get(pk=run_pk))
