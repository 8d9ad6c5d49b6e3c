"""Errors in a strategy file, each tied to the line (YAML) or row and column (CSV) it is about.

Loading collects every error before giving up, because a people team fixing a file in a text
editor or Excel wants the whole list at once rather than one error per upload. Nothing is
returned from a file with any error, so a half-valid strategy is never imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Path = tuple[str | int, ...]
"""Where a value sits in a strategy: ("workstreams", 2, "initiatives", 0, "title")."""


@dataclass(frozen=True, order=True)
class FileError:
    """One problem in a file.

    ``line`` is the 1-based line of a YAML file or the 1-based row of a CSV file as a
    spreadsheet numbers it (the header is row 1); it is None only for problems about the file
    as a whole, such as a missing strategy name in a CSV file. ``column`` is the CSV column
    name, if the problem is about one cell.
    """

    line: int | None
    message: str
    column: str | None = None
    unit: str = "line"
    """"line" for YAML, "row" for CSV: how the place is described to a person."""

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        place = f"{self.unit} {self.line}"
        if self.column:
            place += f", column '{self.column}'"
        return f"{place}: {self.message}"


class StrategyFileError(ValueError):
    """A strategy file could not be loaded; ``errors`` lists every problem, in file order."""

    def __init__(self, errors: Iterable[FileError]):
        self.errors: list[FileError] = sorted(
            set(errors), key=lambda e: (e.line is not None, e.line or 0, e.column or "", e.message)
        )
        super().__init__("\n".join(str(e) for e in self.errors))


class Locations:
    """Where each path of a strategy came from, so shared checks can name the line or cell.

    A path with no recorded place (a field that is missing altogether) is placed at its
    nearest recorded ancestor: a workstream with no title is reported at the line where the
    workstream starts.
    """

    def __init__(self, unit: str = "line"):
        self.unit = unit
        self._places: dict[Path, tuple[int, str | None]] = {}

    def record(self, path: Path, line: int, column: str | None = None) -> None:
        self._places.setdefault(path, (line, column))

    def error(self, path: Path, message: str) -> FileError:
        for end in range(len(path), -1, -1):
            place = self._places.get(path[:end])
            if place is not None:
                return FileError(place[0], message, place[1], self.unit)
        return FileError(None, message, None, self.unit)
