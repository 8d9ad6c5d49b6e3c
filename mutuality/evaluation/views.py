from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.audit.models import audit
from mutuality.permissions import get_cohort_for, get_programme_for, report_cohort_ids
from mutuality.programmes.models import Cohort, Programme
from mutuality.spreadsheets import write_csv, write_xlsx

from . import compare as comparing
from . import exports, services
from .caching import cached_cohort_report
from .models import ReportFile
from .pdf import render_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _name(*parts: str) -> str:
    return slugify(" ".join(parts))


def reportable_cohorts(user, programme: Programme):
    """The programme's cohorts whose report this person may read."""
    return [
        cohort
        for cohort in programme.cohorts.order_by("starts_on")
        if user.has_perm("evaluation.view_report", cohort)
    ]


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


def _cohort_pdf(cohort: Cohort) -> tuple[str, bytes]:
    report = cached_cohort_report(cohort)
    content = render_pdf("evaluation/report_pdf.jinja", {"cohort": cohort, "report": report})
    return _name(cohort.programme.name, cohort.name, "evaluation") + ".pdf", content


def _programme_pdf(programme: Programme, user) -> tuple[str, bytes]:
    context = _programme_context(programme, programme.cohorts.order_by("starts_on"))
    content = render_pdf("evaluation/programme_pdf.jinja", {"programme": programme, **context})
    return _name(programme.name, "cohorts compared") + ".pdf", content


def pdf_for(report_file: ReportFile) -> tuple[str, bytes]:
    if report_file.cohort_id:
        return _cohort_pdf(report_file.cohort)
    return _programme_pdf(report_file.programme, report_file.requested_by)


def _queue(request, **subject) -> HttpResponse:
    report_file = services.report_file_request(requested_by=request.user, **subject)
    return redirect("evaluation:file", pk=report_file.pk)


@require_http_methods(["GET", "POST"])
@login_required
def cohort_pdf(request, pk: int):
    """A small cohort's PDF comes straight back. A large one is made by the task worker:
    the page asks first, and only the button (a POST) queues it, so a GET writes nothing."""
    cohort = get_cohort_for(request.user, pk, "evaluation.view_report")
    if cohort.participations.count() > settings.MUTUALITY_REPORT_INLINE_LIMIT:
        if request.method == "POST":
            messages.success(request, "Your PDF is being made. This page shows when it is ready.")
            return _queue(request, cohort=cohort)
        return render(request, "evaluation/pdf_create.jinja", {"cohort": cohort})
    filename, content = _cohort_pdf(cohort)
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
    name = _name(cohort.programme.name, cohort.name, "evaluation figures")
    if fmt == "xlsx":
        response = HttpResponse(
            write_xlsx(exports.HEADINGS, rows, title="Evaluation"), content_type=XLSX
        )
    else:
        response = HttpResponse(write_csv(exports.HEADINGS, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _programme_context(programme: Programme, cohorts) -> dict:
    def side_words(side: str) -> str:
        return programme.side_plural(side).capitalize()

    groups = [
        (c.name, f"{c.starts_on:%b %Y} to {c.ends_on:%b %Y}, {c.get_status_display().lower()}", [c])
        for c in cohorts
    ]
    return {"comparison": comparing.compare(groups, side_words), "cohorts": cohorts}


@require_GET
@login_required
def programme(request, slug: str):
    programme = get_programme_for(request.user, slug, "evaluation.view_programme_report")
    cohorts = reportable_cohorts(request.user, programme)
    return render(
        request,
        "evaluation/programme.jinja",
        {
            "programme": programme,
            "files": programme.report_files.filter(requested_by=request.user)[:3],
            **_programme_context(programme, cohorts),
        },
    )


@require_POST
@login_required
def programme_pdf(request, slug: str):
    programme = get_programme_for(request.user, slug, "evaluation.view_programme_report")
    if len(reportable_cohorts(request.user, programme)) != programme.cohorts.count():
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
    return render(request, "evaluation/file.jinja", {"file": report_file, **_job(report_file)})


def _job(report_file: ReportFile) -> dict:
    return {
        "job": report_file,
        "noun": "Making this PDF",
        "done_text": "Your PDF is ready: download it",
        "page_url": reverse("evaluation:file", args=[report_file.pk]),
        "done_url": reverse("evaluation:file", args=[report_file.pk]) + "?download=1",
        "status_url": reverse("evaluation:file_status", args=[report_file.pk]),
    }


@require_GET
@login_required
def file_status(request, pk: int):
    """How a PDF being made is going: the part of its page that updates itself."""
    report_file = get_object_or_404(ReportFile, pk=pk, requested_by=request.user)
    response = render(request, "jobs/status.jinja", _job(report_file))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def system(request):
    """Programmes side by side, each pooling all its cohorts this person may read."""
    # Which reports this person may read, in one query rather than a rule check per cohort.
    allowed = report_cohort_ids(request.user)
    by_programme = defaultdict(list)
    for cohort in Cohort.objects.select_related("programme").order_by("starts_on"):
        if allowed is None or cohort.pk in allowed:
            by_programme[cohort.programme].append(cohort)
    groups = []
    for programme in sorted(by_programme, key=lambda p: p.name):
        cohorts = by_programme[programme]
        if cohorts:
            groups.append(
                (
                    programme.name,
                    f"{len(cohorts)} cohort{'s' if len(cohorts) != 1 else ''}",
                    cohorts,
                )  # fmt: skip
            )
    if not groups and allowed is not None:
        raise PermissionDenied

    def side_words(side: str) -> str:
        return "Aspiring side" if side == "aspiring" else "Established side"

    return render(
        request,
        "evaluation/system.jinja",
        {
            # The office sees the page before any cohort exists, with nothing to compare.
            "comparison": comparing.compare(groups, side_words) if groups else None,
            "today": timezone.localdate(),
        },
    )
