"""The evaluation report is built once and then read from the cache, until something it
counts changes; a cached report is only ever handed to people allowed to read it."""

import pytest
from django.urls import reverse

from mutuality.demo.large import invent_cohort, organisations
from mutuality.evaluation import build
from mutuality.evaluation.caching import cached_cohort_report
from mutuality.partnerships.services import cohort_complete_partnerships
from mutuality.polls.models import Quote
from mutuality.programmes.models import Cohort, CohortRole
from mutuality.timeline.services import register_take

from .factories import ProgrammeFactory, UserFactory, add_role


@pytest.fixture
def builds(monkeypatch):
    """How many times a report was built from the database."""
    made = []
    real = build.cohort_report

    def counting(cohort, **kwargs):
        made.append(cohort.pk)
        return real(cohort, **kwargs)

    monkeypatch.setattr(build, "cohort_report", counting)
    return made


@pytest.fixture
def closed(db):
    programme = ProgrammeFactory()
    return invent_cohort(
        programme, name="2025", people=40, seed=3, status=Cohort.Status.CLOSED,
        orgs=organisations(),
    )  # fmt: skip


def test_report_page_is_built_once_for_everyone_who_may_read_it(client, closed, builds):
    other_steering = UserFactory()
    add_role(closed.cohort, other_steering, CohortRole.Role.STEERING)
    url = reverse("evaluation:cohort", args=[closed.cohort.pk])
    client.force_login(closed.steering)
    first = client.get(url)
    client.force_login(other_steering)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert builds == [closed.cohort.pk]


def test_steering_view_reuses_the_report(client, closed, builds):
    client.force_login(closed.steering)
    client.get(reverse("evaluation:cohort", args=[closed.cohort.pk]))
    page = client.get(reverse("steering:programme", args=[closed.cohort.programme.slug]))
    assert page.status_code == 200
    assert f"Headlines from the {closed.cohort.name}" in page.content.decode()
    assert builds == [closed.cohort.pk]


def test_new_shared_words_show_at_once(closed, builds):
    before = cached_cohort_report(closed.cohort)
    final = closed.cohort.waves.get(stage="final")
    Quote.objects.create(
        wave=final, response=final.responses.first(), question_key="anything_else",
        text="Words shared after the report was first read.",
    )  # fmt: skip
    after = cached_cohort_report(closed.cohort)
    assert "Words shared after the report was first read." not in before.quotes
    assert "Words shared after the report was first read." in after.quotes
    assert len(builds) == 2


def test_pairs_completed_in_bulk_rebuild_the_report(closed, builds):
    # Completing pairs changes rows with one UPDATE, which sends no model signal.
    cached_cohort_report(closed.cohort, charts=False)
    assert cohort_complete_partnerships(cohort=closed.cohort)
    cached_cohort_report(closed.cohort, charts=False)
    cached_cohort_report(closed.cohort, charts=False)
    assert len(builds) == 2


def test_a_register_taken_rebuilds_the_report(closed, builds):
    cached_cohort_report(closed.cohort)
    session = closed.cohort.sessions.order_by("starts_at").first()
    register_take(session=session, present_ids=set(), by=closed.faculty)
    cached_cohort_report(closed.cohort)
    cached_cohort_report(closed.cohort)
    assert len(builds) == 2


def test_figures_reuse_a_report_drawn_with_charts(closed, builds):
    cached_cohort_report(closed.cohort)
    cached_cohort_report(closed.cohort, charts=False)
    assert len(builds) == 1


def test_a_cached_report_is_refused_to_people_without_the_right(client, closed):
    client.force_login(closed.steering)
    assert client.get(reverse("evaluation:cohort", args=[closed.cohort.pk])).status_code == 200
    outsider = UserFactory()
    participant = closed.participants[0].user
    for person in (outsider, participant):
        client.force_login(person)
        response = client.get(reverse("evaluation:cohort", args=[closed.cohort.pk]))
        assert response.status_code in (403, 404)


def test_each_cohort_has_its_own_report(closed):
    other = invent_cohort(
        closed.cohort.programme, name="2026", people=12, seed=4, status=Cohort.Status.CLOSED
    )
    assert cached_cohort_report(closed.cohort).cohort == closed.cohort
    assert cached_cohort_report(other.cohort).cohort == other.cohort
    assert cached_cohort_report(closed.cohort).cohort == closed.cohort
