"""Reading and writing application spreadsheets (CSV and XLSX). Plain Python: no Django, so
the app's import and the `mutuality-match` command read files with the same rules.

The import is strict and explains itself: every problem is reported with its row number
(as the spreadsheet shows it, counting the heading row as 1), its column heading and a
sentence a programme manager can act on. Nothing here writes to the database.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr

from mutuality.cells import neutralise

MAX_FILE_BYTES = 10 * 1024 * 1024
# What an .xlsx may unpack to. A real 20,000-row applications sheet is well under this; a
# "zip bomb" (a small file that unpacks to hundreds of megabytes) is refused before any of
# it is parsed.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELL_CHARS = 10_000

# The template's columns, in order. Lists inside a cell are separated by ";".
CANONICAL_COLUMNS = [
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
]
REQUIRED_COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "side",
    "organisation",
    "job_title",
    "band",
    "line_manager_email",
    "aspirations",
    "experience",
]
# How the import page names each column it asks for, and a hint where the name alone does
# not say what the column should hold. The side's hint is written with the programme's own
# names for its sides.
COLUMN_LABELS = {
    "email": "Email address",
    "first_name": "First name",
    "last_name": "Last name",
    "side": "Side of the programme",
    "organisation": "Organisation",
    "job_title": "Job title",
    "band": "Band or grade",
    "profession": "Profession",
    "place": "Place",
    "line_manager_email": "Line manager's email address",
    "aspirations": "What they hope to gain",
    "experience": "What they bring",
    "topics": "Topics",
    "availability": "When they are free",
    "meeting_modes": "How they would like to meet",
    "avoid_emails": "People not to pair them with",
}
COLUMN_HINTS = {
    "email": "Their work email address. Anyone who already has an account is found by it.",
    "organisation": "Its name or short name, as listed under Organisations.",
    "band": "For example, Band 6, 8c, VSM, Consultant or Other.",
    "line_manager_email": "Their line manager's work email address.",
    "topics": "From the cohort's list of topics. Separate more than one with a semicolon (;).",
    "availability": "For example, Tue morning; Thu evening.",
    "meeting_modes": "In person, video or phone. Separate more than one with a semicolon (;).",
    "avoid_emails": "Their email addresses, separated by a semicolon (;).",
}

# Words that identify a column in headings people write themselves, such as the question
# text MS Forms uses as headings. The first field whose words all appear wins.
HEADING_CLUES: dict[str, list[list[str]]] = {
    "line_manager_email": [["line", "manager", "email"], ["manager", "email"]],
    "avoid_emails": [["rather", "not"], ["avoid"], ["not", "paired"]],
    "email": [["email"]],
    "first_name": [["first", "name"], ["forename"], ["given", "name"]],
    "last_name": [["last", "name"], ["surname"], ["family", "name"]],
    "side": [["side"], ["applying", "as"], ["aspiring", "established"]],
    "organisation": [["organisation"], ["organization"], ["employer"]],
    "job_title": [["job", "title"], ["role"]],
    "band": [["band"], ["grade"]],
    "profession": [["profession"], ["staff", "group"]],
    "place": [["place"], ["locality"], ["borough"]],
    "aspirations": [["hope"], ["aspiration"], ["gain"]],
    "experience": [["bring"], ["experience"]],
    "topics": [["topic"]],
    "availability": [["availab"], ["when", "meet"]],
    "meeting_modes": [["how", "meet"], ["meeting", "mode"], ["in", "person"]],
}

DAYS = {
    "mon": "mon", "monday": "mon", "mondays": "mon",
    "tue": "tue", "tues": "tue", "tuesday": "tue", "tuesdays": "tue",
    "wed": "wed", "wednesday": "wed", "wednesdays": "wed",
    "thu": "thu", "thur": "thu", "thurs": "thu", "thursday": "thu", "thursdays": "thu",
    "fri": "fri", "friday": "fri", "fridays": "fri",
}  # fmt: skip
TIMES = {
    "morning": "morning", "mornings": "morning", "am": "morning",
    "afternoon": "afternoon", "afternoons": "afternoon", "pm": "afternoon",
    "evening": "evening", "evenings": "evening",
}  # fmt: skip
MODES = {
    "in person": "in_person", "in-person": "in_person", "face to face": "in_person",
    "in_person": "in_person", "video": "video", "video call": "video", "teams": "video",
    "online": "video", "phone": "phone", "telephone": "phone", "phone call": "phone",
}  # fmt: skip


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, column '{self.column}': {self.message}"


@dataclass
class Sheet:
    headings: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)


@dataclass
class Lookups:
    """What the rows are checked against, supplied by the caller (the Django layer)."""

    organisations: Mapping[str, int]  # lower-case name or short name → id
    places: Mapping[str, int]
    topics: Iterable[str]
    side_words: Mapping[str, str]  # lower-case word → "aspiring" / "established"
    band_level: Callable[[str], int | None]
    # What the programme manager chose for values of an optional column we do not know:
    # field → lower-case value in the file → a known value, or None to leave it blank.
    value_map: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    place_names: Iterable[str] = ()  # as written, for messages and choices


# Answers that must be on one line: they go into email headers, subjects and lists.
ONE_LINE = (
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
)

# Optional columns whose values must be one of a known list; an unknown value can be
# mapped to a known one, or left blank, instead of stopping the import.
MAPPABLE = ("place", "topics")


@dataclass
class Record:
    row: int
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ProblemGroup:
    """The same problem on several rows, reported once: "23 rows: place 'Luton' is …"."""

    column: str
    message: str
    rows: tuple[int, ...]

    def __str__(self) -> str:
        where = f"Row {self.rows[0]}" if len(self.rows) == 1 else f"{len(self.rows)} rows"
        return f"{where}, column '{self.column}': {self.message}"


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """Identical problems (same column, same words) together, in the order first found."""
    rows: dict[tuple[str, str], list[int]] = {}
    for problem in problems:
        rows.setdefault((problem.column, problem.message), []).append(problem.row)
    return [ProblemGroup(column, message, tuple(r)) for (column, message), r in rows.items()]


@dataclass
class CheckResult:
    records: list[Record]
    problems: list[Problem]
    # Values of a MAPPABLE column that are not on the known list: field → value as written
    # (first spelling seen) → how many rows have it. Listed whether or not already mapped.
    unknown: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def groups(self) -> list[ProblemGroup]:
        return group_problems(self.problems)


def read_sheet(filename: str, content: bytes) -> Sheet:
    """Read a CSV or XLSX upload into headings and non-empty rows, or explain why not."""
    if not content:
        raise FileProblem("The file is empty.")
    if len(content) > MAX_FILE_BYTES:
        raise FileProblem(
            f"The file is {len(content) / 1024 / 1024:.1f} MB; the most we accept is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB."
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _read_xlsx(content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        table = _read_csv(content)
    else:
        raise FileProblem("Upload a .csv or .xlsx file.")
    if not table:
        raise FileProblem("The file has no heading row.")
    headings = [str(h or "").strip() for h in table[0][1]]
    if not any(headings):
        raise FileProblem("The first row should hold the column headings, but it is empty.")
    rows = [(number, cells) for number, cells in table[1:] if any(c.strip() for c in cells)]
    return Sheet(headings=headings, rows=rows)


def _too_many_rows() -> FileProblem:
    return FileProblem(f"The file has more than {MAX_ROWS:,} rows, the most we accept.")


def _limited(rows: Iterable[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """The heading and the rows, stopping as soon as there are too many rows with anything
    in them (the rest of the file is never read)."""
    table = []
    filled = 0
    for number, cells in rows:
        table.append((number, cells))
        if len(table) > 1 and any(c.strip() for c in cells):
            filled += 1
            if filled > MAX_ROWS:
                raise _too_many_rows()
    return table


def _read_csv(content: bytes) -> list[tuple[int, list[str]]]:
    if b"\x00" in content[:8192]:
        raise FileProblem(
            "This does not look like a CSV file (it contains binary data). Export the "
            "spreadsheet as CSV or upload the .xlsx file itself."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise FileProblem(
            f"The file is not saved as UTF-8 text (the first unreadable character is on line "
            f"{line}). In Excel, choose 'Save as' and 'CSV UTF-8 (Comma delimited)'."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    read = 0

    def records():
        # Rows are numbered as a spreadsheet shows them (one per record), not by lines in the
        # file: a line break inside a cell (common in MS Forms free text) is still one row.
        nonlocal read
        for cells in reader:
            read += 1
            yield read, [c.replace("\r", "") for c in cells]

    try:
        return _limited(records())
    except csv.Error as error:
        raise FileProblem(
            f"Row {read + 1} cannot be read as CSV ({error}). A cell may be far too long or "
            "have an unmatched quotation mark."
        ) from None


def _check_unpacked_size(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem("This is not a valid Excel (.xlsx) file.") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem(
            f"This Excel file unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than the "
            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB we accept. Upload only the sheet of "
            "applications, or save it as CSV."
        )


def _read_xlsx(content: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    # The sizes in a zip's directory bound what each part can unpack to (Python's zipfile
    # stops at the stated size), so checking them first is enough.
    _check_unpacked_size(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileProblem("This is not a valid Excel (.xlsx) file.") from None
    try:
        sheet = workbook.worksheets[0]
        # Ignore the sheet's stated size: a false one would pad every row to 16,384 cells.
        sheet.reset_dimensions()
        return _limited(
            (number, ["" if v is None else str(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
    finally:
        workbook.close()


def guess_mapping(headings: list[str]) -> dict[str, str]:
    """Our best guess of which heading holds which field; the person can correct it."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    exact = {h.strip().lower(): h for h in headings}
    for field_name in CANONICAL_COLUMNS:
        if field_name in exact:
            mapping[field_name] = exact[field_name]
            taken.add(exact[field_name])
    for field_name, clue_sets in HEADING_CLUES.items():
        if field_name in mapping:
            continue
        for heading in headings:
            if heading in taken:
                continue
            words = heading.lower()
            if any(all(clue in words for clue in clues) for clues in clue_sets):
                mapping[field_name] = heading
                taken.add(heading)
                break
    return mapping


