"""Disclosure control: every aggregate any role sees passes through here.

Plain Python with no Django imports, so the same rules serve the dashboards, the evaluation
report, exports and notebooks. The rules (see :mod:`.policy` for each threshold's rationale
and source): counts of 0 to 7 are never shown and others are rounded to the nearest 5;
totals are sums of shown, rounded cells; a percentage needs a base of 10 and at least 8
people on each side; every group of a breakdown, and every filtered population, needs 10;
and no figure is shown within 8 people of the figure for a wider group (see
:mod:`.population`). The same request always gives the same answer: there is no noise.
"""

from .cells import (
    Cell,
    bases_behind,
    disclose_count,
    disclose_percentage,
    disclose_respondents,
    disclose_share,
    round_half_up,
    share_step,
)
from .policy import (
    DEFAULT_POLICY,
    MIN_COUNT,
    MIN_GROUP_SIZE,
    MIN_PERCENTAGE_BASE,
    MIN_RESPONDENTS,
    ROUNDING_BASE,
    DisclosurePolicy,
)
from .population import (
    Population,
    disclose_breakdown,
    disclose_filtered_count,
    disclose_filtered_percentage,
)
from .tables import OTHER, Row, Table, disclose_answers, disclose_table

__all__ = [
    "DEFAULT_POLICY",
    "MIN_COUNT",
    "MIN_GROUP_SIZE",
    "MIN_PERCENTAGE_BASE",
    "MIN_RESPONDENTS",
    "OTHER",
    "ROUNDING_BASE",
    "Cell",
    "DisclosurePolicy",
    "Population",
    "Row",
    "Table",
    "bases_behind",
    "disclose_answers",
    "disclose_breakdown",
    "disclose_count",
    "disclose_filtered_count",
    "disclose_filtered_percentage",
    "disclose_percentage",
    "disclose_respondents",
    "disclose_share",
    "disclose_table",
    "round_half_up",
    "share_step",
]
