from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.audit.models import audit
from mutuality.permissions import get_cohort_for, get_programme_for
from mutuality.programmes.permissions import is_programme_office
from mutuality.spreadsheets import write_csv, write_xlsx

from . import exports, presenters, selectors, services
from .caching import cached_cohort_report
from .models import ReportFile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def cohort(request, pk: int):
    cohort = get_cohort_for(request.user, pk, "evaluation.view_report")
    report = cached_cohort_report(cohort)
    return render(
        request,
        "evaluation/report.jinja",
        {
            "cohort": cohort,
            "report": report,
            "can_compare": request.user.has_perm(
                "evaluation.view_programme_report", cohort.programme
            ),
        },
    )


def _queue(request, **subject) -> HttpResponse:
    report_file = services.report_file_request(requested_by=request.user, **subject)
    return redirect("evaluation:file", pk=report_file.pk)


@require_http_methods(["GET", "POST"])
@login_required
def cohort_pdf(request, pk: int):
    """A small cohort's PDF comes straight back. A large one is made by the task worker:
    the page asks first, and only the button (a POST) queues it, so a GET writes nothing."""
    cohort = get_cohort_for(request.user, pk, "evaluation.view_report")
    if selectors.participant_count(cohort) > settings.MUTUALITY_REPORT_INLINE_LIMIT:
        if request.method == "POST":
            messages.success(request, "Your PDF is being made. This page shows when it is ready.")
            return _queue(request, cohort=cohort)
        return render(request, "evaluation/pdf_create.jinja", {"cohort": cohort})
    filename, content = presenters.cohort_pdf(cohort)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@login_required
def cohort_export(request, pk: int, fmt: str):
    cohort = get_cohort_for(request.user, pk, "evaluation.view_report")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = list(exports.rows(cached_cohort_report(cohort, charts=False)))
    audit(actor=request.user, action="evaluation.exported", target=cohort, rows=len(rows))
    name = presenters.file_name(cohort.programme.name, cohort.name, "evaluation figures")
    if fmt == "xlsx":
        response = HttpResponse(
            write_xlsx(exports.HEADINGS, rows, title="Evaluation"), content_type=XLSX
        )
    else:
        response = HttpResponse(write_csv(exports.HEADINGS, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
@login_required
def programme(request, slug: str):
    programme = get_programme_for(request.user, slug, "evaluation.view_programme_report")
    cohorts = selectors.reportable_cohorts(request.user, programme)
    return render(
        request,
        "evaluation/programme.jinja",
        {
            "programme": programme,
            "files": selectors.recent_files(programme, request.user),
            **presenters.programme_comparison(programme, cohorts),
        },
    )


@require_POST
@login_required
def programme_pdf(request, slug: str):
    programme = get_programme_for(request.user, slug, "evaluation.view_programme_report")
    if len(selectors.reportable_cohorts(request.user, programme)) != selectors.cohort_count(
        programme
    ):
        raise PermissionDenied
    messages.success(request, "Your PDF is being made. This page shows when it is ready.")
    return _queue(request, programme=programme)


@require_GET
@login_required
def file(request, pk: int):
    report_file = get_object_or_404(ReportFile, pk=pk, requested_by=request.user)
    if report_file.status == ReportFile.Status.DONE and request.GET.get("download"):
        response = HttpResponse(bytes(report_file.content), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{report_file.filename}"'
        return response
    return render(
        request, "evaluation/file.jinja", {"file": report_file, **presenters.job(report_file)}
    )


@require_GET
@login_required
def file_status(request, pk: int):
    """How a PDF being made is going: the part of its page that updates itself."""
    report_file = get_object_or_404(ReportFile, pk=pk, requested_by=request.user)
    response = render(request, "jobs/status.jinja", presenters.job(report_file))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def system(request):
    """Programmes side by side, each pooling all its cohorts this person may read."""
    comparison = presenters.system_comparison(selectors.readable_cohorts_by_programme(request.user))
    # The office sees the page before any cohort exists, with nothing to compare.
    if comparison is None and not is_programme_office(request.user):
        raise PermissionDenied
    return render(
        request,
        "evaluation/system.jinja",
        {"comparison": comparison, "today": timezone.localdate()},
    )
