"""Benchmark: how long a cohort's evaluation report takes to make ("a cohort renders in under
2 s", issue 7), and the programme comparison page for a programme-sized number of pairs.

    .venv/bin/python bench/report.py [--pairs 20] [--programme-pairs 200] [--cohorts 5]
                                     [--runs 5] [--json]

Sets Django up on a throwaway SQLite database in a temporary folder, migrates it, and invents
a realistic closed cohort: pairs across four organisations, ten learning sessions with their
registers, about seven logged meetings per pair, baseline, mid-point and final polls answered
by everyone, some career moves and a few shared quotes. Then, in this process, it times

- ``cohort_report(cohort)`` without charts (the queries and the statistics), then with them,
- the web report, fetched with Django's test client as a steering group member,
- the report's PDF, the same way,
- the comparison page of a programme whose cohorts hold ``--programme-pairs`` pairs in all.

The first (cold) run of each case is reported on its own: it pays for imports, matplotlib's
and WeasyPrint's start-up and template compilation. The median is of the ``--runs`` warm runs
after it. Django runs with DEBUG off, as in production (no query log). Peak memory is the
process's maximum resident set so far. Not a test: it asserts nothing about time.
"""

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Settings are read once, on the first import of Django's settings: set them before that.
_data_dir = tempfile.TemporaryDirectory(prefix="mutuality-bench-report-")
os.environ["MUTUALITY_DATA_DIR"] = _data_dir.name
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuality.settings")
os.environ.setdefault("MUTUALITY_DEMO", "true")
os.environ.setdefault("DJANGO_DEBUG", "false")

# WhiteNoise looks for collected static files, which pages here do not need.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
# Without DEBUG the settings choose the hashed static storage, which needs collectstatic;
# the pages here only need the plain one to name their files.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from mutuality.accounts.models import User  # noqa: E402
from mutuality.demo.large import SESSIONS  # noqa: E402
from mutuality.organisations.models import Organisation, Place  # noqa: E402
from mutuality.partnerships.models import Meeting, Partnership  # noqa: E402
from mutuality.polls.models import CareerOutcome, Quote, Response, Wave  # noqa: E402
from mutuality.polls.services import default_instrument, questions_for  # noqa: E402
from mutuality.programmes.models import (  # noqa: E402
    Cohort,
    CohortOrganisation,
    CohortRole,
    Participation,
    Programme,
    Side,
)
from mutuality.timeline.models import Attendance, Session  # noqa: E402

WORDS = [
    "I stopped waiting to be noticed and started asking for the work I wanted.",
    "Hearing about my partner's week changed how I chair meetings.",
    "We disagreed about a lot, and that was the most useful part.",
    "I now put adjustments on the agenda myself instead of waiting to be asked.",
]
# Career moves of the aspiring side: (kind, share of people with one).
MOVES = [("promotion", 0.4), ("applied", 0.5), ("acting_up", 0.15), ("secondment", 0.05)]
STAGES = (("baseline", "Baseline poll", 0.0), ("midpoint", "Mid-point poll", 0.5),
          ("final", "Final poll", 1.0))  # fmt: skip


def invented_answers(rng: random.Random, wave: Wave, side: str, progress: float) -> dict:
    """One person's answers: ``progress`` 0 at the baseline, 1 at the final poll."""
    answers = {}
    for q in questions_for(wave, side):
        if q.kind == "likert5":
            answers[q.key] = max(1, min(5, round(rng.gauss(2.7 + 1.4 * progress, 0.8))))
        elif q.kind == "scale10":
            answers[q.key] = max(0, min(10, round(rng.gauss(6.5 + 2.4 * progress, 1.4))))
        elif q.kind == "yesno":
            answers[q.key] = rng.random() < 0.2 + 0.45 * progress
        elif q.kind == "single":
            answers[q.key] = rng.choice(q.options)
        elif q.kind == "multiple":
            answers[q.key] = sorted(rng.sample(q.options, 2))
        elif q.kind == "text" and progress:
            answers[q.key] = rng.choice(WORDS)
    return answers


