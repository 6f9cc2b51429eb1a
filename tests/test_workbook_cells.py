"""Workbook cells read as a person sees them (issue 24): a date-time at 00:00 is not a
whole day, an error cell (#N/A) is no blank, a merged cell shows its value in every
cell it covers; in one process and in workers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli as run

xlsxwriter = pytest.importorskip("xlsxwriter")
pytest.importorskip("python_calamine")

FLAGS = ["--tz", "America/Chicago", "--as-of", "2026-01-01T00:00Z", "--format", "csv"]
HEADER = ["booking_id", "eligible_at", "released_at"]


def _book(path: Path, rows: list[list[Any]], *, time_format: str = "yyyy-mm-dd hh:mm",
          date1904: bool = False) -> Path:  # fmt: skip
    """A workbook of `rows` below HEADER: datetimes in `time_format`, dates as dates,
    ("=", formula, shown) as a formula that shows an error, ("merge", n, value) merged
    over n rows."""
    options = {"strings_to_formulas": False, "date_1904": date1904}
    book = xlsxwriter.Workbook(str(path), options)
    sheet = book.add_worksheet("roster")
    moment = book.add_format({"num_format": time_format})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, tuple) and value[0] == "=":
                sheet.write_formula(r, c, value[1], None, value[2])
            elif isinstance(value, tuple) and value[0] == "merge":
                sheet.merge_range(r, c, r + value[1] - 1, c, value[2])
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, moment)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return path


def _csv(rows: list[list[str]]) -> str:
    return "\n".join(",".join(row) for row in [HEADER, *rows]) + "\n"


def _verdicts(out: str) -> list[list[str]]:
    return [line.split(",")[3:7] for line in out.splitlines()[1:]]


@pytest.mark.parametrize(
    "time_format", ["yyyy-mm-dd hh:mm", "m/d/yy h:mm AM/PM", "[$-409]m/d/yyyy h:mm:ss"]
)
def test_a_date_time_at_midnight_is_that_moment(tmp_path: Path, time_format: str) -> None:
    """Start and departure at 00:00: judged as the CSV with '00:00' written out."""
    rows: list[list[Any]] = [
        ["B1", dt.datetime(2024, 11, 27, 0, 0), dt.datetime(2024, 12, 3, 0, 0)],
        ["B2", dt.datetime(2024, 3, 10, 0, 0), dt.datetime(2024, 3, 12, 0, 0)],  # clocks spring
        ["B3", dt.datetime(2024, 11, 27, 16, 30), dt.datetime(2024, 12, 2, 0, 0)],
    ]
    path = _book(tmp_path / "roster.xlsx", rows, time_format=time_format)
    code, out, err = run("check", str(path), *FLAGS)
    assert code == 1, err
    text = _csv([
        ["B1", "2024-11-27 00:00", "2024-12-03 00:00"],
        ["B2", "2024-03-10 00:00", "2024-03-12 00:00"],
        ["B3", "2024-11-27 16:30", "2024-12-02 00:00"],
    ])  # fmt: skip
    _, expected, _ = run("check", "-", *FLAGS, stdin=text)
    assert _verdicts(out) == _verdicts(expected)
    assert "possibly-over-detained" not in out  # no row was widened to a whole day
    assert out.splitlines()[1].startswith("B1,2024-11-27 00:00,2024-12-03 00:00,")


def test_a_date_cell_stays_a_whole_day(tmp_path: Path) -> None:
    """A date shown without a time is a date alone: its range is kept."""
    rows: list[list[Any]] = [["B1", dt.date(2024, 11, 25), dt.datetime(2024, 11, 27, 18, 0)]]
    path = _book(tmp_path / "roster.xlsx", rows)
    code, out, err = run("check", str(path), *FLAGS)
    assert code == 1, err
    assert out.splitlines()[1].startswith("B1,2024-11-25,2024-11-27 18:00,")
    assert ",possibly-over-detained," in out


def test_the_1904_date_system_is_read(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["B1", dt.datetime(2024, 11, 27, 0, 0), dt.datetime(2024, 12, 3)]]
    path = _book(tmp_path / "roster.xlsx", rows, date1904=True)
    code, out, err = run("check", str(path), *FLAGS)
    assert code == 1, err
    assert out.splitlines()[1].startswith("B1,2024-11-27 00:00,2024-12-03 00:00,")


@pytest.mark.parametrize(
    ("formula", "shown"),
    [("=NA()", "#N/A"), ("=1/0", "#DIV/0!"), ("=#REF!", "#REF!"), ('=VALUE("x")', "#VALUE!")],
)
@pytest.mark.parametrize("column", [1, 2])
def test_an_error_cell_is_an_error_naming_it(
    tmp_path: Path, formula: str, shown: str, column: int
) -> None:
    row: list[Any] = ["B1", dt.datetime(2024, 11, 27, 16, 30), dt.datetime(2024, 12, 3, 9, 0)]
    row[column] = ("=", formula, shown)
    path = _book(tmp_path / "roster.xlsx", [row])
    code, out, err = run("check", str(path), *FLAGS)
    assert code == 3, err
    line = out.splitlines()[1]
    assert f",{shown}," in line  # written back as the sheet shows it, not blank
    assert ",error," in line and "still" not in line
    assert f"{HEADER[column]}: {shown!r} is an error the spreadsheet shows" in line


def test_an_error_text_in_a_csv_is_refused_too() -> None:
    code, out, err = run("check", "-", *FLAGS, stdin=_csv([["B1", "2024-11-27 16:30", "#N/A"]]))
    assert code == 3, err
    assert "'#N/A' is an error the spreadsheet shows" in out


def test_merged_cells_show_their_value_in_every_row(tmp_path: Path) -> None:
    """A departure merged over a booking's two rows belongs to both."""
    rows: list[list[Any]] = [
        [("merge", 2, "B1"), dt.datetime(2024, 11, 27, 16, 30),
         ("merge", 2, "2024-12-03 09:00")],
        [None, dt.datetime(2024, 11, 28, 16, 30), None],
    ]  # fmt: skip
    path = _book(tmp_path / "roster.xlsx", rows)
    code, out, err = run("check", str(path), *FLAGS)
    assert code == 1, err
    lines = out.splitlines()
    assert lines[1].startswith("B1,2024-11-27 16:30,2024-12-03 09:00,")
    assert lines[2].startswith("B1,2024-11-28 16:30,2024-12-03 09:00,")
    assert ",over-detained," in lines[2]  # not "expired" for a blank departure


