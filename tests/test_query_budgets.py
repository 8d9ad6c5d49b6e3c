"""Query budgets: every list and dashboard page runs the same number of queries for a
10-person cohort as for a 200-person one, for each role that reads it. A page that asks the
database once per person (an "N+1") fails here with the page's name and both counts.
Timings are in bench/pages.py.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mutuality.demo.large import invent_actions, invent_cohort, organisations, pages
from mutuality.programmes.models import Cohort

from .factories import ProgrammeFactory, UserFactory, give_totp


def _cohort(people: int, status: str, seed: int):
    programme = ProgrammeFactory()
    orgs = organisations()
    invent_actions(programme, orgs, count=3)
    made = invent_cohort(
        programme, name="Cohort", people=people, seed=seed, status=status, orgs=orgs
    )
    for user in (made.programme_manager, made.faculty):
        give_totp(user)
    return made


def _every_role(made, office) -> list[tuple[str, object, str]]:
    """``pages`` (one reader each), and the pages other roles also read: the office's and
    faculty's applications list, the decisions to send, the faculty's and steering
    member's homes, the office's matching and report pages; and the list pages ``pages``
    leaves out: the cohort's organisations, the places, a poll's free text to quote."""
    from django.urls import reverse

    pk = made.cohort.pk
    pm, faculty, steering = made.programme_manager, made.faculty, made.steering
    applications = reverse("applications:review", args=[pk])
    first_wave = made.cohort.waves.order_by("opens_on").first()
    report = reverse("evaluation:cohort", args=[pk])
    return [
        *pages(made, office),
        ("applications list, office", office, applications),
        ("applications list, faculty", faculty, applications),
        ("decisions to send", pm, reverse("applications:send_decisions", args=[pk])),
        ("faculty's home", faculty, reverse("home")),
        ("steering member's home", steering, reverse("home")),
        ("matching page, office", office, reverse("matchruns:home", args=[pk])),
        ("report, office", office, report),
        ("report, programme manager", pm, report),
        ("polls, office", office, reverse("polls:cohort", args=[pk])),
        ("cohort, steering member", steering, reverse("programmes:cohort", args=[pk])),
        ("cohort organisations", pm, reverse("programmes:organisations", args=[pk])),
        ("places", office, reverse("organisations:places")),
        ("free-text answers to quote", pm, reverse("polls:quotes", args=[pk, first_wave.pk])),
    ]


def _queries(user, path: str) -> int:
    client = Client()
    client.force_login(user)
    # Built from scratch each time: a cached report would hide the work of building it.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("status", [Cohort.Status.RUNNING, Cohort.Status.CLOSED])
def test_no_page_asks_once_per_person(db, subtests, status):
    office = UserFactory(is_staff=True)
    give_totp(office)
    small = _cohort(10, status, seed=1)
    large = _cohort(200, status, seed=2)
    assert len(large.participants) == 200
    for (label, small_user, small_path), (_, large_user, large_path) in zip(
        _every_role(small, office), _every_role(large, office), strict=True
    ):
        with subtests.test(page=label):
            small_count = _queries(small_user, small_path)
            large_count = _queries(large_user, large_path)
            assert large_count <= small_count, (
                f"{label}: {small_count} queries for 10 people, {large_count} for 200"
            )


def test_system_wide_pages_do_not_ask_once_per_cohort(db, subtests):
    """The office's and a system-wide steering member's pages that list every cohort run the
    same number of queries for two cohorts as for six."""
    from django.urls import reverse

    from mutuality.programmes.models import CohortRole

    office = UserFactory(is_staff=True)
    give_totp(office)
    sponsor = UserFactory()
    orgs = organisations()

    def add_cohorts(count: int, seed: int) -> None:
        for n in range(count):
            made = invent_cohort(
                ProgrammeFactory(), name="Cohort", people=6, seed=seed + n,
                status=Cohort.Status.CLOSED, orgs=orgs,
            )  # fmt: skip
            CohortRole.objects.create(
                cohort=made.cohort, user=sponsor, role=CohortRole.Role.STEERING
            )

    paths = [
        ("staff home", office, reverse("home")),
        ("steering member's home", sponsor, reverse("home")),
        ("programmes", office, reverse("programmes:list")),
        ("reports, office", office, reverse("evaluation:system")),
        ("reports, steering member", sponsor, reverse("evaluation:system")),
        ("people strategy", sponsor, reverse("strategy:dashboard")),
    ]
    add_cohorts(2, seed=10)
    few = {label: _queries(user, path) for label, user, path in paths}
    add_cohorts(4, seed=20)
    for label, user, path in paths:
        with subtests.test(page=label):
            many = _queries(user, path)
            assert many <= few[label], f"{label}: {few[label]} queries for 2 cohorts, {many} for 6"


def test_reports_listed_in_one_query_agree_with_the_report_rule(cast):
    from mutuality.permissions import report_cohort_ids

    cohorts = [cast.cohort, cast.other_cohort]
    for name in (
        "anonymous", "office", "programme_manager", "faculty", "steering", "aspiring",
        "established", "other_participant", "other_faculty", "applicant",
    ):  # fmt: skip
        person = cast.person(name)
        user = person or AnonymousUser()
        allowed = report_cohort_ids(user)
        for cohort in cohorts:
            listed = allowed is None or cohort.pk in allowed
            assert listed == user.has_perm("evaluation.view_report", cohort), (name, cohort)


def _group_themes(made) -> None:
    """Put the cohort's shared themes in accepted groups of two, as a moderator would, with
    one of the programme's actions answering each group and another a theme in it; a theme
    or two stay out of any group, on both sizes."""
    from mutuality.steering.models import Cluster, SteeringAction, Theme

    cohort = made.cohort
    Theme.objects.create(
        cohort=cohort, text="Rotas ignore caring duties.", source=Theme.Source.LAB,
        status=Theme.Status.PUBLISHED, shared_text="Rotas ignore caring duties.",
    )  # fmt: skip
    actions = list(SteeringAction.objects.filter(programme=cohort.programme))
    shared = list(cohort.themes.filter(status=Theme.Status.PUBLISHED).order_by("pk"))
    for n in range(0, len(shared) - 2, 2):
        cluster = Cluster.objects.create(cohort=cohort, label=f"Group {n}", accepted=True)
        Theme.objects.filter(pk__in=[shared[n].pk, shared[n + 1].pk]).update(cluster=cluster)
        actions[n % len(actions)].clusters.add(cluster)
        actions[(n + 1) % len(actions)].themes.add(shared[n + 1])


def test_steering_pages_do_not_ask_once_per_theme_or_group(db, subtests):
    """The steering group's pages, the meeting pack and the moderator's pages run the same
    number of queries for a 10-person cohort (a few themes, one group) as for a 200-person
    one (twenty themes in groups)."""
    from django.urls import reverse

    office = UserFactory(is_staff=True)
    give_totp(office)
    small = _cohort(10, Cohort.Status.CLOSED, seed=1)
    large = _cohort(200, Cohort.Status.CLOSED, seed=2)
    for made in (small, large):
        _group_themes(made)

    def paths(made):
        pk, slug = made.cohort.pk, made.cohort.programme.slug
        action = made.cohort.programme.steering_actions.order_by("pk").first()
        participant = made.participants[0].user
        return [
            ("steering view", made.steering, reverse("steering:programme", args=[slug])),
            ("meeting pack", made.steering, reverse("steering:pack", args=[slug])),
            ("an action", made.steering, reverse("steering:action", args=[slug, action.pk])),
            ("themes to check", made.programme_manager,
             reverse("steering:moderation", args=[pk])),
            ("theme groups", made.programme_manager, reverse("steering:clusters", args=[pk])),
            ("share a theme", participant, reverse("steering:submit", args=[pk])),
        ]  # fmt: skip

    assert small.cohort.theme_clusters.count() < large.cohort.theme_clusters.count()
    for (label, small_user, small_path), (_, large_user, large_path) in zip(
        paths(small), paths(large), strict=True
    ):
        with subtests.test(page=label):
            small_count = _queries(small_user, small_path)
            large_count = _queries(large_user, large_path)
            assert large_count <= small_count, (
                f"{label}: {small_count} queries for 10 people, {large_count} for 200"
            )


def test_people_strategy_pages_do_not_ask_once_per_programme_or_action(db, subtests):
    """The People Strategy's dashboard and a workstream run the same number of queries when
    the programme that delivers an initiative has a 10-person cohort as when it has a
    200-person one, with the steering group's actions linked to the initiatives."""
    from django.urls import reverse

    from mutuality.steering.models import SteeringAction
    from mutuality.strategy.models import Initiative
    from mutuality.strategy.services import strategy_import
    from mutuality.strategyfile import demo_strategy

    strategy_import(parsed=demo_strategy())
    initiatives = list(Initiative.objects.filter(workstream__key="edib").order_by("pk"))
    small = _cohort(10, Cohort.Status.CLOSED, seed=1)
    large = _cohort(200, Cohort.Status.CLOSED, seed=2)
    paths = [
        ("people strategy", reverse("strategy:dashboard")),
        ("workstream", reverse("strategy:workstream", args=["edib"])),
    ]
    counts = {}
    for size, made in (("small", small), ("large", large)):
        programme = made.cohort.programme
        for initiative in initiatives:
            initiative.programmes.set([programme])
            initiative.steering_actions.set(SteeringAction.objects.filter(programme=programme))
        counts[size] = {label: _queries(made.steering, path) for label, path in paths}
    for label, _path in paths:
        with subtests.test(page=label):
            assert counts["large"][label] <= counts["small"][label], (
                f"{label}: {counts['small'][label]} queries for 10 people, "
                f"{counts['large'][label]} for 200"
            )
