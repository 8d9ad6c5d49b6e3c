"""Evidence a programme can publish: every view agrees, nothing small can be subtracted out,
nothing moves while a poll is open, and every chart says what the registers say.

The attacker here is a steering-group member with every view a cohort has: the cohort page,
the numbers page, the report on the web, as a PDF, CSV and XLSX, the programme comparison
and the strategy figures. Cohorts of 8, 11, 17 and 40 a side are generated, each with one
person who left, and most people answering each poll.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import datetime, time, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from mutuality import strategyfile as sf
from mutuality.disclosure import bases_behind
from mutuality.evaluation.build import cohort_report
from mutuality.impact.instrument import EDI_MEASURES
from mutuality.organisations.models import Organisation
from mutuality.partnerships.models import Meeting, Partnership
from mutuality.polls.models import CareerOutcome, Response, Wave
from mutuality.polls.services import default_instrument, freeze_closed_waves, questions_for
from mutuality.programmes.models import CohortRole, Participation, Side
from mutuality.strategy import services
from mutuality.strategy.models import Initiative
from mutuality.timeline.models import Attendance, Session

from .factories import CohortFactory, UserFactory, add_participant, add_role

SIZES = (8, 11, 17, 40)


def answers(wave, side: str, i: int, final: bool) -> dict:
    given = {}
    for q in questions_for(wave, side):
        if q.kind == "likert5":
            given[q.key] = (5 if i % 3 else 3) if final else (2 if i % 4 else 4)
        elif q.kind == "scale10":
            given[q.key] = (9 if i % 2 else 8) if final else 6
        elif q.kind == "yesno":
            given[q.key] = final and i % 3 != 0
    return given


def build(size: int, *, open_final: bool = False, programme=None):
    today = timezone.localdate()
    cohort = CohortFactory(
        **({"programme": programme} if programme else {}),
        status="closed",
        starts_on=today - timedelta(days=300),
        ends_on=today - timedelta(days=20),
        applications_open_on=today - timedelta(days=360),
        applications_close_on=today - timedelta(days=320),
    )
    orgs = [Organisation.objects.create(name=f"Trust {size}{n}", kind="trust") for n in "AB"]
    people = {Side.ASPIRING: [], Side.ESTABLISHED: []}
    for i in range(size):
        for side in people:
            user = UserFactory(first_name=f"P{side[:3]}{i}", last_name="Quill")
            people[side].append(add_participant(cohort, user, side, orgs[i % 2]))
    monthly = (2 * size) // 3  # e.g. 11 of 17 pairs meet every four weeks; the rest 3 times
    for i, (a, e) in enumerate(zip(people[Side.ASPIRING], people[Side.ESTABLISHED], strict=True)):
        pair = Partnership.objects.create(
            cohort=cohort, aspiring=a, established=e, status="ended" if i == 0 else "completed"
        )
        gap = 28 if 0 < i <= monthly else 90
        Meeting.objects.bulk_create(
            Meeting(partnership=pair, logged_by=a.user, met_on=day, mode="video")
            for day in (
                cohort.starts_on + timedelta(days=d)
                for d in range(0, (cohort.ends_on - cohort.starts_on).days + 1, gap)
            )
        )
    cohort.monthly_pairs = monthly
    Participation.objects.filter(pk=people[Side.ASPIRING][0].pk).update(status="withdrawn")
    instrument = default_instrument()
    final_closes = today + timedelta(days=5) if open_final else today - timedelta(days=2)
    waves = {
        "baseline": Wave.objects.create(
            cohort=cohort, instrument=instrument, stage="baseline", title="Baseline poll",
            opens_on=cohort.starts_on, closes_on=cohort.starts_on + timedelta(days=21),
        ),
        "final": Wave.objects.create(
            cohort=cohort, instrument=instrument, stage="final", title="Final poll",
            opens_on=today - timedelta(days=20), closes_on=final_closes,
        ),
    }  # fmt: skip
    for side, parts in people.items():
        for i, p in enumerate(parts):
            for stage, wave in waves.items():
                if i % 10 == 7 or (stage == "final" and i == 0 and side == Side.ASPIRING):
                    continue  # most people answer; the person who left did not at the end
                Response.objects.create(
                    wave=wave, participation=p, answers=answers(wave, side, i, stage == "final")
                )
    freeze_closed_waves()
    # Registers: everybody at the launch; one person missing from the workshop.
    everyone = [p.user for parts in people.values() for p in parts]
    for title, absent in (("Launch", 0), ("Workshop", 1)):
        session = Session.objects.create(
            cohort=cohort, kind="learning", title=title, mandatory=title == "Launch",
            starts_at=timezone.make_aware(datetime.combine(cohort.starts_on, time(10))),
        )  # fmt: skip
        for n, user in enumerate(everyone):
            Attendance.objects.create(session=session, user=user, present=n >= absent)
    steering = UserFactory(email=f"steering{size}@council.example")
    add_role(cohort, steering, CohortRole.Role.STEERING)
    cohort.steering, cohort.people = steering, people
    return cohort


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def views(client, cohort) -> dict[str, str]:
    """Every view the attacker has, as plain text."""
    client.force_login(cohort.steering)
    get = client.get

    def page(name: str, *args) -> str:
        return text_of(get(reverse(name, args=args)).content.decode())

    csv = get(reverse("evaluation:cohort_export", args=[cohort.pk, "csv"]))
    seen = {
        "cohort page": page("programmes:cohort", cohort.pk),
        "numbers page": page("programmes:numbers", cohort.pk),
        "report": page("evaluation:cohort", cohort.pk),
        "csv": csv.content.decode("utf-8-sig"),
        "comparison": page("evaluation:programme", cohort.programme.slug),
    }
    pdf = get(reverse("evaluation:cohort_pdf", args=[cohort.pk])).content
    seen["pdf"] = " ".join(
        subprocess.run(  # noqa: S603 - a fixed local tool on our own PDF
            [shutil.which("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    book = openpyxl.load_workbook(
        io.BytesIO(get(reverse("evaluation:cohort_export", args=[cohort.pk, "xlsx"])).content)
    )
    rows = book.active.iter_rows(values_only=True)
    seen["xlsx"] = "\n".join(",".join(str(c) for c in row if c is not None) for row in rows)
    # The strategy workstream page of an initiative the programme delivers, as printed.
    strategy = services.current_strategy() or services.strategy_import(parsed=sf.demo_strategy())
    initiative = Initiative.objects.filter(workstream__strategy=strategy).first()
    initiative.programmes.add(cohort.programme)
    seen["strategy"] = page("strategy:workstream", initiative.workstream.key)
    return seen


FIGURE = r"(not shown|\S+(?: than \d+)?)"
WHY = r"(?: \([^)]*\))?"  # a withheld figure's reason, printed beside it
TOOK_PART = {
    "cohort page": rf"Participants {FIGURE}{WHY}",
    "numbers page": r"Took part \(started the programme, including people who left\) In all: "
    + FIGURE,
    "report": rf"People who took part \(started the programme\): {FIGURE}{WHY} ?\.",
    "pdf": rf"People who took part \(started the programme\): {FIGURE}{WHY} ?\.",
    "csv": r"Who took part,People who took part,Everyone,,(.+)",
    "xlsx": r"Who took part,People who took part,Everyone,(.+)",
    "comparison": rf"People who took part {FIGURE}",
    "strategy": rf"People who took part {FIGURE}",
}


@pytest.mark.parametrize("size", SIZES)
def test_every_view_agrees_on_who_took_part(client, db, size):
    cohort = build(size)
    seen = views(client, cohort)
    figures = {}
    for view, pattern in TOOK_PART.items():
        match = re.search(pattern, seen[view])
        assert match, (view, seen[view][:3000])
        figures[view] = match.group(1).strip()
    assert len(set(figures.values())) == 1, figures
    # Two views of the same people never differ, so no difference is 1 to 7; and the figure
    # itself is a rounded count or the small-count marker, never the exact 2 x size.
    (shown,) = set(figures.values())
    assert shown == "not shown" or int(shown) % 5 == 0
    assert str(2 * size) not in (shown,) or (2 * size) % 5 == 0


COUNT = re.compile(
    r"(?<![\d.,£:])\b(\d+)\b(?![\d.]|%| ?(?:minutes|days|months|point|out of|-month))"
)


def small_or_unrounded(text: str) -> list[str]:
    """Counts in a text that are neither rounded nor a published threshold."""
    found = []
    for match in COUNT.finditer(text):
        number = int(match.group(1))
        if number in (0, 8, 10, 11) or number % 5 == 0 or number >= 1900:
            continue
        found.append(text[max(0, match.start() - 40) : match.end() + 20])
    return found


@pytest.mark.parametrize("size", SIZES)
def test_no_figure_of_the_report_is_a_small_or_unrounded_count(client, db, size):
    cohort = build(size)
    seen = views(client, cohort)
    # The CSV's figure column holds only shown figures: every number in it is rounded, a
    # threshold, a percentage or a statistic with a decimal point.
    figures = [line.rsplit(",", 1)[-1] for line in seen["csv"].splitlines()[1:]]
    problems = [found for figure in figures for found in small_or_unrounded(figure)]
    assert problems == []


@pytest.mark.parametrize("size", (11, 17))
def test_nothing_moves_while_the_final_poll_is_open(client, db, size):
    cohort = build(size, open_final=True)
    export = reverse("evaluation:cohort_export", args=[cohort.pk, "csv"])
    before = views(client, cohort)
    first = client.get(export).content
    final = cohort.waves.get(stage="final")
    response = final.responses.first()
    response.answers["navigating-organisation"] = 1
    response.save()
    Response.objects.create(
        wave=final, participation=cohort.people[Side.ESTABLISHED][7], answers={"recommend": 0}
    )
    freeze_closed_waves()  # the daily task: the open wave is not frozen
    assert client.get(export).content == first
    # Every view, read as printed: cohort and numbers pages, report, PDF, CSV, XLSX, the
    # programme comparison and the strategy page.
    after = views(client, cohort)
    assert {view: text for view, text in after.items() if text != before[view]} == {}
    report = cohort_report(cohort, charts=False)
    assert report.pending == ["Final poll"]
    assert not any(h.text for h in report.headlines if "Final" in h.text)


def test_the_closed_17_pair_cohort_leads_with_per_side_headlines(db):
    cohort = build(17)
    report = cohort_report(cohort, charts=False)
    texts = [h.text for h in report.headlines]
    # Aspiring side: 15 answered the final poll (one left, one skipped), 10 agreeing: 67%,
    # shown as 70%. Established side: 16 answered, 10 agreeing: 62.5%, shown as 60%.
    assert any(t.startswith("70% of aspiring leaders agreed they feel confident") for t in texts), (
        texts
    )
    assert any(t.startswith("60% of established leaders agreed") for t in texts), texts


def test_attendance_and_retention_agree_with_the_registers(db):
    cohort = build(17)
    report = cohort_report(cohort)
    # Registers: 34 expected at each; all 34 came to the launch, 33 to the workshop.
    launch, workshop = report.attendance
    assert (launch.summary, workshop.summary) == ("100%", "95%")  # 97% to the nearest 5
    chart = report.charts["attendance"]
    assert [row[-1] for row in chart.rows] == ["100%", "95%"]
    drawn = list(re.findall(r">([^<>]+)</text>", chart.svg))
    assert "100%" in " ".join(drawn) and "95%" in " ".join(drawn)
    # Retention: 16 of 17 pairs completed, one ended: 94%, shown to the nearest 10.
    assert report.completed.display == "90%"
    assert report.retention_total.display == "15"


def test_a_small_cohort_says_why_attendance_is_not_shown_instead_of_an_empty_chart(db, client):
    cohort = build(4)  # 8 people expected at each session: below the survey rule
    report = cohort_report(cohort)
    assert report.attendance and all(row.rate.suppressed for row in report.attendance)
    assert "attendance" not in report.charts
    client.force_login(cohort.steering)
    page = text_of(client.get(reverse("evaluation:cohort", args=[cohort.pk])).content.decode())
    assert f"Registers taken at {len(report.attendance)} sessions" in page
    assert "Attendance is not shown: fewer than 11 people were expected at each" in page
    # Every change for the same people is withheld, so the reason is said once, not per row.
    assert page.count("Too few answered: a change is shown only when") == len(
        [side for side in report.sides if any(item.paired for item in side.items)]
    )


def test_the_change_table_does_not_repeat_the_statement_beside_it(db, client):
    cohort = build(17)
    report = cohort_report(cohort, charts=False)
    shown = [
        item for side in report.sides for item in side.items if item.paired and item.paired.shown
    ]
    assert shown
    client.force_login(cohort.steering)
    html = client.get(reverse("evaluation:cohort", args=[cohort.pk])).content.decode()
    for item in shown:
        said = item.paired.summary.removeprefix(f"{item.question.label}: ")
        assert f"<td>{said[:1].upper()}{said[1:]}</td>" in html


@pytest.mark.parametrize(
    ("size", "asked", "words"),
    (
        (8, 7, ""),
        (17, 7, "met as often as the programme asks (7 meetings in all) or more"),
        (17, 12, "met at least once a month on average"),
        (40, 7, "met as often as the programme asks"),
    ),
)
def test_the_meeting_rhythm_headline_counts_the_pairs_in_the_register(db, size, asked, words):
    cohort = build(size)
    cohort.expected_meetings = asked  # seven over nine months, or more than one a month
    cohort.save()
    report = cohort_report(cohort, charts=False)
    logged = Meeting.objects.filter(partnership__cohort=cohort)
    # 11 of 17 pairs met every four weeks over about nine months (ten or eleven meetings);
    # the others met every 90 days (four meetings) and the pair that ended too.
    per_pair = sorted(
        (logged.filter(partnership=pair).count() for pair in cohort.partnerships.all()),
        reverse=True,
    )
    assert sum(count >= 9 for count in per_pair) == cohort.monthly_pairs
    if size < 11:
        assert report.rhythm.monthly.suppressed
        assert not report.rhythm_lines
        return
    share = round(100 * cohort.monthly_pairs / size / 10) * 10 if size < 21 else None
    if share is not None:
        assert report.rhythm.monthly.display == f"{share}%"
    (line,) = report.rhythm_lines
    assert line.level == "behaviour"
    share = report.rhythm.monthly.display
    assert f"pairs {words}" in line.text and share in line.text, line.text
    assert any(line.text in h.text for _, _, lines in report.levels for h in lines)


def test_every_chart_prints_the_figures_of_the_text(db):
    cohort = build(17)
    report = cohort_report(cohort)
    waves = {report.before, report.after}
    checked = withheld = 0
    for key, label, items in report.questions:
        chart = report.charts[f"question-{key}"]  # one chart per question
        expected = [(item, wave) for item in items for wave in item.waves if wave.wave in waves]
        assert len(chart.rows) == len(expected)
        drawn = " ".join(re.findall(r">([^<>]+)</text>", chart.svg))
        for row, (item, wave) in zip(chart.rows, expected, strict=True):
            assert row[0].startswith(label) and row[1] == wave.label
            assert item.group in row[0] or len({i.group for i in items}) == 1
            assert row[2] == wave.respondents.display
            assert list(row[3 : 3 + len(wave.shares)]) == [c.display for c in wave.shares]
            if wave.withheld:
                # Drawn as withheld, in words, with its reason, never as a bar.
                assert "Not shown" in drawn
                withheld += 1
            else:
                for cell in wave.shares:
                    assert cell.value is not None
                    assert cell.value < 15 or cell.display in drawn
                checked += 1
    assert checked and report.questions
    # Each side's change chart prints the same positive shares as the headline text.
    for side in report.sides:
        chart = report.charts.get(f"change-{side.side}")
        if chart is None:
            continue
        for row in chart.rows:
            item = next(i for i in side.items if row[0].startswith(i.question.label))
            before, after = item.wave(report.before), item.wave(report.after)
            assert (row[1], row[2]) == (before.summary, after.summary)
            if not after.positive.suppressed:
                assert row[2] == after.positive.display
    texts = " ".join(h.text for h in report.headlines)
    for side in report.sides[1:]:
        for item in side.items:
            final = item.wave(report.after)
            if not final.positive.suppressed and item.question.headline in texts:
                assert f"{final.positive.display} of {item.group}" in texts


def test_the_steering_pack_carries_the_reports_headlines(client, db):
    cohort = build(17)
    report = cohort_report(cohort, charts=False)
    client.force_login(cohort.steering)
    page = client.get(reverse("steering:programme", args=[cohort.programme.slug]))
    assert page.status_code == 200
    assert report.headlines[0].text in page.content.decode()
    pack = client.get(reverse("steering:pack", args=[cohort.programme.slug])).content
    text = " ".join(
        subprocess.run(  # noqa: S603 - a fixed local tool on our own PDF
            [shutil.which("pdftotext"), "-", "-"], input=pack, capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    assert report.headlines[0].text[:60] in text


def possible(shown: str) -> range:
    """Every true count of people behind a figure as printed."""
    if shown == "not shown":  # every withheld count of people says why: fewer than 8
        return range(0, 8)
    if shown.startswith("fewer than"):
        return range(0, int(shown.split()[-1]))
    return bases_behind(int(shown)) if int(shown) >= 15 else range(int(shown) - 2, int(shown) + 3)


def test_no_two_views_of_a_programme_pin_a_small_cohort(client, db):
    """A programme with a cohort of 17 a side and one of 3 a side: the attacker reads the
    small cohort's pages, the big one's, the programme comparison and the strategy
    workstream page (the pages themselves), and subtracts every pair of figures for the
    people who took part. The small cohort's six people are never pinned to one count."""
    big = build(17)
    small = build(3, programme=big.programme)
    add_role(small, big.steering, CohortRole.Role.STEERING)
    strategy = services.strategy_import(parsed=sf.demo_strategy())
    initiative = Initiative.objects.filter(workstream__strategy=strategy).first()
    initiative.programmes.add(big.programme)
    big_seen, small_seen = views(client, big), views(client, small)
    workstream = text_of(
        client.get(
            reverse("strategy:workstream", args=[initiative.workstream.key])
        ).content.decode()
    )
    figures = {}
    for name, seen in (("big", big_seen), ("small", small_seen)):
        for view, pattern in TOOK_PART.items():
            if view in ("comparison", "strategy"):
                continue
            figures[name, view] = re.search(pattern, seen[view]).group(1).strip()
    # The programme as a whole, pooled afresh: on the strategy page and the comparison.
    pooled = re.search(r"People who took part " + FIGURE, workstream)
    assert pooled, workstream[:2000]
    figures["pooled", "strategy"] = pooled.group(1)
    # A pool is shown only when every cohort in it has its own count shown (ADR 0010), so
    # here it is withheld, and a withheld pool could be any number at all.
    assert figures["pooled", "strategy"] == "not shown"
    shown_small = {view: figures["small", view] for view in TOOK_PART if ("small", view) in figures}
    # Never a count: the small-count marker, or "not shown" where a page withholds it.
    assert set(shown_small.values()) <= {"not shown"}, shown_small
    true_small = 6
    candidates = set(range(0, 8))
    for (name, _view), shown in figures.items():
        if name == "small":
            candidates &= set(possible(shown))
    for big_view in [v for (n, v) in figures if n == "big"]:
        derived = {
            total - part for total in range(0, 1000) for part in possible(figures["big", big_view])
        }
        candidates &= derived
    assert true_small in candidates
    assert len(candidates) > 1, candidates
    comparison = small_seen["comparison"]
    # The comparison shows each cohort's column and never a figure below 8 for the small one.
    assert "not shown" in comparison


