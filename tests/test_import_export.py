"""Spreadsheet import (CSV, XLSX, MS Forms headings) and export that is safe in Excel."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mutuality.accounts.models import User
from mutuality.applications import importing
from mutuality.applications.models import Application, ImportMapping
from mutuality.programmes.models import CohortRole
from mutuality.spreadsheets import (
    CANONICAL_COLUMNS,
    FileProblem,
    guess_mapping,
    neutralise,
    read_sheet,
    write_csv,
)

from .factories import CohortFactory, OrganisationFactory, UserFactory, add_role, give_totp

GOOD_ROW = {
    "email": "ade.bello@trust.example",
    "first_name": "Ade",
    "last_name": "Bello",
    "side": "aspiring",
    "organisation": "Northmere Hospitals",
    "job_title": "Staff Nurse",
    "band": "Band 5",
    "profession": "Nursing",
    "place": "",
    "line_manager_email": "jo.manager@trust.example",
    "aspirations": "Lead a ward",
    "experience": "Eight years of nursing",
    "topics": "Digital inclusion",
    "availability": "Tue morning; Thursday afternoons",
    "meeting_modes": "video; in person",
    "avoid_emails": "",
}


def csv_bytes(rows: list[dict], headings=CANONICAL_COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headings, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def row(**changes) -> dict:
    return {**GOOD_ROW, **changes}


@pytest.fixture
def cohort(db):
    cohort = CohortFactory(topics=["Digital inclusion", "Leading teams"])
    organisation = OrganisationFactory(
        name="Northmere Teaching Hospitals", short_name="Northmere Hospitals"
    )
    cohort.cohort_organisations.create(organisation=organisation, places=5)
    return cohort


def check(cohort, content: bytes, name="applications.csv", mapping=None):
    sheet = read_sheet(name, content)
    return importing.check(cohort, sheet, mapping or guess_mapping(sheet.headings))


def test_a_good_file_has_no_problems(cohort):
    result = check(
        cohort, csv_bytes([row(), row(email="b@trust.example", side="Established leader")])
    )
    assert result.ok, [str(p) for p in result.problems]
    first = result.records[0].values
    assert first["availability"] == ["tue-morning", "thu-afternoon"]
    assert first["meeting_modes"] == ["video", "in_person"]
    assert result.records[1].values["side"] == "established"


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"organisation": "St Elsewhere"}, "organisation", "unknown organisation 'St Elsewhere'"),
        ({"email": "not-an-email"}, "email", "'not-an-email' is not an email address"),
        ({"band": "Band 12"}, "band", "band not recognised: 'Band 12'"),
        ({"aspirations": ""}, "aspirations", "this required answer is missing"),
        ({"side": "mentor"}, "side", "'mentor' is not a side of this programme"),
        ({"availability": "sometimes"}, "availability", "'sometimes' is not a time we understand"),
        ({"meeting_modes": "carrier pigeon"}, "meeting_modes", "is not 'in person'"),
        ({"topics": "Knitting"}, "topics", "'Knitting' is not one of this cohort's topics"),
        (
            {"line_manager_email": "ade.bello@trust.example"},
            "line_manager_email",
            "applicant's own",
        ),
    ],
)
def test_each_problem_names_its_row_and_column(cohort, change, column, message):
    result = check(cohort, csv_bytes([row(email="first@trust.example"), row(**change)]))
    assert not result.ok
    problem = next(p for p in result.problems if p.column == column)
    assert problem.row == 3  # heading is row 1, the second person is row 3
    assert message in problem.message


def test_the_same_person_twice_is_a_duplicate(cohort):
    result = check(cohort, csv_bytes([row(), row(email="ADE.BELLO@trust.example")]))
    problem = result.problems[0]
    assert (problem.row, problem.column) == (3, "email")
    assert "duplicate person: ade.bello@trust.example is also on row 2" in problem.message


def test_microsoft_forms_question_headings_are_recognised():
    headings = [
        "ID", "Start time", "Email", "Name", "What is your work email address?", "First name",
        "Surname", "Are you applying as an aspiring or established leader?", "Your organisation",
        "Job title", "Band or grade", "Your line manager's email address",
        "What do you hope to gain?", "What do you bring?",
        "Is there anyone you would rather not be paired with?",
    ]  # fmt: skip
    mapping = guess_mapping(headings)
    assert mapping["email"] == "Email"
    assert mapping["line_manager_email"] == "Your line manager's email address"
    assert mapping["avoid_emails"] == "Is there anyone you would rather not be paired with?"
    assert mapping["side"] == "Are you applying as an aspiring or established leader?"
    assert mapping["aspirations"] == "What do you hope to gain?"
    assert mapping["experience"] == "What do you bring?"
    assert mapping["last_name"] == "Surname"


def test_a_required_column_not_chosen_is_reported(cohort):
    sheet = read_sheet("a.csv", csv_bytes([row()]))
    mapping = {k: v for k, v in guess_mapping(sheet.headings).items() if k != "band"}
    result = importing.check(cohort, sheet, mapping)
    assert [(p.row, p.column) for p in result.problems] == [(1, "band")]


# Bad files: a clear message, nothing written


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", "email,first_name\nzoë@x.example,Zoë\n".encode("latin-1"), "not saved as UTF-8"),
        ("a.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary data"),
        ("a.csv", b"", "The file is empty"),
        ("a.xlsx", b"this is not a zip file", "not a valid Excel"),
        ("a.pdf", b"%PDF-1.7", "Upload a .csv or .xlsx file"),
        (
            "a.csv",
            b'email,first_name\n"x@y.example,' + b"a" * 200_000 + b"\n",
            "cannot be read as CSV",
        ),
    ],
)
def test_bad_files_get_a_clear_message(name, content, message):
    with pytest.raises(FileProblem, match=message):
        read_sheet(name, content)


def test_a_huge_cell_within_csv_limits_is_reported_by_row(cohort):
    result = check(cohort, csv_bytes([row(aspirations="x" * 10_001)]))
    assert any(
        p.row == 2 and p.column == "aspirations" and "longer than 10,000" in p.message
        for p in result.problems
    )


def test_bom_crlf_and_empty_rows_are_fine(cohort):
    content = "\ufeff".encode() + csv_bytes([row()]).replace(b"\n", b"\r\n") + b",,,,\r\n\r\n"
    result = check(cohort, content)
    assert result.ok and len(result.records) == 1


def test_ten_thousand_rows_are_read(cohort):
    rows = [row(email=f"person{i}@trust.example") for i in range(10_000)]
    result = check(cohort, csv_bytes(rows))
    assert result.ok and len(result.records) == 10_000


def test_xlsx_is_read_like_csv(cohort):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(CANONICAL_COLUMNS)
    sheet.append([GOOD_ROW[c] for c in CANONICAL_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = check(cohort, buffer.getvalue(), name="forms.xlsx")
    assert result.ok and result.records[0].values["email"] == "ade.bello@trust.example"


# Committing


def sheet_and_mapping(content: bytes):
    sheet = read_sheet("a.csv", content)
    return sheet, guess_mapping(sheet.headings)


def test_import_creates_accounts_and_applications_and_reimport_updates(
    cohort, django_capture_on_commit_callbacks
):
    sheet, mapping = sheet_and_mapping(csv_bytes([row(), row(email="b@trust.example")]))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcome = importing.commit(
            cohort=cohort, sheet=sheet, mapping=mapping, by=None, managers_already_approved=False
        )
    assert (outcome.created, outcome.updated) == (2, 0)
    assert len(callbacks) == 2  # one email to each line manager
    application = Application.objects.get(applicant__email="ade.bello@trust.example")
    assert application.status == Application.Status.AWAITING_MANAGER and application.imported
    assert ImportMapping.objects.get(cohort=cohort).columns["email"] == "email"

    sheet, mapping = sheet_and_mapping(
        csv_bytes([row(job_title="Ward Sister"), row(email="b@trust.example")])
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcome = importing.commit(
            cohort=cohort, sheet=sheet, mapping=mapping, by=None, managers_already_approved=False
        )
    assert (outcome.created, outcome.updated) == (0, 2)
    assert callbacks == []  # nobody is emailed twice
    assert Application.objects.count() == 2 and User.objects.count() == 2
    application.refresh_from_db()
    assert application.job_title == "Ward Sister"


def test_import_is_all_or_nothing(cohort, monkeypatch):
    sheet, mapping = sheet_and_mapping(
        csv_bytes([row(email=f"p{i}@trust.example") for i in range(3)])
    )
    calls = []
    original = importing.services.issue_manager_request

    def fail_on_third(application):
        calls.append(application)
        if len(calls) == 3:
            raise RuntimeError("the mail queue is down")
        original(application)

    monkeypatch.setattr(importing.services, "issue_manager_request", fail_on_third)
    with pytest.raises(RuntimeError):
        importing.commit(
            cohort=cohort, sheet=sheet, mapping=mapping, by=None, managers_already_approved=False
        )
    assert not Application.objects.exists() and not User.objects.exists()


def test_a_file_with_problems_cannot_be_committed(cohort):
    sheet, mapping = sheet_and_mapping(csv_bytes([row(band="Band 99")]))
    with pytest.raises(ValueError, match="problems"):
        importing.commit(
            cohort=cohort, sheet=sheet, mapping=mapping, by=None, managers_already_approved=False
        )
    assert not Application.objects.exists()


def test_import_through_the_pages(client, cohort):
    manager = UserFactory(email="pm@icb.example")
    give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    client.force_login(manager)
    upload = io.BytesIO(csv_bytes([row(organisation="Nowhere Trust")]))
    upload.name = "forms.csv"
    response = client.post(reverse("applications:import", args=[cohort.pk]), {"file": upload})
    map_url = response.url
    form = {c: c for c in CANONICAL_COLUMNS}
    page = client.post(map_url, {**form, "action": "check"}).content.decode()
    assert "1 problem: nothing has been saved" in page
    assert "Unknown organisation &#39;Nowhere Trust&#39;" in page
    # Importing anyway is refused while there are problems.
    client.post(map_url, {**form, "action": "import"})
    assert not Application.objects.exists()


def test_the_command_reports_the_same_problems(cohort, tmp_path, capsys):
    path = tmp_path / "applications.csv"
    path.write_bytes(csv_bytes([row(email="bad")]))
    with pytest.raises(CommandError, match="1 problems; nothing was imported"):
        call_command("import_applications", str(path), cohort=cohort.pk)
    assert "Row 2, column 'email': 'bad' is not an email address." in capsys.readouterr().err
    path.write_bytes(csv_bytes([row()]))
    call_command("import_applications", str(path), cohort=cohort.pk)
    assert "Dry run" in capsys.readouterr().out and not Application.objects.exists()
    call_command(
        "import_applications", str(path), cohort=cohort.pk, commit=True, managers_approved=True
    )
    application = Application.objects.get()
    assert application.status == Application.Status.MANAGER_APPROVED


# Export


def test_the_export_matches_in_mutuality_match_exactly_as_the_app_would(
    client, cohort, tmp_path, django_capture_on_commit_callbacks
):
    """Only people whose place was decided and sent are "Accepted" in the export, and the
    spreadsheet-only matcher pairs only them."""
    from mutuality.applications.services import applications_decide
    from mutuality.matching.cli import main as match_file

    from .factories import accept_and_send, submitted_application

    manager = UserFactory(email="pm@icb.example")
    give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    told = accept_and_send(
        [
            submitted_application(cohort, UserFactory(email="ada@x.example"), "aspiring"),
            submitted_application(
                cohort, UserFactory(email="eli@x.example"), "established", band="Band 8c"
            ),
        ],
        manager,
    )
    from .factories import manager_approves

    draft = manager_approves(
        submitted_application(
            cohort, UserFactory(email="fin@x.example"), "established", band="Band 8b"
        )
    )
    applications_decide(applications=[draft], decision="accept", by=manager)
    declined = manager_approves(
        submitted_application(cohort, UserFactory(email="dee@x.example"), "aspiring")
    )
    applications_decide(applications=[declined], decision="decline", by=manager)
    client.force_login(manager)
    export = tmp_path / "applications.csv"
    export.write_bytes(client.get(reverse("applications:export", args=[cohort.pk, "csv"])).content)
    status = {
        row["email"]: row["status"]
        for row in csv.DictReader(io.StringIO(export.read_text("utf-8-sig")))
    }
    assert status["fin@x.example"] == "Accepted (decision not sent yet)"
    assert status["ada@x.example"] == "Accepted"
    assert match_file([str(export), "-o", str(tmp_path / "pairs.csv")]) == 0
    pairs = list(csv.DictReader((tmp_path / "pairs.csv").open()))
    assert {(p["aspiring_email"], p["established_email"]) for p in pairs} == {
        (told[0].applicant.email, told[1].applicant.email)
    }


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_could_run_as_formulas_are_neutralised(value):
    assert neutralise(value) == "'" + value
    assert neutralise("plain text") == "plain text"


def test_exports_neutralise_cells_in_csv_and_xlsx(client, cohort):
    from .factories import submitted_application

    submitted_application(
        cohort, UserFactory(first_name="=cmd|' /C calc'!A0"), aspirations="@SUM(1+1)"
    )
    manager = UserFactory(email="pm@icb.example")
    give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    client.force_login(manager)

    response = client.get(reverse("applications:export", args=[cohort.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, first = rows[0], rows[1]
    assert first[header.index("first_name")] == "'=cmd|' /C calc'!A0"
    assert first[header.index("aspirations")] == "'@SUM(1+1)"

    response = client.get(reverse("applications:export", args=[cohort.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for c in sheet[2]]
    assert "'=cmd|' /C calc'!A0" in values and "'@SUM(1+1)" in values
    assert all(not str(v).startswith("=") for v in values if v)


def test_the_template_has_the_canonical_columns(client, cohort):
    manager = UserFactory(email="pm@icb.example")
    give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    client.force_login(manager)
    content = client.get(reverse("applications:template", args=[cohort.pk])).content
    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header == CANONICAL_COLUMNS
    assert write_csv(["a"], [["=1"]]).decode("utf-8-sig").splitlines()[1] == "'=1"


# Bad input: zip bombs, line breaks, many rows, unknown values, grouped problems


def xlsx_with_sheet_xml(write_rows) -> bytes:
    """A real workbook whose first sheet's XML is written by ``write_rows``, streamed."""
    import zipfile

    book = Workbook()
    book.active.append(["email"])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with archive.open(info.filename, "w", force_zip64=True) as sheet:
                    sheet.write(
                        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://'
                        b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    )
                    write_rows(sheet)
                    sheet.write(b"</sheetData></worksheet>")
            else:
                archive.writestr(info.filename, source.read(info))
    return out.getvalue()


