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


@pytest.mark.django_db
def test_a_new_account_is_asked_for_a_name_before_anything_else(client):
    """Without it every list, email and partner page would show an email address."""
    client.post(reverse("account_signup"), {"email": "amina.hussain@vcse.example"})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE)
    response = client.post(reverse("account_email_verification_sent"), {"code": code.group(1)})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:details"))
    details = client.get(response.url).content.decode()
    assert "Tell us your name" in details

    response = client.post(
        reverse("accounts:details") + "?next=/",
        {"first_name": "", "last_name": "Hussain", "next": "/"},
    )
    assert "Enter your first name" in response.content.decode()
    response = client.post(
        reverse("accounts:details"),
        {"first_name": " Amina ", "last_name": "Hussain", "preferred_name": "Mina",
         "pronouns": "she/her", "next": "https://elsewhere.example/"},
    )  # fmt: skip
    assert response.url == "/"  # never sent off-site
    home = client.get(reverse("home")).content.decode()
    assert "Amina Hussain" in home and "amina.hussain@" not in home.split("<main")[1]
    user = response.wsgi_request.user
    user.refresh_from_db()
    assert (user.first_name, user.get_short_name(), user.pronouns) == ("Amina", "Mina", "she/her")


@pytest.mark.django_db
def test_people_can_change_their_name_later(client):
    ade = UserFactory(first_name="Ade", last_name="Bello")
    client.force_login(ade)
    page = client.get(reverse("accounts:details")).content.decode()
    assert "Your details" in page and 'value="Ade"' in page
    client.post(reverse("accounts:details"), {"first_name": "Adebayo", "last_name": "Bello"})
    ade.refresh_from_db()
    assert ade.get_full_name() == "Adebayo Bello"


@pytest.mark.django_db(transaction=True)
def test_adding_an_authenticator_shows_the_recovery_codes_without_asking_again(client):
    """Real commits, as in production: allauth says an authenticator was added on commit."""
    from allauth.mfa.models import Authenticator

    staff = UserFactory(is_staff=True)
    code = request_code(client, staff.email)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)}, follow=True)
    assert response.wsgi_request.path == reverse("mfa_view_recovery_codes")
    page = response.content.decode()
    codes = Authenticator.objects.get(user=staff, type="recovery_codes").wrap().get_unused_codes()
    assert codes and all(code in page for code in codes)  # in the box, not only in a download


@pytest.mark.django_db
def test_account_connections_say_why_there_is_nothing_to_connect(client):
    """With no single sign-on set up, the page explains, not an empty 'connect' heading."""
    client.force_login(UserFactory())
    page = client.get(reverse("socialaccount_connections")).content.decode()
    assert "has not set up signing in with another account" in page
    assert "Connect another account" not in page
