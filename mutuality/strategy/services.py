"""Import a strategy file into the database and export it back, each in one transaction."""

from collections import defaultdict

from django.db import transaction

from mutuality import strategyfile as sf
from mutuality.audit.models import audit

from .models import Action, Initiative, Objective, Strategy, Workstream

# The reads lived here once; callers outside the app still find them under this name.
from .selectors import current_strategy, matrix, to_file  # noqa: F401


def _frameworks_json(frameworks) -> list[dict]:
    return [
        {"key": f.key, "title": f.title, "items": [[i.key, i.title] for i in f.items]}
        for f in frameworks
    ]


def parse(text: str, fmt: str) -> sf.Strategy:
    """The checked strategy in a file, or :class:`strategyfile.StrategyFileError`."""
    if fmt == "csv":
        return sf.load_csv(text)
    return sf.load_yaml(text)


@transaction.atomic
def strategy_import(*, parsed: sf.Strategy, by=None) -> Strategy:
    """Replace the current strategy with ``parsed``. Programmes and steering-group actions
    linked to an initiative stay linked to the initiative with the same key in the new
    version; links to initiatives the new file no longer has are dropped (and counted in the
    audit log)."""
    programme_links: dict[str, set[int]] = defaultdict(set)
    action_links: dict[str, set[int]] = defaultdict(set)
    for initiative in Initiative.objects.prefetch_related("programmes", "steering_actions"):
        programme_links[initiative.key].update(p.pk for p in initiative.programmes.all())
        action_links[initiative.key].update(a.pk for a in initiative.steering_actions.all())
    Strategy.objects.all().delete()

    strategy = Strategy.objects.create(
        name=parsed.name,
        system=parsed.system,
        periods=list(parsed.period_labels),
        frameworks=_frameworks_json(parsed.frameworks),
        imported_by=by if getattr(by, "is_authenticated", False) else None,
    )
    Objective.objects.bulk_create(
        Objective(strategy=strategy, key=o.key, title=o.title, description=o.description, order=n)
        for n, o in enumerate(parsed.objectives)
    )
    kept = 0
    for n, ws in enumerate(parsed.workstreams):
        workstream = Workstream.objects.create(
            strategy=strategy,
            key=ws.key,
            title=ws.title,
            senior_responsible_owner=ws.senior_responsible_owner,
            lead=ws.lead,
            framework_links=[[link.framework, link.item] for link in ws.framework_links],
            objective_keys=list(ws.objective_keys),
            order=n,
        )
        for m, it in enumerate(ws.initiatives):
            initiative = Initiative.objects.create(
                workstream=workstream, key=it.key, title=it.title, description=it.description,
                order=m,
            )  # fmt: skip
            initiative.programmes.set(programme_links.pop(it.key, set()))
            initiative.steering_actions.set(action_links.pop(it.key, set()))
            kept += initiative.programmes.count()
            Action.objects.bulk_create(
                Action(
                    initiative=initiative,
                    key=a.key,
                    title=a.title,
                    period=a.period,
                    status=a.status,
                    evidence=a.evidence,
                    order=k,
                )  # fmt: skip
                for k, a in enumerate(it.actions)
            )
    dropped = sum(len(v) for v in programme_links.values()) + sum(
        len(v) for v in action_links.values()
    )
    audit(
        actor=by,
        action="strategy.imported",
        target=strategy,
        workstreams=len(parsed.workstreams),
        links_kept=kept,
        links_dropped=dropped,
    )
    return strategy


@transaction.atomic
def programme_initiatives_set(*, programme, initiatives) -> None:
    """Record which of the strategy's initiatives ``programme`` delivers."""
    programme.initiatives.set(initiatives)
