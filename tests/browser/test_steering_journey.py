"""Faculty share a theme from a learning lab; the programme manager takes out the name and email
address the check flags, shares it and records an action that answers it; a steering group
member sees the moderated words and the overdue action, and the action on the People Strategy
dashboard beside the programme's figures."""

import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mutuality import strategyfile
from mutuality.organisations.models import Organisation
from mutuality.programmes.models import CohortRole, Side
from mutuality.steering.models import SteeringAction, Theme
from mutuality.strategy.models import Initiative
from mutuality.strategy.services import strategy_import
from tests.browser.conftest import fill_date
from tests.factories import CohortFactory, UserFactory, add_participant, add_role, give_totp

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(tempfile.gettempdir()) / "steering-journey"
AS_SENT = (
    "In the learning lab Ade Bello said rota meetings are always set for days when part-time "
    "staff are off; write to ade.bello@trust.example for the rotas."
)
SHARED = "Rota meetings are often set for days when part-time staff are not at work."


def shot(journey, name: str) -> None:
    """A full-page picture of each step, to look at by eye; not kept in the repository."""
    SHOTS.mkdir(exist_ok=True)
    journey.page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def running_cohort_in_the_strategy():
    """A running cohort of a reciprocal mentoring programme, linked to the People Strategy
    initiative it delivers; Ade Bello takes part."""
    strategy_import(parsed=strategyfile.demo_strategy())
    cohort = CohortFactory(
        name="2026 cohort",
        programme__name="Inclusive Cultures system programme",
        programme__slug="inclusive-cultures",
        status="running",
    )
    Initiative.objects.get(key="reciprocal-mentoring").programmes.add(cohort.programme)
    trust = Organisation.objects.create(name="Northmere Hospitals NHS Trust", kind="trust")
    council = Organisation.objects.create(name="Dale County Council", kind="council")
    ade = UserFactory(email="ade.bello@trust.example", first_name="Ade", last_name="Bello")
    erin = UserFactory(email="erin.shaw@council.example", first_name="Erin", last_name="Shaw")
    add_participant(cohort, ade, Side.ASPIRING, trust)
    add_participant(cohort, erin, Side.ESTABLISHED, council)
    return cohort


