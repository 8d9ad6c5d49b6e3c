"""PDFs a person downloads are tagged (PDF/UA-1), so a screen reader can read them: the
report and the steering group's meeting pack (all PDFs are drawn by one function) carry their
title and language, mark their headings, and mark their tables' header cells."""

import re
import shutil
import subprocess
import zlib

import pytest
from django.urls import reverse

from .test_evaluation import evaluated  # noqa: F401 - a fixture the tests below use

pytestmark = pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="needs pdfinfo (poppler-utils)"
)


def pdfinfo(content: bytes, *options: str) -> str:
    return subprocess.run(  # noqa: S603 - a fixed local tool on our own PDF
        [shutil.which("pdfinfo"), *options, "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def catalogue_language(content: bytes) -> str | None:
    """The document's /Lang entry, looked for in the file and in its compressed streams."""
    chunks = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue
    for chunk in chunks:
        found = re.search(rb"/Lang \(([^)]*)\)", chunk)
        if found:
            return found.group(1).decode()
    return None


def assert_tagged(content: bytes, title: str) -> str:
    info = pdfinfo(content)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.MULTILINE), info
    assert 'pdfuaid:part="1"' in pdfinfo(content, "-meta")
    assert catalogue_language(content) == "en-GB"
    structure = pdfinfo(content, "-struct")
    assert re.search(r"^\s*H1\b", structure, re.MULTILINE), structure[:2000]
    assert re.search(r"^\s*H2\b", structure, re.MULTILINE), structure[:2000]
    assert re.search(r"^\s*TH\b", structure, re.MULTILINE), structure[:2000]
    return structure


def test_the_cohort_report_is_a_tagged_pdf(client, evaluated):  # noqa: F811
    client.force_login(evaluated.steering)
    response = client.get(reverse("evaluation:cohort_pdf", args=[evaluated.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert_tagged(
        response.content,
        f"Evaluation report – {evaluated.programme.name}, {evaluated.name}",
    )


def test_the_meeting_pack_is_a_tagged_pdf(client, cast):
    client.force_login(cast.steering)
    programme = cast.cohort.programme
    response = client.get(reverse("steering:pack", args=[programme.slug]))
    assert response["Content-Type"] == "application/pdf"
    info = pdfinfo(response.content)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    assert f"{programme.name}: steering group meeting pack" in info
    assert catalogue_language(response.content) == "en-GB"
    assert re.search(r"^\s*H1\b", pdfinfo(response.content, "-struct"), re.MULTILINE)
