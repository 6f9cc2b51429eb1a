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


def in_engine(engine: str, roster: str) -> tuple[int, str, str]:
    """`check` of a roster given on stdin, written as CSV, by `engine` (the columnar
    one needs pyarrow: skipped without it)."""
    if engine == "columnar":
        pytest.importorskip("pyarrow")
    env = {"HOLDCALC_ENGINE": engine}
    return run_cli("check", "-", AS_OF, "--format", "csv", stdin=roster, env=env)


def rows_of(csv_text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(csv_text, newline="")))


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


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("03.04.2025 10:00", r"could be day\.month or month\.day"),
        ("3.4.2025", r"could be day\.month or month\.day"),
        ("13.04.2025 10:00", "reads only day first"),  # no month 13
    ],
)
def test_dotted_dates_need_dayfirst(text: str, order: str) -> None:
    with pytest.raises(TimeParseError, match=order):
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


# --- 2, 18, 19. line endings, byte-order marks, Excel's sep= line ---------------------------

ROWS = (
    ("booking_id", "tz", "eligible_at", "released_at"),
    ("1", "America/Chicago", "2024-11-27 16:30", "2024-11-28 10:00"),
    ("2", "America/Chicago", "2024-11-27 16:30", ""),
    ("3", "America/New_York", "2024-11-29 09:00", "2024-12-09 09:00"),
)
STATUSES = ["within-hold", "expired", "over-detained"]


def roster_bytes(ending: str = "\n", delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    return "".join(delimiter.join(row) + ending for row in ROWS).encode(encoding)


def check_bytes(data: bytes, *args: str) -> tuple[int, list[list[str]], str]:
    code, out, err = run_cli("check", "-", AS_OF, "--format", "csv", *args, stdin=data)
    return code, rows_of(out), err


@pytest.mark.parametrize("ending", ["\r", "\n", "\r\n"])
@pytest.mark.parametrize("zipped", [False, True])
def test_every_line_ending_reads_every_row(ending: str, zipped: bool) -> None:
    import gzip

    data = roster_bytes(ending)
    code, rows, _ = check_bytes(gzip.compress(data) if zipped else data)
    assert [row[5] for row in rows[1:]] == STATUSES
    assert code == 1


def test_lone_cr_inside_a_quoted_cell_of_a_cr_file() -> None:
    data = b'eligible_at,released_at,tz,note\r2024-11-27 16:30,,America/Chicago,"a\rb"\r'
    _, rows, _ = check_bytes(data)
    assert len(rows) == 2 and rows[1][3] == "a\nb" and rows[1][5] == "expired"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark(encoding: str) -> None:
    import codecs

    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    data = boms.get(encoding, b"") + roster_bytes("\r\n", "\t", encoding)
    code, rows, _ = check_bytes(data)
    assert rows[0][:4] == list(ROWS[0])
    assert [row[5] for row in rows[1:]] == STATUSES
    assert code == 1
    code, rows, _ = check_bytes(data, "--encoding", "utf-16" if "16" in encoding else "utf-32")
    assert [row[5] for row in rows[1:]] == STATUSES


def test_utf16_named_without_a_byte_order_mark() -> None:
    data = roster_bytes("\n", ",", "utf-16-le")
    _, rows, _ = check_bytes(data, "--encoding", "utf-16-le")
    assert [row[5] for row in rows[1:]] == STATUSES


@pytest.mark.parametrize(
    ("written", "named", "told"),
    [
        ("utf-16-le", "utf-16", "utf-16-le"),
        ("utf-16-be", "UTF-16", "utf-16-be"),
        ("utf-32-le", "utf-32", "utf-32-le"),
        ("ascii", "utf-16", "utf-16-le (or utf-16-be)"),  # no zero bytes to tell by
    ],
)
def test_utf16_or_utf32_named_without_its_order_or_a_mark_is_refused(
    written: str, named: str, told: str
) -> None:
    """`--encoding utf-16` says the bytes' order only with a byte-order mark: without one,
    the order the zero bytes show is named (Python's decoder refuses such a stream)."""
    code, rows, err = check_bytes(roster_bytes("\n", ",", written), "--encoding", named)
    assert (code, rows) == (EXIT_INVALID, [])
    assert err == (
        f"holdcalc: error: '-' has no byte-order mark, so {named!r} does not say the order "
        f"of its bytes; give --encoding {told}\n"
    )


@pytest.mark.parametrize(
    ("named", "problem"),
    [
        ("bogus", "unknown encoding 'bogus'"),
        ("rot13", "'rot13' is not an encoding tables are written in"),  # a transform
        ("cp037", "'cp037' is not an encoding tables are written in"),  # EBCDIC
        ("idna", "'idna' is not an encoding tables are written in"),  # refuses "replace"
        ("punycode", "'punycode' is not an encoding tables are written in"),
        ("undefined", "'undefined' is not an encoding tables are written in"),
    ],
)
def test_an_encoding_no_table_is_written_in_is_refused(named: str, problem: str) -> None:
    """Python's codecs include transforms and encodings that do not write a table's
    commas, tabs, quote marks and line ends as ASCII does: refused before a byte is read
    (they failed in the middle of reading, as internal errors)."""
    code, rows, err = check_bytes(roster_bytes("\n", ","), "--encoding", named)
    assert (code, rows) == (EXIT_INVALID, [])
    assert err == (
        f"holdcalc: error: {problem}; give the file's encoding with --encoding (utf-8, "
        "cp1252, latin-1 or utf-16, say)\n"
    )


@pytest.mark.parametrize("named", ["utf-7", "hz", "shift_jis", "gb18030", "mac_roman"])
def test_an_encoding_tables_are_written_in_is_read(named: str) -> None:
    _, rows, err = check_bytes(roster_bytes("\n", ","), "--encoding", named)
    assert [row[5] for row in rows[1:]] == STATUSES, err


@pytest.mark.parametrize(("hint", "delimiter"), [("sep=;", ";"), ("sep=|", "|"), ("sep=\t", "\t")])
def test_excels_sep_line_is_honoured(hint: str, delimiter: str) -> None:
    data = f"{hint}\r\n".encode() + roster_bytes("\r\n", delimiter)
    code, rows, _ = check_bytes(b"\xef\xbb\xbf" + data)
    assert code == 1
    assert rows[0][:4] == list(ROWS[0])
    assert [row[5] for row in rows[1:]] == STATUSES


def test_sep_line_counts_in_line_numbers() -> None:
    data = b'sep=,\neligible_at,released_at,tz\n2024-11-27 16:30,"oops,\n1,2,3\n4,5,6\n'
    code, _, err = check_bytes(data)
    assert code == EXIT_INVALID and "line 3:" in err


# --- 3, 15. unclosed quotes: refused naming the line, in linear time -----------------------


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ('1,America/Chicago,"2024-11-27 16:30,2024-11-28 10:00\n2,America/Chicago,x,\n', 2),
        ('1,America/Chicago,2024-11-27 16:30,\n2,"America/Chicago,x,\n3,a,b,c\n4,a,b,c\n', 3),
        # closed again by a second stray quote three rows later: the rows between are lost
        ('1,"America/Chicago,x,\n2,a,b,c\n3,a,b,c\n4,a",b,c\n5,America/Chicago,x,\n', 2),
    ],
)
def test_an_unclosed_quote_is_refused_naming_its_line(body: str, line: int) -> None:
    head = "booking_id,tz,eligible_at,released_at\n"
    code, _, err = run_cli("check", "-", AS_OF, "--format", "csv", stdin=head + body)
    assert code == EXIT_INVALID
    assert f"line {line}:" in err and "quote" in err
    assert err.count("\n") == 1


def test_an_unclosed_quote_in_the_header_is_refused() -> None:
    data = 'booking_id,"tz,eligible_at,released_at\n1,America/Chicago,2024-11-27 16:30,\n'
    code, out, err = run_cli("check", "-", AS_OF, stdin=data)
    assert code == EXIT_INVALID and "line 1:" in err and out == ""


def test_quoted_cells_over_several_lines_are_kept() -> None:
    data = (
        "booking_id,tz,eligible_at,released_at,note\n"
        '1,America/Chicago,2024-11-27 16:30,2024-11-28 10:00,"moved, twice\nto B, then C"\n'
        '2,America/Chicago,2024-11-27 16:30,2024-11-28 10:00,"she said ""no""\n\n"\n'
    )
    code, out, _ = run_cli("check", "-", AS_OF, "--format", "csv", stdin=data)
    rows = rows_of(out)
    assert code == 0 and len(rows) == 3
    assert rows[1][4] == "moved, twice\nto B, then C"


def test_stray_quote_in_a_long_roster_costs_linear_time(tmp_path: Path) -> None:
    import time

    from holdcalc.roster.stream import last_row_end

    data = b'"' + b"a,b,c,d\n" * 200_000  # quadratic scanning would take minutes
    began = time.perf_counter()
    assert last_row_end(data) == 0
    assert last_row_end(data + b'"\n') == len(data) + 2
    assert time.perf_counter() - began < 2


