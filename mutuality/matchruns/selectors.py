"""Match runs: the reads. Nothing here writes, so the pages that use it can be fetched
with GET as often as anyone likes."""

import dataclasses
import hashlib
import json
from collections import Counter, defaultdict
from statistics import mean

from mutuality.applications.models import Application, LivedExperienceConsent
from mutuality.matching import MatchSettings, Profile, Rules, Weights, propose_replacements
from mutuality.matching.constraints import RULE_NAMES, ConstraintModel, broken_rules
from mutuality.partnerships.models import Partnership
from mutuality.programmes.models import Cohort, Participation

from .models import MatchingSettings, MatchRun, ProposedPair


def default_weights(cohort: Cohort) -> dict:
    return dataclasses.asdict(
        Weights(lived_experience=1.0 if cohort.programme.matches_on_lived_experience else 0.0)
    )


def settings_of(cohort: Cohort) -> MatchingSettings:
    """The cohort's matching settings; the defaults, unsaved, until the team saves some."""
    return MatchingSettings.objects.filter(cohort=cohort).first() or MatchingSettings(
        cohort=cohort, weights=default_weights(cohort)
    )


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
        # Nor anyone who left the programme (their partnership ended because they left).
        .exclude(
            applicant__in=Participation.objects.filter(
                cohort=cohort, status=Participation.Status.WITHDRAWN
            ).values("user")
        )
        .select_related("applicant", "place")
        .order_by("pk")
    )


def consents_of(cohort: Cohort) -> dict[int, frozenset[str]]:
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


