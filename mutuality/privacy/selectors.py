"""Reads for people's rights and retention.

``my_data`` gathers everything held about one person for their own download (UK GDPR
Article 15, and Article 20's machine-readable copy). It is built for the person, so it holds
their own records and what they already see of their partnership, and nothing else of their
partner's: not the partner's reflections, unshared goals, notes, profile or poll answers, and
not faculty's supervision notes (those are about both partners; the programme office answers
for them in a full subject access request).
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.utils import timezone

from mutuality.applications.models import (
    AboutMeSection,
    Application,
    EqualityMonitoring,
    LivedExperienceConsent,
)
from mutuality.audit.models import AuditEvent
from mutuality.partnerships import selectors as partnership_selectors
from mutuality.partnerships.models import Partnership, SharedNote, SupportRequest
from mutuality.polls.models import CareerOutcome, Question, Response
from mutuality.programmes.models import Cohort, Participation
from mutuality.steering.models import Theme
from mutuality.timeline.models import Attendance, Invitation

ERASED_DOMAIN = "erased.invalid"

MONITORING_FIELDS = [
    "ethnicity",
    "disability",
    "neurodivergent",
    "sexual_orientation",
    "trans",
    "religion",
    "age",
    "carer",
]


def _when(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


def _cohort(cohort: Cohort) -> str:
    return f"{cohort.programme.name}: {cohort.name}"


def _application(app: Application) -> dict:
    questions = {str(q.pk): q.text for q in app.cohort.programme.questions.all()}
    return {
        "Programme": _cohort(app.cohort),
        "Applying as": _capitalised(app.side_label),
        "Status": app.get_status_display(),
        "Organisation": str(app.organisation or ""),
        "Place": str(app.place or ""),
        "Job title": app.job_title,
        "Band or grade": app.band,
        "Profession": app.profession,
        "Line manager's name": app.line_manager_name,
        "Line manager's email address": app.line_manager_email,
        "What I hope to gain": app.aspirations,
        "What I bring": app.experience,
        "Topics": list(app.topics),
        "Availability": list(app.availability),
        "Ways to meet": list(app.meeting_modes),
        "Rather not be paired with": list(app.avoid_emails),
        "Other answers": {
            questions.get(key, f"Question {key}"): value for key, value in app.extra_answers.items()
        },
        "Sent": _when(app.submitted_at),
        "Decided": _when(app.decided_at),
        "Reason given for the decision": app.decision_reason,
        "Line manager's approval": [
            {
                "Asked": _when(a.created_at),
                "Answer": a.get_decision_display(),
                "How": a.get_channel_display(),
                "Comment": a.comment,
            }
            for a in app.approvals.all()
        ],
    }


def _monitoring(row: EqualityMonitoring) -> dict:
    record = {"Programme": _cohort(row.cohort)}
    for name in MONITORING_FIELDS:
        field = EqualityMonitoring._meta.get_field(name)
        record[str(field.verbose_name).capitalize()] = getattr(row, f"get_{name}_display")()
    return record


def _partnership(partnership: Partnership, user) -> dict:
    partner = partnership.partner_of(user)
    me_aspiring = partnership.aspiring.user_id == user.pk
    return {
        "Programme": _cohort(partnership.cohort),
        "Your learning partner": partner.user.get_full_name(),
        "Status": partnership.get_status_display(),
        "Introduced": _when(partnership.created_at),
        "You agreed the ground rules": _when(
            partnership.aspiring_agreed_at if me_aspiring else partnership.established_agreed_at
        ),
        "Ended": _when(partnership.ended_at),
        "You plan to keep meeting": (
            partnership.aspiring_keep_meeting
            if me_aspiring
            else partnership.established_keep_meeting
        ),
        "Meetings": [
            {
                "Date": _when(m.met_on),
                "Minutes": m.minutes,
                "How": m.get_mode_display(),
                "Logged by": "you" if m.logged_by_id == user.pk else "your partner",
                "Confirmed": _when(m.confirmed_at),
            }
            for m in partnership.meetings.all()
        ],
        "Your goals": [
            {
                "Goal": g.text,
                "Shared with your partner": g.shared_with_partner,
                "Achieved": g.achieved,
                "Set": _when(g.created_at),
                "Progress": [{"When": _when(n.created_at), "Note": n.text} for n in g.notes.all()],
            }
            for g in partnership.goals.filter(owner=user).prefetch_related("notes")
        ],
        "Shared notes you wrote": [
            {"When": _when(n.created_at), "Note": n.text}
            for n in SharedNote.objects.filter(partnership=partnership, author=user)
        ],
        "Your private reflections": [
            {"When": _when(r.created_at), "Reflection": text}
            for r, text in partnership_selectors.reflections_of(
                partnership=partnership, author=user
            )
        ],
        "Your requests for support": [
            {
                "When": _when(s.created_at),
                "About": s.get_kind_display(),
                "What you wrote": s.text,
                "Resolved": _when(s.resolved_at),
                "Response": s.response,
            }
            for s in SupportRequest.objects.filter(partnership=partnership, raised_by=user)
        ],
    }


def _responses(user) -> list[dict]:
    responses = Response.objects.filter(participation__user=user).select_related(
        "wave__cohort__programme", "wave__instrument"
    )
    texts: dict[int, dict[str, str]] = {}
    for question in Question.objects.filter(
        instrument__in={r.wave.instrument_id for r in responses}
    ):
        texts.setdefault(question.instrument_id, {})[question.key] = question.text
    return [
        {
            "Programme": _cohort(r.wave.cohort),
            "Poll": r.wave.title,
            "Last changed": _when(r.updated_at),
            "Answers": {
                texts.get(r.wave.instrument_id, {}).get(key, key): value
                for key, value in r.answers.items()
            },
        }
        for r in responses
    ]


def _own_record_targets(user) -> Q:
    """Audit events about the person: about their account, applications, participations and
    the career moves recorded for them."""
    targets = Q(target_type="accounts.user", target_id=str(user.pk))
    for label, ids in (
        ("applications.application", Application.objects.filter(applicant=user)),
        ("programmes.participation", Participation.objects.filter(user=user)),
        ("polls.careeroutcome", CareerOutcome.objects.filter(participation__user=user)),
    ):
        keys = [str(pk) for pk in ids.values_list("pk", flat=True)]
        if keys:
            targets |= Q(target_type=label, target_id__in=keys)
    return targets


def _audit_events(user) -> list[dict]:
    """Events about the person's records, with their details; and events they caused
    elsewhere, without details, since those may be about someone else (a reason recorded
    for another applicant, say)."""
    about_them = _own_record_targets(user)
    events = AuditEvent.objects.filter(about_them | Q(actor=user)).select_related("actor")
    mine = set(AuditEvent.objects.filter(about_them).values_list("pk", flat=True))
    return [
        {
            "When": _when(e.at),
            "What": e.action,
            "By": "you" if e.actor_id == user.pk else (str(e.actor) if e.actor else "the system"),
            "Details": {
                k: v
                for k, v in e.detail.items()
                if e.pk in mine and isinstance(v, str | int | float | bool | list)
            },
        }
        for e in events[:2000]
    ]


def my_data(user) -> dict:
    """Everything held about ``user``, as sections of records, ready for a page or JSON."""
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("cohort__programme", "organisation", "place")
        .prefetch_related("approvals", "cohort__programme__questions")
    )
    partnerships = (
        Partnership.objects.filter(Q(aspiring__user=user) | Q(established__user=user))
        .select_related(
            "cohort__programme", "aspiring__user", "established__user", "aspiring", "established"
        )
        .prefetch_related("meetings")
    )
    sections = {
        "Your account": [
            {
                "Email address": user.email,
                "Name": user.get_full_name(),
                "Joined": _when(user.date_joined),
                "Last signed in": _when(user.last_login),
                "Programme office": user.is_staff,
            }
        ],
        "Your about-me profile": [
            {
                "Section": s.get_key_display(),
                "What you wrote": s.text,
                "Your learning partner may read it": s.partner_may_see,
                "Faculty may read it": s.faculty_may_see,
            }
            for s in AboutMeSection.objects.filter(profile__user=user)
        ],
        "Your applications": [_application(a) for a in applications],
        "Your equality monitoring answers": [
            _monitoring(m)
            for m in EqualityMonitoring.objects.filter(user=user).select_related(
                "cohort__programme"
            )
        ],
        "Your consent to match on lived experience": [
            {
                "Programme": _cohort(c.cohort),
                "Experiences": list(c.experiences),
                "Given": _when(c.given_at),
                "Withdrawn": _when(c.withdrawn_at),
            }
            for c in LivedExperienceConsent.objects.filter(user=user).select_related(
                "cohort__programme"
            )
        ],
        "Programmes you take part in": [
            {
                "Programme": _cohort(p.cohort),
                "Side": _capitalised(p.side_label),
                "Organisation": str(p.organisation),
                "Job title": p.job_title,
                "Band or grade": p.band,
                "Status": p.get_status_display(),
                "Joined": _when(p.joined_at),
            }
            for p in Participation.objects.filter(user=user).select_related(
                "cohort__programme", "organisation"
            )
        ],
        "Your learning partnerships": [_partnership(p, user) for p in partnerships],
        "Sessions you were invited to": [
            {
                "Session": i.session.title,
                "When": _when(i.session.starts_at),
                "Your reply": i.get_reply_display(),
                "Reason you gave": i.reason,
            }
            for i in Invitation.objects.filter(user=user).select_related("session")
        ],
        "Attendance": [
            {"Session": a.session.title, "When": _when(a.session.starts_at), "Present": a.present}
            for a in Attendance.objects.filter(user=user).select_related("session")
        ],
        "Your poll answers": _responses(user),
        "Your career moves": [
            {
                "Programme": _cohort(o.participation.cohort),
                "What happened": o.get_kind_display(),
                "When": _when(o.happened_on),
                "Note": o.note,
                "You agreed to it being recorded": o.person_agreed,
            }
            for o in CareerOutcome.objects.filter(participation__user=user).select_related(
                "participation__cohort__programme"
            )
        ],
        "Themes you sent to the programme team": [
            {
                "Programme": _cohort(t.cohort),
                "Sent": _when(t.submitted_at),
                "What you wrote": t.text,
                "Status": t.get_status_display(),
            }
            for t in Theme.objects.filter(submitted_by=user).select_related("cohort__programme")
        ],
        "Audit log entries about you": _audit_events(user),
    }
    return {"generated_at": _when(timezone.now()), "sections": sections}


# Retention ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortRetention:
    cohort: Cohort
    closes_on: date  # the later of its end and its last poll's closing
    erase_on: date
    people: int  # people with personal data still held in the cohort

    @property
    def due(self) -> bool:
        return self.erase_on <= timezone.localdate()


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year_, month = day.year + month // 12, month % 12 + 1
    # The last day of a shorter month stands in for the 29th to 31st.
    return date(year_, month, min(day.day, calendar.monthrange(year_, month)[1]))


def people_of(cohort_ids) -> set[int]:
    """Everyone (not yet erased) who applied to or took part in these cohorts."""
    applied = Application.objects.filter(cohort_id__in=cohort_ids).values_list(
        "applicant_id", flat=True
    )
    took_part = Participation.objects.filter(cohort_id__in=cohort_ids).values_list(
        "user_id", flat=True
    )
    ids = set(applied) | set(took_part)
    return set(
        get_user_model()
        .objects.filter(pk__in=ids)
        .exclude(email__endswith=f"@{ERASED_DOMAIN}")
        .values_list("pk", flat=True)
    )


def retention_schedule() -> list[CohortRetention]:
    """Every closed cohort with when its people's data is due to be erased, soonest first."""
    cohorts = (
        Cohort.objects.filter(status=Cohort.Status.CLOSED)
        .select_related("programme")
        .annotate(last_poll=Max("waves__closes_on"))
    )
    rows = []
    for cohort in cohorts:
        closes_on = max(filter(None, [cohort.ends_on, cohort.last_poll]))
        rows.append(
            CohortRetention(
                cohort=cohort,
                closes_on=closes_on,
                erase_on=_add_months(closes_on, cohort.programme.retention_months),
                people=len(people_of([cohort.pk])),
            )
        )
    return sorted(rows, key=lambda r: (r.erase_on, r.cohort.pk))


