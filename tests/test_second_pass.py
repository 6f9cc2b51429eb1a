"""The second adversarial pass (issue 24): each defect found, with the example that
showed it and variants of our own. Each class is listed in docs/checking-rosters.md."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from holdcalc.cli import EXIT_IO
from tests.conftest import run_cli as run

ROSTER = "booking_id,eligible_at,released_at\nB1,2024-11-27 16:30,2024-11-29 09:00\n"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- an input given on standard input is never written over ---------------------------


@pytest.mark.parametrize("flag", ["-o", "--summary-json", "--report", "--ics"])
@pytest.mark.parametrize("linked", [False, True])
def test_redirected_stdin_is_an_input(tmp_path: Path, flag: str, linked: bool) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    target = roster
    if linked:  # a hard link to the file behind stdin is that file too
        target = tmp_path / "same.csv"
        target.hardlink_to(roster)
    before = _digest(roster)
    with roster.open("rb") as stdin:
        result = subprocess.run(
            [sys.executable, "-m", "holdcalc", "check", "-", flag, str(target), "--tz",
             "America/Chicago"],
            stdin=stdin, capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert result.returncode == EXIT_IO, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "is the input file (given on standard input)" in result.stderr
    assert _digest(roster) == before


def test_stdin_from_a_pipe_still_writes_its_output(tmp_path: Path) -> None:
    out = tmp_path / "checked.csv"
    result = subprocess.run(
        [sys.executable, "-m", "holdcalc", "check", "-", "-o", str(out), "--tz",
         "America/Chicago"],
        input=ROSTER, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "within-hold" in out.read_text(encoding="utf-8")


# --- a cell that names a hold only to deny it is no hold row --------------------------

PER_CHARGE = (
    "booking_id,charge,notes,charge_release_dt,release_dt\n"
    "{rows}"
    "B9,THEFT,,2020-03-02 08:00,2020-03-03 08:00\n"
    "B9,ICE DETAINER,,,2020-03-03 08:00\n"
)
BOOKING_FLAGS = ["--group-by", "booking_id", "--tz", "America/Chicago", "--start-col",
                 "charge_release_dt", "--released-col", "release_dt", "--all-bookings",
                 "--format", "csv"]  # fmt: skip


@pytest.mark.parametrize(
    "note",
    [
        "NO ICE HOLD",
        "Not an ICE detainer",
        "ICE HOLD CANCELLED",
        "ice hold canceled",
        "Immigration detainer withdrawn",
        "no immigration hold per ICE",
        "ICE DETAINER - LIFTED",
        "Non ICE hold",
    ],
)
def test_a_denied_hold_is_not_a_hold_row(note: str) -> None:
    text = PER_CHARGE.format(rows=f"B1,{note},,2020-03-02 08:00,2020-03-20 08:00\n")
    code, out, err = run("check", "-", *BOOKING_FLAGS, stdin=text)
    assert code == 0, err
    lines = out.splitlines()
    assert ",no-hold,0.00," in lines[1]  # not 409 hours over-detained
    assert ",within-hold,0.00," in lines[2]
    assert "warning: 1 row(s) name a hold only to deny or undo it" in err
    assert repr(note.upper()) in err


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("ICE HOLD placed", "over-detained"),
        ("Cancelled bond; ICE HOLD", "over-detained"),
        ("ICE DETAINER (no bond)", "over-detained"),
        ("NO BOND ICE HOLD", "over-detained"),
        ("NO ICE HOLD", "no-hold"),
        ("Detainer: ICE HOLD withdrawn", "no-hold"),
    ],
)
def test_a_note_row_beside_the_charge(note: str, status: str) -> None:
    """The marker on a charge row of its own, beside the criminal charge: taken unless
    denied in the same cell."""
    rows = f"B1,THEFT,,2020-03-02 08:00,2020-03-20 08:00\nB1,{note},,,2020-03-20 08:00\n"
    code, out, err = run("check", "-", *BOOKING_FLAGS, stdin=PER_CHARGE.format(rows=rows))
    assert code == (1 if status == "over-detained" else 0), err
    assert f",{status}," in out.splitlines()[1]
    assert ("1 row(s) name a hold only to deny" in err) == (status == "no-hold")


@pytest.mark.parametrize(
    ("column", "text"),
    [("notes", "ICE HOLD placed"), ("disposition_type", "ICE DETAINER RELEASED"),
     ("release_disposition_desc", "Immigration hold")],
)  # fmt: skip
def test_a_hold_named_only_outside_a_charge_column_is_reported_not_taken(
    column: str, text: str
) -> None:
    roster = (
        f"booking_id,charge_literal,{column},charge_release_dt,release_dt\n"
        "B1,THEFT,,2020-03-02 08:00,2020-03-20 08:00\n"
        f"B2,THEFT,{text},2020-03-02 08:00,2020-03-20 08:00\n"
        "B2,ICE DETAINER,,,2020-03-20 08:00\n"
    )
    code, out, err = run("check", "-", *BOOKING_FLAGS, stdin=roster)
    assert code == 1, err
    lines = out.splitlines()
    assert ",no-hold," in lines[1]  # B1: its only mention of a hold is not a charge
    assert ",over-detained," in lines[2]  # B2: its ICE DETAINER charge row is the hold
    assert f"1 row(s) name a hold only outside a charge column (the first: {column}: " in err
    assert "hold rows where charge_literal contains 'ICE DETAINER': 1" in err


def test_default_markers_count_per_column() -> None:
    roster = (
        "booking_id,charge_desc,offense_text,charge_release_dt,release_dt\n"
        "B1,THEFT,,2020-03-02 08:00,2020-03-03 08:00\n"
        "B1,HOLD IMMIGRAT,,,2020-03-03 08:00\n"
        "B2,THEFT,,2020-03-02 08:00,2020-03-03 08:00\n"
        "B2,,ICE DETAINER,,2020-03-03 08:00\n"
    )
    code, _, err = run("check", "-", *BOOKING_FLAGS, stdin=roster)
    assert code == 0, err
    assert "hold rows where charge_desc contains 'HOLD IMMIGRAT': 1" in err
    assert "hold rows where offense_text contains 'ICE DETAINER': 1" in err
    assert "hold rows where a charge column contains 'ICE HOLD': 0" in err


def test_without_a_charge_column_markers_are_read_in_all_but_dispositions() -> None:
    roster = (
        "booking_id,what,disposition,charge_release_dt,release_dt\n"
        "B1,THEFT,,2020-03-02 08:00,2020-03-03 08:00\n"
        "B1,ICE HOLD,,,2020-03-03 08:00\n"
        "B2,THEFT,ICE HOLD RELEASED,2020-03-02 08:00,2020-03-03 08:00\n"
    )
    code, out, err = run("check", "-", *BOOKING_FLAGS, stdin=roster)
    assert code == 0, err
    assert ",within-hold," in out.splitlines()[1] and ",no-hold," in out.splitlines()[2]
    assert "hold rows where what contains 'ICE HOLD': 1" in err


def test_a_row_both_denying_and_naming_a_hold_is_a_hold() -> None:
    """One cell denies a hold, another names one: the hold is there."""
    rows = (
        "B1,THEFT,,2020-03-02 08:00,2020-03-20 08:00\n"
        "B1,ICE DETAINER,NO ICE HOLD,,2020-03-20 08:00\n"
    )
    code, out, err = run("check", "-", *BOOKING_FLAGS, stdin=PER_CHARGE.format(rows=rows))
    assert code == 1, err
    assert ",over-detained," in out.splitlines()[1]
    assert "only to deny" not in err


# --- a strptime format never drops a zone name or a year ------------------------------


def test_format_with_utc_name_reads_utc() -> None:
    code, out, err = run(
        "expire", "2024-11-27 16:30 UTC", "--date-format", "%Y-%m-%d %H:%M %Z", "--tz",
        "America/Chicago", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    assert '"start": "2024-11-27T10:30:00-06:00"' in out  # 16:30 UTC, not 16:30 in Chicago


@pytest.mark.parametrize("value", ["2024-11-27 16:30 EST", "2024-11-27 16:30 CET"])
def test_format_with_another_zone_name_is_refused(value: str) -> None:
    code, out, err = run(
        "expire", value, "--date-format", "%Y-%m-%d %H:%M %Z", "--tz", "America/New_York"
    )
    assert code == 3 and out == ""
    assert "ambiguous" in err and err.count("\n") == 1


@pytest.mark.parametrize("layout", ["%m/%d %H:%M", "%d %b %H:%M", "%H:%M %m-%d"])
def test_format_without_a_year_is_refused(layout: str) -> None:
    code, out, err = run("expire", "11/27 16:30", "--date-format", layout, "--tz", "UTC")
    assert code == 2 and out == ""
    assert "has no year" in err and "1900" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("layout", "problem"),
    [
        ("%Y-%m-%d %m", "'%Y-%m-%d %m' reads %m twice (%c, %x and %X hold several); give it once"),
        ("%x %m", "'%x %m' reads %m twice (%c, %x and %X hold several); give it once"),
        ("%Y-%m-%d %Z%z", "'%Y-%m-%d %Z%z' has %Z or %z twice; give the zone once"),
        ("%Y-%m-%d %q", "'%Y-%m-%d %q' is not a strptime format ('q' is a bad directive in "
                        "format '%Y-%m-%d %q')"),
        ("%Y-%m-%d %", "'%Y-%m-%d %' is not a strptime format (stray % in format "
                       "'%Y-%m-%d %')"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["expire", "check"])
def test_a_format_strptime_cannot_read_with_is_refused_before_any_value(
    layout: str, problem: str, command: str
) -> None:
    """strptime says a format is wrong only when it reads a value with it: a field named
    twice (an internal error before), or a bad directive (the format never fitted, and
    every value went to the usual parser without a word)."""
    args = ("expire", "2024-11-27 16:30") if command == "expire" else ("check", "-")
    code, out, err = run(*args, "--date-format", layout, "--tz", "UTC", stdin=ROSTER)
    assert (code, out) == (2, "")
    assert err == (
        f"holdcalc: error: Invalid value for --date-format: {problem}, e.g. "
        f"'%d-%b-%y %I.%M.%S.%f %p' (see 'holdcalc {command} --help')\n"
    )


def test_roster_with_a_yearless_format_is_refused_before_any_row() -> None:
    code, out, err = run("check", "-", "--date-format", "%m/%d %H:%M", "--tz", "UTC",
                         stdin=ROSTER)  # fmt: skip
    assert code == 2 and out == ""
    assert "has no year" in err


# --- an abbreviation's suggested fix is its own offset, never the jail's ---------------


@pytest.mark.parametrize(
    ("name", "offset", "zone"),
    [("PST", "-08:00", "America/Chicago"), ("EDT", "-04:00", "America/Denver"),
     ("AKST", "-09:00", "America/New_York"), ("CST", "-06:00", "America/Los_Angeles")],
)  # fmt: skip
def test_abbreviation_fix_is_its_own_offset(name: str, offset: str, zone: str) -> None:
    code, out, err = run("expire", f"2024-11-27 16:30 {name}", "--tz", zone)
    assert code == 3 and out == ""
    assert f"write its offset {offset} in place of {name!r}" in err
    others = {"-04:00", "-05:00", "-06:00", "-07:00", "-08:00", "-09:00"} - {offset}
    assert not any(other in err for other in others)


def test_unknown_abbreviation_suggests_no_offset() -> None:
    code, _, err = run("expire", "2024-11-27 16:30 IST", "--tz", "America/Chicago")
    assert code == 3
    assert "+HH:MM or -HH:MM" in err
    assert not any(f"-0{h}:00" in err for h in range(4, 10))


# --- zones: two candidate columns, and a booking's rows ------------------------------


@pytest.mark.parametrize(("one", "two"), [("TZ", "Time Zone"), ("zone", "timezone")])
def test_two_zone_columns_are_refused(one: str, two: str) -> None:
    text = f"eligible_at,released_at,{one},{two}\n2024-11-27 16:30,,America/Chicago,UTC\n"
    code, out, err = run("check", "-", stdin=text)
    assert code == 2 and out == ""
    assert repr(one) in err and repr(two) in err and "--tz-col" in err


def test_a_named_zone_column_settles_it() -> None:
    text = (
        "eligible_at,released_at,TZ,Time Zone\n"
        "2024-11-27 16:30,2024-11-28 09:00,UTC,America/Chicago\n"
    )
    code, out, err = run("check", "-", "--tz-col", "Time Zone", "--format", "csv", stdin=text)
    assert code == 0, err
    assert "2024-12-02T16:30:00-06:00" in out


ZONED = "booking_id,charge,tz,charge_release_dt,release_dt\n{rows}"
ZONE_FLAGS = ["--group-by", "booking_id", "--start-col", "charge_release_dt", "--released-col",
              "release_dt", "--format", "csv", "--all-bookings"]  # fmt: skip


def test_booking_rows_that_disagree_on_the_zone_are_an_error() -> None:
    rows = (
        "B1,THEFT,America/Denver,2020-03-02 08:00,2020-03-20 08:00\n"
        "B1,ICE DETAINER,America/Chicago,,2020-03-20 08:00\n"
    )
    code, out, err = run("check", "-", *ZONE_FLAGS, "--tz", "UTC", stdin=ZONED.format(rows=rows))
    assert code == 3, err
    assert "two zones ('America/Denver' and 'America/Chicago')" in out


def test_a_zone_on_a_later_row_is_read_when_the_default_agrees() -> None:
    rows = (
        "B1,THEFT,,2020-03-02 08:00,2020-03-04 09:00\n"
        "B1,ICE DETAINER,America/Denver,,2020-03-04 09:00\n"
    )
    code, out, err = run(
        "check", "-", *ZONE_FLAGS, "--tz", "America/Denver", stdin=ZONED.format(rows=rows)
    )
    assert code == 1, err
    assert "2020-03-04T08:00:00-07:00,over-detained,1.00" in out


def test_a_zone_on_a_later_row_that_the_first_rows_missed_is_refused() -> None:
    rows = (
        "B1,THEFT,,2020-03-02 08:00,2020-03-04 09:00\n"
        "B1,ICE DETAINER,America/Denver,,2020-03-04 09:00\n"
    )
    code, out, err = run("check", "-", *ZONE_FLAGS, "--tz", "UTC", stdin=ZONED.format(rows=rows))
    assert code == 3, err
    assert "fill in the zone on every row" in out


def test_a_zone_on_the_first_row_is_the_bookings() -> None:
    rows = (
        "B1,THEFT,America/Denver,2020-03-02 08:00,2020-03-04 09:00\n"
        "B1,ICE DETAINER,,,2020-03-04 09:00\n"
    )
    code, out, err = run("check", "-", *ZONE_FLAGS, "--tz", "UTC", stdin=ZONED.format(rows=rows))
    assert code == 1, err
    assert "2020-03-04T08:00:00-07:00,over-detained,1.00" in out


# --- a whole-day start: the watch list and calendar act by the earliest end -----------

WATCH = (
    "booking_id,eligible_at,released_at\n"
    "DAY,2026-11-30,\n"  # ends between Dec 2 00:00 and Dec 3 00:00 (Chicago)
    "HOUR,2026-11-30 10:00,\n"  # ends Dec 2 10:00
)
WATCH_FLAGS = ["--tz", "America/Chicago", "--as-of", "2026-12-01T12:00", "--format", "csv"]


def test_watch_list_sorts_a_whole_day_start_by_its_earliest_end() -> None:
    code, out, err = run("check", "-", *WATCH_FLAGS, "--due-within", "72", stdin=WATCH)
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["DAY", "HOUR"]
    assert lines[1].endswith(
        "the start is a date alone: the limit ends between 2026-12-02T00:00:00-06:00 and "
        "2026-12-03T00:00:00-06:00"
    )
    assert lines[2].endswith(",active,0.00,")  # a known hour: no window to state


def test_watch_list_keeps_a_whole_day_start_due_by_its_earliest_end() -> None:
    """Due within 13 hours of Dec 1 12:00: DAY may end at Dec 2 00:00, so it is kept."""
    code, out, err = run("check", "-", *WATCH_FLAGS, "--due-within", "13", stdin=WATCH)
    assert code == 0, err
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ["DAY"]


def test_watch_list_for_per_charge_bookings_states_the_window_too() -> None:
    text = (
        "booking_id,charge,charge_release_dt,release_dt\nB1,THEFT,2026-11-30,\nB1,ICE DETAINER,,\n"
    )
    code, out, err = run(
        "check", "-", *WATCH_FLAGS, "--due-within", "72", "--group-by", "booking_id",
        "--start-col", "charge_release_dt", "--released-col", "release_dt", stdin=text,
    )  # fmt: skip
    assert code == 0, err
    assert "the limit ends between 2026-12" in out.splitlines()[1]


def test_calendar_event_is_at_the_earliest_end_and_says_the_window(tmp_path: Path) -> None:
    pytest.importorskip("icalendar")
    ics = tmp_path / "holds.ics"
    code, _, err = run("check", "-", *WATCH_FLAGS, "--ics", str(ics), stdin=WATCH)
    assert code == 0, err
    text = ics.read_text(encoding="utf-8").replace("\n ", "")  # lines unfolded
    events = text.split("BEGIN:VEVENT")[1:]
    day = next(event for event in events if "DAY" in event)
    assert "DTSTART:20261202T060000Z" in day  # 00:00 in Chicago, not 3 Dec
    assert "SUMMARY:ICE hold may end: DAY" in day
    assert "between 2026-12-02T00:00:00-06:00 and 2026-12-03T00:00:00-06:00" in day
    hour = next(event for event in events if "HOUR" in event)
    assert "DTSTART:20261202T160000Z" in hour and "SUMMARY:ICE hold ends: HOUR" in hour


def test_duplicate_rows_give_one_calendar_event(tmp_path: Path) -> None:
    pytest.importorskip("icalendar")
    ics = tmp_path / "holds.ics"
    text = WATCH + "HOUR,2026-11-30 10:00,\n"
    code, _, err = run("check", "-", *WATCH_FLAGS, "--ics", str(ics), stdin=text)
    assert code == 0, err
    body = ics.read_text(encoding="utf-8")
    uids = [line for line in body.splitlines() if line.startswith("UID:")]
    assert len(uids) == 2 == len(set(uids))


# --- -o FILE.xlsx: a sheet's limits checked first, the verdict never dropped ----------


def test_too_many_columns_for_a_sheet_is_refused_before_any_row(tmp_path: Path) -> None:
    pytest.importorskip("xlsxwriter")
    names = ["eligible_at", "released_at", *(f"c{i}" for i in range(16_380))]  # +4 = 16,386
    roster = tmp_path / "wide.csv"
    roster.write_text(",".join(names) + "\n2024-11-27 16:30,,\n", encoding="utf-8")
    out = tmp_path / "checked.xlsx"
    code, stdout, err = run("check", str(roster), "--tz", "UTC", "-o", str(out))
    assert code == EXIT_IO and stdout == ""
    assert "16,386 columns" in err and "verdict would be lost" in err and "-o FILE.csv" in err
    assert not out.exists()


def test_a_cell_too_long_for_a_sheet_is_refused_naming_it(tmp_path: Path) -> None:
    pytest.importorskip("xlsxwriter")
    roster = tmp_path / "long.csv"
    roster.write_text(
        "booking_id,eligible_at,released_at,notes\n"
        "B1,2024-11-27 16:30,2024-11-28 09:00,short\n"
        f"B2,2024-11-27 16:30,2024-11-28 09:00,{'x' * 40_000}\n",
        encoding="utf-8",
    )
    out = tmp_path / "checked.xlsx"
    code, stdout, err = run("check", str(roster), "--tz", "UTC", "-o", str(out))
    assert code == EXIT_IO and stdout == "", err
    assert "row 3 of the checked sheet ('B2'), column 4: a cell of 40,000 characters" in err
    assert err.count("\n") == 1 and not out.exists()


def test_too_many_rows_for_a_sheet_is_refused_before_the_work(tmp_path: Path) -> None:
    pytest.importorskip("xlsxwriter")
    roster = tmp_path / "tall.csv"
    with roster.open("w", encoding="utf-8") as handle:
        handle.write("eligible_at,released_at\n")
        handle.write("2024-11-27 16:30,2024-11-28 09:00\n" * 1_048_576)
    out = tmp_path / "checked.xlsx"
    code, stdout, err = run("check", str(roster), "--tz", "UTC", "-o", str(out))
    assert code == EXIT_IO and stdout == ""
    assert "1,048,577 lines" in err and "1,048,575 rows" in err
    assert not out.exists()


def test_a_wide_roster_on_the_page_is_offered_as_csv_only() -> None:
    pytest.importorskip("flask")
    pytest.importorskip("xlsxwriter")
    from holdcalc.web.app import WebSettings, create_app
    from tests.test_web import attribute, post_roster

    names = ["eligible_at", "released_at", *(f"c{i}" for i in range(16_380))]
    roster = (",".join(names) + "\n2024-11-27 16:30,2024-11-28 09:00\n").encode()
    app = create_app(WebSettings(max_upload_mb=50))
    app.testing = True
    with app.test_client() as client:
        code, html = post_roster(client, roster, tz="UTC")
    assert code == 200
    assert "offered as CSV only" in html
    assert attribute(html, "download-csv", "download").endswith(".csv")
    assert 'id="download-xlsx"' not in html


# --- a full disk names the output; UTF-16 without a mark says how to read it ----------


@pytest.mark.parametrize(
    ("flag", "named"),
    [("-o", "-o"), ("--summary-json", "--summary-json"), ("--report", "--report"),
     ("--ics", "--ics")],
)  # fmt: skip
def test_a_full_disk_names_the_output_with_exit_4(flag: str, named: str) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    code, out, err = run("check", "-", "--tz", "UTC", flag, "/dev/full", stdin=ROSTER)
    assert code == EXIT_IO and (out == "" or flag != "-o")
    assert err.startswith(f"holdcalc: error: {named} '/dev/full' cannot be written: ")
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", [["check", "-"], ["expire", "2024-11-27 16:30"]])
def test_a_full_standard_output_exits_4(command: list[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "holdcalc", *command, "--tz", "UTC", "--format", "csv"
             if command[0] == "check" else "text"],
            input=ROSTER.encode(), stdout=full, stderr=subprocess.PIPE, check=False,
        )  # fmt: skip
    assert result.returncode == EXIT_IO, result.stderr
    assert result.stderr.decode() == (
        "holdcalc: error: standard output cannot be written: No space left on device\n"
    )


@pytest.mark.parametrize(
    ("codec", "named"),
    [("utf-16-le", "UTF-16-LE"), ("utf-16-be", "UTF-16-BE"), ("utf-32-le", "UTF-32-LE")],
)
def test_wide_text_without_a_mark_says_which_encoding(
    tmp_path: Path, codec: str, named: str
) -> None:
    roster = tmp_path / "wide.csv"
    roster.write_bytes(ROSTER.encode(codec))
    code, out, err = run("check", str(roster), "--tz", "America/Chicago")
    assert code == 3 and out == ""
    assert f"looks like {named} text without a byte-order mark" in err
    assert err.rstrip().endswith(f"--encoding {named.lower()}") and "\\x00" not in err
    code, out, err = run("check", str(roster), "--tz", "America/Chicago", "--encoding", codec,
                         "--format", "csv")  # fmt: skip
    assert code == 0, err
    assert "within-hold" in out


# --- the page answers only its own names; bounded uploads; headers; a favicon ---------


def _app(**settings: object) -> object:
    pytest.importorskip("flask")
    from holdcalc.web.app import WebSettings, create_app

    app = create_app(WebSettings(**settings))  # type: ignore[arg-type]
    app.testing = True
    return app


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example",
                                  "localhost.evil.example:80", "192.168.1.5:8765"])  # fmt: skip
@pytest.mark.parametrize("path", ["/", "/roster", "/favicon.ico"])
def test_another_host_name_gets_no_page_and_no_token(host: str, path: str) -> None:
    app = _app()
    with app.test_client() as client:  # type: ignore[attr-defined]
        response = client.get(path, headers={"Host": host})
    assert response.status_code == 421
    assert b"csrf" not in response.data and b"<form" not in response.data


def test_another_host_name_cannot_post_a_roster() -> None:
    app = _app()
    with app.test_client() as client:  # type: ignore[attr-defined]
        data = {"roster": (io.BytesIO(ROSTER.encode()), "r.csv"), "tz": "UTC"}
        response = client.post("/check", data=data, headers={"Host": "evil.example"},
                               content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 421


@pytest.mark.parametrize("host", ["localhost", "localhost:8765", "127.0.0.1:9", "[::1]:8765",
                                  "LOCALHOST:8765"])  # fmt: skip
def test_loopback_names_get_the_page(host: str) -> None:
    app = _app()
    with app.test_client() as client:  # type: ignore[attr-defined]
        response = client.get("/", headers={"Host": host})
    assert response.status_code == 200


def test_a_server_started_on_an_address_answers_to_it_and_loopback() -> None:
    from holdcalc.cli.serve import _names_for

    app = _app(hosts=_names_for("10.0.0.7"))
    with app.test_client() as client:  # type: ignore[attr-defined]
        assert client.get("/", headers={"Host": "10.0.0.7:8765"}).status_code == 200
        assert client.get("/", headers={"Host": "localhost"}).status_code == 200
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 421
    assert _names_for("127.0.0.1") == frozenset() and _names_for("0.0.0.0") is None


def test_framing_is_refused_twice_over_and_the_icon_is_served() -> None:
    app = _app()
    with app.test_client() as client:  # type: ignore[attr-defined]
        page = client.get("/")
        icon = client.get("/favicon.ico")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert b'rel="icon" href=\'data:image/svg+xml,' in page.data  # inline: no request
    assert icon.status_code == 200 and icon.headers["Content-Type"] == "image/svg+xml"
    assert icon.data.startswith(b"<svg")


def _post(app: object, content: bytes, name: str) -> tuple[int, str]:
    from tests.test_web import post_roster

    with app.test_client() as client:  # type: ignore[attr-defined]
        return post_roster(client, content, name, tz="UTC")


def test_a_gzip_that_unpacks_past_the_limit_is_refused_before_it_is_read() -> None:
    import gzip
    import time

    body = ROSTER + "B2,2024-11-27 16:30,2024-11-29 09:00\n" * 33_000  # ~1.2 MB unpacked
    packed = gzip.compress(body.encode(), 9)
    assert len(packed) < 100_000
    began = time.monotonic()
    code, html = _post(_app(max_upload_mb=1, max_unpacked_mb=1), packed, "roster.csv.gz")
    assert code == 400
    assert "unpacks to more than 1 MB" in html
    assert time.monotonic() - began < 2  # refused before any row was judged
    code, html = _post(_app(max_upload_mb=1, max_unpacked_mb=2), packed, "roster.csv.gz")
    assert code == 200, html


def test_a_workbook_that_unpacks_past_the_limit_is_refused(tmp_path: Path) -> None:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path / "big.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["eligible_at", "released_at", "notes"])
    for row in range(1, 60_000):
        sheet.write_row(row, 0, ["2024-11-27 16:30", "", "same text " * 8])
    book.close()
    assert path.stat().st_size < 2 << 20
    code, html = _post(_app(max_upload_mb=2, max_unpacked_mb=3), path.read_bytes(), "big.xlsx")
    assert code == 400 and "unpacks to more than 3 MB" in html


# --- the report shows no cell text in its errors --------------------------------------


def test_the_reports_errors_quote_no_cell(tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    pytest.importorskip("matplotlib")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "booking_id,name,eligible_at,released_at\n"
        'B1,"Garcia, Maria",2024-11-27 16:30,2024-12-03 09:00\n'
        "B2,Garcia, Maria,2024-11-27 16:30\n"  # an unquoted comma: the name's half as a date
        "B3,Ana Lopez,Ana Lopez,\n"
        "B4,Wei Chen,2024-13-40 10:00,\n",
        encoding="utf-8",
    )
    page = tmp_path / "report.html"
    code, _, err = run("check", str(roster), "--tz", "UTC", "--report", str(page), "--format",
                       "csv")  # fmt: skip
    assert code == 1, err
    html = page.read_text(encoding="utf-8")
    table = html.split('id="table-errors"')[1].split("</table>")[0]
    for private in ("Maria", "Ana Lopez", "Lopez", "2024-13-40"):
        assert private not in table
    assert "a cell&#39;s text, not shown" in table or "a cell's text, not shown" in table
    assert "Maria" not in html and "Lopez" not in html and "Wei" not in html


# --- the terminal table: narrow by default, wider where the terminal allows -----------

TABLE_ROSTER = (
    "booking_id,name,eligible_at,released_at,tz\n"
    "B1,Fatima Nunez-Ortiz de la Cruz,2024-11-27 16:30,2024-12-03 09:00,America/Chicago\n"
    "B2,Wei Chen,2023-02-30 10:00,,America/Chicago\n"
)


def _table(columns: int) -> list[str]:
    code, out, err = run(
        "check", "-", "--format", "table", "--as-of", "2026-11-01T12:00Z", stdin=TABLE_ROSTER,
        env={"COLUMNS": str(columns)},
    )  # fmt: skip
    assert code == 1, err
    return out.splitlines()


def test_at_80_columns_the_table_is_booking_status_hours_and_expiry() -> None:
    lines = _table(80)
    assert lines[0].split() == ["booking_id", "status", "hours", "past", "expires", "(local)"]
    assert lines[1].split() == ["B1", "over-detained", "16.50", "2024-12-02", "16:30"]
    assert all(len(line) <= 80 for line in lines)
    assert lines[2].split() == ["B2", "error"]
    # the error on lines of its own, indented, wrapped at words: never a 20-line column
    error = [line for line in lines[3:] if line.startswith("    ")]
    assert 1 <= len(error) <= 3
    _, csv_out, _ = run("check", "-", "--format", "csv", "--as-of", "2026-11-01T12:00Z",
                        stdin=TABLE_ROSTER)  # fmt: skip
    reason = list(csv.reader(io.StringIO(csv_out)))[2][-1]
    assert " ".join(line.strip() for line in error) == reason  # broken only between words


def test_wider_terminals_add_the_name_then_start_and_departure() -> None:
    wide = _table(120)
    assert "name" in wide[0].split() and "start" not in wide[0].split()
    assert "Fatima Nunez-Ortiz de l…" in wide[1]  # cut with an ellipsis, not folded
    wider = _table(160)
    assert wider[0].split()[-2:] == ["start", "departure"]
    assert wider[1].rstrip().endswith("2024-11-27 16:30  2024-12-03 09:00")


def test_check_says_each_file_it_wrote_last(tmp_path: Path) -> None:
    """Issue 20: 'wrote FILE' on stderr for each file a run writes, as letter -o does;
    nothing for standard output."""
    pytest.importorskip("jinja2")
    out, summary, page = tmp_path / "c.csv", tmp_path / "s.json", tmp_path / "r.html"
    code, stdout, err = run("check", "-", "--tz", "UTC", "-o", str(out), "--summary-json",
                            str(summary), "--report", str(page), stdin=ROSTER)  # fmt: skip
    assert code == 0, err
    assert stdout == ""
    assert err.splitlines()[-3:] == [f"wrote {out}", f"wrote {summary}", f"wrote {page}"]
    code, stdout, err = run("check", "-", "--tz", "UTC", "--format", "csv", stdin=ROSTER)
    assert "wrote" not in err and stdout


# --- issue 20: a booking without a hold is no error -----------------------------------


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_row_flagged_without_a_hold_is_no_hold_not_an_error(tmp_path: Path, workers: str) -> None:
    rows = ["B0,2020-03-01 08:00,2020-03-02 08:00,2020-03-20 08:00,Y"]
    rows += [f"N{i},2020-03-01 08:00,,2020-03-03 08:00,{'N' if i % 2 else 'no'}"
             for i in range(30_000)]  # fmt: skip
    roster = tmp_path / "every-booking.csv"
    roster.write_text("booking_id,booking_date,eligible_at,released_at,ice_hold\n"
                      + "\n".join(rows) + "\n", encoding="utf-8")  # fmt: skip
    summary = tmp_path / "s.json"
    code, out, err = run(
        "check", str(roster), "--tz", "America/Chicago", "--format", "csv", "--summary-json",
        str(summary), env={"HOLDCALC_WORKERS": workers},
    )  # fmt: skip
    assert code == 1, err
    figures = json.loads(summary.read_text(encoding="utf-8"))
    assert figures["errors"] == 0
    assert figures["statuses"]["no-hold"] == 30_000
    assert figures["statuses"]["over-detained"] == 1
    assert out.count(",no-hold,0.00,") == 30_000


def test_a_blank_or_unclear_flag_is_judged_as_a_hold() -> None:
    text = (
        "booking_id,eligible_at,released_at,ice_hold\n"
        "B1,2020-03-02 08:00,2020-03-03 08:00,\n"
        "B2,2020-03-02 08:00,2020-03-03 08:00,maybe\n"
    )
    code, out, err = run("check", "-", "--tz", "America/Chicago", "--format", "csv", stdin=text)
    assert code == 0, err
    assert out.count(",within-hold,") == 2


def test_the_longest_cases_table_writes_every_time_one_way(tmp_path: Path) -> None:
    """Issue 20: one human format in the table (not ISO, raw text and a third mixed)."""
    pytest.importorskip("jinja2")
    pytest.importorskip("matplotlib")
    roster = tmp_path / "r.csv"
    roster.write_text(
        "booking_id,tz,eligible_at,released_at\n"
        "A,America/Denver,2025-01-08T08:00:00-07:00,01/20/2025 09:30 AM\n"
        "B,America/Chicago,2024-12-30,2025-01-20\n"  # dates alone
        "C,America/Chicago,2025-01-24 16:30,\n",  # still held (not stale: 8 days)
        encoding="utf-8",
    )
    page = tmp_path / "report.html"
    code, _, err = run("check", str(roster), "--report", str(page), "--as-of",
                       "2025-02-01T12:00Z", "--format", "csv")  # fmt: skip
    assert code == 1, err
    table = page.read_text(encoding="utf-8").split('id="table-longest"')[1].split("</table>")[0]
    assert "Wed 8 Jan 2025 08:00 MST" in table and "Mon 20 Jan 2025 09:30 MST" in table
    assert "Mon 30 Dec 2024<" in table and "Mon 20 Jan 2025<" in table  # days alone
    assert "Wed 1 Jan 2025 00:00 CST to Fri 3 Jan 2025 00:00 CST" in table  # its window
    assert "Fri 24 Jan 2025 16:30 CST" in table
    assert "T08:00" not in table and "01/20/2025" not in table and "-07:00" not in table
