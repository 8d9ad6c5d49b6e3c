"""Breakdowns: groups big enough to name, small ones combined, totals summed from the cells."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .cells import NOT_SHOWN, Cell, shown_count
from .policy import DEFAULT_POLICY, DisclosurePolicy

OTHER = "Other"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a breakdown; ``members`` names the groups a combined line stands for."""

    label: str
    cell: Cell
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A breakdown ready to show, or the reason it is withheld (``withheld`` and no rows).

    ``total`` is the sum of the rounded figures in ``rows``, never a count of the raw data: a
    total rounded on its own would differ from the sum of the cells by a few people, and two
    such views could be subtracted to recover a group that was hidden.
    """

    kind: str
    rows: tuple[Row, ...]
    total: Cell
    notes: tuple[str, ...]
    withheld: bool

    def row(self, label: str) -> Row | None:
        return next((row for row in self.rows if row.label == label), None)


def merged_note(policy: DisclosurePolicy, floor: int | None = None) -> str:
    smallest = policy.group_floor if floor is None else floor
    return (
        f"Groups smaller than {smallest} are combined into “{OTHER}”, with any "
        "other groups needed so that no small group can be worked out."
    )


def _withheld(kind: str, note: str) -> Table:
    return Table(kind, (), Cell.withheld(NOT_SHOWN, note), (note,), True)


def arrange(
    counts: Mapping[str, int],
    policy: DisclosurePolicy,
    *,
    kind: str,
    nameable: Callable[[str], bool],
    other_ok: Callable[[frozenset[str]], bool],
    exposed: bool,
    withheld_note: Callable[[list[str]], str],
    floor: int | None = None,
) -> Table:
    """Decide which groups are named, which are combined, and whether to show anything.

    ``nameable`` says whether a group may appear on its own line, ``other_ok`` whether a
    combined group may be shown. ``exposed`` says that a named group's figure is also
    published elsewhere (a filtered count): then a combined group may only absorb a named one
    if the hidden part of it is itself at least ``min_count``, or subtracting the published
    figure from "Other" would give the hidden part back.

    Combining always takes the smallest named groups first, ties broken by label, so the same
    counts always give the same table and a stricter policy only ever combines more.
    ``floor`` is the fewest people a combined line may hold (``group_floor`` unless given).
    """
    floor = policy.group_floor if floor is None else floor
    named = [group for group in counts if nameable(group)]
    hidden = [group for group in counts if group not in named]
    other = list(hidden)

    def absorb_smallest() -> None:
        smallest = min(named, key=lambda group: (counts[group], group))
        named.remove(smallest)
        other.append(smallest)

    if hidden:
        hidden_total = sum(counts[group] for group in hidden)
        if exposed and hidden_total < policy.min_count:
            return _withheld(kind, withheld_note(hidden))
        while named and sum(counts[group] for group in other) < floor:
            absorb_smallest()
        while named and not other_ok(frozenset(other)):
            absorb_smallest()
        if not named:
            return _withheld(kind, withheld_note(hidden))

    label = OTHER if OTHER not in counts else f"{OTHER} (combined)"
    rows = [
        Row(group, Cell.shown(shown_count(counts[group], policy, floor)), (group,))
        for group in named
    ]
    if other:
        ordered = tuple(group for group in counts if group in other)
        value = shown_count(sum(counts[group] for group in other), policy, floor)
        rows.append(Row(label, Cell.shown(value), ordered))
    total = Cell.shown(sum(row.cell.value or 0 for row in rows))
    notes = (merged_note(policy, floor),) if other else ()
    return Table(kind, tuple(rows), total, notes, False)


def disclose_table(
    counts: Mapping[str, int],
    policy: DisclosurePolicy = DEFAULT_POLICY,
    *,
    kind: str = "protected characteristic",
) -> Table:
    """A breakdown of one population by one characteristic, organisation or place.

    A group is named when it has at least ``group_floor`` people and the rest of the table
    has at least ``min_count`` (otherwise the named group is nearly everybody, and the rest is
    a small group in disguise). Groups that are not named, zero included, are combined into
    "Other"; if that is still too small, the smallest named groups join it (complementary
    suppression by combining, which keeps the table adding up). If fewer than two lines would
    remain, the breakdown is withheld with a note saying why.

    Use :func:`disclose_breakdown` for a breakdown of filtered records, which also keeps the
    table consistent with every filtered count a user may ask for.
    """
    if any(n < 0 for n in counts.values()):
        raise ValueError("a count of people is never negative")
    everyone = sum(counts.values())

    def nameable(group: str) -> bool:
        n = counts[group]
        return n >= policy.group_floor and everyone - n >= policy.min_count

    def withheld_note(hidden: list[str]) -> str:
        small = [group for group in hidden if counts[group] < policy.group_floor]
        if not small:
            return f"Breakdown by {kind} not shown: one group would be almost everybody."
        return (
            f"Breakdown by {kind} not shown: fewer than {policy.group_floor} people in "
            f"{', '.join(small)}, even when combined with other groups."
        )

    return arrange(
        counts,
        policy,
        kind=kind,
        nameable=nameable,
        other_ok=lambda _members: True,
        exposed=False,
        withheld_note=withheld_note,
    )


def disclose_answers(
    counts: Mapping[str, int],
    policy: DisclosurePolicy = DEFAULT_POLICY,
    *,
    kind: str = "answer",
) -> Table:
    """How one whole group answered a question: the counts behind a chart of answers.

    The answers to a question are not groups of people to be recognised, as a protected
    characteristic, an organisation or a place are; each line is a count of people, so the
    count rules apply to it: a line is named when at least ``min_count`` gave that answer and
    at least ``min_count`` gave another (the same test a shown percentage passes). Lines that
    are not named are combined, and the table is withheld if fewer than two lines remain.
    The group itself (a side of a cohort, or a whole cohort) must not be a filtered
    population: breakdowns of filtered records go through :func:`disclose_breakdown`.
    """
    if any(n < 0 for n in counts.values()):
        raise ValueError("a count of people is never negative")
    everyone = sum(counts.values())

    def nameable(answer: str) -> bool:
        n = counts[answer]
        return n >= policy.min_count and everyone - n >= policy.min_count

    def withheld_note(hidden: list[str]) -> str:
        return (
            f"Answers not broken down: fewer than {policy.min_count} people gave some of them, "
            "even when combined with others."
        )

    return arrange(
        counts,
        policy,
        kind=kind,
        nameable=nameable,
        other_ok=lambda _members: True,
        exposed=False,
        withheld_note=withheld_note,
        floor=policy.min_count,
    )
