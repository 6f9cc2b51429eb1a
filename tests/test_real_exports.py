"""Per-charge exports as jails print them (issue 21), in fixtures of our own shaped like
the public Pierce County and Travis County files: charge times rounded past the
departure, dispositions read where they are, hold markers read where they belong."""

from __future__ import annotations

import csv
import io

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
