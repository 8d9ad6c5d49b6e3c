"""Evaluation reports as the pages, PDFs and progress pages show them. The figures come
from ``build`` and ``compare``; this only chooses which and names the files."""

from django.urls import reverse
from django.utils.text import slugify

from mutuality.programmes.models import Cohort, Programme

from . import compare as comparing
from . import selectors
from .caching import cached_cohort_report
from .models import ReportFile
from .pdf import render_pdf


def file_name(*parts: str) -> str:
    return slugify(" ".join(parts))


def programme_comparison(programme: Programme, cohorts) -> dict:
    """A programme's cohorts side by side."""

    def side_words(side: str) -> str:
        return programme.side_plural(side).capitalize()

    groups = [
        (c.name, f"{c.starts_on:%b %Y} to {c.ends_on:%b %Y}, {c.get_status_display().lower()}", [c])
        for c in cohorts
    ]
    return {"comparison": comparing.compare(groups, side_words), "cohorts": cohorts}


def system_comparison(by_programme: dict[Programme, list[Cohort]]):
    """Programmes side by side, each pooling its cohorts; None when there are none."""
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
    if not groups:
        return None

    def side_words(side: str) -> str:
        return "Aspiring side" if side == "aspiring" else "Established side"

    return comparing.compare(groups, side_words)


def cohort_pdf(cohort: Cohort) -> tuple[str, bytes]:
    report = cached_cohort_report(cohort)
    content = render_pdf("evaluation/report_pdf.jinja", {"cohort": cohort, "report": report})
    return file_name(cohort.programme.name, cohort.name, "evaluation") + ".pdf", content


def programme_pdf(programme: Programme) -> tuple[str, bytes]:
    context = programme_comparison(programme, selectors.programme_cohorts(programme))
    content = render_pdf("evaluation/programme_pdf.jinja", {"programme": programme, **context})
    return file_name(programme.name, "cohorts compared") + ".pdf", content


def pdf_for(report_file: ReportFile) -> tuple[str, bytes]:
    """The file name and content of a queued report PDF (the task worker draws it)."""
    if report_file.cohort_id:
        return cohort_pdf(report_file.cohort)
    return programme_pdf(report_file.programme)


def job(report_file: ReportFile) -> dict:
    """What the progress page of a PDF being made shows and polls."""
    return {
        "job": report_file,
        "noun": "Making this PDF",
        "done_text": "Your PDF is ready: download it",
        "page_url": reverse("evaluation:file", args=[report_file.pk]),
        "done_url": reverse("evaluation:file", args=[report_file.pk]) + "?download=1",
        "status_url": reverse("evaluation:file_status", args=[report_file.pk]),
    }
