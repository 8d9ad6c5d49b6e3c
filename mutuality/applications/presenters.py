"""Applications as the screens show them: labelled answers in order."""

from django.urls import reverse
from django.utils.html import format_html_join

from mutuality.spreadsheets import CANONICAL_COLUMNS

from .choices import AVAILABILITY_CHOICES, MeetingMode
from .forms import questions_for
from .models import Application

AVAILABILITY_LABELS = dict(AVAILABILITY_CHOICES)


def _lines(values) -> str:
    values = list(values)  # a generator is truthy even when empty
    return format_html_join("", "{}<br>", ((v,) for v in values)) if values else "Not given"


def answers_summary(application: Application, *, for_applicant: bool = False) -> list[dict]:
    """Rows for the NHS summary list. Applicants get 'Change' links to each section."""

    def row(label: str, value, section: str | None, html: bool = False) -> dict:
        item = {"key": {"text": label}}
        item["value"] = {"html": value} if html else {"text": value or "Not given"}
        if section and for_applicant and application.editable_by_applicant:
            item["actions"] = {
                "items": [
                    {
                        "href": reverse("applications:section", args=[application.pk, section]),
                        "text": "Change",
                        # "What I bring" → "Change what I bring": only the first letter.
                        "visuallyHiddenText": label[:1].lower() + label[1:],
                    }
                ]
            }
        return item

    rows = [
        row("Applying as", application.side_label.capitalize(), None),
        row("Organisation", str(application.organisation or ""), "role"),
        row("Job title", application.job_title, "role"),
        row("Band or grade", application.band, "role"),
        row("Profession", application.profession, "role"),
        row("Place", str(application.place or ""), "role"),
        row("Line manager", line_manager_text(application), "manager"),
        row("What I hope to gain", application.aspirations, "hopes"),
        row("What I bring", application.experience, "hopes"),
    ]
    if application.cohort.topics:
        rows.append(row("Topics", _lines(application.topics), "topics", html=True))
    rows.append(
        row(
            "When I could meet",
            _lines(AVAILABILITY_LABELS.get(a, a) for a in application.availability),
            "availability",
            html=True,
        )
    )
    modes = dict(MeetingMode.choices)
    rows.append(
        row(
            "How I could meet",
            _lines(modes.get(m, m) for m in application.meeting_modes),
            "availability",
            html=True,
        )
    )
    rows.append(
        row("Rather not be paired with", _lines(application.avoid_emails), "preferences", True)
    )
    for question in questions_for(application):
        rows.append(
            row(question.text, application.extra_answers.get(str(question.pk)), "questions")
        )
    return rows


def line_manager_text(application) -> str:
    """'Dan Wright (dan.wright@…)', or whichever of the two is known."""
    name, email = application.line_manager_name.strip(), application.line_manager_email
    if name and email:
        return f"{name} ({email})"
    return name or email


EXPORT_HEADINGS = [
    *CANONICAL_COLUMNS,
    "status",
    "line_manager_decision",
    "submitted_at",
    "decision_reason",
]


def status_text(application) -> str:
    """Where the application stands. "Accepted" alone means the person has been told and is
    matched (``mutuality-match`` pairs only those); a decision not yet sent, or one a line
    manager has since declined, says so."""
    text = application.get_status_display()
    if application.status == Application.Status.ACCEPTED:
        if application.manager_declined_after_decision:
            return f"{text} (line manager declined since: decide again)"
        if application.decision_sent_at is None:
            return f"{text} (decision not sent yet)"
    return text


def export_rows(applications):
    """One spreadsheet row per application, in the order of ``EXPORT_HEADINGS``. Reads each
    application's prefetched approvals."""
    for a in applications:
        decided = [x for x in a.approvals.all() if x.decision != "pending"]
        yield [
            a.applicant.email, a.applicant.first_name, a.applicant.last_name, a.side,
            a.organisation.name if a.organisation else "", a.job_title, a.band, a.profession,
            a.place.name if a.place else "", a.line_manager_email, a.aspirations, a.experience,
            "; ".join(a.topics), "; ".join(AVAILABILITY_LABELS.get(s, s) for s in a.availability),
            "; ".join(a.meeting_modes), "; ".join(a.avoid_emails), status_text(a),
            decided[0].get_decision_display() if decided else "",
            a.submitted_at.isoformat(timespec="minutes") if a.submitted_at else "",
            a.decision_reason,
        ]  # fmt: skip
