"""Benchmark: saving an applications import (what the task worker does once a file is checked).

    MUTUALITY_DEMO=true MUTUALITY_DATA_DIR=/tmp/bench-import .venv/bin/python \\
        bench/import_commit.py [--rows 1000 2000] [--json]

Builds a throwaway database in ``MUTUALITY_DATA_DIR`` (never point it at real data), then
times ``importing.import_run`` on invented files of each size: check every row again, then
create each person, application, profile, line-manager request and email in one
transaction. Prints seconds and queries per row; not a test, so it asserts nothing about time.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuality.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.import_dry_run import ORGANISATIONS, as_csv  # noqa: E402
from mutuality.accounts.models import User  # noqa: E402
from mutuality.applications import importing  # noqa: E402
from mutuality.applications.models import ImportUpload  # noqa: E402
from mutuality.organisations.models import Organisation  # noqa: E402
from mutuality.programmes.models import Cohort, Programme  # noqa: E402
from mutuality.spreadsheets import guess_mapping, read_sheet  # noqa: E402


def setting_up() -> tuple[Cohort, User]:
    call_command("migrate", verbosity=0)
    office, _ = User.objects.get_or_create(email="bench.office@icb.example")
    programme, _ = Programme.objects.get_or_create(
        slug="bench-import", defaults={"name": "Bench import"}
    )
    cohort = Cohort.objects.filter(programme=programme).first()
    if cohort is None:
        cohort = Cohort.objects.create(
            programme=programme,
            name="Bench",
            topics=["Leading teams", "Digital inclusion"],
            applications_open_on="2026-01-01",
            applications_close_on="2026-12-31",
            starts_on="2027-01-01",
            ends_on="2027-12-31",
        )
    for name in ORGANISATIONS:
        Organisation.objects.get_or_create(name=name)
    return cohort, office


def run(cohort: Cohort, office: User, rows: int) -> dict:
    content = as_csv(rows)
    sheet = read_sheet("applications.csv", content)
    batch = importing.upload_store(
        cohort=cohort, by=office, filename=f"bench-{rows}.csv", content=content
    )
    ImportUpload.objects.filter(pk=batch.pk).update(
        status="queued", mapping=guess_mapping(sheet.headings), rows=rows
    )
    started = time.perf_counter()
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        outcome = importing.import_run(import_id=batch.pk)
    seconds = time.perf_counter() - started
    assert outcome is not None, ImportUpload.objects.get(pk=batch.pk).error
    return {
        "rows": rows,
        "created": outcome.created,
        "updated": outcome.updated,
        "seconds": round(seconds, 2),
        "queries_per_row": round(queries / rows, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cohort, office = setting_up()
    for rows in args.rows:
        result = run(cohort, office, rows)
        if args.json:
            print(json.dumps(result))
        else:
            print(
                f"rows={result['rows']:>6} created={result['created']:>6} "
                f"updated={result['updated']:>6} {result['seconds']:>7.2f}s "
                f"{result['queries_per_row']} queries a row"
            )


if __name__ == "__main__":
    main()
