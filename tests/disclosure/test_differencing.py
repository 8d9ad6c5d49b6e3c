"""The differencing attack: every filter combination a steering-group member can choose, every
breakdown, and an attacker who adds and subtracts them to find small counts or the planted
person's answers."""

from __future__ import annotations

import pytest

from .cohort import (
    ATTRIBUTES,
    NAMES,
    PLANTED,
    Knowledge,
    background,
    every_filter,
    high,
    invent_cohort,
    learn_from_engine,
    learn_from_exact_counts,
    low,
    parents,
    true_counts,
)

COHORTS = [(60, 1), (120, 2), (200, 3)]


def small_counts_found(knowledge: Knowledge) -> list[tuple[object, int]]:
    """Counts the attacker has pinned to a single value from 1 to 7."""
    return [
        (key, low(bits))
        for key, bits in knowledge.possible.items()
        if bits and low(bits) == high(bits) and 1 <= low(bits) <= 7
    ]


def secret_found(knowledge: Knowledge, secret: str) -> list[str]:
    """Answers the attacker can prove somebody with the planted person's other attributes gave."""
    known = {name: value for name, value in PLANTED.items() if name != secret}
    found = []
    for value in ATTRIBUTES[secret]:
        key = tuple(value if name == secret else known[name] for name in NAMES)
        if knowledge.lo(key) >= 1:
            found.append(value)
    return found


@pytest.fixture(scope="module", params=COHORTS, ids=lambda c: f"{c[0]}-people")
def attacked(request):
    size, seed = request.param
    people = invent_cohort(size, seed)
    knowledge, cells, tables = learn_from_engine(people)
    knowledge.propagate()
    return true_counts(people), knowledge, cells, tables


def test_the_planted_person_is_unique(attacked):
    truth = attacked[0]
    key = tuple(
        PLANTED[name] if name in ("organisation", "place", "ethnicity", "disability") else None
        for name in NAMES
    )
    assert truth[key] == 1


def test_the_attacker_reasons_soundly(attacked):
    """Every true count is still among the values the attacker thinks possible; otherwise the
    attacker's reading of the rules would be wrong and its failure would prove nothing."""
    truth, knowledge, _cells, _tables = attacked
    for key in every_filter():
        assert knowledge.possible[key] >> truth[key] & 1, key


def test_no_count_from_1_to_7_can_be_derived(attacked):
    _truth, knowledge, _cells, _tables = attacked
    assert small_counts_found(knowledge) == []


@pytest.mark.parametrize("secret", ["poll", "disability", "side"])
def test_the_planted_persons_answers_stay_secret(attacked, secret):
    truth, knowledge, cells, tables = attacked
    knowing = Knowledge(dict(knowledge.possible), knowledge.equations, knowledge.rules)
    background(knowing, {name: value for name, value in PLANTED.items() if name != secret})
    knowing.propagate()
    assert secret_found(knowing, secret) == []


def test_figures_one_filter_apart_differ_by_at_least_8_people(attacked):
    """The wider-group rule, checked against the truth: no two shown figures that differ in one
    filter are fewer than 8 people apart, so no subtraction can isolate a small group."""
    truth, _knowledge, cells, _tables = attacked
    for key, cell in cells.items():
        if cell.value is None:
            continue
        for parent in parents(key):
            assert truth[parent] - truth[key] >= 8


def test_breakdowns_agree_with_filtered_counts(attacked):
    """A named line of a breakdown is exactly the filtered count of that group, so the two
    views cannot be played off against each other; totals are sums of the shown lines."""
    _truth, _knowledge, cells, tables = attacked
    shown = 0
    for key, by, table in tables:
        if table.withheld:
            assert table.rows == () and table.total.value is None
            continue
        assert table.total.value == sum(row.cell.value for row in table.rows)
        i = NAMES.index(by)
        for row in table.rows:
            if len(row.members) == 1:
                shown += 1
                assert cells[key[:i] + (row.members[0],) + key[i + 1 :]] == row.cell
    assert shown > 0


def test_the_engine_still_shows_something(attacked):
    """Safety by showing nothing would be no use to a steering group."""
    _truth, _knowledge, cells, tables = attacked
    assert sum(cell.value is not None for cell in cells.values()) >= 25
    assert sum(not table.withheld for _k, _b, table in tables) >= 10


def test_the_attacker_breaks_a_careless_engine():
    """The same attacker against exact counts with only small ones hidden finds both small
    counts and the planted person's poll answer: it is strong enough to mean something."""
    people = invent_cohort(120, 2)
    knowledge = learn_from_exact_counts(people)
    knowledge.propagate()
    assert small_counts_found(knowledge)
    background(knowledge, {name: value for name, value in PLANTED.items() if name != "poll"})
    knowledge.propagate()
    assert secret_found(knowledge, "poll") == [PLANTED["poll"]]
