"""Reports as PDF, drawn by WeasyPrint from the same figures and charts as the web page.

The print template holds its styles and charts inline, so the renderer never fetches a
thing: fetching a static file over HTTP from the server that is drawing the PDF would tie up
its only worker (docs/stack.md), and refusing every fetch also means no text in a report can make
the server request a URL.

Every PDF is tagged (PDF/UA-1): headings, lists and table headers are marked up, and the
document carries its title and language, so a screen reader can read and navigate it.
"""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


class FetchNothing(URLFetcher):
    def fetch(self, url, headers=None):
        raise ValueError(f"reports are self-contained; not fetching {url[:80]}")


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context, using="jinja2")
    return HTML(string=html, url_fetcher=FetchNothing()).write_pdf(pdf_variant="pdf/ua-1")
