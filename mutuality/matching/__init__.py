"""Matching engine: scores, hard constraints, the optimal assignment, explanations, rematching.

Plain Python on NumPy/SciPy/scikit-learn with no Django imports, so it can be used from the
web app, from management commands, from the ``mutuality-match`` CLI and in notebooks alike.
"""

from .bands import gap_label, seniority_level
from .constraints import Reason, Rules
from .engine import (
    MatchResult,
    MatchSettings,
    Pair,
    Proposal,
    Unmatched,
    match,
    propose_replacements,
)
from .scoring import Profile, Weights
from .solver import Assignment, assign

__all__ = [
    "Assignment",
    "MatchResult",
    "MatchSettings",
    "Pair",
    "Profile",
    "Proposal",
    "Reason",
    "Rules",
    "Unmatched",
    "Weights",
    "assign",
    "gap_label",
    "match",
    "propose_replacements",
    "seniority_level",
]
