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
    journey.click(page.get_by_role("button", name=re.compile(r"^Publish and email \d+ people$")))
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


def test_a_blank_cohort_is_decided_matched_and_published_with_its_rules_kept(journey):
    """Given/when/then from an empty database (no seed): five organisations, five new people
    who apply; line managers approve and decline by their links; the team decides and sends
    the decisions, moves to matching (asked to confirm), runs matching, tries a swap that
    would pair people from the same organisation (refused, naming the rule), publishes (asked
    to confirm); the person left over is told kindly; a partner's first page reads well."""
    from mutuality.demo.models import OutboxMessage
    from mutuality.programmes.models import Cohort, CohortRole
    from tests.factories import (
        CohortFactory,
        OrganisationFactory,
        UserFactory,
        add_role,
        give_totp,
        manager_approves,
        submitted_application,
    )

    page = journey.page
    # Given a new cohort with five organisations and its programme manager
    cohort = CohortFactory(name="First cohort", topics=["Digital inclusion"])
    orgs = [
        OrganisationFactory(name=name)
        for name in ["Northmere Trust", "Wyndale Council", "Harrowfield ICB", "Castlebrook Care",
                     "Riverside Hospice"]
    ]  # fmt: skip
    for org in orgs:
        cohort.cohort_organisations.create(organisation=org, places=4)
    pm = UserFactory(email="pat.manager@icb.example", first_name="Pat", last_name="Okoro")
    secret = give_totp(pm)
    add_role(cohort, pm, CohortRole.Role.PROGRAMME_MANAGER)

    # And five new people who applied: two established leaders and three aspiring leaders
    def applicant(first, last, side, org, band):
        user = UserFactory(
            email=f"{first.lower()}.{last.lower()}@example.org", first_name=first, last_name=last
        )
        return submitted_application(
            cohort, user, side, organisation=org, band=band, topics=["Digital inclusion"]
        )

    asha = applicant("Asha", "Begum", "aspiring", orgs[0], "Band 5")
    ben = applicant("Ben", "Osei", "aspiring", orgs[1], "Band 6")
    cara = applicant("Cara", "Lewis", "aspiring", orgs[2], "Band 5")
    dev = applicant("Dev", "Patel", "established", orgs[1], "Band 8c")
    erin = applicant("Erin", "Walsh", "established", orgs[0], "Band 8b")
    fola = applicant("Fola", "Adeyemi", "aspiring", orgs[3], "Band 6")

    # When their line managers answer by link: Asha's says yes, Fola's says no
    for person, answer in ((asha, "Yes, I support it"), (fola, "No, I do not support it")):
        body = journey.latest_email_body(person.line_manager_email, "Please approve")
        journey.visit(re.search(r"(/approve/[^\s]+/)", body).group(1))
        page.get_by_label(answer).check()
        journey.click(page.get_by_role("button", name="Send my answer"))
    for person in (ben, cara, dev, erin):
        manager_approves(person)

    # And the team accepts everyone their managers support, and sends the decisions
    journey.sign_in_by_code(pm.email, secret)
    journey.visit(f"/cohorts/{cohort.pk}/applications/")
    expect(page.get_by_role("row", name=re.compile("Fola Adeyemi"))).to_contain_text(
        "Line manager declined"
    )
    for name in ("Asha Begum", "Ben Osei", "Cara Lewis", "Dev Patel", "Erin Walsh"):
        page.get_by_label(f"Choose {name}").check()
    page.get_by_label("Accept").check()
    journey.click(page.get_by_role("button", name="Save decision as a draft"))
    journey.click(page.get_by_role("link", name="Check and send decisions"))
    journey.click(page.get_by_role("button", name="Send 5 decisions"))

    # And moves the cohort to matching, seeing what that closes before confirming
    journey.visit(f"/cohorts/{cohort.pk}/")
    journey.click(page.get_by_role("button", name="Move to matching"))
    journey.click(page.get_by_role("button", name="Move to matching"))
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.MATCHING

    # Then matching pairs across organisations, with reasons, and names the person left over
    journey.visit(f"/cohorts/{cohort.pk}/matching/")
    journey.click(page.get_by_role("button", name="Run matching"))
    pairs = page.get_by_role("table", name="Proposed pairs").locator("tbody tr")
    expect(pairs).to_have_count(2)
    expect(page.get_by_role("row", name=re.compile("Asha Begum"))).to_contain_text("Dev Patel")
    expect(
        page.get_by_text(re.compile("Cara Lewis's (one )?possible partner", re.IGNORECASE))
    ).to_be_visible()

    # When they try to swap the two pairs, which would put people from one organisation together
    page.get_by_label("Swap Asha Begum's pair").check()
    page.get_by_label("Swap Ben Osei's pair").check()
    journey.click(page.get_by_role("button", name="Swap the partners of the two chosen pairs"))
    # Then the swap is refused, naming the rule and the people, and nothing is pinned
    expect(page.get_by_role("heading", name="Swap pairs that break a rule")).to_be_visible()
    expect(page.get_by_text("Asha Begum and Erin Walsh")).to_be_visible()
    expect(page.get_by_text("never pair people from the same organisation").first).to_be_visible()
    journey.click(page.get_by_role("link", name="Go back without changing anything"))

    # When they publish, confirming what will be sent
    journey.click(page.get_by_role("button", name=re.compile("Publish these 2 pairs")))
    journey.click(page.get_by_role("button", name=re.compile(r"^Publish and email \d+ people$")))
    expect(page.get_by_text("Published 2 partnerships")).to_be_visible()
    journey.sign_out()

    # Then the person left over is told kindly what happens next, and nobody else is named
    left = OutboxMessage.objects.filter(subject="We have not found you a learning partner yet")
    assert [m.to for m in left] == ["cara.lewis@example.org"]
    assert "still part of the cohort" in left.get().body

    # And a partner's first page reads well: names, reasons, first-meeting advice as HTML
    journey.sign_in_by_code(asha.applicant.email)
    journey.visit(f"/cohorts/{cohort.pk}/partner/")
    expect(page.get_by_role("heading", name=re.compile("Dev Patel"))).to_be_visible()
    expect(page.get_by_role("heading", name="Your first meeting")).to_be_visible()
    assert "<h2" not in page.inner_text("main")
    journey.assert_every_page_checked()
