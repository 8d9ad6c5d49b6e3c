"""WCAG 2.2 reflow (1.4.10): at 320 CSS pixels wide, the main pages fit the screen. Only a
wide table may scroll, inside its own labelled region; the page itself never scrolls
sideways. Each page is checked with axe at that width too."""

import pytest

from mutuality.demo.seed import seed
from mutuality.matchruns import services as partnerships

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 720}


def sign_in_as(journey, person) -> None:
    journey.visit("/demo/people/")
    row = journey.page.get_by_role("row").filter(has_text=person.email)
    journey.click(row.get_by_role("button"))


def visit_narrow(journey, paths: list[str]) -> list[str]:
    """Visit each page at 320 px (axe checks it) and return those wider than the screen."""
    too_wide = []
    for path in paths:
        journey.visit(path)
        width = journey.page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            too_wide.append(f"{path}: {width} px")
    return too_wide


def test_pages_reflow_at_320_pixels(journey):
    demo = seed()
    journey.page.set_viewport_size(NARROW)
    pilot = demo.cohorts["minds-pilot"]
    rising = demo.cohorts["rising-2027"]
    office = demo.people["office-1"]
    run = partnerships.run_create(cohort=rising, by=office)

    sign_in_as(journey, office)
    too_wide = visit_narrow(
        journey,
        [
            "/",
            "/programmes/",
            *[f"/programmes/{programme.slug}/" for programme in demo.programmes.values()],
            f"/cohorts/{pilot.pk}/",
            f"/cohorts/{rising.pk}/team/",
            f"/cohorts/{rising.pk}/organisations/",
            "/organisations/",
            f"/cohorts/{rising.pk}/applications/",
            f"/cohorts/{rising.pk}/matching/",
            f"/cohorts/{rising.pk}/matching/runs/{run.number}/",
            f"/cohorts/{pilot.pk}/partnerships/",
            f"/cohorts/{pilot.pk}/timeline/",
            "/strategy/frameworks/",
            f"/cohorts/{pilot.pk}/report/",
            f"/programmes/{pilot.programme.slug}/report/",
            "/accessibility/",
        ],
    )
    # The attendance grid is a wide table: keyboard users reach its box and scroll it.
    journey.visit(f"/cohorts/{pilot.pk}/timeline/")
    grid = journey.page.get_by_role("region", name="Attendance by person and session")
    grid.focus()
    journey.page.keyboard.press("ArrowRight")
    # Browsers may scroll smoothly: wait (up to the default timeout) for the box to move.
    journey.page.wait_for_function("box => box.scrollLeft > 0", arg=grid.element_handle())
    # On a laptop screen its key column is in view without scrolling.
    journey.page.set_viewport_size({"width": 1280, "height": 720})
    journey.visit(f"/cohorts/{pilot.pk}/timeline/")
    box = grid.bounding_box()
    key = grid.get_by_role("columnheader", name="Missed mandatory").bounding_box()
    assert key["x"] + key["width"] <= box["x"] + box["width"]
    journey.page.set_viewport_size(NARROW)
    journey.visit("/accounts/logout/")

    sign_in_as(journey, demo.people["minds-pilot-aspiring-0"])
    too_wide += visit_narrow(
        journey,
        [
            "/",
            f"/cohorts/{pilot.pk}/",
            f"/cohorts/{pilot.pk}/my-timeline/",
            f"/cohorts/{pilot.pk}/partner/",
            "/accounts/2fa/",
        ],
    )
    journey.visit("/accounts/logout/")

    sign_in_as(journey, demo.people["steering-3"])
    too_wide += visit_narrow(
        journey,
        [
            "/",
            f"/programmes/{pilot.programme.slug}/",
            f"/cohorts/{pilot.pk}/numbers/",
        ],
    )
    assert not too_wide, "Pages wider than 320 px:\n" + "\n".join(too_wide)
    journey.assert_every_page_checked()
