"""One shown figure: a count or a percentage, with what the screen says when it is withheld."""

from __future__ import annotations

from dataclasses import dataclass

from .policy import DEFAULT_POLICY, DisclosurePolicy

NOT_SHOWN = "not shown"


@dataclass(frozen=True, slots=True)
class Cell:
    """A figure ready for a screen, a chart or an export.

    ``value`` is what charts and sums may use (``None`` when withheld, never the true number);
    ``display`` is the plain-English text for people; ``reason`` says why a figure is withheld,
    worded so that it gives nothing away that ``display`` does not.
    """

    value: int | None
    display: str
    suppressed: bool
    reason: str | None = None

    @classmethod
    def shown(cls, value: int, *, percent: bool = False) -> Cell:
        return cls(value, f"{value}%" if percent else str(value), False)

    @classmethod
    def withheld(cls, display: str, reason: str) -> Cell:
        return cls(None, display, True, reason)


def fewer_than(policy: DisclosurePolicy) -> str:
    """The threshold of a small count in words, as reasons name it."""
    return f"fewer than {policy.min_count}"


def small_count_reason(policy: DisclosurePolicy) -> str:
    return (
        f"Not shown: {fewer_than(policy)} people. Small numbers are never shown, so that "
        "nobody can be recognised from them."
    )


