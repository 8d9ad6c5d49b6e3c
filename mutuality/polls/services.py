"""The multi-step writes of polls and career outcomes, each in one transaction."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mutuality.audit.models import audit
from mutuality.core.emails import send_after_commit
from mutuality.programmes.models import Cohort, Participation

from .defaults import default_instrument_make
from .models import (
    CareerOutcome,
    Instrument,
    Question,
    Quote,
    Reminder,
    Response,
    Wave,
    WaveResults,
)

WAVE_OPEN_DAYS = 21
INTERVAL_MONTHS = 3


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def default_instrument() -> Instrument:
    """The shared reciprocal-mentoring instrument. A migration makes it on every new database;
    this makes it again where the tables were emptied since (a test, the demo's reset)."""
    return default_instrument_make(Instrument, Question)


def standard_waves(cohort: Cohort) -> list[tuple[str, str, date, date]]:
    """Baseline at the start, a poll every three months, a mid-point, a final poll at the end,
    and follow-ups six and twelve months after: (stage, title, opens, closes)."""
    start, end = cohort.starts_on, cohort.ends_on
    midpoint = start + (end - start) / 2
    waves = [(Wave.Stage.BASELINE, "Baseline poll", start, start + timedelta(WAVE_OPEN_DAYS))]
    month = INTERVAL_MONTHS
    while (opens := _add_months(start, month)) < end - timedelta(days=45):
        if abs((opens - midpoint).days) < 45:
            waves.append((Wave.Stage.MIDPOINT, "Mid-point poll", midpoint, midpoint))
        else:
            waves.append((Wave.Stage.INTERVAL, f"{month}-month poll", opens, opens))
        month += INTERVAL_MONTHS
    if not any(stage == Wave.Stage.MIDPOINT for stage, *_ in waves):
        waves.append((Wave.Stage.MIDPOINT, "Mid-point poll", midpoint, midpoint))
    waves.append((Wave.Stage.FINAL, "Final poll", end - timedelta(days=14), end))
    for months, stage, title in (
        (6, Wave.Stage.FOLLOW_UP_6, "Six months on"),
        (12, Wave.Stage.FOLLOW_UP_12, "Twelve months on"),
    ):
        opens = _add_months(end, months)
        waves.append((stage, title, opens, opens))
    return sorted(
        (
            (stage, title, opens, closes if closes > opens else opens + timedelta(WAVE_OPEN_DAYS))
            for stage, title, opens, closes in waves
        ),
        key=lambda w: w[2],
    )


@transaction.atomic
def lay_out_waves(*, cohort: Cohort, instrument: Instrument | None = None, by=None) -> list[Wave]:
    """Create the standard waves, once: a cohort that already has waves is left as it is."""
    if cohort.waves.exists():
        raise ValidationError("This cohort already has polls. Add or change them one by one.")
    instrument = instrument or default_instrument()
    waves = [
        Wave.objects.create(
            cohort=cohort,
            instrument=instrument,
            stage=stage,
            title=title,
            opens_on=opens,
            closes_on=closes,
        )
        for stage, title, opens, closes in standard_waves(cohort)
    ]
    audit(actor=by, action="polls.laid_out", target=cohort, waves=len(waves))
    return waves


def questions_for(wave: Wave, side: str) -> list[Question]:
    """The questions this side is asked in this wave: a baseline wave asks nothing about the
    programme's effects, as it has not begun."""
    return [
        q for q in wave.instrument.questions.all() if q.asked_of(side) and q.asked_at(wave.stage)
    ]


@transaction.atomic
def response_save(*, wave: Wave, participation: Participation, answers: dict) -> Response:
    """Record or change one person's answers while the wave is open."""
    if not wave.is_open():
        raise ValidationError(
            f"{wave.title} is closed: it was open from {wave.opens_on:%-d %B} to "
            f"{wave.closes_on:%-d %B %Y}."
        )
    response, _ = Response.objects.update_or_create(
        wave=wave, participation=participation, defaults={"answers": answers}
    )
    return response


@transaction.atomic
def wave_freeze(*, wave: Wave, today: date | None = None) -> WaveResults | None:
    """Freeze a closed wave's answers as its current version, once; ``None`` while it is
    open. Reports read only frozen answers, so nothing moves while a wave is open."""
    today = today or timezone.localdate()
    if not wave.has_closed(today):
        return None
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    existing = wave.results.filter(version=wave.version).first()
    if existing is not None:
        return existing
    answers = [
        [pid, side, answers]
        for pid, side, answers in wave.responses.order_by("participation_id").values_list(
            "participation_id", "participation__side", "answers"
        )
    ]
    results = WaveResults.objects.create(
        wave=wave, version=wave.version, closed_on=wave.closes_on, answers=answers
    )
    audit(actor=None, action="polls.results_frozen", target=wave, version=wave.version)
    return results


def freeze_closed_waves(*, today: date | None = None) -> int:
    """Freeze every wave that has closed since it was last frozen, by date or closed early
    by the team; returns how many. The daily job: a poll closed early is frozen at once by
    :func:`wave_close`, so this only catches it if that somehow did not happen."""
    today = today or timezone.localdate()
    frozen = 0
    for wave in Wave.objects.filter(Q(closes_on__lt=today) | Q(closed_at__isnull=False)):
        if not wave.results.filter(version=wave.version).exists():
            frozen += wave_freeze(wave=wave, today=today) is not None
    return frozen


@transaction.atomic
def wave_close(*, wave: Wave, by) -> WaveResults:
    """Close an open wave now, before its closing date, and freeze its answers at once.

    People can no longer answer or change their answers; the frozen answers reach the
    report straight away rather than after the next daily run. Its closing date becomes
    today, so the poll reads as open from its opening date to today. Audited.
    """
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    now = timezone.now()
    today = timezone.localdate(now)
    if wave.has_closed(today):
        raise ValidationError(f"{wave.title} has already closed.")
    if not wave.is_open(today):
        raise ValidationError(
            f"{wave.title} has not opened yet: it opens on {wave.opens_on:%-d %B %Y}. "
            "Change its dates instead."
        )
    planned = wave.closes_on
    wave.closed_at = now
    wave.closes_on = today
    wave.save(update_fields=["closed_at", "closes_on"])
    audit(
        actor=by,
        action="polls.wave_closed",
        target=wave,
        version=wave.version,
        planned_close=planned.isoformat(),
    )
    results = wave_freeze(wave=wave, today=today)
    assert results is not None  # it has just closed
    return results


@transaction.atomic
def wave_reopen(*, wave: Wave, by, closes_on: date, reason: str) -> Wave:
    """Reopen a closed wave until ``closes_on`` so people can change their answers.

    The figures already published stay as they are (the closed version is frozen first if
    it was not yet); the next closing writes a new version, and the reopening is audited
    with its reason.
    """
    today = timezone.localdate()
    if not wave.has_closed(today):
        raise ValidationError(f"{wave.title} is still open until {wave.closes_on:%-d %B %Y}.")
    if closes_on < today:
        raise ValidationError({"closes_on": "The new closing date must be today or later."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the poll is being reopened."})
    wave_freeze(wave=wave, today=today)
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    wave.version += 1
    wave.closes_on = closes_on
    wave.closed_at = None
    wave.save(update_fields=["version", "closes_on", "closed_at"])
    audit(
        actor=by,
        action="polls.wave_reopened",
        target=wave,
        version=wave.version,
        reason=reason.strip(),
        closes_on=closes_on.isoformat(),
    )
    return wave


def send_wave_reminders(*, today: date | None = None) -> int:
    """Remind, once each, people who have not answered an open wave ``remind_after_days``
    after it opened. Running it twice sends nothing twice (the Reminder row is the lock)."""
    today = today or timezone.localdate()
    sent = 0
    waves = Wave.objects.filter(
        opens_on__lte=today, closes_on__gte=today, closed_at__isnull=True
    ).select_related("cohort__programme")
    for wave in waves:
        if (today - wave.opens_on).days < wave.remind_after_days:
            continue
        waiting = (
            Participation.objects.filter(cohort=wave.cohort, status=Participation.Status.ACTIVE)
            .exclude(poll_responses__wave=wave)
            .exclude(pk__in=Reminder.objects.filter(wave=wave).values("participation"))
            .select_related("user")
        )
        for participation in waiting:
            with transaction.atomic():
                _, created = Reminder.objects.get_or_create(wave=wave, participation=participation)
                if not created:
                    continue
                send_after_commit(
                    to=participation.user.email,
                    subject=f"Reminder: {wave.title} closes on {wave.closes_on:%-d %B}",
                    template="poll_reminder.txt",
                    context={
                        "wave": wave,
                        "person": participation.user,
                        "link": settings.BASE_URL
                        + reverse("polls:answer", args=[wave.cohort_id, wave.pk]),
                    },
                )
                sent += 1
    return sent


@transaction.atomic
def quote_share(*, response: Response, question_key: str, text: str, by) -> Quote:
    quote, _ = Quote.objects.update_or_create(
        response=response,
        question_key=question_key,
        defaults={"wave": response.wave, "text": text.strip(), "marked_by": by},
    )
    audit(actor=by, action="polls.quote_shared", target=response.wave)
    return quote


@transaction.atomic
def quote_withdraw(*, quote: Quote, by) -> None:
    cohort = quote.wave.cohort
    quote.delete()
    audit(actor=by, action="polls.quote_withdrawn", target=cohort)


@transaction.atomic
def outcome_record(*, participation: Participation, by, **fields) -> CareerOutcome:
    outcome = CareerOutcome.objects.create(participation=participation, recorded_by=by, **fields)
    if by != participation.user:
        audit(actor=by, action="polls.outcome_recorded_for", target=outcome, kind=outcome.kind)
    return outcome


@transaction.atomic
def outcome_remove(*, outcome: CareerOutcome) -> None:
    """Remove a career outcome someone recorded for themselves."""
    outcome.delete()


@transaction.atomic
def wave_save(*, form, cohort: Cohort) -> Wave:
    """Save a poll of ``cohort`` from its valid form."""
    wave = form.save(commit=False)
    wave.cohort = cohort
    wave.save()
    return wave
