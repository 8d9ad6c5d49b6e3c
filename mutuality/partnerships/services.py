"""The partnership year's writes: agreeing, meeting, goals, notes, reflections, support,
endings, introductions and nudges.

Keyword-only, each in one transaction, named ``<thing>_<action>``; emails go only after the
transaction commits. The reads behind the pages are in ``selectors``.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mutuality.core.emails import send_after_commit
from mutuality.datacache import cohort_data_changed
from mutuality.programmes.models import Cohort, Participation

from . import crypto, selectors
from .health import Health, pair_health
from .models import (
    LIVE,
    Goal,
    GoalNote,
    Meeting,
    NudgeSent,
    Partnership,
    PlannedMeeting,
    Reflection,
    SharedNote,
    SupervisionNote,
    SupportRequest,
)

Status = Partnership.Status


def _require_partner(partnership: Partnership, user) -> None:
    if not selectors.is_partner(partnership, user):
        raise PermissionDenied


def _require_live(partnership: Partnership) -> None:
    if partnership.status not in LIVE:
        raise ValidationError("This partnership has ended.")


@transaction.atomic
def agreement_accept(*, partnership: Partnership, user) -> Partnership:
    _require_partner(partnership, user)
    _require_live(partnership)
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    now = timezone.now()
    if partnership.aspiring.user_id == user.pk:
        partnership.aspiring_agreed_at = partnership.aspiring_agreed_at or now
    else:
        partnership.established_agreed_at = partnership.established_agreed_at or now
    if (
        partnership.aspiring_agreed_at
        and partnership.established_agreed_at
        and partnership.status == Status.INTRODUCED
    ):
        partnership.status = Status.AGREED
    partnership.save()
    return partnership


@transaction.atomic
def meeting_log(*, partnership: Partnership, by, met_on: date, minutes: int, mode: str) -> Meeting:
    _require_partner(partnership, by)
    _require_live(partnership)
    if met_on > timezone.localdate():
        raise ValidationError({"met_on": "Log a meeting once it has happened."})
    meeting = Meeting.objects.create(
        partnership=partnership, logged_by=by, met_on=met_on, minutes=minutes, mode=mode
    )
    if partnership.status == Status.AGREED:
        partnership.status = Status.ACTIVE
        partnership.save(update_fields=["status"])
    return meeting


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, by) -> Meeting:
    _require_partner(meeting.partnership, by)
    if meeting.logged_by_id == by.pk:
        raise ValidationError("Your partner confirms the meetings you log.")
    meeting.confirmed_at = meeting.confirmed_at or timezone.now()
    meeting.save(update_fields=["confirmed_at"])
    return meeting


@transaction.atomic
def meeting_plan(*, partnership: Partnership, by, starts_at, minutes: int, mode: str, where: str):
    _require_partner(partnership, by)
    _require_live(partnership)
    planned, created = PlannedMeeting.objects.get_or_create(
        partnership=partnership,
        defaults={"starts_at": starts_at, "minutes": minutes, "mode": mode, "where": where},
    )
    if not created:
        planned.starts_at, planned.minutes, planned.mode, planned.where = (
            starts_at,
            minutes,
            mode,
            where,
        )
        planned.sequence += 1
        planned.save()
    return planned


@transaction.atomic
def goal_add(*, partnership: Partnership, owner, text: str, shared_with_partner: bool) -> Goal:
    _require_partner(partnership, owner)
    return Goal.objects.create(
        partnership=partnership, owner=owner, text=text, shared_with_partner=shared_with_partner
    )


@transaction.atomic
def goal_note_add(*, goal: Goal, by, text: str) -> GoalNote:
    if goal.owner_id != by.pk:
        raise PermissionDenied
    return GoalNote.objects.create(goal=goal, text=text)


@transaction.atomic
def shared_note_add(*, partnership: Partnership, author, text: str) -> SharedNote:
    _require_partner(partnership, author)
    return SharedNote.objects.create(partnership=partnership, author=author, text=text)


@transaction.atomic
def reflection_add(*, partnership: Partnership, author, text: str) -> Reflection:
    _require_partner(partnership, author)
    # The ciphertext is bound to the row's id, so the row is made first and sealed after.
    reflection = Reflection.objects.create(partnership=partnership, author=author, ciphertext="")
    reflection.ciphertext = crypto.seal(text, row=crypto.row_name(reflection.pk))
    reflection.save(update_fields=["ciphertext"])
    return reflection


@transaction.atomic
def support_request_raise(*, partnership: Partnership, by, kind: str, text: str) -> SupportRequest:
    _require_partner(partnership, by)
    request = SupportRequest.objects.create(
        partnership=partnership, raised_by=by, kind=kind, text=text
    )
    # Faculty are told at once; the email says who asks and points to the request, and
    # leaves the details on the page where only faculty and the programme team can see them.
    send_after_commit(
        to=selectors.faculty_emails(partnership.cohort),
        subject="A learning partner has asked for support",
        template="support_requested.txt",
        context={
            "request": request,
            "link": settings.BASE_URL
            + reverse("partnerships:pair", args=[partnership.cohort_id, partnership.pk]),
        },
    )
    return request


@transaction.atomic
def support_request_resolve(*, request: SupportRequest, by, response: str) -> SupportRequest:
    request.resolved_at = timezone.now()
    request.resolved_by = by
    request.response = response
    request.save()
    return request


@transaction.atomic
def partnership_end(
    *, partnership: Partnership, by, reason: str, note: str, leaving: str = "neither"
) -> Partnership:
    """End a live partnership early. Whoever is ``leaving`` stops taking part in the cohort
    (withdrawn from today, as when they withdraw themselves); whoever stays may be given a
    new partner. Both partners are told by email, once. The reason and note are for the
    team only and are not in the email."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _require_live(partnership)
    if leaving not in Partnership.Leaving.values:
        raise ValidationError("Say who is leaving the programme.")
    partnership.status = Status.ENDED
    partnership.ended_at = timezone.now()
    partnership.end_reason = reason
    partnership.end_note = note
    partnership.leaving = leaving
    partnership.save()
    leavers = [
        person
        for side, person in (
            ("aspiring", partnership.aspiring),
            ("established", partnership.established),
        )
        if leaving in (side, Partnership.Leaving.BOTH)
    ]
    Participation.objects.filter(
        pk__in=[person.pk for person in leavers], status=Participation.Status.ACTIVE
    ).update(status=Participation.Status.WITHDRAWN, left_on=timezone.localdate())
    # An update() sends no signal: tell the report cache who takes part changed.
    cohort_data_changed(partnership.cohort_id)
    link = settings.BASE_URL + partnership.cohort.get_absolute_url()
    for me, partner in _each_partner(partnership):
        send_after_commit(
            to=me.user.email,
            subject="Your learning partnership has ended",
            template="partnership_ended.txt",
            context={
                "me": me,
                "partner": partner,
                "partnership": partnership,
                "stays": me not in leavers,
                "link": link,
            },
            key=f"partnership-ended:{partnership.pk}",
        )
    return partnership


