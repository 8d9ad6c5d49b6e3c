"""Backups: the database and the uploaded files in one archive, and back again.

An archive (``.tar.gz``) holds ``manifest.json``, the database (``database.sqlite3``, made
with SQLite's online backup API, or ``database.pgdump``, PostgreSQL's custom format from
``pg_dump``) and ``media/``. It does NOT hold the reflection keys
(``MUTUALITY_REFLECTION_KEYS``): private reflections in a backup can only be read with the
keys that were in use when it was made, so keep the keys too, somewhere else (a backup that
carried its own keys would hand anyone who got it every private reflection).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
KEYS_NOTE = (
    "This backup does not contain the reflection keys (MUTUALITY_REFLECTION_KEYS). Private "
    "reflections in it can only be read with the keys in use when it was made: keep them, "
    "separately and securely."
)


class BackupError(Exception):
    pass


@dataclass
class Database:
    engine: str  # "sqlite" or "postgresql"
    settings: dict

    @classmethod
    def default(cls) -> "Database":
        db = connections["default"].settings_dict
        if db["ENGINE"] == "django.db.backends.sqlite3":
            return cls("sqlite", db)
        if db["ENGINE"] == "django.db.backends.postgresql":
            return cls("postgresql", db)
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {db['ENGINE']}.")

    @property
    def filename(self) -> str:
        return "database.sqlite3" if self.engine == "sqlite" else "database.pgdump"

    def pg_env(self) -> dict[str, str]:
        """libpq's environment for pg_dump and pg_restore, from Django's own connection
        parameters (so a socket folder or sslmode given in DATABASE_URL is kept)."""
        params = connections["default"].get_connection_params()
        env = {**os.environ}
        for key, variable in LIBPQ_ENVIRONMENT.items():
            if params.get(key) not in (None, ""):
                env[variable] = str(params[key])
        return env


LIBPQ_ENVIRONMENT = {
    "host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD",
    "dbname": "PGDATABASE", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT",
}  # fmt: skip


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found: install PostgreSQL's client programs.")
    return found


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")


def dump_database(db: Database, target: Path) -> None:
    if db.engine == "sqlite":
        connections["default"].close()
        source = sqlite3.connect(db.settings["NAME"])
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
            ],
            db.pg_env(),
        )


def load_database(db: Database, source: Path) -> None:
    connections.close_all()
    if db.engine == "sqlite":
        Path(db.settings["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        backup = sqlite3.connect(source)
        live = sqlite3.connect(db.settings["NAME"])
        try:
            with live:
                backup.backup(live)
        finally:
            live.close()
            backup.close()
    else:
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                db.pg_env()["PGDATABASE"],
                str(source),
            ],
            db.pg_env(),
        )


def _latest_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections["default"]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def backup(destination: Path) -> dict:
    """Write an archive of the database and the uploaded files; returns its manifest."""
    db = Database.default()
    media = Path(settings.MEDIA_ROOT)
    manifest = {
        "format": FORMAT,
        "made_at": timezone.now().isoformat(),
        "database": db.engine,
        "migrations": _latest_migrations(),
        "media_files": sum(1 for p in media.rglob("*") if p.is_file()) if media.exists() else 0,
        "reflection_keys": KEYS_NOTE,
    }
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / db.filename
        dump_database(db, dump)
        (Path(work) / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work) / "manifest.json", "manifest.json")
            archive.add(dump, db.filename)
            if media.exists():
                archive.add(media, "media")
        os.chmod(partial, 0o600)  # it holds everyone's data
        partial.replace(destination)
    return manifest


def read_manifest(source: Path) -> dict:
    with tarfile.open(source, "r:gz") as archive:
        member = archive.extractfile("manifest.json")
        if member is None:
            raise BackupError(f"{source} is not a backup made by manage.py backup.")
        return json.load(member)


def restore(source: Path) -> dict:
    """Replace the database and the uploaded files with those in a backup archive."""
    db = Database.default()
    manifest = read_manifest(source)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is in backup format {manifest.get('format')}, not {FORMAT}.")
    if manifest["database"] != db.engine:
        raise BackupError(
            f"{source} holds a {manifest['database']} database, but this service uses "
            f"{db.engine}. Restore it onto the same kind of database."
        )
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(work, filter="data")
        load_database(db, Path(work) / db.filename)
        if media.exists():
            shutil.rmtree(media)
        if (Path(work) / "media").exists():
            shutil.copytree(Path(work) / "media", media)
        else:
            media.mkdir(parents=True, exist_ok=True)
    return manifest
