"""Two learning partners agree their ground rules and log a meeting; faculty see the pair."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mutuality.partnerships.models import Partnership
from mutuality.programmes.models import CohortRole, Side
from tests.browser.conftest import fill_date
from tests.factories import CohortFactory, UserFactory, add_participant, add_role, give_totp

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_as(journey, person) -> None:
    journey.visit("/demo/people/")
    row = journey.page.get_by_role("row").filter(has_text=person.email)
    journey.click(row.get_by_role("button"))


def test_partners_agree_log_and_confirm_then_faculty_see_the_dashboard(journey):
    # Given a published pair and their faculty
    cohort = CohortFactory(status="running")
    ade = UserFactory(email="ade@trust.example", first_name="Ade", last_name="Bello")
    erin = UserFactory(email="erin@council.example", first_name="Erin", last_name="Shaw")
    faculty = UserFactory(email="femi@icb.example", first_name="Femi", last_name="Ola")
    give_totp(faculty)
    add_role(cohort, faculty, CohortRole.Role.FACULTY)
    partnership = Partnership.objects.create(
        cohort=cohort,
        aspiring=add_participant(cohort, ade, Side.ASPIRING),
        established=add_participant(cohort, erin, Side.ESTABLISHED),
        reasons=["both want to work on digital inclusion"],
    )
    page = journey.page

    # When the aspiring leader agrees the ground rules and logs their first meeting
    sign_in_as(journey, ade)
    journey.visit(f"/cohorts/{cohort.pk}/partner/")
    expect(page.get_by_role("heading", name="Your learning partner: Erin Shaw")).to_be_visible()
    journey.click(page.get_by_role("button", name="I agree to these ground rules"))
    expect(page.get_by_text("Waiting for Erin to agree")).to_be_visible()
    page.get_by_text("Log a meeting").click()
    fill_date(page, "Date of the meeting", timezone.localdate())
    page.get_by_role("radio", name="Video call").first.check()
    journey.click(page.get_by_role("button", name="Log meeting"))
    expect(page.get_by_role("cell", name="Waiting for Erin")).to_be_visible()

    # And the established leader agrees too and confirms the meeting
    journey.sign_out()
    sign_in_as(journey, erin)
    journey.visit(f"/partnerships/{partnership.pk}/")
    journey.click(page.get_by_role("button", name="I agree to these ground rules"))
    expect(page.get_by_text("Ade has agreed too")).to_be_visible()
    journey.click(page.get_by_role("button", name=re.compile("^Confirm")))
    expect(page.get_by_role("cell", name="Yes")).to_be_visible()

    # Then faculty see the pair on the cohort dashboard
    journey.sign_out()
    sign_in_as(journey, faculty)
    journey.visit(f"/cohorts/{cohort.pk}/partnerships/")
    row = page.get_by_role("row").filter(has_text="Ade Bello and Erin Shaw")
    expect(row).to_contain_text("Agreed")
    expect(row).to_contain_text("1 of")
    journey.click(row.get_by_role("link"))
    expect(page.get_by_text("Both agreed")).to_be_visible()
    journey.assert_every_page_checked()
