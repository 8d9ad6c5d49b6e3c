"""Importing applications is a background job (ADR 0015): the page checks while the person
waits, the task worker saves every row or none, and the import's page follows it in place."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutuality.applications import importing, tasks
from mutuality.applications.models import Application, ImportUpload
from mutuality.core import jobs
from mutuality.programmes.models import CohortRole
from mutuality.spreadsheets import CANONICAL_COLUMNS

from .factories import UserFactory, add_role, give_totp
from .test_import_export import cohort, csv_bytes, row  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

FORM = {c: c for c in CANONICAL_COLUMNS}


@pytest.fixture
def manager(cohort):  # noqa: F811
    person = UserFactory(email="pm@icb.example")
    give_totp(person)
    add_role(cohort, person, CohortRole.Role.PROGRAMME_MANAGER)
    return person


def upload(client, cohort, rows):  # noqa: F811
    file = io.BytesIO(csv_bytes(rows))
    file.name = "forms.csv"
    return client.post(reverse("applications:import", args=[cohort.pk]), {"file": file}).url


def three():
    return [row(email=f"p{i}@trust.example") for i in range(3)]


def test_the_import_runs_in_the_background_and_its_page_follows_it(
    client,
    cohort,  # noqa: F811
    manager,
    django_capture_on_commit_callbacks,
):
    client.force_login(manager)
    map_url = upload(client, cohort, three())
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(map_url, {**FORM, "action": "import"})
    batch = ImportUpload.objects.get()
    progress_url = reverse("applications:import_progress", args=[cohort.pk, batch.pk])
    status_url = reverse("applications:import_status", args=[cohort.pk, batch.pk])
    assert response.url == progress_url
    assert batch.status == "queued" and batch.rows == 3 and len(queued) == 1
    assert not Application.objects.exists()  # nothing is saved while the person waits

    page = client.get(progress_url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert f'data-job-poll="{status_url}"' in page and 'aria-live="polite"' in page
    assert "Waiting for the background worker" in page
    # The checking page now leads to the import's progress, so it cannot be imported twice.
    assert client.get(map_url).url == progress_url
    assert client.post(map_url, {**FORM, "action": "import"}).url == progress_url

    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    assert Application.objects.filter(cohort=cohort).count() == 3
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.updated, batch.percent) == ("done", 3, 0, 100)
    assert bytes(batch.content) == b""  # the spreadsheet's personal data is not kept
    part = client.get(status_url).content.decode()
    assert 'data-job-state="done"' in part
    assert "Imported 3 new applications and updated 0: see them" in part


def test_the_task_carries_only_the_imports_id(
    cohort,  # noqa: F811
    manager,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    batch = importing.upload_store(
        cohort=cohort, by=manager, filename="a.csv", content=csv_bytes(three())
    )
    sent = []

    class Queue:
        def enqueue(self, *args, **kwargs):
            sent.append((args, kwargs))

    monkeypatch.setattr(tasks, "import_applications", Queue())
    with django_capture_on_commit_callbacks(execute=True):
        assert importing.import_queue(
            upload=batch, mapping=FORM, value_map={}, managers_already_approved=False, rows=3
        )
        # Queued a second time (another tab, a double click): refused.
        assert not importing.import_queue(
            upload=batch, mapping=FORM, value_map={}, managers_already_approved=False, rows=3
        )
    assert sent == [((), {"import_id": batch.pk})]


def test_a_failure_while_saving_leaves_nothing_half_saved_and_can_be_tried_again(
    client,
    cohort,  # noqa: F811
    manager,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    client.force_login(manager)
    map_url = upload(client, cohort, three())
    with django_capture_on_commit_callbacks() as queued:
        client.post(map_url, {**FORM, "action": "import"})
    batch = ImportUpload.objects.get()
    original = importing.services.issue_manager_request
    calls = []

    def fail_on_third(application):
        calls.append(application)
        if len(calls) == 3:
            raise RuntimeError("the mail queue is down")
        original(application)

    monkeypatch.setattr(importing.services, "issue_manager_request", fail_on_third)
    queued[0]()  # the task queue records the error; the import says it failed
    assert not Application.objects.exists()
    batch.refresh_from_db()
    assert batch.status == "failed" and "RuntimeError" in batch.error
    status_url = reverse("applications:import_status", args=[cohort.pk, batch.pk])
    retry_url = reverse("applications:import_retry", args=[cohort.pk, batch.pk])
    part = client.get(status_url).content.decode()
    assert "This import failed" in part and f'action="{retry_url}"' in part

    monkeypatch.setattr(importing.services, "issue_manager_request", original)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry_url)
    batch.refresh_from_db()
    assert batch.status == "done" and Application.objects.count() == 3


def test_rows_that_went_bad_since_the_check_are_named_by_row_and_column(
    cohort,  # noqa: F811
    manager,
):
    batch = importing.upload_store(
        cohort=cohort, by=manager, filename="a.csv", content=csv_bytes(three())
    )
    ImportUpload.objects.filter(pk=batch.pk).update(status="queued", mapping=FORM)
    cohort.cohort_organisations.all().delete()
    cohort.organisations.model.objects.all().delete()  # the organisation has gone
    assert importing.import_run(import_id=batch.pk) is None
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert "Nothing was imported: the file has 3 problems" in batch.error
    assert "Row 2, column 'organisation'" in batch.error
    assert not Application.objects.exists()


def test_an_import_whose_worker_died_shows_stopped_with_a_retry(
    client,
    cohort,  # noqa: F811
    manager,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.JOB_STALLED_SECONDS = 60
    batch = importing.upload_store(
        cohort=cohort, by=manager, filename="a.csv", content=csv_bytes(three())
    )
    ImportUpload.objects.filter(pk=batch.pk).update(status="queued", mapping=FORM, rows=3)
    assert jobs.claim(ImportUpload, batch.pk)
    ImportUpload.objects.filter(pk=batch.pk).update(
        stage="saving", heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    client.force_login(manager)
    status_url = reverse("applications:import_status", args=[cohort.pk, batch.pk])
    part = client.get(status_url).content.decode()
    assert 'data-job-state="stalled"' in part and "This import has stopped moving" in part
    assert "Try again" in part
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:import_retry", args=[cohort.pk, batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "done" and Application.objects.count() == 3


def test_only_the_cohorts_managers_see_an_import(client, cohort, manager):  # noqa: F811
    batch = importing.upload_store(cohort=cohort, by=manager, filename="a.csv", content=b"x")
    client.force_login(UserFactory())
    url = reverse("applications:import_progress", args=[cohort.pk, batch.pk])
    assert client.get(url).status_code in (403, 404)
