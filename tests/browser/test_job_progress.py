"""A match run in the background: its page updates itself without reloading (no timed
refresh, WCAG 2.2.1) and tells a screen reader when the stage changes and when it is done."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mutuality.matchruns.models import MatchRun

from ..factories import CohortFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_run_page_follows_a_background_run_to_the_end(journey):
    cohort = CohortFactory()
    office = UserFactory(is_staff=True, first_name="Olu", last_name="Office")
    give_totp(office)
    run = MatchRun.objects.create(
        cohort=cohort, number=1, status="running", stage="scoring", percent=10,
        started_at=timezone.now(), heartbeat_at=timezone.now(), inputs_version="x", people=40,
    )  # fmt: skip
    page = journey.page
    journey.visit("/demo/people/")
    journey.click(page.get_by_role("row").filter(has_text=office.email).get_by_role("button"))
    journey.visit(f"/cohorts/{cohort.pk}/matching/runs/1/")
    expect(page.get_by_text("Scoring every possible pair")).to_be_visible()
    page.evaluate("window.__samePage = true")  # gone if the page reloads

    MatchRun.objects.filter(pk=run.pk).update(stage="solving", percent=60)
    expect(page.locator("#job-status")).to_contain_text("Finding the best set of pairs: 60% done")
    expect(page.get_by_role("status")).to_have_text("Finding the best set of pairs")

    MatchRun.objects.filter(pk=run.pk).update(status="done", stage="", percent=100, total=1.0)
    expect(page.get_by_role("status")).to_have_text("Run 1 is ready: see the proposed pairs")
    assert page.evaluate("window.__samePage") is True
    journey.check_accessibility()
    journey.click(page.get_by_role("link", name="Run 1 is ready: see the proposed pairs"))
    expect(page.get_by_text("Proposed pairs")).to_be_visible()
    journey.assert_every_page_checked()
