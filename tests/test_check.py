"""`holdcalc check`: rows kept, every status, error rows, formats, exit codes, atomic output."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from holdcalc import RULES, Calendar, Status, assess, hold_expiry
from holdcalc.cli import EXIT_FLAGGED, EXIT_INVALID, EXIT_USAGE
from holdcalc.core.errors import ColumnError, HoldcalcError
from holdcalc.core.parsing import instant_in, parse_when
from holdcalc.roster.columns import find_columns
from holdcalc.roster.pipeline import run_check
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import Format, InputSettings, JudgeSettings, OutputSettings
from tests import reference
from tests.conftest import run_cli as run

AS_OF = "2026-11-01T12:00:00Z"
SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-roster.csv"
EXTRA = ["hold_expires_at", "hold_status", "over_detained_hours", "hold_error"]


def rows_of(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def check_text(body: str, *extra: str) -> tuple[int, list[dict[str, str]], str]:
    code, out, err = run("check", "-", "--as-of", AS_OF, "--format", "csv", *extra, stdin=body)
    return code, rows_of(out), err


def test_sample_roster_every_row_back_with_verdicts() -> None:
    code, out, err = run("check", str(SAMPLE), "--as-of", AS_OF, "--format", "csv")
    assert code == EXIT_FLAGGED
    source = list(csv.reader(SAMPLE.open(encoding="utf-8")))
    back = list(csv.reader(io.StringIO(out)))
    assert back[0] == source[0] + EXTRA
    assert [row[: len(source[0])] for row in back[1:]] == source[1:]
    status = {row[0]: row[len(source[0]) + 1] for row in back[1:]}
    assert status["S-1002"] == "over-detained"
    assert status["S-1009"] == "possibly-over-detained"
    assert status["S-1012"] == "error"
    assert "rows read: 14" in err


def test_statuses_and_hours() -> None:
    body = (
        "eligible_at,released_at,tz\n"
        "2024-11-27 16:30,2024-11-29 10:15,America/Chicago\n"  # within
        "2024-11-27 16:30,2024-12-02 16:30,America/Chicago\n"  # exactly at expiry: within
        "2024-11-27 16:30,2024-12-02 16:31,America/Chicago\n"  # one minute over
        "2024-11-27 16:30,,America/Chicago\n"  # still held long after: expired
        "2026-10-30 16:30,,America/Chicago\n"  # still held, hold running: active
    )
    code, rows, _ = check_text(body)
    assert code == EXIT_FLAGGED
    assert [r["hold_status"] for r in rows] == [
        "within-hold",
        "within-hold",
        "over-detained",
        "expired",
        "active",
    ]
    assert [r["over_detained_hours"] for r in rows][:3] == ["0.00", "0.00", "0.02"]
    assert rows[0]["hold_expires_at"] == "2024-12-02T16:30:00-06:00"
    expired_hours = float(rows[3]["over_detained_hours"])
    expected = (
        dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
        - dt.datetime(2024, 12, 2, 22, 30, tzinfo=dt.UTC)
    ).total_seconds() / 3600
    assert expired_hours == round(expected, 2)
    assert rows[4]["over_detained_hours"] == "0.00"
    assert all(r["hold_error"] == "" for r in rows)


def test_date_only_values_give_intervals() -> None:
    body = (
        "eligible_at,released_at,tz\n"
        # start any time Mon 2024-12-30: expiry between Wed 00:00 and Fri 01-03 00:00
        "2024-12-30,2025-01-02,America/Phoenix\n"  # release day inside the range: possibly
        "2024-12-30,2025-01-20,America/Phoenix\n"  # after the latest: over, certain hours
        "2024-12-30,2024-12-31,America/Phoenix\n"  # release day ends before earliest: within
        "2024-12-30 10:00,2025-01-01,America/Phoenix\n"  # exact start, date-only release
    )
    code, rows, _ = check_text(body)
    assert code == EXIT_FLAGGED
    assert [r["hold_status"] for r in rows] == [
        "possibly-over-detained",
        "over-detained",
        "within-hold",
        "within-hold",
    ]
    assert rows[0]["hold_expires_at"] == "2025-01-03T00:00:00-07:00"  # the latest possible
    assert rows[1]["over_detained_hours"] == f"{17 * 24:.2f}"  # from 01-03 00:00 to 01-20 00:00
    assert rows[0]["over_detained_hours"] == "0.00"
    assert rows[3]["hold_expires_at"] == "2025-01-02T10:00:00-07:00"


@pytest.mark.parametrize(
    ("start", "released", "tz", "fragment"),
    [
        ("not a date", "2024-12-01 10:00", "America/Chicago", "column eligible_at: 'not a date'"),
        ("2023-02-30 10:00", "", "America/Chicago", "not a real date"),
        ("13/45/2020 9:00 PM", "", "America/Chicago", "month 13"),
        ("2024-11-27 16:30", "yesterday", "America/Chicago", "column released_at: 'yesterday'"),
        ("2024-11-27 16:30", "2024-11-27 11:30", "America/Chicago", "before the hold started"),
        ("2024-11-27 16:30", "", "Mars/Olympus_Mons", "column tz: unknown time zone"),
        ("", "", "America/Chicago", "column eligible_at is blank"),
        ("2025-03-09 02:30", "", "America/Chicago", "does not exist in America/Chicago"),
        ("2025-11-02 01:30", "", "America/Chicago", "happens twice"),
    ],
)
def test_error_rows_are_kept_with_a_reason(
    start: str, released: str, tz: str, fragment: str
) -> None:
    body = (
        f"eligible_at,released_at,tz\n{start},{released},{tz}\n2024-11-27 16:30,,America/Chicago\n"
    )
    code, rows, _ = check_text(body)
    assert len(rows) == 2
    assert rows[0]["eligible_at"] == start and rows[0]["released_at"] == released
    assert rows[0]["hold_status"] == "error"
    assert fragment in rows[0]["hold_error"]
    assert rows[0]["hold_expires_at"] == "" and rows[0]["over_detained_hours"] == ""
    assert rows[1]["hold_status"] == "expired"
    assert code == EXIT_FLAGGED


def test_only_errors_exit_with_invalid_code() -> None:
    code, rows, err = check_text(
        "eligible_at,released_at,tz\nbad,,America/Chicago\n"
        "2024-11-27 16:30,2024-11-28 10:00,America/Chicago\n"
    )
    assert code == EXIT_INVALID
    assert [r["hold_status"] for r in rows] == ["error", "within-hold"]
    assert "error: 1" in err


def test_clean_file_exits_zero() -> None:
    code, rows, _ = check_text(
        "eligible_at,released_at,tz\n2024-11-27 16:30,2024-11-28 10:00,America/Chicago\n"
    )
    assert code == 0 and rows[0]["hold_status"] == "within-hold"


def test_tricky_csv_survives_byte_for_byte_in_values() -> None:
    body = (
        "\ufeffBooking ID;Name;Eligible At;Released At\r\n"
        '7;"Núñez; María\r\n(alias ""Mari"")";2024-11-27 16:30;2024-12-03 09:00\r\n'
        "8;Đặng Thị;11/27/2024 04:30 PM;\r\n"
    )
    code, out, _ = run(
        "check",
        "-",
        "--tz",
        "America/Chicago",
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        stdin=body.encode("utf-8"),
    )
    assert code == EXIT_FLAGGED
    back = list(csv.reader(io.StringIO(out, newline="")))
    assert back[0] == ["Booking ID", "Name", "Eligible At", "Released At", *EXTRA]
    assert back[1][1] == 'Núñez; María\r\n(alias "Mari")'
    assert back[1][5] == "over-detained"
    assert back[2][1] == "Đặng Thị"
    assert back[2][5] == "expired"


@pytest.mark.parametrize("delimiter", ["|", "\t", ";", ","])
def test_delimiters_are_detected(delimiter: str) -> None:
    body = delimiter.join(["booking", "eligible_at", "released_at"]) + "\n"
    body += delimiter.join(["1", "2024-11-27 16:30", "2024-11-28 10:00"]) + "\n"
    code, out, _ = run("check", "-", "--tz", "America/Chicago", "--format", "csv", stdin=body)
    assert code == 0
    assert rows_of(out)[0]["hold_status"] == "within-hold"
    assert rows_of(out)[0]["booking"] == "1"


def test_gzip_input(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv.gz"
    path.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    code, out, _ = run("check", str(path), "--as-of", AS_OF, "--format", "csv")
    _, plain, _ = run("check", str(SAMPLE), "--as-of", AS_OF, "--format", "csv")
    assert code == EXIT_FLAGGED
    assert out == plain


def test_split_date_and_time_columns() -> None:
    body = (
        "Booking,Release Date,Release Time,Out Date,Out Time,tz\n"
        "1,11/27/2024,4:30 PM,12/03/2024,9:00 AM,America/Chicago\n"
        "2,11/27/2024,,12/03/2024,,America/Chicago\n"
        "3,11/27/2024,,12/04/2024,,America/Chicago\n"
    )
    code, out, _ = run(
        "check",
        "-",
        "--start-col",
        "release date",
        "--start-time-col",
        "Release Time",
        "--released-col",
        "Out Date",
        "--released-time-col",
        "out time",
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        stdin=body,
    )
    rows = rows_of(out)
    assert code == EXIT_FLAGGED
    assert rows[0]["hold_status"] == "over-detained"
    assert rows[0]["over_detained_hours"] == "16.50"
    # Date only: a start on Wed 11-27 expires from Sat 11-30 00:00 (start at 00:00) to
    # Tue 12-03 00:00 (start at midnight's end), so a release on 12-03 may be late,
    # one on 12-04 certainly is, by at least the 24 hours from 12-03 00:00.
    assert rows[1]["hold_status"] == "possibly-over-detained"
    assert rows[1]["hold_expires_at"] == "2024-12-03T00:00:00-06:00"
    assert rows[2]["hold_status"] == "over-detained"
    assert rows[2]["over_detained_hours"] == "24.00"


def test_missing_column_is_a_usage_error_naming_the_columns() -> None:
    code, out, err = run("check", "-", "--tz", "America/Chicago", stdin="name,when\nA,2024\n")
    assert code == EXIT_USAGE
    assert out == ""
    assert "'name', 'when'" in err and "--start-col" in err
    code, _, err = run("check", "-", "--start-col", "nope", stdin="name,when\nA,2024\n")
    assert code == EXIT_USAGE and "'nope'" in err


def test_only_flagged_and_spreadsheet_safe() -> None:
    body = (
        "name,eligible_at,released_at,tz\n"
        '=HYPERLINK("x"),2024-11-27 16:30,2024-12-03 09:00,America/Chicago\n'
        "+ok,2024-11-27 16:30,2024-11-28 09:00,America/Chicago\n"
    )
    code, rows, _ = check_text(body, "--only", "flagged", "--spreadsheet-safe")
    assert code == EXIT_FLAGGED
    assert len(rows) == 1
    assert rows[0]["name"] == '\'=HYPERLINK("x")'


def test_json_jsonl_and_tsv_formats() -> None:
    body = SAMPLE.read_text(encoding="utf-8")
    _, out, _ = run("check", "-", "--as-of", AS_OF, "--format", "jsonl", stdin=body)
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 14 and lines[1]["hold_status"] == "over-detained"
    _, out, _ = run("check", "-", "--as-of", AS_OF, "--format", "json", stdin=body)
    array = json.loads(out)
    assert array == lines
    _, out, _ = run("check", "-", "--as-of", AS_OF, "--format", "tsv", stdin=body)
    assert rows_of(out, "\t") == [{k: v for k, v in d.items()} for d in lines]


def test_summary_matches_a_hand_count(tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    code, out, err = run(
        "check",
        str(SAMPLE),
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--bed-cost",
        "170",
        "--summary-json",
        str(summary),
    )
    assert code == EXIT_FLAGGED
    rows = rows_of(out)
    figures = json.loads(summary.read_text(encoding="utf-8"))
    hand: dict[str, int] = {}
    for row in rows:
        hand[row["hold_status"]] = hand.get(row["hold_status"], 0) + 1
    assert {k: v for k, v in figures["statuses"].items() if v} == hand
    assert figures["rows"] == len(rows) == 14
    over = sorted(
        float(r["over_detained_hours"])
        for r in rows
        if r["hold_status"] in ("over-detained", "expired")
    )
    assert figures["over_detention_hours"]["total"] == round(sum(over), 2)
    assert figures["over_detention_hours"]["max"] == max(over)
    middle = len(over) // 2
    median = over[middle] if len(over) % 2 else (over[middle - 1] + over[middle]) / 2
    assert figures["over_detention_hours"]["median"] == round(median, 2)
    assert figures["over_detention_cost"] == round(sum(over) / 24 * 170, 2)
    assert f"{figures['over_detention_cost']:,.2f}" in err


def test_output_file_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("previous contents\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    good_rows = "".join(
        f"{i},2024-11-27 16:30,2024-11-28 09:00,America/Chicago\n" for i in range(2000)
    )
    bad.write_bytes(b"id,eligible_at,released_at,tz\n" + good_rows.encode() + b"\xff\xfe,x,y\n")
    code, out, err = run("check", str(bad), "-o", str(target), "--format", "csv")
    assert code == EXIT_INVALID
    assert out == ""
    assert "not valid text" in err and "--encoding" in err
    assert target.read_text(encoding="utf-8") == "previous contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "out.csv"]
    code, _, _ = run("check", str(SAMPLE), "-o", str(target), "--as-of", AS_OF)
    assert code == EXIT_FLAGGED
    assert target.read_text(encoding="utf-8").startswith("booking_id,")


def test_output_never_overwrites_the_input(tmp_path: Path) -> None:
    copy = tmp_path / "roster.csv"
    copy.write_bytes(SAMPLE.read_bytes())
    code, _, err = run("check", str(copy), "-o", str(copy))
    assert code == 4
    assert "is the input file" in err
    assert copy.read_bytes() == SAMPLE.read_bytes()


def test_encoding_option() -> None:
    body = "name,eligible_at,released_at,tz\nJosé,2024-11-27 16:30,,America/Chicago\n"
    code, out, _ = run(
        "check",
        "-",
        "--encoding",
        "cp1252",
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        stdin=body.encode("cp1252"),
    )
    assert code == EXIT_FLAGGED
    assert rows_of(out)[0]["name"] == "José"


def test_ragged_and_blank_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("holdcalc.cli.options.default_zone", lambda: (None, "nowhere"))
    body = (
        "eligible_at,released_at,tz,note\n"
        "2024-11-27 16:30,2024-11-28 10:00,America/Chicago\n"  # short: padded
        "\n"
        "2024-11-27 16:30,2024-11-28 10:00\n"
    )  # tz missing: blank cell and no --tz
    code, rows, err = check_text(body)
    assert len(rows) == 2
    assert rows[0]["hold_status"] == "within-hold" and rows[0]["note"] == ""
    assert rows[1]["hold_status"] == "error" and "time zone" in rows[1]["hold_error"]
    assert "blank lines skipped: 1" in err
    assert code == EXIT_INVALID


def test_long_rows_nul_bytes_and_huge_cells_are_kept() -> None:
    note = "x" * 200_000
    body = (
        "eligible_at,released_at,tz\n"
        "2024-11-27 16:30,2024-11-28 10:00,America/Chicago,surplus\n"
        "2024-11-27 16:30,2024-11-28 10:00,America/Chicago\x00\n"
        f'2024-11-27 16:30,2024-11-28 10:00,"America/Chicago"\n'
        f'"{note}",,America/Chicago\n'
    )
    code, out, _ = run("check", "-", "--as-of", AS_OF, "--format", "csv", stdin=body)
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) == 5
    # The verdict stays in its documented columns; the extra cell follows it.
    assert rows[1][4] == "within-hold" and rows[1][7] == "surplus"
    assert "4 fields" in rows[1][6]
    assert rows[2][4] == "error" and "time zone" in rows[2][6]
    assert rows[3][4] == "within-hold"
    assert rows[4][0] == note and rows[4][4] == "error"
    assert code == EXIT_INVALID


# --- cross-checks ---------------------------------------------------------------------------

ZONES = reference.US_ZONES


WORLD = reference.OTHER_ZONES


def _random_rows(count: int, seed: int, zones: list[str] | None = None) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        zone = rng.choice(zones or ZONES)
        start = dt.datetime(2011, 1, 1) + dt.timedelta(minutes=rng.randrange(60 * 24 * 365 * 15))
        if rng.random() < 0.1:  # pile some onto DST weekends and year ends
            start = start.replace(month=rng.choice([3, 11, 12]), day=rng.randrange(1, 15))
        left = start + dt.timedelta(minutes=rng.randrange(60 * 24 * 9))
        shape = rng.choice(["%Y-%m-%d %H:%M", "%m/%d/%Y %I:%M %p", "%Y-%m-%dT%H:%M:%S"])
        released = "" if rng.random() < 0.1 else left.strftime(shape)
        rows.append([start.strftime(shape), released, zone])
    return rows


@pytest.mark.parametrize(
    ("zones", "weekends"),
    [(None, None), (WORLD, False)],
    ids=["US zones, cfr", "world zones, weekends counted"],
)
def test_check_agrees_with_expire_on_random_cases(
    zones: list[str] | None, weekends: bool | None
) -> None:
    rule = RULES["cfr"].adjusted(weekends=weekends)
    options = JudgeSettings(
        rule, Calendar("federal"), dt.datetime(2026, 11, 1, tzinfo=dt.UTC), None
    )
    checker = RowJudge(find_columns(["eligible_at", "released_at", "tz"]), options)
    compared = 0
    for start_text, released_text, zone_name in _random_rows(3000, seed=5, zones=zones):
        zone = ZoneInfo(zone_name)
        verdict = checker.verdict([start_text, released_text, zone_name]).cells(False)
        try:
            start = parse_when(start_text, zone)
            expiry = hold_expiry(start, zone=zone, rule=rule)  # type: ignore[arg-type]
            if released_text:
                result = assess(expiry, released=parse_when(released_text, zone))  # type: ignore[arg-type]
            else:
                result = assess(expiry, as_of=instant_in(options.as_of, zone))
        except HoldcalcError as exc:  # a crash in either path is a failure, not agreement
            assert verdict[1] == "error", (start_text, released_text, zone_name, exc)
            continue
        compared += 1
        assert verdict[0] == expiry.expires_at.isoformat()
        assert verdict[1] == result.status.value
        if result.status in (Status.OVER_DETAINED, Status.EXPIRED):
            assert verdict[2] == f"{result.over_by.total_seconds() / 3600:.2f}"
    assert compared > 2500


def test_parallel_blocks_match_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from holdcalc.roster import stream

    monkeypatch.setattr(stream, "BLOCK", 4096)
    lines = ["booking,name,eligible_at,released_at,tz"]
    for i, (start, released, zone) in enumerate(_random_rows(3000, seed=2)):
        lines.append(f"{i},Name {i},{start},{released},{zone}")
    plain = tmp_path / "plain.csv"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    quoted = tmp_path / "quoted.csv"  # a quoted name with a newline, and a stray quote
    quoted.write_text(
        "\n".join(
            [
                *lines[:2000],
                '9999,"Quoted\nName",2024-11-27 16:30,,America/Chicago',
                '10000,5" pipe,2024-11-27 16:30,,America/Chicago',
                *lines[2000:],
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    stray = tmp_path / "stray.csv"  # one stray quote early: no safe cut for a long way
    stray.write_text(
        "\n".join([lines[0], '1,5" pipe,2024-11-27 16:30,,America/Chicago', *lines[1:]]) + "\n",
        encoding="utf-8",
    )
    options = JudgeSettings(RULES["cfr"], Calendar(), dt.datetime(2026, 11, 1, tzinfo=dt.UTC), None)
    for source in (plain, quoted, stray):
        outputs = []
        for workers in (1, 2):
            target = tmp_path / f"{source.stem}-{workers}.csv"
            outcome = run_check(
                InputSettings(str(source)),
                options,
                OutputSettings(Format.CSV, str(target)),
                workers=workers,
            )
            outputs.append(target.read_text(encoding="utf-8"))
            assert outcome.workers == workers
            assert outcome.summary.rows == len(source.read_text().splitlines()) - 1 - (
                1 if source is quoted else 0
            )
            assert outcome.summary.rows == len(list(csv.reader(io.StringIO(outputs[-1])))) - 1
        assert outputs[0] == outputs[1]


def test_columns_found_by_alias() -> None:
    found = find_columns(["Booking #", "Bond Posted At", "Release_DT", "Time Zone"])
    assert (found.start, found.released, found.tz) == (1, 2, 3)
    with pytest.raises(ColumnError):
        find_columns(["a", "b"])


def test_table_format_shows_every_row() -> None:
    code, out, err = run("check", str(SAMPLE), "--as-of", AS_OF, "--format", "table")
    assert code == EXIT_FLAGGED
    assert "status" in out and "S-1014" in out and "over-detained" in out
    assert "rows read: 14" in err


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    lines = ["booking,eligible_at,released_at,tz"]
    lines += [f"{i},2024-11-27 16:30,2024-11-28 10:00,America/Chicago" for i in range(30000)]
    roster = tmp_path / "big.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = f'"{sys.executable}" -m holdcalc check "{roster}" --format csv | head -n 2'
    result = subprocess.run(
        command,
        shell=True,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "HOLDCALC_WORKERS": "2"},
    )
    assert result.stdout.count("\n") == 2
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


@pytest.mark.parametrize("rows", [200, 40_000])
def test_truncated_gzip_is_a_clear_error(tmp_path: Path, rows: int) -> None:
    lines = ["id,eligible_at,released_at,tz"]
    lines += [f"{i},2024-11-27 16:30,2024-11-28 10:00,America/Chicago" for i in range(rows)]
    packed = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    target = tmp_path / "out.csv"
    code, out, err = run("check", str(path), "-o", str(target))
    assert code == EXIT_INVALID
    assert out == ""
    assert "cannot be read" in err and "Traceback" not in err
    assert not target.exists()


def test_header_only_file() -> None:
    code, out, err = run(
        "check", "-", "--tz", "UTC", "--format", "csv", stdin="eligible_at,released_at\n"
    )
    assert code == 0
    assert out == "eligible_at,released_at," + ",".join(EXTRA) + "\n"
    assert "rows read: 0" in err


def test_no_worker_processes_falls_back_to_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing.context

    from holdcalc.roster import stream

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores here")

    monkeypatch.setattr(stream, "BLOCK", 4096)
    monkeypatch.setattr(multiprocessing.context.BaseContext, "Pool", refuse)
    lines = ["id,eligible_at,released_at,tz"]
    lines += [f"{i},2024-11-27 16:30,2024-11-28 10:00,America/Chicago" for i in range(3000)]
    source = tmp_path / "in.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = JudgeSettings(RULES["cfr"], Calendar(), dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    target = tmp_path / "out.csv"
    outcome = run_check(
        InputSettings(str(source)), options, OutputSettings(Format.CSV, str(target)), workers=2
    )
    assert outcome.workers == 1
    assert outcome.summary.rows == 3000
    assert target.read_text(encoding="utf-8").count("within-hold") == 3000


def test_zone_judges_sharing_a_timeline_stay_right_when_another_extends_it() -> None:
    """Two spellings of one zone share its timeline; when one judge extends the table to
    earlier years, the other's general path still reads the days it means."""
    settings = JudgeSettings(RULES["cfr"], Calendar(), dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    checker = RowJudge(find_columns(["eligible_at", "released_at", "tz"]), settings)
    zone = "America/Phoenix"  # a zone no other test in this process has touched
    row = ["2023-11-14", "2023-11-20 09:00", zone]  # a date alone: the day's window
    first = checker.verdict(row)
    checker.verdict(["2005-03-01 10:00", "2005-03-09 10:00", f" {zone} "])  # extends back
    again = checker.verdict(row)
    latest = parse_when("2023-11-15 00:00", ZoneInfo(zone))  # the window's end
    expected = hold_expiry(latest, zone=zone)  # type: ignore[arg-type]
    assert first == again
    assert again.expires_at == expected.expires_at.isoformat()
    assert again.status is Status.OVER_DETAINED


# --- check --due-within: a watch list (issue 12) ---------------------------------------------

WATCH = (
    "booking_id,eligible_at,released_at,tz\n"
    "A,2024-11-27 16:30,,America/Chicago\n"  # due Mon 12-02 16:30 CST: 8.5 h away
    "B,2024-11-29 09:00,,America/New_York\n"  # due Tue 12-03 09:00 EST: 25 h away
    "C,2024-11-28 08:00,,America/Los_Angeles\n"  # Thanksgiving: due Tue 12-03 00:00 PST, 16 h
    "D,2024-11-20 08:00,,America/Chicago\n"  # expired: not running
    "F,2024-11-27 16:30,2024-11-28 10:00,America/Chicago\n"  # left: not running
)


def test_due_within_lists_running_holds_soonest_first() -> None:
    code, out, _ = run(
        "check", "-", "--as-of", "2024-12-02 08:00", "--due-within", "24", "--format", "csv",
        stdin=WATCH,
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(out)))
    assert [row[0] for row in rows[1:]] == ["A", "C"]
    assert code == 1  # the roster still has an expired hold: the exit code is the run's
    code, out, _ = run(
        "check", "-", "--as-of", "2024-12-02 08:00", "--due-within", "25", "--format", "jsonl",
        stdin=WATCH,
    )  # fmt: skip
    assert [json.loads(line)["booking_id"] for line in out.splitlines()] == ["A", "C", "B"]


