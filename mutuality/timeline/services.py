"""Sessions, invitations with calendar files, replies, registers and reminders."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from mutuality.applications.models import Application
from mutuality.core.emails import recipients, send_after_commit, send_now
from mutuality.programmes.models import Cohort, Participation

from . import presenters
from .models import (
    Attendance,
    Audience,
    Invitation,
    Kind,
    Material,
    Session,
    SupervisionSlot,
    TemplateItem,
)

# The timeline a programme gets until it sets its own (offsets in days from the start).
DEFAULT_TEMPLATE = [
    (Kind.PREPARATORY, "Preparatory workshop", Audience.WITH_MANAGERS, True, -14, 150),
    (Kind.LEARNING_LAB, "Lab 1: power and lived experience", Audience.EVERYONE, True, 28, 180),
    (Kind.SURGERY, "Check-in surgery", Audience.EVERYONE, False, 60, 60),
    (Kind.LEARNING_LAB, "Lab 2: brave conversations", Audience.EVERYONE, True, 90, 180),
    (Kind.MID_REVIEW, "Mid-point review", Audience.EVERYONE, True, 120, 90),
    (Kind.GROUP_SUPERVISION, "Group supervision", Audience.EVERYONE, False, 150, 90),
    (Kind.LEARNING_LAB, "Lab 3: learning into action", Audience.EVERYONE, True, 180, 180),
    (Kind.FINAL_REVIEW, "Final review", Audience.EVERYONE, True, -21, 90),
    (Kind.GRADUATION, "Graduation", Audience.WITH_MANAGERS, False, -7, 120),
]  # fmt: skip


def template_for(cohort: Cohort) -> list[TemplateItem]:
    items = list(cohort.programme.timeline.all())
    if items:
        return items
    return [
        TemplateItem(
            programme=cohort.programme,
            kind=kind,
            title=title,
            audience=audience,
            mandatory=mandatory,
            offset_days=offset,
            minutes=minutes,
        )  # fmt: skip
        for kind, title, audience, mandatory, offset, minutes in DEFAULT_TEMPLATE
    ]


@transaction.atomic
def timeline_lay_out(*, cohort: Cohort) -> list[Session]:
    """Dated sessions from the programme's template; negative offsets near the end count
    back from the cohort's last day. The team adjusts them afterwards."""
    if cohort.sessions.exists():
        return list(cohort.sessions.all())
    zone = timezone.get_default_timezone()
    sessions = []
    for item in template_for(cohort):
        if item.kind in (Kind.FINAL_REVIEW, Kind.GRADUATION):
            day = cohort.ends_on + timedelta(days=item.offset_days)
        else:
            day = cohort.starts_on + timedelta(days=item.offset_days)
        start_time = item.start_time
        if isinstance(start_time, str):
            start_time = datetime.strptime(start_time, "%H:%M").time()
        sessions.append(
            Session(
                cohort=cohort,
                kind=item.kind,
                title=item.title,
                audience=item.audience,
                mandatory=item.mandatory,
                minutes=item.minutes,
                online=item.kind == Kind.SURGERY,
                starts_at=datetime.combine(day, start_time, tzinfo=zone),
            )  # fmt: skip
        )
    return Session.objects.bulk_create(sessions)


def invitees(session: Session):
    people = Participation.objects.filter(
        cohort=session.cohort, status=Participation.Status.ACTIVE
    ).select_related("user")
    if session.audience in (Audience.ASPIRING, Audience.ESTABLISHED):
        people = people.filter(side=session.audience)
    return [p.user for p in people]


def manager_emails(session: Session) -> list[str]:
    """Line managers are invited to the sessions that ask for them; they have no account,
    so they get the email and calendar file only."""
    if session.audience != Audience.WITH_MANAGERS:
        return []
    users = [u.pk for u in invitees(session)]
    return sorted(
        set(
            Application.objects.filter(cohort=session.cohort, applicant_id__in=users)
            .exclude(line_manager_email="")
            .values_list("line_manager_email", flat=True)
        )
    )


def taking_part(session: Session) -> list[Invitation]:
    """Invitations of people still taking part: someone who has left is sent nothing more."""
    active = Participation.objects.filter(
        cohort=session.cohort_id, status=Participation.Status.ACTIVE
    ).values("user_id")
    return list(session.invitations.filter(user_id__in=active).select_related("user"))


def _send(session: Session, *, method: str, subject: str, template: str, to: list[str]) -> None:
    """One message, with its calendar file, to each address: nobody sees who else is invited.
    The task is given the session's id and builds the email itself when it runs."""
    from .tasks import send_session_email

    for address in recipients(to):
        transaction.on_commit(
            lambda address=address: send_session_email.enqueue(
                session_id=session.pk,
                to=address,
                method=method,
                subject=subject,
                template=template,
            )  # fmt: skip
        )


def session_email(*, session_id: int, to: str, method: str, subject: str, template: str) -> None:
    session = Session.objects.select_related("cohort__programme").get(pk=session_id)
    send_now(
        to=to,
        subject=subject,
        template=template,
        context={
            "session": session,
            "link": settings.BASE_URL + reverse("timeline:mine", args=[session.cohort_id]),
        },
        attachments=[
            ("invite.ics", presenters.session_ics(session, method=method), "text/calendar")
        ],
    )


@transaction.atomic
def session_invite(*, session: Session) -> int:
    """Invite everyone in the session's audience who has not been invited yet."""
    invited = set(session.invitations.values_list("user_id", flat=True))
    new = [u for u in invitees(session) if u.pk not in invited]
    Invitation.objects.bulk_create(Invitation(session=session, user=u) for u in new)
    emails = [u.email for u in new] + (manager_emails(session) if not invited else [])
    _send(session, method="REQUEST", subject=f"Invitation: {session.title}",
          template="session_invitation.txt", to=emails)  # fmt: skip
    return len(new)


