"""A cohort's evaluation report, built once per change of the data under it.

The report (with its charts) is the heaviest thing the service draws: the report page, its
PDF and figures, and the steering view's headlines all start from it. It depends only on the
cohort, never on who reads it (each view checks permission before asking for it), so one
copy serves everyone allowed to read it. Whole pages are never cached: headers, messages and
links differ by person.

The key holds the cohort's data version and the reference data version (see
:mod:`mutuality.datacache`), a hash of the code that builds reports (a deploy never reads a
report drawn by older code) and today's date (the report counts meetings and opens waves up
to today). Entries also expire after a day.
"""

from __future__ import annotations

import hashlib
from functools import cache as memoise
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone

from mutuality.datacache import cohort_version, reference_version

REPORT_SECONDS = 24 * 60 * 60


@memoise
def code_version() -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder in ("evaluation", "impact", "disclosure"):
        for path in sorted((root / folder).glob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def report_key(cohort, *, charts: bool) -> str:
    return ":".join(
        [
            "mutuality:report",
            str(cohort.pk),
            "charts" if charts else "figures",
            cohort_version(cohort.pk),
            reference_version(),
            code_version(),
            timezone.localdate().isoformat(),
        ]
    )


def cached_cohort_report(cohort, *, charts: bool = True):
    """``cohort_report(cohort, charts=charts)``, from the cache when nothing under it has
    changed since it was built. Only for people already allowed to read the report."""
    from .build import cohort_report

    key = report_key(cohort, charts=charts)
    report = cache.get(key)
    if report is None and not charts:
        # A report drawn with its charts holds the same figures.
        report = cache.get(report_key(cohort, charts=True))
    if report is None:
        report = cohort_report(cohort, charts=charts)
        cache.set(key, report, timeout=REPORT_SECONDS)
    return report