def test_due_within_and_only_flagged_contradict() -> None:
    code, out, err = run("check", "-", "--due-within", "24", "--only", "flagged", stdin=WATCH)
    assert code == 2 and out == "" and "--due-within" in err


def test_a_roster_without_a_zone_read_in_the_machines_zone_says_so(tmp_path: Path) -> None:
    # Weekends and holidays begin at the jail's midnight, so the zone is never assumed
    # without a word.
    roster = tmp_path / "r.csv"
    roster.write_text(
        "booking_id,eligible_at,released_at\nA,2024-11-27 16:30,2024-12-03 09:00\n",
        encoding="utf-8",
    )
    args = ("check", str(roster), "--as-of", "2025-06-01T00:00Z", "--format", "csv")
    machine: dict[str, str | None] = {"TZ": "America/Chicago", "HOLDCALC_TZ": None}
    _, out, err = run(*args, env=machine)
    assert "note: the roster has no zone column, so every row was read in America/Chicago" in err
    assert "(TZ); give the jail's zone with --tz" in err and "note" not in out
    _, _, err = run(*args, "--tz", "America/Chicago", env=machine)
    assert "no zone column" not in err
    _, _, err = run(*args, env={"TZ": None, "HOLDCALC_TZ": "America/Chicago"})
    assert "no zone column" not in err


