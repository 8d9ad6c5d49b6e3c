"""Multi-step writes for applications. Each runs in one transaction; emails go after commit."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mutuality.audit.models import audit
from mutuality.core.emails import one_line, send_after_commit, send_now
from mutuality.datacache import cohort_data_changed
from mutuality.programmes.models import Cohort, CohortRole, Participation

from .models import (
    AboutMe,
    AboutMeSection,
    Application,
    ApplicationQuestion,
    LivedExperienceConsent,
    ManagerApproval,
)
from .selectors import decisions_to_send
from .signals import application_withdrawn, decision_changing

Status = Application.Status

# What must be answered before an application can be submitted, and how to say so.
REQUIRED_ANSWERS = {
    "organisation": "Choose your organisation",
    "job_title": "Enter your job title",
    "band": "Enter your band or grade",
    "line_manager_email": "Enter your line manager's email address",
    "aspirations": "Tell us what you hope to gain",
    "experience": "Tell us what you bring",
    "availability": "Choose at least one time you could meet",
    "meeting_modes": "Choose at least one way you could meet",
}


def programme_contacts(cohort: Cohort) -> list[str]:
    return list(
        cohort.roles.filter(role=CohortRole.Role.PROGRAMME_MANAGER).values_list(
            "user__email", flat=True
        )
    )


def missing_answers(application: Application) -> dict[str, str]:
    missing = {
        field: message
        for field, message in REQUIRED_ANSWERS.items()
        if not getattr(application, field if field != "organisation" else "organisation_id")
    }
    for question in application.cohort.programme.questions.filter(required=True):
        if (
            question.side in ("", application.side)
            and not application.extra_answers.get(str(question.pk), "").strip()
        ):
            missing[f"question_{question.pk}"] = f"Answer: {question.text}"
    if not application.eligibility_confirmed:
        missing["eligibility_confirmed"] = "Confirm that you meet who can apply"
    return missing


@transaction.atomic
def application_start(*, cohort: Cohort, applicant, side: str) -> Application:
    if cohort.status != Cohort.Status.RECRUITING:
        raise ValidationError("This cohort is not taking applications.")
    application, created = Application.objects.get_or_create(
        cohort=cohort, applicant=applicant, defaults={"side": side}
    )
    if created:
        about_me_get_or_create(user=applicant)
    return application


@transaction.atomic
def about_me_get_or_create(*, user) -> AboutMe:
    profile, _ = AboutMe.objects.get_or_create(user=user)
    for key in AboutMeSection.Key.values:
        AboutMeSection.objects.get_or_create(profile=profile, key=key)
    return profile


def _approval_url(token: str) -> str:
    return settings.BASE_URL + reverse("applications:approve", args=[token])


def issue_manager_request(application: Application) -> ManagerApproval:
    """Ask the line manager again; any earlier link stops working. The request is queued by
    its id: the task mints the link's token as it sends the email (``manager_request_send``)."""
    application.approvals.filter(decision=ManagerApproval.Decision.PENDING).update(superseded=True)
    approval = ManagerApproval.prepare(application, days=application.cohort.manager_link_days)
    _queue_manager_request(approval, reminder=False)
    return approval


def _queue_manager_request(approval: ManagerApproval, *, reminder: bool) -> None:
    from .tasks import send_manager_request

    transaction.on_commit(
        lambda: send_manager_request.enqueue(approval_id=approval.pk, reminder=reminder)
    )


def manager_request_send(*, approval_id: int, reminder: bool = False) -> bool:
    """Mint the link and email it to the line manager. A request that is no longer wanted
    (answered, replaced, expired) sends nothing. A failed send is recorded on the request,
    where the programme team sees it beside the application, and then raised."""
    with transaction.atomic():
        approval = (
            ManagerApproval.objects.select_for_update()
            .select_related("application__cohort__programme", "application__applicant")
            .get(pk=approval_id)
        )
        if not approval.is_usable or approval.sent_at:
            return False
        token = approval.mint()
    application = approval.application
    name = application.applicant.get_full_name()
    try:
        send_now(
            to=approval.email,
            subject=(
                f"Reminder: please approve {name}'s application"
                if reminder
                else f"Please approve {name}'s application"
            ),
            template="manager_request.txt",
            context={
                "application": application,
                "approval": approval,
                "link": _approval_url(token),
                "programme": application.cohort.programme,
                "reminder": reminder,
            },
        )
    except Exception as error:
        ManagerApproval.objects.filter(pk=approval.pk).update(
            send_failed_at=timezone.now(),
            send_error=(one_line(str(error)) or type(error).__name__)[:300],
        )
        raise
    ManagerApproval.objects.filter(pk=approval.pk).update(
        sent_at=timezone.now(), send_failed_at=None, send_error=""
    )
    return True