def round_half_up(n: int, base: int) -> int:
    """``n`` to the nearest multiple of ``base``, exact halves going up.

    Integer arithmetic rather than :func:`round`, whose halves go to the even neighbour and so
    would turn 25 into 20 but 35 into 40 at a base of 10: a documented, boring rule is easier
    to explain to a steering group and to check by hand.
    """
    if n < 0 or base < 1:
        raise ValueError("counts and bases are never negative")
    return (n + base // 2) // base * base


def shown_count(n: int, policy: DisclosurePolicy, floor: int | None = None) -> int:
    """The rounded figure for a count that has passed its threshold (``floor``).

    Never below the smallest multiple of the rounding base that reaches the threshold: a
    cohort that hides counts under 11 should not then show "10", and rounding 8 to the
    nearest 20 must not give 0, which reads as "nobody". The clamp only ever widens the range
    of true values a figure could stand for.
    """
    floor = policy.min_count if floor is None else floor
    base = policy.rounding_base
    return max(round_half_up(n, base), -(-floor // base) * base)


def disclose_count(n: int, policy: DisclosurePolicy = DEFAULT_POLICY) -> Cell:
    """A count of people on its own: small ones (zero included) withheld, others rounded.

    For counts of a filtered population use :func:`disclose_filtered_count`, which also stops
    a figure being subtracted from the figure for a wider group.
    """
    if n < 0:
        raise ValueError("a count of people is never negative")
    if n < policy.min_count:
        # Every withheld count reads the same, "not shown", on every page and export; the
        # reason, printed beside it, says why (ADR 0010).
        return Cell.withheld(NOT_SHOWN, small_count_reason(policy))
    return Cell.shown(shown_count(n, policy))


def percentage_of_shown(numerator: int, base: int) -> int:
    """A whole percentage of two already-rounded figures, halves going up."""
    return (200 * numerator + base) // (2 * base)


def percentage_reason(policy: DisclosurePolicy) -> str:
    return (
        f"Not shown: a percentage needs at least {policy.min_percentage_base} people in all, "
        f"and at least {policy.min_count} on each side of the answer, so that it cannot "
        "reveal a small number of people."
    )


def disclose_percentage(
    numerator: int, base: int, policy: DisclosurePolicy = DEFAULT_POLICY
) -> Cell:
    """The share of ``base`` people that ``numerator`` are, as a whole percentage.

    Three rules, each closing a way to recover a small count:

    * the base must reach ``min_percentage_base`` (50% of 4 is 2 people);
    * the numerator must reach ``min_count``, zero included (0% says "nobody here");
    * so must the complement, ``base - numerator`` (93% of 15 is 14, so one person said no;
      100% says everybody did).

    The percentage is worked out from *rounded* figures: the rounded numerator over the sum
    of the rounded numerator and the rounded complement, just as a table's total is the sum of
    its rounded cells. A raw percentage can give the unrounded counts back (47% of "about 15"
    can only be 8 of 17), and exact counts of overlapping groups can then be subtracted.
    Summing the two rounded sides, rather than rounding the base on its own, keeps the error
    small (8 of 16 shows as 50%, where 10 over a base rounded to 15 would say 67%).
    """
    if base < 0 or numerator < 0 or numerator > base:
        raise ValueError("a percentage needs 0 <= numerator <= base")
    if (
        base < policy.min_percentage_base
        or numerator < policy.min_count
        or base - numerator < policy.min_count
    ):
        return Cell.withheld(NOT_SHOWN, percentage_reason(policy))
    shown_part = shown_count(numerator, policy)
    return Cell.shown(
        percentage_of_shown(shown_part, shown_part + shown_count(base - numerator, policy)),
        percent=True,
    )


# Poll results: the survey rule (ADR 0010).


def too_few_answered(policy: DisclosurePolicy) -> str:
    return f"fewer than {policy.min_respondents} answered"


def too_few_reason(policy: DisclosurePolicy) -> str:
    return (
        f"Too few answered: a result is shown only when at least {policy.min_respondents} "
        "people in the group answered, so that nobody's answer can be worked out."
    )


def disclose_respondents(n: int, policy: DisclosurePolicy = DEFAULT_POLICY) -> Cell:
    """How many people answered a question, as the base printed beside its result.

    Withheld below ``min_respondents`` (the survey rule); otherwise rounded as every count of
    people is, and never shown below the rule itself (11 and 12 answering both read "15"),
    so the base says no more than "at least 11".
    """
    if n < 0:
        raise ValueError("a count of people is never negative")
    if n < policy.min_respondents:
        return Cell.withheld(too_few_answered(policy), too_few_reason(policy))
    return Cell.shown(shown_count(n, policy, policy.min_respondents))


def bases_behind(shown: int, policy: DisclosurePolicy = DEFAULT_POLICY) -> range:
    """Every true number of respondents that :func:`disclose_respondents` shows as ``shown``:
    what a reader knows of the base, and what no other figure may narrow."""
    floor = policy.min_respondents
    values = [
        n
        for n in range(max(floor, shown - policy.rounding_base), shown + policy.rounding_base)
        if shown_count(n, policy, floor) == shown
    ]
    if not values:
        raise ValueError(f"{shown} is not a base that is ever shown")
    return range(values[0], values[-1] + 1)


def share_step(shown_base: int, policy: DisclosurePolicy = DEFAULT_POLICY) -> int:
    """How finely a percentage on this (rounded) base is shown: 1, 5 or 10 points.

    The step is at least the gap between neighbouring percentages of the *smallest* base the
    rounded figure could stand for (100 / 13 is 7.7 points, so 10), so that every step of the
    scale can be reached from every possible base: the percentage then never tells a reader
    which of the possible bases is the true one. It depends on the shown base only, so the
    choice of step gives nothing away either.
    """
    smallest = bases_behind(shown_base, policy).start
    for step in (1, 5, 10):
        if step * smallest >= 100:
            return step
    return 10  # pragma: no cover - the smallest base is at least 11


def snap_percentage(numerator: int, base: int, step: int) -> int:
    """``numerator`` of ``base`` as a percentage to the nearest ``step``, halves going up,
    but 0% and 100% only when it is exactly so: 21 of 22 reads 90%, not 100%, so a chart
    never says everybody came when somebody did not. (Every base still reaches every
    value: a base of ``n`` people gives 100 - 100 / ``n``, at least 100 minus one step.)"""
    if base <= 0 or not 0 <= numerator <= base:
        raise ValueError("a percentage needs 0 <= numerator <= base and a base above 0")
    value = (200 * numerator + step * base) // (2 * step * base) * step
    if 0 < numerator < base:
        value = min(max(value, step), 100 - step)
    return value


def disclose_share(numerator: int, base: int, policy: DisclosurePolicy = DEFAULT_POLICY) -> Cell:
    """The share of ``base`` respondents giving an answer, under the survey rule.

    Shown only when at least ``min_respondents`` answered, as a whole percentage to the step
    of :func:`share_step` for the rounded base; otherwise withheld as "fewer than 11
    answered". A share near 0% or 100% is shown like any other, as the NHS Staff Survey
    does: the base of at least 11 is the protection, not the value.
    """
    if base < 0 or numerator < 0 or numerator > base:
        raise ValueError("a share needs 0 <= numerator <= base")
    shown_base = disclose_respondents(base, policy)
    if shown_base.value is None:
        return Cell.withheld(shown_base.display, too_few_reason(policy))
    return Cell.shown(
        snap_percentage(numerator, base, share_step(shown_base.value, policy)), percent=True
    )


def disclose_split(
    counts: tuple[int, ...], policy: DisclosurePolicy = DEFAULT_POLICY
) -> tuple[Cell, ...]:
    """How a group's answers divide between two or three bands (negative, middle, positive),
    as shares that add up to 100, under the survey rule.

    The positive share is rounded to the step (:func:`share_step`); so is the negative one,
    but never to more than 100 minus the positive; the middle band is what is left (for two
    bands, the negative is). Each share rounded on its own would not do: three of them add
    up to 90, 100 or 110, and which sums are possible depends on the true base, so the
    shares together could rule out bases that each alone could not. With this rule every
    combination of shares a base shown as B can give is given by every base that B stands
    for (``tests/impact/test_attacker.py`` enumerates them all).
    """
    if len(counts) not in (2, 3) or any(n < 0 for n in counts):
        raise ValueError("a split needs two or three counts, none negative")
    base = sum(counts)
    shown_base = disclose_respondents(base, policy)
    if shown_base.value is None:
        return tuple(Cell.withheld(shown_base.display, too_few_reason(policy)) for _ in counts)
    step = share_step(shown_base.value, policy)
    positive = snap_percentage(counts[-1], base, step)
    if len(counts) == 2:
        return Cell.shown(100 - positive, percent=True), Cell.shown(positive, percent=True)
    negative = min(snap_percentage(counts[0], base, step), 100 - positive)
    return (
        Cell.shown(negative, percent=True),
        Cell.shown(100 - positive - negative, percent=True),
        Cell.shown(positive, percent=True),
    )
