"""When a form comes back with errors, focus lands on the NHS error summary, so a screen
reader announces it first; its links take people to the field; what they typed is still there."""

import datetime

import pytest
from playwright.sync_api import expect

from mutuality.programmes.models import CohortRole
from mutuality.timeline.models import Session
from tests.factories import CohortFactory, UserFactory, add_role, give_totp

from .test_timeline_journey import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def expect_focus_on_summary(page) -> None:
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")


def test_faculty_forms_keep_what_was_typed_and_focus_the_summary(journey):
    cohort = CohortFactory(status="running")
    faculty = UserFactory(email="femi@icb.example", first_name="Femi", last_name="Ola")
    give_totp(faculty)
    add_role(cohort, faculty, CohortRole.Role.FACULTY)
    session = Session.objects.create(
        cohort=cohort, kind="learning_lab", title="Learning lab 1", venue="Civic Centre",
        starts_at=datetime.datetime(2027, 4, 20, 10, tzinfo=datetime.UTC), minutes=180,
    )  # fmt: skip
    page = journey.page
    sign_in_as(journey, faculty)

    # A supervision time with no date: the summary takes focus and names the field
    journey.visit(f"/cohorts/{cohort.pk}/timeline/")
    page.get_by_label("Length in minutes").fill("30")
    journey.click(page.get_by_role("button", name="Offer this time"))
    expect_focus_on_summary(page)
    link = page.locator(".nhsuk-error-summary").get_by_role(
        "link", name="Enter the date and time of the supervision"
    )
    expect(page.get_by_label("Length in minutes")).to_have_value("30")
    link.click()
    expect(page.get_by_label("Date and time")).to_be_focused()

    # A link that is not a web address: our message, not the browser's bubble
    journey.visit(f"/cohorts/{cohort.pk}/sessions/{session.pk}/")
    page.get_by_label("Title").fill("Lab slides")
    page.get_by_label("Link to the material").fill("slides")
    journey.click(page.get_by_role("button", name="Add material"))
    expect_focus_on_summary(page)
    expect(page.get_by_text("Enter the link in the correct format").first).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Lab slides")
    expect(page.get_by_label("Link to the material")).to_have_value("slides")


def test_a_date_typed_from_memory_says_which_part_is_wrong(journey):
    cohort = CohortFactory(status="running")
    office = UserFactory(email="olu@icb.example", first_name="Olu", is_staff=True)
    give_totp(office)
    add_role(cohort, office, CohortRole.Role.PROGRAMME_MANAGER)
    page = journey.page
    sign_in_as(journey, office)
    journey.visit(f"/cohorts/{cohort.pk}/copy/")
    page.get_by_label("Name").fill("2028 cohort")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2028")
    journey.click(page.get_by_role("button").filter(has_text="Copy"))
    expect_focus_on_summary(page)
    link = page.locator(".nhsuk-error-summary").get_by_role(
        "link", name="New start date must be a real date"
    )
    link.click()
    expect(page.get_by_label("Day")).to_be_focused()
    expect(page.get_by_label("Day")).to_have_value("31")
    expect(page.get_by_label("Year")).to_have_value("2028")