def test_workers_read_the_same_cells(tmp_path: Path) -> None:
    """Midnights, errors and merges spread over several batches: 1, 2 and 3 processes
    give the same file."""
    rows: list[list[Any]] = []
    for n in range(25_000):
        start = dt.datetime(2024, 1, 1) + dt.timedelta(hours=7 * n)
        left: Any = start + dt.timedelta(hours=24 * (n % 5))
        if n % 997 == 3:
            left = ("=", "=NA()", "#N/A")
        rows.append([f"B{n}", start, left])
    path = _book(tmp_path / "big.xlsx", rows)
    outputs = []
    for workers in ("1", "2", "3"):
        code, out, err = run("check", str(path), *FLAGS, env={"HOLDCALC_WORKERS": workers})
        assert code == 1, err
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].count(",#N/A,") == sum(1 for n in range(25_000) if n % 997 == 3)
    midnight_rows = [line for line in outputs[0].splitlines() if ",2024-01-01 00:00," in line]
    assert midnight_rows and "possibly" not in midnight_rows[0]


def test_a_sheet_that_starts_at_column_c_gets_its_fixes_in_their_columns(tmp_path: Path) -> None:
    """calamine's rows begin at the first used column; the XML and merged ranges count
    from A. A midnight, an error and a merge on a sheet from C land where they belong."""
    path = tmp_path / "offset.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("roster")
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(2, 2, HEADER)
    sheet.write(3, 2, "B1")
    sheet.write_datetime(3, 3, dt.datetime(2024, 11, 27, 0, 0), moment)
    sheet.write_formula(3, 4, "=NA()", None, "#N/A")
    sheet.merge_range(4, 2, 5, 2, "B2")
    sheet.write_datetime(4, 3, dt.datetime(2024, 11, 27, 16, 30), moment)
    sheet.write_datetime(5, 3, dt.datetime(2024, 11, 28, 16, 30), moment)
    sheet.write_datetime(4, 4, dt.datetime(2024, 11, 29, 9, 0), moment)
    sheet.write_datetime(5, 4, dt.datetime(2024, 12, 6, 9, 0), moment)
    book.close()
    code, out, err = run("check", str(path), *FLAGS)
    assert code == 1, err
    lines = out.splitlines()
    assert lines[1].startswith("B1,2024-11-27 00:00,#N/A,,error,")
    assert lines[2].startswith("B2,2024-11-27 16:30,2024-11-29 09:00,")
    assert lines[3].startswith("B2,2024-11-28 16:30,2024-12-06 09:00,")


def test_parts_spelled_in_another_case_are_read_with_their_cells(tmp_path: Path) -> None:
    """Part names are compared without regard to case (ECMA-376 Part 2, §6.3.5): a writer
    that spells the sheet and styles parts otherwise than the workbook refers to them
    still has its midnights and error cells read, as calamine reads the sheet."""
    import zipfile

    rows = [["B1", dt.datetime(2024, 11, 27), ("=", "=NA()", "#N/A")]]
    whole = _book(tmp_path / "whole.xlsx", rows)
    path = tmp_path / "spelled.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as spelled:
        for item in source.infolist():
            name = item.filename.replace("sheet1.xml", "Sheet1.XML")
            spelled.writestr(name.replace("styles.xml", "Styles.xml"), source.read(item))
    code, out, err = run("check", str(path), *FLAGS)
    assert code == 3, err
    assert out == run("check", str(whole), *FLAGS)[1]
    assert out.splitlines()[1].startswith("B1,2024-11-27 00:00,#N/A,,error,")
