"""From "I'd like to take part" to "you're in", across three people and no shared account."""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mutuality.applications.models import Application
from mutuality.demo.models import OutboxMessage
from mutuality.programmes.models import Cohort, CohortRole, Participation
from tests.browser.conftest import fill_date
from tests.factories import CohortFactory, OrganisationFactory, UserFactory, add_role, give_totp

pytestmark = pytest.mark.django_db(transaction=True)


def test_apply_line_manager_approves_programme_manager_accepts(journey):
    # Given a cohort taking applications, with its programme manager
    cohort = CohortFactory(topics=["Digital inclusion", "Leading teams"])
    cohort.programme.name = "Rising Together"
    cohort.programme.time_commitment = "an hour a month for nine months"
    cohort.programme.save()
    hospital = OrganisationFactory(name="Northmere Teaching Hospitals")
    cohort.cohort_organisations.create(organisation=hospital, places=6)
    pm = UserFactory(email="pat.manager@icb.example", first_name="Pat", last_name="Okoro")
    pm_secret = give_totp(pm)
    add_role(cohort, pm, CohortRole.Role.PROGRAMME_MANAGER)
    ade = UserFactory(email="ade.bello@northmere.example", first_name="Ade", last_name="Bello")
    page = journey.page

    # When an aspiring leader signs in and applies
    journey.sign_in_by_code(ade.email)
    journey.click(page.get_by_role("link", name="Apply to Rising Together"))
    page.get_by_label("Aspiring leader").check()
    journey.click(page.get_by_role("button", name="Start my application"))
    journey.click(page.get_by_role("link", name="Your role and organisation"))

    page.get_by_label("Your organisation").select_option(label="Northmere Teaching Hospitals")
    page.get_by_label("Job title").fill("Staff Nurse")
    page.get_by_label("Band or grade").select_option("Band 5")
    journey.click(page.get_by_role("button", name="Save and continue"))

    page.get_by_label("Line manager's email address").fill("jo.manager@northmere.example")
    journey.click(page.get_by_role("button", name="Save and continue"))

    page.get_by_label("What I hope to gain").fill("Confidence to apply for a ward manager post")
    page.get_by_label("What I bring").fill("Eight years on an acute medical ward")
    journey.click(page.get_by_role("button", name="Save and continue"))

    page.get_by_label("Digital inclusion").check()
    journey.click(page.get_by_role("button", name="Save and continue"))

    page.get_by_label("Tuesday morning").check()
    page.get_by_label("Video call").check()
    journey.click(page.get_by_role("button", name="Save and continue"))
    journey.click(page.get_by_role("button", name="Save and continue"))  # nobody to avoid

    # with an about-me profile: nothing is shared until ticked; one part for the partner only
    communication = page.get_by_role("group", name="How I prefer to communicate")
    communication.get_by_role("textbox").fill("A short email first, then video")
    communication.get_by_label("My learning partner may read this").check()
    adjustments = page.get_by_role("group", name="Reasonable adjustments I use")
    adjustments.get_by_role("textbox").fill("Captions on video calls")
    expect(adjustments.get_by_label("My learning partner may read this")).not_to_be_checked()
    expect(adjustments.get_by_label("Faculty may read this")).not_to_be_checked()
    journey.click(page.get_by_role("button", name="Save and continue"))

    page.get_by_label("Prefer not to say").first.check()
    journey.click(page.get_by_role("button", name="Save and continue"))

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    page.get_by_label("I meet who can apply").check()
    journey.click(page.get_by_role("button", name="Send my application"))
    expect(page.get_by_text("Application sent")).to_be_visible()
    journey.sign_out()

    # Then the line manager, who has no account, opens the link from their email
    body = journey.latest_email_body("jo.manager@northmere.example", "Please approve")
    assert "An hour a month" in body or "an hour a month" in body
    approve_path = re.search(r"(/approve/[^\s]+/)", body).group(1)
    journey.visit(approve_path)
    expect(page.get_by_role("heading", name=re.compile("Do you support Ade Bello"))).to_be_visible()
    assert Application.objects.get().status == "awaiting_manager"  # opening decided nothing
    page.get_by_label("Yes, I support it").check()
    page.get_by_label("Comment").fill("Ade will be brilliant at this.")
    journey.click(page.get_by_role("button", name="Send my answer"))
    expect(page.get_by_text("Thank you")).to_be_visible()

    # And the programme manager accepts the application
    journey.sign_in_by_code(pm.email, pm_secret)
    journey.visit(f"/cohorts/{cohort.pk}/")
    journey.click(page.get_by_role("link", name=re.compile("See the applications")))
    journey.click(page.get_by_role("link", name="Ade Bello"))
    expect(page.get_by_text("Captions on video calls")).to_be_visible()
    expect(page.get_by_text("Ade will be brilliant at this.")).to_be_visible()
    page.get_by_label("Accept").check()
    journey.click(page.get_by_role("button", name="Save decision as a draft"))
    row = page.get_by_role("row", name=re.compile("Ade Bello"))
    expect(row).to_contain_text("Accepted")
    expect(row).to_contain_text("Not sent")
    assert not Participation.objects.filter(cohort=cohort).exists()  # nobody told yet

    # And sends the decisions after reading each email
    journey.click(page.get_by_role("link", name="Check and send decisions"))
    expect(page.get_by_text("Good news: you have a place on Rising Together")).to_be_visible()
    journey.click(page.get_by_role("button", name="Send 1 decision"))
    expect(page.get_by_text("Sent 1 decision")).to_be_visible()

    assert Participation.objects.get(cohort=cohort).user == ade
    assert "Good news" in journey.latest_email_body(ade.email, "Your application")
    journey.assert_every_page_checked()


