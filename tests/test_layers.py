"""The one-way layers and the rule that views do not write (docs/decisions/0022) are checked
by `make lint`. These tests show the checks catch what they are there to catch."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

sys.path.insert(0, str(ROOT / "scripts"))
import check_view_writes  # noqa: E402


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def copy_of_the_code(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "mutuality",
        tmp_path / "mutuality",
        ignore=shutil.ignore_patterns("__pycache__", "static", "jinja2", "locale", "*.txt"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_its_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        # A foundation app reaching up into a domain app.
        (
            "core/probe.py",
            "from mutuality.programmes.models import Cohort\n",
            "Apps only import the layers below them",
        ),
        # The same, hidden inside a function.
        (
            "programmes/probe.py",
            "def later():\n    from mutuality.timeline import services\n    return services\n",
            "Apps only import the layers below them",
        ),
        # An engine importing Django.
        ("matching/probe.py", "import django\n", "The engines are plain Python"),
    ],
)
def test_an_upward_import_breaks_the_contract(copy_of_the_code, module, source, broken):
    (copy_of_the_code / "mutuality" / module).write_text(source)
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert f"{broken}" in result.stdout
    assert "probe" in result.stdout


def test_the_views_write_nothing_themselves():
    assert check_view_writes.main([]) == 0


def test_the_view_check_finds_writes_and_only_writes():
    source = """
def add(request):
    form = Form(request.POST)
    draft = form.save(commit=False)
    request.session.update({"seen": True})
    context = {}
    context.update(a=1)  # not a database write
    Thing.objects.create(name="x")
    form.save()
    draft.tags.set([1])
    Thing.objects.filter(pk=1).update(name="y")
    return draft
"""
    found = [(line, function, call) for line, _, function, call in
             check_view_writes.writes_in(source, "views.py")]  # fmt: skip
    assert found == [
        (8, "add", "Thing.objects.create()"),
        (9, "add", "form.save()"),
        (10, "add", "draft.tags.set()"),
        (11, "add", "….update()"),
    ]


def test_the_view_check_finds_queries_built_in_a_view():
    source = """
def page(request, pk):
    thing = get_object_or_404(Thing, pk=pk, cohort=cohort)
    other = get_object_or_404(Thing, pk=pk, session__cohort=cohort)
    rows = Row.objects.filter(thing=thing).select_related("user").first()
    count = thing.rows.count()
    seen = request.POST.getlist("seen").count("a")
    values = request.session.get("x") or form.cleaned_data.values()
    data = {"n": thing.rows.filter(kind="a").exists(), "all": all(seen)}
    shown = thing.rows.get(pk=pk)
    fine = request.GET.get("q", "")
    ok = Thing.objects.count()  # not a database read
    return rows
"""
    found = [(line, function, what) for line, _, function, what in
             check_view_writes.reads_in(source, "views.py")]  # fmt: skip
    assert found == [
        (4, "page", "get_object_or_404() with a query or a join"),
        (5, "page", "….first()"),
        (6, "page", "thing.rows.count()"),
        (9, "page", "….exists()"),
        (10, "page", "thing.rows.get()"),
    ]


def test_only_the_listed_view_modules_are_held_to_reads_in_selectors(tmp_path, monkeypatch):
    module = tmp_path / "mutuality" / "things" / "views.py"
    module.parent.mkdir(parents=True)
    module.write_text("def page(request):\n    return Thing.objects.all()\n")
    monkeypatch.setattr(check_view_writes, "ROOT", tmp_path)
    monkeypatch.setattr(check_view_writes, "READS_CHECKED", ())
    assert check_view_writes.main([str(module)]) == 0
    monkeypatch.setattr(check_view_writes, "READS_CHECKED", ("mutuality/things/views.py",))
    assert check_view_writes.main([str(module)]) == 1


def test_every_view_module_is_held_to_reads_in_selectors():
    """A new view module cannot slip past the check: every one in the repository is listed."""
    root = check_view_writes.ROOT
    view_modules = {
        path.relative_to(root).as_posix()
        for path in (root / "mutuality").rglob("*.py")
        if check_view_writes.is_view_module(path)
    }
    assert view_modules, "no view modules found"
    assert view_modules - set(check_view_writes.READS_CHECKED) == set()
