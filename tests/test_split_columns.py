"""A date and its time of day in two columns ("Release Date", "Release Time"): the time
column beside a found date column is read with it, and the run says so. Left unread,
every value would be taken as a whole day and the hours over understated."""

from __future__ import annotations

from pathlib import Path

import pytest

from holdcalc.core.errors import ColumnError
from holdcalc.roster.columns import ColumnNames, Role, find_columns
from tests.conftest import run_cli

AS_OF = "--as-of=2025-06-01T00:00Z"


@pytest.mark.parametrize(
    ("header", "start_time", "released_time"),
    [
        (["Booking", "Eligible At", "Release Date", "Release Time", "tz"], None, 3),
        (["booking", "eligible_at", "release_date", "release_time"], None, 3),
        (["BOOK_OUT_DATE", "Eligible At", "BOOK_OUT_TIME"], None, 2),
        (["Eligible At", "Release Date", "Release Time Zone"], None, None),  # not its time
        (["Eligible At", "Release Date"], None, None),
        (["Eligible At", "Released At", "Released At Time"], None, None),  # "at": a time
        (["Eligible At", "Released", "Released Time"], None, 2),
        (["Eligible At", "Release Datetime", "Release Datetime Time"], None, None),
    ],
)
def test_a_time_column_beside_its_date_column_is_found(
    header: list[str], start_time: int | None, released_time: int | None
) -> None:
    columns = find_columns(header)
    assert (columns.start_time, columns.released_time) == (start_time, released_time)
    found = [role for role, _, _ in columns.paired]
    assert found == ([Role.RELEASED_TIME] if released_time is not None else [])


def test_a_time_column_the_user_names_is_the_one_read() -> None:
    header = ["Eligible Date", "Eligible Time", "Release Date", "Release Time", "Out Time"]
    names = ColumnNames(start="Eligible Date", released_time="Out Time")
    columns = find_columns(header, names)
    assert (columns.start_time, columns.released_time) == (1, 4)
    assert columns.paired == ((Role.START_TIME, "Eligible Date", "Eligible Time"),)


def test_check_reads_the_time_beside_the_date_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "Booking,Eligible Date,Eligible Time,Release Date,Release Time,tz\n"
        "A,11/27/2024,4:30 PM,12/03/2024,9:00 AM,America/Chicago\n"
        "B,11/27/2024,16:30,12/03/2024,,America/Chicago\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "check", str(path), AS_OF, "--format", "csv", "--start-col", "Eligible Date"
    )
    assert code == 1
    rows = out.splitlines()
    # Wed 11-27 16:30; Thanksgiving and the weekend excluded: ran out Mon 12-02 16:30.
    assert rows[1].endswith(",2024-12-02T16:30:00-06:00,over-detained,16.50,")  # left 9:00
    assert rows[2].endswith(",2024-12-02T16:30:00-06:00,over-detained,7.50,")  # some time 12-03
    assert "the times of 'Release Date' are read from 'Release Time' beside it" in err
    assert "--released-time-col" in err and "--start-time-col" in err
    assert "holdcalc:" not in out


@pytest.mark.parametrize(
    ("header", "names"),
    [
        (["booking", "eligible_at", "released_at", "Released At", "tz"], ColumnNames()),
        (["booking", "Eligible", "Eligible", "released_at"], ColumnNames(start="eligible")),
        (["eligible_at", "release_date", "release_time", "Release Time"], ColumnNames()),
        (["eligible_at", "released_at", "tz", "TZ"], ColumnNames()),
    ],
)
def test_a_column_named_twice_is_refused_not_guessed(header: list[str], names: ColumnNames) -> None:
    with pytest.raises(ColumnError, match=r"rename all but one"):
        find_columns(header, names)


def test_check_refuses_a_departure_column_named_twice(tmp_path: Path) -> None:
    # Reading the first (blank) would call a hold expired that ended when the person left.
    path = tmp_path / "r.csv"
    path.write_text(
        "booking,eligible_at,released_at,released_at,tz\n"
        "A,2024-11-27 16:30,,2024-12-03 09:00,America/Chicago\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("check", str(path), AS_OF, "--format", "csv")
    assert code == 2 and out == ""
    assert "the header names 2 columns 'released_at' (columns 3 and 4)" in err
    assert "departure" in err and err.count("\n") == 1


def test_a_repeated_column_the_hold_does_not_read_is_kept() -> None:
    columns = find_columns(["note", "eligible_at", "note", "released_at"])
    assert (columns.start, columns.released) == (1, 3)