def _screens(page, name: str) -> None:
    """With MUTUALITY_SCREENS set to a folder, keep each step at phone and desktop widths
    (for reviewing the journey by eye; the test never depends on them)."""
    folder = os.environ.get("MUTUALITY_SCREENS")
    if not folder:
        return
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_new_cohort_from_a_blank_system(journey):
    """A new programme manager, a new programme and cohort, and a new applicant who makes
    their own account: names everywhere instead of email addresses, decisions sent only
    when the team says so, and a stage change that says what it will close."""
    today = timezone.localdate()
    office = UserFactory(
        email="shirley.office@icb.example", first_name="", last_name="", is_staff=True
    )
    office_secret = give_totp(office)
    OrganisationFactory(name="Wyndale Community Trust")
    page = journey.page

    # The first person in is asked their name before anything else
    journey.sign_in_by_code(office.email, office_secret)
    expect(page.get_by_role("heading", name="Tell us your name")).to_be_visible()
    _screens(page, "01-tell-us-your-name")
    page.get_by_label("First name").fill("Shirley")
    page.get_by_label("Last name").fill("Adeyemi")
    journey.click(page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_role("heading", name="Hello, Shirley")).to_be_visible()

    # They set up a programme and a cohort taking applications for another month
    journey.visit("/programmes/new/")
    page.get_by_label("Name", exact=True).fill("Open Doors")
    page.get_by_label("Summary").fill("Reciprocal mentoring across the system.")
    journey.click(page.get_by_role("button", name="Save programme"))
    journey.click(page.get_by_role("button", name="Add a cohort"))
    page.get_by_label("Name").fill("First cohort")
    fill_date(page, "When applications open", today - timedelta(days=1))
    fill_date(page, "When applications close", today + timedelta(days=30))
    fill_date(page, "Start date", today + timedelta(days=60))
    fill_date(page, "End date", today + timedelta(days=330))
    journey.click(page.get_by_role("button", name="Save cohort"))
    cohort = Cohort.objects.get(name="First cohort")
    journey.visit(f"/cohorts/{cohort.pk}/organisations/")
    page.get_by_label("Organisation", exact=True).select_option(label="Wyndale Community Trust")
    page.get_by_label("Places", exact=True).fill("4")
    journey.click(page.get_by_role("button", name=re.compile("^(Save|Add)")))
    journey.visit(f"/cohorts/{cohort.pk}/")
    journey.click(page.get_by_role("button", name="Move to recruiting"))
    _screens(page, "02-confirm-recruiting")
    journey.click(page.get_by_role("button", name="Move to recruiting"))
    journey.sign_out()

    # A new applicant makes their own account with just an email address
    journey.visit("/accounts/signup/")
    page.get_by_label("Email").fill("amina.hussain@wyndale.example")
    journey.click(page.get_by_role("button", name="Create account"))
    code = journey.latest_email_code("amina.hussain@wyndale.example")
    journey.visit("/accounts/confirm-email/")
    page.get_by_label("Code").fill(code)
    journey.click(page.get_by_role("button", name="Confirm"))
    expect(page.get_by_role("heading", name="Tell us your name")).to_be_visible()
    page.get_by_label("First name").fill("Amina")
    page.get_by_label("Last name").fill("Hussain")
    page.get_by_label("What you like to be called").fill("Mina")
    page.get_by_label("Pronouns").fill("she/her")
    journey.click(page.get_by_role("button", name="Save and continue"))

    # and applies
    journey.click(page.get_by_role("link", name="Apply to Open Doors"))
    page.get_by_label("Aspiring leader").check()
    journey.click(page.get_by_role("button", name="Start my application"))
    journey.click(page.get_by_role("link", name="Your role and organisation"))
    page.get_by_label("Your organisation").select_option(label="Wyndale Community Trust")
    page.get_by_label("Job title").fill("Occupational therapist")
    page.get_by_label("Band or grade").select_option("Band 6")
    journey.click(page.get_by_role("button", name="Save and continue"))
    page.get_by_label("Line manager's email address").fill("kofi.manager@wyndale.example")
    journey.click(page.get_by_role("button", name="Save and continue"))
    page.get_by_label("What I hope to gain").fill("Confidence to lead a team")
    page.get_by_label("What I bring").fill("Ten years in community rehabilitation")
    journey.click(page.get_by_role("button", name="Save and continue"))
    page.get_by_label("Tuesday morning").check()
    page.get_by_label("Video call").check()
    journey.click(page.get_by_role("button", name="Save and continue"))
    journey.visit(f"/applications/{Application.objects.get().pk}/check/")
    page.get_by_label("I meet who can apply").check()
    journey.click(page.get_by_role("button", name="Send my application"))
    assert "Hello Mina" in journey.latest_email_body(
        "amina.hussain@wyndale.example", "We have your application"
    )
    journey.sign_out()

    # The line manager is asked about Amina Hussain, not an email address
    body = journey.latest_email_body("kofi.manager@wyndale.example", "Please approve")
    assert "Amina Hussain" in body and "amina.hussain@" not in body
    journey.visit(re.search(r"(/approve/[^\s]+/)", body).group(1))
    expect(page.get_by_role("heading", name=re.compile("Amina Hussain"))).to_be_visible()
    _screens(page, "03-line-manager")
    page.get_by_label("Yes, I support it").check()
    journey.click(page.get_by_role("button", name="Send my answer"))

    # The team decides; nothing goes out until they send the decisions
    journey.sign_in_by_code(office.email, office_secret)
    journey.visit(f"/cohorts/{cohort.pk}/applications/")
    row = page.get_by_role("row", name=re.compile("Amina Hussain"))
    expect(row).to_contain_text("amina.hussain@wyndale.example")
    expect(row).to_contain_text("Line manager approved")
    page.get_by_label("Choose Amina Hussain").check()
    page.get_by_label("Accept").check()
    journey.click(page.get_by_role("button", name="Save decision as a draft"))
    _screens(page, "04-applications-with-draft")
    assert not OutboxMessage.objects.filter(subject__startswith="Your application").exists()
    journey.click(page.get_by_role("link", name="Check and send decisions"))
    expect(page.get_by_text("Hello Mina")).to_be_visible()
    _screens(page, "05-send-decisions")
    journey.click(page.get_by_role("button", name="Send 1 decision"))
    assert "Good news" in journey.latest_email_body(
        "amina.hussain@wyndale.example", "Your application"
    )

    # Moving to matching says it closes applications early, and asks first
    journey.visit(f"/cohorts/{cohort.pk}/")
    journey.click(page.get_by_role("button", name="Move to matching"))
    expect(page.get_by_text("30 days before the planned closing date")).to_be_visible()
    _screens(page, "06-confirm-matching")
    journey.click(page.get_by_role("button", name="Move to matching"))
    journey.click(page.get_by_role("link", name="Go back a stage"))
    journey.click(page.get_by_role("button", name="Move back to recruiting"))
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.RECRUITING
    journey.assert_every_page_checked()
