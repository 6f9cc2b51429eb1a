"""A file that shows it writes the day first is said to, not read month first in silence.

Slash dates are read month first (the US rosters' way) unless --dayfirst is given. A
date like 27/11/2024 can only be day first: it is a row error, and the run says how
many rows had one, since the file's other slash dates (05/11/2024) were read as May 11.
"""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from holdcalc import parse_when
from holdcalc.core.errors import TimeParseError
from holdcalc.roster import stream
from tests.conftest import run_cli

AS_OF = "--as-of=2025-06-01T00:00Z"
WARNING = "row(s) hold a date that reads only day first"


def roster(path: Path, rows: list[str], header: str = "booking;eligible_at;released_at;tz") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "day_first"),
    [
        ("27/11/2024 16:30", True),
        ("27/11/2024 04:30 PM", True),
        ("27/11/2024", True),
        ("13/45/2020 9:00 PM", False),  # no reading makes it a date
        ("2024-11-27 16:30", None),  # read
    ],
)
def test_the_error_says_whether_the_value_reads_day_first(
    text: str, day_first: bool | None
) -> None:
    if day_first is None:
        parse_when(text, ZoneInfo("Europe/Madrid"))
        return
    with pytest.raises(TimeParseError) as caught:
        parse_when(text, ZoneInfo("Europe/Madrid"))
    assert caught.value.fields.get("day_first") is day_first
    assert ("day first?" in str(caught.value)) is day_first


def test_a_day_first_file_read_month_first_is_warned_about(tmp_path: Path) -> None:
    path = roster(
        tmp_path / "r.csv",
        [
            "A;27/11/2024 16:30;03/12/2024 09:00;Europe/Madrid",  # only day first: an error
            "B;05/11/2024 16:30;;Europe/Madrid",  # read as May 11
            "C;2024-11-05 16:30;28/11/2024 04:30 PM;Europe/Madrid",  # the departure errs
            "D;2024-11-05 16:30;;Europe/Madrid",
        ],
    )
    summary = tmp_path / "summary.json"
    code, out, err = run_cli(
        "check", str(path), AS_OF, "--format", "csv", "--summary-json", str(summary)
    )
    assert code == 1
    assert f"2 {WARNING}" in err and "--dayfirst" in err
    assert WARNING not in out  # the rows are unchanged; the warning is on stderr only
    assert json.loads(summary.read_text())["day_first_dates"] == 2
    rows = {line.split(",")[0]: line for line in out.splitlines()[1:]}
    assert ",expired," in rows["B"] and "2024-05-15" in rows["B"]

    summary.unlink()
    code, out, err = run_cli(
        "check", str(path), AS_OF, "--format", "csv", "--dayfirst", "--summary-json", str(summary)
    )
    assert WARNING not in err
    assert "day_first_dates" not in json.loads(summary.read_text())
    assert "2024-11-07" in out.splitlines()[2]  # B: 5 November now


def test_a_plain_us_file_gets_no_warning(tmp_path: Path) -> None:
    path = roster(
        tmp_path / "r.csv",
        [
            "A;11/27/2024 04:30 PM;12/03/2024 09:00 AM;America/Chicago",
            "B;13/45/2020 9:00 PM;;America/Chicago",
        ],
    )
    _, _, err = run_cli("check", str(path), AS_OF, "--format", "csv")
    assert WARNING not in err


def test_the_count_is_summed_over_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "BLOCK", 4096)  # many blocks, so workers share the rows
    rows = []
    for n in range(3_000):
        start = f"{27 if n % 7 == 0 else 5}/11/2024 16:30"
        rows.append(f"B{n};{start};;Europe/Madrid")
    path = roster(tmp_path / "big.csv", rows)
    summary = tmp_path / "summary.json"
    _, _, err = run_cli(
        "check", str(path), AS_OF, "--format", "csv", "--summary-json", str(summary),
        env={"HOLDCALC_WORKERS": "2"},
    )  # fmt: skip
    expected = sum(1 for n in range(3_000) if n % 7 == 0)
    assert json.loads(summary.read_text())["day_first_dates"] == expected
    assert f"{expected:,} {WARNING}" in err


