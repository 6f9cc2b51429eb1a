"""Excel in and out: workbooks made here with XlsxWriter, read back with python-calamine."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from holdcalc import RULES, Calendar
from holdcalc.roster.pipeline import run_check
from holdcalc.roster.settings import Format, InputSettings, JudgeSettings, OutputSettings
from holdcalc.roster.source import HeaderSearch
from holdcalc.roster.workbook import BodyBatches, open_sheet, shared
from tests.conftest import run_cli

xlsxwriter = pytest.importorskip("xlsxwriter")
calamine = pytest.importorskip("python_calamine")

AS_OF = "--as-of=2025-06-01T00:00Z"
HEADER = ["Booking", "Name", "Eligible At", "Release Date", "tz"]


def workbook(
    path: Path,
    rows: list[list[Any]],
    *,
    title_rows: int = 6,
    cover: bool = False,
    title: str = "Inmate Release Report",
) -> Path:
    """A records office's report: a cover sheet maybe, titles, then the table."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    if cover:
        book.add_worksheet("Cover").write_string(0, 0, "Public records response #2024-118")
    sheet = book.add_worksheet("Releases")
    when = book.add_format({"num_format": "mm/dd/yyyy h:mm AM/PM"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    if title:
        sheet.write_string(0, 0, title)
    for column, name in enumerate(HEADER):
        sheet.write_string(title_rows, column, name)
    for number, row in enumerate(rows, start=title_rows + 1):
        for column, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(number, column, value, when)
            elif isinstance(value, dt.date):
                sheet.write_datetime(number, column, value, day)
            elif isinstance(value, float | int):
                sheet.write_number(number, column, value)
            elif value:
                sheet.write_string(number, column, value)
    book.close()
    return path


def test_rows_above_the_header_are_counted_when_they_are_empty(tmp_path: Path) -> None:
    # The sheet's data begins on row 4: the three empty rows above still count as lines.
    path = workbook(tmp_path / "report.xlsx", ROWS, title_rows=3, title="")
    assert calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).start == (3, 0)
    _, _, err = run_cli("check", str(path), AS_OF, "--format", "csv")
    assert "the header is on line 4; the 3 line(s) above it were skipped" in err
    _, out, _ = run_cli("check", str(path), AS_OF, "--format", "csv", "--header-row", "4")
    assert out.startswith("Booking,") and len(out.splitlines()) == len(ROWS) + 1


def sheet_rows(path: Path) -> list[list[Any]]:
    book = calamine.CalamineWorkbook.from_path(str(path))
    return list(book.get_sheet_by_index(0).to_python())


ROWS: list[list[Any]] = [
    ["B1", "=HYPERLINK(\"http://x\",\"click\")", dt.datetime(2024, 11, 27, 16, 30),
     "11/28/2024 10:00 AM", "America/Chicago"],
    [1002.0, "Ana", dt.datetime(2024, 11, 27, 16, 30), dt.date(2024, 12, 9), "America/Chicago"],
    # Date cells are wall times in the jail's zone, across the spring-forward night.
    ["B3", "Lee", dt.datetime(2024, 3, 8, 22, 0), dt.datetime(2024, 3, 13, 0, 30),
     "America/New_York"],
    ["B4", "Kim", "11/27/2024 4:30 PM", "", "America/Chicago"],
]  # fmt: skip


def test_a_workbook_with_its_header_on_row_7_is_checked(tmp_path: Path) -> None:
    path = workbook(tmp_path / "report.xlsx", ROWS)
    code, out, err = run_cli("check", str(path), AS_OF, "--format", "csv")
    lines = [line.split(",") for line in out.splitlines()]
    assert "header is on line 7" in err
    statuses = {row[0]: row for row in lines[1:]}
    assert statuses["1002"][5] == "2024-12-02T16:30:00-06:00"
    assert statuses["1002"][6] == "over-detained"  # released some time on 12-09
    # Fri 22:00 EST, weekend skipped, Mon 00:00-Tue 22:00 EDT: 48 counted hours.
    assert statuses["B3"][5] == "2024-03-12T22:00:00-04:00"
    assert statuses["B3"][6] == "over-detained" and statuses["B3"][7] == "2.50"
    assert statuses["B4"][6] == "expired"
    assert code == 1


def test_the_sheet_is_the_first_with_a_start_column_or_the_one_named(tmp_path: Path) -> None:
    path = workbook(tmp_path / "report.xlsx", ROWS, cover=True)
    code, out, _ = run_cli("check", str(path), AS_OF, "--format", "csv")
    assert code == 1 and out.startswith("Booking,")
    for sheet in ("Releases", "2"):
        code, out, _ = run_cli("check", str(path), AS_OF, "--format", "csv", "--sheet", sheet)
        assert out.startswith("Booking,")
    code, out, err = run_cli("check", str(path), AS_OF, "--sheet", "Nope")
    assert code == 3 and "'Cover', 'Releases'" in err and out == ""


def test_excel_out_keeps_every_value_as_text_never_a_formula(tmp_path: Path) -> None:
    source = workbook(tmp_path / "in.xlsx", ROWS)
    target = tmp_path / "checked.xlsx"
    code, out, _ = run_cli("check", str(source), AS_OF, "-o", str(target))
    assert code == 1 and out == ""
    rows = sheet_rows(target)
    assert rows[0][:5] == HEADER and rows[0][5:] == [
        "hold_expires_at", "hold_status", "over_detained_hours", "hold_error",
    ]  # fmt: skip
    assert rows[1][1] == '=HYPERLINK("http://x","click")'
    assert rows[2][0] == "1002"  # as read, as text
    xml = zipfile.ZipFile(target).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # no formula anywhere
    assert "<pane" in xml and "frozen" in xml  # the header stays in view
    assert "<autoFilter" in xml
    assert "<conditionalFormatting" in xml


def test_csv_in_excel_out_and_a_workbook_never_to_stdout(tmp_path: Path) -> None:
    roster = "eligible_at,released_at,tz,note\n2024-11-27 16:30,,UTC,=1+1\n"
    target = tmp_path / "out.xlsx"
    code, _, _ = run_cli("check", "-", AS_OF, "-o", str(target), stdin=roster)
    assert code == 1
    assert sheet_rows(target)[1][3] == "=1+1"
    code, out, err = run_cli("check", "-", AS_OF, "--format", "xlsx", stdin=roster)
    assert code == 4 and out == "" and "-o FILE.xlsx" in err


def test_a_file_that_is_not_a_workbook_says_so(tmp_path: Path) -> None:
    fake = tmp_path / "roster.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    code, out, err = run_cli("check", str(fake), AS_OF)
    assert code == 3 and out == "" and "cannot be read as a workbook" in err


def _big_rows(count: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for n in range(count):
        start = dt.datetime(2024, 1, 1, 8, 0) + dt.timedelta(hours=7 * n)
        left: Any = start + dt.timedelta(hours=(n * 13) % 150) if n % 4 else ""
        zone = "America/Chicago" if n % 3 else "UTC"
        # An empty row now and then: kept as a blank line, and counted.
        rows.append([] if n % 9_001 == 500 else [f"B{n}", "", start, left, zone])
    return rows


def test_a_large_workbook_judged_in_workers_matches_one_process(tmp_path: Path) -> None:
    # 25,000 rows: three batches for the workers, on the book's second sheet.
    rows = _big_rows(25_000)
    path = workbook(tmp_path / "big.xlsx", rows, cover=True)
    options = JudgeSettings(RULES["cfr"], Calendar(), dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    outputs = []
    for workers in (1, 2, 3):
        target = tmp_path / f"out-{workers}.csv"
        source = InputSettings(str(path), sheet="Releases")
        outcome = run_check(
            source, options, OutputSettings(Format.CSV, str(target)), workers=workers
        )
        assert outcome.workers == workers
        assert outcome.summary.rows == sum(1 for row in rows if row)
        outputs.append(target.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].count("\n") == 1 + sum(1 for row in rows if row)


def test_a_worker_reads_its_batches_from_the_sheet_in_memory_or_from_the_file(
    tmp_path: Path,
) -> None:
    rows = _big_rows(2_500)
    path = workbook(tmp_path / "big.xlsx", rows)
    source = InputSettings(str(path))
    sheet = open_sheet(source, HeaderSearch(str(path), None, None, None))
    expected = list(sheet.rows)
    assert len(expected) == sheet.body_rows == len(rows)
    with shared(sheet, str(path)) as place:
        in_memory = BodyBatches(place, 1_000)
        # Batches out of order (a worker steps over the others'; an earlier one restarts).
        assert in_memory.batch(2) == expected[2_000:]
        assert in_memory.batch(0) == expected[:1_000]
        assert in_memory.batch(1) == expected[1_000:2_000]
        assert in_memory.batch(3) == []
    from_file = BodyBatches(place, 1_000)  # a worker started afresh (no fork) loads it
    assert from_file.batch(1) == expected[1_000:2_000]


@pytest.mark.parametrize("module", ["python_calamine", "xlsxwriter"])
def test_without_the_excel_extra_one_line_says_what_to_install(
    module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    source = workbook(tmp_path / "in.xlsx", ROWS)
    monkeypatch.setitem(sys.modules, module, None)  # as if it were not installed
    args = ("check", str(source), AS_OF, "-o", str(tmp_path / "out.xlsx"))
    code, out, err = run_cli(*args)
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and "pip install 'holdcalc[excel]'" in err
    assert not (tmp_path / "out.xlsx").exists() and not list(tmp_path.glob(".holdcalc-*"))


# --- OpenDocument spreadsheets (.ods), written here by hand: a zip of XML ------------------

_ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/"
  manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def _ods_cell(value: object) -> str:
    if isinstance(value, dt.datetime):
        stamp = value.isoformat()
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{stamp}">'
            f"<text:p>{stamp}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def ods(path: Path, rows: list[list[object]], sheet: str = "Holds") -> Path:
    """A minimal OpenDocument spreadsheet: one sheet of string and date cells."""
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )  # stored first and uncompressed, as the format asks
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_an_opendocument_spreadsheet_is_read_with_its_date_cells(tmp_path: Path) -> None:
    path = ods(
        tmp_path / "holds.ods",
        [
            ["Release report"],
            ["booking_id", "eligible_at", "released_at", "tz"],
            ["O-1", dt.datetime(2024, 11, 27, 16, 30), dt.datetime(2024, 12, 3, 9, 0),
             "America/Chicago"],
            ["O-2", "11/27/2024 4:30 PM", "11/29/2024 10:15 AM", "America/Chicago"],
        ],
    )  # fmt: skip
    code, out, err = run_cli("check", str(path), "--format", "csv")
    assert code == 1, err
    lines = out.splitlines()
    assert lines[1].startswith("O-1,2024-11-27 16:30,2024-12-03 09:00,America/Chicago,")
    assert ",over-detained,16.50," in lines[1]  # the date cells read as local wall times
    assert ",within-hold,0.00," in lines[2]
    assert "the header is on line 2" in err


def test_a_legacy_xls_workbook_is_read_with_its_date_cells() -> None:
    # The binary Excel 97-2003 format: a records office's report, titles above the header
    # on row 7, date cells and text. Kept as a file, made by tests/fixtures/make_legacy_report
    # (no library on the project's package index writes the format).
    path = Path(__file__).parent / "fixtures" / "legacy_report.xls"
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # an OLE2 file, not a zip
    code, out, err = run_cli("check", str(path), AS_OF, "--format", "csv")
    assert code == 1, err
    assert "header is on line 7" in err
    rows = {row[0]: row for row in (line.split(",") for line in out.splitlines()[1:])}
    assert set(rows) == {"B1", "1002", "B3", "B4"}  # 1002.0, a number cell, without ".0"
    # Across the spring-forward weekend in New York, from date cells: 48 counted hours.
    assert rows["B3"][5:7] == ["2024-03-12T22:00:00-04:00", "over-detained"]
    assert rows["B4"][5:7] == ["2024-12-02T16:30:00-06:00", "expired"]  # a text cell


@settings(max_examples=300)
@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_a_date_cell_is_written_to_the_minute_or_the_rounded_second(moment: dt.datetime) -> None:
    from holdcalc.roster.workbook import cell_text

    rounded = moment + dt.timedelta(microseconds=500_000 if moment.microsecond else 0)
    rounded = rounded.replace(microsecond=0)
    want = rounded.strftime("%Y-%m-%d %H:%M" if rounded.second == 0 else "%Y-%m-%d %H:%M:%S")
    assert cell_text(moment) == want


def _two_sheets(path: Path) -> Path:
    """A workbook whose first sheet, hidden, holds last year's table; the shown one now's."""
    book = xlsxwriter.Workbook(str(path))
    old, current = book.add_worksheet("Old"), book.add_worksheet("Current")
    for sheet, start in ((old, "2020-01-01 10:00"), (current, "2024-11-27 16:30")):
        sheet.write_row(0, 0, ["booking_id", "eligible_at", "released_at", "tz"])
        sheet.write_row(1, 0, ["A", start, "", "America/Chicago"])
    old.hide()
    current.activate()
    book.close()
    return path


def test_the_sheet_a_person_sees_is_read_before_a_hidden_one(tmp_path: Path) -> None:
    path = _two_sheets(tmp_path / "book.xlsx")
    _, out, err = run_cli("check", str(path), AS_OF, "--format", "csv")
    assert "A,2024-11-27 16:30," in out and "2020" not in out
    assert "holdcalc: read sheet 'Current' (2 of 2); --sheet NAME|N to choose another" in err
    _, out, err = run_cli("check", str(path), AS_OF, "--format", "csv", "--sheet", "Old")
    assert "A,2020-01-01 10:00," in out
    assert "warning: read sheet 'Old' (1 of 2), which the workbook hides" in err


def test_a_workbook_of_one_sheet_says_nothing_of_sheets(tmp_path: Path) -> None:
    path = workbook(tmp_path / "report.xlsx", ROWS)
    _, _, err = run_cli("check", str(path), AS_OF, "--format", "csv")
    assert "read sheet" not in err


def test_the_sheet_asked_for_is_the_one_read_even_without_a_roster(tmp_path: Path) -> None:
    # --sheet 2 names a sheet of notes: the run is refused with that sheet's columns,
    # never turned to the first sheet, which holds a roster.
    book = xlsxwriter.Workbook(str(tmp_path / "two.xlsx"))
    roster, notes = book.add_worksheet("Roster"), book.add_worksheet("Notes")
    roster.write_row(0, 0, ["booking_id", "eligible_at", "released_at", "tz"])
    roster.write_row(1, 0, ["A", "2024-11-27 16:30", "", "America/Chicago"])
    notes.write_row(0, 0, ["note", "author"])
    book.close()
    code, out, err = run_cli(
        "check", str(tmp_path / "two.xlsx"), AS_OF, "--format", "csv", "--sheet", "2"
    )
    assert code == 2 and out == ""
    assert "the columns are: 'note', 'author'" in err


def test_an_empty_sheet_says_so(tmp_path: Path) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "empty.xlsx"))
    book.add_worksheet("Blank")
    book.close()
    code, out, err = run_cli("check", str(tmp_path / "empty.xlsx"), AS_OF, "--format", "csv")
    assert code == 3 and out == ""
    assert err == "holdcalc: error: sheet 'Blank' is empty: a header row is needed\n"


def test_a_workbook_on_standard_input_is_refused_for_what_it_is(tmp_path: Path) -> None:
    path = workbook(tmp_path / "report.xlsx", ROWS)
    code, out, err = run_cli("check", "-", AS_OF, "--format", "csv", stdin=path.read_bytes())
    assert code == 3 and out == ""
    assert (
        "'-' is a workbook (Excel or OpenDocument) or a zip archive, which is read only from "
        "a file: save it and give its path"
    ) in err
    assert "--encoding" not in err  # not the advice for text in another encoding


@pytest.mark.parametrize(("title", "title_rows"), [("Inmate Release Report", 6), ("", 3), ("", 0)])
def test_a_per_charge_sheet_is_warned_of_and_every_row_kept(
    tmp_path: Path, title: str, title_rows: int
) -> None:
    """The first rows below the header are looked at afresh, wherever the header is; the
    run's own reading of the sheet starts where it was."""
    rows: list[list[Any]] = [
        ["B1", "A", dt.datetime(2024, 3, 1, 9), dt.datetime(2024, 3, 20, 8), "America/Chicago"],
        ["B1", "A", dt.datetime(2024, 3, 18, 10), dt.datetime(2024, 3, 20, 8), "America/Chicago"],
        ["B2", "B", dt.datetime(2024, 4, 1, 9), dt.datetime(2024, 4, 2, 9), "America/Chicago"],
    ]
    path = workbook(tmp_path / "charges.xlsx", rows, title_rows=title_rows, title=title)
    code, out, err = run_cli("check", str(path), AS_OF, "--format", "csv")
    assert code == 1, err
    assert [line.split(",")[0] for line in out.splitlines()] == ["Booking", "B1", "B1", "B2"]
    assert "warning: Booking 'B1' has 2 rows with different starts" in err
