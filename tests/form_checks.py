"""What every re-rendered form page must show: checked by reading the HTML the way a browser
would, with the standard library's parser (no scraping library needed)."""

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser


@dataclass
class ErrorPage:
    title: str = ""
    summary_links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    summary_module: bool = False
    ids: set[str] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)  # name -> value shown in the form
    inline: list[str] = field(default_factory=list)  # the messages beside the fields


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ErrorPage()
        self._in_title = False
        self._summary_depth = 0
        self._message_depth = 0
        self._depth = 0
        self._link: str | None = None
        self._link_text = ""
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag not in {"input", "br", "img", "meta", "link", "hr"}:
            self._depth += 1
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag == "title":
            self._in_title = True
        if "nhsuk-error-summary" in a.get("class", "").split():
            self.page.summary_module = a.get("data-module") == "nhsuk-error-summary"
            self._summary_depth = self._depth
        if "nhsuk-error-message" in a.get("class", "").split():
            self._message_depth = self._depth
            self.page.inline.append("")
        if tag == "a" and self._summary_depth:
            self._link, self._link_text = a.get("href", ""), ""
        if tag == "input" and a.get("name") and a.get("type") not in {"hidden", "submit"}:
            if a.get("type") in {"radio", "checkbox"}:
                if "checked" in a:
                    self.page.values[a["name"]] = a.get("value", "")
            else:
                self.page.values[a["name"]] = a.get("value", "")
        if tag == "textarea":
            self._textarea = a.get("name")
            self.page.values[self._textarea or ""] = ""

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "a" and self._link is not None:
            self.page.summary_links.append((self._link, " ".join(self._link_text.split())))
            self._link = None
        if tag == "textarea":
            self._textarea = None
        if self._message_depth and self._depth == self._message_depth:
            self._message_depth = 0
        if self._summary_depth and self._depth == self._summary_depth:
            self._summary_depth = 0
        self._depth -= 1

    def handle_data(self, data):
        if self._in_title:
            self.page.title += data
        if self._link is not None:
            self._link_text += data
        if self._message_depth:
            self.page.inline[-1] += data
        if self._textarea:
            self.page.values[self._textarea] += data


def read(html: str) -> ErrorPage:
    reader = _Reader()
    reader.feed(html)
    reader.page.title = " ".join(unescape(reader.page.title).split())
    return reader.page


GENERIC = re.compile(r"This field is required|Enter a valid|Ensure this value", re.I)


def assert_error_page(html: str, *, kept: dict[str, str] | None = None) -> ErrorPage:
    """The page has an NHS error summary the frontend will focus, whose links each land on a
    field on the page and say what is wrong; its title starts "Error: "; what was typed is
    still there."""
    page = read(html)
    assert page.title.startswith("Error: "), page.title
    assert page.summary_module, "no NHS error summary (data-module) on the page"
    assert page.summary_links, "the error summary lists no errors"
    for href, text in page.summary_links:
        assert href.startswith("#") and href[1:] in page.ids, f"{href} points at nothing"
        assert text and not GENERIC.search(text), f"generic message: {text!r}"
    for text in page.inline:
        assert not GENERIC.search(text), f"generic message beside a field: {text!r}"
    for name, value in (kept or {}).items():
        assert page.values.get(name) == value, f"{name}: {page.values.get(name)!r} != {value!r}"
    return page
