"""Read the participant import template (CSV or XLSX) into profiles.

The template is what programme teams fill in or export from MS Forms, so every problem is
reported with the spreadsheet row number (header = row 1) and the column name, and all
problems are collected before failing so a file can be fixed in one pass.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .bands import seniority_level
from .scoring import MODES, PERIODS, SIDES, WEEKDAYS, Profile

__all__ = ["COLUMNS", "Participant", "TemplateError", "read_template"]

COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "side",
    "organisation",
    "job_title",
    "band",
    "profession",
    "place",
    "line_manager_email",
    "aspirations",
    "experience",
    "topics",
    "availability",
    "meeting_modes",
    "avoid_emails",
)
REQUIRED = ("email", "side")


class TemplateError(ValueError):
    """Bad input file; ``problems`` holds one message per bad cell."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Participant:
    """A profile plus the details only people (not the solver) need."""

    profile: Profile
    first_name: str
    last_name: str
    job_title: str
    band: str
    row: int

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.profile.email


def _rows(path: Path) -> Iterable[list[str]]:
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        for values in book.active.iter_rows(values_only=True):
            yield ["" if v is None else str(v) for v in values]
        book.close()
    elif path.suffix.lower() in {".csv", ".txt"}:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            yield from csv.reader(handle)
    else:
        raise TemplateError([f"{path.name}: expected a .csv or .xlsx file"])


def _items(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _slot(item: str) -> tuple[str, str] | None:
    words = item.casefold().split()
    if len(words) != 2:
        return None
    day, period = words[0][:3], words[1].rstrip("s")
    return (day, period) if day in WEEKDAYS and period in PERIODS else None


def read_template(path: str | Path, capacity: int = 1) -> list[Participant]:
    """Participants from a filled-in template; raises :class:`TemplateError` listing problems."""
    path = Path(path)
    if not path.is_file():
        raise TemplateError([f"{path}: no such file"])
    rows = iter(_rows(path))
    header = [h.strip().casefold().replace(" ", "_") for h in next(rows, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise TemplateError([f"row 1: missing column(s) {', '.join(missing)}"])
    problems: list[str] = []
    people: list[Participant] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(rows, start=2):
        cell = {
            name: (values[k].strip() if k < len(values) else "")
            for k, name in enumerate(header)
            if name in COLUMNS
        }
        if not any(cell.values()):
            continue

        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(f"row {number}, column {column}: {message}")

        email = cell.get("email", "").casefold()
        if "@" not in email:
            bad("email", f"not an email address: {email!r}")
        elif email in seen:
            bad("email", f"{email} already appears on row {seen[email]}")
        seen.setdefault(email, number)
        side = cell.get("side", "").casefold()
        if side not in SIDES:
            bad("side", f"expected aspiring or established, got {cell.get('side', '')!r}")
        slots = []
        for item in _items(cell.get("availability", "")):
            slot = _slot(item)
            if slot is None:
                bad("availability", f"{item!r} is not like 'Tue morning'")
            else:
                slots.append(slot)
        modes = []
        for item in _items(cell.get("meeting_modes", "")):
            mode = item.casefold().replace("-", "_").replace(" ", "_")
            if mode not in MODES:
                bad("meeting_modes", f"{item!r} is not one of in person, video, phone")
            else:
                modes.append(mode)
        for column in ("line_manager_email",):
            if cell.get(column) and "@" not in cell[column]:
                bad(column, f"not an email address: {cell[column]!r}")
        avoid = _items(cell.get("avoid_emails", ""))
        for item in avoid:
            if "@" not in item:
                bad("avoid_emails", f"not an email address: {item!r}")
        if problems and problems[-1].startswith(f"row {number},"):
            continue
        profile = Profile(
            id=email,
            side=side,
            email=email,
            organisation=cell.get("organisation", ""),
            level=seniority_level(cell.get("band", "")),
            place=cell.get("place", ""),
            line_manager_email=cell.get("line_manager_email", ""),
            aspirations=cell.get("aspirations", ""),
            experience=cell.get("experience", ""),
            topics=frozenset(_items(cell.get("topics", ""))),
            availability=frozenset(slots),
            meeting_modes=frozenset(modes),
            avoid_emails=frozenset(avoid),
            capacity=capacity,
        )
        people.append(
            Participant(
                profile,
                cell.get("first_name", ""),
                cell.get("last_name", ""),
                cell.get("job_title", ""),
                cell.get("band", ""),
                number,
            )
        )
    if problems:
        raise TemplateError(problems)
    return people
