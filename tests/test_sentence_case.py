"""The sign-in and security pages drawn by django-allauth use sentence case, as the rest
of the service does ("Sign out", not "Sign Out")."""

from django.urls import reverse

from .factories import UserFactory


def test_sign_out_page_is_in_sentence_case(client, db):
    client.force_login(UserFactory(email="ade@trust.example"))
    html = client.get(reverse("account_logout")).content.decode()
    assert "Sign out" in html
    assert "Sign Out" not in html


def test_sign_in_code_page_is_in_sentence_case(client, db):
    UserFactory(email="ade@trust.example")
    client.post(reverse("account_request_login_code"), {"email": "ade@trust.example"})
    html = client.get(reverse("account_confirm_login_code")).content.decode()
    assert "Enter sign-in code" in html
    assert "Sign-In" not in html and "Sign In" not in html
