"""Every kind of page, seen by the people who use it, passes axe (WCAG 2.2 A and AA)."""

import pytest

from mutuality.demo.seed import seed

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_as(journey, person) -> None:
    journey.visit("/demo/people/")
    row = journey.page.get_by_role("row").filter(has_text=person.email)
    journey.click(row.get_by_role("button"))


def test_programme_office_pages(journey):
    demo = seed()
    cohort = demo.cohorts["minds-pilot"]
    organisation = demo.organisations[next(iter(demo.organisations))]
    sign_in_as(journey, demo.people["office-1"])
    for path in [
        "/",
        "/programmes/",
        f"/programmes/{cohort.programme.slug}/",
        f"/programmes/{cohort.programme.slug}/edit/",
        f"/programmes/{cohort.programme.slug}/emails/",
        f"/programmes/{cohort.programme.slug}/questions/",
        f"/cohorts/{cohort.pk}/",
        f"/cohorts/{cohort.pk}/advance/",
        f"/cohorts/{cohort.pk}/step-back/",
        f"/cohorts/{cohort.pk}/applications/send/",
        "/your-details/",
        f"/cohorts/{cohort.pk}/edit/",
        f"/cohorts/{cohort.pk}/team/",
        f"/cohorts/{cohort.pk}/organisations/",
        f"/cohorts/{cohort.pk}/copy/",
        f"/cohorts/{cohort.pk}/numbers/",
        f"/cohorts/{cohort.pk}/applications/",
        f"/cohorts/{cohort.pk}/matching/",
        f"/cohorts/{cohort.pk}/partnerships/",
        f"/cohorts/{cohort.pk}/timeline/",
        "/organisations/",
        f"/organisations/{organisation.pk}/edit/",
        "/places/",
        "/places/new/",
        "/demo/outbox/",
        "/accounts/2fa/",
        "/accessibility/",
        "/privacy/",
    ]:
        journey.visit(path)
    journey.assert_every_page_checked()


def test_participant_and_steering_pages(journey):
    demo = seed()
    cohort = demo.cohorts["minds-pilot"]
    sign_in_as(journey, demo.people["minds-pilot-aspiring-0"])
    journey.visit("/")
    journey.visit(f"/cohorts/{cohort.pk}/")
    journey.visit(f"/cohorts/{cohort.pk}/my-timeline/")
    journey.visit(f"/cohorts/{cohort.pk}/partner/")
    journey.visit("/about-me/")
    journey.visit("/accounts/logout/")
    sign_in_as(journey, demo.people["steering-3"])
    journey.visit(f"/programmes/{cohort.programme.slug}/")
    journey.visit(f"/cohorts/{cohort.pk}/numbers/")
    journey.assert_every_page_checked()


def test_signed_out_pages(journey):
    for path in ["/", "/accounts/login/code/", "/accounts/signup/", "/demo/people/"]:
        journey.visit(path)
    journey.assert_every_page_checked()
