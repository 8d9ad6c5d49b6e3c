"""Anonymised themes: the identifying-detail check and suggested clusters of similar themes.

Plain Python with no Django imports. The Django layer runs :func:`check` on each submitted
theme for the moderator (with a :class:`Context` built from the cohort), offers
:func:`redact` as a suggested edit, groups moderated themes with :func:`suggest_clusters`
(and :func:`split_cluster` for the moderator's "split"), and counts contributors per
cluster with :func:`contributors`, which it then passes through :mod:`mutuality.disclosure`.
"""

from .clustering import Cluster, contributors, split_cluster, suggest_clusters
from .identifying import (
    PLACEHOLDERS,
    RULES,
    Context,
    Flag,
    JobTitle,
    Organisation,
    check,
    is_everyday,
    redact,
)

__all__ = [
    "PLACEHOLDERS",
    "RULES",
    "Cluster",
    "Context",
    "Flag",
    "JobTitle",
    "Organisation",
    "check",
    "contributors",
    "is_everyday",
    "redact",
    "split_cluster",
    "suggest_clusters",
]