def retention_due(today: date | None = None) -> tuple[list[int], list[int]]:
    """People to erase now, and people kept for now though one of their cohorts is due.

    A person is erased once every cohort they applied to or took part in has closed and
    passed its retention date; someone still in a running or recent cohort is kept (and
    listed) until their last cohort is due too. Programme office accounts are never erased
    by retention: the office erases one on request.
    """
    today = today or timezone.localdate()
    schedule = retention_schedule()
    due_cohorts = {r.cohort.pk for r in schedule if r.erase_on <= today}
    if not due_cohorts:
        return [], []
    candidates = people_of(due_cohorts)
    other = {
        *get_user_model()
        .objects.filter(pk__in=candidates, is_staff=True)
        .values_list("pk", flat=True),
        *Application.objects.filter(applicant_id__in=candidates)
        .exclude(cohort_id__in=due_cohorts)
        .values_list("applicant_id", flat=True),
        *Participation.objects.filter(user_id__in=candidates)
        .exclude(cohort_id__in=due_cohorts)
        .values_list("user_id", flat=True),
    }
    return sorted(candidates - other), sorted(candidates & other)


def find_people(text: str, *, limit: int = 50) -> list:
    """People not erased whose email address or name holds every word of ``text``."""
    query = Q()
    for word in text.split():
        query &= (
            Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
        )
    return list(
        get_user_model()
        .objects.filter(query)
        .exclude(email__endswith=f"@{ERASED_DOMAIN}")
        .order_by("email")[:limit]
    )


def person_not_erased(pk: int):
    """The person ``pk``, or None if there is none or they have been erased."""
    return (
        get_user_model().objects.exclude(email__endswith=f"@{ERASED_DOMAIN}").filter(pk=pk).first()
    )


def audit_events(prefix: str = ""):
    """The audit log, newest first; only the events whose action starts with ``prefix.``
    when a prefix is given."""
    events = AuditEvent.objects.select_related("actor")
    if prefix:
        events = events.filter(action__startswith=f"{prefix}.")
    return events
