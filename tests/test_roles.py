"""Every view, every kind of person: who gets the page, who is refused, who is not told."""

import pytest
from django.urls import reverse

from .roles import ACCOUNT_PAGES, AWAY, LOGIN, MATRIX, ONWARD, PEOPLE, account_views, project_views


@pytest.fixture
def cast(shared_cast):
    """The cast is built once for this module (per xdist worker), not once for each of the
    matrix's many tests; each test's own writes are rolled back (see tests/conftest.py)."""
    return shared_cast


def test_every_view_is_in_the_role_matrix():
    missing = project_views() - set(MATRIX)
    stale = set(MATRIX) - project_views()
    assert not missing, f"Add these views to tests/roles.py MATRIX: {sorted(missing)}"
    assert not stale, f"These matrix entries name no view: {sorted(stale)}"


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("view", sorted(MATRIX))
def test_role_matrix(client, cast, view, person):
    case = MATRIX[view]
    user = cast.person(person)
    if user is not None:
        client.force_login(user)
    url = reverse(view, args=case.args(cast))
    response = getattr(client, case.method)(url)

    expected = case.expected[person]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_request_login_code"))
    elif expected == ONWARD:
        assert response.status_code == 302
        assert not response.url.startswith("/accounts/")
    else:
        assert response.status_code == expected, f"{view} as {person}"


def test_every_sign_in_and_security_page_is_in_the_table():
    missing = account_views() - set(ACCOUNT_PAGES)
    stale = set(ACCOUNT_PAGES) - account_views()
    assert not missing, f"Add these pages to tests/roles.py ACCOUNT_PAGES: {sorted(missing)}"
    assert not stale, f"These ACCOUNT_PAGES entries name no page: {sorted(stale)}"


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("view", sorted(ACCOUNT_PAGES))
def test_sign_in_and_security_pages(client, cast, view, person):
    case = ACCOUNT_PAGES[view]
    user = cast.person(person)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(view, args=case.args(cast)))

    expected = case.expected[person]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_request_login_code"))
    elif expected == AWAY:
        assert response.status_code == 302, f"{view} as {person}"
        assert not response.url.startswith(reverse("account_request_login_code") + "?next=")
    else:
        assert response.status_code == expected, f"{view} as {person}"


@pytest.mark.parametrize("view", sorted(v for v, case in MATRIX.items() if case.method == "post"))
def test_actions_refuse_get(client, cast, view):
    """State changes only happen on POST: a link followed by a mail scanner changes nothing."""
    client.force_login(cast.office)
    response = client.get(reverse(view, args=MATRIX[view].args(cast)))
    assert response.status_code == 405


@pytest.mark.parametrize("view", ["programmes:cohort", "programmes:cohort_edit", "programmes:team"])
def test_unknown_cohort_is_not_found(client, cast, view):
    client.force_login(cast.office)
    assert client.get(reverse(view, args=[999999])).status_code == 404


def test_admin_is_for_the_programme_office_only(client, cast):
    client.force_login(cast.aspiring)
    assert client.get("/admin/").status_code == 302
    client.force_login(cast.programme_manager)
    assert client.get("/admin/programmes/cohort/").status_code == 302
    # Programme office staff manage everything there, without being superusers.
    assert not cast.office.is_superuser
    client.force_login(cast.office)
    for path in [
        "/admin/",
        "/admin/programmes/cohort/",
        "/admin/organisations/organisation/add/",
        "/admin/applications/application/",
        "/admin/applications/applicationquestion/add/",
    ]:
        assert client.get(path).status_code == 200, path
