"""Every benchmark under bench/ still runs, at a toy size, and prints its JSON line.

Not a timing test: nothing here looks at how long anything took. It exists because benchmarks
are run by hand, rarely, and three of them had stopped working (a production setting they did
not give, a name page their invented staff were sent to) without anyone noticing."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.bench


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TOY_RUNS = {
    "import_commit": ["--rows", "20", "--json"],
    "import_dry_run": ["--rows", "50", "--json"],
    "matching": ["--size", "60", "--json"],
    "pages": ["--cohorts", "2", "--people", "20", "--runs", "1", "--json"],
    "report": ["--pairs", "6", "--programme-pairs", "6", "--cohorts", "2", "--runs", "1",
               "--json"],
    "text_match": ["--json"],
    "xlsx_bomb": ["--unpacked-mb", "2", "--rows-over", "50", "--json"],
    "web": ["--database", "sqlite", "--people", "4", "--seconds", "1", "--stress-seconds", "1",
            "--workers", "1", "--cohorts", "2", "--system-people", "20", "--json"],
}  # fmt: skip


def test_every_benchmark_has_a_toy_run():
    scripts = {p.stem for p in (ROOT / "bench").glob("*.py")}
    helpers = {"synthetic", "web_settings", "themes"}  # imported by others, or a report
    assert scripts - helpers == set(TOY_RUNS)


@pytest.mark.parametrize("name", sorted(TOY_RUNS))
def test_the_benchmark_runs_and_prints_its_figures(name, tmp_path):
    args = TOY_RUNS[name]
    if name == "web":
        args = [*args, "--port", str(_free_port())]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MUTUALITY_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # a toy SQLite database of their own, never the suite's
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(ROOT / "bench" / f"{name}.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-2000:]
    figures = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if name == "xlsx_bomb":  # prints its figures as one indented JSON object
        figures = [done.stdout[done.stdout.index("{") :]]
    assert figures, done.stdout[-2000:]
    assert all(isinstance(json.loads(line), dict) for line in figures)
