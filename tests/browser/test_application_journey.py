"""From "I'd like to take part" to "you're in", across three people and no shared account."""

import re

import pytest
from playwright.sync_api import expect

from mutuality.applications.models import Application
from mutuality.programmes.models import CohortRole, Participation
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
    page.get_by_label("Reason").fill("A strong application.")
    journey.click(page.get_by_role("button", name="Save decision"))
    expect(page.get_by_role("row", name=re.compile("Ade Bello"))).to_contain_text("Accepted")

    assert Participation.objects.get(cohort=cohort).user == ade
    journey.assert_every_page_checked()