def test_a_line_with_no_end_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from holdcalc.roster import source, stream

    monkeypatch.setattr(stream, "ROW_LIMIT", 1 << 16)
    data = b"eligible_at,tz\n" + b"x" * (1 << 18)
    one = {"HOLDCALC_WORKERS": "1"}  # workers take blocks of 4 MiB at most, then hand over
    code, _, err = run_cli("check", "-", AS_OF, "--still-held", stdin=data, env=one)
    assert code == EXIT_INVALID and "line 2:" in err and "longer than" in err
    monkeypatch.setattr(source, "HEADER_LIMIT", 1 << 16)
    code, _, err = run_cli("check", "-", AS_OF, stdin=b"x" * (1 << 18))
    assert code == EXIT_INVALID and "line 1:" in err and "header does not end" in err


# --- 7. this run's verdict under the documented names ------------------------------------------


def test_rechecking_an_output_keeps_this_runs_verdict_under_the_documented_names() -> None:
    first = "booking_id,tz,eligible_at,released_at\n1,America/Chicago,2024-11-27 16:30,\n"
    _, out, _ = run_cli(
        "check", "-", "--as-of", "2024-11-28T00:00Z", "--format", "csv", stdin=first
    )
    assert rows_of(out)[1][5] == "active"
    for fmt in ("json", "jsonl"):
        _, again, _ = run_cli("check", "-", AS_OF, "--format", fmt, stdin=out)
        text = again if fmt == "jsonl" else json.dumps(json.loads(again)[0])
        record = json.loads(text.splitlines()[0])
        assert record["hold_status"] == "expired"
        assert record["input_hold_status"] == "active"
        assert "hold_status_2" not in record
    _, again, _ = run_cli("check", "-", AS_OF, "--format", "csv", stdin=out)
    header = rows_of(again)[0]
    assert header.count("hold_status") == 1 and "input_hold_status" in header
    assert rows_of(again)[1][header.index("hold_status")] == "expired"


def test_repeated_names_and_long_rows_lose_nothing_in_json() -> None:
    data = (
        "name,name,eligible_at,released_at,tz,extra_cells\n"
        "A,B,2024-11-27 16:30,2024-11-28 10:00,America/Chicago,e,surplus1,surplus2\n"
    )
    _, out, _ = run_cli("check", "-", AS_OF, "--format", "jsonl", stdin=data)
    record = json.loads(out)
    assert record["name"] == "A" and record["name_2"] == "B"
    assert record["input_extra_cells"] == "e"
    assert record["extra_cells"] == ["surplus1", "surplus2"]
    assert record["hold_status"] == "within-hold"


# --- 4, 8. no output writes over the input or another output --------------------------------

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-roster.csv"


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(SAMPLE.read_bytes())
    return path


def test_summary_json_never_replaces_the_input_or_the_output(roster: Path, tmp_path: Path) -> None:
    code, _, err = run_cli("check", str(roster), AS_OF, "--summary-json", str(roster))
    assert code == 4 and "--summary-json" in err and "input" in err
    out = tmp_path / "out.csv"
    code, _, err = run_cli("check", str(roster), AS_OF, "-o", str(out), "--summary-json", str(out))
    assert code == 4 and "already the output of -o" in err
    assert not out.exists()
    link = tmp_path / "link.json"
    link.symlink_to(roster)
    code, _, _ = run_cli("check", str(roster), AS_OF, "--summary-json", str(link))
    assert code == 4
    assert roster.read_bytes() == SAMPLE.read_bytes()


def test_hard_links_to_the_input_are_the_input(roster: Path, tmp_path: Path) -> None:
    import os

    other = tmp_path / "other-name.csv"
    os.link(roster, other)
    code, _, _ = run_cli("check", str(roster), AS_OF, "-o", str(other))
    assert code == 4 and roster.read_bytes() == SAMPLE.read_bytes()


def test_letters_never_replace_an_index_or_letters_unless_asked(
    roster: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "index.csv").write_text("mine\n")
    args = ("check", str(roster), AS_OF, "--format", "csv", "--letters", str(folder))
    code, out, err = run_cli(*args)
    assert code == 4 and "--overwrite" in err and out == ""
    assert sorted(p.name for p in folder.iterdir()) == ["index.csv"]
    code, _, _ = run_cli(*args, "--overwrite")
    assert code == 1 and (folder / "index.csv").read_text() != "mine\n"
    assert not [p for p in folder.iterdir() if p.name.startswith(".holdcalc")]