ONE_ROW = b'<row><c t="inlineStr"><is><t>a@b.example</t></is></c></row>'


def test_an_xlsx_zip_bomb_is_refused_before_it_is_parsed(monkeypatch):
    from mutuality import spreadsheets as tabular

    unpacked_mb = tabular.MAX_UNPACKED_BYTES // 1024 // 1024 + 10
    chunk = ONE_ROW * (1024 * 1024 // len(ONE_ROW))
    content = xlsx_with_sheet_xml(lambda sheet: [sheet.write(chunk) for _ in range(unpacked_mb)])
    assert len(content) < tabular.MAX_FILE_BYTES / 10  # small enough to be uploaded

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(FileProblem, match=rf"unpacks to {unpacked_mb} MB, more than"):
        read_sheet("forms.xlsx", content)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_reading_stops_at_the_row_limit(monkeypatch, kind):
    from mutuality import spreadsheets as tabular

    monkeypatch.setattr(tabular, "MAX_ROWS", 50)
    if kind == "xlsx":
        content = xlsx_with_sheet_xml(lambda sheet: sheet.write(ONE_ROW * 5000))
    else:
        content = b"email\n" + b"a@b.example\n" * 5000
    seen = []
    original = tabular._limited

    def counting(rows):
        def passing():
            for item in rows:
                seen.append(item)
                yield item

        return original(passing())

    monkeypatch.setattr(tabular, "_limited", counting)
    with pytest.raises(FileProblem, match="more than 50 rows"):
        read_sheet(f"forms.{kind}", content)
    assert len(seen) == 52  # the heading, 50 rows, and the one too many: no further


def test_a_line_break_inside_a_cell_does_not_shift_row_numbers(cohort):
    rows = [
        row(email="first@trust.example", aspirations="Line one\nline two\nline three"),
        row(email="second@trust.example"),
        row(email="third@trust.example", band="Band 99"),
    ]
    result = check(cohort, csv_bytes(rows))
    assert [(p.row, p.column) for p in result.problems] == [(4, "band")]


@pytest.mark.parametrize("column", ["first_name", "last_name", "job_title"])
def test_a_line_break_in_a_name_is_refused_with_its_row_and_column(cohort, column):
    rows = [row(email="first@trust.example"), row(**{column: "Ama\r\nBcc: x@example.test"})]
    result = check(cohort, csv_bytes(rows))
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, column)
    assert "line break" in problem.message


