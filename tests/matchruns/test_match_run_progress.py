"""A large match run works in the background and its page shows the stage and percentage."""

import pytest
from django.urls import reverse

from mutuality.applications.models import Application
from mutuality.matchruns import services
from mutuality.matchruns.models import MatchRun
from mutuality.matchruns.tasks import run_match
from mutuality.programmes.models import CohortRole

from ..factories import (
    CohortFactory,
    OrganisationFactory,
    UserFactory,
    accept_and_send,
    add_role,
    give_totp,
    submitted_application,
)


@pytest.fixture
def cohort(db):
    return CohortFactory(topics=["Digital inclusion", "Leading teams"])


@pytest.fixture
def manager(cohort):
    pm = UserFactory(email="pm@icb.example")
    give_totp(pm)
    add_role(cohort, pm, CohortRole.Role.PROGRAMME_MANAGER)
    return pm


@pytest.fixture
def people(cohort, manager):
    trust, council = OrganisationFactory(name="Trust"), OrganisationFactory(name="Council")
    made = []
    for key, side, org, band in [
        ("asha", "aspiring", trust, "Band 5"),
        ("ben", "aspiring", council, "Band 6"),
        ("cara", "established", trust, "Band 8c"),
        ("dev", "established", council, "VSM"),
    ]:
        user = UserFactory(email=f"{key}@example.org", first_name=key.title(), last_name="Test")
        made.append(submitted_application(cohort, user, side, organisation=org, band=band))
    accept_and_send(made, manager)
    return list(Application.objects.filter(pk__in=[a.pk for a in made]))


@pytest.fixture
def background(monkeypatch):
    """Treat every run as a large pool, so it goes to the task worker."""
    monkeypatch.setattr(services, "BACKGROUND_FROM", 1)


def page(client, run: MatchRun) -> str:
    response = client.get(reverse("matchruns:run", args=[run.cohort_id, run.number]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_cohort_runs_at_once_without_a_progress_page(client, people, cohort, manager):
    run = services.run_create(cohort=cohort, by=manager)
    assert (run.status, run.percent, run.stage) == (MatchRun.Status.DONE, 100, "")
    assert run.started_at and run.finished_at
    client.force_login(manager)
    html = page(client, run)
    assert "data-job-poll" not in html and "% done" not in html


def test_progress_is_recorded_stage_by_stage(people, cohort, manager, background, monkeypatch):
    run = services.run_create(cohort=cohort, by=manager)
    assert run.status == MatchRun.Status.QUEUED
    stored: list[tuple[str, str, int]] = []
    real_match = services.match

    def watched(profiles, settings, progress):
        def tap(stage: str, fraction: float) -> None:
            progress(stage, fraction)
            stored.append(MatchRun.objects.values_list("status", "stage", "percent").get(pk=run.pk))

        return real_match(profiles, settings, progress=tap)

    monkeypatch.setattr(services, "match", watched)
    run_match.call(run.pk)

    assert {status for status, _, _ in stored} == {MatchRun.Status.RUNNING}
    stages = [stage for _, stage, _ in stored]
    assert stages[0] == "scoring" and stages[-1] == "explaining"
    assert {"candidates", "solving"} <= set(stages)
    percents = [percent for _, _, percent in stored]
    assert percents == sorted(percents) and 75 <= percents[-1] < 100
    run.refresh_from_db()
    assert (run.status, run.stage, run.percent) == (MatchRun.Status.DONE, "", 100)
    assert run.pairs.count() == 2


def status(client, run: MatchRun) -> str:
    response = client.get(reverse("matchruns:run_status", args=[run.cohort_id, run.number]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_run_page_shows_stage_and_percentage_and_updates_itself_until_done(
    client, people, cohort, manager, background
):
    """No page refresh (WCAG 2.2.1): the progress part of the page polls its status URL,
    and an aria-live region announces changes of stage and the outcome."""
    run = services.run_create(cohort=cohort, by=manager)
    client.force_login(manager)
    html = page(client, run)
    assert 'http-equiv="refresh"' not in html
    status_url = reverse("matchruns:run_status", args=[cohort.pk, run.number])
    assert f'data-job-poll="{status_url}"' in html and 'aria-live="polite"' in html
    assert "Waiting for the background worker" in html and "0% done" in html

    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.RUNNING, stage="solving", percent=52
    )
    part = status(client, run)
    assert "Finding the best set of pairs</strong>: 52% done" in part
    assert '<progress max="100" value="52"' in part
    assert 'data-job-state="running"' in part and "<html" not in part
    assert 'data-job-announce="Finding the best set of pairs"' in part

    MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.QUEUED)  # back in line
    run_match.call(run.pk)
    part = status(client, run)
    assert 'data-job-state="done"' in part and "% done" not in part
    assert f"Run {run.number} is ready: see the proposed pairs" in part
    html = page(client, run)
    assert "data-job-poll" not in html and "% done" not in html
    assert "Proposed pairs" in html


def test_a_run_is_run_by_one_worker_only(people, cohort, manager, background):
    """The same run queued twice (or picked up by two workers) is worked out once."""
    run = services.run_create(cohort=cohort, by=manager)
    run_match.call(run.pk)
    run_match.call(run.pk)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE and run.pairs.count() == 2


def test_a_run_whose_worker_vanished_says_so_and_stops_refreshing(
    client, people, cohort, manager, background
):
    """A worker killed outright (out of memory) cannot mark its run failed: the page notices
    that nothing has been reported for a quarter of an hour."""
    from datetime import timedelta

    from django.utils import timezone

    run = services.run_create(cohort=cohort, by=manager)
    a_while_ago = timezone.now() - timedelta(minutes=14)
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.RUNNING, stage="solving", percent=40,
        started_at=a_while_ago, heartbeat_at=a_while_ago,
    )  # fmt: skip
    client.force_login(manager)
    html = page(client, run)
    assert "40% done" in html and "stopped moving" not in html
    MatchRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=16))
    html = page(client, run)
    assert "This run has stopped moving" in html
    assert 'data-job-state="stalled"' in html and "% done" not in html


def test_progress_reports_record_when_they_came(people, cohort, manager, background):
    run = services.run_create(cohort=cohort, by=manager)
    services.ProgressWriter(run)("solving", 0.5)
    run.refresh_from_db()
    assert run.heartbeat_at is not None and run.percent == 45


def test_a_task_that_crashes_leaves_the_run_failed_not_running(
    client, people, cohort, manager, background, monkeypatch
):
    run = services.run_create(cohort=cohort, by=manager)

    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(services, "match", broken)
    with pytest.raises(MemoryError):
        run_match.call(run.pk)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert "stopped unexpectedly" in run.error
    client.force_login(manager)
    html = page(client, run)
    assert "This run failed" in html and 'data-job-state="failed"' in html


def test_faculty_may_watch_progress_but_participants_may_not(
    client, people, cohort, manager, background
):
    run = services.run_create(cohort=cohort, by=manager)
    faculty = UserFactory()
    give_totp(faculty)
    add_role(cohort, faculty, CohortRole.Role.FACULTY)
    client.force_login(faculty)
    assert "% done" in page(client, run)
    client.force_login(people[0].applicant)
    response = client.get(reverse("matchruns:run", args=[cohort.pk, run.number]))
    assert response.status_code in (403, 404)
