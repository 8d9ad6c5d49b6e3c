"""Sessions, registers and supervision times: the reads behind the timeline's pages.
Nothing here writes; each function runs a fixed number of queries, however many people."""

from datetime import datetime

from django.db.models import Count, Q

from mutuality.applications.models import AboutMeSection
from mutuality.programmes.models import Cohort, Participation

from .models import Attendance, Invitation, Material, Session
from .rules import missed_mandatory, needs_follow_up


def attendance_grid(cohort: Cohort) -> dict:
    """Per person and per session, and who has missed more than the cohort allows. People who
    have left keep their row (their attendance happened) but are never flagged for follow-up."""
    sessions = list(
        cohort.sessions.filter(cancelled_at__isnull=True, register__isnull=False).distinct()
    )
    marks = {
        (a.session_id, a.user_id): a.present
        for a in Attendance.objects.filter(session__in=sessions)
    }
    rows = []
    for participation in cohort.participations.select_related("user").order_by("user__last_name"):
        person_marks = [marks.get((s.pk, participation.user_id)) for s in sessions]
        missed = missed_mandatory(
            (s.mandatory, present)
            for s, present in zip(sessions, person_marks, strict=True)
            if present is not None
        )
        left = participation.status == Participation.Status.WITHDRAWN
        rows.append(
            {
                "person": participation.user,
                "marks": person_marks,
                "missed": missed,
                "left": left,
                "follow_up": not left
                and needs_follow_up(missed, allowed=cohort.missed_sessions_allowed),
            }
        )
    return {"sessions": sessions, "rows": rows}


def cohort_timeline(cohort: Cohort) -> dict:
    """The team's timeline page: each session with its replies counted, the attendance grid,
    and the supervision times offered."""
    return {
        "sessions": list(
            cohort.sessions.annotate(
                coming=Count("invitations", filter=Q(invitations__reply="attending")),
                not_coming=Count("invitations", filter=Q(invitations__reply="not_attending")),
            )
        ),
        "grid": attendance_grid(cohort),
        "slots": list(cohort.slots.select_related("faculty", "booked_by")),
    }


def session_register(session: Session) -> dict:
    """One session for faculty: who is invited and their replies, who was marked present,
    and the adjustments people chose to share with faculty."""
    invitations = list(session.invitations.select_related("user").order_by("user__last_name"))
    present = set(session.register.filter(present=True).values_list("user_id", flat=True))
    adjustments = list(
        AboutMeSection.objects.filter(
            profile__user__in=[i.user for i in invitations],
            key__in=[AboutMeSection.Key.ADJUSTMENTS, AboutMeSection.Key.HELPS],
            faculty_may_see=True,
        )
        .exclude(text="")
        .select_related("profile__user")
    )
    return {
        "invitations": invitations,
        "present": present,
        "register_taken": session.register.exists(),
        "adjustments": adjustments,
    }


def takes_part(cohort: Cohort, user) -> bool:
    return cohort.participations.filter(user=user).exists()


def material_of(cohort: Cohort, pk: int) -> Material | None:
    """A material of one of the cohort's sessions, with its session."""
    return Material.objects.select_related("session").filter(pk=pk, session__cohort=cohort).first()


def is_invited(session: Session, user) -> bool:
    return session.invitations.filter(user=user).exists()


def invitation_of(cohort: Cohort, user, session_pk: int) -> Invitation | None:
    """This person's invitation to one of the cohort's sessions."""
    return (
        Invitation.objects.select_related("session__cohort__programme")
        .filter(session_id=session_pk, session__cohort=cohort, user=user)
        .first()
    )


def my_timeline(cohort: Cohort, user, *, now: datetime) -> dict:
    """A participant's own sessions, what is next and what is past (with materials), and the
    supervision times still to come."""
    invitations = list(
        Invitation.objects.filter(session__cohort=cohort, user=user)
        .select_related("session")
        .prefetch_related("session__materials")
        .order_by("session__starts_at")
    )
    return {
        "upcoming": [i for i in invitations if i.session.starts_at >= now],
        "past": [i for i in invitations if i.session.starts_at < now],
        "slots": list(cohort.slots.filter(starts_at__gte=now).select_related("faculty")),
    }
