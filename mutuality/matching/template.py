"""Read a cohort's spreadsheet (the import template, or the app's own export) into profiles.

The file is read by ``mutuality.spreadsheets``, the same reader and checks as the app's import,
so a file the app accepts is accepted here and the other way round. Problems are reported
with the spreadsheet row (heading = row 1) and column, identical ones grouped, and all of
them collected before failing so a file can be fixed in one pass. When the file has a
``status`` column (the app's export), only people whose status is "Accepted" are matched:
waiting, declined and withdrawn applicants never are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mutuality.spreadsheets import (
    CANONICAL_COLUMNS,
    FileProblem,
    Lookups,
    Sheet,
    check_rows,
    guess_mapping,
    read_sheet,
)

from .bands import seniority_level
from .scoring import SIDES, Profile

__all__ = ["COLUMNS", "Participant", "TemplateError", "read_template"]

COLUMNS = tuple(CANONICAL_COLUMNS)
# The app's export says where each application stands; only these are matched.
MATCHED_STATUS = "accepted"
# Matching needs to know who someone is and which side they are on; the rest may be blank.
REQUIRED = ("email", "side")


class TemplateError(ValueError):
    """Bad input file; ``problems`` holds one message per bad cell (or group of cells)."""

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


def _only_accepted(sheet: Sheet) -> Sheet:
    column = next(
        (i for i, heading in enumerate(sheet.headings) if heading.strip().casefold() == "status"),
        None,
    )
    if column is None:
        return sheet
    kept = [
        (number, cells)
        for number, cells in sheet.rows
        if column < len(cells) and cells[column].strip().casefold() == MATCHED_STATUS
    ]
    return Sheet(sheet.headings, kept)


def _lookups(sheet: Sheet, mapping: dict[str, str]) -> Lookups:
    """With no database to check against, every organisation, place and topic named in the
    file is taken as known; sides, bands, emails and times are checked as the app does."""

    def values(field_name: str, split: bool = False) -> dict[str, str]:
        heading = mapping.get(field_name)
        if not heading:
            return {}
        column = sheet.headings.index(heading)
        found: dict[str, str] = {}
        for _, cells in sheet.rows:
            text = cells[column].strip() if column < len(cells) else ""
            for item in text.split(";") if split else [text]:
                if item.strip():
                    found.setdefault(item.strip().lower(), item.strip())
        return found

    places = values("place")
    return Lookups(
        organisations=values("organisation"),
        places=places,
        topics=list(values("topics", split=True).values()),
        side_words={side: side for side in SIDES}
        | {f"{side} leader": side for side in SIDES}
        | {f"{side} leaders": side for side in SIDES},
        band_level=seniority_level,
        place_names=list(places.values()),
    )


def read_template(path: str | Path, capacity: int = 1) -> list[Participant]:
    """Participants from a filled-in template or the app's export; raises
    :class:`TemplateError` listing every problem."""
    path = Path(path)
    if not path.is_file():
        raise TemplateError([f"{path}: no such file"])
    try:
        sheet = read_sheet(path.name, path.read_bytes())
    except FileProblem as problem:
        raise TemplateError([f"{path.name}: {problem}"]) from None
    sheet = _only_accepted(sheet)
    mapping = guess_mapping(sheet.headings)
    lookups = _lookups(sheet, mapping)
    result = check_rows(sheet, mapping, lookups, required=REQUIRED)
    if not result.ok:
        raise TemplateError([str(group) for group in result.groups])
    people = []
    for record in result.records:
        v = record.values
        people.append(
            Participant(
                Profile(
                    id=str(v["email"]),
                    side=str(v["side"]),
                    email=str(v["email"]),
                    organisation=str(v["organisation"] or ""),
                    level=seniority_level(str(v["band"])),
                    place=str(v["place"] or ""),
                    line_manager_email=str(v["line_manager_email"]),
                    aspirations=str(v["aspirations"]),
                    experience=str(v["experience"]),
                    topics=frozenset(v["topics"]),
                    availability=frozenset(tuple(s.split("-", 1)) for s in v["availability"]),
                    meeting_modes=frozenset(v["meeting_modes"]),
                    avoid_emails=frozenset(v["avoid_emails"]),
                    capacity=capacity,
                    name=f"{v['first_name']} {v['last_name']}".strip(),
                ),
                str(v["first_name"]),
                str(v["last_name"]),
                str(v["job_title"]),
                str(v["band"]),
                record.row,
            )
        )
    return people
