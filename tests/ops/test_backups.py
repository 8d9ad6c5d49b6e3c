"""manage.py backup and restore: a demo database and its uploaded files come back exactly,
table by table, on SQLite and on PostgreSQL."""

import json
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest

from .conftest import ROOT

# One worker starts one cluster for every test that needs one (see conftest.py).
pytestmark = pytest.mark.xdist_group("own_postgres")


def manage(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "MUTUALITY_DEMO": "true",
        "MUTUALITY_DATA_DIR": str(data_dir),
    }
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def sqlite_tables(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        # Table names come from the database's own catalogue.
        return {
            name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"')))  # noqa: S608
            for name in names
        }


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The seeded demo on SQLite, with an uploaded file."""
    data = tmp_path_factory.mktemp("demo")
    manage(data, "migrate", "--no-input", "-v", "0")
    manage(data, "seed_demo")
    (data / "media" / "materials").mkdir(parents=True, exist_ok=True)
    (data / "media" / "materials" / "lab-1-slides.pdf").write_bytes(b"%PDF-1.7 slides")
    return data


def test_a_sqlite_demo_round_trips_table_by_table(demo, tmp_path):
    before, media_before = sqlite_tables(demo / "mutuality.sqlite3"), files(demo / "media")
    assert sum(len(rows) for rows in before.values()) > 500  # a real demo, not an empty one
    archive = tmp_path / "backup.tar.gz"
    done = manage(demo, "backup", str(archive))
    assert "reflection keys" in done.stderr
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "database.sqlite3", "media/materials/lab-1-slides.pdf"} <= set(
            tar.getnames()
        )
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"] == "sqlite" and manifest["media_files"] == 1
    assert "MUTUALITY_REFLECTION_KEYS" in manifest["reflection_keys"]
    assert archive.stat().st_mode & 0o077 == 0  # only its owner may read it

    # Onto a new machine: nothing there yet.
    fresh = tmp_path / "fresh"
    manage(fresh, "restore", str(archive), "--yes")
    assert sqlite_tables(fresh / "mutuality.sqlite3") == before
    assert files(fresh / "media") == media_before

    # Over a database that has changed since: it is put back as it was.
    with sqlite3.connect(demo / "mutuality.sqlite3") as db:
        db.execute("DELETE FROM demo_outboxmessage")
        db.execute("UPDATE accounts_user SET first_name = 'Changed'")
    (demo / "media" / "materials" / "lab-1-slides.pdf").unlink()
    (demo / "media" / "stray.txt").write_text("not in the backup")
    manage(demo, "restore", str(archive), "--yes")
    assert sqlite_tables(demo / "mutuality.sqlite3") == before
    assert files(demo / "media") == media_before


def test_restore_refuses_an_archive_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        (tmp_path / "x.txt").write_text("x")
        tar.add(tmp_path / "x.txt", "x.txt")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "MUTUALITY_DEMO": "true",
           "MUTUALITY_DATA_DIR": str(tmp_path / "d")}  # fmt: skip
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(bogus), "--yes"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode != 0 and "manifest.json" in done.stderr


def pg_tables(conninfo: str) -> dict[str, list]:
    with psycopg.connect(conninfo) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        # Table names come from the database's own catalogue.
        return {
            name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"')))  # noqa: S608
            for name in names
        }


def test_a_postgresql_database_round_trips_table_by_table(postgres, postgres_cluster, tmp_path):
    postgres.run(
        "from tests.factories import CohortFactory, UserFactory, add_participant\n"
        "cohort = CohortFactory(name='Backed up')\n"
        "for n in range(5):\n"
        "    add_participant(cohort, UserFactory(), 'aspiring')\n"
    )
    conninfo = (
        f"host={postgres_cluster['folder']} port={postgres_cluster['port']} "
        "user=mutuality dbname=ops"
    )
    before = pg_tables(conninfo)
    assert sum(len(rows) for rows in before.values()) > 50
    archive = tmp_path / "pg.tar.gz"
    postgres.manage("backup", str(archive))
    with tarfile.open(archive) as tar:
        assert "database.pgdump" in tar.getnames()

    with psycopg.connect(conninfo, autocommit=True) as db:
        db.execute("DELETE FROM programmes_participation")
        db.execute("UPDATE accounts_user SET first_name = 'Changed'")
    assert pg_tables(conninfo) != before
    postgres.manage("restore", str(archive), "--yes")
    assert pg_tables(conninfo) == before
