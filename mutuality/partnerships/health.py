"""Named rules for a pair's health. Plain Python: no Django.

Each rule takes the date of the pair's last contact (their last meeting, or the day they
were introduced if they have not met) and today, and the cohort's own threshold.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class Health(StrEnum):
    FINE = "fine"
    QUIET = "quiet"
    AT_RISK = "at_risk"


def weeks_since(last_contact: date, today: date) -> float:
    return (today - last_contact).days / 7


def is_quiet(last_contact: date, today: date, *, weeks: int = 6) -> bool:
    """No meeting logged for ``weeks`` weeks: send both partners a friendly reminder.

    Rationale: pairs are asked to meet about once a month; six weeks is one missed meeting
    plus a fortnight's grace, early enough that a reminder feels helpful, not a reprimand.
    Source: the reciprocal mentoring programmes we serve ask for an hour a month and review
    pairs that miss more than one meeting; the threshold is set per cohort.
    """
    return weeks_since(last_contact, today) >= weeks


def is_at_risk(last_contact: date, today: date, *, weeks: int = 10) -> bool:
    """No meeting logged for ``weeks`` weeks: show the pair to faculty as at risk.

    Rationale: ten weeks is two missed monthly meetings; by then a reminder alone rarely
    restarts a partnership, and faculty should ask whether it needs help or an ending.
    Source: programme practice (faculty check-ins after two missed meetings); set per cohort.
    """
    return weeks_since(last_contact, today) >= weeks


def pair_health(last_contact: date, today: date, *, quiet_weeks: int, at_risk_weeks: int) -> Health:
    if is_at_risk(last_contact, today, weeks=at_risk_weeks):
        return Health.AT_RISK
    if is_quiet(last_contact, today, weeks=quiet_weeks):
        return Health.QUIET
    return Health.FINE


def expected_meetings_by(start: date, end: date, today: date, expected_total: int) -> int:
    """How many meetings a pair keeping the cohort's rhythm would have had by ``today``."""
    if today <= start:
        return 0
    if today >= end:
        return expected_total
    return int(expected_total * (today - start).days / max((end - start).days, 1))