def _each_partner(partnership: Partnership):
    """Each partner with the other: who an email to both partners is to, and about."""
    return (
        (partnership.aspiring, partnership.established),
        (partnership.established, partnership.aspiring),
    )


@transaction.atomic
def partnership_introduce(*, partnership: Partnership) -> None:
    """Introduce two new learning partners to each other: one email each, sent once the
    partnership is saved. Every new partnership is introduced through here, whether a
    published match run or a replacement made it."""
    link = settings.BASE_URL + reverse("partnerships:my_partner", args=[partnership.cohort_id])
    for me, partner in _each_partner(partnership):
        send_after_commit(
            to=me.user.email,
            subject="Meet your learning partner",
            template="partner_introduction.txt",
            context={"me": me, "partner": partner, "partnership": partnership, "link": link},
        )


@transaction.atomic
def supervision_note_add(*, partnership: Partnership, author, text: str) -> SupervisionNote:
    return SupervisionNote.objects.create(partnership=partnership, author=author, text=text)


@transaction.atomic
def cohort_complete_partnerships(*, cohort: Cohort) -> int:
    """At the cohort's end, every live pair is marked completed."""
    completed = Partnership.objects.filter(cohort=cohort, status__in=LIVE).update(
        status=Status.COMPLETED
    )
    # An update() sends no signal: tell the report cache its retention figures changed.
    cohort_data_changed(cohort.pk)
    return completed


