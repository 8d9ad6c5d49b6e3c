"""Setting up an authenticator app without scanning the QR code: keyboard users copy the
secret with a button, since they cannot select text on the page."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from ..factories import UserFactory
from .test_crawl import signed_in_context

pytestmark = pytest.mark.django_db(transaction=True)


def test_keyboard_users_copy_the_authenticator_secret(browser, live_server):
    person = UserFactory(email="ade@trust.example")
    EmailAddress.objects.filter(user=person).update(verified=True)
    context = signed_in_context(browser, live_server.url, person)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto("/accounts/2fa/totp/activate/")
    secret = page.get_by_test_id("authenticator-secret").inner_text().strip()
    assert len(secret) >= 16

    copy = page.get_by_role("button", name="Copy the secret")
    copy.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    context.close()
