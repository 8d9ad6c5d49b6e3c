"""The rules about who may see what live in ``mutuality.programmes.permissions``, next to the
roles they read. This module only passes the helpers on, so that older imports keep working;
new code imports from the programmes app (see docs/decisions/0022)."""

from mutuality.programmes.permissions import (
    get_cohort_for,
    get_programme_for,
    manages_any_cohort,
    must_use_mfa,
    report_cohort_ids,
)

__all__ = [
    "get_cohort_for",
    "get_programme_for",
    "manages_any_cohort",
    "must_use_mfa",
    "report_cohort_ids",
]
