"""The role matrix: for every view of the project, what each kind of person gets.

``project_views()`` lists every URL pattern whose view lives in the ``mutuality`` package;
``test_roles.py`` fails if one of them is missing from ``MATRIX``, so a new view cannot land
without saying who may use it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

PEOPLE = [
    "anonymous",
    "office",
    "programme_manager",
    "faculty",
    "steering",
    "aspiring",
    "established",
    "other_participant",
    "line_manager",
]
LOGIN = "login"  # redirected to sign in
DONE = "done"  # a POST that worked and redirected onwards


def project_views() -> set[str]:
    """Names ("namespace:name") of every URL pattern served by Mutuality's own views."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                if entry.namespace and namespace:
                    inner = f"{namespace}:{entry.namespace}"
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                module = getattr(entry.callback, "__module__", "")
                if module.startswith("mutuality.") and entry.name:
                    names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, None)
    return names


def who(default, **overrides) -> dict[str, object]:
    expected = dict.fromkeys(PEOPLE, default)
    expected.update(overrides)
    return expected


@dataclass(frozen=True)
class Case:
    expected: dict[str, object]
    args: Callable = lambda cast: []
    method: str = "get"


def _cohort(cast):
    return [cast.cohort.pk]


def _programme(cast):
    return [cast.cohort.programme.slug]


def _role(cast):
    return [cast.cohort.pk, cast.cohort.roles.get(user=cast.faculty).pk]


def _link(cast):
    return [cast.cohort.pk, cast.cohort.cohort_organisations.first().pk]


def _organisation(cast):
    return [cast.cohort.cohort_organisations.first().organisation_id]


def _place(cast):
    return [cast.cohort.cohort_organisations.first().organisation.place_id]


def _outbox_message(cast):
    from mutuality.demo.models import OutboxMessage

    return [OutboxMessage.objects.create(to="a@b.example", subject="Hello", body="Hi").pk]


EVERYONE = who(200)
OFFICE_ONLY = who(403, anonymous=LOGIN, office=200)
# Related to the cohort: may see it. Outsiders are not told it exists.
COHORT_VIEWERS = who(200, anonymous=LOGIN, other_participant=404, line_manager=404)
# Run the cohort: the programme office and the cohort's programme managers.
COHORT_MANAGERS = who(
    403, anonymous=LOGIN, office=200, programme_manager=200, other_participant=404, line_manager=404
)
COHORT_MANAGERS_POST = {
    person: (DONE if status == 200 else status) for person, status in COHORT_MANAGERS.items()
}

MATRIX: dict[str, Case] = {
    "home": Case(EVERYONE),
    "accessibility": Case(EVERYONE),
    "privacy": Case(EVERYONE),
    "organisations:list": Case(OFFICE_ONLY),
    "organisations:new": Case(OFFICE_ONLY),
    "organisations:edit": Case(OFFICE_ONLY, _organisation),
    "organisations:places": Case(OFFICE_ONLY),
    "organisations:place_new": Case(OFFICE_ONLY),
    "organisations:place_edit": Case(OFFICE_ONLY, _place),
    "programmes:list": Case(who(403, anonymous=LOGIN, office=200, programme_manager=200)),
    "programmes:new": Case(OFFICE_ONLY),
    "programmes:detail": Case(COHORT_VIEWERS, _programme),
    "programmes:edit": Case(
        who(403, anonymous=LOGIN, office=200, other_participant=404, line_manager=404), _programme
    ),
    "programmes:cohort_new": Case(COHORT_MANAGERS, _programme),
    "programmes:cohort": Case(COHORT_VIEWERS, _cohort),
    "programmes:cohort_edit": Case(COHORT_MANAGERS, _cohort),
    "programmes:cohort_copy": Case(COHORT_MANAGERS, _cohort),
    "programmes:cohort_advance": Case(COHORT_MANAGERS_POST, _cohort, "post"),
    "programmes:team": Case(COHORT_MANAGERS, _cohort),
    "programmes:role_remove": Case(COHORT_MANAGERS_POST, _role, "post"),
    "programmes:organisations": Case(COHORT_MANAGERS, _cohort),
    "programmes:organisation_remove": Case(COHORT_MANAGERS_POST, _link, "post"),
    # Demo pages exist only in demo mode (see test_demo.py); there, anyone may use them.
    "demo:people": Case(EVERYONE),
    "demo:sign_in_as": Case(who(DONE), lambda cast: [cast.aspiring.pk], "post"),
    "demo:outbox": Case(EVERYONE),
    "demo:outbox_message": Case(EVERYONE, _outbox_message),
}
