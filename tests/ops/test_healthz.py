"""/healthz tells a load balancer whether this copy of the service can work."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from mutuality.core import health
from mutuality.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_tasks(monkeypatch):
    """As in production: a database task queue that needs a worker."""
    monkeypatch.setattr(health, "worker_needed", lambda: True)


def test_healthy_demo_needs_no_sign_in_and_says_ok_in_json(client):
    response = client.get("/healthz")
    assert reverse("healthz") == "/healthz"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok", "worker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_no_worker_heartbeat_is_a_failure(client, queued_tasks):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "fail"
    assert response.json()["status"] == "fail"


def test_a_recent_heartbeat_is_healthy_and_an_old_one_is_not(client, queued_tasks, settings):
    settings.WORKER_STALE_SECONDS = 60
    beat = WorkerHeartbeat.objects.create(worker_id="w1", beat_at=timezone.now())
    assert client.get("/healthz").status_code == 200
    WorkerHeartbeat.objects.filter(pk=beat.pk).update(
        beat_at=timezone.now() - timedelta(seconds=61)
    )
    assert client.get("/healthz").status_code == 503


def test_unapplied_migrations_fail(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)

    class Pending:
        def __init__(self, connection):
            self.loader = type("Loader", (), {"graph": type("G", (), {"leaf_nodes": list})()})()

        def migration_plan(self, targets):
            return [("core", "9999_not_yet")]

    monkeypatch.setattr(health, "MigrationExecutor", Pending)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "fail"


def test_a_database_that_cannot_be_reached_fails_without_details(client, monkeypatch):
    def down():
        raise OperationalError("could not connect to server at 10.0.0.5 as mutuality")

    monkeypatch.setitem(health.CHECKS, "database", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "fail",
        "cache": "unknown",
        "migrations": "unknown",
        "worker": "unknown",
    }
    assert b"10.0.0.5" not in response.content


def test_a_cache_that_loses_what_it_was_given_fails(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda *args, **kwargs: None)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "fail"


def test_it_is_exempt_from_the_https_redirect(settings):
    import re

    assert any(re.search(pattern, "healthz") for pattern in settings.SECURE_REDIRECT_EXEMPT)