def test_departures_still_to_come_are_counted_and_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A departure after the as-of time cannot have happened yet (a mistyped year?): the
    # verdict takes it as given, and the run says how many rows had one.
    from holdcalc.roster import stream

    rows = ["booking_id,eligible_at,released_at,tz"]
    for n in range(2_000):
        left = (
            ("2062-12-10 10:00", "12/10/2062 10:00 AM", "2062-12-10")[n % 3]
            if n % 5 == 0
            else ("2024-12-03 09:00")
        )
        rows.append(f"B{n},2024-11-27 16:30,{left},America/Chicago")
    roster = tmp_path / "r.csv"
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(stream, "BLOCK", 4096)  # many blocks: workers share the rows
    expected = sum(1 for n in range(2_000) if n % 5 == 0)
    for workers in ("1", "2"):
        summary = tmp_path / f"s{workers}.json"
        _, out, err = run(
            "check", str(roster), "--as-of", "2025-06-01T00:00Z", "--format", "csv",
            "--summary-json", str(summary), env={"HOLDCALC_WORKERS": workers},
        )  # fmt: skip
        assert f"warning: {expected:,} row(s) have a departure after the as-of time" in err
        assert json.loads(summary.read_text())["departures_after_as_of"] == expected
        assert out.count(",over-detained,") == 2_000  # the verdicts take them as given
    _, _, err = run("check", str(roster), "--as-of", "2063-01-01T00:00Z", "--format", "csv")
    assert "departure after the as-of time" not in err


