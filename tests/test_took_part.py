"""Who took part, defined once (``programmes.numbers.took_part``): everyone who started the
programme, people who left included, with how many left said separately. Every page prints
the same figure for it; someone who has left no longer acts as a participant."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from mutuality import strategyfile as sf
from mutuality.evaluation.build import cohort_report
from mutuality.evaluation.compare import programme_figures
from mutuality.programmes.models import Cohort, CohortRole, Participation, Side
from mutuality.programmes.numbers import taking_part, took_part
from mutuality.site.cohorts import cohort_numbers
from mutuality.strategy import services as strategy
from mutuality.strategy.models import Initiative

from .factories import CohortFactory, UserFactory, add_participant, add_role, give_totp

FIGURE = r"(not shown|\S+)"
TOOK_PART = {
    "cohort page": rf"Participants {FIGURE} (?:took|taking) part",
    "numbers page": r"Took part \(started the programme, including people who left\) In all: "
    + FIGURE,
    "report": rf"People who took part \(started the programme\): {FIGURE} ?\.",
    "pdf": rf"People who took part \(started the programme\): {FIGURE}\.",
    "csv": r"Who took part,People who took part,Everyone,,(.+)",
    "xlsx": r"Who took part,People who took part,Everyone,(.+)",
    "comparison": rf"People who took part {FIGURE}",
    "strategy": rf"People who took part {FIGURE}",
}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def printed_figures(client, cohort: Cohort, reader) -> dict[str, str]:
    """The "took part" figure as each page a steering-group member can read prints it."""
    client.force_login(reader)

    def page(name: str, *args) -> str:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        return _text(response.content.decode())

    export = reverse("evaluation:cohort_export", args=[cohort.pk, "csv"])
    seen = {
        "cohort page": page("programmes:cohort", cohort.pk),
        "numbers page": page("programmes:numbers", cohort.pk),
        "report": page("evaluation:cohort", cohort.pk),
        "csv": client.get(export).content.decode("utf-8-sig"),
        "comparison": page("evaluation:programme", cohort.programme.slug),
    }
    pdf = client.get(reverse("evaluation:cohort_pdf", args=[cohort.pk])).content
    seen["pdf"] = " ".join(
        subprocess.run(  # noqa: S603 - a fixed local tool on our own PDF
            [shutil.which("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    xlsx = client.get(reverse("evaluation:cohort_export", args=[cohort.pk, "xlsx"])).content
    rows = openpyxl.load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)
    seen["xlsx"] = "\n".join(",".join(str(c) for c in row if c is not None) for row in rows)
    initiative = Initiative.objects.filter(programmes=cohort.programme).first()
    workstream = page("strategy:workstream", initiative.workstream.key)
    # The programme's own card: from "Delivered by <programme>" on.
    seen["strategy"] = workstream[workstream.index(f"Delivered by {cohort.programme.name}") :]
    figures = {}
    for view, pattern in TOOK_PART.items():
        match = re.search(pattern, seen[view])
        assert match, (view, seen[view][:2000])
        figures[view] = match.group(1).strip()
    return figures


def _reader_of(cohort: Cohort):
    reader = UserFactory(email=f"steering-{cohort.pk}@council.example")
    add_role(cohort, reader, CohortRole.Role.STEERING)
    return reader


def _strategy_delivered_by(programme) -> None:
    current = strategy.current_strategy() or strategy.strategy_import(parsed=sf.demo_strategy())
    if not Initiative.objects.filter(programmes=programme).exists():
        Initiative.objects.filter(workstream__strategy=current).first().programmes.add(programme)


def test_every_page_prints_the_same_took_part_figure_for_the_demo_cohorts(client, db):
    from mutuality.demo.seed import seed

    system = seed()
    for cohort in system.cohorts.values():
        # One cohort a programme in the demo, so the programme's pooled figures (the
        # comparison's first column and the strategy page) are the cohort's too.
        assert cohort.programme.cohorts.count() == 1
        _strategy_delivered_by(cohort.programme)
        figures = printed_figures(client, cohort, _reader_of(cohort))
        expected = taking_part(cohort)[0].display
        assert set(figures.values()) == {expected}, (cohort.name, figures)
    closed = system.cohorts["inclusive-2025"]
    assert taking_part(closed)[0].display == "35"  # 34 people, rounded to the nearest 5


def test_someone_whose_place_went_before_the_start_did_not_take_part(client, db):
    """Of 24 accepted, two had their place taken back before the start and three left
    during the year: 22 took part (shown as 20), and 3 left (a small count, withheld)."""
    today = timezone.localdate()
    cohort = CohortFactory(
        status="closed",
        starts_on=today - timedelta(days=300),
        ends_on=today - timedelta(days=20),
    )
    people = [
        add_participant(cohort, UserFactory(), Side.ASPIRING if i % 2 else Side.ESTABLISHED)
        for i in range(24)
    ]
    before_start = cohort.starts_on - timedelta(days=10)
    Participation.objects.filter(pk__in=[p.pk for p in people[:2]]).update(
        status="withdrawn", left_on=before_start
    )
    Participation.objects.filter(pk__in=[p.pk for p in people[2:5]]).update(
        status="withdrawn", left_on=cohort.starts_on + timedelta(days=40)
    )
    assert took_part([cohort]).count() == 22
    shown, left = taking_part(cohort)
    assert (shown.display, left.display) == ("20", "not shown")
    # The numbers page's breakdown, the report and the comparison count the same people.
    numbers = next(s for s in cohort_numbers(cohort) if s.heading.startswith("Took part"))
    assert numbers.total.display == "20"
    assert cohort_report(cohort, charts=False).taking_part.display == "20"
    assert dict(programme_figures(cohort.programme))["People who took part"] == "20"
    _strategy_delivered_by(cohort.programme)
    figures = printed_figures(client, cohort, _reader_of(cohort))
    assert set(figures.values()) == {"20"}, figures
    # The team, who may read the names, sees the exact number and who left.
    office = UserFactory(is_staff=True)
    give_totp(office)
    client.force_login(office)
    page = _text(client.get(reverse("programmes:cohort", args=[cohort.pk])).content.decode())
    assert "Participants 22 took part" in page
    assert page.count("Left") >= 3


@pytest.mark.parametrize("how", ["withdrew", "place taken back"])
def test_someone_who_has_left_no_longer_acts_as_a_participant(client, cast, how):
    participation = cast.cohort.participations.get(user=cast.aspiring)
    left_on = timezone.localdate() if how == "withdrew" else cast.cohort.starts_on
    Participation.objects.filter(pk=participation.pk).update(status="withdrawn", left_on=left_on)
    client.force_login(cast.aspiring)
    for name in ("programmes:cohort", "polls:mine", "steering:submit", "timeline:mine"):
        response = client.get(reverse(name, args=[cast.cohort.pk]))
        assert response.status_code == 404, name
    home = client.get(reverse("home")).content.decode()
    assert reverse("programmes:cohort", args=[cast.cohort.pk]) not in home
    # Their partner, still taking part, is unaffected.
    client.force_login(cast.established)
    assert client.get(reverse("polls:mine", args=[cast.cohort.pk])).status_code == 200
