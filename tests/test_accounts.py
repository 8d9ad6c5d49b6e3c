"""Signing in: an emailed code for everyone, an authenticator app as well for staff."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

from mutuality.programmes.models import CohortRole

from .factories import CohortFactory, UserFactory, add_role, give_totp


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def request_code(client, email: str) -> str:
    response = client.post(reverse("account_request_login_code"), {"email": email})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", body, re.MULTILINE).group(1)


@pytest.mark.django_db
def test_participant_signs_in_with_the_emailed_code(client):
    UserFactory(email="ade@trust.example", first_name="Ade")
    code = request_code(client, "ade@trust.example")
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)
    assert response.wsgi_request.user.email == "ade@trust.example"
    assert b"Hello, Ade" in response.content


@pytest.mark.django_db
def test_a_wrong_code_does_not_sign_in(client):
    UserFactory(email="ade@trust.example")
    request_code(client, "ade@trust.example")
    response = client.post(reverse("account_confirm_login_code"), {"code": "AAAAAA"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert b"There is a problem" in response.content


@pytest.mark.django_db
def test_password_form_is_never_offered(client):
    response = client.get("/accounts/login/?next=/programmes/")
    assert response.status_code == 302
    assert response.url == reverse("account_request_login_code") + "?next=/programmes/"


@pytest.mark.django_db
def test_staff_also_give_their_authenticator_code(client):
    office = UserFactory(email="office@icb.example", is_staff=True)
    secret = give_totp(office)
    code = request_code(client, office.email)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.url == reverse("mfa_authenticate")
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated

    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)}, follow=True)
    assert response.wsgi_request.user == office


@pytest.mark.django_db
@pytest.mark.parametrize("role", [CohortRole.Role.FACULTY, CohortRole.Role.PROGRAMME_MANAGER])
def test_faculty_and_managers_must_set_up_an_authenticator_first(client, role):
    person = UserFactory()
    add_role(CohortFactory(), person, role)
    client.force_login(person)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    # Once set up, they go where they meant to.
    give_totp(person)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_participants_and_steering_members_need_no_authenticator(client):
    steering = UserFactory()
    add_role(CohortFactory(), steering, CohortRole.Role.STEERING)
    client.force_login(steering)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_anyone_can_create_an_account_with_just_an_email(client):
    response = client.post(reverse("account_signup"), {"email": "new.starter@vcse.example"})
    assert response.status_code == 302
    assert "new.starter@vcse.example" in mail.outbox[-1].to
