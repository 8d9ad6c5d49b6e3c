"""``/healthz``: whether this copy of the service can do its work, for a load balancer or a
platform's health probe. JSON, no personal data, no sign-in; 200 when every check passes,
503 otherwise."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.tasks import task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

_migrated = False  # once every migration is applied, it stays so until the next deploy


def check_database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def check_cache() -> bool:
    token = secrets.token_hex(8)
    cache.set("healthz", token, 30)
    return cache.get("healthz") == token


def check_migrations() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def worker_needed() -> bool:
    return not isinstance(task_backends["default"], ImmediateBackend)


def check_worker() -> bool:
    """Some task worker has said it is alive lately (not needed when tasks run at once)."""
    if not worker_needed():
        return True
    cutoff = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).exists()


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "migrations": check_migrations,
    "worker": check_worker,
}


def health() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "fail"
        except Exception:
            logger.exception("Health check %s could not run", name)
            results[name] = "fail"
        if name == "database" and results[name] == "fail":
            # Everything else reads the database: say so rather than wait on each.
            results.update({other: "unknown" for other in CHECKS if other not in results})
            break
    return results
