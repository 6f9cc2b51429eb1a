"""Per-charge rosters (`check --group-by`): rows grouped into bookings, judged once each.

The fixture is a county booking export's shape (values invented): pipe-delimited,
gzipped, one row per charge, the immigration hold as a charge row."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

from tests.conftest import run_cli

HEADER = (
    "booking_id|booking_dt|release_dt|booking_charge_desc|charge_release_dt|"
    "jurisdiction_cd|release_disposition_desc|tz"
)
AS_OF = "--as-of=2017-04-01T00:00Z"
CHI = "America/Chicago"
BOOKED, BOOKED_B1 = "2017-03-01 09:00:00.0", "2017-03-01 08:00:00.0"


def charge(*fields: str) -> str:
    return "|".join(fields)


ROWS = [
    # B1: two criminal charges released Wed 12:00 and Thu 22:14, the hold row in between.
    charge("B1", BOOKED_B1, "2017-03-08 10:00:00.0", "THEFT", "2017-03-02 22:14:00.0", "CTY",
           "", CHI),
    charge("B2", BOOKED, "", "HOLD IMMIGRAT", "", "", "Immigration", CHI),
    charge("B1", BOOKED_B1, "2017-03-08 10:00:00.0", "HOLD IMMIGRAT", "2017-03-08 10:00:00.0",
           "IMM", "Immigration", CHI),
    charge("B3", BOOKED, "", "ASSAULT", "", "CTY", "", CHI),
    charge("B4", BOOKED, "2017-03-02 09:00:00.0", "ASSAULT", "2017-03-02 09:00:00.0", "CTY", "",
           CHI),
    charge("B3", BOOKED, "", "ICE DETAINER", "", "", "Immigration", CHI),
    # B5: the hold was cancelled (its own release) before the criminal charge ended.
    charge("B5", BOOKED, "2017-03-20 09:00:00.0", "OTHER AGENCY HOLD - ICE HOLD",
           "2017-03-05 09:00:00.0", "", "Cancel Detainer", CHI),
    charge("B5", BOOKED, "2017-03-20 09:00:00.0", "BURGLARY", "2017-03-20 09:00:00.0", "CTY",
           "Released", CHI),
    # B1's last charge, far from its other rows.
    charge("B1", BOOKED_B1, "2017-03-08 10:00:00.0", "DUI", "2017-03-01 12:00:00.0", "CTY", "",
           CHI),
]  # fmt: skip


def export(rows: list[str] = ROWS) -> bytes:
    return gzip.compress(("\n".join([HEADER, *rows]) + "\n").encode())


def checked(*args: str, data: bytes | None = None) -> tuple[int, dict[str, dict[str, str]], str]:
    code, out, err = run_cli(
        "check", "-", AS_OF, "--format", "jsonl", "--group-by", "booking_id", *args,
        stdin=data if data is not None else export(),
    )  # fmt: skip
    bookings = {r["booking_id"]: r for r in map(json.loads, out.splitlines())}
    return code, bookings, err


def test_each_booking_is_judged_once_from_its_last_criminal_release() -> None:
    code, bookings, _ = checked()
    assert code == 1
    b1 = bookings["B1"]
    assert b1["hold_started_at"] == "2017-03-02 22:14:00.0"  # not any charge's own time
    assert b1["charges"] == "3"
    assert b1["hold_expires_at"] == "2017-03-06T22:14:00-06:00"  # weekend excluded
    assert b1["hold_status"] == "over-detained" and b1["over_detained_hours"] == "35.77"
    assert b1["dispositions"] == "Immigration"


def test_hold_only_booking_open_charge_lifted_hold_and_no_hold() -> None:
    _, bookings, err = checked()
    assert bookings["B2"]["hold_started_at"] == "2017-03-01 09:00:00.0"  # the booking time
    assert bookings["B2"]["hold_status"] == "expired"
    assert bookings["B3"]["hold_status"] == "not-started"
    assert bookings["B3"]["over_detained_hours"] == "0.00"
    assert bookings["B5"]["hold_status"] == "hold-lifted"
    assert "Cancel Detainer" in bookings["B5"]["dispositions"]
    assert "B4" not in bookings  # no hold row: left out, and counted
    assert "1 bookings have no hold row" in err
    assert "hold rows where booking_charge_desc contains 'HOLD IMMIGRAT': 2" in err
    _, every, _ = checked("--all-bookings")
    assert every["B4"]["hold_status"] == "no-hold"


def test_markers_given_replace_the_defaults_and_must_name_a_column() -> None:
    _, bookings, err = checked("--hold-match", "booking_charge_desc=ICE DETAINER")
    assert set(bookings) == {"B3"}
    assert "booking_charge_desc contains 'ICE DETAINER': 1" in err
    code, _, err = checked("--hold-match", "charge=ICE")
    assert code == 2 and "--hold-match" in err
    code, _, err = run_cli("check", "-", AS_OF, "--all-bookings", stdin=export())
    assert code == 2 and "--group-by" in err


def test_verdicts_agree_with_expire_booking_by_booking() -> None:
    _, bookings, _ = checked()
    for booking in bookings.values():
        if booking["hold_status"] not in ("over-detained", "expired", "within-hold"):
            continue
        args = ["--released", booking["release_dt"]] if booking["release_dt"] else [
            "--still-held", AS_OF
        ]  # fmt: skip
        _, out, _ = run_cli(
            "expire", booking["hold_started_at"], "--tz", booking["tz"], "--format", "json",
            *args,
        )  # fmt: skip
        single = json.loads(out)
        assert single["expires_at"] == booking["hold_expires_at"]
        assert single["status"] == booking["hold_status"]


def test_a_word_inside_another_is_not_a_hold_marker() -> None:
    rows = ["B9|2017-03-01 09:00:00.0||PRICE HOLDINGS FRAUD|2017-03-02 09:00:00.0|CTY||UTC"]
    _, bookings, _ = checked("--all-bookings", data=export(rows))
    assert bookings["B9"]["hold_status"] == "no-hold"


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_only_flagged_and_letters_work_on_bookings(fmt: str, tmp_path: object) -> None:
    code, out, _ = run_cli(
        "check", "-", AS_OF, "--format", fmt, "--group-by", "booking_id", "--only", "flagged",
        stdin=export(),
    )  # fmt: skip
    if fmt == "csv":
        ids = [row[0] for row in csv.reader(io.StringIO(out))][1:]
    else:
        ids = [json.loads(line)["booking_id"] for line in out.splitlines()]
    assert ids == ["B1", "B2"] and code == 1
    folder = f"{tmp_path}/letters"
    code, _, err = run_cli(
        "check", "-", AS_OF, "--format", "csv", "--group-by", "booking_id", "--letters",
        folder, stdin=export(),
    )  # fmt: skip
    assert code == 1 and "letters written: 2" in err


def test_a_charge_row_without_a_booking_comes_back_alone_as_an_error() -> None:
    # Rows with a blank booking id are not one booking: merged, three unrelated charges
    # were judged as one hold, over-detained by 514 hours.
    rows = [
        *ROWS,
        charge("", BOOKED, "2017-03-30 10:00:00.0", "DUI", "2017-03-05 16:30:00.0", "CTY", "", CHI),
        charge("", BOOKED, "2017-03-20 10:00:00.0", "HOLD IMMIGRAT", "", "IMM", "", CHI),
        charge("", BOOKED, "", "ASSAULT", "2017-03-02 10:00:00.0", "CTY", "", CHI),
    ]
    code, out, err = run_cli(
        "check", "-", AS_OF, "--format", "csv", "--group-by", "booking_id",
        stdin=export(rows),
    )  # fmt: skip
    lines = list(csv.reader(io.StringIO(out)))
    blank = [line for line in lines[1:] if line[0] == ""]
    assert len(blank) == 3  # each comes back, none left out as a booking without a hold
    assert {line[3] for line in blank} == {"DUI", "HOLD IMMIGRAT", "ASSAULT"}
    for line in blank:
        assert line[-3:-1] == ["error", ""]
        assert line[-1].startswith("column booking_id: blank, so this charge row cannot be")
    assert code == 1 and "error: 3" in err


def test_a_booking_whose_rows_give_two_departures_is_an_error() -> None:
    # Which of the two is the person's departure cannot be told: no verdict on a guess.
    rows = [
        charge("B9", BOOKED, "2017-03-08 10:00:00.0", "THEFT", "2017-03-02 22:14:00.0", "CTY",
               "", CHI),
        charge("B9", BOOKED, "2017-03-28 10:00:00.0", "HOLD IMMIGRAT", "", "IMM", "", CHI),
        charge("B9", BOOKED, "", "DUI", "2017-03-01 12:00:00.0", "CTY", "", CHI),
    ]  # fmt: skip
    _, bookings, _ = checked(data=export(rows))
    assert bookings["B9"]["hold_status"] == "error"
    assert (
        "give two departures ('2017-03-08 10:00:00.0' and '2017-03-28 10:00:00.0')"
        in (bookings["B9"]["hold_error"])
    )


def test_null_value_reads_a_booking_s_words_for_no_value_as_blank() -> None:
    """The blank releases of B2 and B3 written as NULL, as a database export writes them:
    judged as the blanks are with --null-value, each named as an error without it."""
    nulled = [row.replace("||", "|NULL|").replace("|NULL||", "|NULL|NULL|") for row in ROWS]
    _, blanks, _ = checked()
    code, read, err = checked("--null-value", "NULL", data=export(nulled))
    assert code == 1 and "word for no value" not in err
    for booking in ("B1", "B2", "B3", "B5"):
        keys = ("hold_started_at", "hold_expires_at", "hold_status", "over_detained_hours")
        assert [read[booking][key] for key in keys] == [blanks[booking][key] for key in keys]
    _, refused, _ = checked(data=export(nulled))
    assert refused["B2"]["hold_status"] == "error"
    assert "'NULL' is a word for no value" in refused["B2"]["hold_error"]
