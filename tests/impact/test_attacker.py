"""The attacker: from what a report shows, try to recover the base a page hides.

For every poll result shown, the attacker knows the rules (they are published) and the
figures on the page: the rounded number who answered and the share in each band. It
enumerates every set of answers, for every number of people the rounded base could stand
for, runs the same rules, and keeps the bases that give exactly the page's figures. The page
hides the base if every base the rounding allows survives.

For the change for the same people the space is too big to enumerate, so the attacker
searches instead: starting from the true answers with one person added or taken away, it
changes answers one at a time towards the page's figures. Finding such a set of answers
proves that the figures do not pin the number of pairs.
"""

from __future__ import annotations

import random
from functools import cache

import pytest

from mutuality.disclosure import DEFAULT_POLICY, bases_behind
from mutuality.disclosure.cells import disclose_split
from mutuality.impact.instrument import DEFAULT_INSTRUMENT
from mutuality.impact.report import GROUPINGS, paired_result, wave_result

QUESTIONS = [
    DEFAULT_INSTRUMENT.question("navigating-organisation"),  # five points
    DEFAULT_INSTRUMENT.question("recommend"),  # nought to ten
    DEFAULT_INSTRUMENT.question("applied-for-role"),  # yes or no
]
SIZES = (8, 11, 17, 40)


def cohort_answers(size: int, seed: int, question) -> list:
    """One side's answers: everybody answers but a few, skewed towards agreeing."""
    rng = random.Random(seed)
    answers = []
    for _ in range(size):
        if rng.random() < 0.1:
            continue  # did not answer
        if question.kind == "likert5":
            answers.append(rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 2, 4, 3])[0])
        elif question.kind == "scale10":
            answers.append(rng.choices(range(11), weights=[1] * 7 + [2, 3, 4, 4])[0])
        else:
            answers.append(rng.random() < 0.6)
    return answers


def page(result) -> tuple[str, ...]:
    """What a reader sees of one result: the base and every band's share."""
    return (result.respondents.display, *(cell.display for cell in result.shares))


@cache
def pages_for(kind: str, base: int) -> frozenset[tuple[str, ...]]:
    """Every page the rules can produce from ``base`` answers to a question of ``kind``."""
    question = next(q for q in QUESTIONS if q.kind == kind)
    bands = GROUPINGS[kind]
    seen = set()

    def compositions(total: int, parts: int):
        if parts == 1:
            yield (total,)
            return
        for first in range(total + 1):
            for rest in compositions(total - first, parts - 1):
                yield (first, *rest)

    for counts in compositions(base, len(bands)):
        answers = [
            next(iter(band.values)) for band, n in zip(bands, counts, strict=True) for _ in range(n)
        ]
        seen.add(page(wave_result(question, "final", answers)))
    return frozenset(seen)


def bases_consistent(kind: str, shown: tuple[str, ...]) -> set[int]:
    possible = bases_behind(int(shown[0]))
    return {base for base in possible if shown in pages_for(kind, base)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.kind)
def test_no_shown_share_narrows_the_base(size, question):
    checked = 0
    for seed in range(12):
        one_side = cohort_answers(size, seed, question)
        both_sides = one_side + cohort_answers(size, seed + 99, question)
        for group in (one_side, both_sides):
            result = wave_result(question, "final", group)
            if result.withheld:
                # Below the rule nothing about the group is shown at all.
                assert len(group) < DEFAULT_POLICY.min_respondents
                assert all(cell.value is None for cell in result.shares)
                continue
            shown = page(result)
            assert bases_consistent(question.kind, shown) == set(bases_behind(int(shown[0]))), (
                group,
                shown,
            )
            checked += 1
    assert checked  # both sides together always reach the rule here


@pytest.mark.parametrize("bands", (2, 3))
def test_every_split_of_every_base_up_to_150_hides_the_base(bands):
    """The proof by enumeration: for each base a page can show, every split the rules give
    from one possible base is given by every other possible base."""
    for shown in range(15, 155, 5):
        possible = bases_behind(shown)
        pages: dict[tuple[str, ...], set[int]] = {}
        for base in possible:
            for first in range(base + 1):
                for middle in range(base + 1 - first if bands == 3 else 1):
                    counts = (first, middle, base - first - middle)[-bands:] if bands == 3 else (
                        first, base - first)  # fmt: skip
                    split = tuple(cell.display for cell in disclose_split(counts))
                    assert sum(int(d.rstrip("%")) for d in split) == 100
                    pages.setdefault(split, set()).add(base)
        narrowed = {page: bases for page, bases in pages.items() if bases != set(possible)}
        assert narrowed == {}, shown


def test_the_attacker_would_catch_exact_percentages():
    # The same enumeration against exact whole percentages narrows the base at once: 94% of
    # a base shown as 15 can only be 15 of 16 or 16 of 17.
    def exact(agree: int, base: int) -> str:
        return f"{round(100 * agree / base)}%"

    candidates = {b for b in bases_behind(15) for k in range(b + 1) if exact(k, b) == exact(16, 17)}
    assert candidates == {16, 17}  # of the seven bases "15" stands for


def perturb_search(question, before, after, target, n_target, rng, budget=4000):
    """Look for answers of ``n_target`` people that give the same shown change."""
    keys = list(before)
    xs = [before[k] for k in keys]
    ys = [after[k] for k in keys]
    while len(xs) > n_target:
        i = rng.randrange(len(xs))
        del xs[i], ys[i]
    while len(xs) < n_target:
        i = rng.randrange(len(xs))
        xs.append(xs[i])
        ys.append(ys[i])
    low, high = (1, 5) if question.kind == "likert5" else (0, 10)
    fields = ("mean_before", "mean_after", "mean_change", "ci_low", "ci_high")

    def shown(xs, ys):
        result = paired_result(question, dict(enumerate(xs)), dict(enumerate(ys)))
        return result

    def distance(result) -> float:
        if not result.shown:
            return float("inf")
        gap = sum(abs(getattr(result, f) - getattr(target, f)) for f in fields)
        gap += (result.evidence != target.evidence) + (result.direction != target.direction)
        gap += result.size != target.size
        gap += result.respondents.display != target.respondents.display
        return gap

    best = distance(shown(xs, ys))
    for _ in range(budget):
        if best < 1e-9:
            return True
        side = xs if rng.random() < 0.5 else ys
        i = rng.randrange(len(side))
        old = side[i]
        side[i] = min(high, max(low, old + rng.choice((-1, 1))))
        now = distance(shown(xs, ys))
        if now <= best:
            best = now
        else:
            side[i] = old
    return best < 1e-9


@pytest.mark.parametrize("size", (11, 17, 40))
def test_the_change_for_the_same_people_does_not_pin_the_number_of_pairs(size):
    """Before ADR 0010 the effect size and its interval beside the mean's interval gave the
    number of pairs back; now another number of pairs gives the very same figures."""
    question = QUESTIONS[0]
    rng = random.Random(size)
    before = {i: rng.choice([1, 2, 2, 3, 3, 4]) for i in range(size)}
    after = {i: min(5, b + rng.choice([0, 1, 1, 2])) for i, b in before.items()}
    target = paired_result(question, before, after)
    assert target.shown
    others = sorted(
        (n for n in bases_behind(int(target.respondents.display)) if n != size),
        key=lambda n: abs(n - size),
    )
    found = next(
        (
            n
            for n in others
            if any(
                perturb_search(question, before, after, target, n, random.Random(seed))
                for seed in range(4)
            )
        ),
        None,
    )
    assert found is not None, (size, target.detail)
