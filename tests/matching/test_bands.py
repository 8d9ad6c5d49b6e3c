"""Band and grade strings become comparable levels; gaps read as plain English."""

from __future__ import annotations

import pytest

from mutuality.matching.bands import gap_label, level_label, seniority_level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Band 5", 5),
        ("band 7", 7),
        ("AfC Band 8a", 8),
        ("8B", 9),
        ("8c", 10),
        ("Band 8d", 11),
        ("Band 9", 12),
        ("VSM", 13),
        ("b6", 6),
        ("LG9", 9),
        ("Grade 11", 11),
        ("Head of Service", 10),
        ("Consultant", 10),
        ("ST5", 7),
        ("FY1", 5),
    ],
)
def test_recognised(text: str, level: int) -> None:
    assert seniority_level(text) == level


@pytest.mark.parametrize("text", ["other", "", None, "Band 8", "Band 12", "intern", "8e"])
def test_unrecognised_is_none_so_the_caller_decides(text: str | None) -> None:
    assert seniority_level(text) is None


def test_sub_bands_count_as_steps() -> None:
    assert seniority_level("8b") - seniority_level("Band 7") == 2


def test_gap_labels() -> None:
    assert gap_label(3) == "a three-band gap"
    assert gap_label(1) == "a one-band gap"
    assert gap_label(8) == "an eight-band gap"
    assert gap_label(0) == "the same band"
    assert gap_label(-2).startswith("a two-band gap")
    assert level_label(9) == "Band 8b"
