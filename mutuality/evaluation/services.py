"""Writes for the evaluation reports. Each runs in one transaction."""

from django.db import transaction

from .models import ReportFile
from .tasks import make_report_file


@transaction.atomic
def report_file_request(*, requested_by, cohort=None, programme=None) -> ReportFile:
    """Record a request for a report PDF (of a cohort or of a programme's cohorts compared)
    and queue it for the task worker once the request is saved."""
    report_file = ReportFile.objects.create(
        requested_by=requested_by, cohort=cohort, programme=programme
    )
    transaction.on_commit(lambda: make_report_file.enqueue(report_file.pk))
    return report_file
