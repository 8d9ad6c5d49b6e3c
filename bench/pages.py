"""Benchmark: every list and dashboard page's query count and time, for the smallest and the
largest cohort of a large invented system, side by side.

    .venv/bin/python bench/pages.py [--cohorts 50] [--people 2000] [--runs 3] [--json]

Builds the system with ``mutuality.demo.large.invent_system`` (50 cohorts sharing 2,000
participants, a year of meetings, sessions, registers and polls in each) on a throwaway
SQLite database, or on ``DATABASE_URL`` if that is set (it must be an empty database).
Each page is fetched with Django's test client as someone allowed to see it: once to warm
caches and templates, then ``--runs`` times; the table shows the queries of one fetch and
the median time. Django runs with DEBUG off, as in production. Not a test: it asserts
nothing; ``tests/test_query_budgets.py`` holds the query counts still.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_data_dir = tempfile.TemporaryDirectory(prefix="mutuality-bench-pages-")
os.environ["MUTUALITY_DATA_DIR"] = _data_dir.name
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuality.settings")
os.environ.setdefault("MUTUALITY_DEMO", "true")
os.environ.setdefault("DJANGO_DEBUG", "false")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mutuality.accounts.models import User  # noqa: E402
from mutuality.demo.large import invent_system, pages  # noqa: E402


def measure(client: Client, path: str, runs: int, *, cold: bool) -> tuple[int, float]:
    """Queries of one fetch and the median seconds of ``runs`` fetches. ``cold`` empties the
    cache before each fetch, so cached pages show the work of building them."""
    seconds = []
    queries = 0
    for n in range(runs + 1):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, secure=True)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{path} gave {response.status_code}")
        if n:  # the first fetch warms templates and imports
            seconds.append(elapsed)
            queries = len(captured)
    return queries, statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohorts", type=int, default=50)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    system = invent_system(cohorts=args.cohorts, people=args.people)
    built = time.perf_counter() - started
    office = User.objects.create(
        email="office@invented.example", first_name="Office", last_name="Staff", is_staff=True
    )
    TOTP.activate(office, generate_totp_secret())
    for invented in system:
        for user in (invented.programme_manager, invented.faculty):
            TOTP.activate(user, generate_totp_secret())
    by_size = sorted(system, key=lambda c: len(c.participants))
    small, large = by_size[0], by_size[-1]
    print(
        f"# {args.cohorts} cohorts, {sum(len(c.participants) for c in system)} participants, "
        f"built in {built:.0f} s; small cohort {len(small.participants)} people, "
        f"large {len(large.participants)}; {connection.vendor}",
        flush=True,
    )
    rows = []
    for (label, small_user, small_path), (_, large_user, large_path) in zip(
        pages(small, office), pages(large, office), strict=True
    ):
        row = {"page": label}
        for key, user, path in (
            ("small", small_user, small_path),
            ("large", large_user, large_path),
        ):
            client = Client()
            client.force_login(user)
            row[f"{key}_queries"], seconds = measure(client, path, args.runs, cold=True)
            row[f"{key}_ms"] = round(seconds * 1000, 1)
            _, cached = measure(client, path, args.runs, cold=False)
            row[f"{key}_cached_ms"] = round(cached * 1000, 1)
        rows.append(row)
        print(
            f"{label:<26} queries {row['small_queries']:>4} {row['large_queries']:>4}   "
            f"ms {row['small_ms']:>7} {row['large_ms']:>7}   "
            f"warm ms {row['small_cached_ms']:>7} {row['large_cached_ms']:>7}",
            flush=True,
        )
    summary = {
        "bench": "pages",
        "database": connection.vendor,
        "cohorts": args.cohorts,
        "people": sum(len(c.participants) for c in system),
        "small_cohort": len(small.participants),
        "large_cohort": len(large.participants),
        "pages": rows,
    }
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
