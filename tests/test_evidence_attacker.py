"""The attacker with every view: every people-count a steering group member or a programme
manager can read about a cohort, in every format, subtracted from every other.

``tests/test_evidence.py`` checks that the views agree on who took part. Here the attacker
reads *every* count of people printed on the cohort page, the numbers page, the report (web,
PDF, CSV, XLSX), the programme and system comparisons and the strategy pages, each tagged
with the group it counts (took part, left, a side, an organisation, a place, people who
answered a question at a poll, people with a career move, applicants and their equality
monitoring, people expected at a session, pairs). For each figure it works out every true
count the published rules could have turned into it (the rules are public: a "10" for a
group of a breakdown is 10 to 12 people, a "15" for people answering is 11 to 17), intersects
what different views say about the same group, and then subtracts every nested pair
(a group and a group inside it) and every breakdown (a whole and its lines).

The rule it enforces (ADR 0010, "Counts of people"): no derived count of people is pinned
to one value from 0 to 7, and none is proved to lie between 1 and 7. A derived range that
still includes 0 and more than one value says no more than "fewer than 8" does.

Cohorts of 8, 11, 17 and 40 a side are generated once for the module (three organisations in
two places, several people who left and their pairs ended, applicants who were declined,
equality monitoring, career moves) and so is the demo; every view is read once, by the
steering group member and by the programme manager.

The same views are read once more for every percentage and mean printed (ADR 0010, "No
percentage narrows the base"): each must leave the attacker more than one possible base.
"""

from __future__ import annotations

import csv as csvmodule
import html
import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import timedelta

import openpyxl
import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mutuality import strategyfile as sf
from mutuality.applications.models import Application, EqualityMonitoring
from mutuality.demo.seed import seed
from mutuality.disclosure import DEFAULT_POLICY, bases_behind
from mutuality.disclosure.cells import (
    disclose_respondents,
    share_step,
    shown_count,
    snap_percentage,
)
from mutuality.organisations.models import Organisation, Place
from mutuality.partnerships.models import Partnership
from mutuality.polls.models import CareerOutcome, Response, Wave
from mutuality.polls.services import default_instrument, freeze_closed_waves
from mutuality.programmes.models import (
    Cohort,
    CohortOrganisation,
    CohortRole,
    Participation,
    Side,
)
from mutuality.programmes.permissions import report_cohort_ids
from mutuality.strategy import services as strategy_services
from mutuality.strategy.models import Initiative

from .factories import ProgrammeFactory, UserFactory, add_role, give_totp
from .test_evidence import answers, build, text_of

pytestmark = pytest.mark.xdist_group("evidence_attacker")

SIZES = (8, 11, 17, 40)
POLICY = DEFAULT_POLICY
UNKNOWN = (0, 10**6)
SMALL = POLICY.min_count  # 8: a derived count below this must stay ambiguous down to zero

# Which floor each kind of figure is shown from (the attacker knows the rules).
FLOORS = {
    "count": POLICY.min_count,  # disclose_count, a whole population's count
    "group": POLICY.group_floor,  # a line of a breakdown, a filtered count
    "answered": POLICY.min_respondents,  # people answering, people expected
}


# Building the cohorts.


