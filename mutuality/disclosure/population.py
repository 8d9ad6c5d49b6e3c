"""From raw records to shown figures: the only path the web app takes to a number a user sees.

Every figure here is about a *population*: the records matching some filters, one value per
attribute (the choices a steering-group member has on a dashboard). Besides the thresholds of
:mod:`.cells`, one rule makes filtering safe, the **wider-group rule**: a figure is shown only
if it differs by at least ``min_count`` people from the figure of every population obtained by
dropping one of its filters. Any two figures a user can get that differ in one filter are
then at least ``min_count`` people apart in truth, not merely after rounding, so subtracting
one from the other can never isolate a small group (Denning's "tracker" attack).

The rule is hereditary, which is what makes it hold up under repeated asking: if "Org A in
Leeds" is within seven people of "Org A", then every narrower population ("Org A in Leeds,
disabled") is within seven of its counterpart without the place filter, so it is withheld too.
Withheld figures all read "not shown" with one reason covering both causes, so a reader cannot
tell "small" from "too close to a wider group" and narrow the range of the hidden number.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping

from .cells import NOT_SHOWN, Cell, percentage_of_shown, shown_count
from .policy import DEFAULT_POLICY, DisclosurePolicy
from .tables import Table, arrange

type Where = tuple[tuple[str, frozenset[Hashable]], ...]


def filtered_reason(policy: DisclosurePolicy) -> str:
    return (
        f"Not shown: fewer than {policy.group_floor} people, or within {policy.min_count} "
        "people of the figure for a wider group, so that subtracting one figure from another "
        "cannot reveal a small number of people."
    )


def filtered_percentage_reason(policy: DisclosurePolicy) -> str:
    return (
        f"Not shown: a percentage needs at least {policy.group_floor} people giving this "
        "answer and as many giving others, in a breakdown that can be shown, so that it "
        "cannot reveal a small number of people."
    )


class Population:
    """Records prepared for counting many filter combinations quickly.

    Each answer to each attribute is held as a bit set of the records giving it, so a count
    is a few big-integer ANDs and a popcount, and counts are remembered: a dashboard asks
    about one population from many angles, and every figure also needs its wider groups'.
    There is deliberately no public way to read a raw count from it: the only way out is
    through the ``disclose_*`` functions.
    """

    __slots__ = ("_cache", "_everyone", "_masks")

    def __init__(self, records: Iterable[Mapping[str, Hashable]]) -> None:
        members: dict[str, dict[Hashable, list[int]]] = {}
        size = 0
        for i, record in enumerate(records):
            size = i + 1
            for name, value in record.items():
                if value is not None:
                    members.setdefault(name, {}).setdefault(value, []).append(i)
        self._everyone = (1 << size) - 1
        self._masks = {
            name: {value: _bits(indices, size) for value, indices in answers.items()}
            for name, answers in members.items()
        }
        self._cache: dict[Where, int] = {}

    def __repr__(self) -> str:  # never print people's attributes into a log
        return f"<Population of {self._everyone.bit_count()} records>"

    def values(self, attribute: str) -> tuple[Hashable, ...]:
        """The answers recorded for an attribute, in a stable order (the groups of a breakdown)."""
        return tuple(sorted(self._masks.get(attribute, {}), key=str))

    def _count(self, where: Where) -> int:
        count = self._cache.get(where)
        if count is None:
            selected = self._everyone
            for name, allowed in where:
                answers = self._masks.get(name, {})
                either = 0
                for value in allowed:
                    either |= answers.get(value, 0)
                selected &= either
            count = self._cache[where] = selected.bit_count()
        return count


def _bits(indices: list[int], size: int) -> int:
    """A bit set with the given positions, built in one pass rather than by repeated ORs."""
    buffer = bytearray((size + 7) // 8)
    for i in indices:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


def _population(records: Population | Iterable[Mapping[str, Hashable]]) -> Population:
    return records if isinstance(records, Population) else Population(records)


def _where(filters: Mapping[str, Hashable]) -> Where:
    return tuple(sorted((name, frozenset({value})) for name, value in filters.items()))


def _without(where: Where, i: int) -> Where:
    return where[:i] + where[i + 1 :]


def _with(where: Where, name: str, allowed: Collection[Hashable]) -> Where:
    return tuple(sorted((*where, (name, frozenset(allowed)))))


def _may_show(population: Population, where: Where, policy: DisclosurePolicy) -> bool:
    """The thresholds and the wider-group rule for the figure of one population."""
    n = population._count(where)
    floor = policy.group_floor if where else policy.min_count
    if n < floor:
        return False
    return all(
        population._count(_without(where, i)) - n >= policy.min_count for i in range(len(where))
    )


def disclose_filtered_count(
    records: Population | Iterable[Mapping[str, Hashable]],
    filters: Mapping[str, Hashable],
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> Cell:
    """How many records match ``filters`` (each attribute to one value), safe to show.

    A filtered population is one group of a breakdown of the wider population, so it needs
    ``group_floor`` people; the whole population, unfiltered, needs ``min_count``. Shown
    figures are rounded as every count is.
    """
    population = _population(records)
    where = _where(filters)
    if not _may_show(population, where, policy):
        return Cell.withheld(NOT_SHOWN, filtered_reason(policy))
    floor = policy.group_floor if where else policy.min_count
    return Cell.shown(shown_count(population._count(where), policy, floor))


def disclose_breakdown(
    records: Population | Iterable[Mapping[str, Hashable]],
    filters: Mapping[str, Hashable],
    by: str,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    *,
    values: Iterable[Hashable] | None = None,
    kind: str = "protected characteristic",
) -> Table:
    """The records matching ``filters``, broken down by ``by``.

    ``values`` are the groups to report (by default every answer recorded in the whole
    population, so a group nobody in this population belongs to still counts as a small
    group rather than silently vanishing, which would say "nobody here is disabled").

    A group is named only when its figure would also be shown as a filtered count, so the
    breakdown and the dashboard's counts always agree and never add to each other's
    information. Unnamed groups form "Other", which must pass the wider-group rule as well;
    if the unnamed groups hold fewer than ``min_count`` people together the breakdown is
    withheld, because "Other" minus a named group's published figure would give them back.
    """
    if by in filters:
        raise ValueError(f"cannot break down by {by!r} when already filtered on it")
    population = _population(records)
    where = _where(filters)
    groups = tuple(values) if values is not None else population.values(by)
    by_label = {str(group): group for group in groups}
    counts = {label: population._count(_with(where, by, {g})) for label, g in by_label.items()}

    def nameable(label: str) -> bool:
        return _may_show(population, _with(where, by, {by_label[label]}), policy)

    def other_ok(members: frozenset[str]) -> bool:
        allowed = {by_label[label] for label in members}
        n = population._count(_with(where, by, allowed))
        return all(
            population._count(_with(_without(where, i), by, allowed)) - n >= policy.min_count
            for i in range(len(where))
        )

    def withheld_note(_hidden: list[str]) -> str:
        return (
            f"Breakdown by {kind} not shown: some groups have fewer than "
            f"{policy.group_floor} people, or could be worked out from other figures, "
            "even when combined."
        )

    return arrange(
        counts,
        policy,
        kind=kind,
        nameable=nameable,
        other_ok=other_ok,
        exposed=True,
        withheld_note=withheld_note,
    )


def disclose_filtered_percentage(
    records: Population | Iterable[Mapping[str, Hashable]],
    filters: Mapping[str, Hashable],
    attribute: str,
    value: Hashable,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    *,
    values: Iterable[Hashable] | None = None,
) -> Cell:
    """The share of the records matching ``filters`` whose ``attribute`` is ``value``.

    Pass only the people the question applies to (the respondents of a poll) as ``records``.
    The percentage is one line of the breakdown of the population by ``attribute`` over that
    breakdown's total, both rounded figures that :func:`disclose_breakdown` would show anyway,
    so it tells nothing the breakdown does not. It is withheld when the answer is not a line of
    its own there (too few gave it, or too few gave any other answer) or the base is under
    ``min_percentage_base``.
    """
    if attribute in filters:
        raise ValueError(f"cannot take a share of {attribute!r} when already filtered on it")
    population = _population(records)
    table = disclose_breakdown(population, filters, attribute, policy, values=values)
    row = table.row(str(value))
    if (
        population._count(_where(filters)) < policy.min_percentage_base
        or row is None
        or row.members != (str(value),)
        or row.cell.value is None
        or not table.total.value
    ):
        return Cell.withheld(NOT_SHOWN, filtered_percentage_reason(policy))
    return Cell.shown(percentage_of_shown(row.cell.value, table.total.value), percent=True)
