"""The sign-in and security pages that need a step first: the code just emailed, the
authenticator code at sign-in, adding an authenticator app. The crawl cannot open them cold
(see ``ACCOUNT_PAGES`` in tests/roles.py), so this test walks to each as a person would and
checks it, and its error state, like the crawl does: axe at 1280 and 320 px, no sideways
scroll, one main heading, sentence case, and "Error:" first in the title when it shows an
error."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from ..factories import UserFactory
from .test_crawl import NARROW, WIDE, axe_violations, sentence_case_problems, signed_in_context

pytestmark = pytest.mark.django_db(transaction=True)


def check(page, problems: list[str], *, error: bool) -> None:
    where = f"{page.url} ({page.title()!r})"
    page.set_viewport_size(WIDE)
    if page.locator("h1").count() != 1:
        problems.append(f"{where}: {page.locator('h1').count()} main headings")
    if error != page.title().startswith("Error: "):
        problems.append(f"{where}: the title should {'' if error else 'not '}start 'Error: '")
    if error:
        expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    problems += [f"{where}: {problem}" for problem in sentence_case_problems(page)]
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        if report := axe_violations(page):
            problems.append(f"{where} at {viewport['width']} px:\n{report}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > NARROW["width"]:
        problems.append(f"{where}: {width} px wide at 320 px")
    page.set_viewport_size(WIDE)


def latest_code(page, base_url: str, email: str) -> str:
    page.goto(base_url + "/demo/outbox/")
    page.get_by_role("row", name=re.compile(re.escape(email))).first.get_by_role("link").click()
    body = page.get_by_test_id("email-body").inner_text()
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", body, re.MULTILINE).group(1)


def test_signing_in_by_code_and_by_authenticator_app(browser, live_server):
    problems: list[str] = []
    person = UserFactory(email="ade@trust.example")
    staff = UserFactory(email="olu@icb.example", is_staff=True)
    totp = Authenticator.objects.create(
        user=staff,
        type=Authenticator.Type.TOTP,
        data={"secret": get_mfa_adapter().encrypt("JBSWY3DPEHPK3PXP")},
    )
    assert totp.pk
    context = browser.new_context(base_url=live_server.url, viewport=WIDE)
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto("/accounts/login/code/")
    check(page, problems, error=False)
    page.get_by_role("button", name="Email me a code").click()
    check(page, problems, error=True)
    page.get_by_label("Email").fill(person.email)
    page.get_by_role("button", name="Email me a code").click()
    expect(page).to_have_url(re.compile("/accounts/login/code/confirm/"))
    check(page, problems, error=False)
    page.get_by_label("Code").fill("WRNG-CODE")
    page.get_by_role("button", name="Confirm").click()
    check(page, problems, error=True)
    code = latest_code(page, live_server.url, person.email)
    page.goto("/accounts/login/code/confirm/")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(page).not_to_have_url(re.compile("/accounts/"))
    context.close()

    # Someone whose role needs an authenticator app is asked for its code after the email's.
    context = browser.new_context(base_url=live_server.url, viewport=WIDE)
    page = context.new_page()
    page.goto("/accounts/login/code/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_role("button", name="Email me a code").click()
    code = latest_code(page, live_server.url, staff.email)
    page.goto("/accounts/login/code/confirm/")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile("/accounts/2fa/authenticate/"))
    check(page, problems, error=False)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    check(page, problems, error=True)
    now = format_hotp_value(hotp_value("JBSWY3DPEHPK3PXP", int(time.time()) // 30))
    page.get_by_label("Code").fill(now)
    page.get_by_role("button", name="Continue").click()
    expect(page).not_to_have_url(re.compile("/accounts/"))
    context.close()
    assert not problems, f"{len(problems)} problems:\n\n" + "\n\n".join(problems)


def test_creating_an_account_and_adding_an_authenticator_app(browser, live_server):
    problems: list[str] = []
    context = browser.new_context(base_url=live_server.url, viewport=WIDE)
    page = context.new_page()
    page.goto("/accounts/signup/")
    check(page, problems, error=False)
    page.locator("main").get_by_role("button").first.click()
    check(page, problems, error=True)
    context.close()

    person = UserFactory(email="ade@trust.example")
    EmailAddress.objects.filter(user=person).update(verified=True)
    context = signed_in_context(browser, live_server.url, person)
    page = context.new_page()
    titles = {}
    for path in ["/accounts/2fa/", "/accounts/2fa/totp/activate/"]:
        page.goto(path)
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        check(page, problems, error=False)
        titles.setdefault(page.title(), []).append(path)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name=re.compile("^(Activate|Add|Turn on|Save)", re.I)).click()
    check(page, problems, error=True)
    context.close()
    shared = {title: paths for title, paths in titles.items() if len(paths) > 1}
    assert not shared, f"pages share a title: {shared}"
    assert not problems, f"{len(problems)} problems:\n\n" + "\n\n".join(problems)
