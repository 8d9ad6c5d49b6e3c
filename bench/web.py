"""Benchmark: signed-in people of every role browsing their own pages, against gunicorn, on
SQLite and on PostgreSQL.

    .venv/bin/python bench/web.py [--database sqlite|postgres|both] [--people 50]
        [--pause 2] [--seconds 60] [--stress-seconds 20] [--workers 5]
        [--cohorts 50] [--system-people 2000] [--port 8107] [--json]

For each database it

1. makes a throwaway database (SQLite in a temporary folder, or a PostgreSQL cluster started
   as the ``postgres`` user, reached only through a Unix socket in that folder, as
   ``.ci/run`` does), migrates it, invents a large system (``mutuality.demo.large``:
   ``--cohorts`` cohorts sharing ``--system-people`` participants, a year of meetings,
   sessions, registers and polls) and collects the static files;
2. signs ``--people`` people in by writing Django sessions for them straight into the
   database, exactly as a sign-in would leave them. Signing in through the demo's quick
   sign-in would need demo mode, and the emailed code with an authenticator app needs a
   mailbox; neither is what is being measured. The people are spread over the cohorts and
   roles: six in ten participants, then faculty, programme managers, steering group members
   and programme office staff;
3. starts gunicorn (``--workers`` sync workers) on 127.0.0.1 with demo mode and debug off,
   as in production behind a proxy that terminates TLS (the client sends
   ``X-Forwarded-Proto: https``), with a cache shared by the workers (``web_settings.py``);
4. fetches every person's pages once, one at a time, so each cohort's report is built once
   as it would be after a change (``bench/pages.py`` times building them); then runs the
   closed loop: each person is a thread that fetches their next page, waits
   ``--pause`` seconds (give or take half), and repeats, for ``--seconds`` after a warm-up
   of 10 seconds that is not counted; then the stress run: the same people with no pause,
   for ``--stress-seconds``;
5. prints a table per page (requests, p50, p95, slowest, errors) and one JSON line.

Only loopback addresses are used; every loop stops by itself; the server and the cluster are
stopped and the temporary folder removed at the end, also on Ctrl-C. Not a test: it asserts
nothing. The machine it runs on matters: say what else was running when quoting figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PG_PORT = 8109
WARM_UP_SECONDS = 10


# ---------------------------------------------------------------- setting up (in a child)


def setup(out: Path, people: int, cohorts: int, system_people: int) -> None:
    """Runs in a child process whose environment names the database: build, sign in, and
    write the people with their cookies and pages to ``out``."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from mutuality.accounts.models import User
    from mutuality.demo.large import invent_system, pages

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    system = invent_system(cohorts=cohorts, people=system_people)
    built = time.perf_counter() - started
    office = [
        User.objects.create(
            email=f"office{n}@invented.example",
            first_name="Office",
            last_name=f"Staff {n}",
            is_staff=True,
        )
        for n in range(max(1, people // 10))
    ]
    for user in office:
        TOTP.activate(user, generate_totp_secret())
    for invented in system:
        for user in (invented.programme_manager, invented.faculty):
            TOTP.activate(user, generate_totp_secret())

    def cookie(user) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    # Six in ten participants; then faculty, programme managers, steering, office.
    roles = ["participant"] * 6 + ["faculty", "programme manager", "steering", "office"]
    persons = []
    for n in range(people):
        invented = system[n % len(system)]
        role = roles[n % len(roles)]
        # Participants of the same cohort are different people: take the next one along.
        k = (n // len(system)) % len(invented.participants)
        if role == "participant":
            user = invented.participants[k].user
            partnership = next(
                (
                    p
                    for p in invented.partnerships
                    if user.pk in (p.aspiring.user_id, p.established.user_id)
                ),
                None,
            )
            if partnership is None:
                continue
            who_pages = pages(invented, office[0], user, partnership)
        else:
            user = {
                "faculty": invented.faculty,
                "programme manager": invented.programme_manager,
                "steering": invented.steering,
                "office": office[n % len(office)],
            }[role]
            who_pages = pages(invented, office[n % len(office)])
        own = [(label, path) for label, who, path in who_pages if who == user]
        persons.append({"role": role, "cookie": cookie(user), "pages": own})
    out.write_text(
        json.dumps(
            {
                "persons": persons,
                "built_seconds": round(built, 1),
                "participants": sum(len(c.participants) for c in system),
            }
        )
    )


# ---------------------------------------------------------------- the client


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.count = 0

    def add(self, label: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times[label].append(seconds)
            self.count += 1
            if not ok:
                self.errors[label] += 1


def fetch(port: int, path: str, cookie: str) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(
            "GET",
            path,
            headers={"Cookie": cookie, "X-Forwarded-Proto": "https", "Host": HOST},
        )
        response = connection.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        connection.close()
    return status, time.perf_counter() - started


def browse(port, person, until, pause, recorder, seed) -> None:
    """One person: their pages in turn from a random start, a pause between, until
    ``until`` (a deadline on the monotonic clock)."""
    rng = random.Random(seed)
    pages = person["pages"]
    n = rng.randrange(len(pages))
    while time.perf_counter() < until:
        label, path = pages[n % len(pages)]
        status, seconds = fetch(port, path, person["cookie"])
        if recorder is not None:
            recorder.add(label, seconds, status == 200)
        n += 1
        if pause:
            time.sleep(min(pause * rng.uniform(0.5, 1.5), max(0.0, until - time.perf_counter())))


def load(port, persons, seconds, pause, recorder) -> float:
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=browse, args=(port, p, until, pause, recorder, n), daemon=True)
        for n, p in enumerate(persons)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return time.perf_counter() - started


def summary(recorder: Recorder) -> dict:
    def pct(values: list[float], q: int) -> float:
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[q - 1]

    every = [t for ts in recorder.times.values() for t in ts]
    pages = {
        label: {
            "requests": len(ts),
            "p50_ms": round(pct(ts, 50) * 1000),
            "p95_ms": round(pct(ts, 95) * 1000),
            "max_ms": round(max(ts) * 1000),
            "errors": recorder.errors.get(label, 0),
        }
        for label, ts in sorted(recorder.times.items())
    }
    return {
        "requests": len(every),
        "errors": sum(recorder.errors.values()),
        "p50_ms": round(pct(every, 50) * 1000) if every else None,
        "p95_ms": round(pct(every, 95) * 1000) if every else None,
        "pages": pages,
    }


# ---------------------------------------------------------------- servers


def start_postgres(folder: Path) -> tuple[str, callable]:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not bins:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql).")
    pg_bin = bins[-1]
    run_as = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    data = folder / "pg"
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    subprocess.run(
        [*run_as, pg_bin / "initdb", "-D", data, "-U", "mutuality", "--auth=trust"], **quiet
    )  # noqa: S603
    options = f"-p {PG_PORT} -k {folder} -c listen_addresses='' -c fsync=off -c max_connections=200"
    subprocess.run(  # noqa: S603
        [*run_as, pg_bin / "pg_ctl", "-D", data, "-w", "-l", folder / "pg.log", "-o", options,
         "start"], **quiet,
    )  # fmt: skip

    def stop():
        subprocess.run(  # noqa: S603
            [*run_as, pg_bin / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        )  # fmt: skip

    try:
        subprocess.run(  # noqa: S603
            [*run_as, pg_bin / "createdb", "-h", folder, "-p", str(PG_PORT), "-U", "mutuality",
             "mutuality"], **quiet,
        )  # fmt: skip
    except subprocess.CalledProcessError:
        stop()
        raise
    return f"postgres://mutuality@/mutuality?host={folder}&port={PG_PORT}", stop


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting; see the output above.")
        status, _ = fetch(port, "/", "")
        if status:
            return
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within a minute.")


def run_one(database: str, args) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"mutuality-bench-web-{database}-"))
    stop_pg = None
    server = None
    try:
        from cryptography.fernet import Fernet

        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            # The project's settings with a shared cache, as production has (see the file).
            "DJANGO_SETTINGS_MODULE": "bench.web_settings",
            "MUTUALITY_DEMO": "false",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "MUTUALITY_REFLECTION_KEYS": Fernet.generate_key().decode(),
            "MUTUALITY_MFA_KEYS": Fernet.generate_key().decode(),
            "MUTUALITY_DATA_DIR": str(folder),
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
            "DJANGO_LOG_LEVEL": "WARNING",
            # Production settings insist on a mail host; nothing here sends mail.
            "DJANGO_EMAIL_HOST": "localhost",
            # ... and on a database named outright: a SQLite file in the throwaway folder.
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        }
        if database == "postgres":
            env["DATABASE_URL"], stop_pg = start_postgres(folder)
        out = folder / "people.json"
        print(f"# {database}: building the system and signing people in ...", flush=True)
        subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--setup", str(out), "--people", str(args.people),
             "--cohorts", str(args.cohorts), "--system-people", str(args.system_people)],
            env=env, check=True,
        )  # fmt: skip
        made = json.loads(out.read_text())
        persons = made["persons"]
        server = subprocess.Popen(  # noqa: S603
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "mutuality.wsgi",
             "--workers", str(args.workers), "--bind", f"{HOST}:{args.port}", "--preload",
             "--log-level", "warning", "--timeout", "120"],
            env=env, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
        wait_until_up(args.port, server)
        # Every page once, one at a time: the reports are built once, as after any change.
        for person in persons:
            for _, path in person["pages"]:
                fetch(args.port, path, person["cookie"])
        print(
            f"# {database}: {made['participants']} participants in {args.cohorts} cohorts "
            f"(built in {made['built_seconds']} s); {len(persons)} people signed in; "
            f"gunicorn {args.workers} workers",
            flush=True,
        )
        load(args.port, persons, WARM_UP_SECONDS, args.pause, None)
        paced = Recorder()
        load(args.port, persons, args.seconds, args.pause, paced)
        stress = Recorder()
        took = load(args.port, persons, args.stress_seconds, 0, stress)
        result = {
            "database": database,
            "people": len(persons),
            "pause_seconds": args.pause,
            "seconds": args.seconds,
            "workers": args.workers,
            "paced": summary(paced),
            "stress": {**summary(stress), "requests_per_second": round(stress.count / took, 1)},
        }
        result["stress"].pop("pages")
        return result
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if stop_pg:
            stop_pg()
        shutil.rmtree(folder, ignore_errors=True)


