"""Shared fixtures for the matching engine tests (no Django needed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def orlib_dir() -> Path | None:
    """Where the OR-Library instances live: $MUTUALITY_ORLIB, else beside the repository."""
    for candidate in (os.environ.get("MUTUALITY_ORLIB"), REPO / ".." / "shared" / "data" / "orlib"):
        if candidate and (Path(candidate) / "assignopt.txt").is_file():
            return Path(candidate).resolve()
    return None


@pytest.fixture(scope="session")
def orlib() -> Path:
    found = orlib_dir()
    if found is None:
        pytest.skip(
            "OR-Library instances not found: set MUTUALITY_ORLIB to the folder holding "
            "assignopt.txt (expected at ../shared/data/orlib beside the repository)"
        )
    return found
