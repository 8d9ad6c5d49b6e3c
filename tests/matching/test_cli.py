"""The mutuality-match command on a small invented cohort."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from mutuality.matching.cli import main

FIXTURE = Path(__file__).parent / "data" / "cohort.csv"


def test_writes_pairs_and_unmatched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pairs.csv"
    assert main([str(FIXTURE), "-o", str(out), "--min-gap", "1"]) == 0
    pairs = list(csv.DictReader(out.open()))
    assert len(pairs) == 3
    by_aspiring = {p["aspiring_email"]: p for p in pairs}
    # Same organisation and the line-management chain rule these out.
    assert by_aspiring["ada.okafor@example.org"]["established_email"] != "grace.hopwood@example.org"
    assert all(float(p["score"]) > 0 and p["reasons"] for p in pairs)
    lonely = list(csv.DictReader((tmp_path / "pairs-unmatched.csv").open()))
    reasons = {row["email"]: row["reason"] for row in lonely}
    assert set(reasons) == {"ivy.ng@example.org", "eve.park@example.org"}
    assert reasons["ivy.ng@example.org"] == (
        "Ivy Ng has no possible partner: 2 ruled out because they are in the same "
        "line-management chain (Grace Hopwood and Bea Lund); "
        "2 ruled out by a \u201cplease don't pair me with\u201d request (Dan Ross and Eve Park)"
    )
    assert reasons["eve.park@example.org"].startswith("all 2 of Eve Park's possible partners")
    assert "3 pairs, 2 unmatched" in capsys.readouterr().err


def test_xlsx_input(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    for row in csv.reader(FIXTURE.open()):
        book.active.append(row)
    book.save(tmp_path / "cohort.xlsx")
    assert main([str(tmp_path / "cohort.xlsx"), "-o", str(tmp_path / "p.csv")]) == 0
    assert len(list(csv.DictReader((tmp_path / "p.csv").open()))) == 3


def test_bad_cells_are_reported_with_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "email,side,availability,meeting_modes\n"
        "x@example.org,aspiring,Tue morning,video\n"
        "not-an-email,mentor,Someday soon,pigeon\n"
    )
    assert main([str(bad)]) == 2
    err = capsys.readouterr().err
    # The same messages as the app's import: row and column, in the programme team's words.
    assert "Row 3, column 'email': 'not-an-email' is not an email address." in err
    assert "Row 3, column 'side': 'mentor' is not a side of this programme." in err
    assert "Row 3, column 'availability': 'Someday soon' is not a time we understand" in err
    assert "Row 3, column 'meeting_modes'" in err


def test_missing_column_and_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.csv").write_text("email,name\n")
    assert main([str(tmp_path / "x.csv")]) == 2
    assert main([str(tmp_path / "nope.csv")]) == 2
    err = capsys.readouterr().err
    assert "Row 1, column 'side': no column is chosen for this required answer." in err
    assert "no such file" in err


def test_formula_like_text_is_neutralised(tmp_path: Path) -> None:
    src = tmp_path / "f.csv"
    src.write_text(
        "email,first_name,side,band\n"
        "a@example.org,=HYPERLINK(1),aspiring,Band 5\n"
        "b@example.org,Bo,established,Band 8a\n"
    )
    assert main([str(src), "-o", str(tmp_path / "p.csv")]) == 0
    assert "'=HYPERLINK" in (tmp_path / "p.csv").read_text()


def test_python_dash_m_works() -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "mutuality.matching", str(FIXTURE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("aspiring_email,")


def test_the_apps_export_is_read_and_only_accepted_people_are_matched(tmp_path: Path) -> None:
    """The file the app exports (its headings, 'Tue morning' as the app writes times, and a
    status column) is matched as it is, and nobody but the accepted is paired."""
    from mutuality.spreadsheets import CANONICAL_COLUMNS

    headings = [*CANONICAL_COLUMNS, "status", "line_manager_decision"]

    def row(email, side, org, band, status):
        values = {
            "email": email, "first_name": email.split("@")[0].title(), "last_name": "Test",
            "side": side, "organisation": org, "job_title": "Lead", "band": band,
            "place": "Northmere", "line_manager_email": f"boss.{email}",
            "aspirations": "learn about budgets", "experience": "budgets and finance",
            "availability": "Tue AM; Thursday afternoons", "meeting_modes": "video",
            "status": status, "line_manager_decision": "Approved",
        }  # fmt: skip
        return [values.get(h, "") for h in headings]

    export = tmp_path / "applications.csv"
    with export.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headings)
        writer.writerow(row("ada@trust.example", "aspiring", "Trust", "Band 5", "Accepted"))
        writer.writerow(row("dee@trust.example", "aspiring", "Trust", "Band 5", "Declined"))
        writer.writerow(row("wai@trust.example", "aspiring", "Trust", "Band 6", "Waiting list"))
        writer.writerow(row("eli@icb.example", "established", "ICB", "Band 8c", "Accepted"))
    out = tmp_path / "pairs.csv"
    assert main([str(export), "-o", str(out)]) == 0
    pairs = list(csv.DictReader(out.open()))
    assert [(p["aspiring_email"], p["established_email"]) for p in pairs] == [
        ("ada@trust.example", "eli@icb.example")
    ]
    assert (
        not (tmp_path / "pairs-unmatched.csv").exists()
        or "dee@" not in (tmp_path / "pairs-unmatched.csv").read_text()
    )