def print_table(result: dict, target_ms: int) -> None:
    paced = result["paced"]
    print(
        f"\n{result['database']}: {result['people']} people, {result['pause_seconds']} s "
        f"between pages, {result['seconds']} s, {result['workers']} workers"
    )
    print(f"{'page':<26} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'errors':>6}")
    for label, row in paced["pages"].items():
        flag = "  over" if row["p95_ms"] > target_ms else ""
        print(
            f"{label:<26} {row['requests']:>8} {row['p50_ms']:>7} {row['p95_ms']:>7} "
            f"{row['max_ms']:>7} {row['errors']:>6}{flag}"
        )
    print(
        f"{'all pages':<26} {paced['requests']:>8} {paced['p50_ms']:>7} {paced['p95_ms']:>7} "
        f"{'':>7} {paced['errors']:>6}"
    )
    stress = result["stress"]
    print(
        f"stress (no pause): {stress['requests_per_second']} requests a second, "
        f"p50 {stress['p50_ms']} ms, p95 {stress['p95_ms']} ms, {stress['errors']} errors"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--pause", type=float, default=2.0)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--stress-seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--cohorts", type=int, default=50)
    parser.add_argument("--system-people", type=int, default=2000)
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--target-ms", type=int, default=250, help="p95 target per page")
    parser.add_argument("--json", action="store_true", help="also print one JSON line")
    parser.add_argument("--setup", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup(args.setup, args.people, args.cohorts, args.system_people)
        return
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    results = [run_one(database, args) for database in databases]
    for result in results:
        print_table(result, args.target_ms)
    if args.json:
        print(json.dumps({"bench": "web", "runs": results}))


if __name__ == "__main__":
    main()