@transaction.atomic
def session_update(*, session: Session, moved: bool) -> Session:
    """Save changes; if the time or place changed, everyone invited gets the update."""
    if moved:
        session.sequence += 1
    session.save()
    if moved and session.invitations.exists():
        _send(session, method="REQUEST", subject=f"Changed: {session.title}",
              template="session_changed.txt",
              to=[i.user.email for i in taking_part(session)]
              + manager_emails(session))  # fmt: skip
    return session


@transaction.atomic
def session_cancel(*, session: Session) -> Session:
    if session.cancelled_at:
        raise ValidationError("This session is already cancelled.")
    session.cancelled_at = timezone.now()
    session.sequence += 1
    session.save()
    _send(session, method="CANCEL", subject=f"Cancelled: {session.title}",
          template="session_cancelled.txt",
          to=[i.user.email for i in session.invitations.select_related("user")]
          + manager_emails(session))  # fmt: skip
    return session


@transaction.atomic
def invitations_withdraw(*, cohort: Cohort, user) -> int:
    """Someone has left: they come off the invitations (and so the registers) of sessions
    still to come. Past sessions keep their invitation and attendance: that happened."""
    deleted, _ = Invitation.objects.filter(
        session__cohort=cohort, session__starts_at__gt=timezone.now(), user=user
    ).delete()
    return deleted


@transaction.atomic
def invitation_reply(*, invitation: Invitation, reply: str, reason: str = "") -> Invitation:
    if invitation.session.cancelled_at:
        raise ValidationError("This session has been cancelled.")
    if reply == Invitation.Reply.NOT_ATTENDING and not reason.strip():
        raise ValidationError("Tell the faculty why you cannot attend.")
    invitation.reply = reply
    invitation.reason = reason if reply == Invitation.Reply.NOT_ATTENDING else ""
    invitation.replied_at = timezone.now()
    invitation.save()
    return invitation


@transaction.atomic
def register_take(*, session: Session, present_ids: set[int], by) -> int:
    """Mark everyone invited as present or absent in one go."""
    people = [i.user_id for i in session.invitations.all()]
    for user_id in people:
        Attendance.objects.update_or_create(
            session=session, user_id=user_id,
            defaults={"present": user_id in present_ids, "taken_by": by},
        )  # fmt: skip
    return len(people)


def send_session_reminders(*, now=None, ahead=timedelta(days=2)) -> int:
    """Remind everyone invited and not declined, once, in the two days before a session."""
    now = now or timezone.now()
    sent = 0
    due = (
        Invitation.objects.filter(
            reminded_at__isnull=True,
            session__cancelled_at__isnull=True,
            session__starts_at__gt=now,
            session__starts_at__lte=now + ahead,
        )
        .exclude(reply=Invitation.Reply.NOT_ATTENDING)
        .filter(
            Exists(
                Participation.objects.filter(
                    cohort=OuterRef("session__cohort"),
                    user=OuterRef("user"),
                    status=Participation.Status.ACTIVE,
                )
            )
        )
        .select_related("session__cohort__programme", "user")
    )
    for invitation in due:
        with transaction.atomic():
            if not Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            send_after_commit(
                to=invitation.user.email,
                subject=f"Reminder: {invitation.session.title}",
                template="session_reminder.txt",
                context={
                    "session": invitation.session,
                    "link": settings.BASE_URL
                    + reverse("timeline:mine", args=[invitation.session.cohort_id]),
                },
            )
            sent += 1
    return sent


@transaction.atomic
def slot_book(*, slot: SupervisionSlot, user) -> SupervisionSlot:
    slot = SupervisionSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.booked_by_id and slot.booked_by_id != user.pk:
        raise ValidationError("Someone else has just booked this time. Choose another.")
    if (
        SupervisionSlot.objects.filter(
            cohort=slot.cohort, booked_by=user, starts_at__gte=timezone.now()
        )
        .exclude(pk=slot.pk)
        .exists()
    ):
        raise ValidationError("You already have a supervision booked. Cancel it to choose another.")
    slot.booked_by = user
    slot.save(update_fields=["booked_by"])
    return slot


@transaction.atomic
def slot_cancel(*, slot: SupervisionSlot, user) -> SupervisionSlot:
    if slot.booked_by_id != user.pk and slot.faculty_id != user.pk:
        raise ValidationError("This booking is not yours.")
    slot.booked_by = None
    slot.save(update_fields=["booked_by"])
    return slot


@transaction.atomic
def session_add(*, form, by) -> tuple[Session, int]:
    """Save a new session from its valid form, run by ``by``, and invite its audience: both
    or neither. Returns the session and how many people were invited."""
    session = form.save(commit=False)
    session.facilitator = by
    session.save()
    return session, session_invite(session=session)


@transaction.atomic
def slot_offer(*, cohort: Cohort, faculty, starts_at: datetime, minutes: int) -> SupervisionSlot:
    """A member of faculty offers a one-to-one supervision time to the cohort."""
    return SupervisionSlot.objects.create(
        cohort=cohort, faculty=faculty, starts_at=starts_at, minutes=minutes
    )


@transaction.atomic
def material_add(*, session: Session, title: str, link: str = "", file=None) -> Material:
    """Slides or handouts for a session: a link, an uploaded file, or both."""
    return Material.objects.create(session=session, title=title, link=link or "", file=file)
