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


def test_the_office_in_an_empty_system_is_told_where_to_start(client, db):
    from .factories import UserFactory, give_totp

    office = UserFactory(email="office@icb.example", is_staff=True)
    give_totp(office)
    client.force_login(office)
    page = client.get(reverse("home")).content.decode()
    assert "No cohorts are running or being set up yet" in page
    assert reverse("organisations:places") in page and reverse("programmes:list") in page
    # Not the words for someone waiting to be added to a programme.
    assert "the programme office will add you" not in page
