"""WCAG 2.2.1: before signing someone out for being idle, the service warns them and lets
them stay signed in. The idle limit is shortened to 20 seconds here; in use it is 30 minutes
with the warning 2 minutes before."""

import re
import time

import pytest
from playwright.sync_api import expect

from ..factories import UserFactory
from .conftest import WCAG_22_AA, _axe
from .test_crawl import signed_in_context

pytestmark = pytest.mark.django_db(transaction=True)


def test_warning_before_idle_sign_out_lets_people_stay(browser, live_server, settings):
    # The warning comes 10 seconds before: time for axe on a busy machine.
    settings.MUTUALITY_IDLE_SECONDS = 20
    person = UserFactory(email="quiet@trust.example", first_name="Quinn")
    context = signed_in_context(browser, live_server.url, person)
    page = context.new_page()
    page.goto("/your-details/")
    loaded = time.monotonic()
    warning = page.get_by_role("dialog", name="You're about to be signed out")
    expect(warning).to_be_hidden()

    # The warning opens by itself, takes focus and says how long is left.
    expect(warning).to_be_visible(timeout=20_000)
    stay = warning.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    expect(warning).to_contain_text(re.compile(r"sign you out in \d seconds?"))
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()

    # Staying signed in by keyboard closes it and resets the server's clock: after the
    # first limit has passed, the person is still signed in.
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    assert page.url.endswith("/your-details/")
    page.wait_for_timeout(max(0, loaded + 21 - time.monotonic()) * 1000)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")

    # Escape stays signed in too.
    expect(warning).to_be_visible(timeout=20_000)
    page.keyboard.press("Escape")
    expect(warning).to_be_hidden()
    assert page.url.endswith("/your-details/")

    # Doing nothing: the warning comes back, then the person is signed out.
    expect(warning).to_be_visible(timeout=20_000)
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible(timeout=20_000)
    page.goto("/your-details/")
    assert "/accounts/login/" in page.url
    context.close()
