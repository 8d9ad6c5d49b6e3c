"""Browser tests: Debian's Chromium through Playwright, against a live server, with an axe
check of every page a test visits."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from mutuality.demo.models import OutboxMessage

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _emails_to_the_demo_outbox(settings):
    """A newcomer reads their sign-in code in the outbox; so do the browser tests."""
    settings.MAILERS = {"default": {"BACKEND": "mutuality.demo.mail.OutboxBackend"}}
    settings.DEMO = True


class Journey:
    """A person's path through the service. Each step that lands on a page checks it with
    axe; ``assert_every_page_checked`` then proves no page was missed."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.visited: list[str] = []
        self.checked: list[str] = []
        page.on("framenavigated", self._record)

    def _record(self, frame) -> None:
        if frame == self.page.main_frame:
            self.visited.append(frame.url)

    def visit(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.check_accessibility()

    def click(self, locator) -> None:
        """Follow a link or press a button that loads a new page, then check it."""
        with self.page.expect_navigation():
            locator.click()
        self.check_accessibility()

    def check_accessibility(self) -> None:
        self.page.wait_for_load_state()
        results = _axe.run(
            self.page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_22_AA},
                "resultTypes": ["violations"],
            },
        )
        self.checked.append(self.page.url)
        assert self.page.locator("h1").count() == 1, f"{self.page.url} needs one main heading"
        assert results.violations_count == 0, (
            f"Accessibility problems on {self.page.url}:\n{results.generate_report()}"
        )

    def assert_every_page_checked(self) -> None:
        missed = set(self.visited) - set(self.checked)
        assert not missed, f"Pages not checked with axe: {sorted(missed)}"

    def sign_in_by_code(self, email: str, totp_secret: str | None = None) -> None:
        """Sign in as a person would: ask for a code, read it in the outbox, type it in,
        and, for staff, give the code from their authenticator app."""
        page = self.page
        self.visit("/accounts/login/code/")
        page.get_by_label("Email").fill(email)
        self.click(page.get_by_role("button", name="Email me a code"))
        code = self.latest_email_code(email)
        self.visit("/accounts/login/code/confirm/")
        page.get_by_label("Code").fill(code)
        self.click(page.get_by_role("button", name="Confirm"))
        if totp_secret:
            now = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
            page.get_by_label("Code").fill(now)
            self.click(page.get_by_role("button", name="Continue"))

    def sign_out(self) -> None:
        self.visit("/accounts/logout/")
        self.click(self.page.get_by_role("button", name="Sign Out"))

    def latest_email_body(self, to: str, subject_contains: str) -> str:
        self.visit("/demo/outbox/")
        row = self.page.get_by_role("row").filter(has_text=to).filter(has_text=subject_contains)
        self.click(row.first.get_by_role("link"))
        return self.page.get_by_test_id("email-body").inner_text()

    def latest_email_code(self, email: str) -> str:
        """Read the sign-in code from the demo outbox page, as a newcomer would."""
        self.visit("/demo/outbox/")
        self.click(self.page.get_by_role("row", name=re.compile(email)).first.get_by_role("link"))
        body = self.page.get_by_test_id("email-body").inner_text()
        return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", body, re.MULTILINE).group(1)


@pytest.fixture
def journey(page: Page, live_server) -> Journey:
    page.set_default_timeout(10_000)
    return Journey(page, live_server.url)


def outbox_has_mail_for(email: str) -> bool:
    return OutboxMessage.objects.filter(to__contains=email).exists()


def fill_date(page: Page, legend: str, value) -> None:
    """Type a date into the NHS date input (day, month, year) whose legend is ``legend``."""
    import datetime

    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))