def test_identical_problems_are_grouped(cohort):
    from mutuality.organisations.models import Place

    Place.objects.create(name="Northmere")
    rows = [row(email=f"p{i}@trust.example", place="Luton") for i in range(23)]
    rows += [row(email="x@trust.example", place="Lutton"), row(email="bad")]
    result = check(cohort, csv_bytes(rows))
    assert len(result.problems) == 25
    luton = next(g for g in result.groups if "'Luton'" in g.message)
    assert luton.rows == tuple(range(2, 25)) and luton.column == "place"
    assert str(luton).startswith("23 rows, column 'place': place 'Luton' is not one of 'Northmere'")
    assert len(result.groups) == 3
    assert result.unknown == {"place": {"Luton": 23, "Lutton": 1}}


def test_unknown_places_and_topics_can_be_mapped_or_left_blank(cohort):
    from mutuality.organisations.models import Place

    northmere = Place.objects.create(name="Northmere")
    rows = [
        row(email="a@trust.example", place="Luton", topics="Digital inclusion; Knitting"),
        row(email="b@trust.example", place="luton", topics="Leading teams"),
        row(email="c@trust.example", place="Mars"),
    ]
    sheet = read_sheet("a.csv", csv_bytes(rows))
    mapping = guess_mapping(sheet.headings)
    value_map = {"place": {"luton": "Northmere", "mars": None}, "topics": {"knitting": None}}
    result = importing.check(cohort, sheet, mapping, value_map)
    assert result.ok, [str(p) for p in result.problems]
    places = [r.values["place"] for r in result.records]
    assert places == [northmere.pk, northmere.pk, None]
    assert result.records[0].values["topics"] == ["Digital inclusion"]
    # A choice that is not a known value does not count.
    result = importing.check(cohort, sheet, mapping, {"place": {"luton": "Atlantis"}})
    assert [p.row for p in result.problems if p.column == "place"] == [2, 3, 4]


