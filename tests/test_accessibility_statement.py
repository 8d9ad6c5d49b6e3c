"""The accessibility statement has the parts the Public Sector Bodies Accessibility
Regulations ask for, and names the contact the service is configured with."""

import re

from django.urls import reverse


def statement(client) -> str:
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_statement_says_how_compliant_the_service_is_and_what_fails(client, db):
    text = statement(client)
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2" in text
    for criterion in ["1.4.4 (resize text)", "1.1.1"]:
        assert f"success criterion {criterion}" in text
    # Idle sign-out warns first and lets people stay signed in, so it is no longer a failure.
    assert "2.2.1" not in text


def test_the_statement_says_how_the_service_was_tested(client, db):
    text = statement(client)
    assert "axe-core against WCAG 2.2 levels A and AA" in text
    assert "1280 pixels wide" in text and "320 pixels wide" in text


def test_the_statement_gives_the_enforcement_procedure_and_dates(client, db):
    text = statement(client)
    assert "Equality and Human Rights Commission" in text
    assert "Equality Commission for Northern Ireland" in text
    assert "Equality Advisory and Support Service" in text
    assert re.search(r"prepared on \d{1,2} \w+ \d{4}", text)
    assert re.search(r"last reviewed on \d{1,2} \w+ \d{4}", text)


def test_problems_and_other_formats_go_to_the_configured_contact(client, db, settings):
    settings.ACCESSIBILITY_CONTACT = "access@icb.example"
    response = client.get(reverse("accessibility"))
    html = response.content.decode()
    assert html.count('href="mailto:access@icb.example"') == 2
    text = statement(client)
    assert "in a different format" in text and "Reporting accessibility problems" in text


def test_the_contact_is_the_programme_office_unless_set_and_the_statement_says_who_runs_it(
    client, db, settings
):
    # The demo's default: the programme office's mailbox, never the sender's address.
    assert settings.ACCESSIBILITY_CONTACT == settings.PRIVACY_OFFICE_CONTACT
    assert "localhost" not in statement(client)
    settings.PRIVACY_CONTROLLERS = ["Northmere ICB", "Wyndale Council"]
    assert "This service is run by Northmere ICB and Wyndale Council." in statement(client)
    assert "not within the scope of the accessibility regulations" in statement(client)
