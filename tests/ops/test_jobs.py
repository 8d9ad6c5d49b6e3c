"""The one background-job pattern: claimed once, kept alive by its worker's heartbeat,
marked failed when the worker dies, and shown on a page that updates itself."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutuality.core import jobs, worker
from mutuality.core.models import WorkerHeartbeat
from mutuality.evaluation.models import ReportFile
from mutuality.evaluation.tasks import make_report_file

from ..factories import CohortFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    user = UserFactory(is_staff=True)
    give_totp(user)
    return user


@pytest.fixture
def report_file(office):
    return ReportFile.objects.create(cohort=CohortFactory(), requested_by=office)


def test_a_job_is_claimed_once(report_file):
    assert jobs.claim(ReportFile, report_file.pk) is True
    assert jobs.claim(ReportFile, report_file.pk) is False
    report_file.refresh_from_db()
    assert report_file.status == "running" and report_file.started_at and report_file.heartbeat_at


def test_a_second_task_for_the_same_file_does_nothing(report_file, monkeypatch):
    report_file.status = "done"
    report_file.save()
    assert make_report_file.call(report_file.pk) == "already taken"


def test_the_heartbeat_keeps_a_long_job_alive_and_a_dead_one_is_failed(report_file, settings):
    settings.JOB_STALLED_SECONDS = 60
    jobs.claim(ReportFile, report_file.pk)
    long_ago = timezone.now() - timedelta(minutes=5)
    ReportFile.objects.filter(pk=report_file.pk).update(heartbeat_at=long_ago)
    with jobs.running(ReportFile, report_file.pk):
        worker.beat("worker-a")  # the worker's thread, while the PDF is being drawn
        assert jobs.fail_stalled() == 0
    report_file.refresh_from_db()
    assert report_file.status == "running" and not report_file.stalled
    assert WorkerHeartbeat.objects.get().worker_id == "worker-a"

    # Its worker died: nothing beats it any more.
    ReportFile.objects.filter(pk=report_file.pk).update(heartbeat_at=long_ago)
    report_file.refresh_from_db()
    assert report_file.stalled and not report_file.in_progress
    assert worker.recover()["stalled_jobs"] == 1
    report_file.refresh_from_db()
    assert report_file.status == "failed" and "background worker stopped" in report_file.error


def test_an_error_while_running_fails_the_job(report_file):
    jobs.claim(ReportFile, report_file.pk)
    with pytest.raises(MemoryError), jobs.running(ReportFile, report_file.pk):
        raise MemoryError
    report_file.refresh_from_db()
    assert report_file.status == "failed" and "MemoryError" in report_file.error


def test_the_file_page_updates_itself_and_says_when_the_worker_died(
    client, office, report_file, settings
):
    client.force_login(office)
    page = client.get(reverse("evaluation:file", args=[report_file.pk])).content.decode()
    status_url = reverse("evaluation:file_status", args=[report_file.pk])
    assert 'http-equiv="refresh"' not in page
    assert f'data-job-poll="{status_url}"' in page and 'aria-live="polite"' in page
    assert "Waiting for the background worker" in page

    jobs.claim(ReportFile, report_file.pk)
    part = client.get(status_url).content.decode()
    assert 'data-job-state="running"' in part and "Working out the figures" in part

    settings.JOB_STALLED_SECONDS = 60
    ReportFile.objects.filter(pk=report_file.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=2)
    )
    part = client.get(status_url).content.decode()
    assert 'data-job-state="stalled"' in part and "Making this PDF has stopped moving" in part
    page = client.get(reverse("evaluation:file", args=[report_file.pk])).content.decode()
    assert "Report PDF: stopped" in page


def test_nobody_else_may_watch_someone_elses_file(client, report_file):
    other = UserFactory()
    client.force_login(other)
    response = client.get(reverse("evaluation:file_status", args=[report_file.pk]))
    assert response.status_code == 404


def test_every_kind_of_job_is_failed_when_its_worker_dies(office, settings):
    """Match runs, report PDFs and imports alike: a running job nothing has beaten for
    longer than JOB_STALLED_SECONDS shows as stopped and the recovery pass fails it."""
    from mutuality.applications.models import ImportUpload
    from mutuality.matchruns.models import MatchRun

    settings.JOB_STALLED_SECONDS = 60
    cohort = CohortFactory()
    long_ago = timezone.now() - timedelta(minutes=5)
    running = {"status": "running", "started_at": long_ago, "heartbeat_at": long_ago}
    made = [
        MatchRun.objects.create(cohort=cohort, number=1, inputs_version="x", **running),
        ReportFile.objects.create(cohort=cohort, requested_by=office, **running),
        ImportUpload.objects.create(
            cohort=cohort, uploaded_by=office, filename="a.csv", content=b"x", **running
        ),
    ]
    assert {type(job) for job in made} == set(jobs.job_models())  # no kind left out
    assert all(job.stalled and not job.in_progress for job in made)
    assert worker.recover()["stalled_jobs"] == 3
    for job in made:
        job.refresh_from_db()
        assert job.status == "failed" and job.error == jobs.STALLED_MESSAGE, type(job)


def test_the_daily_run_prunes_finished_jobs_and_old_emails(office):
    from django.core.management import call_command

    from mutuality.applications.models import ImportUpload
    from mutuality.core.models import OutgoingEmail
    from mutuality.matchruns.models import MatchRun

    cohort = CohortFactory()
    now = timezone.now()
    old, recent = now - timedelta(days=8), now - timedelta(days=1)
    old_pdf = ReportFile.objects.create(
        cohort=cohort, requested_by=office, status="done", content=b"%PDF", finished_at=old
    )
    new_pdf = ReportFile.objects.create(
        cohort=cohort, requested_by=office, status="done", content=b"%PDF", finished_at=recent
    )
    queued_pdf = ReportFile.objects.create(cohort=cohort, requested_by=office)

    def upload(**fields):
        return ImportUpload.objects.create(
            cohort=cohort, uploaded_by=office, filename="a.csv", content=b"email\n", **fields
        )

    old_failed_import = upload(status="failed", finished_at=old)
    new_failed_import = upload(status="failed", finished_at=recent)
    abandoned = upload()
    ImportUpload.objects.filter(pk=abandoned.pk).update(uploaded_at=old)
    fresh_draft = upload()
    run = MatchRun.objects.create(
        cohort=cohort, number=1, inputs_version="x", status="done", finished_at=old
    )

    def email(**fields):
        return OutgoingEmail.objects.create(
            to=["sam@trust.example"], subject="Your partner", body="Dear Sam", **fields
        )

    old_sent = email(status="sent", sent_at=old)
    new_sent = email(status="sent", sent_at=recent)
    old_failed = email(status="failed")
    OutgoingEmail.objects.filter(pk=old_failed.pk).update(created_at=now - timedelta(days=31))
    waiting = email()
    OutgoingEmail.objects.filter(pk=waiting.pk).update(created_at=now - timedelta(days=31))

    call_command("send_reminders", stdout=io.StringIO())

    assert set(ReportFile.objects.values_list("pk", flat=True)) == {new_pdf.pk, queued_pdf.pk}
    assert not ReportFile.objects.filter(pk=old_pdf.pk).exists()
    assert set(ImportUpload.objects.values_list("pk", flat=True)) == {
        new_failed_import.pk,
        fresh_draft.pk,
    }
    assert old_failed_import.pk not in ImportUpload.objects.values_list("pk", flat=True)
    assert MatchRun.objects.filter(pk=run.pk).exists()  # a run is the record of a decision
    for kept in (new_sent, waiting):
        kept.refresh_from_db()
        assert kept.body == "Dear Sam" and kept.to == ["sam@trust.example"]
    for wiped in (old_sent, old_failed):
        wiped.refresh_from_db()
        assert (wiped.body, wiped.subject, wiped.to) == ("", "", [])
        assert wiped.key  # still never sent twice
