"""Every page, for every kind of person, at a laptop's width and at 320 CSS pixels.

The role matrix (``tests/roles.py``) says which pages each person may open. This test opens
each of them as that person, in one browser with one context per person (signed in once).
Each page has a title of its own and one main heading, and passes axe (WCAG 2.2 A and AA)
at 1280 px and again at 320 px, where it must not scroll sideways (WCAG 1.4.10 reflow).
Downloads (PDFs, CSVs, calendar files) and the fragments that progress pages fetch are not
pages, and are skipped. The sign-in and security pages django-allauth draws are crawled the
same way, from their own table (``ACCOUNT_PAGES``), in a test of their own.
"""

import contextlib
import re

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse
from django.utils.module_loading import import_string
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ..roles import ACCOUNT_PAGES, MATRIX, PEOPLE
from .conftest import WCAG_22_AA, _axe

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 720}
FITS = "width => document.documentElement.scrollWidth <= width"


def pages_by_person(cast, matrix=MATRIX) -> dict[str, list[tuple[str, str]]]:
    """For each person, the (view, path) of every page they may open. Each view's objects are
    made once, before any page is opened, so every person sees the same ones."""
    paths = {
        view: reverse(view, args=case.args(cast))
        for view, case in sorted(matrix.items())
        if case.method == "get" and 200 in case.expected.values()
    }
    return {
        person: [
            (view, path) for view, path in paths.items() if matrix[view].expected[person] == 200
        ]
        for person in PEOPLE
    }


def signed_in_context(browser, base_url: str, user):
    """A browser context with ``user`` signed in, through a session made on the server."""
    context = browser.new_context(base_url=base_url, viewport=WIDE)
    if user is not None:
        session = import_string(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url}]
        )
    return context


# Words that keep a capital inside a sentence-case heading, label or button.
PROPER = {"Mutuality", "NHSmail", "I"}


def title_case_words(text: str) -> list[str]:
    """Words after the first that have a capital they should not ("Sign In")."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    return [w for w in words[1:] if w[0].isupper() and not w.isupper() and w not in PROPER]


def sentence_case_problems(page) -> list[str]:
    texts = [page.title().split(" – ")[0].removeprefix("Error: ")]
    # Each text without its tags: a tag ("Primary") is a label of its own.
    texts += page.eval_on_selector_all(
        "main :is(h1, h2, h3, label, legend, button)",
        """els => els.map(el => {
            const copy = el.cloneNode(true);
            copy.querySelectorAll('.nhsuk-tag').forEach(tag => tag.remove());
            return copy.textContent.replace(/\\s+/g, ' ').trim();
        }).filter(Boolean)""",
    )
    return [
        f"not sentence case: {text!r} ({', '.join(wrong)})"
        for text in texts
        if (wrong := title_case_words(text))
    ]


def axe_violations(page) -> str:
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]},
    )
    return results.generate_report() if results.violations_count else ""


def crawl(browser, live_server, cast, pages_for, *, sentence_case: bool = False):
    """Open every page as its person at both widths; return the problems and how many pages
    were checked."""
    problems: list[str] = []
    is_page: dict[str, bool] = {}
    checked = 0
    for person, pages in pages_for.items():
        context = signed_in_context(browser, live_server.url, cast.person(person))
        page = context.new_page()
        page.set_default_timeout(15_000)
        titles: dict[str, str] = {}
        for view, path in pages:
            if view not in is_page:
                probe = context.request.get(path, max_redirects=0)
                kind = probe.headers.get("content-type", "")
                is_page[view] = kind.startswith("text/html") and "<html" in probe.text()
            if not is_page[view]:
                continue
            where = f"{view} as {person} ({path})"
            page.set_viewport_size(WIDE)
            response = page.goto(path)
            if response.status != 200 or page.url != live_server.url + path:
                problems.append(f"{where}: {response.status} at {page.url}")
                continue
            # Different pages have different titles, so people know where they are.
            title = page.title()
            if titles.setdefault(title, view) != view:
                problems.append(f"{where}: same title as {titles[title]}: {title!r}")
            if page.locator("h1").count() != 1:
                problems.append(f"{where}: {page.locator('h1').count()} main headings")
            if report := axe_violations(page):
                problems.append(f"{where} at 1280 px:\n{report}")
            if sentence_case:
                problems += [f"{where}: {problem}" for problem in sentence_case_problems(page)]
            page.set_viewport_size(NARROW)
            # The header's script folds its links into "More" when the width changes: give
            # it a moment, as a phone's page has from the start.
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_function(FITS, arg=NARROW["width"], timeout=3_000)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                problems.append(f"{where}: {width} px wide at 320 px")
            if report := axe_violations(page):
                problems.append(f"{where} at 320 px:\n{report}")
            checked += 1
        context.close()
    return problems, checked


def test_every_page_for_every_person_at_1280_and_320_pixels(browser, live_server, cast):
    problems, checked = crawl(browser, live_server, cast, pages_by_person(cast))
    # Every kind of page was reached: the crawl cannot pass by opening nothing.
    assert checked > 200, f"only {checked} pages checked"
    assert not problems, f"{len(problems)} problems:\n\n" + "\n\n".join(problems)


def test_sign_in_and_security_pages_for_every_person(browser, live_server, cast):
    """Titles must differ among these pages too, and each must pass on its own. allauth
    writes in Title Case, so these pages are also checked for sentence case."""
    problems, checked = crawl(
        browser, live_server, cast, pages_by_person(cast, ACCOUNT_PAGES), sentence_case=True
    )
    assert checked > 50, f"only {checked} pages checked"
    assert not problems, f"{len(problems)} problems:\n\n" + "\n\n".join(problems)
