"""A programme manager sets up a programme and its cohorts in the browser."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from mutuality.programmes.models import FocusArea
from tests.browser.conftest import fill_date
from tests.factories import OrganisationFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db(transaction=True)


def test_programme_manager_sets_up_a_programme_cohort_and_copy(journey):
    # Given a programme manager in the programme office, with an authenticator app
    manager = UserFactory(
        email="pat.manager@icb.example", first_name="Pat", last_name="Okoro", is_staff=True
    )
    secret = give_totp(manager)
    OrganisationFactory(name="Northmere Teaching Hospitals NHS Foundation Trust")
    FocusArea.objects.get_or_create(name="Race and ethnicity")
    page = journey.page

    # When they sign in with the code emailed to them
    journey.visit("/")
    journey.click(page.get_by_role("link", name="Sign in").first)
    page.get_by_label("Email").fill(manager.email)
    journey.click(page.get_by_role("button", name="Email me a code"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    code = journey.latest_email_code(manager.email)
    journey.visit("/accounts/login/code/confirm/")
    page.get_by_label("Code").fill(code)
    journey.click(page.get_by_role("button", name="Confirm"))

    # and give the code from their authenticator app
    totp = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Code").fill(totp)
    journey.click(page.get_by_role("button", name="Continue"))

    # Then they are signed in
    expect(page.get_by_role("heading", name="Hello, Pat")).to_be_visible()

    # When they set up a programme, leaving out its name at first
    journey.click(page.get_by_role("link", name="Programmes").first)
    journey.click(page.get_by_role("button", name="Set up a programme"))
    page.get_by_label("Summary").fill("Pairs colleagues from different organisations.")
    journey.click(page.get_by_role("button", name="Save programme"))
    # Then the error summary says what is missing, and links to it
    expect(page.get_by_role("alert")).to_contain_text("Enter a name for the programme")

    page.get_by_label("Name", exact=True).fill("Rising Together")
    page.get_by_label("Shadowing").check()
    page.get_by_label("Race and ethnicity").check()
    journey.click(page.get_by_role("button", name="Save programme"))
    expect(page.get_by_role("heading", name="Rising Together", level=1)).to_be_visible()
    expect(page.get_by_text("Shadow and host")).to_be_visible()

    # And add its first cohort
    journey.click(page.get_by_role("button", name="Add a cohort"))
    page.get_by_label("Name").fill("2027 cohort")
    fill_date(page, "When applications open", "2026-11-02")
    fill_date(page, "When applications close", "2026-12-18")
    fill_date(page, "Start date", "2027-01-18")
    fill_date(page, "End date", "2027-10-29")
    journey.click(page.get_by_role("button", name="Save cohort"))
    expect(page.get_by_role("heading", name="2027 cohort")).to_be_visible()

    # And copy it for the following year
    journey.click(page.get_by_role("button", name="Copy cohort"))
    page.get_by_label("Name").fill("2028 cohort")
    fill_date(page, "New start date", "2028-01-17")
    journey.click(page.get_by_role("button", name="Copy cohort"))
    expect(page.get_by_role("heading", name="2028 cohort")).to_be_visible()
    expect(page.get_by_text("1 November 2027 to 17 December 2027")).to_be_visible()

    # Then both cohorts are listed on the programme's page
    journey.click(page.get_by_role("link", name="Rising Together").first)
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="2027 cohort")).to_contain_text("Draft")
    expect(rows.filter(has_text="2028 cohort")).to_contain_text("Draft")

    # And no page they saw had an accessibility problem
    journey.assert_every_page_checked()