def test_the_pages_let_a_manager_map_an_unknown_place_then_import(
    client, cohort, django_capture_on_commit_callbacks
):
    from mutuality.organisations.models import Place

    northmere = Place.objects.create(name="Northmere")
    manager = UserFactory(email="pm@icb.example")
    give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    client.force_login(manager)
    rows = [row(email=f"p{i}@trust.example", place="Luton") for i in range(3)]
    upload = io.BytesIO(csv_bytes(rows))
    upload.name = "forms.csv"
    map_url = client.post(reverse("applications:import", args=[cohort.pk]), {"file": upload}).url
    form = {c: c for c in CANONICAL_COLUMNS}
    page = client.post(map_url, {**form, "action": "check"}).content.decode()
    assert "3 problems: nothing has been saved" in page
    assert "3 rows: 2, 3, 4" in page
    assert "Place ‘Luton’ (3 rows)" in page
    choice = {"map:place:Luton": "Northmere"}
    page = client.post(map_url, {**form, **choice, "action": "check"}).content.decode()
    assert "All 3 rows are ready to import" in page
    assert '<option value="Northmere" selected>' in page
    with django_capture_on_commit_callbacks(execute=True):  # the task worker saves them
        client.post(map_url, {**form, **choice, "action": "import"})
    assert Application.objects.filter(place=northmere).count() == 3