def enrich(cohort, size: int) -> None:
    """Make a cohort from ``test_evidence.build`` look like a real one: three organisations
    in two places, more people who left (and their pairs ended), applicants who were not
    accepted, equality monitoring from every applicant, and career moves that overlap."""
    north, south = (
        Place.objects.create(name=f"North {size}"),
        Place.objects.create(name=f"South {size}"),
    )
    orgs = list(
        Organisation.objects.filter(participation__cohort=cohort).distinct().order_by("name")
    )
    orgs[0].place, orgs[1].place = north, south
    for org in orgs:
        org.save()
    council = Organisation.objects.create(name=f"Council {size}", kind="council", place=south)
    CohortOrganisation.objects.create(cohort=cohort, organisation=council)
    people = [p for side in (Side.ASPIRING, Side.ESTABLISHED) for p in cohort.people[side]]
    for i, person in enumerate(people):
        if i % 3 == 2:
            Participation.objects.filter(pk=person.pk).update(organisation=council)
    # About one in eight left; the pairs of the aspiring leaders who left ended early.
    leavers = [p for i, p in enumerate(cohort.people[Side.ASPIRING]) if i % 8 == 0]
    leavers += [p for i, p in enumerate(cohort.people[Side.ESTABLISHED]) if i % 8 == 3]
    Participation.objects.filter(pk__in=[p.pk for p in leavers]).update(status="withdrawn")
    Partnership.objects.filter(cohort=cohort, aspiring__in=leavers).update(status="ended")
    # Everyone who took part applied and was accepted; half as many were not.
    people = list(cohort.participations.select_related("user"))
    statuses = [(p.user, p.side, p.organisation_id, "accepted") for p in people]
    for i in range(size // 2):
        user = UserFactory(first_name=f"Applicant{i}", last_name="Quill")
        statuses.append((user, Side.ASPIRING if i % 2 else Side.ESTABLISHED, orgs[i % 2].pk,
                         "declined" if i % 3 else "waitlisted"))  # fmt: skip
    Application.objects.bulk_create(
        Application(cohort=cohort, applicant=user, side=side, organisation_id=org, status=status)
        for user, side, org, status in statuses
    )
    ethnicities = ["asian", "black", "white", "white", "mixed", "asian", "white", "other"]
    EqualityMonitoring.objects.bulk_create(
        EqualityMonitoring(
            cohort=cohort,
            user=user,
            ethnicity=ethnicities[i % len(ethnicities)],
            disability="yes" if i % 5 == 0 else "no",
            age="35-44" if i % 2 else "45-54",
        )
        for i, (user, *_rest) in enumerate(statuses)
        if i % 9 != 4  # most applicants answer the monitoring questions
    )
    # Career moves: promotions for about half the aspiring leaders, applications for a set
    # that overlaps them, so "any move" and each kind describe nested groups.
    aspiring = cohort.people[Side.ASPIRING]
    moves = [(p, "promotion") for i, p in enumerate(aspiring) if i % 2 == 1]
    moves += [(p, "applied") for i, p in enumerate(aspiring) if i % 4 in (1, 2)]
    if size == 17:  # ten promoted and ten who applied, fourteen people with a move in all
        moves = [(aspiring[i], "promotion") for i in range(1, 11)]
        moves += [(aspiring[i], "applied") for i in range(5, 15)]
    CareerOutcome.objects.bulk_create(
        CareerOutcome(
            participation=p, kind=kind, happened_on=cohort.ends_on - timedelta(days=30),
            recorded_by=cohort.steering,
        )
        for p, kind in moves
    )  # fmt: skip
    manager = UserFactory(email=f"manager{size}@icb.example")
    give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    cohort.manager = manager


def pdf_text(content: bytes) -> str:
    out = subprocess.run(  # noqa: S603 - a fixed local tool on our own PDF
        [shutil.which("pdftotext"), "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.split())


def read_views(client: Client, cohort, user) -> dict[str, str]:
    """Every view of ``cohort`` this person can read, as printed (HTML as text, the PDF's
    text, the CSV, the XLSX's cells one row a line)."""
    client.force_login(user)

    def page(name: str, *args) -> str:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, (name, response.status_code)
        body = html.unescape(text_of(response.content.decode()))
        # Only the page's own content: the header and footer carry no figures.
        return body.split("Sign in as someone .", 1)[-1].split("Support links", 1)[0]

    seen = {
        "cohort page": page("programmes:cohort", cohort.pk),
        "numbers page": page("programmes:numbers", cohort.pk),
        "report": page("evaluation:cohort", cohort.pk),
        "comparison": page("evaluation:programme", cohort.programme.slug),
        "system comparison": page("evaluation:system"),
        "strategy": page("strategy:dashboard"),
        "workstream": page("strategy:workstream", cohort.workstream),
    }
    csv = client.get(reverse("evaluation:cohort_export", args=[cohort.pk, "csv"]))
    seen["csv"] = csv.content.decode("utf-8-sig")
    pdf = client.get(reverse("evaluation:cohort_pdf", args=[cohort.pk]))
    seen["pdf"] = pdf_text(pdf.content)
    xlsx = client.get(reverse("evaluation:cohort_export", args=[cohort.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    seen["xlsx"] = "\n".join(
        ",".join("" if c is None else str(c) for c in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )
    client.logout()
    return seen


@dataclass
class Built:
    cohorts: dict[str, object]  # by label: "8 a side", ..., "demo: <cohort>"
    seen: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)


def demo_cohorts() -> dict[str, object]:
    """The demo's cohorts with people taking part, each with a steering group member and a
    programme manager who may read it (added where the demo has none)."""
    found = {}
    for cohort in Cohort.objects.filter(participations__isnull=False).distinct():
        roles = {r.role: r.user for r in cohort.roles.select_related("user")}
        cohort.steering = roles.get(CohortRole.Role.STEERING) or UserFactory()
        cohort.manager = roles.get(CohortRole.Role.PROGRAMME_MANAGER) or UserFactory()
        for role, user in ((CohortRole.Role.STEERING, cohort.steering),
                           (CohortRole.Role.PROGRAMME_MANAGER, cohort.manager)):  # fmt: skip
            CohortRole.objects.get_or_create(cohort=cohort, user=user, role=role)
        if not Authenticator.objects.filter(user=cohort.manager).exists():
            give_totp(cohort.manager)
        found[f"demo: {cohort.programme.name}, {cohort.name}"] = cohort
    return found


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker) -> Built:
    """The demo and four generated cohorts, built once for the module inside a transaction
    rolled back at the end, and every view of each read by its steering group member and
    programme manager. Cohorts of 8 and 11 a side share a programme, so its pooled figures
    are two cohorts'; the demo's programmes pool their own cohorts."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            seed()
            cohorts = demo_cohorts()
            strategy = strategy_services.current_strategy() or strategy_services.strategy_import(
                parsed=sf.demo_strategy()
            )
            initiative = Initiative.objects.filter(workstream__strategy=strategy).first()
            shared = ProgrammeFactory(name="Pooled programme")
            for size in SIZES:
                cohort = build(size, programme=shared if size in (8, 11) else None)
                enrich(cohort, size)
                cohorts[f"{size} a side"] = cohort
            # The small cohort's steering member steers the other cohort of its programme too.
            add_role(cohorts["11 a side"], cohorts["8 a side"].steering, CohortRole.Role.STEERING)
            for cohort in cohorts.values():
                initiative.programmes.add(cohort.programme)
                cohort.workstream = initiative.workstream.key
            result = Built(cohorts)
            client = Client()
            for label, cohort in cohorts.items():
                for who in ("steering", "manager"):
                    result.seen[label, who] = read_views(client, cohort, getattr(cohort, who))
            yield result
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# Reading the figures: every count of people, tagged with the group it counts.

FIGURE = r"(fewer than \d+(?: answered| expected)?|not shown|\d+)"


@dataclass(frozen=True)
class Figure:
    view: str
    tag: tuple  # the group counted: (cohort, "took part"), (programme, "pool", ...) ...
    shown: str  # as printed
    rule: str  # which floor it was shown from: a key of FLOORS


def possible(figure: Figure) -> tuple[int, int]:
    """Every true count the published rules could have printed as ``figure``, as a range."""
    shown = figure.shown
    if shown == "not shown":
        return UNKNOWN
    if shown.startswith("fewer than"):
        return (0, int(shown.split()[2]) - 1)
    floor = FLOORS[figure.rule]
    values = [
        n for n in range(floor, int(shown) + POLICY.rounding_base)
        if shown_count(n, POLICY, floor) == int(shown)
    ]  # fmt: skip
    assert values, figure  # a figure no rule can print is a leak of its own
    return (values[0], values[-1])


def table_rows(segment: str, labels) -> dict[str, str]:
    """The lines of a breakdown printed as "label figure", for the labels it may hold."""
    rows = {}
    for label in sorted(labels, key=len, reverse=True):
        match = re.search(rf"(?<![\w-]){re.escape(label)} {FIGURE}(?![\d%])", segment)
        if match:
            rows[label] = match.group(1)
            segment = segment.replace(match.group(0), " ")
    return rows


def between(text: str, start: str, *ends: str) -> str:
    if start not in text:
        return ""
    rest = text.split(start, 1)[1]
    cut = min((rest.index(end) for end in ends if end in rest), default=len(rest))
    return rest[:cut]


@dataclass
class Vocabulary:
    """What the attacker knows besides the figures: the names printed on the pages."""

    sides: tuple[str, ...]
    organisations: dict[str, str | None]  # organisation -> its place
    outcomes: tuple[str, ...]
    monitoring: dict[str, tuple[str, ...]]
    careers: tuple[str, ...]


def vocabulary() -> Vocabulary:
    from mutuality.site.cohorts import MONITORING_QUESTIONS

    monitoring = {}
    for name, title in MONITORING_QUESTIONS:
        choices = EqualityMonitoring._meta.get_field(name).choices
        monitoring[title] = (*(label for _, label in choices), "Not answered", "Other")
    return Vocabulary(
        sides=("Aspiring leader", "Established leader", "Other"),
        organisations={
            o.name: (o.place.name if o.place else None)
            for o in Organisation.objects.select_related("place")
        },
        outcomes=(*(label for _, label in Application.Status.choices), "Other"),
        monitoring=monitoring,
        careers=(*(label for _, label in CareerOutcome.Kind.choices), "Other"),
    )


def structured(view: str, cohort: str, lines: list[list[str]]) -> list[Figure]:
    """The CSV and the XLSX: one figure a row, (section, measure, group, poll, figure)."""
    found = []
    for section, measure, group, poll, shown in (line[:5] for line in lines[1:] if line):
        if shown.endswith("%") or not re.fullmatch(FIGURE, shown):
            continue
        tag = rule = None
        if measure == "People who took part":
            tag, rule = (cohort, "took part"), "count"
        elif measure == "People who left early":
            tag, rule = (cohort, "left"), "count"
        elif measure.startswith("People by "):
            tag, rule = (cohort, measure.removeprefix("People by "), group), "group"
        elif section == "Retention" and measure == "Pairs":
            tag, rule = (cohort, "pairs"), "count"
        elif measure == "People with any career move":
            tag, rule = (cohort, "career"), "count"
        elif section == "Career moves" and measure == "People":
            tag, rule = (cohort, "career", group), "group"
        elif measure.endswith(": people answering"):
            tag = (cohort, "answered", measure.removesuffix(": people answering"), group, poll)
            rule = "answered"
        elif section in ("Meeting rhythm", "Sessions", "Polls") or measure.startswith("Pairs "):
            continue  # shares, and meetings (their rounding is checked with every number)
        assert tag, (view, section, measure)
        found.append(Figure(view, tag, shown, rule))
    return found


def printed(view: str, cohort: str, text: str, words: Vocabulary, group_of: dict) -> list[Figure]:
    """The report on the web and as a PDF: the same figures, read from the printed text."""
    found = []

    def add(tag, shown, rule):
        found.append(Figure(view, (cohort, *tag), shown, rule))

    for pattern, tag in (
        (rf"People who took part \(started the programme\): {FIGURE}", ("took part",)),
        (rf"people who left early: {FIGURE}", ("left",)),
        (rf"People with a career move recorded since joining: {FIGURE}", ("career",)),
        (rf"Pairs in all: {FIGURE}", ("pairs",)),
    ):
        match = re.search(pattern, text)
        assert match, (view, pattern)
        add(tag, match.group(1), "count")
    who = between(text, "Who took part Side", "Staying the course")
    for kind, labels in (
        ("side", words.sides),
        ("organisation", words.organisations),
        ("place", {p for p in words.organisations.values() if p} | {"Other"}),
    ):
        title = kind.capitalize()
        segment = between(who, f"{title} Group People", "Organisation Group", "Place")
        if kind == "side":
            segment = between(f"Side{who}", "Side", "Organisation")
        for label, shown in table_rows(segment, labels).items():
            add((kind, label), shown, "group")
    careers = between(text, "a person counts once per kind) Group People", "Total")
    for label, shown in table_rows(careers, words.careers).items():
        add(("career", label), shown, "group")
    for question, group, poll, shown in re.findall(
        rf"Question: ([^;]+?)(?: \(([a-z ]+)\))?; Poll: ([^;]+); Answered: {FIGURE};", text
    ):
        group = group or group_of[question]
        add(("answered", question, group, poll), shown, "answered")
    expected = rf"Session: ([^;]+); Required: \w+; Expected: {FIGURE};"
    for session, shown in re.findall(expected, text):
        add(("expected", session), shown, "answered")
    return found


def numbers_page(cohort: str, text: str, words: Vocabulary) -> list[Figure]:
    found = []
    sections = {
        "applications": between(text, "Applications", "Took part (started"),
        "took part": between(text, "Took part (started the programme, including people who left)",
                             "Equality monitoring"),
        "monitoring": between(text, "Equality monitoring of applicants", "\x00"),
    }  # fmt: skip
    for name, segment in sections.items():
        total = re.search(rf"In all: {FIGURE}", segment)
        if not total:
            assert "Nobody to count yet" in segment, (name, segment[:300])
            continue
        found.append(Figure("numbers page", (cohort, name), total.group(1), "count"))
        breakdowns = {
            "applications": {"side": words.sides, "organisation": words.organisations,
                             "outcome": words.outcomes},
            "took part": {"side": words.sides, "organisation": words.organisations,
                          "place": {p for p in words.organisations.values() if p} | {"Other"}},
            "monitoring": {title.lower(): labels for title, labels in words.monitoring.items()},
        }[name]  # fmt: skip
        titles = [title.capitalize() for title in breakdowns]
        for kind, labels in breakdowns.items():
            segment_of = between(segment, f"{kind.capitalize()} Group People", *titles)
            for label, shown in table_rows(segment_of, labels).items():
                tag = (cohort, kind, label) if name == "took part" else (cohort, name, kind, label)
                found.append(Figure("numbers page", tag, shown, "group"))
    return found


def columns(view: str, text: str, names: list[str], rows: dict[str, str]) -> list[Figure]:
    """A comparison: a column per cohort (or programme), a row per measure."""
    found = []
    for row, (tag, rule) in rows.items():
        match = re.search(rf"{re.escape(row)}((?: {FIGURE})+)", text)
        if not match:
            continue
        values = re.findall(FIGURE, match.group(1))
        assert len(values) == len(names), (view, row, names, values)
        for name, shown in zip(names, values, strict=True):
            found.append(Figure(view, (name, *tag), shown, rule))
    return found


COMPARED = {
    "People who took part": (("took part",), "count"),
    "People promoted since joining": (("career", "Promotion"), "count"),
}


def key(cohort) -> str:
    return f"{cohort.programme.name}: {cohort.name}"


def in_order(header: str, names: dict[str, object]) -> list:
    """The things named in a table's header, in the order the columns print them."""
    found = []
    for name in sorted(names, key=len, reverse=True):
        at = header.find(name)
        if at >= 0:
            found.append((at, names[name]))
            header = header[:at] + " " * len(name) + header[at + len(name) :]
    return [thing for _at, thing in sorted(found, key=lambda pair: pair[0])]


def pool(cohorts) -> object:
    """The tag of a figure pooled over ``cohorts``: one cohort is that cohort itself."""
    keys = frozenset(key(c) for c in cohorts)
    return next(iter(keys)) if len(keys) == 1 else ("pool", keys)


def figures_of(seen: dict[str, str], cohort, words: Vocabulary, role: str) -> list[Figure]:
    """Every count of people in every view one person reads about ``cohort``."""
    name = key(cohort)
    user = getattr(cohort, role)
    found = []
    if role == "steering":  # the programme team may see the list of names, so the exact count
        match = re.search(rf"Participants {FIGURE} (?:took|taking) part", seen["cohort page"])
        assert match, seen["cohort page"][:500]
        found.append(Figure("cohort page", (name, "took part"), match.group(1), "count"))
    found += numbers_page(name, seen["numbers page"], words)
    lines = {}
    for view in ("csv", "xlsx"):
        lines[view] = list(csvmodule.reader(io.StringIO(seen[view])))
        found += structured(view, name, lines[view])
    group_of = {
        row[1].removesuffix(": people answering"): row[2]
        for row in lines["csv"]
        if len(row) > 2 and row[1].endswith(": people answering")
    }
    for view in ("report", "pdf"):
        found += printed(view, name, seen[view], words, group_of)
    readable = report_cohort_ids(user)
    visible = [
        c for c in Cohort.objects.select_related("programme")
        if readable is None or c.pk in readable
    ]  # fmt: skip
    comparison = seen["comparison"]
    mine = {c.name: key(c) for c in visible if c.programme_id == cohort.programme_id}
    found += columns(
        "comparison", comparison, in_order(between(comparison, "Measure", "People who"), mine),
        COMPARED,
    )  # fmt: skip
    system = seen["system comparison"]
    programmes = {}
    for c in visible:
        programmes.setdefault(c.programme.name, []).append(c)
    header = between(system, "Measure", "People who took part")
    pools = [pool(group) for group in in_order(header, programmes)]
    found += columns("system comparison", system, pools, COMPARED)
    for programme, block in re.findall(
        r"Delivered by (.+?) (People who took part .+?)(?= Delivered by|$)", seen["workstream"]
    ):
        everyone = Cohort.objects.filter(programme__name=programme).select_related("programme")
        found += columns("workstream", block, [pool(everyone)], COMPARED)
    return found


@dataclass(frozen=True)
class Structure:
    """How the groups nest, which the attacker knows from the pages' own words."""

    contains: list[tuple[tuple, tuple, int]]  # (whole, part, how many people per part)
    partitions: list[tuple[tuple, list[tuple]]]  # (whole, its parts)


def structure(figures: list[Figure], cohorts, words: Vocabulary) -> Structure:
    names = [key(cohort) for cohort in cohorts]
    tags = {f.tag for f in figures}
    contains, partitions = [], []
    sides = {"aspiring leaders": "Aspiring leader", "established leaders": "Established leader"}
    for c in names:
        took = (c, "took part")
        for tag in tags:
            if tag[0] != c or tag == took:
                continue
            kind = tag[1]
            if kind in ("left", "side", "organisation", "place", "career", "expected"):
                contains.append((took, tag, 1))
            if kind == "career" and len(tag) == 3:
                contains.append(((c, "career"), tag, 1))
            if kind == "organisation" and words.organisations.get(tag[2]):
                contains.append(((c, "place", words.organisations[tag[2]]), tag, 1))
            if kind == "answered":
                _, _, question, group, poll = tag
                if group in sides:
                    contains.append(((c, "side", sides[group]), tag, 1))
                    contains.append(((c, "answered", question, "participants", poll), tag, 1))
                else:
                    contains.append((took, tag, 1))
            if kind in ("applications", "monitoring") and len(tag) == 4:
                contains.append(((c, kind), tag, 1))
        contains.append((took, (c, "pairs"), 2))  # two people in each pair
        contains.append(((c, "applications"), (c, "monitoring"), 1))
        for kind in ("side", "organisation", "place"):
            parts = sorted(t for t in tags if t[:2] == (c, kind))
            if parts:
                partitions.append((took, parts))
        for whole in ("applications", "monitoring"):
            for kind in {t[2] for t in tags if t[:2] == (c, whole) and len(t) == 4}:
                parts = sorted(t for t in tags if t[:3] == (c, whole, kind))
                partitions.append(((c, whole), parts))
        answered = {t for t in tags if t[:2] == (c, "answered") and t[3] == "participants"}
        for t in answered:
            parts = [(c, "answered", t[2], group, t[4]) for group in sides]
            partitions.append((t, [p for p in parts if p in tags]))
    for tag in tags:
        if isinstance(tag[0], tuple) and tag[0][0] == "pool":
            parts = [(member, *tag[1:]) for member in sorted(tag[0][1])]
            partitions.append((tag, parts))
            contains.extend((tag, part, 1) for part in parts)
    return Structure(contains, partitions)


def disclosed(low: int, high: int) -> bool:
    """The rule: a derived count of people says too much when it is pinned to one value
    from 0 to 7, or proved to be from 1 to 7. A range that still holds 0 and more than one
    value says no more than "fewer than 8" does."""
    return high < SMALL and (low >= 1 or low == high)


def attack(figures: list[Figure], shape: Structure) -> list[str]:
    """Everything the attacker can prove about a small group, in words (empty: nothing)."""
    known: dict[tuple, tuple[int, int]] = {}
    source: dict[tuple, list[str]] = {}
    for figure in figures:
        low, high = possible(figure)
        was = known.get(figure.tag, UNKNOWN)
        known[figure.tag] = (max(low, was[0]), min(high, was[1]))
        source.setdefault(figure.tag, []).append(f"{figure.view}: {figure.shown}")
    findings = []
    for tag, (low, high) in known.items():
        if low > high:
            findings.append(f"views disagree about {tag}: {source[tag]}")
        elif disclosed(low, high):
            findings.append(f"{tag} is {low} to {high} from {source[tag]}")

    def get(tag):
        return known.get(tag, UNKNOWN)

    for whole, part, per in shape.contains:
        if whole not in known or part not in known:
            continue
        (w_low, w_high), (p_low, p_high) = get(whole), get(part)
        low, high = max(0, w_low - per * p_high), w_high - per * p_low
        if disclosed(low, high):
            findings.append(
                f"{whole} minus {per} x {part} is {low} to {high}: "
                f"{source[whole]} against {source[part]}"
            )
    for whole, parts in shape.partitions:
        if whole not in known or len(parts) < 2:
            continue
        for part in parts:
            others = [get(p) for p in parts if p != part]
            low = max(0, get(whole)[0] - sum(o[1] for o in others))
            high = get(whole)[1] - sum(o[0] for o in others)
            low, high = max(low, get(part)[0]), min(high, get(part)[1])
            if disclosed(low, high):
                findings.append(
                    f"{part} is {low} to {high}: {whole} {source.get(whole)} less the other "
                    f"lines {[source.get(p) for p in parts if p != part]}"
                )
    return findings


def every_figure(built: Built) -> tuple[list[Figure], Structure]:
    words = vocabulary()
    figures = []
    for (label, role), seen in built.seen.items():
        figures += figures_of(seen, built.cohorts[label], words, role)
    return figures, structure(figures, list(built.cohorts.values()), words)


@pytest.fixture
def figures(built, db) -> tuple[list[Figure], Structure]:
    return every_figure(built)


def test_the_attacker_reads_every_view_of_every_cohort(built, figures):
    """The harness itself: it found the figures it is meant to attack, in every view, for
    every cohort, or the tests below would pass on nothing."""
    found, shape = figures
    views = {f.view for f in found}
    assert views >= {"cohort page", "numbers page", "report", "pdf", "csv", "xlsx",
                     "comparison", "system comparison", "workstream"}  # fmt: skip
    for label, cohort in built.cohorts.items():
        tags = {f.tag[1:] for f in found if f.tag[0] == key(cohort)}
        assert ("took part",) in tags and ("left",) in tags, label
        assert ("pairs",) in tags, label
    generated = [key(built.cohorts[f"{size} a side"]) for size in SIZES]
    tags = {f.tag for f in found}
    for name in generated:
        assert any(t[:2] == (name, "answered") for t in tags), name
        assert (name, "applications") in tags and (name, "monitoring") in tags, name
    assert any(t[:2] == (generated[-1], "organisation") for t in tags)
    assert any(t[:3] == (generated[-1], "monitoring", "ethnic group") for t in tags)
    assert any(isinstance(t[0], tuple) for t in tags)  # a programme pooled over cohorts
    assert len(shape.contains) > 100 and len(shape.partitions) > 20


def test_every_count_is_a_marker_or_a_rounded_figure_a_rule_can_print(figures):
    found, _shape = figures
    for figure in found:
        assert (
            figure.shown
            in ("not shown", "fewer than 8", "fewer than 11 answered", "fewer than 11 expected")
            or int(figure.shown) % 5 == 0
        ), figure
        possible(figure)  # asserts that some true count gives this figure under its rule


def test_views_agree_and_no_two_figures_prove_a_small_count(figures):
    """Every figure of every view against every other: what they say about one group must
    agree, and no nested pair or breakdown pins a count of 0 to 7 or proves one of 1 to 7."""
    found, shape = figures
    assert attack(found, shape) == []


def test_the_programme_team_reads_the_same_figures_as_the_steering_group(built):
    """The report's figures do not depend on who reads them: a manager who may see the
    names gets exact counts on the cohort page only."""
    for label in built.cohorts:
        steering, manager = built.seen[label, "steering"], built.seen[label, "manager"]
        for view in ("numbers page", "csv", "xlsx"):
            assert steering[view] == manager[view], (label, view)


# The attacker's own rules, each shown to fire on figures made to leak.


def leaky(*figures: tuple[tuple, str, str]) -> list[Figure]:
    return [Figure("made up", tag, shown, rule) for tag, shown, rule in figures]


def test_the_attacker_catches_a_small_group_subtracted_from_a_nested_one():
    # A kind of career move shown from the group floor ("10" is 10 to 12) beside everyone
    # with a move ("15" is 13 to 17): 1 to 7 people made another kind of move only.
    shape = Structure([(("c", "career"), ("c", "career", "Promotion"), 1)], [])
    found = leaky((("c", "career"), "15", "count"), (("c", "career", "Promotion"), "10", "group"))
    assert len(attack(found, shape)) == 1
    # Rounded on the same footing, the same figures leave 0 possible: nothing is proved.
    found = leaky((("c", "career"), "15", "count"), (("c", "career", "Promotion"), "15", "group"))
    assert attack(found, shape) == []


def test_the_attacker_catches_a_pool_less_its_shown_cohorts():
    pooled = ("pool", frozenset({"a", "b"}))
    shape = Structure([], [((pooled, "took part"), [("a", "took part"), ("b", "took part")])])
    found = leaky(
        ((pooled, "took part"), "10", "count"),
        (("a", "took part"), "fewer than 8", "count"),
        (("b", "took part"), "fewer than 8", "count"),
    )
    assert len(attack(found, shape)) == 2  # each cohort is proved to hold 1 to 7 people
    found[0] = Figure("made up", (pooled, "took part"), "not shown", "count")
    assert attack(found, shape) == []


def test_the_attacker_catches_two_views_that_disagree_or_pin_a_count():
    shape = Structure([], [])
    found = leaky((("c", "took part"), "15", "count"), (("c", "took part"), "25", "count"))
    assert attack(found, shape) == [
        "views disagree about ('c', 'took part'): ['made up: 15', 'made up: 25']"
    ]
    # "fewer than 8" on one page and "not shown" on another say nothing more together.
    found = leaky((("c", "left"), "fewer than 8", "count"), (("c", "left"), "not shown", "group"))
    assert attack(found, shape) == []


def test_a_pool_is_shown_only_when_every_cohort_in_it_is():
    from mutuality.evaluation.compare import pooled_count

    assert pooled_count([(4, POLICY), (5, POLICY)], POLICY).display == "not shown"
    assert pooled_count([(4, POLICY), (30, POLICY)], POLICY).display == "not shown"
    assert pooled_count([(20, POLICY), (16, POLICY)], POLICY).display == "35"
    assert pooled_count([(4, POLICY)], POLICY).display == "not shown"  # one cohort of 4


def test_a_kind_of_career_move_close_to_everyone_with_a_move_is_not_shown(built, db):
    """17 a side: ten promoted and ten who applied, fourteen people with a move. Either kind
    is within 8 of the fourteen, so neither is shown; the fourteen are, rounded."""
    from mutuality.evaluation.build import cohort_report

    report = cohort_report(built.cohorts["17 a side"], charts=False)
    assert report.outcomes_people.display == "15"
    assert report.outcomes.withheld and not report.outcomes.rows
    # 40 a side: twenty promoted, twenty who applied, thirty in all: both kinds shown.
    report = cohort_report(built.cohorts["40 a side"], charts=False)
    assert [(row.label, row.cell.display) for row in report.outcomes.rows] == [
        ("Promotion", "20"),
        ("Applied for promotion", "20"),
    ]


# Nothing moves while a wave is open.


def steering_views(client: Client, cohort, user) -> dict[str, str]:
    """The steering group's programme page and its meeting pack, as printed."""
    client.force_login(user)
    page = client.get(reverse("steering:programme", args=[cohort.programme.slug]))
    pack = client.get(reverse("steering:pack", args=[cohort.programme.slug]))
    client.logout()
    assert page.status_code == 200 and pack.status_code == 200
    body = html.unescape(text_of(page.content.decode()))
    return {"steering page": body.split("Support links", 1)[0], "steering pack": pdf_text(
        pack.content)}  # fmt: skip


def everything(client: Client, cohort) -> dict[tuple[str, str], str]:
    seen = {}
    for who in ("steering", "manager"):
        user = getattr(cohort, who)
        views = read_views(client, cohort, user) | steering_views(client, cohort, user)
        seen |= {(who, view): text for view, text in views.items()}
    return seen


def test_no_view_moves_while_a_wave_is_open(built, db):
    """A mid-point poll open today on a generated cohort, and any poll the demo has open:
    one person changes one answer and another answers for the first time. Every view, in
    every format, for both readers, prints exactly what it printed before, the report
    rebuilt from nothing (no cache) both times."""
    today = timezone.localdate()
    cohort = built.cohorts["11 a side"]
    wave = Wave.objects.create(
        cohort=cohort, instrument=default_instrument(), stage="interval", title="Mid-point poll",
        opens_on=today - timedelta(days=3), closes_on=today + timedelta(days=4),
    )  # fmt: skip
    people = [p for side in (Side.ASPIRING, Side.ESTABLISHED) for p in cohort.people[side]]
    for i, person in enumerate(people[1:-1]):
        Response.objects.create(
            wave=wave, participation=person, answers=answers(wave, person.side, i, True)
        )
    demo_open = [
        w for w in Wave.objects.filter(opens_on__lte=today, closes_on__gte=today)
        if w.cohort_id != cohort.pk
    ]  # fmt: skip
    targets = [(cohort, wave)] + [
        (next(c for c in built.cohorts.values() if c.pk == w.cohort_id), w) for w in demo_open
    ]
    assert len(targets) >= 2, "the demo's pilot has a poll open"
    client = Client()
    for target, open_wave in targets:
        first = target.participations.order_by("pk").first()
        if not open_wave.responses.exists():  # the demo's open poll: somebody has answered
            Response.objects.create(
                wave=open_wave, participation=first, answers=answers(open_wave, first.side, 1, True)
            )
        freeze_closed_waves()
        cache.clear()
        before = everything(client, target)
        changed = open_wave.responses.order_by("pk").first()
        key = next(k for k, v in changed.answers.items() if isinstance(v, int) and v > 1)
        changed.answers[key] -= 1
        changed.save()
        newcomer = (
            target.participations.exclude(poll_responses__wave=open_wave).order_by("pk").first()
        )
        if newcomer:
            Response.objects.create(wave=open_wave, participation=newcomer, answers={key: 1})
        freeze_closed_waves()  # the daily task: an open wave is not frozen
        cache.clear()
        after = everything(client, target)
        if target is cohort:
            before_closing = after
        assert len(before) == 2 * 12
        moved = [view for view, text in after.items() if text != before[view]]
        assert moved == [], (target.name, moved)
    # The same views do move once the poll closes and is frozen: the check can fail.
    Wave.objects.filter(pk=wave.pk).update(closes_on=today - timedelta(days=1))
    freeze_closed_waves()
    cache.clear()
    closed = everything(client, cohort)
    assert closed[("steering", "csv")] != before_closing[("steering", "csv")]


# No printed share pins its base (ADR 0010, "No percentage narrows the base").

NO_BASE = range(POLICY.min_respondents, 201)  # a share printed alone: any base the rule allows


def bases_for_share(percent: int, bases: range, step: int | None = None) -> set[int]:
    """Every true base in ``bases`` from which some number of people gives ``percent`` under
    the rounding the pages use (``snap_percentage`` to the step of the shown base). With
    ``step`` given, that step; otherwise the step each base itself would be shown with."""
    found = set()
    for n in bases:
        at = step or share_step(disclose_respondents(n).value)
        if any(snap_percentage(k, n, at) == percent for k in range(n + 1)):
            found.add(n)
    return found


def bases_for_mean(mean: float, bases: range, low: int, high: int, places: int = 1) -> set[int]:
    """Every base from which some answers on a ``low`` to ``high`` scale average to
    ``mean`` as printed, to ``places`` decimal places."""
    return {
        n for n in bases
        if any(round(total / n + 1e-9, places) == mean for total in range(low * n, high * n + 1))
    }  # fmt: skip


@dataclass(frozen=True)
class Share:
    view: str
    percent: int
    base: int | None  # the base printed for it, rounded; None when the page prints none


def pins(share: Share) -> set[int]:
    """The bases the attacker is left with; the page hides the base when there are several
    (with a printed base: every base the rounded figure stands for)."""
    if share.base is None:
        return bases_for_share(share.percent, NO_BASE)
    return bases_for_share(share.percent, bases_behind(share.base), share_step(share.base))


def hides_base(share: Share) -> bool:
    left = pins(share)
    if share.base is None:
        return len(left) > 1
    return left == set(bases_behind(share.base))


PAIRED = re.compile(
    r"About (\d+) people answered both the baseline and final polls\. Their average score went "
    r"from (\d+\.\d) to (\d+\.\d)"
)


STATISTIC = re.compile(
    r"confidence interval [+\u2212-]?\d|\(effect size\)|\(p below|could be chance"
)
GROUP_BASE = re.compile(r"About (\d+) people answered both")


def paired_means(view: str, text: str) -> list[tuple[str, int, float, tuple[int, int]]]:
    """Each change for the same people: its base and both means, with the scale they are
    on (nought to ten when either mean is above 5, else one to five)."""
    found = []
    for n, before, after in PAIRED.findall(text):
        scale = (0, 10) if max(float(before), float(after)) > 5 else (1, 5)
        found += [(view, int(n), float(before), scale), (view, int(n), float(after), scale)]
    return found


def statistics_bases(text: str) -> list[int | None]:
    """For every interval, effect size or p-value printed, the base of the group it is
    about: the nearest "About N people answered both" before it in its paragraph."""
    bases = []
    for match in STATISTIC.finditer(text):
        before = list(GROUP_BASE.finditer(text[max(0, match.start() - 400) : match.start()]))
        bases.append(int(before[-1].group(1)) if before else None)
    return bases


def shares_of(seen: dict[str, str]) -> tuple[list[Share], list[tuple[str, int, float]]]:
    """Every percentage printed in the report (web, PDF, CSV, XLSX), the comparisons and the
    strategy pages, with the base printed for it; and every mean with its base."""
    shares, means = [], []
    for view in ("csv", "xlsx"):
        bases = {}
        for row in csvmodule.reader(io.StringIO(seen[view])):
            if len(row) < 5:
                continue
            section, measure, group, poll, shown = row[:5]
            question = measure.rsplit(": ", 1)[0]
            if measure.endswith(": people answering") and shown.isdigit():
                bases[question, group, poll] = int(shown)
            elif re.fullmatch(r"\d+%", shown):
                base = bases.get((question, group, poll)) if section == "Polls" else None
                # A choice question's options print no base of their own in the export.
                assert section != "Polls" or base or question.endswith("?"), (view, row)
                shares.append(Share(view, int(shown[:-1]), base))
            means += paired_means(view, shown)
    for view in ("report", "pdf"):
        text = seen[view]
        claimed = set()
        for match in re.finditer(
            r"(\d+)% of [^()]*?(?:, up from (\d+)% at baseline)? \(about (\d+) answered\)", text
        ):
            shares.append(Share(view, int(match.group(1)), int(match.group(3))))
            if match.group(2):  # the baseline's own base is not printed beside it
                shares.append(Share(view, int(match.group(2)), None))
            claimed |= {match.start(1), match.start(2)}
        for match in re.finditer(r"\((\d+)% of about (\d+) pairs\)", text):
            shares.append(Share(view, int(match.group(1)), int(match.group(2))))
            claimed.add(match.start(1))
        for match in re.finditer(r"(?<![\d.])(\d+)%(?! confidence)", text):
            if match.start(1) not in claimed:
                shares.append(Share(view, int(match.group(1)), None))
        means += paired_means(view, text)
    for view in ("comparison", "system comparison", "strategy", "workstream"):
        for percent in re.findall(r"(?<![\d.])(\d+)%(?! confidence)", seen[view]):
            shares.append(Share(view, int(percent), None))
    return shares, means


def test_the_base_helper_catches_a_share_that_pins_its_base():
    # Exact whole percentages beside "about 15 answered" (11 to 17 people): 94% can only be
    # 15 of 16 or 16 of 17, and 9% only 1 of 11.
    assert bases_for_share(94, bases_behind(15), step=1) == {16, 17}
    assert bases_for_share(9, bases_behind(15), step=1) == {11}
    # The page's own step for that base, 10 points, leaves all seven.
    assert pins(Share("made up", 90, 15)) == set(bases_behind(15))
    assert hides_base(Share("made up", 90, 15))
    # A share printed to a finer step than its base allows is caught: no base gives it.
    assert pins(Share("made up", 12, 15)) == set()
    assert not hides_base(Share("made up", 12, 15))
    # Printed alone, a share is checked against every base from 11.
    assert hides_base(Share("made up", 12, None))  # 12 of 100, 13 of 108 ...
    # A mean to two decimal places of a 1 to 5 scale pins "about 15 answered" (2.60 is
    # only 39 of 15); to one decimal place it does not.
    assert bases_for_mean(2.6, bases_behind(15), 1, 5, places=2) == {15}
    assert bases_for_mean(2.6, bases_behind(15), 1, 5) == set(bases_behind(15))


def test_no_printed_share_or_mean_pins_its_base(built, db):
    """Every percentage on the report (web, PDF, CSV, XLSX), the comparisons and the
    strategy pages of every cohort, with the base printed for it: more than one true base
    (every one the rounded base stands for, where one is printed) gives the same share.
    Every mean is printed only for a group at the rule of 11, and does not pin it either."""
    checked = means_checked = statistics_checked = 0
    for (label, _who), seen in built.seen.items():
        shares, means = shares_of(seen)
        leaks = [s for s in shares if not hides_base(s)]
        assert leaks == [], (label, leaks)
        checked += len(shares)
        for view, base, mean, (low, high) in means:
            assert base >= POLICY.min_respondents and base in range(15, 10**6, 5), (label, view)
            left = bases_for_mean(mean, bases_behind(base), low, high)
            assert left == set(bases_behind(base)), (label, view, base, mean)
            means_checked += 1
        for view in ("report", "pdf", "csv", "xlsx"):
            for base in statistics_bases(seen[view]):
                # Only for a group at the rule of 11, whose base is printed beside it.
                assert base is not None and base >= POLICY.min_respondents, (label, view)
                statistics_checked += 1
    assert checked > 1000 and means_checked > 50 and statistics_checked > 100
