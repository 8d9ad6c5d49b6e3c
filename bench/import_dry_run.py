"""Benchmark: a dry run (read and check every row) of a 10,000-row applications import.

    .venv/bin/python bench/import_dry_run.py [--rows 10000] [--json]

Measures the plain-Python path the web page and the command share (``spreadsheets.read_sheet``
and ``spreadsheets.check_rows``) on an invented file, as CSV and as XLSX. Prints seconds and
peak memory; not a test, so it asserts nothing about time.
"""

import argparse
import csv
import io
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from mutuality.matching.bands import seniority_level  # noqa: E402
from mutuality.spreadsheets import (  # noqa: E402
    CANONICAL_COLUMNS,
    Lookups,
    check_rows,
    guess_mapping,
    read_sheet,
)

ORGANISATIONS = [f"Organisation {i}" for i in range(12)]
BANDS = ["Band 4", "Band 5", "Band 6", "Band 7", "Band 8a", "Band 8c", "VSM"]


def invented_rows(n: int):
    for i in range(n):
        yield {
            "email": f"person{i}@trust.example",
            "first_name": f"First{i}",
            "last_name": f"Last{i}",
            "side": "aspiring" if i % 2 else "established",
            "organisation": ORGANISATIONS[i % len(ORGANISATIONS)],
            "job_title": "Team Leader",
            "band": BANDS[i % len(BANDS)],
            "profession": "Nursing",
            "place": "",
            "line_manager_email": f"manager{i}@trust.example",
            "aspirations": "To lead a team through change and be heard at board level. " * 3,
            "experience": "Years of running services and supporting new managers. " * 3,
            "topics": "Leading teams; Digital inclusion",
            "availability": "Tue morning; Thu afternoon",
            "meeting_modes": "video; in person",
            "avoid_emails": "",
        }


def as_csv(n: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CANONICAL_COLUMNS)
    writer.writeheader()
    writer.writerows(invented_rows(n))
    return buffer.getvalue().encode()


def as_xlsx(n: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(CANONICAL_COLUMNS)
    for row in invented_rows(n):
        sheet.append([row[c] for c in CANONICAL_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def lookups() -> Lookups:
    return Lookups(
        organisations={name.lower(): i for i, name in enumerate(ORGANISATIONS)},
        places={},
        topics=["Leading teams", "Digital inclusion"],
        side_words={"aspiring": "aspiring", "established": "established"},
        band_level=seniority_level,
    )


def run(name: str, content: bytes) -> dict:
    started = time.perf_counter()
    sheet = read_sheet(name, content)
    read = time.perf_counter() - started
    result = check_rows(sheet, guess_mapping(sheet.headings), lookups())
    total = time.perf_counter() - started
    assert result.ok, result.problems[:3]
    return {
        "case": name,
        "rows": len(sheet.rows),
        "megabytes": round(len(content) / 1e6, 1),
        "read_seconds": round(read, 3),
        "dry_run_seconds": round(total, 3),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [
        run("applications.csv", as_csv(args.rows)),
        run("applications.xlsx", as_xlsx(args.rows)),
    ]
    for r in results:
        if args.json:
            print(json.dumps(r))
        else:
            print(
                f"{r['case']:<18} rows={r['rows']:>6} size={r['megabytes']:>5} MB "
                f"read={r['read_seconds']:>6.2f}s dry_run={r['dry_run_seconds']:>6.2f}s "
                f"peak={r['peak_mib']} MiB"
            )


if __name__ == "__main__":
    main()