@transaction.atomic
def invent_cohort(programme: Programme, name: str, pairs: int, seed: int) -> Cohort:
    rng = random.Random(seed)
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        programme=programme, name=name, status=Cohort.Status.CLOSED,
        applications_open_on=today - timedelta(days=380),
        applications_close_on=today - timedelta(days=340),
        starts_on=today - timedelta(days=300), ends_on=today - timedelta(days=20),
    )  # fmt: skip
    place = Place.objects.get_or_create(name="Northmere")[0]
    orgs = [
        Organisation.objects.get_or_create(
            name=f"Northmere Organisation {n}",
            defaults={"kind": Organisation.Kind.NHS_TRUST, "place": place},
        )[0]
        for n in range(4)
    ]
    for org in orgs:
        CohortOrganisation.objects.get_or_create(cohort=cohort, organisation=org)
    users = User.objects.bulk_create(
        User(
            email=f"{cohort.pk}-{side}-{i}@trust.example",
            first_name=f"{side.title()}{i}",
            last_name=f"Cohort{cohort.pk}",
            password="!",  # noqa: S106 - the mark of an unusable password, as Django sets
        )
        for i in range(pairs)
        for side in (Side.ASPIRING, Side.ESTABLISHED)
    )
    parts = Participation.objects.bulk_create(
        Participation(
            cohort=cohort,
            user=user,
            side=Side.ASPIRING if n % 2 == 0 else Side.ESTABLISHED,
            organisation=orgs[(n // 2 + n % 2) % len(orgs)],
            job_title="Service Manager",
        )
        for n, user in enumerate(users)
    )
    partnerships = Partnership.objects.bulk_create(
        Partnership(
            cohort=cohort,
            aspiring=parts[2 * i],
            established=parts[2 * i + 1],
            status=Partnership.Status.ENDED if i % 10 == 9 else Partnership.Status.COMPLETED,
            end_reason=Partnership.EndReason.LEFT if i % 10 == 9 else "",
        )
        for i in range(pairs)
    )
    confirmed = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(
            partnership=p,
            logged_by=p.aspiring.user if k % 2 else p.established.user,
            met_on=cohort.starts_on + timedelta(days=20 + 35 * k + rng.randint(0, 10)),
            minutes=60,
            mode=("video", "in_person", "phone")[k % 3],
            confirmed_at=confirmed,
        )
        for p in partnerships
        for k in range(rng.choice((5, 6, 7, 7, 8, 8)))
    )
    zone = timezone.get_default_timezone()
    sessions = Session.objects.bulk_create(
        Session(
            cohort=cohort,
            kind=kind,
            title=title,
            mandatory=mandatory,
            starts_at=datetime.combine(
                cohort.starts_on + timedelta(days=27 * n), datetime.min.time(), tzinfo=zone
            )
            + timedelta(hours=10),
        )  # fmt: skip
        for n, (kind, title, mandatory) in enumerate(SESSIONS)
    )
    Attendance.objects.bulk_create(
        Attendance(session=s, user=p.user, present=rng.random() < 0.86)
        for s in sessions
        for p in parts
    )
    instrument = default_instrument()
    waves = []
    for stage, title, progress in STAGES:
        opens = cohort.starts_on + (cohort.ends_on - cohort.starts_on) * progress
        opens = min(opens, cohort.ends_on - timedelta(days=14))
        wave = Wave.objects.create(
            cohort=cohort, instrument=instrument, stage=stage, title=title,
            opens_on=opens, closes_on=opens + timedelta(days=21),
        )  # fmt: skip
        waves.append(wave)
        Response.objects.bulk_create(
            Response(
                wave=wave, participation=p, answers=invented_answers(rng, wave, p.side, progress)
            )
            for p in parts
        )
    final = waves[-1]
    text_key = next(q.key for q in final.instrument.questions.all() if q.kind == "text")
    for response in final.responses.order_by("pk")[: len(WORDS)]:
        Quote.objects.create(
            wave=final, response=response, question_key=text_key,
            text=response.answers.get(text_key) or WORDS[0],
        )  # fmt: skip
    aspiring = parts[::2]
    CareerOutcome.objects.bulk_create(
        CareerOutcome(
            participation=p,
            kind=kind,
            happened_on=cohort.ends_on - timedelta(days=rng.randint(-15, 200)),
        )  # fmt: skip
        for kind, share in MOVES
        for p in aspiring
        if rng.random() < share
    )
    return cohort


def timed(fn, runs: int) -> tuple[float, float]:
    """Seconds for the first run, and the median of ``runs`` runs after it."""
    started = time.perf_counter()
    fn()
    first = time.perf_counter() - started
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - started)
    return first, statistics.median(warm)


def peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def fetch(client: Client, url: str, content_type: str):
    def get():
        # With DEBUG off the service redirects plain HTTP to HTTPS, as in production.
        response = client.get(url, secure=True)
        if response.status_code != 200 or not response["Content-Type"].startswith(content_type):
            raise SystemExit(f"{url} gave {response.status_code} {response['Content-Type']}")
        return response

    return get


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20, help="pairs in the cohort")
    parser.add_argument(
        "--programme-pairs", type=int, default=200, help="pairs across the programme's cohorts"
    )
    parser.add_argument("--cohorts", type=int, default=5, help="cohorts in that programme")
    parser.add_argument("--runs", type=int, default=5, help="warm runs for the median")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from mutuality.evaluation.build import cohort_report

    call_command("migrate", verbosity=0)
    steering = User.objects.create(
        email="sponsor@council.example", first_name="Sam", last_name="Sponsor"
    )
    programme = Programme.objects.create(
        name="Inclusive Cultures", slug="inclusive-cultures", summary="Reciprocal mentoring."
    )
    cohort = invent_cohort(programme, "2025 cohort", args.pairs, seed=1)
    CohortRole.objects.create(cohort=cohort, user=steering, role=CohortRole.Role.STEERING)

    big = Programme.objects.create(
        name="Different Minds", slug="different-minds", summary="Reciprocal mentoring."
    )
    each = -(-args.programme_pairs // args.cohorts)
    for n in range(args.cohorts):
        size = min(each, args.programme_pairs - n * each)
        big_cohort = invent_cohort(big, f"Cohort {n + 1}", size, seed=100 + n)
        CohortRole.objects.create(cohort=big_cohort, user=steering, role=CohortRole.Role.STEERING)

    client = Client()
    client.force_login(steering)
    people = f"{2 * args.pairs} people"
    cases = [
        (
            "cohort_report, no charts",
            f"{args.pairs} pairs, {people}",
            lambda: cohort_report(cohort, charts=False),
        ),
        ("cohort_report", f"{args.pairs} pairs, {people}", lambda: cohort_report(cohort)),
        (
            "web report",
            f"{args.pairs} pairs, {people}",
            fetch(client, reverse("evaluation:cohort", args=[cohort.pk]), "text/html"),
        ),
        (
            "PDF report",
            f"{args.pairs} pairs, {people}",
            fetch(client, reverse("evaluation:cohort_pdf", args=[cohort.pk]), "application/pdf"),
        ),
        (
            "programme comparison",
            f"{args.programme_pairs} pairs in {args.cohorts} cohorts",
            fetch(client, reverse("evaluation:programme", args=[big.slug]), "text/html"),
        ),
    ]
    for name, size, fn in cases:
        first, median = timed(fn, args.runs)
        result = {
            "case": name,
            "size": size,
            "first_seconds": round(first, 3),
            "median_seconds": round(median, 3),
            "runs": args.runs,
            "peak_mib": peak_mib(),
        }
        if args.json:
            print(json.dumps(result), flush=True)
        else:
            print(
                f"{name:<24} {size:<26} first={first:>6.2f}s median={median:>6.2f}s "
                f"peak={result['peak_mib']} MiB",
                flush=True,
            )


if __name__ == "__main__":
    main()
