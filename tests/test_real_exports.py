"""Per-charge exports as jails print them (issue 21), in fixtures of our own shaped like
the public Pierce County and Travis County files: charge times rounded past the
departure, dispositions read where they are, hold markers read where they belong."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli as run

# Pierce-shaped: pipe-delimited, one row per charge, the hold row a charge of its own,
# charge releases rounded to the hour or half hour.
PIERCE = (
    "booking_id|booking_dt|release_dt|booking_charge_desc|charge_release_dt|"
    "release_disposition_desc\n"
    # left at 08:15; the last criminal charge 'released' at 10:00 (rounded up)
    "A1|2017-03-20 11:43:00|2017-03-30 08:15:00|THEFT 3|2017-03-30 10:00:00|Time Served\n"
    "A1|2017-03-20 11:43:00|2017-03-30 08:15:00|HOLD IMMIGRAT|2017-03-30 10:00:00|Immigration\n"
    # held on the hold past its end
    "A2|2017-05-01 09:00:00|2017-05-10 12:00:00|ASSAULT 4|2017-05-05 09:00:00|Dismissed\n"
    "A2|2017-05-01 09:00:00|2017-05-10 12:00:00|HOLD IMMIGRAT||Immigration\n"
    # released to ICE within the hold
    "A3|2017-06-01 09:00:00|2017-06-02 15:00:00|DUI|2017-06-02 14:30:00|Time Served\n"
    "A3|2017-06-01 09:00:00|2017-06-02 15:00:00|HOLD IMMIGRAT||Immigration\n"
)
FLAGS = ["--group-by", "booking_id", "--start-col", "charge_release_dt", "--released-col",
         "release_dt", "--booked-col", "booking_dt", "--tz", "America/Los_Angeles",
         "--format", "csv", "--delimiter", "|"]  # fmt: skip


def _statuses(out: str) -> dict[str, list[str]]:
    lines = list(csv.reader(io.StringIO(out)))
    at = lines[0].index("hold_status")
    return {line[0]: line[at:] for line in lines[1:]}


def test_a_departure_before_the_rounded_charge_time_left_before_the_hold() -> None:
    code, out, err = run("check", "-", *FLAGS, stdin=PIERCE)
    assert code == 1, err
    found = _statuses(out)
    status, hours, note = found["A1"][0], found["A1"][1], found["A1"][2]
    assert (status, hours) == ("left-before-hold", "0.00")
    assert note == (
        "column release_dt: '2017-03-30 08:15:00' is 1.75 h before the hold could begin "
        "('2017-03-30 10:00:00'), so no time was held on it"
    )
    assert found["A2"][0] == "over-detained" and found["A3"][0] == "within-hold"
    assert "left-before-hold: 1" in err and "error: 0" in err


def test_a_left_before_hold_booking_is_never_flagged_nor_an_error() -> None:
    only = "\n".join(PIERCE.splitlines()[:3]) + "\n"
    code, out, err = run("check", "-", *FLAGS, stdin=only)
    assert code == 0, err  # not flagged, not an error
    assert _statuses(out)["A1"][0] == "left-before-hold"


def test_a_date_alone_departure_the_same_day_is_not_left_before() -> None:
    """Left 'on 2017-03-30', the hold from 10:00 that day: it may have run; judged."""
    text = PIERCE.replace("2017-03-30 08:15:00", "2017-03-30")
    code, out, err = run("check", "-", *FLAGS, stdin=text)
    assert code == 1, err
    assert _statuses(out)["A1"][0] == "within-hold", err


def test_a_tidy_roster_keeps_its_error_for_a_departure_before_the_start() -> None:
    text = "eligible_at,released_at\n2017-03-30 10:00,2017-03-30 08:15\n"
    code, out, _ = run("check", "-", "--tz", "America/Los_Angeles", "--format", "csv", stdin=text)
    assert code == 3
    assert ",error,," in out and "is before the hold started" in out


@pytest.mark.parametrize(
    "column", ["Disposition Type", "disposition_type", "release_disposition_desc"]
)
def test_dispositions_are_read_by_their_aliases(column: str) -> None:
    text = (
        f"booking_no,charge_literal,disposition_date,{column}\n"
        "0018288,CITY ORDINANCE VIOLATION,2000-04-21,RELEASED TO PAY\n"
        "0018288,ICE DETAINER,2000-04-24,RELEASED TO ICE\n"
    )
    code, out, err = run(
        "check", "-", "--group-by", "booking_no", "--start-col", "disposition_date",
        "--still-held", "--tz", "America/Chicago", "--format", "jsonl",
        "--as-of", "2000-04-24T12:00Z", stdin=text,
    )  # fmt: skip
    assert code in (0, 1), err
    assert '"dispositions": "RELEASED TO PAY; RELEASED TO ICE"' in out
    assert '"booking_no": "0018288"' in out  # zero-padded, kept as text


def test_disposition_col_names_another_column() -> None:
    text = (
        "booking_no,charge_literal,disposition_date,how_it_ended,disposition_type\n"
        "1,THEFT,2000-04-21,BONDED OUT,X\n"
        "1,ICE DETAINER,2000-04-24,RELEASED TO ICE,Y\n"
    )
    flags = [
        "--group-by", "booking_no", "--start-col", "disposition_date", "--still-held",
        "--tz", "America/Chicago", "--format", "jsonl", "--as-of", "2000-04-24T12Z",
    ]  # fmt: skip
    code, out, err = run("check", "-", *flags, "--disposition-col", "how_it_ended", stdin=text)
    assert '"dispositions": "BONDED OUT; RELEASED TO ICE"' in out, err
    code, out, err = run("check", "-", *flags, "--disposition-col", "nope", stdin=text)
    assert code == 2 and "--disposition-col" in err and "'nope'" in err


def test_disposition_col_needs_group_by() -> None:
    code, out, err = run("check", "-", "--disposition-col", "x", stdin="eligible_at\n")
    assert code == 2 and out == "" and "need --group-by" in err


# Travis-shaped, flattened: dates only, no departure column; the hold is the charge
# line 4200 ICE DETAINER, and its own disposition is how the hold ended.
TRAVIS = (
    "booking_no,booking_date,charge_code,charge_literal,disposition_date,disposition_type\n"
    "0018288,2000-04-21,3299,CITY ORDINANCE VIOLATION,2000-04-21,RELEASED TO PAY\n"
    "0018288,2000-04-21,4200,ICE DETAINER,2000-04-24,RELEASED TO ICE\n"  # Fri -> Mon
    "0035025,2000-08-08,0600,THEFT (MC),2000-08-09,RELEASED TO APPEAR\n"
    "0035025,2000-08-08,4200,ICE DETAINER,2000-08-29,RELEASED TO ICE\n"  # 20 days later
    "0102014,2001-01-14,0600,THEFT,,\n"  # undisposed criminal charge
    "0102014,2001-01-14,4200,ICE DETAINER,,\n"
    "0200000,2002-02-01,0600,THEFT,2002-02-05,ICE DETAINER RELEASED\n"  # not a hold row
)
TRAVIS_FLAGS = ["--group-by", "booking_no", "--start-col", "disposition_date", "--booked-col",
                "booking_date", "--tz", "America/Chicago", "--as-of", "2016-10-04T12:00",
                "--format", "csv", "--all-bookings"]  # fmt: skip


def test_without_a_departure_column_the_hold_ends_at_its_own_disposition() -> None:
    code, out, err = run("check", "-", *TRAVIS_FLAGS, stdin=TRAVIS)
    assert code == 1, err
    rows = list(csv.DictReader(io.StringIO(out)))
    found = {row["booking_no"]: row for row in rows}
    assert list(found) == ["0018288", "0035025", "0102014", "0200000"]  # zero-padded kept
    first, long, open_, theft = (found[k] for k in found)
    assert first["hold_ended_at"] == "2000-04-24" and first["hold_status"] == "within-hold"
    assert first["dispositions"] == "RELEASED TO PAY; RELEASED TO ICE"
    assert long["hold_ended_at"] == "2000-08-29" and long["hold_status"] == "over-detained"
    assert open_["hold_status"] == "not-started"
    assert theft["hold_status"] == "no-hold"  # its disposition names a detainer: not a hold
    assert "each booking's hold is taken to end at its hold row's own 'disposition_date'" in err
    assert "1 row(s) name a hold only outside a charge column" in err


def test_a_departure_column_wins_over_the_hold_rows_own_date() -> None:
    text = TRAVIS.replace("disposition_type\n", "disposition_type,released_at\n", 1)
    text = text.replace("RELEASED TO ICE\n", "RELEASED TO ICE,\n")
    code, out, err = run("check", "-", *TRAVIS_FLAGS, stdin=text)
    assert code == 1, err
    assert "hold_ended_at" not in out.splitlines()[0]
    assert "taken to end at its hold row" not in err


def test_a_short_charge_row_is_padded_not_a_crash() -> None:
    text = "booking_id,charge,charge_release_dt,release_dt,notes\nB1,THEFT,2020-03-02 08:00\n"
    code, out, err = run("check", "-", "--group-by", "booking_id", "--tz", "UTC",
                         "--format", "csv", "--all-bookings", stdin=text)  # fmt: skip
    assert code == 0, err
    assert "internal error" not in err and ",no-hold," in out


# --- a printed report: booking lines, repeated charge sub-headers ----------------------

BOOKING_HEAD = ["Booking No", "Booking Name", "Race", "Sex", "", "Age", "Booking Date",
                "Place of Birth"]  # fmt: skip
CHARGE_HEAD = ["Charge", "Charge Literal", "Level", "Sentence", "", "Disposition Date",
               "Disposition Type", ""]  # fmt: skip
STACKED_ROWS: list[list[str]] = [
    ["Sheriff's Office\nIn Custody Inmates with an INS Detainer added", *[""] * 7],
    [""] * 8,
    BOOKING_HEAD,
    ["0018288", "NAME WITHHELD", "W", "M", "", "29", "2000-04-21", "Mexico"],
    CHARGE_HEAD,
    ["3299", "CITY ORDINANCE VIOLATION", "C", "", "", "2000-04-21", "RELEASED TO PAY", ""],
    ["4200", "ICE DETAINER", "F", "", "", "2000-04-24", "RELEASED TO ICE", ""],
    [""] * 8,
    ["0035025", "NAME WITHHELD", "W", "M", "", "17", "2000-08-08", "Texas"],
    CHARGE_HEAD,
    ["0600", "THEFT (MC)", "C", "", "", "2000-08-09", "ICE DETAINER RELEASED", ""],
    BOOKING_HEAD,  # a page break repeats the booking header ...
    CHARGE_HEAD,  # ... and the sub-header, inside the same booking
    ["4200", "ICE DETAINER", "F", "", "", "2000-08-29", "RELEASED TO ICE", ""],
    [""] * 8,
    ["0102014", "NAME WITHHELD", "H", "F", "", "51", "2001-01-14", "Texas"],
    CHARGE_HEAD,
    ["0600", "THEFT", "C", "", "", "", "", ""],  # undisposed
    ["4200", "ICE DETAINER", "F", "", "", "", "", ""],
    [""] * 8,
    [""] * 8,
    ["This is a list of all inmates with an INS Detainer added.", *[""] * 7],
]
STACKED_FLAGS = ["--group-by", "Booking No", "--start-col", "Disposition Date",
                 "--booked-col", "Booking Date", "--tz", "America/Chicago",
                 "--as-of", "2016-10-04T12:00", "--format", "csv"]  # fmt: skip


def _stacked_csv(tmp_path: Path) -> Path:
    path = tmp_path / "report.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(STACKED_ROWS)
    return path


def _stacked_workbook(tmp_path: Path) -> Path:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path / "report.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("ICE - Detainer Added")
    day = book.add_format({"num_format": "m/d/yyyy"})
    for r, row in enumerate(STACKED_ROWS):
        for c, value in enumerate(row):
            if len(value) == 10 and value[4] == "-" and value[:4].isdigit():
                sheet.write_datetime(r, c + 1, dt.datetime.fromisoformat(value), day)
            elif value:
                sheet.write_string(r, c + 1, value)  # from column B, as the county's
    sheet.merge_range(0, 1, 0, 8, STACKED_ROWS[0][0])
    book.close()
    return path


@pytest.mark.parametrize("shape", ["csv", "xlsx"])
def test_a_stacked_report_is_read_as_charge_rows(tmp_path: Path, shape: str) -> None:
    path = _stacked_csv(tmp_path) if shape == "csv" else _stacked_workbook(tmp_path)
    code, out, err = run("check", str(path), *STACKED_FLAGS, "--all-bookings")
    assert code == 1, err
    rows = list(csv.DictReader(io.StringIO(out)))
    found = {row["Booking No"]: row for row in rows}
    assert list(found) == ["0018288", "0035025", "0102014"]  # zero-padded, in order
    assert found["0018288"]["hold_status"] == "within-hold"
    assert found["0018288"]["hold_ended_at"] == "2000-04-24"
    assert found["0035025"]["hold_status"] == "over-detained"  # the charge after the break
    assert found["0035025"]["charges"] == "2"
    assert found["0102014"]["hold_status"] == "not-started"
    footer = "23" if shape == "csv" else "22"  # the CSV's title cell spans two lines
    assert (
        "read as a stacked report: 3 booking lines, 6 charge lines, 1 repeated headers; "
        f"skipped line(s) {footer} (neither a booking nor a charge)"
    ) in err
    assert "1 row(s) name a hold only outside a charge column" in err


def test_layout_table_reads_it_as_a_table(tmp_path: Path) -> None:
    code, out, err = run("check", str(_stacked_csv(tmp_path)), *STACKED_FLAGS, "--layout",
                         "table")  # fmt: skip
    assert code == 2 and out == ""
    assert "--group-by 'Booking No': no such column" in err


def test_layout_stacked_on_a_flat_file_says_it_is_not_one(tmp_path: Path) -> None:
    flat = tmp_path / "flat.csv"
    flat.write_text(TRAVIS, encoding="utf-8")
    code, out, err = run("check", str(flat), *TRAVIS_FLAGS, "--layout", "stacked")
    assert "not-started" not in out
    assert code == 3 and out == ""
    assert "is not a stacked report" in err


def test_a_stacked_report_on_standard_input_is_read_when_asked(tmp_path: Path) -> None:
    text = _stacked_csv(tmp_path).read_text(encoding="utf-8")
    code, out, err = run("check", "-", *STACKED_FLAGS, "--layout", "stacked", stdin=text)
    assert code == 1, err
    assert "read as a stacked report: 3 booking lines" in err
    assert out.splitlines()[1].startswith("0018288,")


def test_summary_and_report_carry_holds_per_month(tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    pytest.importorskip("matplotlib")
    summary, page = tmp_path / "summary.json", tmp_path / "report.html"
    code, _, err = run(
        "check", str(_stacked_csv(tmp_path)), *STACKED_FLAGS, "--summary-json", str(summary),
        "--report", str(page),
    )  # fmt: skip
    assert code == 1, err
    months = json.loads(summary.read_text(encoding="utf-8"))["holds_per_month"]
    # 0035025 was booked in August 2000 and its hold began on 9 August; 0102014's
    # criminal charge has no release, so its hold has no start to count.
    assert months == {
        "by_hold_start": {"2000-04": 1, "2000-08": 1},
        "by_booking_date": {"2000-04": 1, "2000-08": 1, "2001-01": 1},
    }
    html = page.read_text(encoding="utf-8")
    table = html.split('id="table-holds-per-month"')[1].split("</table>")[0]
    assert [m for m in ("2000-04", "2000-08", "2001-01") if m in table] == [
        "2000-04",
        "2000-08",
        "2001-01",
    ]
    assert "The file gives no departure" in html


def test_a_tidy_roster_has_no_holds_per_month_in_its_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    code, _, err = run("check", "-", "--tz", "UTC", "--summary-json", str(summary),
                       stdin="eligible_at,released_at\n2024-11-27 16:30,\n")  # fmt: skip
    assert code == 1, err
    assert "holds_per_month" not in json.loads(summary.read_text(encoding="utf-8")), err


def test_a_bookings_top_charge_column_marks_no_row() -> None:
    """max_charge_desc repeats the booking's top charge on every row: where that is the
    hold, its criminal rows are not hold rows (the hold began after them)."""
    text = (
        "booking_id|booking_charge_desc|max_charge_desc|charge_release_dt|release_dt\n"
        "B1|THEFT 3|HOLD IMMIGRAT|2017-05-05 09:00:00|2017-05-20 12:00:00\n"
        "B1|HOLD IMMIGRAT|HOLD IMMIGRAT||2017-05-20 12:00:00\n"
    )
    flags = ["--group-by", "booking_id", "--tz", "America/Los_Angeles", "--format", "csv",
             "--delimiter", "|", "--start-col", "charge_release_dt"]  # fmt: skip
    code, out, err = run("check", "-", *flags, stdin=text)
    assert code == 1, err
    assert _statuses(out)["B1"][0] == "over-detained"
    assert "hold rows where booking_charge_desc contains 'HOLD IMMIGRAT': 1" in err
    assert "max_charge_desc: 'HOLD IMMIGRAT'" in err  # said, not taken


def test_a_flat_export_with_its_header_repeated_is_no_stacked_report(tmp_path: Path) -> None:
    """Two exports pasted together repeat the header under a data row: still a table."""
    flat = tmp_path / "two.csv"
    head = "booking_id,charge,charge_release_dt,release_dt\n"
    flat.write_text(
        head
        + "B1,THEFT,2020-03-02 08:00,2020-03-03 08:00\nB1,ICE HOLD,,2020-03-03 08:00\n"
        + head
        + "B2,DUI,2020-03-02 08:00,2020-03-20 08:00\nB2,ICE HOLD,,2020-03-20 08:00\n",
        encoding="utf-8",
    )
    code, out, err = run("check", str(flat), "--group-by", "booking_id", "--tz", "UTC",
                         "--format", "csv")  # fmt: skip
    assert code == 1 and "stacked report" not in err
    found = _statuses(out)
    assert found["B1"][0] == "within-hold" and found["B2"][0] == "over-detained", err


def test_an_unclosed_quote_in_a_per_charge_file_names_its_line(tmp_path: Path) -> None:
    text = 'booking_id,charge,charge_release_dt,release_dt\nB1,"THEFT,2020-03-02 08:00,\n'
    code, out, err = run("check", "-", "--group-by", "booking_id", "--tz", "UTC", stdin=text)
    assert code == 3 and out == ""
    assert err.startswith("holdcalc: error: '-', line 2: a quoted field opens here")
    path = tmp_path / "q.csv"
    path.write_text(text, encoding="utf-8")
    code, _, err = run("check", str(path), "--group-by", "booking_id", "--tz", "UTC")
    assert code == 3 and "line 2: a quoted field opens here" in err


@pytest.mark.parametrize("shape", ["csv", "xlsx"])
@pytest.mark.parametrize("header_row", [None, "3"])
def test_a_report_read_as_a_table_is_told_how_reports_are_read(
    tmp_path: Path, shape: str, header_row: str | None
) -> None:
    """Without --group-by no start column is found in a printed report's header (its
    title, or the booking header): the error says the rows look like a report, naming
    the sub-header that repeats, and how such a report is read."""
    path = _stacked_csv(tmp_path) if shape == "csv" else _stacked_workbook(tmp_path)
    chosen = [] if header_row is None else ["--header-row", header_row]
    code, out, err = run("check", str(path), "--tz", "America/Chicago", *chosen)
    assert code == 2 and out == ""
    assert err.startswith("holdcalc: error: no hold-start column") and err.count("\n") == 1
    assert (
        "these rows look like a printed report, the row 'Charge | Charge Literal | Level | "
        "Sentence | Disposition Date | Disposition Type' coming back under booking lines: "
        "read it one row per charge with --group-by (a column of the booking lines) and "
        "--start-col\n"
    ) in err


def test_a_table_without_a_start_column_is_not_called_a_report() -> None:
    """Rows that repeat, but not each under another line (one row three times running;
    another after a blank line), are no report's sub-header."""
    text = "booking_id,released_at\nB1,2024-11-27\nB1,2024-11-27\nB1,2024-11-27\n\nB2,x\n"
    text += "B3,y\n\nB2,x\n\nB2,x\n"
    code, out, err = run("check", "-", "--tz", "UTC", stdin=text)
    assert code == 2 and out == ""
    assert "no hold-start column" in err and "printed report" not in err


def test_a_per_charge_export_without_a_start_column_is_told_how_it_is_read() -> None:
    code, out, err = run("check", "-", "--tz", "America/Chicago", stdin=TRAVIS)
    assert code == 2 and out == ""
    assert err.startswith("holdcalc: error: no hold-start column") and err.count("\n") == 1
    assert err.endswith(
        "name it with --start-col; the rows look like one row per charge (booking_no "
        "'0018288' on 2 rows): to judge each booking by its hold row, give "
        "--group-by 'booking_no' and --start-col naming when each charge was released\n"
    )


def test_a_per_charge_export_read_as_holds_is_warned_of_once() -> None:
    """Its rows judged as asked, every one kept; one warning naming the --group-by."""
    flags = ["--start-col", "disposition_date", "--still-held", "--tz", "America/Chicago"]
    code, out, err = run("check", "-", *flags, "--as-of", "2016-10-04T12:00", "--format",
                         "csv", stdin=TRAVIS)  # fmt: skip
    assert code == 1 and len(out.splitlines()) == 8
    assert err.count("warning:") == 1
    assert (
        "holdcalc: warning: booking_no '0018288' has 2 rows with different "
        "starts (2 such booking(s) in the first rows)"
    ) in err
