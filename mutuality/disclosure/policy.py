"""The thresholds of disclosure control, and the per-cohort policy that may only tighten them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Final

MIN_COUNT: Final = 8
"""The smallest number of people a shown count, or a difference between two shown counts, may
describe.

Rationale: a figure about one to seven people lets anyone who knows a few of them work out
something about the rest. Zero is treated as small too: "none of the 20 people in this
organisation is disabled" tells the reader the disability status of all 20 (group disclosure),
so an empty group is shown the same way as a small one.

Source: NHS Digital, Hospital Episode Statistics Analysis Guide and its disclosure control
method (counts from 1 to 7 are replaced by a marker); OpenSAFELY output checking rules
(counts of 7 or fewer are redacted); ONS guidance on disclosure control for tables, which warns
about group disclosure through zeros.
"""

ROUNDING_BASE: Final = 5
"""Every shown count is rounded to the nearest multiple of this, halves going up.

Rationale: even counts of eight or more can be subtracted from one another; rounding leaves
at least five possible true values behind every shown figure, so a difference of two shown
figures always spans nine or more possible values and never pins one person down. With a
base of 5 no whole number lies exactly half-way, so "halves go up" only matters for even
bases (a base of 10 turns 25 into 30).

Source: NHS Digital HES disclosure control method (round to the nearest 5); OpenSAFELY
output checking (round to the nearest 5); OECD Glossary of Statistical Disclosure Control,
"conventional rounding".
"""

MIN_PERCENTAGE_BASE: Final = 10
"""The fewest respondents a percentage may be based on.

Rationale: a percentage of a handful of people is a count in disguise (50% of 4 is 2). At
the defaults the stricter complement rule (eight or more on each side of the percentage)
already needs a base of 16; this floor stays so a cohort can raise it on its own.

Source: NHS Digital HES disclosure control method (no percentage of a suppressed base); GSS
guidance on presenting percentages from small bases.
"""

MIN_GROUP_SIZE: Final = 10
"""The fewest people any group of a breakdown, or any filtered population, may have.

Rationale: a breakdown by a protected characteristic, an organisation or a place describes
people who are easy to recognise (the only two Black consultants in one trust). A filtered
count is one group of such a breakdown, so the same floor applies to it. Ten rather than
eight because the steering group sees these figures side by side, every cohort, year on year.

Source: ONS disclosure control guidance for tables of administrative data (thresholds of 10
for sensitive breakdowns); the Mutuality design, "Who may see what".
"""


MIN_RESPONDENTS: Final = 11
"""The fewest people who must have answered a question for a group's result to be shown.

Rationale: a poll result describes people's own views, and in a programme of 10 to 40
people most are known to most readers. The NHS Staff Survey publishes a question's result
for a group only when at least 11 people in it answered, as a whole percentage with its
base; we follow the same rule so that results read like the ones schemes already publish.
Paired before and after statistics need 11 people who answered both polls. Below that a
result is combined with another group or said plainly to have too few answers, and no
other statistic about the group is shown.

Source: NHS Staff Survey, reporting rules for local results (suppression below 11
responses); ADR 0010.
"""


@dataclass(frozen=True, slots=True)
class DisclosurePolicy:
    """The thresholds for one cohort's figures.

    A cohort may protect its people more than the defaults (a very small programme, a
    sensitive focus such as sexuality) but never less: the defaults are the floor the design
    promises to every participant. The constructor therefore refuses any looser value, so a
    misconfigured cohort fails loudly instead of quietly publishing small numbers.
    """

    min_count: int = MIN_COUNT
    rounding_base: int = ROUNDING_BASE
    min_percentage_base: int = MIN_PERCENTAGE_BASE
    min_group_size: int = MIN_GROUP_SIZE
    min_respondents: int = MIN_RESPONDENTS

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{field.name} must be a whole number, not {value!r}")
            if value < field.default:
                raise ValueError(
                    f"{field.name} may only be raised above the default of {field.default}, "
                    f"not set to {value}"
                )
        # Multiples of the default keep every shown figure a multiple of 5 under any policy,
        # so readers (and the tests) can recognise a rounded figure at a glance.
        if self.rounding_base % ROUNDING_BASE:
            raise ValueError(
                f"rounding_base must be a multiple of {ROUNDING_BASE}, not {self.rounding_base}"
            )

    @property
    def group_floor(self) -> int:
        """The fewest people in a group or filtered population: a group is a count as well, so
        it needs whichever of the two thresholds is higher."""
        return max(self.min_group_size, self.min_count)

    def stricter(self, **changes: int) -> DisclosurePolicy:
        """A copy with some thresholds raised; a change that would loosen one is refused.

        Checked against this policy, not only the defaults, so a cohort copied from a stricter
        one cannot be quietly relaxed back towards the floor.
        """
        for name, value in changes.items():
            if not hasattr(self, name):
                raise ValueError(f"{name} is not a disclosure threshold")
            if value < getattr(self, name):
                raise ValueError(
                    f"{name} may only be raised, from {getattr(self, name)}, not lowered to {value}"
                )
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        return DisclosurePolicy(**(values | changes))

    def at_least_as_strict_as(self, other: DisclosurePolicy) -> bool:
        """Whether every threshold here is at least the other's (rounding: a multiple of it)."""
        return (
            self.min_count >= other.min_count
            and self.rounding_base % other.rounding_base == 0
            and self.min_percentage_base >= other.min_percentage_base
            and self.min_group_size >= other.min_group_size
            and self.min_respondents >= other.min_respondents
        )


DEFAULT_POLICY: Final = DisclosurePolicy()
"""The policy of a cohort that has not asked for more protection."""
