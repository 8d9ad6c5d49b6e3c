"""Erasing a person (UK GDPR Article 17), on request or when retention is due.

What "erased" means here (see docs/decisions/0014-erasure-keeps-an-anonymous-placeholder.md):

- deleted: their about-me profile, equality monitoring, lived-experience consent, line-manager
  approvals, private reflections, their own goals and shared notes, their requests for
  support, faculty's supervision notes about their pairs, the themes they sent, the free text
  of their poll answers (in closed polls' frozen results too) and any quotes taken from them,
  their sign-in records (email addresses, authenticators, single sign-on links, sessions) and
  demo outbox messages to them;
- blanked: the free text of their applications, participations and career moves, the reasons
  they gave for missing sessions, the end note of their pairs;
- kept, without anything that says who they were: the account row itself as a placeholder
  ("erased-…@erased.invalid", named "Erased person", cannot sign in), so that the records
  the counts are made of stay whole: the status, side, organisation and band of each application and
  participation, their poll answers (other than free text), attendance, meetings and career
  moves. Closed-wave figures and the cohort's evaluation report do not change. The partner's
  own meetings, goals, notes and reflections are the partner's, and stay.

Then every text and JSON column of every table is swept for their email address and full
name, and each occurrence (another person's "rather not be paired with" list, a match
explanation, an audit event, an admin log line, a queued email) is replaced. The erasure is
audited with counts only.
"""

import re
import secrets
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q

from mutuality.applications.models import (
    AboutMe,
    Application,
    EqualityMonitoring,
    ImportUpload,
    LivedExperienceConsent,
    ManagerApproval,
)
from mutuality.audit.models import AuditEvent, audit
from mutuality.core.models import OutgoingEmail
from mutuality.demo.models import OutboxMessage
from mutuality.partnerships.models import (
    Goal,
    Partnership,
    Reflection,
    SharedNote,
    SupervisionNote,
    SupportRequest,
)
from mutuality.polls.models import CareerOutcome, Kind, Question, Quote, Response, WaveResults
from mutuality.programmes.models import CohortRole, Participation
from mutuality.steering.models import Theme
from mutuality.timeline.models import Invitation

from .selectors import ERASED_DOMAIN

REPLACEMENT = "[erased]"
# Audit event details that only describe the event, never the person.
AUDIT_KEYS_KEPT = {"what", "where"}


class ErasureRefused(Exception):
    pass


@dataclass
class Erasure:
    """What an erasure did, as counts: safe to show and to audit."""

    deleted: dict[str, int] = field(default_factory=dict)
    blanked: dict[str, int] = field(default_factory=dict)
    swept: dict[str, int] = field(default_factory=dict)

    def add(self, bucket: dict[str, int], name: str, count: int) -> None:
        if count:
            bucket[name] = bucket.get(name, 0) + count


def needles_for(user) -> list[str]:
    """What identifies the person in free text: their email address and, when they have
    both a first and a last name, their full name."""
    needles = [user.email]
    full = user.get_full_name().strip()
    if full and full != user.email and " " in full:
        needles.append(full)
    return needles


def _deleted(erasure: Erasure, name: str, queryset) -> None:
    # Count the rows asked for, not the cascade.
    count = queryset.count()
    queryset.delete()
    erasure.add(erasure.deleted, name, count)


def _replace(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(REPLACEMENT, value)
    if isinstance(value, list):
        return [_replace(v, pattern) for v in value]
    if isinstance(value, dict):
        return {_replace(k, pattern): _replace(v, pattern) for k, v in value.items()}
    return value


def _text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.primary_key
        and not f.choices
    ]


def sweep(needles: list[str], *, skip: tuple = ()) -> dict[str, int]:
    """Replace every occurrence of ``needles`` (case-insensitively) in every text and JSON
    column of every table. Returns rows changed per model."""
    # The database finds candidates; the pattern then matches whole addresses and names only,
    # so "ade@trust.example" leaves "made@trust.example.org" alone.
    pattern = re.compile(
        r"(?<![\w.+@-])(?:" + "|".join(re.escape(n) for n in needles) + r")(?![\w@-]|\.\w)",
        re.IGNORECASE,
    )
    changed: dict[str, int] = {}
    for model in apps.get_models():
        if model in skip or model._meta.proxy or not model._meta.managed:
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        query = Q()
        for f in fields:
            for needle in needles:
                query |= Q(**{f"{f.name}__icontains": needle})
        for row in model._base_manager.filter(query):
            updated = []
            for f in fields:
                before = getattr(row, f.attname)
                after = _replace(before, pattern)
                if after != before:
                    setattr(row, f.attname, after)
                    updated.append(f.name)
            if updated:
                model._base_manager.filter(pk=row.pk).update(
                    **{name: getattr(row, model._meta.get_field(name).attname) for name in updated}
                )
                changed[model._meta.label] = changed.get(model._meta.label, 0) + 1
    return changed