def test_the_column_page_says_optional_once_and_only_for_optional_columns(client, cohort):
    from html import unescape

    from mutuality.spreadsheets import COLUMN_LABELS, REQUIRED_COLUMNS

    manager = UserFactory(email="pm@icb.example")
    give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    client.force_login(manager)
    upload = io.BytesIO(csv_bytes([row()]))
    upload.name = "forms.csv"
    map_url = client.post(reverse("applications:import", args=[cohort.pk]), {"file": upload}).url
    page = client.get(map_url).content.decode()
    assert "(optional) (optional)" not in page
    hints = 0
    for name in CANONICAL_COLUMNS:
        label = re.search(rf'<label[^>]*for="id_{name}"[^>]*>\s*(.*?)\s*</label>', page, re.S)
        expected = COLUMN_LABELS[name]
        if name not in REQUIRED_COLUMNS:
            expected += " (optional)"
        assert unescape(label.group(1)) == expected
        # A hint says something the label does not: never the label again.
        hint = re.search(rf'id="id_{name}-hint"[^>]*>\s*(.*?)\s*</div>', page, re.S)
        if hint:
            hints += 1
            assert expected.removesuffix(" (optional)").lower() + "." != hint.group(1).lower()
            assert "(optional)" not in hint.group(1)
    assert hints >= 5
    # Which side someone is on, in the programme's own words.
    aspiring, established = (cohort.programme.side_label(s) for s in ("aspiring", "established"))
    assert f"Each row should say {aspiring.lower()} or {established.lower()}." in page
