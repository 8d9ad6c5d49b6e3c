"""Faculty create a learning lab, a participant says they will come, faculty take the register."""

import pytest
from playwright.sync_api import expect

from mutuality.programmes.models import CohortRole, Side
from mutuality.timeline.models import Attendance
from tests.factories import CohortFactory, UserFactory, add_participant, add_role, give_totp

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_as(journey, person) -> None:
    journey.visit("/demo/people/")
    row = journey.page.get_by_role("row").filter(has_text=person.email)
    journey.click(row.get_by_role("button"))


def test_faculty_create_a_lab_participant_replies_faculty_take_the_register(journey):
    # Given a running cohort with two participants and its faculty
    cohort = CohortFactory(status="running")
    ade = UserFactory(email="ade@trust.example", first_name="Ade", last_name="Bello")
    erin = UserFactory(email="erin@council.example", first_name="Erin", last_name="Shaw")
    add_participant(cohort, ade, Side.ASPIRING)
    add_participant(cohort, erin, Side.ESTABLISHED)
    faculty = UserFactory(email="femi@icb.example", first_name="Femi", last_name="Ola")
    give_totp(faculty)
    add_role(cohort, faculty, CohortRole.Role.FACULTY)
    page = journey.page

    # When faculty add a learning lab
    sign_in_as(journey, faculty)
    journey.visit(f"/cohorts/{cohort.pk}/timeline/")
    journey.click(page.get_by_role("button", name="Add a session"))
    page.get_by_label("Title").fill("Learning lab: courageous conversations")
    page.get_by_label("Kind").select_option("learning_lab")
    page.get_by_label("Date and time").fill("2027-04-20T10:00")
    page.get_by_label("Place").fill("Northmere Civic Centre")
    page.get_by_label("Mandatory").check()
    journey.click(page.get_by_role("button", name="Save session"))
    expect(page.get_by_text("Session added and 2 people invited")).to_be_visible()
    session_url = page.url
    journey.sign_out()

    # And a participant says they will be there
    sign_in_as(journey, ade)
    journey.visit(f"/cohorts/{cohort.pk}/my-timeline/")
    page.get_by_label("Yes, I will be there").check()
    journey.click(page.get_by_role("button", name="Send reply"))
    expect(page.get_by_text("Thank you for letting us know")).to_be_visible()
    journey.sign_out()

    # Then faculty see the reply and take the register, on a phone
    sign_in_as(journey, faculty)
    page.set_viewport_size({"width": 390, "height": 844})
    journey.visit(session_url.removeprefix(journey.base_url))
    expect(page.get_by_text("Ade Bello (said yes)")).to_be_visible()
    page.get_by_label("Ade Bello (said yes)").check()
    journey.click(page.get_by_role("button", name="Save register"))
    expect(page.get_by_text("Register saved: 1 of 2 present")).to_be_visible()
    assert Attendance.objects.get(user=ade).present
    assert not Attendance.objects.get(user=erin).present
    journey.assert_every_page_checked()
