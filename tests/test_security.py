"""Secrets and sessions: guess limits shared by every worker, authenticator secrets sealed at
rest and kept out of the admin, timeouts, headers, and the password pages switched off."""

import base64
import hashlib
import importlib
import json
import logging
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import include, path, reverse

from mutuality.accounts import mfa
from mutuality.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from mutuality.accounts.signin_limits import lift_lockout

from .factories import UserFactory, give_totp
from .test_accounts import request_code, totp_now

pytestmark = pytest.mark.django_db

WRONG = "ZZZZ-ZZZZ"


def confirm(client, code, **extra):
    return client.post(reverse("account_confirm_login_code"), {"code": code}, **extra)


def wrong_totp(secret: str) -> str:
    right = totp_now(secret)
    return "000000" if right != "000000" else "111111"


@pytest.fixture
def many_tries_per_code(settings):
    # allauth drops an emailed code after a few wrong tries; let one code take them all so
    # the account-wide count is what is tested.
    settings.ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 50


# Guess limits


def test_the_eleventh_wrong_emailed_code_is_refused_even_when_right(client, many_tries_per_code):
    UserFactory(email="ade@trust.example")
    code = request_code(client, "ade@trust.example")
    for _ in range(10):
        response = confirm(client, WRONG)
        assert b"Incorrect code" in response.content
    response = confirm(client, code)
    assert not response.wsgi_request.user.is_authenticated
    assert b"Too many failed login attempts" in response.content


def test_wrong_codes_are_counted_in_the_shared_cache(client, many_tries_per_code):
    """The count lives in Django's cache (the database by default), which every worker
    shares; a per-process count is what let 135 guesses through."""
    user = UserFactory(email="ade@trust.example")
    request_code(client, user.email)
    for _ in range(3):
        confirm(client, WRONG)
    entries = [key for key in _cache_keys() if "wrong_code_account" in key]
    assert entries, "wrong codes must be counted in the shared cache"


def _cache_keys() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM mutuality_cache")
        return [row[0] for row in cursor.fetchall()]


def test_a_right_code_does_not_count_against_the_person(client, many_tries_per_code):
    UserFactory(email="ade@trust.example")
    code = request_code(client, "ade@trust.example")
    for _ in range(9):
        confirm(client, WRONG)
    assert confirm(client, code, follow=True).wsgi_request.user.is_authenticated
    client.post(reverse("account_logout"))
    # Nine wrong and one right: a second right code still works.
    code = request_code(client, "ade@trust.example")
    assert confirm(client, code, follow=True).wsgi_request.user.is_authenticated


def test_wrong_authenticator_codes_share_the_same_limit(client, many_tries_per_code):
    office = UserFactory(email="office@icb.example", is_staff=True)
    secret = give_totp(office)
    code = request_code(client, office.email)
    for _ in range(4):
        confirm(client, WRONG)
    assert confirm(client, code).url == reverse("mfa_authenticate")
    for _ in range(6):
        response = client.post(reverse("mfa_authenticate"), {"code": wrong_totp(secret)})
        assert b"Incorrect code" in response.content
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_the_office_lifts_a_lockout_from_the_admin(client, many_tries_per_code):
    UserFactory(email="ade@trust.example")
    code = request_code(client, "ade@trust.example")
    for _ in range(10):
        confirm(client, WRONG)
    assert b"Too many failed" in confirm(client, code).content

    office = UserFactory(email="office@icb.example", is_staff=True)
    give_totp(office)
    admin = type(client)()
    admin.force_login(office)
    listing = admin.get("/admin/accounts/user/")
    assert b"Locked out of signing in" in listing.content
    person = office.__class__.objects.get(email="ade@trust.example")
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "lift_sign_in_lockout", "_selected_action": [person.pk]},
        follow=True,
    )
    assert b"1 person may try signing in again" in response.content

    response = confirm(client, code, follow=True)
    assert response.wsgi_request.user.email == "ade@trust.example"


def test_lifting_also_clears_allauths_own_counts(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,10/5m/key"}
    office = UserFactory(email="office@icb.example", is_staff=True)
    secret = give_totp(office)
    code = request_code(client, office.email)
    confirm(client, code)
    for _ in range(10):
        client.post(reverse("mfa_authenticate"), {"code": wrong_totp(secret)})
    lift_lockout(office)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)}, follow=True)
    assert response.wsgi_request.user == office


