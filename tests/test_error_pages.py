"""Page not found, not allowed and "problem with the service" are the service's own pages,
in demo mode (where DEBUG is on) as in production: never Django's debug pages."""

import re

import pytest
from django.test import override_settings
from django.urls import path

from mutuality.urls import urlpatterns as project_urls

from .factories import UserFactory


def broken_view(request):
    raise RuntimeError("the database went away")


urlpatterns = [*project_urls, path("broken/", broken_view)]


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.parametrize("debug", [True, False])
def test_an_address_nobody_serves_gets_the_services_page_not_found(client, db, settings, debug):
    settings.DEBUG = debug
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert title(response) == "Page not found – Mutuality"
    assert "nhsuk-header" in html and "Go to your home page" in html
    assert "Django" not in html and "urlpatterns" not in html


@pytest.mark.parametrize("debug", [True, False])
def test_something_a_view_does_not_find_gets_the_same_page(client, db, settings, debug):
    settings.DEBUG = debug
    client.force_login(UserFactory())
    response = client.get("/cohorts/999999/")
    assert response.status_code == 404
    assert title(response) == "Page not found – Mutuality"
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("debug", [True, False])
def test_a_page_someone_may_not_use_says_so(client, db, settings, cast, debug):
    settings.DEBUG = debug
    client.force_login(cast.aspiring)
    response = client.get(f"/cohorts/{cast.cohort.pk}/edit/")
    assert response.status_code == 403
    assert title(response) == "You cannot use this page – Mutuality"


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("debug", [True, False])
def test_an_error_gets_the_services_apology_and_the_log_gets_the_traceback(
    client, db, settings, caplog, debug
):
    settings.DEBUG = debug
    client.raise_request_exception = False
    client.force_login(UserFactory())
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert title(response) == "Sorry, there is a problem with the service – Mutuality"
    assert "nhsuk-header" in html and "Try again later." in html
    assert "the database went away" not in html and "Traceback" not in html
    assert "the database went away" in caplog.text
