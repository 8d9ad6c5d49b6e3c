"""The shape of a People Strategy: objectives, workstreams, initiatives and actions by period.

Every class is a frozen dataclass of strings and tuples, so two strategies compare equal when
everything in them is equal (the round-trip tests rely on this) and nothing can be changed by
accident after a file has been checked. Order is kept everywhere because people recognise
their strategy by the order of its workstreams and periods.

Owners are role titles ("Chief People Officer, ICB"), never personal names: people move on,
the strategy stays, and a shared strategy file should not carry personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

STATUSES: Final = ("not_started", "on_track", "at_risk", "done")
"""The status of an action, in the order a tracker shows them."""

STATUS_LABELS: Final = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "done": "Done",
}


@dataclass(frozen=True)
class Action:
    """Something a workstream will do within one period, and where it has got to."""

    key: str
    title: str
    period: str
    status: str
    evidence: str = ""
    """What shows that the action happened (a short sentence); expected once it is done."""


@dataclass(frozen=True)
class Initiative:
    """A piece of work within a workstream, such as a reciprocal mentoring programme.

    Programmes link to initiatives by ``key``, so keys are unique across the whole strategy and
    should stay the same from one version of the file to the next.
    """

    key: str
    title: str
    description: str = ""
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class FrameworkLink:
    """One cell of the matrix: a workstream contributes to one item of a national framework."""

    framework: str
    item: str


@dataclass(frozen=True)
class Workstream:
    """A strand of the strategy with a senior responsible owner and a lead (both role titles)."""

    key: str
    title: str
    objective_keys: tuple[str, ...] = ()
    senior_responsible_owner: str = ""
    lead: str = ""
    initiatives: tuple[Initiative, ...] = ()
    framework_links: tuple[FrameworkLink, ...] = ()


@dataclass(frozen=True)
class Objective:
    """One of the few things the whole strategy sets out to achieve."""

    key: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class FrameworkItem:
    key: str
    title: str


@dataclass(frozen=True)
class Framework:
    """A national framework that workstreams are mapped to, such as the People Promise."""

    key: str
    title: str
    items: tuple[FrameworkItem, ...] = ()

    def item(self, key: str) -> FrameworkItem | None:
        return next((item for item in self.items if item.key == key), None)


@dataclass(frozen=True)
class Strategy:
    """A system's People Strategy, as loaded from a YAML or CSV file."""

    name: str
    system: str
    period_labels: tuple[str, ...]
    objectives: tuple[Objective, ...] = ()
    workstreams: tuple[Workstream, ...] = ()
    frameworks: tuple[Framework, ...] = ()

    def initiatives(self) -> list[tuple[Workstream, Initiative]]:
        """Every initiative with its workstream, in file order."""
        return [(ws, initiative) for ws in self.workstreams for initiative in ws.initiatives]

    def initiative(self, key: str) -> Initiative | None:
        return next((i for _, i in self.initiatives() if i.key == key), None)

    def framework(self, key: str) -> Framework | None:
        return next((f for f in self.frameworks if f.key == key), None)

    def matrix(self, framework_key: str) -> list[tuple[FrameworkItem, tuple[Workstream, ...]]]:
        """Rows of the framework matrix: each item of the framework with the workstreams linked
        to it, in strategy order. An unknown framework gives no rows."""
        framework = self.framework(framework_key)
        if framework is None:
            return []
        return [
            (
                item,
                tuple(
                    ws
                    for ws in self.workstreams
                    if FrameworkLink(framework.key, item.key) in ws.framework_links
                ),
            )
            for item in framework.items
        ]
