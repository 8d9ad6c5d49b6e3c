"""An invented cohort with one planted person, and an attacker who sees what a steering-group
member sees: every combination of filters, every breakdown."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field

from mutuality.disclosure import (
    DEFAULT_POLICY,
    DisclosurePolicy,
    Population,
    Table,
    disclose_breakdown,
    disclose_filtered_count,
)

ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "side": ("aspiring", "established"),
    "organisation": ("ICB", "Acute Trust", "Mental Health Trust", "Council", "VCSE Alliance"),
    "place": ("Northtown", "Southdale", "Eastmoor", "Westbridge"),
    "ethnicity": ("White", "Asian", "Black", "Mixed", "Other ethnic group"),
    "disability": ("yes", "no", "prefer not to say"),
    "poll": ("yes", "no"),
}
WEIGHTS: dict[str, tuple[float, ...]] = {
    "side": (1, 1),
    "organisation": (4, 3, 2, 2, 1),
    "place": (4, 3, 2, 1),
    "ethnicity": (12, 3, 3, 1.5, 1),
    "disability": (2, 7, 1),
    "poll": (3, 2),
}
NAMES = tuple(ATTRIBUTES)

PLANTED = {
    "side": "established",
    "organisation": "VCSE Alliance",
    "place": "Westbridge",
    "ethnicity": "Mixed",
    "disability": "yes",
    "poll": "no",
}
"""The one person unique on organisation, place, ethnicity and disability together."""
UNIQUE_ON = ("organisation", "place", "ethnicity", "disability")

type Key = tuple[str | None, ...]
"""A filter combination: one entry per attribute of ``NAMES``, ``None`` for unfiltered."""


def invent_cohort(size: int, seed: int) -> list[dict[str, str]]:
    """``size - 1`` random people plus the planted one, whom nobody else matches."""
    rng = random.Random(seed)
    people: list[dict[str, str]] = []
    while len(people) < size - 1:
        person = {
            name: rng.choices(values, WEIGHTS[name])[0] for name, values in ATTRIBUTES.items()
        }
        if all(person[name] == PLANTED[name] for name in UNIQUE_ON):
            continue
        people.append(person)
    people.insert(rng.randrange(size), dict(PLANTED))
    return people


def every_filter() -> Iterator[Key]:
    """Every choice a dashboard offers: each attribute unfiltered or one of its values."""
    return itertools.product(*((None, *values) for values in ATTRIBUTES.values()))


def as_filters(key: Key) -> dict[str, str]:
    return {name: value for name, value in zip(NAMES, key, strict=True) if value is not None}


def true_counts(people: list[dict[str, str]]) -> dict[Key, int]:
    """The raw count of every filter combination (the truth the attacker is after).

    Built as a data cube, independently of the engine: count each full combination, then fold
    each attribute into "unfiltered" in turn.
    """
    cube: dict[Key, int] = dict.fromkeys(every_filter(), 0)
    for person in people:
        cube[tuple(person[name] for name in NAMES)] += 1
    for i in range(len(NAMES)):
        for key in [key for key in cube if key[i] is not None]:
            cube[key[:i] + (None,) + key[i + 1 :]] += cube[key]
    return cube


def parents(key: Key) -> list[Key]:
    return [key[:i] + (None,) + key[i + 1 :] for i, value in enumerate(key) if value is not None]


def children(key: Key, i: int) -> list[Key]:
    return [key[:i] + (value,) + key[i + 1 :] for value in ATTRIBUTES[NAMES[i]]]


def interval(lo: int, hi: int) -> int:
    """The bit set {lo..hi} (empty when lo > hi)."""
    lo = max(lo, 0)
    return 0 if hi < lo else ((1 << (hi + 1)) - 1) >> lo << lo


def low(bits: int) -> int:
    return (bits & -bits).bit_length() - 1


def high(bits: int) -> int:
    return bits.bit_length() - 1


@dataclass
class Knowledge:
    """What an attacker knows about every count, as a bit set of the values still possible.

    ``possible[key]`` holds the counts consistent with everything seen so far. Equations say a
    population is the sum of its parts (a filter and its refinements by one attribute; an
    "Other" line and the groups it combines). ``rules`` re-apply what the attacker knows of the
    engine's published rules each round, as the other bounds tighten.
    """

    possible: dict[Hashable, int] = field(default_factory=dict)
    equations: list[tuple[Hashable, tuple[Hashable, ...]]] = field(default_factory=list)
    rules: list[Callable[[Knowledge], bool]] = field(default_factory=list)

    def restrict(self, key: Hashable, bits: int) -> bool:
        narrowed = self.possible[key] & bits
        if narrowed == self.possible[key]:
            return False
        self.possible[key] = narrowed
        return True

    def lo(self, key: Hashable) -> int:
        return low(self.possible[key])

    def hi(self, key: Hashable) -> int:
        return high(self.possible[key])

    def propagate(self, rounds: int = 60) -> int:
        """Tighten every count from every equation and rule until nothing changes.

        Interval reasoning on each equation (each part is at least the whole minus the most
        the other parts can be, and at most the whole minus the least they can be) combined
        with the exact sets each count is confined to: the strong form of "subtract or add
        any figures that differ in one filter", repeated so conclusions feed each other.
        """
        for done in range(1, rounds + 1):
            changed = False
            for whole, parts in self.equations:
                los = [self.lo(part) for part in parts]
                his = [self.hi(part) for part in parts]
                changed |= self.restrict(whole, interval(sum(los), sum(his)))
                whole_lo, whole_hi = self.lo(whole), self.hi(whole)
                sum_lo, sum_hi = sum(los), sum(his)
                for part, part_lo, part_hi in zip(parts, los, his, strict=True):
                    bits = interval(whole_lo - (sum_hi - part_hi), whole_hi - (sum_lo - part_lo))
                    changed |= self.restrict(part, bits)
            for rule in self.rules:
                changed |= rule(self)
            if not changed:
                return done
        return rounds


def lattice_equations(knowledge: Knowledge) -> None:
    """Every population is the sum of its refinements by any one unfiltered attribute."""
    for key in every_filter():
        for i, value in enumerate(key):
            if value is None:
                knowledge.equations.append((key, tuple(children(key, i))))


def learn_from_engine(
    people: list[dict[str, str]], policy: DisclosurePolicy = DEFAULT_POLICY
) -> tuple[Knowledge, dict[Key, object], list[tuple[Key, str, Table]]]:
    """Ask the engine for every filtered count and every breakdown, and read them as the
    attacker would, knowing the published rules but not the data."""
    population = Population(people)
    everyone = len(people) + 2 * policy.rounding_base
    small, gap = policy.min_group_size, policy.min_count
    knowledge = Knowledge()
    cells: dict[Key, object] = {}
    for key in every_filter():
        cell = disclose_filtered_count(population, as_filters(key), policy)
        cells[key] = cell
        floor = small if any(v is not None for v in key) else gap
        if cell.value is None:
            knowledge.possible[key] = interval(0, everyone)
        else:
            half = policy.rounding_base // 2
            knowledge.possible[key] = interval(max(floor, cell.value - half), cell.value + half)
    lattice_equations(knowledge)

    hidden = [key for key, cell in cells.items() if cell.value is None]
    shown = [key for key, cell in cells.items() if cell.value is not None]

    def hidden_rule(k: Knowledge) -> bool:
        # Withheld means: under the floor, or within `gap` of some wider group.
        changed = False
        for key in hidden:
            floor = small if any(v is not None for v in key) else gap
            bits = interval(0, floor - 1)
            for parent in parents(key):
                bits |= interval(k.lo(parent) - gap + 1, k.hi(parent))
            changed |= k.restrict(key, bits)
        return changed

    def shown_rule(k: Knowledge) -> bool:
        # Shown means: at least `gap` below every wider group.
        changed = False
        for key in shown:
            for parent in parents(key):
                changed |= k.restrict(key, interval(0, k.hi(parent) - gap))
                changed |= k.restrict(parent, interval(k.lo(key) + gap, everyone))
        return changed

    knowledge.rules += [hidden_rule, shown_rule]

    tables: list[tuple[Key, str, Table]] = []
    for key in every_filter():
        for i, value in enumerate(key):
            if value is not None:
                continue
            by = NAMES[i]
            table = disclose_breakdown(
                population, as_filters(key), by, policy, values=ATTRIBUTES[by]
            )
            tables.append((key, by, table))
            for row in table.rows:
                if len(row.members) == 1:
                    continue
                other = ("other", key, by, row.members)
                assert row.cell.value is not None
                half = policy.rounding_base // 2
                knowledge.possible[other] = interval(
                    max(small, row.cell.value - half), row.cell.value + half
                )
                parts = tuple(key[:i] + (member,) + key[i + 1 :] for member in row.members)
                knowledge.equations.append((other, parts))
    return knowledge, cells, tables


def learn_from_exact_counts(people: list[dict[str, str]], threshold: int = 8) -> Knowledge:
    """A careless engine: hides counts under ``threshold`` and shows the rest exactly."""
    knowledge = Knowledge()
    for key, n in true_counts(people).items():
        knowledge.possible[key] = interval(0, threshold - 1) if n < threshold else interval(n, n)
    lattice_equations(knowledge)
    return knowledge


def background(knowledge: Knowledge, known: Mapping[str, str]) -> None:
    """The attacker knows the planted person is in the cohort with these attributes."""
    for key in every_filter():
        if all(v is None or known.get(n) == v for n, v in zip(NAMES, key, strict=True)):
            knowledge.restrict(key, ~1)
