"""Moving match runs into their own app keeps an existing database's runs, pairs and
unmatched people where they are, and the record of which partnerships each run made."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mutuality.matchruns import services
from mutuality.matchruns.models import MatchRun, PublishedPartnership

from ..factories import UserFactory, accept_and_send, submitted_application

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("matchruns", None), ("partnerships", "0006_match_run_is_a_job")]


def rows(sql: str) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return set(cursor.fetchall())


def migrate(targets=None) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def test_an_existing_database_keeps_its_match_runs_both_ways(cast):
    late = [
        submitted_application(cast.cohort, UserFactory(), "aspiring"),
        submitted_application(cast.cohort, UserFactory(), "established", band="Band 8b"),
    ]
    accept_and_send(late, cast.office)
    run = services.run_create(cohort=cast.cohort, by=cast.office)
    pairs = set(run.pairs.values_list("pk", "aspiring_id", "established_id"))
    made = {p.pk for p in services.run_publish(run=run, by=cast.office)}
    assert made and pairs
    try:
        migrate(BEFORE)
        # Back at the old layout: the rows never moved, and the link is the old column again.
        assert rows("SELECT id, number FROM partnerships_matchrun") == {(run.pk, run.number)}
        assert rows("SELECT id, aspiring_id, established_id FROM partnerships_proposedpair") == (
            pairs
        )
        linked = "SELECT id, match_run_id FROM partnerships_partnership WHERE match_run_id > 0"
        assert rows(linked) == {(pk, run.pk) for pk in made}
    finally:
        migrate()
    # Forward again, as an existing database at main's state would be migrated.
    moved = MatchRun.objects.get(pk=run.pk)
    assert set(moved.pairs.values_list("pk", "aspiring_id", "established_id")) == pairs
    assert moved.cohort_id == cast.cohort.pk and moved.status == MatchRun.Status.PUBLISHED
    assert (
        set(PublishedPartnership.objects.filter(run=moved).values_list("partnership_id", flat=True))
        == made
    )