def test_a_theme_is_moderated_answered_by_an_action_and_seen_on_the_strategy(journey):
    # Given a running cohort, its faculty, programme manager and a steering group member
    cohort = running_cohort_in_the_strategy()
    programme = cohort.programme
    faculty = UserFactory(email="femi@icb.example", first_name="Femi", last_name="Ola")
    faculty_secret = give_totp(faculty)
    add_role(cohort, faculty, CohortRole.Role.FACULTY)
    manager = UserFactory(email="priya@icb.example", first_name="Priya", last_name="Shah")
    manager_secret = give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    sponsor = UserFactory(email="sam@council.example", first_name="Sam", last_name="Okoro")
    add_role(cohort, sponsor, CohortRole.Role.STEERING)
    page = journey.page

    # When faculty go from the cohort page to share a theme heard in a learning lab
    journey.sign_in_by_code(faculty.email, faculty_secret)
    journey.visit(cohort.get_absolute_url())
    journey.click(page.get_by_role("link", name="Share a theme with the steering group"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Share a theme with the steering group"
    )
    shot(journey, "01-faculty-share-form")
    page.get_by_label("What you learned").fill(AS_SENT)
    page.get_by_label("A learning lab").check()
    page.get_by_label("Meetings culture").check()
    journey.click(page.get_by_role("button", name="Send theme"))

    # Then they are thanked and see their theme waiting to be checked
    expect(page.get_by_text("Thank you. The programme team checks every theme")).to_be_visible()
    mine = page.get_by_role("listitem").filter(has_text=AS_SENT)
    expect(mine).to_contain_text("waiting for moderation")
    shot(journey, "02-faculty-thanked")
    theme = Theme.objects.get()
    assert theme.status == Theme.Status.SUBMITTED and theme.submitted_by == faculty
    assert [t.name for t in theme.tags.all()] == ["Meetings culture"]
    journey.sign_out()

    # When the programme manager opens the themes to check
    journey.sign_in_by_code(manager.email, manager_secret)
    journey.visit(cohort.get_absolute_url())
    journey.click(page.get_by_role("link", name="Themes to check for the steering group"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Themes to check")
    # Then the theme is waiting, flagged for its name and email address
    expect(page.get_by_role("heading", name="Waiting (1)")).to_be_visible()
    card = page.locator(".nhsuk-card").filter(has_text="rota meetings")
    expect(card.locator(".nhsuk-tag")).to_have_text(re.compile(r"^\d+ possible identifying"))
    shot(journey, "03-manager-themes-to-check")

    # When they open it, they see the flagged words marked and the placeholders suggested
    journey.click(card.get_by_role("link", name=re.compile("Check this theme")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a theme")
    marked = page.locator("mark.mutuality-flag")
    expect(marked.filter(has_text="Ade Bello")).to_have_count(1)
    expect(marked.filter(has_text="ade.bello@trust.example")).to_have_count(1)
    expect(page.get_by_text("Names a person in this cohort: 'Ade Bello'")).to_be_visible()
    expect(page.get_by_text("Email address: 'ade.bello@trust.example'")).to_be_visible()
    words = page.get_by_label("Words the steering group will see")
    expect(page.get_by_text("Words the steering group will see (optional)")).to_have_count(0)
    suggested = words.input_value()
    assert "[name]" in suggested and "[email address]" in suggested
    assert "Ade Bello" not in suggested and "ade.bello@" not in suggested
    expect(page.get_by_label("Meetings culture")).to_be_checked()
    shot(journey, "04-manager-check-a-theme")

    # And they reword it and share it
    words.fill(SHARED)
    journey.click(page.get_by_role("button", name="Share with the steering group"))
    expect(page.get_by_text("Shared with the steering group, without the author.")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting (0)")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=SHARED)).to_contain_text(
        "Shared with the steering group"
    )
    shot(journey, "05-manager-shared")
    theme.refresh_from_db()
    assert theme.status == Theme.Status.PUBLISHED and theme.shared_text == SHARED

    # When they go to the programme's steering group page and add an action answering it
    journey.visit(programme.get_absolute_url())
    journey.click(page.get_by_role("link", name="Steering group: themes, headlines and actions"))
    journey.click(page.get_by_role("button", name="Add an action"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
    due = timezone.localdate() - timedelta(days=7)
    page.get_by_label("What the system will do").fill("Set rota meetings on rotating days")
    page.get_by_label("Owner organisation").select_option(label="Northmere Hospitals NHS Trust")
    page.get_by_label("Owner's role").fill("Director of People")
    fill_date(page, "Due date", due)
    page.get_by_label("On track").check()
    # Only lists with something to tick: no groups of themes have been made yet
    expect(page.get_by_text("Groups of themes it answers")).to_have_count(0)
    page.get_by_label(SHARED).check()
    initiatives = page.get_by_role("group", name=re.compile("People Strategy initiatives"))
    expect(initiatives).to_contain_text(f"Those {programme.name} delivers come first.")
    expect(initiatives.get_by_role("checkbox").first).to_have_accessible_name(
        "Reciprocal mentoring for inclusion"
    )
    page.get_by_label("Reciprocal mentoring for inclusion").check()
    shot(journey, "06-manager-add-an-action")
    journey.click(page.get_by_role("button", name="Save action"))

    # Then they see the action, overdue, answering the theme and serving the initiative
    expect(page.get_by_role("heading", level=1)).to_have_text("Set rota meetings on rotating days")
    expect(
        page.get_by_text("Saved the action “Set rota meetings on rotating days”.")
    ).to_be_visible()
    expect(page.locator(".nhsuk-tag", has_text="Overdue")).to_be_visible()
    expect(page.get_by_text("Director of People, Northmere Hospitals NHS Trust")).to_be_visible()
    expect(page.get_by_text(SHARED)).to_be_visible()
    expect(page.get_by_text("Reciprocal mentoring for inclusion")).to_be_visible()
    shot(journey, "07-manager-action")
    action = SteeringAction.objects.get()
    assert action.status == "on_track" and action.due_on == due and action.created_by == manager
    assert list(action.themes.all()) == [theme]
    assert [i.key for i in action.initiatives.all()] == ["reciprocal-mentoring"]
    journey.sign_out()

    # When a steering group member opens the programme's steering group page
    journey.sign_in_by_code(sponsor.email)
    journey.visit(programme.get_absolute_url())
    journey.click(page.get_by_role("link", name="Steering group: themes, headlines and actions"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Steering group")
    # Then they read the moderated words, never the words as sent nor who sent them
    expect(page.get_by_text(SHARED)).to_be_visible()
    for hidden in ("Ade Bello", "ade.bello@trust.example", "learning lab Ade", "Femi Ola"):
        expect(page.get_by_text(hidden)).to_have_count(0)
    expect(page.get_by_role("button", name="Add an action")).to_have_count(1)  # they steer
    row = page.get_by_role("row").filter(has_text="Set rota meetings on rotating days")
    expect(row).to_contain_text("Overdue")
    expect(row).to_contain_text("Serves: Reciprocal mentoring for inclusion")
    shot(journey, "08-steering-group")

    # When they follow the People Strategy dashboard
    journey.click(page.get_by_role("link", name="See the People Strategy dashboard"))
    initiative = page.get_by_role("listitem").filter(
        has=page.get_by_text("Reciprocal mentoring for inclusion", exact=True)
    )
    expect(initiative).to_contain_text("1 steering group action overdue")
    expect(initiative).to_contain_text(f"Delivered by {programme.name}")
    shot(journey, "09-strategy-dashboard")

    # And open the workstream, where the action sits under its initiative with the figures
    journey.click(
        page.get_by_role("link", name="Equality, diversity, inclusion and belonging", exact=True)
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Equality, diversity, inclusion and belonging"
    )
    figures = page.locator(".nhsuk-card").filter(has_text=f"Delivered by {programme.name}")
    expect(figures).to_contain_text("People who took part")
    expect(figures).to_contain_text("not shown")  # two people: never shown as a number
    linked = page.get_by_role("listitem").filter(has_text="Set rota meetings on rotating days")
    expect(linked).to_contain_text("Overdue")
    expect(linked).to_contain_text(programme.name)
    heading = page.get_by_role("heading", name="Reciprocal mentoring for inclusion", level=2)
    after = heading.locator("xpath=following::h2[1]")
    assert heading.bounding_box()["y"] < linked.bounding_box()["y"] < after.bounding_box()["y"]
    shot(journey, "10-workstream")

    # And, back on the dashboard, the matrix of workstreams against the national frameworks
    journey.click(page.get_by_role("banner").get_by_role("link", name="People Strategy"))
    journey.click(page.get_by_role("link", name="How the workstreams map to national frameworks"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Workstreams and national frameworks")
    expect(page.get_by_role("table").first).to_contain_text("We each have a voice that counts")
    shot(journey, "11-frameworks")
    journey.assert_every_page_checked()
