"""Checks shared by the YAML and CSV readers, run on the strategy once its shape is read.

Each reader turns its file into a :class:`~.model.Strategy` as best it can, noting where each
value came from, and then these rules decide whether it is fit to import:

- **Required fields.** Every key and title; the strategy's name and system; an action's
  period and status; a workstream's senior responsible owner and lead. A tracker row with no
  title or owner is no use to a steering group.
- **Key format.** Keys are lower-case letters and digits joined by hyphens or underscores, so
  they survive Excel, URLs and re-imports unchanged.
- **Unique keys.** Objectives, workstreams, frameworks, periods and initiatives are unique in
  the strategy (programmes link to initiatives by key alone); an action key is unique within
  its initiative; a framework item within its framework.
- **References.** A workstream's objectives, an action's period and each framework link
  (framework and item) must name something the file defines.
- **Status.** One of not_started, on_track, at_risk, done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import FileError, Locations, Path
from .model import STATUSES, Strategy

KEY_PATTERN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def suggest_key(text: str) -> str:
    """A key a person probably meant: "Reciprocal Mentoring" -> "reciprocal-mentoring"."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def validate(strategy: Strategy, where: Locations) -> list[FileError]:
    """Every problem with ``strategy``, each placed by ``where``."""
    errors: list[FileError] = []

    def err(path: Path, message: str) -> None:
        errors.append(where.error(path, message))

    def required(path: Path, value: str, what: str) -> None:
        if not value:
            err(path, f"{what} is missing")

    def keys(
        items: Iterable[tuple[Path, str]], what: str, seen: dict[str, Path] | None = None
    ) -> None:
        seen = {} if seen is None else seen
        for path, key in items:
            if not key:
                err(path, f"{what} has no key")
            elif not KEY_PATTERN.fullmatch(key):
                err(
                    path,
                    f"{what} key '{key}' should use only lower-case letters, digits and hyphens "
                    f"(for example '{suggest_key(key)}')",
                )
            elif key in seen:
                first = where.error(seen[key], "")
                also = f" (first on {first.unit} {first.line})" if first.line else ""
                err(path, f"{what} key '{key}' is used more than once{also}")
            else:
                seen[key] = path

    required(("name",), strategy.name, "the strategy's name")
    required(("system",), strategy.system, "the system's name")

    if not strategy.period_labels:
        err(("periods",), "the strategy has no periods (for example 2023/24, 2024/25)")
    period_seen: dict[str, Path] = {}
    for i, label in enumerate(strategy.period_labels):
        if not label:
            err(("periods", i), "a period has no label")
        elif label in period_seen:
            err(("periods", i), f"period '{label}' is listed more than once")
        else:
            period_seen[label] = ("periods", i)

    keys(
        ((("frameworks", i, "key"), f.key) for i, f in enumerate(strategy.frameworks)), "framework"
    )
    for i, framework in enumerate(strategy.frameworks):
        required(("frameworks", i, "title"), framework.title, f"framework '{framework.key}' title")
        if not framework.items:
            err(("frameworks", i), f"framework '{framework.key}' has no items")
        keys(
            (
                (("frameworks", i, "items", j, "key"), item.key)
                for j, item in enumerate(framework.items)
            ),
            f"framework '{framework.key}' item",
        )
        for j, item in enumerate(framework.items):
            required(("frameworks", i, "items", j, "title"), item.title, f"item '{item.key}' title")

    keys(
        ((("objectives", i, "key"), o.key) for i, o in enumerate(strategy.objectives)), "objective"
    )
    for i, objective in enumerate(strategy.objectives):
        required(("objectives", i, "title"), objective.title, f"objective '{objective.key}' title")
    objective_keys = {o.key for o in strategy.objectives}
    frameworks = {f.key: f for f in strategy.frameworks}

    keys(
        ((("workstreams", i, "key"), w.key) for i, w in enumerate(strategy.workstreams)),
        "workstream",
    )
    initiative_seen: dict[str, Path] = {}
    for i, ws in enumerate(strategy.workstreams):
        at: Path = ("workstreams", i)
        name = f"workstream '{ws.key}'"
        required((*at, "title"), ws.title, f"{name} title")
        required(
            (*at, "senior_responsible_owner"),
            ws.senior_responsible_owner,
            f"{name} senior responsible owner",
        )
        required((*at, "lead"), ws.lead, f"{name} lead")
        for n, ref in enumerate(ws.objective_keys):
            if ref not in objective_keys:
                err((*at, "objectives", n), f"{name} refers to unknown objective '{ref}'")
        seen_links: set[tuple[str, str]] = set()
        for n, link in enumerate(ws.framework_links):
            path = (*at, "framework_links", n)
            framework = frameworks.get(link.framework)
            if framework is None:
                err(path, f"{name} links to unknown framework '{link.framework}'")
            elif framework.item(link.item) is None:
                err(
                    path,
                    f"{name} links to '{link.item}', which is not an item of '{framework.key}'",
                )
            elif (link.framework, link.item) in seen_links:
                err(path, f"{name} links to '{link.framework}' item '{link.item}' more than once")
            seen_links.add((link.framework, link.item))

        keys(
            ((((*at, "initiatives", j, "key")), ini.key) for j, ini in enumerate(ws.initiatives)),
            "initiative",
            initiative_seen,
        )
        for j, initiative in enumerate(ws.initiatives):
            at_i: Path = (*at, "initiatives", j)
            required((*at_i, "title"), initiative.title, f"initiative '{initiative.key}' title")
            keys(
                ((((*at_i, "actions", k, "key")), a.key) for k, a in enumerate(initiative.actions)),
                f"initiative '{initiative.key}' action",
            )
            for k, action in enumerate(initiative.actions):
                at_a: Path = (*at_i, "actions", k)
                label = f"action '{action.key}'"
                required((*at_a, "title"), action.title, f"{label} title")
                if not action.period:
                    err((*at_a, "period"), f"{label} period is missing")
                elif action.period not in period_seen:
                    err(
                        (*at_a, "period"),
                        f"period '{action.period}' is not one of the strategy's periods "
                        f"({', '.join(strategy.period_labels) or 'there are none'})",
                    )
                if not action.status:
                    err((*at_a, "status"), f"{label} status is missing")
                elif action.status not in STATUSES:
                    err(
                        (*at_a, "status"),
                        f"status '{action.status}' is not one of {', '.join(STATUSES)}",
                    )
    return errors
