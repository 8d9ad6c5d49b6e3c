"""The partnership year: the reads behind its pages. Nothing here writes."""

from datetime import date

from django.db.models import Count, Max, Q
from django.utils import timezone

from mutuality.applications.models import AboutMeSection
from mutuality.programmes.models import Cohort, CohortRole

from . import crypto
from .health import Health, expected_meetings_by, pair_health
from .models import LIVE, Goal, Meeting, Partnership, PlannedMeeting, Reflection, SupportRequest


def is_partner(partnership: Partnership, user) -> bool:
    return user.is_authenticated and user.pk in (
        partnership.aspiring.user_id,
        partnership.established.user_id,
    )


def partnership_for_partner(user, pk: int) -> Partnership | None:
    """The partnership, if this person is one of its two partners."""
    partnership = (
        Partnership.objects.select_related(
            "cohort__programme",
            "aspiring__user",
            "established__user",
            "aspiring__organisation",
            "established__organisation",
        )  # fmt: skip
        .filter(pk=pk)
        .first()
    )
    if partnership is None or user.pk not in (
        partnership.aspiring.user_id,
        partnership.established.user_id,
    ):
        return None
    return partnership


def live_partnership_of(user, *, cohort_pk: int) -> Partnership | None:
    live = Partnership.objects.filter(cohort_id=cohort_pk, status__in=LIVE)
    return live.filter(aspiring__user=user).first() or live.filter(established__user=user).first()


def shared_about_me(user) -> list[AboutMeSection]:
    """What someone chose to show their partner about themselves."""
    return list(
        AboutMeSection.objects.filter(profile__user=user, partner_may_see=True).exclude(text="")
    )


def hub_record(partnership: Partnership, user, partner_user) -> dict:
    """The partnership page's lists, as this partner may see them."""
    return {
        "meetings": partnership.meetings.select_related("logged_by"),
        "planned": PlannedMeeting.objects.filter(partnership=partnership).first(),
        "my_goals": partnership.goals.filter(owner=user).prefetch_related("notes"),
        "partner_goals": partnership.goals.filter(
            owner=partner_user, shared_with_partner=True
        ).prefetch_related("notes"),
        "notes": partnership.shared_notes.select_related("author"),
        "my_requests": partnership.support_requests.filter(raised_by=user),
    }


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def meeting_of(partnership: Partnership, pk) -> Meeting | None:
    return Meeting.objects.filter(pk=_int(pk), partnership=partnership).first()


def goal_of(partnership: Partnership, pk) -> Goal | None:
    return Goal.objects.filter(pk=_int(pk), partnership=partnership).first()


def planned_meeting(partnership: Partnership) -> PlannedMeeting | None:
    return PlannedMeeting.objects.filter(partnership=partnership).first()


def team_pair(cohort, pk: int) -> Partnership | None:
    return (
        Partnership.objects.select_related(
            "aspiring__user",
            "established__user",
            "aspiring__organisation",
            "established__organisation",
            "replaces",
        )  # fmt: skip
        .filter(pk=pk, cohort=cohort)
        .first()
    )


def team_record(partnership: Partnership) -> dict:
    """One pair's record for faculty and the programme team: never shared notes, goals or
    reflections."""
    return {
        "meetings": partnership.meetings.all(),
        "requests": partnership.support_requests.select_related("raised_by"),
        "supervision": partnership.supervision_notes.select_related("author"),
        "successors": partnership.replaced_by.select_related("aspiring__user", "established__user"),
    }


def support_request_of(partnership: Partnership, pk: int) -> SupportRequest | None:
    return SupportRequest.objects.filter(pk=pk, partnership=partnership).first()


def dashboard_rows(cohort) -> list[dict]:
    today = timezone.localdate()
    expected = expected_meetings_by(
        cohort.starts_on, cohort.ends_on, today, cohort.expected_meetings
    )
    partnerships = (
        Partnership.objects.filter(cohort=cohort)
        .select_related("aspiring__user", "established__user")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            last_meeting=Max("meetings__met_on"),
            open_requests=Count(
                "support_requests",
                filter=Q(support_requests__resolved_at__isnull=True),
                distinct=True,
            ),
        )  # fmt: skip
        .order_by("status", "pk")
    )
    rows = []
    for p in partnerships:
        contact = p.last_meeting or timezone.localdate(p.created_at)
        label = p.get_status_display()
        health = None
        if p.status in LIVE:
            health = pair_health(
                contact, today,
                quiet_weeks=cohort.quiet_after_weeks, at_risk_weeks=cohort.at_risk_after_weeks,
            )  # fmt: skip
            if health != "fine":
                label = "At risk" if health == "at_risk" else "Quiet"
        rows.append(
            {
                "partnership": p,
                "label": label,
                "health": health,
                "meetings": p.meeting_count,
                "expected": expected,
                "last_contact": p.last_meeting,
                "open_requests": p.open_requests,
            }
        )
    return rows


def reflections_of(*, partnership: Partnership, author) -> list[tuple[Reflection, str]]:
    """The author's own reflections, opened. There is no other way to read them."""
    return [
        (reflection, crypto.unseal(reflection.ciphertext, row=crypto.row_name(reflection.pk)))
        for reflection in Reflection.objects.filter(partnership=partnership, author=author)
    ]


def earlier_reflections_of(*, partnership: Partnership, author) -> list[tuple[Reflection, str]]:
    """The author's own reflections from their earlier partnerships in the same cohort (before
    a rematch), opened for them alone, newest first."""
    return [
        (reflection, crypto.unseal(reflection.ciphertext, row=crypto.row_name(reflection.pk)))
        for reflection in Reflection.objects.filter(
            partnership__cohort_id=partnership.cohort_id, author=author
        ).exclude(partnership=partnership)
    ]


def faculty_emails(cohort: Cohort) -> list[str]:
    return list(
        cohort.roles.filter(
            role__in=[CohortRole.Role.FACULTY, CohortRole.Role.PROGRAMME_MANAGER]
        ).values_list("user__email", flat=True)
    )


def last_contact(partnership: Partnership) -> date:
    latest = partnership.meetings.aggregate(latest=Max("met_on"))["latest"]
    return latest or timezone.localdate(partnership.created_at)


def health_of(partnership: Partnership, today: date | None = None) -> Health:
    cohort = partnership.cohort
    return pair_health(
        last_contact(partnership),
        today or timezone.localdate(),
        quiet_weeks=cohort.quiet_after_weeks,
        at_risk_weeks=cohort.at_risk_after_weeks,
    )
