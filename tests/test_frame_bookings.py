"""`judge_bookings`: a per-charge table judged a booking at a time, as `check --group-by`
judges the same rows written as CSV, in each library the frame API takes."""

from __future__ import annotations

import csv
import io
import random
import re
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.test_frame import AS_OF, NOW, command_verdicts

pa = pytest.importorskip("pyarrow")

from holdcalc.core.errors import InputError  # noqa: E402
from holdcalc.frame import FrameWarning, judge_bookings  # noqa: E402

ZONE = "America/Los_Angeles"
VERDICTS = ("hold_expires_at", "hold_status", "over_detained_hours", "hold_error")
COLUMNS = (
    "booking_id",
    "booking_dt",
    "release_dt",
    "booking_charge_desc",
    "charge_release_dt",
    "release_disposition_desc",
    "jurisdiction_cd",
)
CHARGES = ("THEFT 3", "DUI", "ASSAULT 4", "UNL POSS FIREARM 1", "COMM CUSTODY JAIL")
ENDINGS = ("Time Served", "Bail Posted", "Dismissed", "Immigration", "Cancel Detainer")


def per_charge_rows(seed: int, bookings: int = 80) -> list[list[str]]:
    """A records office's per-charge export, of this suite's own making: each booking's
    charges one under another, most with a hold row (marked in the charge or by its
    jurisdiction code), some without; a few values blank or wrong."""
    pick = random.Random(seed)
    rows = []
    for number in range(bookings):
        booked = f"2017-{pick.randint(1, 12):02d}-{pick.randint(1, 28):02d}"
        left = (
            f"2017-12-{pick.randint(1, 28):02d} {pick.randint(0, 23):02d}:{pick.choice('03')}0:00"
        )
        if pick.random() < 0.05:
            left = pick.choice(["", "2017-13-45 10:00", "unknown"])
        for _ in range(pick.randint(1, 4)):
            release = f"2017-11-{pick.randint(1, 30):02d} {pick.randint(0, 23):02d}:00:00"
            if pick.random() < 0.05:
                release = pick.choice(["", "2017-11-31 10:00", f"{release[:10]}"])
            rows.append([f"B{number:03d}", f"{booked} 10:00:00", left, pick.choice(CHARGES),
                         release, pick.choice(ENDINGS), "SUP"])  # fmt: skip
        hold = pick.random()
        if hold < 0.85:
            desc, code = ("HOLD IMMIGRAT", "IMM") if hold < 0.6 else ("ICE DETAINER", "SUP")
            rows.append([f"B{number:03d}", f"{booked} 10:00:00", left, desc, left,
                         pick.choice(ENDINGS), code])  # fmt: skip
    return rows


def written(path: Path, rows: list[list[str]], columns: tuple[str, ...] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(columns)
        out.writerows(rows)
    return path


def command_rows(path: Path, *options: str) -> tuple[list[dict[str, str]], list[Any]]:
    """`check --group-by`'s rows as text, and its verdicts as the frame API types them."""
    flags = ("--group-by", "booking_id", "--start-col", "charge_release_dt", "--tz", ZONE)
    code, out, err = run_cli("check", str(path), "--as-of", AS_OF, "--format", "csv",
                             *flags, *options)  # fmt: skip
    assert code in (0, 1), err
    texts = [
        {name: value for name, value in row.items() if name not in VERDICTS}
        for row in csv.DictReader(io.StringIO(out))
    ]
    return texts, command_verdicts(path, *flags, *options)


def frame_rows(got: Any) -> tuple[list[dict[str, str]], list[Any]]:
    table = got if isinstance(got, pa.Table) else pa.table(got)
    texts = [
        {name: value for name, value in row.items() if name not in VERDICTS}
        for row in table.to_pylist()
    ]
    columns = [table.column(name).to_pylist() for name in VERDICTS]
    return texts, list(zip(*columns, strict=True))


def as_library(table: Any, library: str) -> Any:
    if library == "pandas":
        return pytest.importorskip("pandas").DataFrame(table.to_pandas())
    if library == "polars":
        return pytest.importorskip("polars").from_arrow(table)
    if library == "batch":
        return table.to_batches()[0] if table.num_rows else table
    return table


def text_columns(rows: list[list[str]], columns: tuple[str, ...] = COLUMNS) -> Any:
    return pa.table({name: [row[i] for row in rows] for i, name in enumerate(columns)})


@pytest.mark.parametrize("library", ["arrow", "batch", "pandas", "polars"])
def test_bookings_are_the_command_s(tmp_path: Path, library: str) -> None:
    rows = per_charge_rows(seed=5)
    path = written(tmp_path / "charges.csv", rows)
    expected_texts, expected = command_rows(path, "--released-col", "release_dt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FrameWarning)
        got = judge_bookings(as_library(text_columns(rows), library), group_by="booking_id",
                             start="charge_release_dt", released="release_dt", zone=ZONE,
                             as_of=AS_OF, now=NOW)  # fmt: skip
    if library == "pandas":
        got = pa.Table.from_pandas(got, preserve_index=False)
    texts, verdicts = frame_rows(got)
    assert len(verdicts) == len({row[0] for row in rows if "IMM" in row[3] + row[6]
                                  or "DETAINER" in row[3]})  # fmt: skip
    assert texts == expected_texts
    assert verdicts == expected


@pytest.mark.parametrize(
    ("flags", "settings"),
    [
        (("--jurisdiction", "WA"), {"jurisdiction": "WA"}),
        (("--rule", "i247a", "--holidays", "none"), {"rule": "i247a", "holidays": "none"}),
    ],
)
def test_laws_and_rules_are_the_command_s(
    tmp_path: Path, flags: tuple[str, ...], settings: dict[str, Any]
) -> None:
    """A place's law (with its binding_limit column, null where none binds, as `judge`
    gives it) and another rule, on the same rows as the command."""
    rows = per_charge_rows(seed=11, bookings=30)
    path = written(tmp_path / "charges.csv", rows)
    expected_texts, expected = command_rows(path, "--released-col", "release_dt", *flags)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FrameWarning)
        got = judge_bookings(text_columns(rows), group_by="booking_id",
                             start="charge_release_dt", released="release_dt", zone=ZONE,
                             as_of=AS_OF, now=NOW, **settings)  # fmt: skip
    texts, verdicts = frame_rows(got)
    for row in expected_texts:
        if row.get("binding_limit") == "":
            row["binding_limit"] = None  # type: ignore[assignment]
    assert (texts, verdicts) == (expected_texts, expected)
    assert ("binding_limit" in texts[0]) == ("jurisdiction" in settings)


@pytest.mark.parametrize("options", [{"all_bookings": True}, {}])
def test_without_a_departure_column_holds_end_at_their_rows(
    tmp_path: Path, options: dict[str, Any]
) -> None:
    """No departure column: each hold ends at its hold row's own release
    (hold_ended_at), and bookings without a hold row come back only when asked."""
    kept = (0, 1, 3, 4, 5, 6)
    rows = [[row[i] for i in kept] for row in per_charge_rows(seed=11)]
    columns = tuple(COLUMNS[i] for i in kept)
    path = written(tmp_path / "charges.csv", rows, columns)
    extra = ("--all-bookings",) if options else ()
    expected_texts, expected = command_rows(path, *extra)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FrameWarning)
        got = judge_bookings(text_columns(rows, columns), group_by="booking_id",
                             start="charge_release_dt", zone=ZONE, as_of=AS_OF, now=NOW,
                             **options)  # fmt: skip
    texts, verdicts = frame_rows(got)
    assert "hold_ended_at" in texts[0]
    assert (texts, verdicts) == (expected_texts, expected)
    assert any(status == "no-hold" for _, status, _, _ in verdicts) == bool(options)