def test_the_address_limit_uses_the_client_behind_trusted_proxies(client, settings):
    """Behind a proxy every request comes from the proxy; with the proxy trusted, one
    client's wrong codes lock out that client only."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.MUTUALITY_WRONG_CODES_PER_ADDRESS = 6
    guesser = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "10.0.0.2"}
    other = {"HTTP_X_FORWARDED_FOR": "198.51.100.4", "REMOTE_ADDR": "10.0.0.2"}

    def start(email, headers):
        browser = type(client)(**headers)
        UserFactory(email=email)
        browser.post(reverse("account_request_login_code"), {"email": email})
        body = mail.outbox[-1].body
        return browser, re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", body, re.MULTILINE)[1]

    for n in range(3):  # two wrong codes for each of three accounts
        browser, _ = start(f"p{n}@trust.example", guesser)
        for _ in range(2):
            assert b"Incorrect code" in confirm(browser, WRONG).content
    browser, code = start("last@trust.example", guesser)
    response = confirm(browser, code, follow=True)
    assert not response.wsgi_request.user.is_authenticated
    assert b"Too many failed login attempts" in response.content

    # Someone else behind the same proxy is not locked out.
    browser, code = start("bea@trust.example", other)
    response = confirm(browser, code, follow=True)
    assert response.wsgi_request.user.email == "bea@trust.example"


# Authenticator secrets


def test_authenticator_secrets_are_sealed_at_rest():
    user = UserFactory()
    secret = give_totp(user)
    RecoveryCodes.activate(user)
    totp = Authenticator.objects.get(user=user, type="totp")
    codes = Authenticator.objects.get(user=user, type="recovery_codes")
    assert totp.data["secret"].startswith(mfa.PREFIX)
    assert secret not in json.dumps(totp.data)
    assert codes.data["seed"].startswith(mfa.PREFIX)
    assert TOTP(totp).validate_code(totp_now(secret))


def test_the_migration_seals_secrets_stored_in_clear():
    user = UserFactory()
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    totp = Authenticator.objects.create(user=user, type="totp", data={"secret": secret})
    codes = Authenticator.objects.create(
        user=user, type="recovery_codes", data={"seed": "ab" * 40, "used_mask": 0}
    )
    migration = importlib.import_module(
        "mutuality.accounts.migrations.0003_encrypt_authenticator_secrets"
    )
    migration.seal_clear_secrets(apps, None)
    migration.seal_clear_secrets(apps, None)  # running twice changes nothing more
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert totp.data["secret"].startswith(mfa.PREFIX)
    assert mfa.unseal(totp.data["secret"]) == secret
    assert mfa.unseal(codes.data["seed"]) == "ab" * 40
    assert TOTP(totp).validate_code(totp_now(secret))


def test_a_secret_planted_in_clear_is_refused():
    user = UserFactory()
    totp = Authenticator.objects.create(user=user, type="totp", data={"secret": "A" * 32})
    with pytest.raises(mfa.UnreadableSecret):
        TOTP(totp).validate_code("123456")


def test_mfa_keys_rotate(settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    user = UserFactory()
    secret = give_totp(user)
    new_key = Fernet.generate_key().decode()
    settings.MFA_KEYS = [new_key, *settings.MFA_KEYS]
    call_command("rotate_mfa_keys")
    settings.MFA_KEYS = [new_key]
    totp = Authenticator.objects.get(user=user, type="totp")
    assert TOTP(totp).validate_code(totp_now(secret))


def test_the_admin_never_shows_or_edits_authenticator_secrets(client):
    office = UserFactory(email="office@icb.example", is_staff=True, is_superuser=True)
    give_totp(office)
    person = UserFactory()
    give_totp(person)
    totp = Authenticator.objects.get(user=person, type="totp")
    client.force_login(office)
    page = client.get(f"/admin/mfa/authenticator/{totp.pk}/change/")
    assert page.status_code == 200
    assert totp.data["secret"].encode() not in page.content
    assert b'name="data"' not in page.content
    client.post(f"/admin/mfa/authenticator/{totp.pk}/change/", {"data": '{"secret": "X"}'})
    totp.refresh_from_db()
    assert totp.data["secret"].startswith(mfa.PREFIX)
    # The office can still remove a lost app.
    response = client.post(f"/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=totp.pk).exists()


# Sessions


def test_signed_in_after_idle_time_signs_out(client, settings):
    settings.MUTUALITY_IDLE_SECONDS = 30 * 60
    person = UserFactory()
    client.force_login(person)
    assert client.get(reverse("home")).wsgi_request.user.is_authenticated
    session = client.session
    session[LAST_SEEN_AT] = time.time() - 31 * 60
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_request_login_code"))
    page = client.get(response.url)
    assert not page.wsgi_request.user.is_authenticated
    assert b"signed out after 30 minutes without activity" in page.content


def test_activity_keeps_a_sign_in_alive_until_the_day_limit(client, settings):
    person = UserFactory()
    client.force_login(person)
    client.get(reverse("home"))
    session = client.session
    session[LAST_SEEN_AT] = time.time() - 29 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_COOKIE_AGE - 1
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_signed_in_pages_are_never_stored(client):
    assert "no-store" not in client.get(reverse("privacy")).get("Cache-Control", "")
    client.force_login(UserFactory())
    for url in (reverse("home"), reverse("privacy")):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_messages_never_travel_in_a_cookie(client):
    UserFactory(email="ade@trust.example")
    code = request_code(client, "ade@trust.example")
    response = confirm(client, code, follow=True)
    assert response.wsgi_request.user.is_authenticated
    for cookie in client.cookies.values():
        assert "ade@trust.example" not in cookie.value
        assert "ade%40trust.example" not in cookie.value
    assert "messages" not in client.cookies


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/key/1-abc/",
        "/accounts/password/change/",
        "/accounts/password/set/",
    ],
)
def test_password_pages_do_not_exist(client, url):
    assert client.get(url).status_code == 404


# Pages anyone may open; everything else asks them to sign in first


@pytest.mark.parametrize(
    "url", ["/", "/privacy/", "/accessibility/", "/accounts/login/code/", "/accounts/signup/"]
)
def test_public_pages_need_no_sign_in(client, url):
    assert client.get(url).status_code == 200


def test_a_line_managers_link_needs_no_sign_in(client):
    response = client.get(reverse("applications:approve", args=["not-a-real-token"]))
    assert response.status_code in (200, 404)
    assert not response.get("Location", "").startswith("/accounts/")


def _plain_page(request):
    return HttpResponse("Someone's personal information")


# A view with no decorator of its own, to show the middleware guards anything new.
urlpatterns = [path("plain-page/", _plain_page), path("", include("mutuality.urls"))]


@pytest.mark.urls("tests.test_security")
def test_pages_not_marked_public_send_people_to_sign_in(client):
    response = client.get("/plain-page/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_request_login_code"))
    client.force_login(UserFactory())
    assert client.get("/plain-page/").status_code == 200


# Headers and logs


def test_content_security_policy_allows_only_our_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy)[1]
    assert "unsafe-inline" not in script_src
    assert "frame-ancestors 'none'" in policy
    inline = re.findall(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", response.content, re.S)
    assert inline, "the NHS.UK js-enabled line is expected on every page"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


def test_every_response_carries_a_request_id_that_the_logs_also_carry(client, caplog):
    from mutuality.core.requestid import JsonFormatter, RequestIdFilter

    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-such-page/")
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == request_id
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == request_id
    assert line["level"] == "WARNING"
    assert "/no-such-page/" in line["message"]

    assert client.get("/")["X-Request-ID"] != request_id
    # A proxy's own id is kept when it looks like one; anything else is replaced.
    assert client.get("/", HTTP_X_REQUEST_ID="proxy-id-12345")["X-Request-ID"] == "proxy-id-12345"
    assert client.get("/", HTTP_X_REQUEST_ID="bad id; x")["X-Request-ID"] != "bad id; x"


def test_cache_is_shared_through_the_database_by_default(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    cache.set("shared-check", 1)
    assert "shared-check" in "".join(_cache_keys())


# Authenticator apps: offered to everyone, required for staff


def test_participants_are_offered_an_authenticator_app_and_can_add_one(client):
    person = UserFactory(email="ade@trust.example")
    code = request_code(client, person.email)
    page = confirm(client, code, follow=True)
    assert b"Add an authenticator app" in page.content
    assert reverse("mfa_activate_totp").encode() in page.content
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200
    secret = setup.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=person, type="totp").exists()
    assert b"Add an authenticator app" not in client.get(reverse("home")).content


def test_a_participant_with_an_app_is_asked_for_it_at_sign_in(client):
    person = UserFactory(email="ade@trust.example")
    secret = give_totp(person)
    code = request_code(client, person.email)
    assert confirm(client, code).url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)}, follow=True)
    assert response.wsgi_request.user == person


def test_confirming_it_is_still_you_shares_the_limit(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        "login_failed": "100/m/ip,100/5m/key",
        "reauthenticate": "100/m/user",
    }
    office = UserFactory(email="office@icb.example", is_staff=True)
    secret = give_totp(office)
    client.force_login(office)
    for _ in range(10):
        response = client.post(reverse("mfa_reauthenticate"), {"code": wrong_totp(secret)})
        assert b"Incorrect code" in response.content
    response = client.post(reverse("mfa_reauthenticate"), {"code": totp_now(secret)})
    assert b"Too many failed login attempts" in response.content


def test_too_many_requests_get_a_page_in_plain_words(client):
    office = UserFactory(email="office@icb.example", is_staff=True)
    secret = give_totp(office)
    client.force_login(office)
    for _ in range(10):
        client.post(reverse("mfa_reauthenticate"), {"code": wrong_totp(secret)})
    response = client.post(reverse("mfa_reauthenticate"), {"code": wrong_totp(secret)})
    assert response.status_code == 429
    assert b"Too many tries" in response.content
    assert b"nhsuk-header" in response.content
