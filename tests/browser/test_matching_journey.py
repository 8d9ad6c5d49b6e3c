"""The programme manager matches the demo's recruiting cohort, reviews it and publishes."""

import re

import pytest
from playwright.sync_api import expect

from mutuality.demo.seed import seed
from mutuality.partnerships.models import Partnership

pytestmark = pytest.mark.django_db(transaction=True)


def test_match_review_and_publish_the_recruiting_demo_cohort(journey):
    # Given the demo system, signed in as the recruiting cohort's programme manager
    demo = seed()
    cohort = demo.cohorts["rising-2027"]
    page = journey.page
    journey.visit("/demo/people/")
    office = demo.people["office-1"]
    journey.click(page.get_by_role("row").filter(has_text=office.email).get_by_role("button"))

    # When they run matching
    journey.visit(f"/cohorts/{cohort.pk}/")
    journey.click(page.get_by_role("link", name="Match the accepted applicants into pairs"))
    journey.click(page.get_by_role("button", name="Run matching"))

    # Then they see pairs with reasons, and the one person left over with why
    expect(page.get_by_role("heading", name="Run 1")).to_be_visible()
    pairs = page.get_by_role("table", name="Proposed pairs").locator("tbody tr")
    expect(pairs).to_have_count(4)
    expect(
        page.get_by_text(
            re.compile("possible partners? .*paired with|has no possible partner", re.IGNORECASE)
        )
    ).to_be_visible()

    # When they forbid one pair and run again, then compare the runs
    first_pair = pairs.first
    journey.click(first_pair.get_by_role("button", name=re.compile("^Forbid")))
    journey.visit(f"/cohorts/{cohort.pk}/matching/")
    journey.click(page.get_by_role("button", name="Run matching"))
    expect(page.get_by_role("heading", name="Run 2")).to_be_visible()
    journey.click(page.get_by_role("link", name="Compare run 2 with run 1"))
    expect(page.get_by_text("Changed").first).to_be_visible()

    # And publish run 2
    journey.visit(f"/cohorts/{cohort.pk}/matching/runs/2/")
    journey.click(page.get_by_role("button", name=re.compile("Publish these 4 pairs")))
    expect(page.get_by_text("8 people are emailed an introduction")).to_be_visible()
    assert not Partnership.objects.filter(cohort=cohort).exists()  # nothing before confirming
    journey.click(page.get_by_role("button", name="Publish and email 8 people"))
    expect(page.get_by_text("Published 4 partnerships")).to_be_visible()
    assert Partnership.objects.filter(cohort=cohort).count() == 4

    # Then a partner sees who they were paired with, and why
    partnership = Partnership.objects.filter(cohort=cohort).select_related("aspiring__user").first()
    journey.sign_out()
    journey.visit("/demo/people/")
    person = partnership.aspiring.user
    journey.click(page.get_by_role("row").filter(has_text=person.email).first.get_by_role("button"))
    journey.visit(f"/cohorts/{cohort.pk}/partner/")
    expect(page.get_by_role("heading", name=re.compile("Your learning partner"))).to_be_visible()
    expect(page.get_by_role("heading", name="Why we paired you")).to_be_visible()
    journey.assert_every_page_checked()
