"""Benchmark: how long, and how much memory, it takes to refuse an .xlsx "zip bomb".

    .venv/bin/python bench/xlsx_bomb.py [--unpacked-mb 221] [--rows-over 5000] [--json]

Three files, all made here: a workbook whose one sheet unpacks to ``--unpacked-mb`` MB of XML
(the size of the one reported, 0.86 MB packed); a workbook within the size limit with more
rows than an import accepts; and one just within the size limit that is all one cell (read
in full, then refused by the per-cell check). Each is given to ``tabular.read_sheet``, as an
upload is; the script prints the packed size, seconds and peak memory. Not a test.
"""

import argparse
import io
import json
import resource
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from mutuality import spreadsheets as tabular  # noqa: E402

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
TAIL = b"</sheetData></worksheet>"
ROW = (
    b'<row><c t="inlineStr"><is><t>a@b.example</t></is></c>'
    b'<c t="inlineStr"><is><t>x</t></is></c></row>'
)


def workbook_with_sheet(write_rows) -> bytes:
    """A real workbook (made by openpyxl) whose first sheet's XML is ``write_rows``'s."""
    book = Workbook()
    book.active.append(["email", "first_name"])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename == SHEET:
                with archive.open(SHEET, "w", force_zip64=True) as sheet:
                    sheet.write(HEAD)
                    write_rows(sheet)
                    sheet.write(TAIL)
            else:
                archive.writestr(info.filename, source.read(info))
    return out.getvalue()


def bomb(unpacked_mb: int) -> bytes:
    chunk = ROW * (1024 * 1024 // len(ROW))

    def rows(sheet):
        for _ in range(unpacked_mb):
            sheet.write(chunk)

    return workbook_with_sheet(rows)


def many_rows(n: int) -> bytes:
    def rows(sheet):
        for _ in range(n):
            sheet.write(ROW)

    return workbook_with_sheet(rows)


def one_huge_cell(mb: int) -> bytes:
    """Just under the size limit, all in one cell: the worst a file that is read can do."""

    def rows(sheet):
        sheet.write(b'<row><c t="inlineStr"><is><t>')
        for _ in range(mb):
            sheet.write(b"a" * 1024 * 1024)
        sheet.write(b"</t></is></c></row>")

    return workbook_with_sheet(rows)


def _read(content: bytes) -> str:
    try:
        sheet = tabular.read_sheet("applications.xlsx", content)
    except tabular.FileProblem as problem:
        return f"refused: {problem}"
    return f"read ({len(sheet.rows)} rows); the row check then refuses over-long cells"


def refuse(content: bytes) -> dict:
    """Seconds untraced, then peak Python memory in a second, traced run."""
    started = time.perf_counter()
    message = _read(content)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    _read(content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "packed_mb": round(len(content) / 1024 / 1024, 2),
        "seconds": round(seconds, 4),
        "peak_python_mb": round(peak / 1024 / 1024, 1),
        "message": message,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--unpacked-mb", type=int, default=221)
    parser.add_argument("--rows-over", type=int, default=5000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {
        "zip_bomb": refuse(bomb(args.unpacked_mb)),
        "too_many_rows": refuse(many_rows(tabular.MAX_ROWS + args.rows_over)),
        "one_huge_cell": refuse(one_huge_cell(tabular.MAX_UNPACKED_BYTES // 1024 // 1024 - 1)),
        "max_rss_mb": None,
    }
    results["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name in ("zip_bomb", "too_many_rows", "one_huge_cell"):
        r = results[name]
        print(
            f"{name}: {r['packed_mb']} MB file, {r['seconds']} s, "
            f"peak {r['peak_python_mb']} MB (traced): {r['message']}"
        )
    print(f"process peak RSS (includes making the files): {results['max_rss_mb']} MB")


if __name__ == "__main__":
    main()
