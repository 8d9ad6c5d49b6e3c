from django.db import transaction
from django.tasks import task
from django.utils import timezone

from mutuality.core import jobs

from .models import ReportFile


@task
def make_report_file(report_file_id: int) -> str:
    """Draw a queued report PDF and store it. A failure is recorded, not retried forever; a
    worker that dies while drawing stops beating, and the file is then marked failed."""
    from . import presenters  # which template and figures a report uses

    if not jobs.claim(ReportFile, report_file_id):
        return "already taken"
    report_file = ReportFile.objects.select_related("cohort", "programme").get(pk=report_file_id)
    with jobs.running(ReportFile, report_file_id):
        filename, content = presenters.pdf_for(report_file)
        with transaction.atomic():
            ReportFile.objects.filter(pk=report_file_id, status=ReportFile.Status.RUNNING).update(
                status=ReportFile.Status.DONE,
                filename=filename,
                content=content,
                percent=100,
                finished_at=timezone.now(),
            )
    return filename
