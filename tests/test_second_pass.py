"""The second adversarial pass (issue 24): each defect found, with the example that
showed it and variants of our own. Each class is listed in docs/checking-rosters.md."""

from __future__ import annotations

import hashlib
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
    text = PER_CHARGE.format(rows=f"B1,THEFT,{note},2020-03-02 08:00,2020-03-20 08:00\n")
    code, out, err = run("check", "-", *BOOKING_FLAGS, stdin=text)
    assert code == 0, err
    lines = out.splitlines()
    assert ",no-hold,0.00," in lines[1]  # not 409 hours over-detained
    assert ",within-hold,0.00," in lines[2]
    assert "not taken as hold rows: 1" in err and repr(note.upper()) in err


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
    """The marker on a row of its own (a note, not a charge): taken unless denied."""
    rows = f"B1,THEFT,,2020-03-02 08:00,2020-03-20 08:00\nB1,NOTE,{note},,2020-03-20 08:00\n"
    code, out, err = run("check", "-", *BOOKING_FLAGS, stdin=PER_CHARGE.format(rows=rows))
    assert code == (1 if status == "over-detained" else 0), err
    assert f",{status}," in out.splitlines()[1]
    assert ("not taken as hold rows: 1" in err) == (status == "no-hold")


def test_a_row_both_denying_and_naming_a_hold_is_a_hold() -> None:
    """One cell denies a hold, another names one: the hold is there."""
    rows = (
        "B1,THEFT,,2020-03-02 08:00,2020-03-20 08:00\n"
        "B1,ICE DETAINER,NO ICE HOLD,,2020-03-20 08:00\n"
    )
    code, out, err = run("check", "-", *BOOKING_FLAGS, stdin=PER_CHARGE.format(rows=rows))
    assert code == 1, err
    assert ",over-detained," in out.splitlines()[1]
    assert "not taken as hold rows" not in err
