"""Match runs: the writes. Each is keyword-only and runs in one transaction.

It saves each run with the settings and a fingerprint of its inputs so it can be reproduced
and audited, records the team's pins and forbidden pairs, publishes a run as partnerships
(all or none), and pairs someone whose partnership ended with a new partner. Introductions
go through ``partnerships.services.partnership_introduce``.
"""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mutuality.applications.models import Application
from mutuality.applications.services import applications_decide, decisions_send
from mutuality.audit.models import audit
from mutuality.core.emails import send_after_commit
from mutuality.matching import match
from mutuality.partnerships.models import Partnership
from mutuality.partnerships.services import partnership_introduce
from mutuality.programmes.models import Cohort, Participation

from .models import MatchingSettings, MatchRun, ProposedPair, PublishedPartnership, UnmatchedPerson
from .selectors import (
    consents_of,
    default_weights,
    engine_settings,
    fingerprint,
    matchable,
    person_id,
    profile_for,
    replacements_for,
    rules_broken,
)

# Beyond this many people a run goes to the task worker instead of the web request.
BACKGROUND_FROM = 2000
# Rematching scores every candidate (not only the few shown) to find the chosen one's reasons.
REMATCH_SCORED = 100_000


def settings_for(cohort: Cohort) -> MatchingSettings:
    """The cohort's saved matching settings, saving the defaults first if there are none.
    Only for writes: pages read ``selectors.settings_of``."""
    found, _ = MatchingSettings.objects.get_or_create(
        cohort=cohort, defaults={"weights": default_weights(cohort)}
    )
    return found


@transaction.atomic
def matching_settings_update(
    *, cohort: Cohort, weights: dict, different_organisation: bool, min_gap: int | None
) -> MatchingSettings:
    stored = settings_for(cohort)
    stored.weights = weights
    stored.different_organisation = different_organisation
    stored.min_gap = min_gap
    stored.save(update_fields=["weights", "different_organisation", "min_gap"])
    return stored


@transaction.atomic
def run_create(*, cohort: Cohort, by) -> MatchRun:
    applications = list(matchable(cohort))
    if not applications:
        if Partnership.objects.filter(cohort=cohort).exists():
            raise ValidationError("Everyone accepted already has a partner.")
        raise ValidationError("Accept some applications before matching.")
    stored = settings_for(cohort)
    consents = consents_of(cohort)
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
        inputs_version=fingerprint(profiles),
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
    consents = consents_of(run.cohort)
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
def forbidden_pair_remove(*, cohort: Cohort, aspiring_pk: int, established_pk: int) -> None:
    """Allow a pair the team had forbidden, by the two applications' ids."""
    stored = settings_for(cohort)
    stored.forbidden = _toggle(stored.forbidden, [aspiring_pk, established_pk], False)
    stored.save(update_fields=["forbidden"])


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
    if run.inputs_version != fingerprint(
        [profile_for(a, consents_of(run.cohort).get(a.applicant_id, frozenset()))
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
                score=pair.score,
                reasons=pair.reasons,
            )
        )
    PublishedPartnership.objects.bulk_create(
        PublishedPartnership(run=run, partnership=partnership) for partnership in made
    )
    for partnership in made:
        partnership_introduce(partnership=partnership)
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


@transaction.atomic
def partnership_replace(*, ended: Partnership, stays: Participation, newcomer: Application, by):
    """Pair the partner left behind with a replacement the team chose. Waiting-list
    applicants are accepted first. History is kept: the old partnership stays ended."""
    if ended.status != Partnership.Status.ENDED:
        raise ValidationError("End the partnership before choosing a new partner.")
    if stays.pk not in (ended.aspiring_id, ended.established_id):
        raise ValidationError("That person was not in this partnership.")
    if stays.status != Participation.Status.ACTIVE:
        raise ValidationError("That person has left the programme.")
    if newcomer.side == stays.side:
        raise ValidationError("Choose someone from the other side.")
    # The score and reasons the team saw when choosing, worked out again here rather than
    # trusted from the form, so the new pair says why they were paired.
    stays_application = Application.objects.filter(
        cohort=ended.cohort, applicant=stays.user
    ).first()
    proposal = None
    if stays_application is not None:
        proposal = next(
            (
                found
                for candidate, found in replacements_for(
                    cohort=ended.cohort, application=stays_application, k=REMATCH_SCORED
                )
                if candidate.pk == newcomer.pk
            ),
            None,
        )
    if newcomer.cohort_id != ended.cohort_id:
        # An alumnus of an earlier cohort who offered to buddy joins this one.
        joining, _ = Participation.objects.get_or_create(
            cohort=ended.cohort,
            user=newcomer.applicant,
            defaults={
                "side": newcomer.side,
                "organisation": newcomer.organisation,
                "job_title": newcomer.job_title,
                "band": newcomer.band,
            },
        )
    else:
        if newcomer.status != Application.Status.ACCEPTED:
            applications_decide(
                applications=[newcomer], decision="accept", reason="A place came free.", by=by
            )
            decisions_send(cohort=ended.cohort, by=by, pks=[newcomer.pk])
        joining = Participation.objects.get(cohort=ended.cohort, user=newcomer.applicant)
    aspiring, established = (stays, joining) if stays.side == "aspiring" else (joining, stays)
    made = Partnership.objects.create(
        cohort=ended.cohort,
        aspiring=aspiring,
        established=established,
        replaces=ended,
        score=proposal.score if proposal else None,
        reasons=list(proposal.reasons) if proposal else [],
    )
    partnership_introduce(partnership=made)
    return made