def test_numbers_and_timestamps_are_read_as_check_reads_their_text() -> None:
    """A booking number held as a number and releases as timestamps, as pandas reads a
    file: grouped and judged as their text would be."""
    import datetime as dt

    stamps = [dt.datetime(2024, 3, 1, 9), dt.datetime(2024, 3, 18, 10), None]
    table = pa.table({
        "booking_id": [7, 7, 7],
        "booking_charge_desc": ["THEFT 3", "DUI", "HOLD IMMIGRAT"],
        "charge_release_dt": pa.array(stamps, pa.timestamp("us")),
        "release_dt": ["2024-03-20 08:00"] * 3,
    })  # fmt: skip
    as_text = table.set_column(0, "booking_id", pa.array(["7"] * 3)).set_column(
        2, "charge_release_dt", pa.array(["2024-03-01 09:00:00", "2024-03-18 10:00:00", ""])
    )
    settings: dict[str, Any] = {"group_by": "booking_id", "start": "charge_release_dt",
                                "released": "release_dt", "zone": "America/Chicago",
                                "as_of": AS_OF, "now": NOW}  # fmt: skip
    got, text = judge_bookings(table, **settings), judge_bookings(as_text, **settings)
    assert got.to_pylist() == text.to_pylist()
    (row,) = got.to_pylist()
    assert (row["booking_id"], row["hold_started_at"], row["charges"]) == (
        "7",
        "2024-03-18 10:00:00",
        "3",
    )
    assert row["hold_status"] == "within-hold"


def test_what_cannot_be_grouped_is_refused_or_warned() -> None:
    table = text_columns(per_charge_rows(seed=2, bookings=5))
    settings: dict[str, Any] = {
        "start": "charge_release_dt",
        "zone": ZONE,
        "as_of": AS_OF,
        "now": NOW,
    }
    with pytest.raises(Exception, match="booking column"):
        judge_bookings(table, group_by="no_such_column", **settings)
    with pytest.raises(Exception, match="is not COLUMN=TEXT"):
        judge_bookings(table, group_by="booking_id", hold_match="IMMIGRAT", **settings)
    for wrong, said in (
        ({"group_by": None}, "group_by: None is not a column's name"),
        ({"group_by": "booking_id", "all_bookings": "no"}, "all_bookings: 'no' is not True"),
        ({"group_by": "booking_id", "hold_match": [3]}, "hold_match: give 'COLUMN=TEXT'"),
        ({"group_by": "booking_id", "booked": 1}, "booked and disposition: give a column"),
    ):
        with pytest.raises(InputError, match=re.escape(said)):
            judge_bookings(table, **wrong, **settings)
    denied = pa.table({
        "booking_id": ["1", "1"],
        "booking_charge_desc": ["THEFT", "NO ICE HOLD"],
        "charge_release_dt": ["2024-03-01 09:00", "2024-03-02 09:00"],
    })  # fmt: skip
    with pytest.warns(FrameWarning, match="name a hold only to deny or undo it"):
        judge_bookings(denied, group_by="booking_id", **settings)