def _split(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", cell) if part.strip()]


def _valid_email(value: str) -> bool:
    name, address = parseaddr(value)
    return bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address)) and address == value


def _availability(item: str) -> str | None:
    words = re.findall(r"[a-z]+", item.lower())
    days = [DAYS[w] for w in words if w in DAYS]
    times = [TIMES[w] for w in words if w in TIMES]
    if len(days) == 1 and len(times) == 1:
        return f"{days[0]}-{times[0]}"
    return None


def check_rows(
    sheet: Sheet,
    mapping: Mapping[str, str],
    lookups: Lookups,
    *,
    required: Sequence[str] = tuple(REQUIRED_COLUMNS),
) -> CheckResult:
    """Check every row; return the clean records and every problem found. ``required``: the
    answers every row must have (an application needs them all; matching alone needs only
    the email address and the side)."""
    problems: list[Problem] = []
    missing_columns = [f for f in required if not mapping.get(f)]
    for field_name in missing_columns:
        problems.append(Problem(1, field_name, "no column is chosen for this required answer."))
    for heading in mapping.values():
        if heading and heading not in sheet.headings:
            problems.append(Problem(1, heading, "there is no column with this heading."))
    if problems:
        return CheckResult([], problems)

    index = {f: sheet.headings.index(h) for f, h in mapping.items() if h}
    topics = {t.lower(): t for t in lookups.topics}
    topic_list = _listing(list(topics.values()))
    place_names = list(lookups.place_names)
    unknown: dict[str, dict[str, int]] = {}
    spelling: dict[tuple[str, str], str] = {}

    def known_value(field_name: str, value: str, known: Mapping[str, object]) -> str | None:
        """The known value this one stands for: itself, the one the person chose for it,
        "" to leave it blank, or None when nobody has said yet."""
        key = value.lower()
        if key in known:
            return key
        first = spelling.setdefault((field_name, key), value)
        counts = unknown.setdefault(field_name, {})
        counts[first] = counts.get(first, 0) + 1
        chosen = lookups.value_map.get(field_name, {})
        if key not in chosen:
            return None
        target = chosen[key]
        if target is None:
            return ""
        return target if target.lower() in known else None

    seen_emails: dict[str, int] = {}
    records = []
    for number, cells in sheet.rows:

        def cell(field_name: str, cells=cells) -> str:
            position = index.get(field_name)
            if position is None or position >= len(cells):
                return ""
            return cells[position].strip()

        def problem(field_name: str, message: str, number=number) -> None:
            problems.append(Problem(number, mapping.get(field_name, field_name), message))

        record = Record(number)
        for field_name in index:
            if len(cell(field_name)) > MAX_CELL_CHARS:
                problem(field_name, f"the answer is longer than {MAX_CELL_CHARS:,} characters.")
        for field_name in required:
            if not cell(field_name):
                problem(field_name, "this required answer is missing.")
        for field_name in ONE_LINE:
            if "\n" in cell(field_name) or "\r" in cell(field_name):
                problem(
                    field_name,
                    "this answer has a line break in it; put it on one line (a line break in "
                    "a name or address stops emails reaching people).",
                )

        email = cell("email").lower()
        if email and not _valid_email(email):
            problem("email", f"'{email}' is not an email address.")
        elif email in seen_emails:
            problem("email", f"duplicate person: {email} is also on row {seen_emails[email]}.")
        elif email:
            seen_emails[email] = number
        record.values["email"] = email
        record.values["first_name"] = cell("first_name")
        record.values["last_name"] = cell("last_name")

        side = cell("side").lower()
        if side and side not in lookups.side_words:
            problem("side", f"'{cell('side')}' is not a side of this programme.")
        record.values["side"] = lookups.side_words.get(side)

        organisation = cell("organisation").lower()
        if organisation and organisation not in lookups.organisations:
            problem(
                "organisation",
                f"unknown organisation '{cell('organisation')}'. Check the spelling, or add it "
                "under Organisations first.",
            )
        record.values["organisation"] = lookups.organisations.get(organisation)

        band = cell("band")
        if band and band.lower() != "other" and lookups.band_level(band) is None:
            problem(
                "band",
                f"band not recognised: '{band}'. Use for example 'Band 6', '8c', 'VSM' or 'Other'.",
            )
        record.values["band"] = band

        place = cell("place")
        record.values["place"] = None
        if place:
            known = known_value("place", place, lookups.places)
            if known is not None:
                record.values["place"] = lookups.places[known.lower()] if known else None
            else:
                problem("place", f"place '{place}' is not one of {_listing(place_names)}.")
        manager = cell("line_manager_email").lower()
        if manager and not _valid_email(manager):
            problem("line_manager_email", f"'{manager}' is not an email address.")
        elif manager and manager == email:
            problem("line_manager_email", "the line manager's email is the applicant's own.")
        record.values["line_manager_email"] = manager

        for text_field in ("job_title", "profession", "aspirations", "experience"):
            record.values[text_field] = cell(text_field)

        chosen_topics = []
        for item in _split(cell("topics")):
            known = known_value("topics", item, topics)
            if known is None:
                problem("topics", f"'{item}' is not one of this cohort's topics: {topic_list}.")
            elif known and topics[known.lower()] not in chosen_topics:
                chosen_topics.append(topics[known.lower()])
        record.values["topics"] = chosen_topics

        slots = []
        for item in _split(cell("availability")):
            code = _availability(item)
            if code is None:
                problem(
                    "availability",
                    f"'{item}' is not a time we understand; write a weekday and a time of "
                    "day, for example 'Tue morning'.",
                )
            elif code not in slots:
                slots.append(code)
        record.values["availability"] = slots

        modes = []
        for item in _split(cell("meeting_modes")):
            mode = MODES.get(item.lower())
            if mode is None:
                problem("meeting_modes", f"'{item}' is not 'in person', 'video' or 'phone'.")
            elif mode not in modes:
                modes.append(mode)
        record.values["meeting_modes"] = modes

        avoid = []
        for item in _split(cell("avoid_emails")):
            if not _valid_email(item.lower()):
                problem("avoid_emails", f"'{item}' is not an email address.")
            else:
                avoid.append(item.lower())
        record.values["avoid_emails"] = avoid
        records.append(record)
    return CheckResult(records, problems, unknown)


def _listing(values: list[str], most: int = 8) -> str:
    if not values:
        return "the known values (there are none yet)"
    shown = ", ".join(f"'{v}'" for v in values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "")


def write_csv(headings: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:
        writer.writerow([neutralise("" if v is None else v) for v in row])
    # A BOM so that Excel opens UTF-8 names correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(headings: list[str], rows: Iterable[Iterable[object]], *, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(headings)
    for row in rows:
        sheet.append([neutralise("" if v is None else v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
