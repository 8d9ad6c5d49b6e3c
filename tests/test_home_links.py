"""On the programme office's home page, each cohort link says which programme it is in:
many programmes have a cohort called "Pilot" or "2026"."""

import re

from django.urls import reverse


def test_cohort_links_name_their_programme(client, cast):
    client.force_login(cast.office)
    html = client.get(reverse("home")).content.decode()
    cohort = cast.cohort
    link = re.search(rf'<a href="{cohort.get_absolute_url()}">(.*?)</a>', html, re.DOTALL)
    assert link, "the home page links to the cohort"
    name = " ".join(re.sub(r"<[^>]+>", " ", link.group(1)).split())
    assert name == f"{cohort.name} ({cohort.programme.name})"


def test_the_office_on_a_blank_system_is_shown_how_to_start(client, db):
    """The first programme office account, on an empty system, is not told to wait for the
    programme office: it is shown where to start."""
    from tests.factories import UserFactory, give_totp

    office = UserFactory(email="first@icb.example", is_staff=True)
    give_totp(office)
    client.force_login(office)
    html = client.get(reverse("home")).content.decode()
    assert "the programme office will add you" not in html
    for name in ("organisations:places", "organisations:list", "programmes:list"):
        assert f'href="{reverse(name)}"' in html
