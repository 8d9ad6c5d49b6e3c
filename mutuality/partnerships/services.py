"""Matching a cohort: the thin layer between the database and the matching engine.

It turns accepted applications into engine profiles (lived experience only from an active,
explicit consent), saves each run with the settings and a fingerprint of its inputs so it
can be reproduced and audited, and publishes a run as partnerships in one transaction.
"""

import dataclasses
import hashlib
import json
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from mutuality.applications.models import Application, LivedExperienceConsent
from mutuality.audit.models import audit
from mutuality.core.emails import send_after_commit
from mutuality.matching import MatchSettings, Profile, Rules, Weights, match, propose_replacements
from mutuality.matching.constraints import RULE_NAMES, ConstraintModel, broken_rules
from mutuality.programmes.models import Cohort, Participation

from .models import MatchingSettings, MatchRun, Partnership, ProposedPair, UnmatchedPerson

# Beyond this many people a run goes to the task worker instead of the web request.
BACKGROUND_FROM = 2000


def settings_for(cohort: Cohort) -> MatchingSettings:
    found, _ = MatchingSettings.objects.get_or_create(
        cohort=cohort,
        defaults={
            "weights": dataclasses.asdict(Weights(
                lived_experience=1.0 if cohort.programme.matches_on_lived_experience else 0.0
            ))
        },
    )  # fmt: skip
    return found


def person_id(application: Application) -> str:
    """Readable and unique: the engine's reasons for the team name people by it."""
    return f"{application.applicant.get_full_name()} ({application.applicant.email})"


def profile_for(application: Application, lived_experience: frozenset[str]) -> Profile:
    return Profile(
        id=person_id(application),
        name=application.applicant.get_full_name() or application.applicant.email,
        side=application.side,
        email=application.applicant.email,
        organisation=str(application.organisation_id or ""),
        level=application.seniority_level,
        place=application.place.name if application.place else "",
        line_manager_email=application.line_manager_email,
        aspirations=application.aspirations,
        experience=application.experience,
        topics=frozenset(application.topics),
        availability=frozenset(tuple(slot.split("-", 1)) for slot in application.availability),
        meeting_modes=frozenset(application.meeting_modes),
        avoid_emails=frozenset(application.avoid_emails),
        lived_experience=lived_experience,
    )


def matchable(cohort: Cohort):
    """Accepted applications of people not already in a partnership of this cohort: everyone
    accepted before the first publishing; afterwards, people left over and late joiners, so a
    later run pairs them without touching published pairs. Someone whose partnership ended
    early can be matched again."""
    paired = Partnership.objects.filter(cohort=cohort).exclude(status=Partnership.Status.ENDED)
    return (
        # Only decisions the applicants have been sent, and not flagged by a line manager.
        Application.objects.filter(
            cohort=cohort,
            status=Application.Status.ACCEPTED,
            decision_sent_at__isnull=False,
            manager_declined_after_decision=False,
        )
        .exclude(applicant__in=paired.values("aspiring__user"))
        .exclude(applicant__in=paired.values("established__user"))
        .select_related("applicant", "place")
        .order_by("pk")
    )


def _consents(cohort: Cohort) -> dict[int, frozenset[str]]:
    if not cohort.programme.matches_on_lived_experience:
        return {}
    return {
        consent.user_id: frozenset(consent.experiences)
        for consent in LivedExperienceConsent.objects.filter(
            cohort=cohort, given_at__isnull=False, withdrawn_at__isnull=True
        )
    }


def engine_settings(stored: MatchingSettings, ids: dict[int, str]) -> MatchSettings:
    def pairs(values) -> frozenset[tuple[str, str]]:
        return frozenset((ids[a], ids[b]) for a, b in values if a in ids and b in ids)

    return MatchSettings(
        weights=Weights.from_mapping(stored.weights) if stored.weights else Weights(),
        rules=Rules(
            different_organisation=stored.different_organisation,
            min_gap=stored.min_gap,
            pinned=pairs(stored.pinned),
            forbidden=pairs(stored.forbidden),
        ),
    )