def fingerprint(profiles: list[Profile]) -> str:
    def plain(profile: Profile) -> dict:
        return {
            k: sorted(map(str, v)) if isinstance(v, frozenset) else v
            for k, v in dataclasses.asdict(profile).items()
            if k != "name"  # a changed display name does not change a match
        }

    text = json.dumps([plain(p) for p in profiles], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def rules_broken(
    *, cohort: Cohort, pairs: list[tuple[Application, Application]]
) -> dict[tuple[Application, Application], list[str]]:
    """For each (aspiring, established) pair that breaks one of the cohort's rules, the
    rules it breaks. Pins and forbids are the team's own choices and are not counted."""
    if not pairs:
        return {}
    stored = settings_of(cohort)
    people = {a.pk: a for a in matchable(cohort)}
    for a, e in pairs:
        people.setdefault(a.pk, a)
        people.setdefault(e.pk, e)
    consents = consents_of(cohort)
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


def replacements_for(*, cohort: Cohort, application: Application, k: int = 3):
    """The best ``k`` new partners for someone whose partner left, from accepted people
    not in a partnership and the waiting list. Nobody else's pair changes."""
    paired = set()
    for partnership in Partnership.objects.filter(cohort=cohort).exclude(
        status=Partnership.Status.ENDED
    ):
        paired |= {partnership.aspiring.user_id, partnership.established.user_id}
    # A partnership that ended is not offered again: its partner left or it did not work.
    for ended in Partnership.objects.filter(
        cohort=cohort, status=Partnership.Status.ENDED
    ).select_related("aspiring", "established"):
        pair = {ended.aspiring.user_id, ended.established.user_id}
        if application.applicant_id in pair:
            paired |= pair - {application.applicant_id}
    # Someone who left the programme when their partnership ended is not offered.
    paired |= set(
        Participation.objects.filter(
            cohort=cohort, status=Participation.Status.WITHDRAWN
        ).values_list("user_id", flat=True)
    )
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
    consents = consents_of(cohort)
    ids = {a.pk: person_id(a) for a in [*pool, application]}
    stored = settings_of(cohort)
    proposals = propose_replacements(
        profile_for(application, consents.get(application.applicant_id, frozenset())),
        [profile_for(a, consents.get(a.applicant_id, frozenset())) for a in pool],
        engine_settings(stored, ids),
        k=k,
    )
    by_id = {person_id(a): a for a in pool}
    return [(by_id[p.candidate], p) for p in proposals]


def run_of(cohort: Cohort, number: int) -> MatchRun | None:
    return MatchRun.objects.filter(cohort=cohort, number=number).first()


def run_pairs(run: MatchRun) -> list:
    return list(
        run.pairs.select_related(
            "aspiring__applicant",
            "aspiring__organisation",
            "established__applicant",
            "established__organisation",
        )  # fmt: skip
    )


def run_unmatched(run: MatchRun):
    return run.unmatched.select_related("application__applicant", "application__cohort__programme")


def forbidden_pairs(stored: MatchingSettings) -> list[tuple]:
    """The team's forbidden pairs, as applications (None for one since withdrawn)."""
    wanted = {pk for pair in stored.forbidden for pk in pair}
    found = Application.objects.select_related("applicant").in_bulk(wanted)
    return [(found.get(a), found.get(b)) for a, b in stored.forbidden]


def score_spread(run: MatchRun) -> list[dict]:
    """How good the matches are for each organisation and side, so the team can see if one
    group is systematically getting weaker partners."""
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    unmatched: dict[tuple[str, str], int] = defaultdict(int)
    # Side labels are the programme's words: join the programme rather than ask per person.
    pairs = run.pairs.select_related(
        "aspiring__organisation",
        "aspiring__cohort__programme",
        "established__organisation",
        "established__cohort__programme",
    )
    for pair in pairs:
        for application in (pair.aspiring, pair.established):
            key = (str(application.organisation or "No organisation"), application.side_label)
            groups[key].append(pair.score)
    for person in run.unmatched.select_related(
        "application__organisation", "application__cohort__programme"
    ):
        app = person.application
        unmatched[(str(app.organisation or "No organisation"), app.side_label)] += 1
    rows = []
    for key in sorted(set(groups) | set(unmatched)):
        scores = groups.get(key, [])
        rows.append(
            {
                "organisation": key[0],
                "side": key[1],
                "matched": len(scores),
                "unmatched": unmatched.get(key, 0),
                "mean": mean(scores) if scores else None,
                "lowest": min(scores) if scores else None,
            }
        )
    return rows


def compare_rows(first: MatchRun, second: MatchRun) -> list[dict]:
    """One row per aspiring person in either run: their partner in each, and whether it
    changed."""
    rows: dict[int, dict] = {}
    for column, run in (("a", first), ("b", second)):
        for pair in run.pairs.select_related("aspiring__applicant", "established__applicant"):
            row = rows.setdefault(pair.aspiring_id, {"person": pair.aspiring.applicant})
            row[column] = pair
    ordered = sorted(rows.values(), key=lambda r: r["person"].get_full_name())
    for row in ordered:
        a, b = row.get("a"), row.get("b")
        row["changed"] = not (a and b and a.established_id == b.established_id)
    return ordered


def replacement_proposals(partnership: Partnership) -> list[tuple[Participation, list]]:
    """For an ended partnership: the engine's best new partners for each partner who is
    still taking part."""
    proposals = []
    if partnership.status != Partnership.Status.ENDED:
        return proposals
    cohort = partnership.cohort
    for stays in (partnership.aspiring, partnership.established):
        application = Application.objects.filter(cohort=cohort, applicant=stays.user).first()
        if application and stays.status == stays.Status.ACTIVE:
            proposals.append((stays, replacements_for(cohort=cohort, application=application)))
    return proposals


def runs_of(cohort: Cohort):
    return cohort.match_runs.all()


def other_runs(run: MatchRun):
    """The cohort's runs other than ``run``, to compare it with."""
    return MatchRun.objects.filter(cohort_id=run.cohort_id).exclude(pk=run.pk)


def matchable_by_side(cohort: Cohort) -> Counter:
    """How many people each side has to match."""
    return Counter(application.side for application in matchable(cohort))


def cohort_has_partnerships(cohort: Cohort) -> bool:
    return Partnership.objects.filter(cohort=cohort).exists()


def proposed_pair(run: MatchRun, pk: int) -> ProposedPair | None:
    return run.pairs.filter(pk=pk).select_related("aspiring", "established").first()


def proposed_pairs(run: MatchRun, pks: list[str]) -> list[ProposedPair]:
    wanted = [int(pk) for pk in pks if str(pk).isdigit()]
    return list(run.pairs.filter(pk__in=wanted).select_related("aspiring", "established"))


def publish_summary(run: MatchRun) -> dict:
    """What the publish page lists: every pair who will be introduced, and how many people
    will be told they have no partner yet."""
    return {
        "pairs": list(run.pairs.select_related("aspiring__applicant", "established__applicant")),
        "unmatched": run.unmatched.count(),
    }


def cohort_application(cohort: Cohort, pk: int) -> Application | None:
    return Application.objects.filter(pk=pk, cohort=cohort).select_related("applicant").first()


def partnership_of(cohort: Cohort, pk: int) -> Partnership | None:
    return (
        Partnership.objects.select_related(
            "cohort__programme", "aspiring__user", "established__user"
        )
        .filter(pk=pk, cohort=cohort)
        .first()
    )


def replacement_candidate(cohort: Cohort, pk: str | None) -> Application | None:
    """An application the team chose as a new partner: this cohort's, or an alumnus's from
    an earlier cohort of the same programme."""
    if not str(pk or "").isdigit():
        return None
    return Application.objects.filter(cohort__programme=cohort.programme, pk=int(pk)).first()