def _nudge_record(partnership: Partnership, rule: str, about: str) -> bool:
    """True the first time this nudge is recorded; False if it was already sent."""
    try:
        with transaction.atomic():
            NudgeSent.objects.create(partnership=partnership, rule=rule, about=about)
    except IntegrityError:
        return False
    return True


def nudges_send(*, today: date | None = None) -> int:
    """The scheduled nudge rules, for every live pair of a running cohort. Safe to run
    again: each message is sent once for each stretch of silence. One transaction per pair,
    not one for the whole run, so a failure on one pair keeps the nudges already recorded."""
    today = today or timezone.localdate()
    sent = 0
    partnerships = Partnership.objects.filter(
        status__in=LIVE, cohort__status=Cohort.Status.RUNNING
    ).select_related("cohort__programme", "aspiring__user", "established__user")
    for partnership in partnerships:
        contact = selectors.last_contact(partnership)
        health = pair_health(
            contact,
            today,
            quiet_weeks=partnership.cohort.quiet_after_weeks,
            at_risk_weeks=partnership.cohort.at_risk_after_weeks,
        )
        with transaction.atomic():
            if health in (Health.QUIET, Health.AT_RISK) and _nudge_record(
                partnership, "quiet_reminder", contact.isoformat()
            ):
                send_after_commit(
                    # Each partner alone, and only those still taking part.
                    to=[
                        side.user.email
                        for side in (partnership.aspiring, partnership.established)
                        if side.status == side.Status.ACTIVE
                    ],
                    subject="Time to meet your learning partner?",
                    template="nudge_quiet.txt",
                    context={
                        "partnership": partnership,
                        "weeks": partnership.cohort.quiet_after_weeks,
                        "link": settings.BASE_URL
                        + reverse("partnerships:hub", args=[partnership.pk]),
                    },
                )
                sent += 1
            if health == Health.AT_RISK and _nudge_record(
                partnership, "at_risk", contact.isoformat()
            ):
                send_after_commit(
                    to=selectors.faculty_emails(partnership.cohort),
                    subject="A pair may need your help",
                    template="nudge_at_risk.txt",
                    context={
                        "partnership": partnership,
                        "weeks": partnership.cohort.at_risk_after_weeks,
                        "link": settings.BASE_URL
                        + reverse(
                            "partnerships:pair", args=[partnership.cohort_id, partnership.pk]
                        ),
                    },
                )
                sent += 1
    return sent


@transaction.atomic
def afterwards_answer(*, partnership: Partnership, user, keep_meeting: bool, buddy: bool) -> None:
    """At the end: will they keep meeting, and would they buddy someone next time."""
    _require_partner(partnership, user)
    if partnership.status != Status.COMPLETED:
        raise ValidationError("You can answer this once the programme has ended.")
    mine = (
        partnership.aspiring if partnership.aspiring.user_id == user.pk else partnership.established
    )
    if mine == partnership.aspiring:
        partnership.aspiring_keep_meeting = keep_meeting
    else:
        partnership.established_keep_meeting = keep_meeting
    partnership.save()
    mine.willing_to_buddy = buddy
    mine.save(update_fields=["willing_to_buddy"])
