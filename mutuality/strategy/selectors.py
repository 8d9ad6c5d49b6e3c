"""People Strategy: the reads. Nothing here writes. Each read runs a fixed number of
queries, whatever the number of workstreams, initiatives or actions."""

from mutuality import strategyfile as sf

from .models import Strategy, Workstream


def current_strategy() -> Strategy | None:
    return Strategy.objects.order_by("-imported_at", "-pk").first()


def _frameworks(data) -> tuple[sf.Framework, ...]:
    return tuple(
        sf.Framework(f["key"], f["title"], tuple(sf.FrameworkItem(k, t) for k, t in f["items"]))
        for f in data
    )


def workstream_count(strategy: Strategy) -> int:
    return strategy.workstreams.count()


def initiatives_of(programme) -> list:
    """The initiatives a programme delivers."""
    return list(programme.initiatives.all())


def dashboard_workstreams(strategy: Strategy) -> list[Workstream]:
    """Each workstream with its initiatives, their actions, the programmes that deliver them
    and the steering group's actions (through the reverse relation: strategy sits below
    steering and does not import it, docs/decisions/0022)."""
    return list(
        strategy.workstreams.prefetch_related(
            "initiatives__actions", "initiatives__programmes", "initiatives__steering_actions"
        )
    )


def workstream_of(strategy: Strategy, key: str) -> Workstream | None:
    """One workstream in full, with each initiative's actions, programmes and steering
    group actions (with their programme and owner)."""
    return (
        Workstream.objects.prefetch_related(
            "initiatives__actions",
            "initiatives__programmes",
            "initiatives__steering_actions__programme",
            "initiatives__steering_actions__owner_organisation",
        )
        .filter(strategy=strategy, key=key)
        .first()
    )


def to_file(strategy: Strategy) -> sf.Strategy:
    """The strategy as the engine's dataclasses, for export: the same shape it was loaded from."""
    workstreams = []
    for ws in strategy.workstreams.prefetch_related("initiatives__actions"):
        workstreams.append(
            sf.Workstream(
                key=ws.key,
                title=ws.title,
                objective_keys=tuple(ws.objective_keys),
                senior_responsible_owner=ws.senior_responsible_owner,
                lead=ws.lead,
                initiatives=tuple(
                    sf.Initiative(
                        key=it.key,
                        title=it.title,
                        description=it.description,
                        actions=tuple(
                            sf.Action(a.key, a.title, a.period, a.status, a.evidence)
                            for a in it.actions.all()
                        ),
                    )
                    for it in ws.initiatives.all()
                ),
                framework_links=tuple(sf.FrameworkLink(f, i) for f, i in ws.framework_links),
            )
        )
    return sf.Strategy(
        name=strategy.name,
        system=strategy.system,
        period_labels=tuple(strategy.periods),
        objectives=tuple(
            sf.Objective(o.key, o.title, o.description) for o in strategy.objectives.all()
        ),
        workstreams=tuple(workstreams),
        frameworks=_frameworks(strategy.frameworks),
    )


def matrix(strategy: Strategy) -> list[dict]:
    """Per framework: its items, and for each the workstreams mapped to it."""
    workstreams = list(strategy.workstreams.all())
    result = []
    for framework in _frameworks(strategy.frameworks):
        rows = [
            (item, [ws for ws in workstreams if [framework.key, item.key] in ws.framework_links])
            for item in framework.items
        ]
        result.append({"framework": framework, "rows": rows, "workstreams": workstreams})
    return result
