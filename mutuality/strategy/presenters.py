"""The People Strategy as the screens show it."""

from mutuality.evaluation.compare import programme_figures

from .models import Workstream


def overdue_action_ids(workstreams: list[Workstream]) -> set[int]:
    """The steering group's actions linked to the workstreams' initiatives that are
    overdue. Reads the prefetched initiatives and actions."""
    return {
        action.pk
        for workstream in workstreams
        for initiative in workstream.initiatives.all()
        for action in initiative.steering_actions.all()
        if action.is_overdue()
    }


def workstream_page(ws: Workstream) -> dict:
    """Beside each initiative: the live figures of each programme that delivers it (once a
    programme), and the steering group's actions linked to it."""
    figures = {}
    steering_actions = {}
    for initiative in ws.initiatives.all():
        for programme in initiative.programmes.all():
            if programme.pk not in figures:
                figures[programme.pk] = programme_figures(programme)
        steering_actions[initiative.pk] = list(initiative.steering_actions.all())
    return {"figures": figures, "steering_actions": steering_actions}