def _sign_in_records(person, erasure: Erasure) -> None:
    # allauth's records of email addresses, authenticator apps and single sign-on links.
    for label, name in (
        ("account.EmailAddress", "email addresses"),
        ("mfa.Authenticator", "authenticators"),
        ("socialaccount.SocialAccount", "single sign-on links"),
    ):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        _deleted(erasure, name, model.objects.filter(user=person))
    # Sessions are signed blobs: open each to find theirs (a few thousand at most).
    mine = [
        s.pk
        for s in Session.objects.all()
        if str(s.get_decoded().get("_auth_user_id", "")) == str(person.pk)
    ]
    _deleted(erasure, "sign-in sessions", Session.objects.filter(pk__in=mine))


def _audit_targets(person) -> Q:
    targets = Q(target_type="accounts.user", target_id=str(person.pk))
    for label, queryset in (
        ("applications.application", Application.objects.filter(applicant=person)),
        ("programmes.participation", Participation.objects.filter(user=person)),
        ("polls.careeroutcome", CareerOutcome.objects.filter(participation__user=person)),
    ):
        keys = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        if keys:
            targets |= Q(target_type=label, target_id__in=keys)
    return targets


@transaction.atomic
def erase_person(*, person, by, reason: str) -> Erasure:
    """Erase ``person``'s personal data; ``reason`` is "request" or "retention"."""
    if reason not in {"request", "retention"}:
        raise ValueError(f"Unknown reason for erasing: {reason!r}")
    if by is not None and by.pk == person.pk:
        raise ErasureRefused("Nobody can erase their own account here: ask the programme office.")
    if person.email.endswith(f"@{ERASED_DOMAIN}"):
        raise ErasureRefused("This person has already been erased.")
    needles = needles_for(person)
    erasure = Erasure()
    partnerships = Partnership.objects.filter(
        Q(aspiring__user=person) | Q(established__user=person)
    )
    responses = Response.objects.filter(participation__user=person)

    # Audit events about their records keep what happened and when, not what was said.
    for event in AuditEvent.objects.filter(_audit_targets(person)):
        kept = {
            k: (v if k in AUDIT_KEYS_KEPT or not isinstance(v, str | list | dict) else REPLACEMENT)
            for k, v in event.detail.items()
        }
        if kept != event.detail:
            AuditEvent.objects.filter(pk=event.pk).update(detail=kept)
            erasure.add(erasure.blanked, "audit event details", 1)

    _deleted(erasure, "about-me profile", AboutMe.objects.filter(user=person))
    _deleted(erasure, "equality monitoring", EqualityMonitoring.objects.filter(user=person))
    _deleted(erasure, "consents", LivedExperienceConsent.objects.filter(user=person))
    _deleted(
        erasure,
        "line manager approvals",
        ManagerApproval.objects.filter(application__applicant=person),
    )
    # Spreadsheets waiting to be imported into their cohorts may hold their row.
    _deleted(
        erasure,
        "spreadsheets waiting to be imported",
        ImportUpload.objects.filter(
            cohort__in=Application.objects.filter(applicant=person).values("cohort")
        ),
    )
    erasure.add(
        erasure.blanked,
        "applications",
        Application.objects.filter(applicant=person).update(
            job_title="",
            profession="",
            line_manager_email="",
            line_manager_name="",
            aspirations="",
            experience="",
            topics=[],
            availability=[],
            meeting_modes=[],
            avoid_emails=[],
            extra_answers={},
            decision_reason="",
        ),
    )
    erasure.add(
        erasure.blanked,
        "participations",
        Participation.objects.filter(user=person).update(job_title=""),
    )

    _deleted(erasure, "private reflections", Reflection.objects.filter(author=person))
    _deleted(erasure, "goals", Goal.objects.filter(owner=person))
    _deleted(erasure, "shared notes", SharedNote.objects.filter(author=person))
    _deleted(erasure, "requests for support", SupportRequest.objects.filter(raised_by=person))
    _deleted(
        erasure,
        "supervision notes",
        SupervisionNote.objects.filter(partnership__in=partnerships),
    )
    erasure.add(
        erasure.blanked,
        "pair end notes",
        partnerships.exclude(end_note="").update(end_note=""),
    )
    erasure.add(
        erasure.blanked,
        "session replies",
        Invitation.objects.filter(user=person).exclude(reason="").update(reason=""),
    )

    _deleted(erasure, "quotes", Quote.objects.filter(response__in=responses))
    text_keys: dict[int, set[str]] = {}
    for question in Question.objects.filter(kind=Kind.TEXT):
        text_keys.setdefault(question.instrument_id, set()).add(question.key)
    for response in responses.select_related("wave"):
        keys = text_keys.get(response.wave.instrument_id, set())
        kept = {k: v for k, v in response.answers.items() if k not in keys}
        if kept != response.answers:
            Response.objects.filter(pk=response.pk).update(answers=kept)
            erasure.add(erasure.blanked, "free-text poll answers", 1)
    # A closed poll's frozen copy holds the same words: they go there too (the figures stay),
    # or the quotes page, which reads only frozen answers, would offer them again.
    mine = set(Participation.objects.filter(user=person).values_list("pk", flat=True))
    for results in WaveResults.objects.filter(wave__cohort__participations__pk__in=mine).distinct():
        keys = text_keys.get(results.wave.instrument_id, set())
        answers, changed = [], False
        for pid, side, given in results.answers:
            if pid in mine:
                kept = {k: v for k, v in given.items() if k not in keys}
                changed = changed or kept != given
                given = kept
            answers.append([pid, side, given])
        if changed:
            WaveResults.objects.filter(pk=results.pk).update(answers=answers)
            erasure.add(erasure.blanked, "free-text answers in closed polls' results", 1)
    erasure.add(
        erasure.blanked,
        "career moves",
        CareerOutcome.objects.filter(participation__user=person).exclude(note="").update(note=""),
    )
    # Themes are their own words, even once checked: they go too.
    _deleted(erasure, "themes", Theme.objects.filter(submitted_by=person))
    _deleted(erasure, "roles", CohortRole.objects.filter(user=person))
    outbox = Q()
    for needle in needles:
        outbox |= Q(to__icontains=needle)
    _deleted(erasure, "demo outbox messages", OutboxMessage.objects.filter(outbox))
    # Emails not yet sent to them: nothing more goes to someone who asked to be erased.
    _deleted(
        erasure,
        "emails not yet sent",
        OutgoingEmail.objects.filter(outbox).exclude(status=OutgoingEmail.Status.SENT),
    )
    _sign_in_records(person, erasure)

    # The account becomes a placeholder nobody can sign in as.
    person.email = f"erased-{secrets.token_hex(8)}@{ERASED_DOMAIN}"
    # Shown wherever the partner or the team still see the pair.
    person.first_name = "Erased"
    person.last_name = "person"
    person.preferred_name = ""
    person.pronouns = ""
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.last_login = None
    person.set_unusable_password()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()

    erasure.swept = sweep(needles, skip=(Session, type(person)))
    audit(
        actor=by,
        action="privacy.erased",
        target=person,
        reason=reason,
        deleted=erasure.deleted,
        blanked=erasure.blanked,
        swept=erasure.swept,
    )
    return erasure


@dataclass(frozen=True)
class RetentionRun:
    erased: list[int]
    kept: list[int]
    dry_run: bool


def apply_retention(*, dry_run: bool, today=None) -> RetentionRun:
    """Erase everyone whose cohorts are all past retention. Each person is erased in their
    own transaction, so one failure leaves the others done and itself untouched."""
    from django.contrib.auth import get_user_model

    from .selectors import retention_due

    due, kept = retention_due(today)
    if dry_run:
        return RetentionRun(erased=due, kept=kept, dry_run=True)
    User = get_user_model()
    for person in User.objects.filter(pk__in=due):
        erase_person(person=person, by=None, reason="retention")
    return RetentionRun(erased=due, kept=kept, dry_run=False)