@transaction.atomic
def application_submit(*, application: Application) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.DRAFT:
        raise ValidationError("This application has already been sent.")
    if not application.window_open:
        raise ValidationError("Applications for this cohort are closed.")
    missing = missing_answers(application)
    if missing:
        raise ValidationError(list(missing.values()))
    application.status = Status.AWAITING_MANAGER
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    issue_manager_request(application)
    send_after_commit(
        to=application.applicant.email,
        subject="We have your application",
        template="application_received.txt",
        context={"application": application},
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.can_withdraw:
        raise ValidationError("This application cannot be withdrawn.")
    application.status = Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    application.approvals.filter(decision=ManagerApproval.Decision.PENDING).update(superseded=True)
    Participation.objects.filter(cohort=application.cohort, user=application.applicant).update(
        status=Participation.Status.WITHDRAWN, left_on=timezone.localdate()
    )
    application_withdrawn.send(sender=Application, application=application)
    # An update() sends no signal: tell the report cache who takes part changed.
    cohort_data_changed(application.cohort_id)
    return application


@transaction.atomic
def approval_decide(*, approval: ManagerApproval, approve: bool, comment: str) -> ManagerApproval:
    """The line manager's answer through their link, recorded once.

    Two answers sent at the same moment (a double click, two tabs) race here: the update only
    happens while the request is still open, so exactly one wins and the other is told the
    link has been used. Before the team has decided, the answer moves the application on and
    both the applicant and the team hear of it. After the team has decided, a 'no' flags the
    application for the team and tells the applicant nothing: the team decides again first.
    """
    now = timezone.now()
    decision = ManagerApproval.Decision.APPROVED if approve else ManagerApproval.Decision.DECLINED
    won = ManagerApproval.objects.filter(
        pk=approval.pk,
        used_at__isnull=True,
        superseded=False,
        decision=ManagerApproval.Decision.PENDING,
        expires_at__gt=now,
    ).update(used_at=now, decision=decision, comment=comment)
    if not won:
        raise ValidationError("This link has already been used or has expired.")
    approval.refresh_from_db()
    application = Application.objects.select_for_update().get(pk=approval.application_id)
    if application.status in {Status.AWAITING_MANAGER, Status.MANAGER_APPROVED}:
        application.status = Status.MANAGER_APPROVED if approve else Status.MANAGER_DECLINED
        application.save(update_fields=["status", "updated_at"])
    elif application.status in Application.DECIDED and not approve:
        application.manager_declined_after_decision = True
        application.save(update_fields=["manager_declined_after_decision", "updated_at"])
        send_after_commit(
            to=programme_contacts(application.cohort),
            subject="A line manager did not approve an application you have decided",
            template="manager_declined_late.txt",
            context={"application": application, "approval": approval},
        )
        return approval
    send_after_commit(
        to=[application.applicant.email, *programme_contacts(application.cohort)],
        subject=f"Line manager {'approved' if approve else 'did not approve'} an application",
        template="manager_decided.txt",
        context={"application": application, "approval": approval},
    )
    return approval


@transaction.atomic
def approval_resend(*, application: Application, by) -> None:
    if application.status != Status.AWAITING_MANAGER:
        raise ValidationError("Only an application waiting for its line manager can be resent.")
    issue_manager_request(application)
    audit(actor=by, action="approval.resent", target=application, to=application.line_manager_email)


@transaction.atomic
def approval_record(*, application: Application, by, approved: bool, reason: str) -> None:
    """The line manager decided another way (in person, by their own email): the team
    records it, with the reason, in the audit log."""
    if not reason.strip():
        raise ValidationError("Say how the line manager gave their decision.")
    application = Application.objects.select_for_update().get(pk=application.pk)
    flagged = application.manager_declined_after_decision
    if not flagged and application.status not in {Status.AWAITING_MANAGER, Status.MANAGER_DECLINED}:
        raise ValidationError("This application is not waiting for its line manager.")
    application.approvals.filter(decision=ManagerApproval.Decision.PENDING).update(superseded=True)
    approval = ManagerApproval.prepare(application, days=0)
    approval.channel = ManagerApproval.Channel.RECORDED
    approval.decision = (
        ManagerApproval.Decision.APPROVED if approved else ManagerApproval.Decision.DECLINED
    )
    approval.used_at = timezone.now()
    approval.comment = reason
    approval.save()
    if flagged:
        # The team decided before: an approval given another way clears the flag; a 'no'
        # leaves it for the team to decide again.
        application.manager_declined_after_decision = not approved
    else:
        application.status = Status.MANAGER_APPROVED if approved else Status.MANAGER_DECLINED
    application.save(update_fields=["status", "manager_declined_after_decision", "updated_at"])
    audit(
        actor=by,
        action="approval.recorded",
        target=application,
        approved=approved,
        reason=reason,
    )


DECISIONS = {
    "accept": Status.ACCEPTED,
    "waitlist": Status.WAITLISTED,
    "decline": Status.DECLINED,
}
DECISION_OF_STATUS = {status: decision for decision, status in DECISIONS.items()}


@transaction.atomic
def applications_decide(
    *,
    applications: Iterable[Application],
    decision: str,
    by,
    reason: str = "",
    override_reason: str = "",
) -> list[Application]:
    """Accept, waitlist or decline, one application or many, all or nothing.

    A decision is a draft: nobody is emailed and nobody joins the cohort until the team
    sends the decisions (``decisions_send``). ``reason`` is a note for the team, never
    emailed. Accepting needs the line manager's approval, or ``override_reason`` saying
    why not, which is kept on the application and in the audit log.
    """
    if decision not in DECISIONS:
        raise ValidationError("Choose accept, waiting list or decline.")
    status = DECISIONS[decision]
    override_reason = override_reason.strip()
    decided = []
    for application in applications:
        application = Application.objects.select_for_update().get(pk=application.pk)
        name = application.applicant.get_full_name()
        if application.status not in Application.DECIDABLE:
            raise ValidationError(
                f"{name}'s application is "
                f"{application.get_status_display().lower()} and cannot be decided."
            )
        answer = application.manager_answer()
        if status == Status.ACCEPTED and answer != ManagerApproval.Decision.APPROVED:
            if not override_reason:
                why = (
                    "did not approve it"
                    if answer == ManagerApproval.Decision.DECLINED
                    else "has not answered yet"
                )
                raise ValidationError(
                    f"{name}'s line manager {why}. Record their approval if they gave it "
                    "another way, or give a reason to accept without it."
                )
            application.approval_override_reason = override_reason
            audit(
                actor=by,
                action="application.accepted_without_approval",
                target=application,
                manager_answer=str(answer),
                reason=override_reason,
            )
        if status != Status.ACCEPTED:
            _check_no_partner(application)
        unchanged = application.status == status and application.decision_sent_at is not None
        application.status = status
        application.decision_reason = reason
        application.decided_at = timezone.now()
        application.decided_by = by
        application.manager_declined_after_decision = False
        if not unchanged:
            application.decision_sent_at = None
        application.save()
        decided.append(application)
    return decided


def _check_no_partner(application: Application) -> None:
    """Raises ValidationError if the applicant already has a learning partner (the
    partnerships app answers through the signal)."""
    decision_changing.send(sender=Application, application=application)


def decision_email(application: Application) -> dict:
    """The email a decision sends: recipient, subject, template and context."""
    decision = DECISION_OF_STATUS[application.status]
    programme = application.cohort.programme
    return {
        "to": application.applicant.email,
        "subject": f"Your application to {programme.name}",
        "template": f"application_{decision}.txt",
        "context": {
            "application": application,
            "wording": getattr(programme, f"{decision}_email_text").strip(),
        },
    }


def decision_email_body(application: Application) -> str:
    email = decision_email(application)
    return render_to_string(
        f"emails/{email['template']}",
        {**email["context"], "service_name": settings.SERVICE_NAME},
        using="jinja2",
    ).strip()


@transaction.atomic
def decisions_send(*, cohort: Cohort, by, pks: Iterable[int] | None = None) -> int:
    """Send every draft decision in the cohort (or those in ``pks``): the emails go, accepted
    people join the cohort, and anyone whose place was taken back is marked as no longer
    taking part. Nothing they wrote is deleted."""
    drafts = decisions_to_send(cohort).select_for_update()
    if pks is not None:
        drafts = drafts.filter(pk__in=list(pks))
    sent = 0
    now = timezone.now()
    for application in drafts:
        if application.status == Status.ACCEPTED:
            Participation.objects.update_or_create(
                cohort=application.cohort,
                user=application.applicant,
                defaults={
                    "side": application.side,
                    "organisation": application.organisation,
                    "job_title": application.job_title,
                    "band": application.band,
                    "status": Participation.Status.ACTIVE,
                },
            )
        else:
            _check_no_partner(application)
            Participation.objects.filter(
                cohort=application.cohort, user=application.applicant
            ).update(status=Participation.Status.WITHDRAWN, left_on=timezone.localdate())
        application.decision_sent_at = now
        application.save(update_fields=["decision_sent_at", "updated_at"])
        send_after_commit(**decision_email(application))
        sent += 1
    if sent:
        audit(actor=by, action="decisions.sent", target=cohort, count=sent)
    return sent


def send_manager_reminders(*, now=None) -> int:
    """Remind line managers who have not answered after the cohort's set number of days.
    Each request is reminded once, so running this twice sends nothing twice."""
    now = now or timezone.now()
    sent = 0
    pending = ManagerApproval.objects.filter(
        decision=ManagerApproval.Decision.PENDING,
        superseded=False,
        used_at__isnull=True,
        reminded_at__isnull=True,
        expires_at__gt=now,
        application__status=Status.AWAITING_MANAGER,
    ).select_related("application__cohort__programme", "application__applicant")
    for approval in pending:
        days = approval.application.cohort.manager_reminder_days
        if approval.created_at > now - timedelta(days=days):
            continue
        with transaction.atomic():
            claimed = ManagerApproval.objects.filter(
                pk=approval.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            # The stored token cannot be recovered, so the reminder carries a fresh link and
            # the old one stops working; the task mints it.
            application = approval.application
            approval.superseded = True
            approval.save(update_fields=["superseded"])
            new = ManagerApproval.prepare(application, days=application.cohort.manager_link_days)
            new.reminded_at = now
            new.save(update_fields=["reminded_at"])
            _queue_manager_request(new, reminder=True)
            sent += 1
    return sent


# Writes the applicant's pages make. The views only check the request and say what happened.


@transaction.atomic
def application_section_save(*, application: Application, key: str, form) -> None:
    """Save one section of an application from its valid form. The lived experience consent
    is kept apart from the application, so it is given (or given again) here instead; the
    about-me profile belongs to the person, not the application."""
    if key == "consent":
        consent_give(application=application, experiences=form.cleaned_data["experiences"])
    elif key == "about-me":
        about_me_save(user=application.applicant, form=form)
    else:
        form.save()


@transaction.atomic
def consent_give(*, application: Application, experiences: list[str]) -> LivedExperienceConsent:
    consent, _ = LivedExperienceConsent.objects.update_or_create(
        cohort=application.cohort,
        user=application.applicant,
        defaults={"experiences": experiences, "given_at": timezone.now(), "withdrawn_at": None},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, application: Application) -> int:
    """Withdraw the applicant's lived experience consent for this cohort and forget what
    they shared under it. Returns how many consents were withdrawn (0 or 1)."""
    return LivedExperienceConsent.objects.filter(
        cohort=application.cohort, user=application.applicant, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now(), experiences=[])


@transaction.atomic
def application_eligibility_confirm(*, application: Application) -> None:
    """Record that the applicant confirmed they are eligible. Kept even if sending then
    fails, as it was before the write moved here."""
    application.eligibility_confirmed = True
    application.save(update_fields=["eligibility_confirmed", "updated_at"])


@transaction.atomic
def about_me_save(*, user, form) -> AboutMe:
    """Save every section of someone's about-me profile together, or none of them, making
    the profile first if this is the first time."""
    form.profile = about_me_get_or_create(user=user)
    form.save()
    return form.profile


# The programme's own questions, for its managers.


@transaction.atomic
def question_save(*, form) -> ApplicationQuestion:
    return form.save()


def question_answered(question: ApplicationQuestion) -> bool:
    return Application.objects.filter(
        cohort__programme=question.programme, extra_answers__has_key=str(question.pk)
    ).exists()


@transaction.atomic
def question_remove(*, question: ApplicationQuestion) -> None:
    """Remove a question nobody has answered yet; their answers would otherwise be lost."""
    question = ApplicationQuestion.objects.select_for_update().get(pk=question.pk)
    if question_answered(question):
        raise ValidationError(
            "People have already answered this question, so it cannot be removed: their "
            "answers would be lost. Change its wording, or make it optional, instead."
        )
    question.delete()