def test_an_existing_letter_is_kept_and_the_folder_left_as_it_was(
    roster: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "letters"
    _, _, _ = run_cli("check", str(roster), AS_OF, "--format", "csv", "--letters", str(folder))
    letters = sorted(p.name for p in folder.iterdir())
    assert "index.csv" in letters and len(letters) > 1
    (folder / "index.csv").unlink()
    kept = folder / next(n for n in letters if n.startswith("letter-"))
    kept.write_text("my edited letter\n")
    code, _, err = run_cli("check", str(roster), AS_OF, "--format", "csv", "--letters", str(folder))
    assert code == 4 and "already exists" in err
    assert kept.read_text() == "my edited letter\n"
    assert sorted(p.name for p in folder.iterdir()) == [n for n in letters if n != "index.csv"]


def test_the_input_inside_the_letters_folder_is_never_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    index = folder / "index.csv"
    index.write_bytes(SAMPLE.read_bytes())
    code, _, err = run_cli(
        "check", str(index), AS_OF, "--format", "csv", "--letters", str(folder), "--overwrite"
    )
    assert code == 4 and "input" in err
    assert index.read_bytes() == SAMPLE.read_bytes()


def test_a_run_failing_midway_leaves_the_letters_folder_as_it_was(
    roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from holdcalc.letters.batch import LetterWriter

    calls = []
    original = LetterWriter._text

    def failing(self: LetterWriter, *args: object) -> str | None:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(LetterWriter, "_text", failing)
    folder = tmp_path / "new-letters"
    code, _, err = run_cli("check", str(roster), AS_OF, "--format", "csv", "--letters", str(folder))
    assert code == 130 and "interrupted" in err
    assert not folder.exists()
    existing = tmp_path / "old-letters"
    existing.mkdir()
    (existing / "notes.txt").write_text("keep\n")
    calls.clear()
    run_cli("check", str(roster), AS_OF, "--format", "csv", "--letters", str(existing))
    assert sorted(p.name for p in existing.iterdir()) == ["notes.txt"]


def test_output_through_a_symlink_keeps_the_link(roster: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    code, _, _ = run_cli("check", str(roster), AS_OF, "-o", str(link))
    assert code == 1 and link.is_symlink()
    assert target.read_text().startswith("booking_id,")


def test_output_keeps_an_existing_files_mode_and_new_files_follow_the_umask(
    roster: Path, tmp_path: Path
) -> None:
    import os
    import stat

    existing = tmp_path / "existing.csv"
    existing.write_text("old\n")
    existing.chmod(0o640)
    run_cli("check", str(roster), AS_OF, "-o", str(existing))
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    mask = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.csv"
        run_cli("check", str(roster), AS_OF, "-o", str(fresh))
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    finally:
        os.umask(mask)


def test_output_to_a_fifo_is_written_through(roster: Path, tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, _ = run_cli("check", str(roster), AS_OF, "-o", str(fifo))
    reader.join(timeout=10)
    assert code == 1 and fifo.is_fifo()
    assert received[0].startswith(b"booking_id,")


@pytest.mark.parametrize("target", ["", "folder"])
def test_output_to_a_folder_or_no_name_fails_before_any_work(
    roster: Path, tmp_path: Path, target: str
) -> None:
    (tmp_path / "folder").mkdir()
    path = str(tmp_path / target) if target else ""
    for option in ("-o", "--summary-json"):
        code, out, err = run_cli("check", str(roster), AS_OF, "--format", "csv", option, path)
        assert code == 4, err
        assert out == "" and "rows read" not in err


# --- 9. signals: 128 + n, no partial files, no worker tracebacks ---------------------------


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_mid_run_leaves_nothing_behind(tmp_path: Path, signame: str) -> None:
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out.csv"
    child = subprocess.Popen(
        [sys.executable, "-m", "holdcalc", "check", "-", AS_OF, "-o", str(out)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None
    child.stdin.write(SAMPLE.read_bytes() * 50)
    child.stdin.flush()  # the pipe stays open: the run waits for more rows
    time.sleep(1.0)
    number = getattr(signal, signame)
    child.send_signal(number)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 128 + number, err
    assert b"Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- 13. numbers that are not numbers ----------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN", "1e999"])
def test_hours_must_be_finite(value: str) -> None:
    code, out, err = run_cli(
        "expire", "2024-11-27 16:30", "--tz", "America/Chicago", "--still-held", AS_OF,
        "--hours", value,
    )  # fmt: skip
    assert code == EXIT_USAGE and out == "" and "--hours" in err


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "Infinity"])
def test_bed_cost_must_be_finite_and_not_negative(value: str) -> None:
    code, out, err = run_cli("check", str(SAMPLE), AS_OF, "--bed-cost", value)
    assert code == EXIT_USAGE and out == "" and "--bed-cost" in err


POLICY = """[[policy]]
jurisdiction = "XX"
name = "Test law"
level = "state"
effective_from = 2020-01-01
kind = "hours-cap"
hours = {hours}
citation = "c"
source = "s"
verified = false
"""


@pytest.mark.parametrize("hours", ["inf", "nan", "-inf", "1e300", "true", "-5", "0", '"48"'])
def test_policy_hours_must_be_a_real_number_of_hours(hours: str, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY.format(hours=hours))
    code, out, err = run_cli(
        "expire", "2024-11-27 16:30", "--tz", "America/Chicago", "--still-held", AS_OF,
        "--policy-file", str(policy), "--jurisdiction", "XX",
    )  # fmt: skip
    assert code == EXIT_INVALID and out == ""
    assert "policy 1" in err and "hours" in err and err.count("\n") == 1


# --- 14. text that looks like markup is shown as typed ------------------------------------------


def test_roster_values_that_look_like_markup_are_shown_literally() -> None:
    roster = (
        "booking_id,name,eligible_at,released_at,tz\n"
        "[/],Smith [aka Jones],2024-11-27 16:30,,America/Chicago\n"
        "[bold]2,[red]x :ok:,2024-11-27 16:30,,America/Chicago\n"
    )
    code, out, _ = run_cli(
        "check", "-", AS_OF, "--format", "table", stdin=roster, env={"COLUMNS": "120"}
    )  # wide enough for the name column
    assert code == 1
    for value in ("[/]", "Smith [aka Jones]", "[bold]2", "[red]x :ok:"):
        assert value in out


def test_holiday_and_policy_text_that_looks_like_markup_is_shown_literally(tmp_path: Path) -> None:
    code, out, _ = run_cli(
        "expire", "2024-11-27 16:30", "--tz", "America/Chicago", "--still-held", AS_OF,
        "--extra-holiday", "2024-11-29 [/] [red]closure",
    )  # fmt: skip
    assert code == 1 and "[/] [red]closure" in out
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY.format(hours=24).replace("Test law", "[/]Law [b]x"))
    code, out, err = run_cli(
        "expire", "2024-11-27 16:30", "--tz", "America/Chicago", "--still-held", AS_OF,
        "--policy-file", str(policy), "--jurisdiction", "XX",
    )  # fmt: skip
    assert code == 1, err
    assert "[/]Law [b]x" in out


# --- 16, 17. bounded costs: bad zones, cache files that are not files ----------------------


def test_many_distinct_bad_zones_cost_little() -> None:
    import time

    body = "".join(f"2024-11-27 16:30,,Mars/Base{i}\n" for i in range(3000))
    began = time.perf_counter()
    code, out, _ = run_cli(
        "check", "-", AS_OF, "--format", "csv", stdin="eligible_at,released_at,tz\n" + body
    )
    assert time.perf_counter() - began < 10  # ~10 ms a row when each got difflib's search
    rows = rows_of(out)
    assert code == EXIT_INVALID and len(rows) == 3001
    assert all(row[4] == "error" and "Mars/Base" in row[6] for row in rows[1:])


@pytest.mark.parametrize(
    ("given", "suggested"),
    [("america/chicago", "America/Chicago"), ("New York", "America/New_York"), ("Chicgo", "")],
)
def test_zone_suggestions(given: str, suggested: str) -> None:
    from holdcalc.core.clock import get_zone
    from holdcalc.core.errors import UnknownZoneError

    with pytest.raises(UnknownZoneError) as caught:
        get_zone(given)
    assert suggested in str(caught.value)


@pytest.mark.parametrize(
    ("given", "zone"),
    [
        ("CST", "America/Chicago"),
        ("cdt", "America/Chicago"),
        ("PST", "America/Los_Angeles"),
        ("Pacific Time", "America/Los_Angeles"),
        ("ET", "America/New_York"),
        ("MT", "America/Denver (or America/Phoenix"),
        ("AKST", "America/Anchorage"),
        ("AST", "America/Puerto_Rico"),
    ],
)
def test_a_short_us_zone_name_is_refused_with_its_us_zone_not_one_spelt_alike(
    given: str, zone: str
) -> None:
    """Names spelt alike offered MST and HST for CST, EST for PST: another place's time.
    The tz cell and --tz alike name the zone the letters mean in the US, as such."""
    from holdcalc.core.clock import get_zone
    from holdcalc.core.errors import UnknownZoneError

    with pytest.raises(UnknownZoneError) as caught:
        get_zone(given)
    message = str(caught.value)
    assert f"time, e.g. {zone}" in message and "did you mean" not in message
    code, out, err = run_cli(
        "check",
        "-",
        AS_OF,
        "--format",
        "csv",
        stdin=f"eligible_at,released_at,tz\n2024-11-27 16:30,,{given}\n",
    )
    assert code == EXIT_INVALID and err.count("\n") > 0
    assert f"time, e.g. {zone}" in rows_of(out)[1][-1] and "MST" not in rows_of(out)[1][-1]
    code, out, err = run_cli("expire", "2024-11-27 16:30", "--tz", given)
    assert code == EXIT_INVALID and out == "" and f"time, e.g. {zone}" in err


def test_a_fifo_in_place_of_a_cache_file_is_never_opened_for_reading(cache_dir: str) -> None:
    import os

    from holdcalc.core import holiday_calendar
    from holdcalc.core.holiday_calendar import Calendar

    Calendar().year(2024)
    (entry,) = [name for name in os.listdir(cache_dir) if name.startswith("federal-US-2024")]
    path = os.path.join(cache_dir, entry)
    os.unlink(path)
    os.mkfifo(path)
    key = holiday_calendar._cache_key("federal", None, 2024)
    assert holiday_calendar._read_cache(path, key) is None  # returns at once, no waiting
    assert "Thanksgiving" in " ".join(Calendar().year(2024).values())


# --- 20. the smaller ones ----------------------------------------------------------------------


def test_now_in_a_roster_cell_is_a_row_error_in_the_users_words() -> None:
    code, out, _ = run_cli(
        "check", "-", AS_OF, "--format", "csv", stdin="eligible_at,released_at,tz\nnow,,UTC\n"
    )
    error = rows_of(out)[1][6]
    assert code == EXIT_INVALID and "'now'" in error and "now=" not in error


@pytest.mark.parametrize(
    ("variable", "value"),
    [("HOLDCALC_TZ", "garbage"), ("TZ", "Foo/Bar"), ("TZ", "EST5EDT"), ("HOLDCALC_TZ", "EST")],
)
def test_a_bad_zone_from_the_environment_names_its_variable(variable: str, value: str) -> None:
    code, out, err = run_cli(
        "expire", "2024-11-27 16:30", "--still-held", AS_OF, env={"TZ": "", variable: value}
    )
    assert code == EXIT_INVALID and out == ""
    assert f"{variable}={value!r}" in err and "--tz" in err


def test_tz_from_the_environment_is_used_when_it_is_a_place() -> None:
    _, out, _ = run_cli(
        "expire", "2024-11-27 16:30", "--still-held", AS_OF, "--format", "json",
        env={"TZ": ":America/Denver", "HOLDCALC_TZ": ""},
    )  # fmt: skip
    assert json.loads(out)["tz"] == "America/Denver"


@pytest.mark.parametrize(
    ("zone", "said"),
    [
        ("EST", "a fixed offset (-05:00 all year, no daylight saving time)"),
        ("MST", "a fixed offset (-07:00 all year, no daylight saving time)"),
        ("HST", "a fixed offset (-10:00 all year, no daylight saving time)"),
        # Not fixed: the US rule at one offset (the message called it fixed, wrongly).
        ("EST5EDT", "the US daylight-saving rule at one offset"),
        ("PST8PDT", "the US daylight-saving rule at one offset"),
        ("Etc/GMT+5", "a fixed offset (and its sign is reversed"),
    ],
)
def test_zones_of_no_place_are_refused_with_the_place_suggested(zone: str, said: str) -> None:
    code, _, err = run_cli("expire", "2024-11-27 16:30", "--tz", zone, "--still-held", AS_OF)
    assert code == EXIT_INVALID and f"{zone!r} is {said}" in err
    roster = f"eligible_at,released_at,tz\n2024-11-27 16:30,,{zone}\n"
    _, out, _ = run_cli("check", "-", AS_OF, "--format", "csv", stdin=roster)
    assert f"{zone!r} is {said}" in rows_of(out)[1][6]


LETTER = ("letter", "2024-11-27 16:30", "--tz", "America/Chicago", "--facility", "Cook")


def test_text_letters_keep_user_values_exactly_as_typed() -> None:
    code, out, _ = run_cli(
        *LETTER, "--name", "**Jose** *aka* Pepe", "--released", "2024-12-04 10:00",
        "--custody-ended-by", "bail of $500 *was* posted",
    )  # fmt: skip
    assert code == 0
    assert "**Jose** *aka* Pepe" in out and "bail of $500 *was* posted" in out
    assert "**Re:" not in out  # the template's own Markdown is still removed


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_name_is_refused(name: str) -> None:
    code, out, err = run_cli(*LETTER, "--name", name, "--released", "2024-12-04 10:00")
    assert code == EXIT_USAGE and out == "" and "--name" in err


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_demand_for_someone_released_does_not_say_they_are_held(lang: str) -> None:
    args = (*LETTER, "--name", "Ana", "--lang", lang)
    _, released, _ = run_cli(*args, "--released", "2024-12-04 10:00")
    _, held, _ = run_cli(*args, "--still-held", "--as-of", "2024-12-04 10:00")
    now_held = {"en": "who is in your custody", "es": "que se encuentra bajo su custodia"}[lang]
    assert now_held not in released and now_held in held


def test_no_output_replaces_a_holiday_policy_or_template_file(roster: Path, tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2024-11-29 county closure\n")
    code, _, err = run_cli(
        "check", str(roster), AS_OF, "--holiday-file", str(closures), "-o", str(closures)
    )
    assert code == 4 and "input" in err
    code, _, _ = run_cli(
        "check", str(roster), AS_OF, "--holiday-file", str(closures),
        "--summary-json", str(closures),
    )  # fmt: skip
    assert code == 4 and closures.read_text() == "2024-11-29 county closure\n"
    template = tmp_path / "mine.md"
    template.write_text("Dear {{ addressee }}, {{ name }}.\n")
    code, _, _ = run_cli(
        *LETTER, "--name", "Ana", "--released", "2024-12-04 10:00",
        "--template", str(template), "-o", str(template),
    )  # fmt: skip
    assert code == 4 and template.read_text() == "Dear {{ addressee }}, {{ name }}.\n"


@pytest.mark.parametrize("option", ["--holiday-file", "--policy-file"])
def test_a_named_file_with_no_end_is_refused_not_read_forever(
    option: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from holdcalc.core import small_files

    monkeypatch.setattr(small_files, "SMALL_FILE_LIMIT", 1 << 10)
    big = tmp_path / "big.txt"
    big.write_text("# " + "x" * 4096 + "\n")
    code, _, err = run_cli(
        "expire", "2024-11-27 16:30", "--tz", "America/Chicago", "--still-held", AS_OF,
        option, str(big), "--jurisdiction", "CA",
    )  # fmt: skip
    assert code == EXIT_INVALID and "larger than" in err


def test_a_carriage_return_inside_a_cell_never_ends_a_row() -> None:
    head = "booking_id,name,eligible_at,released_at,tz\n"
    row = "{0},2024-11-27 16:30,2024-11-28 10:00,America/Chicago\n"
    code, out, err = run_cli(
        "check", "-", AS_OF, "--format", "csv",
        stdin=head + row.format('1,"Smith\rJr"') + row.format("2,Lee"),
    )  # fmt: skip
    assert code == 0 and [r[0] for r in rows_of(out)[1:]] == ["1", "2"]
    assert rows_of(out)[1][1] == "Smith\rJr"
    # Unquoted, the CR would end the row before its release: refused, never "expired".
    code, out, err = run_cli(
        "check", "-", AS_OF, "--format", "csv",
        stdin=head + row.format("1,Smith\rJr") + row.format("2,Lee"),
    )  # fmt: skip
    assert code == EXIT_INVALID and "line 2:" in err and "carriage return" in err
    assert "expired" not in out


@pytest.mark.parametrize(
    "args",
    [
        ("expire", "2024-11-27 16:30", "--tz", "America/Chicago", "--released", "2024-11-28 09:00"),
        ("expire", "2024-11-27 16:30", "--tz", "America/Chicago", "--format", "json",
         "--released", "2024-11-28 09:00"),
        ("check", "-", AS_OF, "--format", "csv"),
    ],
)  # fmt: skip
def test_a_reader_that_goes_away_is_not_a_flagged_result(args: tuple[str, ...]) -> None:
    """rich's own handling exits 1 ("flagged") when the reader goes away: not here."""
    import subprocess
    import sys

    child = subprocess.Popen(
        [sys.executable, "-m", "holdcalc", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    assert child.stdout is not None
    child.stdout.close()  # as `| head -1` does once it has what it wants
    within = "eligible_at,released_at,tz\n" + "2024-11-27 16:30,2024-11-28 10:00,UTC\n" * 5000
    _, err = child.communicate(within.encode(), timeout=60)
    assert child.returncode == 0, err
    assert b"Traceback" not in err


# --- issue 10: the header is found, not assumed --------------------------------------------


PREAMBLE = (
    "Inmate Release Report\nCounty of X\n\nRun date: 2024-12-10\nNotes: times, local\n"
    "Confidential\n"
)


def test_the_header_is_found_below_title_rows_and_the_skip_is_reported() -> None:
    body = (
        "booking_id|tz|eligible_at|released_at\n"
        "1|America/Chicago|2024-11-27 16:30|2024-11-28 10:00\n"
        '2|America/Chicago|"2024-11-27 16:30|\n'
    )
    code, out, err = run_cli("check", "-", AS_OF, "--format", "csv", stdin=PREAMBLE + body)
    assert code == EXIT_INVALID and "line 9:" in err  # lines counted from the file's top
    good = body.replace('"', "")
    code, out, err = run_cli("check", "-", AS_OF, "--format", "csv", stdin=PREAMBLE + good)
    assert code == 1 and [r[5] for r in rows_of(out)[1:]] == ["within-hold", "expired"]
    assert "header is on line 7" in err and "6 line(s)" in err
    code, out, _ = run_cli(
        "check", "-", AS_OF, "--format", "csv", "--header-row", "7", stdin=PREAMBLE + good
    )
    assert code == 1 and rows_of(out)[0][0] == "booking_id"


def test_header_row_past_the_end_and_a_named_start_column() -> None:
    roster = PREAMBLE + "id,bond_time,out,tz\n1,2024-11-27 16:30,,UTC\n"
    code, _, err = run_cli("check", "-", AS_OF, "--header-row", "30", stdin=roster)
    assert code == EXIT_USAGE and "row 30" in err
    code, out, _ = run_cli(
        "check", "-", AS_OF, "--format", "csv", "--start-col", "bond_time",
        "--released-col", "out", stdin=roster,
    )  # fmt: skip
    assert code == 1 and rows_of(out)[1][5] == "expired"


# --- issue 10: --date-format, the user's word on how to read a value ---------------------------

ORACLE = "%d-%b-%y %I.%M.%S.%f %p"


@pytest.mark.parametrize(
    ("text", "layout", "expected"),
    [
        ("05-JAN-18 02.14.33.000000 PM", ORACLE, dt.datetime(2018, 1, 5, 14, 14, 33)),
        ("05-jan-18 02.14.33.000000 am", ORACLE, dt.datetime(2018, 1, 5, 2, 14, 33)),
        ("3/18/04 10:00", "%m/%d/%y %H:%M", dt.datetime(2004, 3, 18, 10, 0)),
        ("18.03.2004 22:15", "%d.%m.%Y %H:%M", dt.datetime(2004, 3, 18, 22, 15)),
    ],
)
def test_date_formats_read_legacy_timestamps(text: str, layout: str, expected: dt.datetime) -> None:
    value = parse_when(text, CHI, formats=(layout,))
    assert isinstance(value, dt.datetime)
    assert value.replace(tzinfo=None) == expected and value.tzinfo == CHI


def test_a_format_without_a_time_gives_a_date_only_value() -> None:
    from holdcalc import DateOnly

    assert parse_when("12MAR08", CHI, formats=("%d%b%y",)) == DateOnly(dt.date(2008, 3, 12))


def test_two_digit_years_still_need_a_format_and_the_message_says_so() -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_when("3/18/04 10:00", CHI)
    assert "two-digit year" in str(caught.value)
    code, _, err = run_cli("expire", "3/18/04 10:00", "--tz", "America/Chicago", "--still-held")
    assert code == EXIT_INVALID and "--date-format" in err


def test_date_format_in_check_expire_and_letter_agree() -> None:
    roster = (
        "booking_id,eligible_at,released_at,tz\n"
        "1,05-JAN-18 02.14.33.000000 PM,12-JAN-18 09.00.00.000000 AM,America/Chicago\n"
        "2,2018-01-05 14:14,,America/Chicago\n"
    )
    code, out, _ = run_cli(
        "check", "-", "--format", "csv", "--date-format", ORACLE,
        "--as-of", "12-JAN-18 09.00.00.000000 AM", stdin=roster,
    )  # fmt: skip
    rows = rows_of(out)
    assert rows[1][4:7] == ["2018-01-09T14:14:33-06:00", "over-detained", "66.76"]
    assert rows[2][5] == "expired"  # the usual formats still apply after the given ones
    code, one, _ = run_cli(
        "expire", "05-JAN-18 02.14.33.000000 PM", "--tz", "America/Chicago", "--format",
        "json", "--date-format", ORACLE, "--released", "12-JAN-18 09.00.00.000000 AM",
    )  # fmt: skip
    assert json.loads(one)["expires_at"] == "2018-01-09T14:14:33-06:00" and code == 1
    code, letter, _ = run_cli(
        "letter", "05-JAN-18 02.14.33.000000 PM", "--tz", "America/Chicago", "--name", "Ana",
        "--facility", "Cook", "--date-format", ORACLE, "--released",
        "12-JAN-18 09.00.00.000000 AM",
    )  # fmt: skip
    assert code == 0 and "Tuesday, January 9, 2018 at 2:14 PM CST" in letter


def test_a_date_format_without_a_directive_is_a_usage_error() -> None:
    code, _, err = run_cli(
        "expire", "2024-11-27 16:30", "--tz", "UTC", "--date-format", "YYYY-MM-DD"
    )
    assert code == EXIT_USAGE and "--date-format" in err


def test_tz_naming_a_zone_file_is_read_as_that_file() -> None:
    import os

    if not os.path.exists("/usr/share/zoneinfo/America/Denver"):
        pytest.skip("no system zone database here")
    code, out, _ = run_cli(
        "expire", "2024-11-27 16:30", "--still-held", AS_OF, "--format", "json",
        env={"TZ": ":/usr/share/zoneinfo/America/Denver", "HOLDCALC_TZ": ""},
    )  # fmt: skip
    assert code == 1 and json.loads(out)["tz"] == "America/Denver"


def test_a_stray_quote_in_the_header_that_swallows_the_only_row_is_refused(
    tmp_path: Path,
) -> None:
    # Found by the property test: the quote before "tz" closes inside the first row, so
    # the header took that row in and the file seemed to have none.
    roster = tmp_path / "r.csv"
    roster.write_bytes(
        b'booking_id,eligible_at,released_at,"tz,note\nB0,2024-11-27 16:30,,America/Chicago,",;",\n'
    )
    code, out, err = run_cli("check", str(roster), "--as-of", "2024-12-01T00:00Z")
    assert code == 3 and out == ""
    assert "line 1" in err and "quote" in err


def test_a_header_name_over_two_lines_is_still_read(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(
        'booking_id,"Release\nEligible",released_at,tz\n'
        "B1,2024-11-27 16:30,2024-12-03 09:00,America/Chicago\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "check", str(roster), "--start-col", "Release\nEligible", "--format", "csv"
    )
    assert code == 1, err
    assert "over-detained" in out


def test_a_title_read_as_the_header_is_pointed_to_the_header_row_option() -> None:
    """A printed report's title row, read as the header when no row names a start
    column, gets the option that names the header's row; a real header does not."""
    from holdcalc.core.errors import ColumnError

    titled = "Sheriff's Office report,,\nBooked,Out,Zone\n2024-11-27 16:30,,America/Chicago\n"
    code, out, err = run_cli("check", "-", AS_OF, stdin=titled)
    assert code == EXIT_USAGE and out == ""
    assert err.count("\n") == 1 and "give the header's row with --header-row N)" in err
    code, out, err = run_cli("check", "-", AS_OF, stdin="Booked,Out\n2024-11-27 16:30,\n")
    assert code == EXIT_USAGE and "no hold-start column" in err and "--header-row" not in err
    with pytest.raises(ColumnError) as caught:
        find_columns(["Sheriff's Office report", "", ""])
    assert str(caught.value).endswith("give the header's row with header_row=)")


# --- a file that is not a table: named for what it is, with what to do ------------------------

_NOT_TABLES = [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document", "save that as CSV"),
    (b"{\\rtf1\\ansi booking_id,eligible_at\\par}", "an RTF document", "save that as CSV"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image", "typed into a spreadsheet"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image", "typed into a spreadsheet"),
    (b"GIF89a\x01\x00\x01\x00", "a GIF image", "typed into a spreadsheet"),
    (b"II*\x00\x08\x00\x00\x00", "a TIFF image", "typed into a spreadsheet"),
    (b"\n  <!DOCTYPE html>\n<html><table><tr><td>eligible_at", "a web page (HTML)", "as CSV"),
    (b"<HTML><BODY>Roster</BODY></HTML>\n", "a web page (HTML)", "as CSV"),
    (b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
     "an XML file", "LibreOffice"),
]  # fmt: skip


@pytest.mark.parametrize(("head", "what", "fix"), _NOT_TABLES)
@pytest.mark.parametrize("zipped", [False, True])
def test_a_document_image_or_page_is_named_for_what_it_is(
    tmp_path: Path, head: bytes, what: str, fix: str, zipped: bool
) -> None:
    """A records request may come back as a PDF, a scan or a saved web page: the error
    says which and what to do, instead of blaming the encoding or the column names."""
    import gzip

    path = tmp_path / ("roster.csv.gz" if zipped else "roster.csv")
    data = head + b"\n" + bytes(range(256)) * 4
    path.write_bytes(gzip.compress(data) if zipped else data)
    code, out, err = run_cli("check", str(path), AS_OF)
    assert (code, out) == (EXIT_INVALID, "")
    assert err.startswith(f"holdcalc: error: {str(path)!r} is {what}, not a table of rows: ")
    assert fix in err and err.count("\n") == 1
    assert "--encoding" not in err and "column" not in err


@pytest.mark.parametrize(("head", "what", "fix"), _NOT_TABLES)
def test_a_document_named_as_a_workbook_is_named_for_what_it_is(
    tmp_path: Path, head: bytes, what: str, fix: str
) -> None:
    """A web page saved as .xls ("export to Excel") is told as a web page, not as a
    workbook the reader could not open."""
    path = tmp_path / "roster.xls"
    path.write_bytes(head + b"\n" + bytes(range(256)) * 4)
    code, out, err = run_cli("check", str(path), AS_OF)
    assert (code, out) == (EXIT_INVALID, "")
    assert err.startswith(f"holdcalc: error: {str(path)!r} is {what}, not a table of rows: ")


_TEXT = "eligible_at\treleased_at\ttz\n2024-11-27 16:30\t2024-12-03 09:00\tAmerica/Chicago\n"


@pytest.mark.parametrize("name", ["roster.xls", "roster.XLSX", "roster.ods"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_text_named_as_a_workbook_is_read_as_text_and_said(
    tmp_path: Path, name: str, encoding: str
) -> None:
    """Records systems save tab-separated or CSV text under an .xls name: read for what
    it holds (as the same bytes named .txt are), with a note; the workbook reader would
    only have said it is not a zip."""
    named, plain = tmp_path / name, tmp_path / "roster.txt"
    for path in (named, plain):
        path.write_bytes(_TEXT.encode(encoding))
    code, out, err = run_cli("check", str(named), AS_OF, "--format", "csv")
    assert code == 1, err
    assert err.startswith(
        f"holdcalc: {str(named)!r} is named as a workbook but holds text; it was read as "
        "delimited text\n"
    )
    assert (code, out) == run_cli("check", str(plain), AS_OF, "--format", "csv")[:2]
    assert rows_of(out)[1][3:5] == ["2024-12-02T16:30:00-06:00", "over-detained"]


def test_a_workbook_is_told_by_its_bytes_whatever_its_name(tmp_path: Path) -> None:
    """The bytes decide: a broken zip named .xlsx is still a workbook the reader names
    the fault of, not text."""
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    code, out, err = run_cli("check", str(path), AS_OF)
    assert (code, out) == (EXIT_INVALID, "")
    assert "cannot be read as a workbook" in err and "named as a workbook" not in err


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_pipe_given_by_its_path_is_read_whole(tmp_path: Path, gzipped: bool) -> None:
    """`holdcalc check <(zcat roster.gz)` names a pipe: its bytes come once, so nothing
    may look at its first bytes before the reader does (they were lost, and the roster
    read as empty)."""
    import gzip
    import os
    import subprocess
    import sys
    import threading

    data = _SAMPLE.read_bytes()
    pipe = tmp_path / "roster-pipe"
    os.mkfifo(pipe)

    def feed() -> None:
        with pipe.open("wb") as handle:
            handle.write(gzip.compress(data) if gzipped else data)

    writer = threading.Thread(target=feed, daemon=True)  # blocks until a reader opens
    writer.start()
    flags = ("--as-of", "2026-11-01T12:00Z", "--format", "csv")
    # In a process of its own, with a time limit: a second open of the pipe would wait
    # for a writer for ever.
    piped = subprocess.run(
        [sys.executable, "-m", "holdcalc", "check", str(pipe), *flags],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    writer.join(timeout=10)
    code, out, _ = run_cli("check", str(_SAMPLE), *flags)
    assert (piped.returncode, piped.stdout) == (code, out)
    assert code == 1 and len(out.splitlines()) == 15


# What an "export to Excel" saves under an .xls name: a web page whose table is the
# roster, beside a title table, with entities, line breaks and a spanning title row.
_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><title>Roster</title><style>td {mso-number-format:"\\@";}</style>
<script>var rows = "<td>not a cell</td>";</script></head>
<body><table><tr><td>County jail &amp; holds</td></tr></table>
<table border="1">
<tr><td colspan="5">Report run 2024-12-10</td></tr>
<tr><th>booking&nbsp;id</th><th>name</th><th>eligible_at</th><th>released_at</th><th>tz</th></tr>
<tr><td>B1</td><td>Garcia,<br>Maria</td><td>2024-11-27 16:30</td><td>2024-12-03 09:00</td>
<td>America/Chicago</td></tr>
<tr><td>B2</td><td><span>Lee</span> <b>"Jo"</b><table><tr><td>x</td></tr><tr><td>y</td></tr>
</table></td><td>11/27/2024 4:30 PM</td><td></td><td>America/Chicago</td></tr>
</table></body></html>
"""
_PAGE_AS_CSV = (
    "Report run 2024-12-10,,,,\n"
    "booking id,name,eligible_at,released_at,tz\n"
    'B1,"Garcia, Maria",2024-11-27 16:30,2024-12-03 09:00,America/Chicago\n'
    'B2,"Lee ""Jo""",11/27/2024 4:30 PM,,America/Chicago\n'
)


@pytest.mark.parametrize("name", ["roster.xls", "roster.html"])
def test_a_web_page_s_largest_table_is_read_as_its_csv(tmp_path: Path, name: str) -> None:
    """The page's largest table is read as the same rows written as CSV are: cells'
    text with white space collapsed, a spanning cell followed by blank ones, a table
    inside a cell kept apart, scripts and styles not read; and the run says so."""
    page, plain = tmp_path / name, tmp_path / "roster.csv"
    page.write_text(_PAGE, encoding="utf-8")
    plain.write_text(_PAGE_AS_CSV, encoding="utf-8")
    flags = ("--as-of", "2026-01-01T00:00Z", "--format", "csv")
    code, out, err = run_cli("check", str(page), *flags)
    assert (code, out) == run_cli("check", str(plain), *flags)[:2]
    assert code == 1 and rows_of(out)[1][:2] == ["B1", "Garcia, Maria"]
    assert err.startswith(
        f"holdcalc: {str(page)!r} is a web page: read its largest table (4 rows, the "
        "header's included; the page has 3 table(s))\nholdcalc: the header is on line 2"
    )


def test_a_cell_spanning_rows_is_repeated_in_each_so_no_cell_leaves_its_column() -> None:
    """A booking's cell spanning its charges' rows: without it repeated, each charge row
    would have every cell one column to the left (a charge read as the booking, a
    departure as the start)."""
    from holdcalc.roster.web_tables import web_table

    page = (
        "<table><tr><th>booking</th><th>charge</th><th>eligible_at</th><th>released_at</th>"
        "<tr><td rowspan='3'>B1</td><td>THEFT</td><td rowspan=3>2024-11-27 16:30</td>"
        "<td>2024-12-03</td><tr><td>DUI</td><td>2024-12-04</td><tr><td>HOLD</td>"
        "<tr><td>B2</td><td colspan=2 rowspan=2>x</td><td>r</td><tr><td>B3</td><td>s</td>"
        "</table>"
    )  # rows left open, as HTML allows
    found = web_table(page)
    assert found is not None and (found.rows, found.tables) == (6, 1)
    assert found.csv.decode() == (
        "booking,charge,eligible_at,released_at\n"
        "B1,THEFT,2024-11-27 16:30,2024-12-03\n"
        "B1,DUI,2024-11-27 16:30,2024-12-04\n"
        "B1,HOLD,2024-11-27 16:30\n"
        "B2,x,,r\n"
        "B3,x,,s\n"
    )


def test_a_page_that_leaves_out_its_optional_end_tags_is_read() -> None:
    """HTML lets a page leave out </head>, </tr> and </td>: the cells are read alike."""
    from holdcalc.roster.web_tables import web_table

    page = (
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>Jail</title><body><table>"
        "<tr><th>booking_id<th>eligible_at<tr><td>B1<td>2024-11-27 16:30<br/></table>"
    )
    found = web_table(page)
    assert found is not None
    assert found.csv.decode() == "booking_id,eligible_at\nB1,2024-11-27 16:30\n"
    unclosed = web_table("<table><tr><td>a<td>b<tr><td>1<td>2")  # a page cut short
    assert unclosed is not None and unclosed.csv == b"a,b\n1,2\n"


def test_a_web_page_without_a_table_of_rows_is_refused_as_a_page(tmp_path: Path) -> None:
    page = tmp_path / "roster.xls"
    page.write_text("<html><body><table><tr><td>No rows today</td></tr></table></body></html>")
    code, out, err = run_cli("check", str(page), AS_OF)
    assert (code, out) == (EXIT_INVALID, "")
    assert err.startswith(f"holdcalc: error: {str(page)!r} is a web page (HTML), not a table")


def test_a_table_whose_first_cell_looks_like_markup_is_still_read() -> None:
    """Only a file that starts as markup is refused: a cell holding "<html" is a value."""
    roster = "eligible_at,released_at,tz,note\n2024-11-27 16:30,,America/Chicago,<html>\n"
    code, out, err = run_cli("check", "-", AS_OF, "--format", "csv", stdin=roster)
    assert code == 1, err
    assert rows_of(out)[1][3:5] == ["<html>", "2024-12-02T16:30:00-06:00"]


@pytest.mark.parametrize(
    ("part", "what", "fix"),
    [
        ("word/document.xml", "a Word document", "copy its table into a spreadsheet and save "
         "that as CSV or .xlsx"),
        ("ppt/presentation.xml", "a PowerPoint presentation", "copy its table into a "
         "spreadsheet and save that as CSV or .xlsx"),
        ("Index/Document.iwa", "an Apple Numbers, Pages or Keynote file", "export it as CSV "
         "or Excel"),
    ],
)  # fmt: skip
def test_a_document_that_is_a_zip_is_named_for_what_it_is(
    tmp_path: Path, part: str, what: str, fix: str
) -> None:
    """A document that is not a workbook (Word, PowerPoint, Apple's iWork) is a zip like
    one: it is named for what it is, whatever its file name says."""
    import zipfile

    for name in ("roster.docx", "roster.xlsx", "roster.csv"):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as package:
            package.writestr("[Content_Types].xml", "<Types/>")
            package.writestr(part, "<document/>")
        code, out, err = run_cli("check", str(path), AS_OF)
        assert (code, out) == (EXIT_INVALID, "")
        assert err == f"holdcalc: error: {str(path)!r} is {what}, not a table of rows: {fix}\n"


@pytest.mark.parametrize(
    ("media", "what"),
    [
        ("application/vnd.oasis.opendocument.text", "an OpenDocument text (Writer) document"),
        ("application/vnd.oasis.opendocument.presentation", "an OpenDocument presentation"),
    ],
)
def test_an_opendocument_that_is_not_a_spreadsheet_is_named(
    tmp_path: Path, media: str, what: str
) -> None:
    import zipfile

    path = tmp_path / "roster.odt"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", media)
        package.writestr("content.xml", "<office:document-content/>")
    code, out, err = run_cli("check", str(path), AS_OF)
    assert (code, out) == (EXIT_INVALID, "")
    assert err == (
        f"holdcalc: error: {str(path)!r} is {what}, not a table of rows: copy its table into "
        "a spreadsheet and save that as CSV or .xlsx\n"
    )


def test_a_zip_archive_is_told_apart_from_a_workbook(tmp_path: Path) -> None:
    """A records request's zip of files is named with what it holds; a workbook that
    is damaged keeps the reader's own reason."""
    import zipfile

    archive = tmp_path / "records.zip"
    with zipfile.ZipFile(archive, "w") as package:
        for name in ("roster.csv", "notes/readme.txt", "2019.csv", "2020.csv"):
            package.writestr(name, "booking_id,eligible_at\n")
    code, out, err = run_cli("check", str(archive), AS_OF)
    assert (code, out) == (EXIT_INVALID, "")
    assert err == (
        f"holdcalc: error: {str(archive)!r} is a zip archive of 'roster.csv', "
        "'notes/readme.txt', '2019.csv' and 1 more, not a workbook: unzip it and check the "
        "table inside\n"
    )
    damaged = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(damaged, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<not a workbook")
    code, out, err = run_cli("check", str(damaged), AS_OF)
    assert (code, out) == (EXIT_INVALID, "")
    assert err.startswith(f"holdcalc: error: {str(damaged)!r} cannot be read as a workbook (")


_SAMPLE = Path(__file__).parent.parent / "examples" / "sample-roster.csv"


@pytest.mark.parametrize(
    ("names", "name"),
    [
        (("sample-roster.csv",), "records.zip"),
        (("export/Roster 2024.CSV", "__MACOSX/export/._Roster 2024.CSV", ".DS_Store"),
         "records.zip"),
        (("holds.txt",), "holds.xlsx"),  # the name says workbook; the bytes say zip
    ],
)  # fmt: skip
def test_a_zip_of_one_table_is_read_as_that_table(
    tmp_path: Path, names: tuple[str, ...], name: str
) -> None:
    """A records request's zip of one CSV (beside what a Mac adds) is read as the CSV:
    the same rows, summary and exit code as the file itself, and a note of what was read."""
    import zipfile

    archive = tmp_path / name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
        for member in names:
            package.writestr(member, _SAMPLE.read_bytes() if member == names[0] else b"junk")
    flags = ("--as-of", "2026-11-01T12:00Z", "--format", "csv")
    zipped = run_cli("check", str(archive), *flags)
    plain = run_cli("check", str(_SAMPLE), *flags)
    assert zipped[:2] == plain[:2] and zipped[0] == 1
    note = f"holdcalc: read {names[0]!r}, the one file in the zip archive {str(archive)!r}\n"
    assert zipped[2] == note + plain[2]


def test_a_zip_of_one_workbook_or_one_other_file_is_still_named() -> None:
    """Only a table of text (by its name) is read from a zip; a workbook or a document
    inside is named as the archive's content, to unzip."""
    import io
    import zipfile

    from holdcalc.core.zipped import lone_table

    for inside, expected in (("a.csv", "a.csv"), ("b.xlsx", None), ("c.pdf", None)):
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as package:
            package.writestr(inside, "booking_id,eligible_at\n")
        path = Path(f"/tmp/holdcalc-test-{inside}.zip")
        try:
            path.write_bytes(data.getvalue())
            assert lone_table(str(path)) == expected
        finally:
            path.unlink()


def test_a_zip_member_that_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    """An encrypted member (as the zip's flag bit 0 says): a one-line error."""
    import zipfile

    archive = tmp_path / "locked.zip"
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("roster.csv", "booking_id,eligible_at\n")
    data = bytearray(archive.read_bytes())
    data[6] |= 1  # the local header's flag: encrypted
    central = data.rindex(b"PK\x01\x02")
    data[central + 8] |= 1  # and the central directory's
    archive.write_bytes(bytes(data))
    code, out, err = run_cli("check", str(archive), AS_OF)
    assert (code, out) == (EXIT_INVALID, "")
    assert err.startswith(
        f"holdcalc: error: {str(archive)!r} holds 'roster.csv', which cannot be read from the zip ("
    )
    assert err.endswith("unzip it and check the file inside\n") and err.count("\n") == 1


# The general parser swaps day and month where the order asked for gives no date; a
# date in numbers inside a value it reads (a fraction of a second, an offset, a weekday
# before it) is read in the declared order or refused, as the plain shapes are.
@pytest.mark.parametrize(
    ("text", "dayfirst", "read"),
    [
        ("11/27/2024 16:30:00.5", False, (11, 27)),
        ("27/11/2024 16:30:00.5", False, None),
        ("27/11/2024 16:30:00.5", True, (11, 27)),
        ("11/27/2024 16:30:00.5", True, None),
        ("27/11/2024 4:30 PM -06:00", False, None),
        ("05/11/2024 4:30 PM -06:00", True, (11, 5)),
        ("05/11/2024 4:30 PM -06:00", False, (5, 11)),
        ("27-11-2024 16:30:00.250", False, None),
        ("Wed 11/27/2024 4:30 PM", True, None),
        ("Wed 11/27/2024 4:30 PM", False, (11, 27)),
        ("11.27.2024 16:30", True, None),
        ("27.11.2024 16:30", True, (11, 27)),
        ("2024/27/11 16:30", False, None),
        ("2024/27/11 16:30", True, None),
        ("2024/11/27 16:30:00.5", True, (11, 27)),
    ],
)
def test_the_declared_order_holds_for_every_spelling(
    text: str, dayfirst: bool, read: tuple[int, int] | None
) -> None:
    if read is None:
        with pytest.raises(TimeParseError, match="month 27 is not 1-12"):
            parse_when(text, NY, dayfirst=dayfirst)
        return
    value = parse_when(text, NY, dayfirst=dayfirst)
    assert isinstance(value, dt.datetime) and (value.month, value.day) == read


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("27 Nov 24 1630", "has a two-digit year"),  # the parser took 24 for 2024
        ("Nov 27 24 1630", "has a two-digit year"),
        ("27/11 2024 16:30", "in no order holdcalc reads without a guess"),
        ("11/27 2024 16:30", "in no order holdcalc reads without a guess"),
        ("27 11 2024 16:30", "in no order holdcalc reads without a guess"),
    ],
)
@pytest.mark.parametrize("dayfirst", [False, True])
def test_what_the_general_parser_would_guess_is_refused(
    text: str, why: str, dayfirst: bool
) -> None:
    with pytest.raises(TimeParseError, match=why):
        parse_when(text, NY, dayfirst=dayfirst)


@pytest.mark.parametrize(
    "text",
    [
        "27 Nov 2024 1630",
        "20241127 1630",
        "20241127T163000",
        "Wednesday, November 27, 2024 4:30 PM",
    ],
)
@pytest.mark.parametrize("dayfirst", [False, True])  # 20241127: year first, either way
def test_what_the_general_parser_reads_without_a_guess_is_read(text: str, dayfirst: bool) -> None:
    value = parse_when(text, NY, dayfirst=dayfirst)
    assert isinstance(value, dt.datetime) and value.date() == dt.date(2024, 11, 27)


def test_a_date_read_only_day_first_in_another_spelling_is_counted_for_the_note() -> None:
    roster = (
        "eligible_at,released_at,tz\n"
        "27/11/2024 16:30:00.5,,America/Chicago\n27.11.2024 16:30,,America/Chicago\n"
    )
    code, out, err = run_cli("check", "-", AS_OF, "--format", "csv", stdin=roster)
    assert code == EXIT_INVALID and out.count(",error,") == 2
    assert "2 row(s) hold a date that reads only day first" in err


# Excel's custom format yyyy-mm-dd h:mm writes the hour in one digit before ten.
@pytest.mark.parametrize(
    ("text", "hour"),
    [("2024-11-27 4:30", 4), ("2024-11-27 4:30:05", 4), ("2024-11-27T4:30-05:00", 4)],
)
def test_an_iso_date_with_a_one_digit_hour_is_read(text: str, hour: int) -> None:
    value = parse_when(text, NY)
    assert isinstance(value, dt.datetime) and (value.hour, value.minute) == (hour, 30)


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_one_digit_hours_in_a_roster_are_read_by_both_engines(engine: str) -> None:
    body = "".join(f"2024-11-2{n} {n}:30,,America/Chicago\n" for n in range(1, 10))
    roster = "eligible_at,released_at,tz\n" + body
    code, out, _ = in_engine(engine, roster)
    assert code == 1 and ",error," not in out
    assert "2024-11-21 1:30,,America/Chicago,2024-11-25T01:30:00-06:00,expired" in out


@pytest.mark.parametrize(
    ("text", "would"), [("45623.6875", "2024-11-27 16:30"), ("45623", "2024-11-27 00:00")]
)
def test_a_spreadsheet_day_number_is_refused_saying_what_it_would_be(text: str, would: str) -> None:
    with pytest.raises(TimeParseError, match=f"is a number, not a date and time.*{would}"):
        parse_when(text, NY)


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_day_numbers_in_a_roster_are_row_errors_in_both_engines(engine: str) -> None:
    roster = "eligible_at,released_at,tz\n45623.6875,,America/Chicago\n2024-11-27 16:30,,UTC\n"
    code, out, _ = in_engine(engine, roster)
    assert code == 1 and out.count(",error,") == 1
    assert "a spreadsheet's day number (in Excel's usual count, 2024-11-27 16:30)" in out


@pytest.mark.parametrize(
    ("text", "unit", "would"),
    [
        ("1732746600", "seconds", "2024-11-27 22:30:00 UTC"),
        ("1732746600.25", "seconds", "2024-11-27 22:30:00 UTC"),
        ("1732746600000", "milliseconds", "2024-11-27 22:30:00 UTC"),
        ("1000000000", "seconds", "2001-09-09 01:46:40 UTC"),
    ],
)
def test_unix_time_is_refused_saying_what_it_would_be(text: str, unit: str, would: str) -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_when(text, NY)
    message = str(caught.value)
    assert f"is a number, not a date and time: Unix time in {unit} ({would})?" in message
    assert f"'{would[:10]}T{would[11:19]}Z'" in message


@pytest.mark.parametrize("text", ["999999999", "17327466000", "173274660000000"])
def test_numbers_of_other_lengths_are_not_called_unix_time(text: str) -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_when(text, NY)
    assert "Unix time" not in str(caught.value)


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_unix_times_in_a_roster_are_row_errors_in_both_engines(engine: str) -> None:
    roster = (
        "eligible_at,released_at,tz\n"
        "1732746600000,,America/Chicago\n"
        "2024-11-27 16:30,1733000000,America/Chicago\n"
        "2024-11-27 16:30,,UTC\n"
    )
    code, out, _ = in_engine(engine, roster)
    rows = out.splitlines()[1:]
    assert code == 1 and [row.count(",error,") for row in rows] == [1, 1, 0]
    assert "column eligible_at: '1732746600000' is a number" in rows[0]
    assert "column released_at: '1733000000' is a number" in rows[1]
    assert "Unix time in seconds (2024-11-30 20:53:20 UTC)" in rows[1]


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_zones_in_brackets_are_read_alike_by_both_engines(engine: str) -> None:
    roster = (
        "eligible_at,released_at,tz\n"
        "2024-11-27T16:30-06:00[America/Chicago],2024-11-29T10:00-06:00[America/Chicago],"
        "America/Chicago\n"
        "2024-11-27T16:30-05:00[America/Chicago],,America/Chicago\n"
        "2024-11-27T17:30[America/New_York],,America/Chicago\n"
    )
    code, out, _ = in_engine(engine, roster)
    rows = out.splitlines()[1:]
    assert code == 1 and [row.count(",error,") for row in rows] == [0, 1, 0]
    assert ",2024-12-02T16:30:00-06:00,within-hold," in rows[0]
    assert "gives the offset -05:00, but America/Chicago was at -06:00" in rows[1]
    assert ",2024-12-02T16:30:00-06:00,expired," in rows[2]


NO_VALUE = ["NULL", "null", "(null)", "None", "nan", "NaN", "NaT", "<NA>", "NA", "N/A", "n/a",
            "-", "--", "\u2014", "nil"]  # fmt: skip


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_words_for_no_value_are_refused_by_name_in_both_engines(engine: str) -> None:
    """A departure of NULL is not blank (still held) by a guess: the file says which."""
    body = "".join(f"2024-11-27 16:30,{word},America/Chicago\n" for word in NO_VALUE)
    body += "NULL,2024-11-29 10:00,America/Chicago\n0000-00-00 00:00:00,,America/Chicago\n"
    code, out, _ = in_engine(engine, "eligible_at,released_at,tz\n" + body)
    rows = rows_of(out)[1:]
    assert code == 3 and [row[4] for row in rows] == ["error"] * len(rows)
    for word, row in zip([*NO_VALUE, "NULL"], rows, strict=False):
        assert row[-1].endswith(
            f"{word!r} is a word for no value, not a time; where there is none, leave it "
            "blank (a blank departure means still held), or correct it (in a roster, such "
            f"cells are read as blank with --null-value {word})"
        )
    assert "column eligible_at: 'NULL' is a word for no value" in rows[-2][-1]
    assert "is what MySQL writes for a missing date (its zero date)" in rows[-1][-1]


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_null_value_reads_the_words_named_as_blank_in_both_engines(engine: str) -> None:
    body = "".join(f"2024-11-27 16:30,{word},America/Chicago\n" for word in NO_VALUE)
    body += "NULL,2024-11-29 10:00,America/Chicago\n"
    roster = "eligible_at,released_at,tz\n" + body
    env = {"HOLDCALC_ENGINE": engine}
    if engine == "columnar":
        pytest.importorskip("pyarrow")
    args = ("check", "-", AS_OF, "--format", "csv", "--null-value", "null")
    code, out, err = run_cli(*args, "--null-value", " N/A ", stdin=roster, env=env)
    rows = {row[1]: row for row in rows_of(out)[1:-1]}
    blank_one = rows_of(
        run_cli(
            "check",
            "-",
            AS_OF,
            "--format",
            "csv",
            stdin=("eligible_at,released_at,tz\n2024-11-27 16:30,,America/Chicago\n"),
            env=env,
        )[1]
    )[1]
    for word in ("NULL", "null", "N/A", "n/a"):
        assert rows[word][3:] == blank_one[3:]  # as a blank departure: still held
    for word in ("(null)", "None", "-", "\u2014"):
        assert rows[word][4] == "error" and "--null-value" in rows[word][-1]
    last = rows_of(out)[-1]
    assert last[4] == "error" and last[-1] == "column eligible_at is blank; " + (
        "use ISO 8601 ('2024-11-27 16:30', '2024-11-27T16:30-06:00') or '11/27/2024 4:30 PM'"
    )
    assert code == 1 and "error rows (10) like row 4: column released_at: 'None' is a" in err


def test_null_value_in_split_date_and_time_columns() -> None:
    roster = (
        "start_date,start_time,release_date,release_time,tz\n"
        "2024-11-27,16:30,NULL,NULL,America/Chicago\n"
        "2024-11-27,16:30,2024-11-29,NULL,America/Chicago\n"
        "2024-11-27,16:30,,,America/Chicago\n"
        "2024-11-27,16:30,2024-11-29,,America/Chicago\n"
    )
    args = ("check", "-", AS_OF, "--format", "csv", "--start-col", "start_date",
            "--start-time-col", "start_time", "--released-col", "release_date",
            "--released-time-col", "release_time")  # fmt: skip
    code, out, _ = run_cli(*args, "--null-value", "NULL", stdin=roster)
    assert code == 1
    rows = [row[5:] for row in rows_of(out)[1:]]
    assert rows[0] == rows[2] and rows[1] == rows[3]  # NULL read as the blank beside it
    assert rows[0][1] == "expired" and rows[1][1] == "within-hold"


def test_a_word_for_no_value_is_not_taken_inside_a_longer_value() -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_when("NA 2024", NY)
    assert "word for no value" not in str(caught.value)


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_the_day_databases_write_for_no_time_is_refused_in_both_engines(engine: str) -> None:
    roster = (
        "eligible_at,released_at,tz\n"
        "1900-01-01 00:00,,America/Chicago\n"
        "2024-11-27 16:30,1900-01-01 00:00:00.000,America/Chicago\n"
        "1/1/1900 12:00 AM,,America/Chicago\n"
        "1900-01-02 10:00,1900-01-05 10:00,America/Chicago\n"  # a real day, if an odd one
    )
    code, out, _ = in_engine(engine, roster)
    rows = out.splitlines()[1:]
    assert code == 1 and [row.count(",error,") for row in rows] == [1, 1, 1, 0]
    assert "column released_at: '1900-01-01 00:00:00.000' is what databases" in rows[1]
    assert "blank the cell if there is none, or correct it" in rows[0]


# SQL Server writes a datetimeoffset with a space before its offset, to seven decimals.
@pytest.mark.parametrize(
    "text",
    [
        "2024-11-27 16:30:00.0000000 -06:00",
        "2024-11-27 16:30:00.000 -06:00",
        "2024-11-27 16:30 -0600",
    ],
)
def test_an_iso_time_with_a_space_before_its_offset_is_that_instant(text: str) -> None:
    value = parse_when(text, NY)
    assert value == dt.datetime(2024, 11, 27, 22, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_spaced_offsets_in_a_roster_are_read_by_both_engines(engine: str) -> None:
    roster = "eligible_at,released_at,tz\n2024-11-27 16:30:00.000 -06:00,,America/Chicago\n"
    code, out, _ = in_engine(engine, roster)
    assert code == 1 and "-06:00,,America/Chicago,2024-12-02T16:30:00-06:00,expired," in out


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_a_header_row_repeated_in_the_body_is_said_to_be_one(engine: str) -> None:
    """Exports joined with their headers, or a page break: the header again is an error
    row saying so (kept, as every row is), not a value its cells fail as; a row that
    only looks like part of the header is judged as any other."""
    head = "booking_id,eligible_at,released_at,tz\n"
    roster = (
        head
        + "B1,2024-11-27 16:30,2024-11-28 09:00,America/Chicago\n"
        + head.upper().replace(",", " ,")  # case and spaces as a report may print them
        + "eligible_at,2024-11-27 16:30,2024-11-28 09:00,America/Chicago\n"
    )
    code, out, err = in_engine(engine, roster)
    assert code == 3, err  # an error row, nothing flagged
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[2] == (
        'BOOKING_ID ,ELIGIBLE_AT ,RELEASED_AT ,TZ,,error,,"the header row again (a page '
        "break in the export, or files joined with their headers): not a hold; delete the "
        'row"'
    )
    assert lines[3].endswith(",within-hold,0.00,")
