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