def test_the_four_levels_and_the_edi_improvement_plan_come_from_shown_figures(client, db):
    cohort = build(17)
    for i, person in enumerate(cohort.people[Side.ASPIRING][:10]):
        CareerOutcome.objects.create(
            participation=person,
            kind="promotion" if i % 2 else "applied",
            happened_on=cohort.ends_on,
            recorded_by=cohort.steering,
        )
    report = cohort_report(cohort, charts=False)
    levels = {level: lines for level, _title, lines in report.levels}
    assert list(levels) == ["reaction", "learning", "behaviour", "results"]
    assert all(levels.values()), {k: len(v) for k, v in levels.items()}
    # Each question's level is the instrument's; results are completion and career moves.
    assert any("completed the programme" in h.text for h in levels["results"])
    assert any("pairs met" in h.text for h in levels["behaviour"])
    # The EDI Improvement Plan's talent-management measure: every result mapped to it is a
    # shown share of a question mapped to it, printed as the page prints it.
    mapped = {
        f"{item.question.label} ({item.group}): {item.wave('final').positive.display}"
        for side in report.sides
        for item in side.items
        if item.question.key in EDI_MEASURES and not item.wave("final").positive.suppressed
    }
    evidence = [text for _measure, text in report.edi_measures]
    assert mapped and mapped <= set(evidence)
    assert all("high impact action 2" in measure for measure, _ in report.edi_measures)
    client.force_login(cohort.steering)
    page = text_of(client.get(reverse("evaluation:cohort", args=[cohort.pk])).content.decode())
    assert "Against the NHS EDI Improvement Plan" in page
    assert all(text_of(text) in page for text in evidence)