# Forty zones, each to be misspelled in its last letter: near a real name, so each
# unknown name gets suggestions.
MISSED = ["America/Chicago", "America/New_York", "America/Denver", "America/Boise",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico",
    "Europe/London", "Europe/Paris", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney",
    "Africa/Cairo", "America/Havana", "America/Santiago", "Asia/Beirut", "Europe/Berlin",
    "Europe/Madrid", "Europe/Rome", "Asia/Shanghai", "Asia/Seoul", "America/Toronto",
    "America/Vancouver", "America/Mexico_City", "America/Bogota", "America/Lima",
    "America/Caracas", "Europe/Moscow", "Asia/Dubai", "Asia/Karachi", "Asia/Dhaka",
    "Asia/Bangkok", "Asia/Jakarta", "Asia/Manila", "Pacific/Auckland", "Pacific/Fiji",
    "Atlantic/Reykjavik", "Europe/Dublin", "Europe/Lisbon"]  # fmt: skip
NEAR_MISSES = [zone[:-1] + "q" for zone in MISSED]


def test_an_unknown_zone_is_worded_alike_whatever_came_before() -> None:
    """The names suggested for an unknown zone depend on the name alone: not on how many
    other names this process was asked about before (a worker's blocks, a server's
    earlier uploads)."""
    from holdcalc.core.clock import get_zone

    def message(name: str) -> str:
        get_zone.cache_clear()
        with pytest.raises(HoldcalcError) as caught:
            get_zone(name)
        return str(caught.value)

    first = [message(name) for name in NEAR_MISSES]
    assert all("did you mean" in text for text in first)
    assert "did you mean America/Chicago" in first[0]
    assert [message(name) for name in reversed(NEAR_MISSES)] == first[::-1]


