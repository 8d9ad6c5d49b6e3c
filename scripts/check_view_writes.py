"""Fail if a view module writes to the database itself, or (for the modules listed in
``READS_CHECKED``) builds a query itself.

Views do HTTP only; writes live in the app's ``services.py`` as keyword-only functions in one
transaction (docs/decisions/0022). This reads every ``views.py`` and ``*_views.py`` under
``mutuality/`` (and the view modules named otherwise, in ``OTHER_VIEW_MODULES``) with
``ast`` and reports each call of an ORM write method: ``.save()``, ``.create()``,
``.update()``, ``.delete()``, ``bulk_*``, ``get_or_create``, ``update_or_create``, a related
manager's ``add``/``remove``/``clear``/``set``, and a ModelForm's ``.save()`` and
``save_m2m()`` (``save(commit=False)`` writes nothing).

A call that is not a database write (a dict's ``update``, say) can carry the comment
``# not a database write`` on its line. Run it with no arguments for the whole tree, or give
files.

The view modules listed in ``READS_CHECKED`` are also held to "reads in selectors": they may
not build a query themselves. Flagged there: any ``Model.objects``, a call of a queryset
method (``filter``, ``exclude``, ``annotate``, ``select_related``, ``exists``, ``all`` and
the rest of ``QUERY_METHODS``), and a ``get_object_or_404`` that is more than a plain lookup
(a queryset as its first argument, or a keyword with ``__``, which joins another table).
``get_object_or_404(Model, pk=pk, cohort=cohort)`` is a plain lookup and stays in the view.
Every view module is listed; `tests/test_layers.py` fails when a new one is not.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITE_METHODS = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "add",
    "remove",
    "clear",
    "set",
    "save_m2m",
}
# Calls on these names are never the ORM (``request.session`` is a dict-like store).
NOT_ORM = {"request.session", "messages"}
MARKER = "# not a database write"

# Exceptions, each with its reason: a whole view module ("path") or one view
# ("path:function"). None are needed today; keep it that way.
ALLOWED: dict[str, str] = {}
ALLOWED_VIEWS: dict[str, str] = {}


# View modules whose page reads are in their app's selectors.py, so that any query built in
# them is reported. Add an app's view modules here once its reads have moved.
READS_CHECKED: tuple[str, ...] = (
    "mutuality/accounts/views.py",
    "mutuality/applications/question_views.py",
    "mutuality/applications/review.py",
    "mutuality/applications/spreadsheet_views.py",
    "mutuality/applications/views.py",
    "mutuality/demo/views.py",
    "mutuality/evaluation/views.py",
    "mutuality/matchruns/views.py",
    "mutuality/organisations/views.py",
    "mutuality/partnerships/team_views.py",
    "mutuality/partnerships/year_views.py",
    "mutuality/polls/views.py",
    "mutuality/privacy/views.py",
    "mutuality/programmes/views.py",
    "mutuality/site/cohort_views.py",
    "mutuality/site/views.py",
    "mutuality/steering/views.py",
    "mutuality/strategy/views.py",
    "mutuality/timeline/views.py",
)
QUERY_METHODS = {
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "alias",
    "select_related",
    "prefetch_related",
    "values_list",
    "order_by",
    "distinct",
    "exists",
    "all",
    "only",
    "defer",
    "in_bulk",
    "first",
    "last",
    "earliest",
    "latest",
    "raw",
    "extra",
    "select_for_update",
}
LOOKUPS_404 = {"get_object_or_404", "get_list_or_404"}
READ_MARKER = "# not a database read"
# Exceptions to the reads check, each with its reason: "path:function". None are needed today.
ALLOWED_READS: dict[str, str] = {}


# View modules whose names do not say so.
OTHER_VIEW_MODULES = {"mutuality/applications/review.py"}


def is_view_module(path: Path) -> bool:
    if path.name == "views.py" or path.name.endswith("_views.py"):
        return True
    return path.is_relative_to(ROOT) and path.relative_to(ROOT).as_posix() in OTHER_VIEW_MODULES


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def _unsaved(call: ast.Call) -> bool:
    """A ModelForm's ``save(commit=False)`` only builds the object; it writes nothing."""
    return call.func.attr == "save" and any(
        k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    )


