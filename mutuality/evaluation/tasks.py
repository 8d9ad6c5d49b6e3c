from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import ReportFile


@task
def make_report_file(report_file_id: int) -> str:
    """Draw a queued report PDF and store it; a failure is recorded, not retried forever."""
    from .views import pdf_for  # the views know which template and figures a report uses

    claimed = ReportFile.objects.filter(pk=report_file_id, status=ReportFile.Status.QUEUED).update(
        status=ReportFile.Status.RUNNING
    )
    if not claimed:
        return "already taken"
    report_file = ReportFile.objects.select_related("cohort", "programme").get(pk=report_file_id)
    try:
        filename, content = pdf_for(report_file)
    except Exception as error:
        ReportFile.objects.filter(pk=report_file_id).update(
            status=ReportFile.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        ReportFile.objects.filter(pk=report_file_id).update(
            status=ReportFile.Status.DONE,
            filename=filename,
            content=content,
            finished_at=timezone.now(),
        )
    return filename
