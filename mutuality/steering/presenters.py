"""Steering as the screens show it: the theme board, the actions log and the meeting pack."""

from datetime import timedelta

from django.utils import timezone

from mutuality.disclosure import disclose_count
from mutuality.evaluation.caching import cached_cohort_report
from mutuality.programmes.numbers import policy_for

from . import selectors
from .models import SteeringAction, Theme

PACK_DAYS = 90


def highlighted(text: str, flags) -> list[tuple[str, object]]:
    """The text cut into plain runs and flagged runs, for marking up in the template."""
    parts, at = [], 0
    for flag in flags:
        if flag.start < at:
            continue
        parts.append((text[at : flag.start], None))
        parts.append((text[flag.start : flag.end], flag))
        at = flag.end
    parts.append((text[at:], None))
    return [(run, flag) for run, flag in parts if run]


def steering_board(programme) -> dict:
    """What the steering group sees of a programme: accepted groups of themes (with rounded
    counts of the people behind them and what is being done about them), the other shared
    themes, the latest report's headlines and the actions log."""
    cohorts = selectors.programme_cohorts(programme)
    groups = []
    for cohort, cluster, actions in selectors.accepted_groups(cohorts):
        policy = policy_for(cohort)
        groups.append(
            {
                "cluster": cluster,
                "cohort": cohort,
                "themes": [t for t in cluster.themes.all() if t.status == Theme.Status.PUBLISHED],
                "contributors": disclose_count(selectors.contributors(cluster), policy),
                # What the system is doing about it: actions linked to the group or to any
                # of its themes.
                "actions": actions,
            }
        )
    reported = selectors.latest_reported(cohorts)
    report = cached_cohort_report(reported, charts=False) if reported else None
    headlines = report.headlines[:6] if report else []
    return {
        "programme": programme,
        "groups": groups,
        "loose": selectors.loose_themes(cohorts),
        "reported": reported,
        "headlines": headlines,
        "report": report,  # for the polls still to come: figures only from closed ones
        "actions": selectors.programme_actions(programme),
        "today": timezone.localdate(),
    }


def meeting_pack(programme) -> dict:
    """The steering board, and the actions not done that are overdue or due soon."""
    context = steering_board(programme)
    horizon = context["today"] + timedelta(days=PACK_DAYS)
    context["due"] = [
        a
        for a in context["actions"]
        if a.status != SteeringAction.Status.DONE and a.due_on <= horizon
    ]
    context["horizon"] = horizon
    return context
