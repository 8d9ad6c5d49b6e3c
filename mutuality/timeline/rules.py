"""Named attendance rules. Plain Python: no Django."""

from collections.abc import Iterable


def missed_mandatory(marks: Iterable[tuple[bool, bool]]) -> int:
    """How many mandatory sessions someone missed, from (mandatory, present) marks of the
    sessions whose register has been taken."""
    return sum(1 for mandatory, present in marks if mandatory and not present)


def needs_follow_up(missed: int, *, allowed: int = 1) -> bool:
    """Missed more than ``allowed`` mandatory sessions: faculty follow up and make sure the
    session's outputs reach them.

    Rationale: learning labs build on each other and pairs draw on what was shared there;
    one absence is life, a second means someone is losing the thread of the programme.
    Source: the programmes we serve make their labs mandatory and follow up on more than one
    absence; the number is set per cohort.
    """
    return missed > allowed
