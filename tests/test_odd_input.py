"""Odd input is read right or refused, never guessed: each class of silent wrong answer
found by a hostile read of holdcalc, with the example that found it and variants."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from holdcalc import TimeParseError, parse_when
from holdcalc.cli import EXIT_INVALID, EXIT_USAGE
from holdcalc.core.errors import ColumnError
from holdcalc.roster.columns import ALIASES, ColumnNames, Role, find_columns
from tests.conftest import run_cli

NY = ZoneInfo("America/New_York")
CHI = ZoneInfo("America/Chicago")
AS_OF = "--as-of=2025-06-01T00:00Z"
JS = "Wed Nov 27 2024 16:30:00"  # how JavaScript prints a date, before its offset


def rows_of(csv_text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(csv_text)))


# --- 1. a departure column with an unknown name -------------------------------------------


def test_unknown_departure_column_is_refused_naming_both_ways_out() -> None:
    roster = "booking_id,tz,eligible_at,Exit Stamp\n1,America/Chicago,2024-11-27 16:30,x\n"
    code, out, err = run_cli("check", "-", AS_OF, stdin=roster)
    assert code == EXIT_USAGE
    assert out == ""
    assert "--released-col" in err and "--still-held" in err
    assert err.count("\n") == 1


def test_still_held_reads_a_roster_without_departures() -> None:
    roster = "booking_id,tz,eligible_at\n1,America/Chicago,2024-11-27 16:30\n"
    code, out, _ = run_cli("check", "-", AS_OF, "--still-held", "--format", "csv", stdin=roster)
    assert code == 1
    assert rows_of(out)[1][4] == "expired"


def test_still_held_with_a_departure_column_is_a_contradiction() -> None:
    with pytest.raises(ColumnError, match="departure column"):
        find_columns(["eligible_at", "released_at"], ColumnNames(still_held=True))


@pytest.mark.parametrize(
    "name",
    [
        "Release Date",
        "ReleaseDate",
        "date_released",
        "Out Date",
        "Book Out Date Time",
        "release_datetime",
        "RELEASE_DATE_TIME",
        "Actual Release Date",
        "Discharge Date",
        "Released Date",
        "Date Out",
    ],
)
def test_departure_names_jails_use(name: str) -> None:
    roster = (
        f"booking_id,tz,eligible_at,{name}\n1,America/Chicago,2024-11-27 16:30,2024-11-28 10:00\n"
    )
    code, out, _ = run_cli("check", "-", AS_OF, "--format", "csv", stdin=roster)
    assert code == 0
    assert rows_of(out)[1][5] == "within-hold"


def test_two_candidate_columns_for_one_role_are_refused() -> None:
    with pytest.raises(ColumnError, match="'released_at' and 'Release Date'"):
        find_columns(["eligible_at", "released_at", "Release Date"])
    with pytest.raises(ColumnError, match="start column"):
        find_columns(["eligible_at", "bond_posted_at", "released_at"])
    found = find_columns(
        ["eligible_at", "bond_posted_at", "released_at"], ColumnNames(start="bond_posted_at")
    )
    assert found.start == 1


def test_every_departure_alias_is_found() -> None:
    for alias in ALIASES[Role.RELEASED]:
        assert find_columns(["eligible_at", alias]).released == 1, alias


# --- 5. --as-of without an offset is read in each row's zone -------------------------------


def test_check_as_of_is_wall_clock_time_in_each_rows_zone() -> None:
    roster = (
        "eligible_at,released_at,tz\n"
        "2024-11-27 16:30,,America/Chicago\n"
        "2024-11-27 16:30,,America/Los_Angeles\n"
    )
    for machine in ("Asia/Tokyo", "America/Chicago", "UTC"):
        code, out, _ = run_cli(
            "check", "-", "--as-of", "2024-12-02 16:40", "--format", "csv",
            stdin=roster, env={"TZ": machine},
        )  # fmt: skip
        assert [row[4] for row in rows_of(out)[1:]] == ["expired", "expired"], machine
        assert code == 1


def test_check_and_expire_agree_on_an_as_of_without_offset() -> None:
    roster = "eligible_at,released_at,tz\n2024-11-27 16:30,,America/Los_Angeles\n"
    as_of = "2024-12-02 16:20"
    _, out, _ = run_cli("check", "-", "--as-of", as_of, "--format", "csv", stdin=roster)
    _, one, _ = run_cli(
        "expire", "2024-11-27 16:30", "--tz", "America/Los_Angeles", "--as-of", as_of,
        "--format", "json", env={"TZ": "America/New_York"},
    )  # fmt: skip
    assert rows_of(out)[1][4] == json.loads(one)["status"] == "active"


def test_an_as_of_that_a_zone_skipped_is_an_error_for_its_rows_only() -> None:
    roster = (
        "eligible_at,released_at,tz\n2024-03-01 10:00,,America/Chicago\n2024-03-01 10:00,,UTC\n"
    )
    code, out, _ = run_cli(
        "check", "-", "--as-of", "2024-03-10 02:30", "--format", "csv", stdin=roster
    )
    rows = rows_of(out)
    assert rows[1][4] == "error" and "does not exist in America/Chicago" in rows[1][6]
    assert not rows[1][6].startswith("column tz")
    assert rows[2][4] == "expired"
    assert code == 1


# --- 6. GMT-0500 and UTC+3 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wed Nov 27 2024 16:30:00 GMT-0500", dt.datetime(2024, 11, 27, 21, 30)),
        (f"{JS} GMT-0500 (Eastern Standard Time)", dt.datetime(2024, 11, 27, 21, 30)),
        (f"{JS} GMT-0600 (Central Standard Time)", dt.datetime(2024, 11, 27, 22, 30)),
        ("Nov 27 2024 16:30 UTC+3", dt.datetime(2024, 11, 27, 13, 30)),
        ("Nov 27 2024 16:30 GMT+05:30", dt.datetime(2024, 11, 27, 11, 0)),
        ("Nov 27 2024 16:30 utc-7", dt.datetime(2024, 11, 27, 23, 30)),
        ("Nov 27 2024 16:30 -0500", dt.datetime(2024, 11, 27, 21, 30)),
        ("Nov 27 2024 16:30 UTC", dt.datetime(2024, 11, 27, 16, 30)),
        ("Nov 27 2024 16:30 GMT", dt.datetime(2024, 11, 27, 16, 30)),
    ],
)  # fmt: skip
def test_gmt_and_utc_offsets_keep_their_sign(text: str, expected: dt.datetime) -> None:
    value = parse_when(text, NY)
    assert isinstance(value, dt.datetime)
    assert value.astimezone(dt.UTC).replace(tzinfo=None) == expected


# --- 10. year-first dates, dotted dates -------------------------------------------------


@pytest.mark.parametrize("text", ["2024/03/04 10:00", "2024.03.04 10:00", "2024/3/4 10:00 AM"])
@pytest.mark.parametrize("dayfirst", [False, True])
def test_year_first_is_never_day_first(text: str, dayfirst: bool) -> None:
    value = parse_when(text, NY, dayfirst=dayfirst)
    assert isinstance(value, dt.datetime)
    assert (value.month, value.day) == (3, 4)


@pytest.mark.parametrize("text", ["03.04.2025 10:00", "3.4.2025", "13.04.2025 10:00"])
def test_dotted_dates_need_dayfirst(text: str) -> None:
    with pytest.raises(TimeParseError, match=r"day\.month or month\.day"):
        parse_when(text, NY)
    value = parse_when(text, NY, dayfirst=True)
    assert (value.date if not isinstance(value, dt.datetime) else value.date()).month == 4


def test_dotted_dates_refused_in_a_roster_too() -> None:
    roster = "eligible_at,released_at,tz\n03.04.2025 10:00,,America/Chicago\n"
    code, out, _ = run_cli("check", "-", AS_OF, "--format", "csv", stdin=roster)
    assert code == EXIT_INVALID
    assert "--dayfirst" in rows_of(out)[1][6]


# --- 11. zone abbreviations --------------------------------------------------------------


@pytest.mark.parametrize("machine", ["UTC", "America/Chicago", "America/New_York"])
@pytest.mark.parametrize(
    "text", ["7/10/2024 4:30 PM CST", "Jul 10 2024 4:30 PM CDT", "2024-07-10 4:30 PM EST"]
)
def test_zone_abbreviations_are_refused_on_every_machine(text: str, machine: str) -> None:
    code, out, err = run_cli(
        "expire", text, "--tz", "America/Chicago", "--still-held", AS_OF, env={"TZ": machine}
    )
    assert code == EXIT_INVALID, (out, err)
    assert "abbreviation" in err and "--tz" in err


# --- 12. years past the holiday data -------------------------------------------------------


def test_a_year_past_the_holiday_data_is_refused() -> None:
    code, _, err = run_cli(
        "expire", "2150-01-05 10:00", "--tz", "America/New_York", "--still-held",
        "--as-of", "2150-12-10T00:00Z",
    )  # fmt: skip
    assert code == EXIT_INVALID
    assert "2150" in err and "1777 to 2100" in err and "--holidays none" in err
    code, out, _ = run_cli(
        "expire", "2150-01-05 10:00", "--tz", "America/New_York", "--still-held",
        "--as-of", "2150-12-10T00:00Z", "--holidays", "none", "--format", "json",
    )  # fmt: skip
    assert json.loads(out)["expires_at"] == "2150-01-07T10:00:00-05:00"


def test_a_hold_that_runs_into_an_uncovered_year_is_refused() -> None:
    code, _, err = run_cli(
        "expire", "2100-12-30 10:00", "--tz", "America/New_York", "--released", "2101-01-05 10:00"
    )
    assert code == EXIT_INVALID and "2101" in err


def test_rows_past_the_holiday_data_are_row_errors_and_the_rest_is_judged(tmp_path: Path) -> None:
    roster = (
        "eligible_at,released_at,tz\n"
        "2150-01-05 10:00,,America/Chicago\n"
        "2024-01-05 10:00,2024-01-06 10:00,America/Chicago\n"
        "2187-06-05 10:00,2187-06-06 10:00,America/Chicago\n"
    )
    code, out, _ = run_cli(
        "check", "-", "--as-of", "2199-01-01T00:00Z", "--format", "csv", stdin=roster
    )
    statuses = [row[4] for row in rows_of(out)[1:]]
    assert statuses == ["error", "within-hold", "error"]
    assert code == EXIT_INVALID