def test_binding_limits_and_bookings_count_them_too(tmp_path: Path) -> None:
    path = roster(
        tmp_path / "r.csv",
        ["A;27/11/2024 16:30;;America/Los_Angeles", "B;2024-11-05 16:30;;America/Los_Angeles"],
    )
    _, _, err = run_cli("check", str(path), AS_OF, "--format", "csv", "--jurisdiction", "CA")
    assert f"1 {WARNING}" in err
    charges = roster(
        tmp_path / "charges.csv",
        [
            "B1|2024-11-01 08:00|2024-11-30 10:00|THEFT|27/11/2024 16:30|CTY|America/Chicago",
            "B1|2024-11-01 08:00|2024-11-30 10:00|HOLD IMMIGRAT||IMM|America/Chicago",
        ],
        header="booking_id|booking_dt|release_dt|booking_charge_desc|charge_release_dt|jurisdiction_cd|tz",
    )
    _, _, err = run_cli("check", str(charges), AS_OF, "--format", "csv", "--group-by", "booking_id")
    assert f"1 {WARNING}" in err


CHARGES = (
    "booking_id|booking_dt|release_dt|booking_charge_desc|charge_release_dt|jurisdiction_cd|tz"
)


def test_a_per_charge_roster_reads_charge_releases_day_first_when_told(tmp_path: Path) -> None:
    # The charge releases set the hold's start: --dayfirst reads them as it reads the
    # booking's other values, and an error names the flag, not the library's keyword.
    path = roster(
        tmp_path / "charges.csv",
        [
            "B1|01/11/2024 08:00|30/11/2024 10:00|THEFT|27/11/2024 16:30|CTY|America/Chicago",
            "B1|01/11/2024 08:00|30/11/2024 10:00|HOLD IMMIGRAT||IMM|America/Chicago",
        ],
        header=CHARGES,
    )
    _, out, _ = run_cli("check", str(path), AS_OF, "--format", "csv", "--group-by", "booking_id")
    assert "(day first? add --dayfirst)" in out and "dayfirst=True" not in out
    _, out, err = run_cli(
        "check", str(path), AS_OF, "--format", "csv", "--group-by", "booking_id", "--dayfirst"
    )
    # Wed 11-27 16:30: 7.5 h that day, Thanksgiving and the weekend excluded, Friday 24 h,
    # Monday 16.5 h: the hold ran out Mon 12-02 16:30; the person left Sat 11-30 10:00.
    assert out.splitlines()[1].endswith(",2024-12-02T16:30:00-06:00,within-hold,0.00,"), out
    assert WARNING not in err


def test_a_per_charge_roster_reads_charge_releases_with_the_date_formats(tmp_path: Path) -> None:
    path = roster(
        tmp_path / "charges.csv",
        [
            "B1|01-NOV-24 08.00.00 AM|03-DEC-24 10.00.00 AM|THEFT|27-NOV-24 04.30.00 PM|CTY|"
            "America/Chicago",
            "B1|01-NOV-24 08.00.00 AM|03-DEC-24 10.00.00 AM|HOLD IMMIGRAT||IMM|America/Chicago",
        ],
        header=CHARGES,
    )
    code, out, _ = run_cli(
        "check", str(path), AS_OF, "--format", "csv", "--group-by", "booking_id",
        "--date-format", "%d-%b-%y %I.%M.%S %p",
    )  # fmt: skip
    row = out.splitlines()[1]
    # As above, the hold ran out Mon 12-02 16:30; the person left Tue 12-03 10:00.
    assert ",27-NOV-24 04.30.00 PM,2," in row
    assert ",over-detained,17.50," in row and code == 1
