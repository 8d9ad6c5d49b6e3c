"""Matching engine: scores, hard constraints, the optimal assignment, explanations, rematching.

Plain Python on NumPy/SciPy/scikit-learn with no Django imports, so it can be used from the
web app, from management commands, from the ``mutuality-match`` CLI and in notebooks alike.
"""

from .solver import Assignment, assign

__all__ = ["Assignment", "assign"]
