"""The audit log in words: what each event means, what it is about, and its details.

Events are stored with short codes (``polls.results_frozen``) and the model they are about
(``programmes.cohort``, 3), which suit a database and a search, not a person reading the
log. This turns them into sentences. Objects are found by their model label, so the audit
app need not import the apps above it.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps

from .models import AuditEvent

ACTIONS = {
    "special_category.read": "Read someone's special category data",
    "special_category.totals_read": "Read equality monitoring totals",
    "privacy.downloaded": "Downloaded their own data",
    "privacy.downloaded_for": "Downloaded a person's data for them",
    "privacy.erased": "Erased a person",
    "application.accepted_without_approval": "Accepted an application without line manager "
    "approval",
    "approval.decided": "Line manager approved or declined an application",
    "approval.recorded": "Recorded a line manager's answer given another way",
    "approval.resent": "Sent the line manager's approval link again",
    "applications.imported": "Imported applications from a spreadsheet",
    "applications.exported": "Downloaded the applications",
    "decisions.sent": "Sent decision emails",
    "cohort.stepped_back": "Moved a cohort back a stage",
    "matching.pin_breaks_rule": "Kept a pair that breaks a matching rule",
    "matching.published": "Published the pairs",
    "polls.laid_out": "Set up the cohort's polls",
    "polls.results_frozen": "Poll closed and its results kept",
    "polls.wave_reopened": "Reopened a poll",
    "polls.quote_shared": "Chose words from a poll to share",
    "polls.quote_withdrawn": "Withdrew shared words from a poll",
    "polls.outcome_recorded_for": "Recorded a career move for someone",
    "evaluation.exported": "Downloaded the evaluation figures",
    "steering.theme_published": "Published a theme to the steering group",
    "steering.theme_rejected": "Rejected a theme",
    "steering.action_created": "Added a steering group action",
    "steering.action_changed": "Changed a steering group action",
    "strategy.imported": "Imported the People Strategy",
}

# What the thing an event is about is called, when its own name would not say.
KINDS = {
    "accounts.user": "",
    "programmes.cohort": "",
    "polls.wave": "Poll",
    "polls.careeroutcome": "Career move",
    "applications.application": "Application",
    "matchruns.matchrun": "",
    "steering.theme": "Theme",
    "steering.steeringaction": "Action",
    "strategy.strategy": "People Strategy",
}

# Details, in words. Anything not listed is shown with its key made readable.
DETAIL_LABELS = {
    "where": "On the page",
    "rows": "Rows",
    "count": "Emails",
    "waves": "Polls",
    "version": "Version",
    "reason": "Reason",
    "closes_on": "Now closes on",
    "partnerships": "Pairs",
    "workstreams": "Workstreams",
    "links_kept": "Programme links kept",
    "links_dropped": "Programme links dropped",
    "approved": "Answer",
    "by_email": "Line manager",
    "to": "Sent to",
    "manager_answer": "Line manager's answer",
    "kind": "Kind",
    "rules": "Rules broken",
    "flags_left": "Possible identifying details left",
    "was": "Stage before",
    "now": "Stage now",
    "deleted": "Deleted",
    "blanked": "Blanked",
    "swept": "Removed from free text",
    "created": "New applications",
    "updated": "Applications updated",
}
# Identifiers of people or records: the log names who the event is about instead.
# "what" is said by the event's description.
HIDDEN_DETAILS = {"aspiring", "established", "upload", "application", "what"}


def action_text(code: str, detail: dict | None = None) -> str:
    """What an event's code means, or the code made readable if it is a new one."""
    what = (detail or {}).get("what")
    if code.startswith("special_category.") and what:
        return f"Read {what} totals" if code.endswith("totals_read") else f"Read their {what}"
    if code in ACTIONS:
        return ACTIONS[code]
    return code.replace(".", ": ").replace("_", " ").capitalize()


def _value_text(key: str, value) -> str:
    if key == "approved" and isinstance(value, bool):
        return "approved" if value else "declined"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in value.items() if v) or "none"
    if isinstance(value, list | tuple):
        return ", ".join(str(v).replace("_", " ") for v in value)
    return str(value).replace("_", " ") if key in {"was", "now", "kind"} else str(value)


def details_text(detail: dict) -> list[str]:
    """Each detail as "Label: value", leaving out empty values and record numbers."""
    lines = []
    for key, value in detail.items():
        if key in HIDDEN_DETAILS or value in (None, "", [], {}):
            continue
        label = DETAIL_LABELS.get(key, key.replace("_", " ").capitalize())
        lines.append(f"{label}: {_value_text(key, value)}")
    return lines


def subjects(events: Iterable[AuditEvent]) -> dict[int, str]:
    """For each event, what it is about in words: a person's name, a cohort's programme and
    name, "Poll: Baseline poll (...)", or the kind of thing and its number when it no longer
    exists."""
    events = list(events)
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        wanted[event.target_type].add(event.target_id)
    found: dict[tuple[str, str], object] = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            found[(label, str(obj.pk))] = obj
    names = {}
    for event in events:
        kind = KINDS.get(event.target_type)
        if kind is None:
            kind = event.target_type.split(".")[-1].capitalize()
        obj = found.get((event.target_type, event.target_id))
        if obj is None:
            names[event.pk] = f"{kind or 'Record'} {event.target_id} (no longer held)"
        elif event.target_type == "steering.theme":
            # A theme's words may name someone: say only where it came from.
            names[event.pk] = f"Theme {obj.pk} from {obj.cohort}"
        else:
            names[event.pk] = f"{kind}: {obj}" if kind else str(obj)
    return names