def test_worker_processes_word_unknown_zones_as_one_process_does(tmp_path: Path) -> None:
    """Blocks judged in two processes meet the unknown zones in another order than one
    process does; each row's words are the same either way."""
    path = tmp_path / "zones.csv"
    lines = ["booking_id,eligible_at,released_at,tz"]
    for number in range(52_000):
        names = NEAR_MISSES if number < 12_000 else NEAR_MISSES[::-1]
        day = 1 + number % 9
        lines.append(
            f"B{number},2024-03-0{day} 10:00,2024-03-1{day} 10:00,{names[number * 7 % 40]}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["check", str(path), "--as-of", "2026-11-01T00:00Z", "--format", "csv"]
    one = run(*args, env={"HOLDCALC_ENGINE": "row", "HOLDCALC_WORKERS": "1"})
    two = run(*args, env={"HOLDCALC_ENGINE": "row", "HOLDCALC_WORKERS": "2"})
    assert one[1].count("did you mean") == 52_000
    assert two == one


def test_a_column_named_like_a_zone_is_warned_of_on_stderr_alone(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("eligible_at,released_at,jail_tz\n2024-11-27 16:30,,America/Denver\n")
    code, out, err = run(
        "check", str(roster), "--tz", "America/Chicago", "--as-of", "2026-11-01T00:00Z",
        "--format", "csv",
    )  # fmt: skip
    assert code == 1
    assert "2024-12-02T16:30:00-06:00,expired" in out and "jail_tz" not in out.splitlines()[1]
    assert (
        "holdcalc: warning: the column 'jail_tz' is named like a time zone, but no column is "
        "read as one: every row was read in America/Chicago (--tz); if it holds each row's "
        "zone, run again with --tz-col 'jail_tz'"
    ) in err
    code, out, err = run(
        "check", str(roster), "--tz-col", "jail_tz", "--as-of", "2026-11-01T00:00Z",
        "--format", "csv",
    )  # fmt: skip
    assert "2024-12-02T16:30:00-07:00,expired" in out and "named like a time zone" not in err


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_a_blank_zone_cell_in_a_later_block_is_noted_whichever_process_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    from holdcalc.roster import parallel, stream

    pytest.importorskip("pyarrow")
    rows = [f"B{n},2024-11-27 16:30,2024-12-03 09:00,America/Chicago" for n in range(2_000)]
    rows[1_900] = "B1900,2024-11-27 16:30,2024-12-03 09:00,"  # far into the file
    roster = tmp_path / "r.csv"
    roster.write_text("booking_id,eligible_at,released_at,tz\n" + "\n".join(rows) + "\n")
    monkeypatch.setattr(stream, "BLOCK", 4096)  # many blocks: workers share the rows
    monkeypatch.setattr(parallel, "COLUMNAR_BLOCK", 4096)
    env = {"HOLDCALC_WORKERS": "2", "HOLDCALC_ENGINE": engine, "HOLDCALC_TZ": None, "TZ": "UTC"}
    _, out, err = run("check", str(roster), "--as-of", "2025-06-01T00:00Z", "--format", "csv",
                      env=env)  # fmt: skip
    assert out.count("\n") == 2_001
    assert "note: some rows have a blank 'tz' cell, so they were read in UTC" in err