def writes_in(source: str, filename: str) -> list[tuple[int, int, str, str]]:
    """(line, column, function, call) for each ORM write call in ``source``."""
    tree = ast.parse(source, filename=filename)
    lines = source.splitlines()
    found = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and not function:
                name = child.name
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and (child.func.attr in WRITE_METHODS or child.func.attr.startswith("bulk_"))
                and _dotted(child.func.value) not in NOT_ORM
                and MARKER not in lines[child.lineno - 1]
                and not _unsaved(child)
            ):
                call = f"{_dotted(child.func.value) or '…'}.{child.func.attr}()"
                found.append((child.lineno, child.col_offset + 1, name or "<module>", call))
            visit(child, name)

    visit(tree, "")
    return found


def _plain_lookup(call: ast.Call) -> bool:
    """``get_object_or_404(Model, pk=..., cohort=...)``: a model by name and keywords on its
    own columns."""
    first_is_a_model = bool(call.args) and isinstance(call.args[0], ast.Name)
    return first_is_a_model and all(k.arg and "__" not in k.arg for k in call.keywords)


def _query_call(call: ast.Call) -> bool:
    """A queryset method: one of ``QUERY_METHODS``, or ``count()``, ``values(...)`` and
    ``get(key=...)``, told from a list's ``count(x)``, a dict's ``values()`` and ``get(key)``
    by their arguments."""
    func = call.func
    if not isinstance(func, ast.Attribute) or _dotted(func.value) in NOT_ORM:
        return False
    if func.attr in QUERY_METHODS:
        return True
    if func.attr == "count":
        return not call.args and not call.keywords
    if func.attr == "values":
        return bool(call.args or call.keywords)
    if func.attr == "get":
        return not call.args and bool(call.keywords)
    return False


def reads_in(source: str, filename: str) -> list[tuple[int, int, str, str]]:
    """(line, column, function, what) for each query built in ``source``: one for each chain
    (``Thing.objects.filter(...).first()`` is one query, reported at its last call)."""
    tree = ast.parse(source, filename=filename)
    lines = source.splitlines()
    found = []

    def report(node: ast.AST, function: str, what: str) -> None:
        if READ_MARKER not in lines[node.lineno - 1]:
            found.append((node.lineno, node.col_offset + 1, function or "<module>", what))

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and not function:
                name = child.name
            if isinstance(child, ast.Attribute) and child.attr == "objects":
                report(child, name, _dotted(child) or "….objects")
                continue
            if isinstance(child, ast.Call) and _query_call(child):
                report(child, name, f"{_dotted(child.func.value) or '…'}.{child.func.attr}()")
                # The rest of the chain is the same query; its arguments may hold others.
                for argument in [*child.args, *(k.value for k in child.keywords)]:
                    visit(ast.Expression(body=argument), name)
                continue
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id in LOOKUPS_404
                and not _plain_lookup(child)
            ):
                report(child, name, f"{child.func.id}() with a query or a join")
                continue
            visit(child, name)

    visit(tree, "")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "mutuality").rglob("*.py"))
    problems = 0
    for path in paths:
        if not is_view_module(path):
            continue
        relative = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        if relative in ALLOWED:
            continue
        source = path.read_text()
        for line, column, function, call in writes_in(source, relative):
            if f"{relative}:{function}" in ALLOWED_VIEWS:
                continue
            print(
                f"{relative}:{line}:{column}: {function} calls {call}; "
                "move the write into the app's services.py"
            )
            problems += 1
        if relative not in READS_CHECKED:
            continue
        for line, column, function, what in reads_in(source, relative):
            if f"{relative}:{function}" in ALLOWED_READS:
                continue
            print(
                f"{relative}:{line}:{column}: {function} builds a query ({what}); "
                "move the read into the app's selectors.py"
            )
            problems += 1
    if problems:
        print(f"{problems} database {'call' if problems == 1 else 'calls'} in views.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
