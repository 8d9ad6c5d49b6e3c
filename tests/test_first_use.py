"""What a newcomer met going through a blank system the first time: each test is a step that
read wrongly or was missing, seen in the browser."""

import pytest
from django.urls import reverse

from mutuality.applications import services

from .factories import CohortFactory, UserFactory


@pytest.fixture
def draft(db):
    cohort = CohortFactory()
    applicant = UserFactory(email="ama@trust.example", first_name="Ama")
    application = services.application_start(cohort=cohort, applicant=applicant, side="aspiring")
    return application


def test_a_new_application_does_not_say_an_untouched_part_is_completed(client, draft):
    client.force_login(draft.applicant)
    html = client.get(reverse("applications:overview", args=[draft.pk])).content.decode()
    row = html[html.index("People you would rather not be paired with") :]
    row = row[: row.index("</li>")]
    assert "Completed" not in row
    assert "Optional" in row


def test_change_links_read_what_i_bring_with_a_capital_i(client, draft):
    draft.aspirations, draft.experience = "Lead a ward", "Eight years of nursing"
    draft.save()
    client.force_login(draft.applicant)
    html = client.get(reverse("applications:check", args=[draft.pk])).content.decode()
    assert "what I bring" in html
    assert "what i bring" not in html


def test_the_about_me_profile_is_shown_as_optional_since_sending_does_not_need_it(client, draft):
    """Its page says "write as much or as little as you like" and the application can be
    sent without it: the task list must not call it incomplete."""
    client.force_login(draft.applicant)
    html = client.get(reverse("applications:overview", args=[draft.pk])).content.decode()
    row = html[html.index("About me, for your learning partner") :]
    row = row[: row.index("</li>")]
    assert "Incomplete" not in row
    assert "Optional" in row
    assert "about_me" not in str(services.missing_answers(draft))


def test_publishing_says_the_person_left_over_is_emailed_as_they_are(
    client, db, django_capture_on_commit_callbacks
):
    """Three accepted people, one pair: the publish page said the third person was "not
    emailed" and the cohort "cannot be matched again"; publishing then emailed them, and the
    matching page offers to match them later."""
    from django.core import mail

    from mutuality.matchruns import services as matchruns
    from mutuality.programmes.models import CohortRole

    from .factories import (
        OrganisationFactory,
        accept_and_send,
        add_role,
        give_totp,
        submitted_application,
    )

    cohort = CohortFactory()
    manager = UserFactory(email="pm@icb.example")
    give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    trust, council = OrganisationFactory(name="Trust"), OrganisationFactory(name="Council")
    applications = [
        submitted_application(cohort, UserFactory(first_name=name), side, organisation=org)
        for name, side, org in [
            ("Asha", "aspiring", trust),
            ("Cara", "established", council),
            ("Dev", "established", council),
        ]
    ]
    accept_and_send(applications, manager)
    run = matchruns.run_create(cohort=cohort, by=manager)
    client.force_login(manager)
    url = reverse("matchruns:publish", args=[cohort.pk, run.number])
    page = " ".join(client.get(url).content.decode().split())
    assert "not emailed" not in page
    assert "cannot be matched again" not in page
    assert "Publish and email 3 people" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.applicant.email for a in applications)


def test_adding_a_session_names_the_sides_and_does_not_call_a_needed_place_optional(client, db):
    """Faculty adding a learning lab met "The first side only" (which side is first?) and
    "Place (optional)", then were told the place was needed for a session in person."""
    from mutuality.programmes.models import CohortRole

    from .factories import add_role, give_totp

    cohort = CohortFactory()
    faculty = UserFactory(email="faculty@icb.example")
    give_totp(faculty)
    add_role(cohort, faculty, CohortRole.Role.FACULTY)
    client.force_login(faculty)
    page = " ".join(client.get(reverse("timeline:new", args=[cohort.pk])).content.decode().split())
    assert "Aspiring leaders only" in page and "Established leaders only" in page
    assert "first side" not in page
    assert "Place (optional)" not in page and "Joining link (optional)" not in page
    assert "Needed for a session in person." in page


def test_closing_a_cohort_before_its_end_date_says_so(client, db):
    """Closing marks every pair completed and cannot be undone; a click in the first month
    of a nine-month programme was not told the programme had months left to run."""
    from datetime import timedelta

    from django.utils import timezone

    from mutuality.programmes.models import Cohort, CohortRole

    from .factories import add_role, give_totp

    ends = timezone.localdate() + timedelta(days=120)
    cohort = CohortFactory(status=Cohort.Status.RUNNING, ends_on=ends)
    manager = UserFactory()
    give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    client.force_login(manager)
    page = client.get(reverse("programmes:cohort_advance", args=[cohort.pk])).content.decode()
    assert f"120 days before its planned end date of {ends:%-d %B %Y}" in page
    # With no pairs yet it says nothing changes, not "every partnership still going (0)".
    assert "No partnership is still going, so none is changed." in page


def test_adding_someone_to_the_team_reads_as_a_sentence(
    client, db, django_capture_on_commit_callbacks
):
    """ "Simran Kaur is now steering group member" and "added ... as programme manager"."""
    from django.core import mail

    from .factories import give_totp

    cohort = CohortFactory()
    office = UserFactory(is_staff=True)
    give_totp(office)
    client.force_login(office)
    url = reverse("programmes:team", args=[cohort.pk])
    for email, first, role in [
        ("simran@council.example", "Simran", "steering"),
        ("tunde@icb.example", "Tunde", "programme_manager"),
        ("harriet@icb.example", "Harriet", "faculty"),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            page = client.post(
                url,
                {"email": email, "first_name": first, "last_name": "Test", "role": role},
                follow=True,
            ).content.decode()
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "as a steering group member." in bodies["simran@council.example"]
    assert "as a programme manager." in bodies["tunde@icb.example"]
    assert "as faculty." in bodies["harriet@icb.example"]
    assert "Harriet Test is now faculty." in page


def test_an_organisations_places_are_explained_as_places_for_its_staff(client, db):
    """ "Places" is also the menu's word for local areas; on this form it is a number."""
    from .factories import give_totp

    cohort = CohortFactory()
    office = UserFactory(is_staff=True)
    give_totp(office)
    client.force_login(office)
    page = client.get(reverse("programmes:organisations", args=[cohort.pk])).content.decode()
    assert "How many of its staff can take part in this cohort." in page


def test_the_line_manager_is_greeted_by_the_name_the_applicant_gave(
    client, db, django_capture_on_commit_callbacks
):
    from django.core import mail

    from .factories import submitted_application

    cohort = CohortFactory()
    with django_capture_on_commit_callbacks(execute=True):
        submitted_application(
            cohort,
            UserFactory(first_name="Amara"),
            line_manager_name="Grace Whitfield",
            line_manager_email="grace@trust.example",
        )
    request = next(m for m in mail.outbox if m.to == ["grace@trust.example"])
    assert request.body.startswith("Hello Grace Whitfield,")
