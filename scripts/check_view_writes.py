"""Fail if a view module writes to the database itself.

Views do HTTP only; writes live in the app's ``services.py`` as keyword-only functions in one
transaction (docs/decisions/0022). This reads every ``views.py`` and ``*_views.py`` under
``mutuality/`` with ``ast`` and reports each call of an ORM write method: ``.save()``,
``.create()``, ``.update()``, ``.delete()``, ``bulk_*``, ``get_or_create``,
``update_or_create``, a related manager's ``add``/``remove``/``clear``/``set``, and a
ModelForm's ``.save()`` and ``save_m2m()`` (``save(commit=False)`` writes nothing).

A call that is not a database write (a dict's ``update``, say) can carry the comment
``# not a database write`` on its line. Run it with no arguments for the whole tree, or give
files.
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


def is_view_module(path: Path) -> bool:
    return path.name == "views.py" or path.name.endswith("_views.py")


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


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "mutuality").rglob("*.py"))
    problems = 0
    for path in paths:
        if not is_view_module(path):
            continue
        relative = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        if relative in ALLOWED:
            continue
        for line, column, function, call in writes_in(path.read_text(), relative):
            if f"{relative}:{function}" in ALLOWED_VIEWS:
                continue
            print(
                f"{relative}:{line}:{column}: {function} calls {call}; "
                "move the write into the app's services.py"
            )
            problems += 1
    if problems:
        print(f"{problems} database write{'s' if problems != 1 else ''} in views.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