def _fingerprint(profiles: list[Profile]) -> str:
    def plain(profile: Profile) -> dict:
        return {
            k: sorted(map(str, v)) if isinstance(v, frozenset) else v
            for k, v in dataclasses.asdict(profile).items()
            if k != "name"  # a changed display name does not change a match
        }

    text = json.dumps([plain(p) for p in profiles], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def run_create(*, cohort: Cohort, by) -> MatchRun:
    applications = list(matchable(cohort))
    if not applications:
        if Partnership.objects.filter(cohort=cohort).exists():
            raise ValidationError("Everyone accepted already has a partner.")
        raise ValidationError("Accept some applications before matching.")
    stored = settings_for(cohort)
    consents = _consents(cohort)
    profiles = [profile_for(a, consents.get(a.applicant_id, frozenset())) for a in applications]
    number = (cohort.match_runs.aggregate(n=Max("number"))["n"] or 0) + 1
    run = MatchRun.objects.create(
        cohort=cohort,
        number=number,
        created_by=by,
        settings_used={
            "weights": stored.weights,
            "different_organisation": stored.different_organisation,
            "min_gap": stored.min_gap,
            "pinned": stored.pinned,
            "forbidden": stored.forbidden,
        },
        inputs_version=_fingerprint(profiles),
        people=len(profiles),
    )
    if len(profiles) >= BACKGROUND_FROM:
        from .tasks import run_match

        transaction.on_commit(lambda: run_match.enqueue(run.pk))
    else:
        run_compute(run=run)
    return run


#: Share of a run's progress bar given to the engine; saving the results takes the rest.
ENGINE_SHARE = 0.9


class ProgressWriter:
    """Stores the engine's ``progress(stage, fraction)`` reports on the run, for its page.

    Each write is a single UPDATE, so when the task worker runs outside a transaction the
    page sees it at once. Writes come at most every ``interval`` seconds unless the stage
    changes, so a fast stage does not turn into hundreds of queries.
    """

    def __init__(self, run: MatchRun, interval: float = 1.0) -> None:
        self.run, self.interval = run, interval
        self._last = 0.0

    def __call__(self, stage: str, fraction: float) -> None:
        percent = min(99, int(100 * ENGINE_SHARE * fraction))
        now = time.monotonic()
        if stage == self.run.stage and (
            percent <= self.run.percent or now - self._last < self.interval
        ):
            return
        self._last = now
        self.run.stage, self.run.percent = stage, max(percent, self.run.percent)
        self.run.heartbeat_at = timezone.now()
        MatchRun.objects.filter(pk=self.run.pk).update(
            stage=stage, percent=self.run.percent, heartbeat_at=self.run.heartbeat_at
        )


def run_compute(*, run: MatchRun) -> MatchRun:
    """Solve a saved run: with the settings it recorded, on today's accepted applications.

    Outside a transaction (the task worker) the run is marked running and its stage and
    percentage are saved as the engine goes; the pairs are then saved in one transaction.
    """
    run.status, run.stage, run.percent = MatchRun.Status.RUNNING, "", 0
    run.started_at = run.heartbeat_at = timezone.now()
    run.save(update_fields=["status", "stage", "percent", "started_at", "heartbeat_at"])
    applications = {a.pk: a for a in matchable(run.cohort)}
    ids = {pk: person_id(a) for pk, a in applications.items()}
    by_id = {ids[pk]: a for pk, a in applications.items()}
    consents = _consents(run.cohort)
    profiles = [
        profile_for(a, consents.get(a.applicant_id, frozenset())) for a in applications.values()
    ]
    stored = MatchingSettings(**run.settings_used)
    progress = ProgressWriter(run)
    try:
        result = match(profiles, engine_settings(stored, ids), progress=progress)
    except ValueError as error:
        run.status, run.error = MatchRun.Status.FAILED, str(error)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return run
    progress("saving", 1.0)
    with transaction.atomic():
        ProposedPair.objects.bulk_create(
            ProposedPair(
                run=run,
                aspiring=by_id[pair.aspiring],
                established=by_id[pair.established],
                score=pair.score,
                components=pair.components,
                reasons=pair.reasons,
                pinned=pair.pinned,
            )
            for pair in result.pairs
        )
        UnmatchedPerson.objects.bulk_create(
            UnmatchedPerson(
                run=run, application=by_id[u.person], reason=u.reason, excluded=u.excluded
            )
            for u in result.unmatched
        )
        run.total = result.total
        run.exact = result.exact
        run.warnings = list(result.warnings)
        run.status, run.stage, run.percent = MatchRun.Status.DONE, "", 100
        run.finished_at = timezone.now()
        run.save(
            update_fields=[
                "total",
                "exact",
                "warnings",
                "status",
                "stage",
                "percent",
                "finished_at",
            ]
        )
    return run


def run_failed(*, run_pk: int, error: Exception) -> None:
    """The task stopped with an unexpected error: say so on the run instead of "running"."""
    MatchRun.objects.filter(pk=run_pk).update(
        status=MatchRun.Status.FAILED,
        error=f"The run stopped unexpectedly ({type(error).__name__}). Try running it again.",
        finished_at=timezone.now(),
    )


def _toggle(values: list, pair: list[int], on: bool) -> list:
    values = [list(v) for v in values if list(v) != pair]
    return [*values, pair] if on else values


class RuleBroken(ValidationError):
    """Pinning these pairs would set aside a matching rule; ``broken`` names each rule."""

    def __init__(self, broken: dict[tuple[Application, Application], list[str]]):
        self.broken = broken
        super().__init__(
            [
                f"{a.applicant.get_full_name()} and {e.applicant.get_full_name()} break the "
                f"rule: {'; '.join(rules)}"
                for (a, e), rules in broken.items()
            ]
        )


def rules_broken(
    *, cohort: Cohort, pairs: list[tuple[Application, Application]]
) -> dict[tuple[Application, Application], list[str]]:
    """For each (aspiring, established) pair that breaks one of the cohort's rules, the
    rules it breaks. Pins and forbids are the team's own choices and are not counted."""
    if not pairs:
        return {}
    stored = settings_for(cohort)
    people = {a.pk: a for a in matchable(cohort)}
    for a, e in pairs:
        people.setdefault(a.pk, a)
        people.setdefault(e.pk, e)
    consents = _consents(cohort)
    rows = [a for a in people.values() if a.side == "aspiring"]
    cols = [a for a in people.values() if a.side != "aspiring"]
    model = ConstraintModel(
        [profile_for(a, consents.get(a.applicant_id, frozenset())) for a in rows],
        [profile_for(a, consents.get(a.applicant_id, frozenset())) for a in cols],
        Rules(different_organisation=stored.different_organisation, min_gap=stored.min_gap),
    )
    row_of = {a.pk: i for i, a in enumerate(rows)}
    col_of = {a.pk: j for j, a in enumerate(cols)}
    found = {}
    for a, e in pairs:
        if a.pk not in row_of or e.pk not in col_of:
            continue
        broken = broken_rules(model.pair(row_of[a.pk], col_of[e.pk]))
        if broken:
            found[(a, e)] = [RULE_NAMES[reason] for reason in broken]
    return found


@transaction.atomic
def pair_pin(
    *,
    cohort: Cohort,
    aspiring: Application,
    established: Application,
    on=True,
    acknowledged: bool = False,
    by=None,
) -> None:
    """Pin (or unpin) a pair for the next run. A pin that breaks a rule is refused with
    :class:`RuleBroken` unless the team acknowledged the rule, which is audited."""
    stored = settings_for(cohort)
    pair = [aspiring.pk, established.pk]
    if on:
        broken = rules_broken(cohort=cohort, pairs=[(aspiring, established)])
        if broken and not acknowledged:
            raise RuleBroken(broken)
        for rules in broken.values():
            audit(
                actor=by,
                action="matching.pin_breaks_rule",
                target=cohort,
                aspiring=aspiring.pk,
                established=established.pk,
                rules=rules,
            )
    stored.pinned = _toggle(stored.pinned, pair, on)
    if on:
        stored.forbidden = _toggle(stored.forbidden, pair, False)
    stored.save()


@transaction.atomic
def pair_forbid(*, cohort: Cohort, aspiring: Application, established: Application, on=True):
    stored = settings_for(cohort)
    pair = [aspiring.pk, established.pk]
    stored.forbidden = _toggle(stored.forbidden, pair, on)
    if on:
        stored.pinned = _toggle(stored.pinned, pair, False)
    stored.save()


@transaction.atomic
def pairs_swap(
    *,
    run: MatchRun,
    first: ProposedPair,
    second: ProposedPair,
    acknowledged: bool = False,
    by=None,
) -> None:
    """Swap two pairs' established partners by pinning the swapped pairs for the next run.

    Both new pairs are checked before either is pinned, so a refused swap changes nothing."""
    new = [(first.aspiring, second.established), (second.aspiring, first.established)]
    broken = rules_broken(cohort=run.cohort, pairs=new)
    if broken and not acknowledged:
        raise RuleBroken(broken)
    for aspiring, established in new:
        pair_pin(
            cohort=run.cohort,
            aspiring=aspiring,
            established=established,
            acknowledged=acknowledged,
            by=by,
        )


@transaction.atomic
def run_publish(*, run: MatchRun, by, acknowledged: bool = False) -> list[Partnership]:
    """Make every proposed pair a partnership, or none. A run with pinned pairs that break a
    rule is refused with :class:`RuleBroken` unless the team acknowledged them again."""
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchRun.Status.DONE:
        raise ValidationError("Only a finished run that has not been published can be published.")
    waiting = {a.pk for a in matchable(run.cohort)}
    if any(
        pair.aspiring_id not in waiting or pair.established_id not in waiting
        for pair in run.pairs.all()
    ):
        raise ValidationError(
            "Some people in this run have been paired since it was made. Run matching again "
            "to pair the people still without a partner."
        )
    if not acknowledged:
        broken = rules_broken(
            cohort=run.cohort,
            pairs=[(p.aspiring, p.established) for p in run.pairs.filter(pinned=True)],
        )
        if broken:
            raise RuleBroken(broken)
    if run.inputs_version != _fingerprint(
        [profile_for(a, _consents(run.cohort).get(a.applicant_id, frozenset()))
         for a in matchable(run.cohort)]
    ):  # fmt: skip
        raise ValidationError(
            "Applications have changed since this run. Run matching again before publishing."
        )
    participations = {p.user_id: p for p in Participation.objects.filter(cohort=run.cohort)}
    made = []
    for pair in run.pairs.select_related("aspiring", "established"):
        made.append(
            Partnership.objects.create(
                cohort=run.cohort,
                aspiring=participations[pair.aspiring.applicant_id],
                established=participations[pair.established.applicant_id],
                match_run=run,
                score=pair.score,
                reasons=pair.reasons,
            )
        )
    for partnership in made:
        for me, partner in (
            (partnership.aspiring, partnership.established),
            (partnership.established, partnership.aspiring),
        ):
            send_after_commit(
                to=me.user.email,
                subject="Meet your learning partner",
                template="partner_introduction.txt",
                context={
                    "me": me,
                    "partner": partner,
                    "partnership": partnership,
                    "link": settings.BASE_URL
                    + reverse("partnerships:my_partner", args=[run.cohort_id]),
                },
            )
    for left in run.unmatched.select_related("application__applicant", "application__cohort"):
        send_after_commit(
            to=left.application.applicant.email,
            subject="We have not found you a learning partner yet",
            template="not_matched_yet.txt",
            context={
                "person": left.application.applicant,
                "cohort": run.cohort,
                "link": settings.BASE_URL + run.cohort.get_absolute_url(),
            },
        )
    run.status = MatchRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = by
    run.save(update_fields=["status", "published_at", "published_by"])
    audit(actor=by, action="matching.published", target=run, partnerships=len(made))
    return made


def replacements_for(*, cohort: Cohort, application: Application, k: int = 3):
    """The best ``k`` new partners for someone whose partner left, from accepted people
    not in a partnership and the waiting list. Nobody else's pair changes."""
    paired = set()
    for partnership in Partnership.objects.filter(cohort=cohort).exclude(
        status=Partnership.Status.ENDED
    ):
        paired |= {partnership.aspiring.user_id, partnership.established.user_id}
    pool = [
        a
        for a in Application.objects.filter(
            cohort=cohort,
            status__in=[Application.Status.ACCEPTED, Application.Status.WAITLISTED],
        ).select_related("applicant", "place")
        if a.applicant_id not in paired and a.pk != application.pk
    ]
    # Alumni of the programme's earlier cohorts who said they would buddy someone.
    in_cohort = {a.applicant_id for a in pool} | paired | {application.applicant_id}
    alumni = Participation.objects.filter(
        cohort__programme=cohort.programme, willing_to_buddy=True
    ).exclude(cohort=cohort)
    for participation in alumni.select_related("user"):
        if participation.user_id in in_cohort:
            continue
        earlier = (
            Application.objects.filter(cohort=participation.cohort, applicant=participation.user)
            .select_related("applicant", "place")
            .first()
        )
        if earlier:
            pool.append(earlier)
            in_cohort.add(participation.user_id)
    consents = _consents(cohort)
    ids = {a.pk: person_id(a) for a in [*pool, application]}
    stored = settings_for(cohort)
    proposals = propose_replacements(
        profile_for(application, consents.get(application.applicant_id, frozenset())),
        [profile_for(a, consents.get(a.applicant_id, frozenset())) for a in pool],
        engine_settings(stored, ids),
        k=k,
    )
    by_id = {person_id(a): a for a in pool}
    return [(by_id[p.candidate], p) for p in proposals]
