"""A throwaway PostgreSQL cluster for the tests that run several processes against one
database (two task workers, a worker killed with SIGKILL), started as ``.ci/run`` does."""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if found:
        return Path(found[-1])
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """The cluster, and helpers to run Django code and task workers against it."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder = url, folder
        self.workers: list[subprocess.Popen] = []

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "tests.ops.worker_settings",
            "DATABASE_URL": self.url,
            "MUTUALITY_DEMO": "true",
            **extra,
        }

    def run(self, code: str, **extra: str) -> str:
        """Run Python with Django set up against this database; return what it printed."""
        script = "import django\ndjango.setup()\n"
        if "tests.factories" in code:
            # Each process counts its factories' sequences from zero; the database is
            # shared by every test, so start them somewhere unused.
            script += (
                "import random\nfrom tests import factories as _f\n"
                "_start = random.randint(10**6, 10**9)\n"
                "for _factory in (_f.UserFactory, _f.PlaceFactory, _f.OrganisationFactory,"
                " _f.ProgrammeFactory, _f.CohortFactory):\n"
                "    _factory.reset_sequence(_start)\n"
            )
        script += code
        done = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", script],
            env=self.env(**extra),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def manage(self, *args: str) -> None:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]

    def start_worker(self, **extra: str) -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "worker", "--no-startup-delay", "--interval", "0.1"],
            env=self.env(**extra),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(process)
        return process

    def stop_workers(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        self.workers.clear()


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Tests that start their own PostgreSQL cluster are marked ``own_postgres`` (so the
    PostgreSQL pass of ``.ci/run`` can leave them out: they do not use its database) and put
    in one xdist group, so one worker starts one cluster for all of them."""
    for item in items:
        if "postgres_cluster" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.own_postgres)
            item.add_marker(pytest.mark.xdist_group("own_postgres"))


def wait_until(predicate, timeout: float = 120, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


@pytest.fixture(scope="session")
def postgres_cluster():
    pg_bin = _pg_bin()
    if pg_bin is None or not (pg_bin / "initdb").exists():
        pytest.skip("PostgreSQL's programs are not installed (Debian package postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="mutuality-ops-pg."))
    run_as: list[str] = []
    if os.getuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()

    def pg(*args: str) -> None:
        subprocess.run([*run_as, *args], check=True, capture_output=True, timeout=120)  # noqa: S603

    pg(str(pg_bin / "initdb"), "-D", f"{folder}/data", "-U", "mutuality", "--auth=trust")
    pg(
        str(pg_bin / "pg_ctl"), "-D", f"{folder}/data", "-w", "-l", f"{folder}/log", "-o",
        f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off -c full_page_writes=off",
        "start",
    )  # fmt: skip
    try:
        pg(str(pg_bin / "createdb"), "-h", str(folder), "-p", str(port), "-U", "mutuality", "ops")
        yield {"url": f"postgres://mutuality@/ops?host={folder}&port={port}", "folder": folder,
               "bin": pg_bin, "port": port, "run_as": run_as}  # fmt: skip
    finally:
        subprocess.run(  # noqa: S603
            [*run_as, str(pg_bin / "pg_ctl"), "-D", f"{folder}/data", "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres(postgres_cluster):
    """A migrated database on the throwaway cluster."""
    cluster = Postgres(postgres_cluster["url"], postgres_cluster["folder"])
    cluster.manage("migrate", "--no-input", "-v", "0")
    return cluster


@pytest.fixture
def pg(postgres, tmp_path):
    """The migrated database, emptied of every row (each test's factories start their
    names afresh in a new process), with a mail log for this test."""
    postgres.manage("flush", "--no-input")
    postgres.mail_log = tmp_path / "mail.log"
    yield postgres
    postgres.stop_workers()
