"""The two engines of `check` write the same bytes: HOLDCALC_ENGINE=row (the row
engine for every row) and HOLDCALC_ENGINE=columnar (plain blocks judged over columns,
roster.column_blocks), on random rosters with every shape of value, clock-change
nights, blanks, bad values, dates alone, quoted cells, short rows and blank lines, in
CSV and TSV; and on a roster large enough for worker processes."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli
from tests.test_columnar import LAYOUTS, ODD, ZONES, moments, written

pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
AS_OF = "2025-12-01T12:00Z"
HEADER = ["booking_id", "eligible_at", "released_at", "tz"]
PLACES = ["CA", "CO", "IL", "NJ", "NY", "TX", "US-IL-COOK", "US-NY-NYC", "MA", "WA"]
PLACES_OR_NONE = ["", "", *PLACES]


# A cell's text as written: quoted without need (every cell, by some exports), holding
# a quote mark doubled or bare, empty in quotes, holding a line break, and text after
# a closing mark (which the row engine refuses, naming its line).
QUOTINGS = ['"{}"', '"O""Brien, {}"', 'O"Brien {}', '""', '"two\nlines {}"', '"{}" Jr', '"a"" {}"b']


@st.composite
def lines(draw: Any, delimiter: str) -> str:
    """One line of a roster: mostly plain, sometimes quoted, short, blank or odd."""
    start = draw(moments())
    start_text = written(start, draw(st.sampled_from(LAYOUTS)))
    if draw(st.integers(0, 12)) == 0:
        start_text = draw(st.sampled_from(ODD))
    pick = draw(st.integers(0, 9))
    held = dt.timedelta(minutes=draw(st.integers(-600, 60 * 24 * 12)))
    left_text = "" if pick < 2 else written(start + held, draw(st.sampled_from(LAYOUTS)))
    cells = [f"B{draw(st.integers(0, 999))}", start_text, left_text, draw(st.sampled_from(ZONES))]
    odd = draw(st.integers(0, 30))
    if odd == 0:
        return ""  # a blank line
    if odd == 1:
        cells = cells[:3]  # a short row
    if odd == 2:
        cells[0] = f'"B, {cells[0]}"'  # a quoted cell holding the delimiter
    if odd in (6, 7):  # quoting as writers do it, and as they should not
        cells[draw(st.integers(0, 3))] = draw(st.sampled_from(QUOTINGS)).format(cells[0])
    if odd == 3:
        cells[0] = f"B{delimiter}x" if delimiter == "\t" else "B;x"
    if odd in (4, 5):  # the other format's delimiter in a cell: quoted when written in it
        cells[0] = "B, x" if delimiter == "\t" else "B\tx"
    return delimiter.join(cells)


def made_roster(
    path: Path, rows: int, *, seed: int, bad_rate: float, windows: bool = False
) -> Path:
    """A roster from the benchmarks' maker (benchmarks/make_roster.py); `windows`: its
    names "Family, Given" (quoted) and its lines ending in CRLF."""
    from make_roster import write_roster

    with path.open("w", encoding="utf-8", newline="\r\n" if windows else "") as handle:
        write_roster(handle, rows, seed=seed, bad_rate=bad_rate, last_first=windows)
    return path


def roster(path: Path, body: list[str], delimiter: str) -> Path:
    path.write_text(delimiter.join(HEADER) + "\n" + "\n".join(body) + "\n", encoding="utf-8")
    return path


def both(path: Path, *options: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    args = ("check", str(path), "--as-of", AS_OF, "--tz", "America/Denver", *options)
    row = run_cli(*args, env={"HOLDCALC_ENGINE": "row"})
    columnar = run_cli(*args, env={"HOLDCALC_ENGINE": "columnar"})
    return row, columnar


@given(st.data(), st.sampled_from([",", "\t"]), st.sampled_from(["csv", "tsv", "jsonl", "json"]))
def test_the_engines_write_the_same_bytes(
    tmp_path_factory: pytest.TempPathFactory, data: Any, delimiter: str, fmt: str
) -> None:
    body = data.draw(st.lists(lines(delimiter), min_size=1, max_size=50))
    path = roster(tmp_path_factory.mktemp("engines") / "roster.csv", body, delimiter)
    row, columnar = both(path, "--format", fmt)
    assert columnar == row


def test_the_columnar_engine_takes_plain_blocks(tmp_path: Path) -> None:
    """Not a vacuous agreement: a plain block is judged over columns."""
    from holdcalc.frame.api import FrameSettings
    from holdcalc.roster.column_blocks import judged_block
    from holdcalc.roster.columns import find_columns
    from holdcalc.roster.rows import RowJudge

    settings = FrameSettings(as_of=AS_OF, zone="America/Denver").judging(dt.datetime.now(dt.UTC))
    judge = RowJudge(find_columns(HEADER), settings)
    text = b"B1,2024-11-27 16:30,2024-12-03 09:00,America/Chicago\nB2,2024-11-27,,\n"
    judged = judged_block(text, judge, ",", ",")
    assert judged is not None and judged[1].rows == 2
    assert judged[0].startswith(b"B1,2024-11-27 16:30,2024-12-03 09:00,America/Chicago,")
    quoted = judged_block(b'"B1",2024-11-27 16:30,,"O""Brien, A"\n', judge, ",", ",")
    assert quoted is not None and quoted[0].startswith(b'B1,2024-11-27 16:30,,"O""Brien, A",')
    assert judged_block(b'B1,"2024-11-27" 16:30,,\n', judge, ",", ",") is None  # text after
    assert judged_block(b'B1,"2024-11-27\n16:30",,\n', judge, ",", ",") is None  # a line end
    line = b"B1,2024-11-27 16:30,,America/Chicago\n"
    assert judged_block(line + b"\n" + line, judge, ",", ",") is None  # a blank line
    assert judged_block(b"\n" + line, judge, ",", ",") is None
    empty = judged_block(line + b",,,\n", judge, ",", ",")  # empty cells, not a blank line
    assert empty is not None and empty[1].rows == 2
    # Bytes that are not UTF-8 are the row engine's, whose decoding names the problem.
    assert judged_block(b"B1,2024-11-27 16:30,,Am\xe9rica/Chicago\n", judge, ",", ",") is None
    assert judged_block(line.replace(b"B1", "B\u00e9".encode()), judge, ",", ",") is not None


def test_limits_on_clock_change_days_are_stamped_over_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A limit at the start (California's) on a day the clocks change, before and after
    the change, stamped with the offset of its moment, no row left to the row engine."""
    starts = ["2024-03-10 00:30", "2024-03-10 08:30", "2024-11-03 00:30", "2024-11-03 08:30"]
    text = "".join(f"B,{start},,America/Chicago\n" for start in starts)
    judged = _all_over_columns(monkeypatch, text, jurisdiction="CA")
    assert judged is not None
    stamps = [line.split(",")[4] for line in judged[0].decode().splitlines()]
    assert stamps == [
        "2024-03-10T00:30:00-06:00",
        "2024-03-10T08:30:00-05:00",
        "2024-11-03T00:30:00-05:00",
        "2024-11-03T08:30:00-06:00",
    ]


# Departures before the start, read as the columnar engine reads them: a time minutes
# or days before; a date alone before the start's day; a time on a date-alone start's
# day before it (not before it: the start is the whole day), in both layouts; and one
# still to come, before a start after the as-of time.
BEFORE_START = [
    "B1,2024-11-27 16:30,2024-11-27 16:25,America/Chicago",
    "B2,2024-11-27 16:30,2024-11-25 09:00,America/Chicago",
    "B3,11/27/2024 04:30 PM,2024-11-26,America/Denver",
    "B4,2024-11-27,11/26/2024 11:59 PM,America/New_York",
    "B5,2024-03-10 12:00,2024-03-10 01:30,America/Chicago",
    "B6,2026-02-02 10:00,2026-01-30 10:00,America/Chicago",
    "B7,2024-11-27,2024-11-27 08:00,America/Chicago",
]


def test_a_departure_before_the_start_is_an_error_found_over_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row whose departure the columnar engine reads before its start is the row
    engine's error row (the same bytes, summary and exit code, the departure still to
    come counted), worded without judging the row again."""
    from holdcalc.roster.rows import RowJudge

    path = roster(tmp_path / "r.csv", BEFORE_START, ",")
    row, columnar = both(path, "--format", "csv")
    assert columnar == row
    errors = [line for line in row[1].splitlines() if ",error," in line]
    assert len(errors) == 6 and "is before the hold started" in errors[0]
    assert "1 row(s) have a departure after the as-of time" in row[2]

    judged: list[object] = []
    verdict = RowJudge._header_checked

    def counted(self: RowJudge, cells: Any) -> Any:
        judged.append(cells[0])
        return verdict(self, cells)

    monkeypatch.setattr(RowJudge, "_header_checked", counted)
    args = ("check", str(path), "--as-of", AS_OF, "--tz", "America/Denver", "--format", "csv")
    assert run_cli(*args, env={"HOLDCALC_ENGINE": "columnar"}) == columnar
    assert judged == []


def test_a_blocks_text_is_its_lines_one_after_another() -> None:
    """Read from the text array's data buffer, in UTF-8: slices, other scripts, empty
    arrays."""
    import pyarrow as pa

    from holdcalc.roster.column_blocks import _text

    lines = pa.array(["ab\n", "c,é\n", "日本\n"])
    assert _text(lines, [], []) == "ab\nc,é\n日本\n".encode()
    assert _text(lines.slice(1), [], []) == "c,é\n日本\n".encode()
    assert _text(lines.slice(1, 1), [], []) == "c,é\n".encode()
    assert _text(lines.slice(3), [], []) == _text(pa.array([], pa.string()), [], []) == b""
    assert _text(pa.array(["x\n", "y\n"], pa.large_string()).slice(1), [], []) == b"y\n"


def test_hours_over_arrays_are_written_as_the_row_engine_writes_them() -> None:
    """Whole hundredths as `f"{hours:.2f}"` writes them: zeros among the others, single
    digits, whole hours, no zero at all, an empty block."""
    import numpy as np

    from holdcalc.roster.column_blocks import _hours_text

    for hundredths in ([0, 1, 5, 0, 99, 100, 101, 0, 12_345_678], [7, 250], [0, 0], []):
        written = _hours_text(np.array(hundredths, np.int64)).to_pylist()
        assert written == [f"{value / 100:.2f}" for value in hundredths]


def test_a_blocks_text_takes_the_row_engines_lines_in_their_places() -> None:
    """Rows the columnar path left come back at their own numbers: first, last, side by
    side, in a slice, past ASCII."""
    import pyarrow as pa

    from holdcalc.roster.column_blocks import _text

    lines = pa.array(["a\n", "b\n", "c\n", "d\n"])
    assert _text(lines, [0, 3], ["A,1\n", "D,§\n"]) == "A,1\nb\nc\nD,§\n".encode()
    assert _text(lines, [1, 2], ["B\n", "C\n"]) == b"a\nB\nC\nd\n"
    assert _text(lines.slice(1, 2), [1], ["X\n"]) == b"b\nX\n"
    assert _text(lines.slice(2), [0, 1], ["x\n", "y\n"]) == b"x\ny\n"


@pytest.mark.parametrize("place", ["CA", "NJ", "TX", "US-IL-COOK"])
def test_binding_limits_are_chosen_over_arrays(place: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a vacuous agreement either: under the law of these places, starts to the
    minute and dates alone get their limits over arrays, no row asked of a chooser."""
    from holdcalc.frame.api import FrameSettings
    from holdcalc.roster import column_limits
    from holdcalc.roster.column_blocks import judged_block
    from holdcalc.roster.columns import find_columns
    from holdcalc.roster.rows import RowJudge

    def refused(*args: object) -> None:
        raise AssertionError("a row was asked of its plan's chooser")

    monkeypatch.setattr(column_limits, "_by_chooser", refused)
    settings = FrameSettings(as_of=AS_OF, zone="America/Denver", jurisdiction=place)
    judge = RowJudge(find_columns(HEADER), settings.judging(dt.datetime.now(dt.UTC)))
    text = "".join(
        f"B{n},{start},{left},America/Chicago\n"
        for n, (start, left) in enumerate(
            [("2024-11-27 16:30", "2024-12-03 09:00"), ("2016-02-03", ""), ("2019-06-01", "")]
        )
    )
    judged = judged_block(text.encode(), judge, ",", ",")
    assert judged is not None and judged[1].rows == 3
    assert judged[0].count(b"\n") == 3


def checked(path: Path, fmt: str, engine: str, workers: int) -> tuple[int, bytes, bytes]:
    """`holdcalc check` of the roster at `path` in its own process, in `fmt`, by
    `engine` in `workers` processes: its exit code, output and summary."""
    env = {**os.environ, "HOLDCALC_ENGINE": engine, "HOLDCALC_WORKERS": str(workers)}
    done = subprocess.run(
        [sys.executable, "-m", "holdcalc", "check", str(path), "--as-of", AS_OF,
         "--tz", "America/New_York", "--format", fmt],
        capture_output=True, env=env, check=False,
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("windows", [False, True])
def test_workers_on_a_large_roster_write_the_same_bytes(tmp_path: Path, windows: bool) -> None:
    """80,000 rows from the benchmark's maker: several blocks, two worker processes;
    also as a Windows export writes them, lines ending in CRLF and names quoted."""
    path = made_roster(tmp_path / "roster.csv", 80_000, seed=5, bad_rate=0.03, windows=windows)
    outputs = {engine: checked(path, "csv", engine, workers=2) for engine in ("row", "columnar")}
    assert outputs["columnar"] == outputs["row"]
    assert outputs["row"][1].count(b"\n") == 80_001


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_one_json_array_from_two_workers_is_one_process_s(tmp_path: Path, engine: str) -> None:
    """One JSON array judged in two worker processes (each block written as JSON Lines,
    made items of the array by the calling process) is the array one process writes,
    byte for byte, with the same summary and exit code: JSON, one item a row."""
    path = made_roster(tmp_path / "roster.csv", 80_000, seed=6, bad_rate=0.03)
    outputs = {workers: checked(path, "json", engine, workers) for workers in (1, 2)}
    assert outputs[2] == outputs[1]
    items = json.loads(outputs[2][1])
    assert len(items) == 80_000 and items[-1]["booking_id"] == "BK00079999"


def test_a_large_roster_without_the_extra_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without numpy and pyarrow the row engine runs as it always has, and a large roster
    gets one line naming the extra; with them, no such line."""
    from holdcalc.jobs import check_run

    monkeypatch.setattr(check_run, "LARGE_ROSTER", 3)
    path = roster(tmp_path / "r.csv", ["B1,2024-11-27 16:30,,America/Chicago"] * 4, ",")
    _, out, err = run_cli("check", str(path), "--as-of", AS_OF, "--format", "csv")
    assert "extra" not in err
    monkeypatch.setattr(check_run, "columnar_missing", lambda: True)
    _, missing_out, err = run_cli("check", str(path), "--as-of", AS_OF, "--format", "csv")
    assert "pip install 'holdcalc[frame]'" in err and "4 rows were judged one by one" in err
    assert missing_out == out


def test_an_unknown_engine_is_refused_in_one_line(tmp_path: Path) -> None:
    path = roster(tmp_path / "r.csv", ["B1,2024-11-27 16:30,,America/Chicago"], ",")
    code, out, err = run_cli("check", str(path), "--as-of", AS_OF, env={"HOLDCALC_ENGINE": "fast"})
    assert code == 3 and out == ""
    assert err.strip() == "holdcalc: error: HOLDCALC_ENGINE: 'fast' is not one of row, columnar"


BLOCKED = """
import sys
sys.modules["numpy"] = None  # as if the frame extra were not installed
sys.modules["pyarrow"] = None
from holdcalc.cli import main
sys.exit(main())
"""


def test_without_numpy_and_pyarrow_check_writes_the_same_bytes(tmp_path: Path) -> None:
    """Without the extra (its modules made unimportable), `check` runs the row engine,
    imports neither, and writes what the columnar engine writes."""
    path = made_roster(tmp_path / "roster.csv", 3_000, seed=9, bad_rate=0.05)
    args = ["check", str(path), "--as-of", AS_OF, "--tz", "America/New_York", "--format", "csv"]
    env = {**os.environ, "HOLDCALC_ENGINE": ""}
    without = subprocess.run(
        [sys.executable, "-c", BLOCKED, *args], capture_output=True, env=env, check=False
    )
    # By name: by default a roster this small is judged row by row (`columns_pay`).
    env["HOLDCALC_ENGINE"] = "columnar"
    with_extra = subprocess.run(
        [sys.executable, "-m", "holdcalc", *args], capture_output=True, env=env, check=False
    )
    assert without.returncode == with_extra.returncode == 1, without.stderr
    assert without.stdout == with_extra.stdout and without.stderr == with_extra.stderr


@settings(max_examples=25)  # a process each: the slow half of the engines' tests
@given(st.data(), st.sampled_from([",", "\t"]), st.sampled_from(PLACES_OR_NONE))
def test_without_the_extra_check_writes_the_same_bytes_on_random_rosters(
    tmp_path_factory: pytest.TempPathFactory, data: Any, delimiter: str, place: str
) -> None:
    """Random rosters (as above) checked in a process where numpy and pyarrow cannot be
    imported (asking for no engine), and here with them (the columnar engine, asked for
    by name): the same bytes, summary and exit
    code, against the rule and against a place's law."""
    body = data.draw(st.lists(lines(delimiter), min_size=1, max_size=50))
    path = roster(tmp_path_factory.mktemp("extra") / "roster.csv", body, delimiter)
    args = ["check", str(path), "--as-of", AS_OF, "--tz", "America/Denver", "--format", "csv"]
    if place:
        args += ["--jurisdiction", place]
    env = {**os.environ, "HOLDCALC_ENGINE": ""}
    without = subprocess.run(
        [sys.executable, "-c", BLOCKED, *args], capture_output=True, env=env, check=False
    )
    code, out, err = run_cli(*args, env={"HOLDCALC_ENGINE": "columnar"})
    assert (without.returncode, without.stdout.decode(), without.stderr.decode()) == (
        code,
        out,
        err,
    )


PANDAS_SEEN = """
import sys
from holdcalc.cli import main
try:
    main()
except SystemExit:
    pass
print("pandas" in sys.modules, file=sys.stderr)
"""


LIBRARY = """
import datetime as dt
import pyarrow as pa
from holdcalc.frame.api import FrameSettings
from holdcalc.roster.column_blocks import judged_block
from holdcalc.roster.columns import find_columns
from holdcalc.roster.rows import RowJudge

pool = pa.default_memory_pool().backend_name
settings = FrameSettings(as_of="2026-11-01T00:00:00Z").judging(dt.datetime.now(dt.UTC))
judge = RowJudge(find_columns(["id", "eligible_at", "released_at", "tz"]), settings)
assert judged_block(b"B1,2024-11-27 16:30,,America/Chicago\\n", judge, ",", ",")
import sys
print("pandas" in sys.modules, pa.default_memory_pool().backend_name == pool)
"""


def test_check_leaves_pandas_unimported_and_a_library_process_alone(tmp_path: Path) -> None:
    """pyarrow would import pandas (installed here, for the frame tests) on its first
    conversion; `check`'s own process does not let it. A library user's process keeps
    pyarrow's pandas integration and its memory pool."""
    pytest.importorskip("pandas")
    path = made_roster(tmp_path / "roster.csv", 2_000, seed=4, bad_rate=0.02)
    args = ["check", str(path), "--as-of", AS_OF, "--tz", "America/New_York", "--format", "csv"]
    env = {**os.environ, "HOLDCALC_ENGINE": "columnar", "HOLDCALC_WORKERS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PANDAS_SEEN, *args], capture_output=True, env=env, check=False
    )
    assert done.stderr.decode().splitlines()[-1] == "False", done.stderr
    assert done.stdout.count(b"\n") == 2_001

    library = subprocess.run(
        [sys.executable, "-c", LIBRARY], capture_output=True, env=env, check=False
    )
    assert library.stdout.decode().split() == ["True", "True"], library.stderr


@given(
    st.data(),
    st.sampled_from(PLACES),
    st.booleans(),
    st.sampled_from(
        [
            [],
            ["--form", "auto"],
            ["--form", "I-247D"],
            ["--agency", "prison"],
            ["--format", "jsonl"],
        ]
    ),
)
def test_the_engines_write_the_same_bytes_under_the_law(
    tmp_path_factory: pytest.TempPathFactory,
    data: Any,
    place: str,
    column: bool,
    options: list[str],
) -> None:
    """With binding limits (a place for the run, and a jurisdiction column whose cells
    are blank, known, lower-case or unknown), in both engines."""
    body = data.draw(st.lists(lines(","), min_size=1, max_size=40))
    if column:
        cells = st.sampled_from(["", "", "ca", "NJ", " TX ", "US-IL-COOK", "ZZ", *PLACES])
        body = [f"{line},{data.draw(cells)}" if line else line for line in body]
    path = tmp_path_factory.mktemp("law") / "roster.csv"
    header = ",".join([*HEADER, "jurisdiction"] if column else HEADER)
    path.write_text(header + "\n" + "\n".join(body) + "\n", encoding="utf-8")
    row, columnar = both(path, "--jurisdiction", place, *options)
    assert columnar == row


# Delimiters, quote marks, and what JSON escapes (a backslash, a control character) or not.
NAMES = st.text(st.sampled_from("ab ,;\t\"'é\\\x01\x7f\u2028"), max_size=6)
QUOTING = st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])


@settings(max_examples=60, deadline=None)
@given(st.data(), st.sampled_from([",", "\t"]), st.sampled_from([",", "\t", "jsonl"]))
def test_quoted_cells_are_judged_over_columns_to_the_row_engine_s_bytes(
    data: Any, delimiter: str, out: str
) -> None:
    """Rows written by the csv module with each way of quoting, cells holding either
    delimiter, quote marks, backslashes and control characters, lines ending in LF or
    CRLF: the block is judged over columns (not left to the row engine) and its lines
    are the row engine's, byte for byte, in CSV, TSV and JSON Lines."""
    from holdcalc.cli import FLAG_WORDS
    from holdcalc.frame.api import FrameSettings
    from holdcalc.roster.column_blocks import judged_block
    from holdcalc.roster.columns import find_columns
    from holdcalc.roster.rows import RowJudge
    from holdcalc.roster.verdicts import output_names

    rows = []
    for _ in range(data.draw(st.integers(1, 12))):
        start = data.draw(moments())
        start_text = written(start, data.draw(st.sampled_from(LAYOUTS)))
        name, zone = data.draw(NAMES), data.draw(st.sampled_from(ZONES))
        rows.append([data.draw(NAMES), start_text, "", zone, name])
    text = io.StringIO()
    ending = data.draw(st.sampled_from(["\n", "\r\n"]))  # Windows exports end lines in CRLF
    writer = csv.writer(
        text, delimiter=delimiter, lineterminator=ending, quoting=data.draw(QUOTING)
    )
    writer.writerows(rows)
    header = [*HEADER, "name"]
    settings_ = FrameSettings(as_of=AS_OF, zone="America/Denver").judging(dt.datetime.now(dt.UTC))
    settings_ = dataclasses.replace(settings_, words=FLAG_WORDS)  # its messages as check's
    keys = output_names(header, with_binding=False)
    judge = RowJudge(find_columns(header), settings_)
    judged = judged_block(
        text.getvalue().encode(), judge, delimiter, keys if out == "jsonl" else out
    )
    assert judged is not None
    fmt = {",": "csv", "\t": "tsv"}.get(out, out)
    roster_text = delimiter.join(header) + ending + text.getvalue()
    code, row, err = run_cli(
        "check", "-", "--as-of", AS_OF, "--tz", "America/Denver", "--format", fmt,
        stdin=roster_text, env={"HOLDCALC_ENGINE": "row"},
    )  # fmt: skip
    assert code in (0, 1, 3), err  # 3: every row in error
    body = row if fmt == "jsonl" else row.split("\n", 1)[1]  # JSON Lines: no header
    assert judged[0].decode() == body


SPLIT = ["booking_id", "start_day", "start_clock", "left_day", "left_clock", "tz"]
SPLIT_NAMES = ("start_day", "left_day", None, "start_clock", "left_clock")  # as ColumnNames
SPLIT_FLAGS = ["--start-col", "start_day", "--start-time-col", "start_clock", "--released-col",
               "left_day", "--released-time-col", "left_clock", "--null-value", "NULL"]  # fmt: skip
DAY_CELLS = ["%Y-%m-%d", "%m/%d/%Y", " %Y-%m-%d ", "%Y-%m-%d %H:%M"]  # the last: a time already
CLOCK_CELLS = ["%H:%M", "%I:%M %p", "%H:%M:%S", " %H:%M ", "", "NULL", "null", "25:00", "noon"]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_split_time_columns_are_judged_over_columns_to_the_row_engine_s_bytes(data: Any) -> None:
    """A date column and a time column beside it (as many exports write them), the
    time blank, a word for no value, padded, odd or past a date that has one; a blank
    departure day with a time: still held. The block is judged over columns and its
    lines are the row engine's, byte for byte."""
    from holdcalc.cli import FLAG_WORDS
    from holdcalc.frame.api import FrameSettings
    from holdcalc.roster.column_blocks import judged_block
    from holdcalc.roster.columns import ColumnNames, find_columns
    from holdcalc.roster.rows import RowJudge

    rows = []
    for number in range(data.draw(st.integers(1, 12))):
        start = data.draw(moments())
        left = start + dt.timedelta(minutes=data.draw(st.integers(-600, 60 * 24 * 12)))
        day_cell, clock_cell = st.sampled_from(DAY_CELLS), st.sampled_from(CLOCK_CELLS)
        left_day = "" if data.draw(st.integers(0, 4)) == 0 else left.strftime(data.draw(day_cell))
        start_cells = [start.strftime(data.draw(day_cell)), start.strftime(data.draw(clock_cell))]
        left_cells = [left_day, left.strftime(data.draw(clock_cell))]
        rows.append([f"B{number}", *start_cells, *left_cells, data.draw(st.sampled_from(ZONES))])
    text = "".join(",".join(row) + "\n" for row in rows)
    names = ColumnNames(*SPLIT_NAMES, nulls=("NULL",))
    settings_ = FrameSettings(as_of=AS_OF, zone="America/Denver").judging(dt.datetime.now(dt.UTC))
    settings_ = dataclasses.replace(settings_, words=FLAG_WORDS)  # its messages as check's
    judge = RowJudge(find_columns(SPLIT, names), settings_)
    judged = judged_block(text.encode(), judge, ",", ",")
    assert judged is not None
    code, row, err = run_cli(
        "check", "-", "--as-of", AS_OF, "--tz", "America/Denver", "--format", "csv",
        *SPLIT_FLAGS, stdin=",".join(SPLIT) + "\n" + text, env={"HOLDCALC_ENGINE": "row"},
    )  # fmt: skip
    assert code in (0, 1, 3), err
    assert judged[0].decode() == row.split("\n", 1)[1]


def test_split_time_columns_are_read_over_columns_not_left_to_the_row_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not a vacuous agreement: each value joined from its two cells is read over
    columns; a blank departure day is still held, whatever its time cell says."""
    from holdcalc.cli import FLAG_WORDS
    from holdcalc.frame.api import FrameSettings
    from holdcalc.roster import column_blocks
    from holdcalc.roster.columns import ColumnNames, find_columns
    from holdcalc.roster.rows import RowJudge

    left: list[int] = []
    by_rows = column_blocks._by_rows

    def spy(table: Any, rows: tuple[Any, Any], *args: Any) -> Any:
        left.append(rows[0].size)  # the numbers of the rows left to the row engine
        return by_rows(table, rows, *args)

    monkeypatch.setattr(column_blocks, "_by_rows", spy)
    settings_ = FrameSettings(as_of=AS_OF, zone="America/Denver").judging(dt.datetime.now(dt.UTC))
    settings_ = dataclasses.replace(settings_, words=FLAG_WORDS)
    judge = RowJudge(find_columns(SPLIT, ColumnNames(*SPLIT_NAMES, nulls=("NULL",))), settings_)
    text = (
        "B1, 2024-11-27 ,04:30 PM,2024-12-03,09:00,America/Chicago\n"
        "B2,11/27/2024,NULL,,12:00,America/Chicago\n"
        "B3,2024-11-27,16:30:15, ,,\n"
    )
    judged = column_blocks.judged_block(text.encode(), judge, ",", ",")
    assert judged is not None and left == [0]
    assert [line.split(",")[6:8] for line in judged[0].decode().splitlines()] == [
        ["2024-12-02T16:30:00-06:00", "over-detained"],
        ["2024-12-03T00:00:00-06:00", "expired"],  # a date alone: the end of its window
        ["2024-12-02T16:30:15-07:00", "expired"],
    ]


def _blocks_over_columns(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the blocks judged over columns in this process, as they come."""
    from holdcalc.roster.column_blocks import judged_block

    seen: list[int] = []

    def spy(data: bytes, *args: Any) -> Any:
        seen.append(len(data))
        return judged_block(data, *args)

    monkeypatch.setattr("holdcalc.roster.parallel.judged_block", spy)
    return seen


PLAIN_BODY = [
    f"B{n},2024-11-{n % 28 + 1:02d} 16:{n % 60:02d},2024-12-{n % 20 + 3:02d} 09:30,America/Chicago"
    for n in range(300)
]


@pytest.mark.parametrize("stdin", [False, True])
def test_by_default_only_a_large_input_is_judged_over_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stdin: bool
) -> None:
    """Importing numpy and pyarrow costs more than judging over columns saves on a small
    roster: by default the columnar engine takes an input of SMALL_INPUT bytes or more
    (read ahead to tell, from a file or standard input), the row engine a smaller one;
    asked for by name, each takes any input. The bytes are the same either way."""
    from holdcalc.roster import column_blocks

    path = roster(tmp_path / "r.csv", PLAIN_BODY, ",")
    size = len(path.read_bytes())
    args = ["check", "-" if stdin else str(path), "--as-of", AS_OF, "--format", "csv"]
    given = path.read_bytes() if stdin else None
    expected = run_cli(*args, stdin=given, env={"HOLDCALC_ENGINE": "row"})
    assert expected[0] == 1 and expected[1].count("\n") == 301
    seen = _blocks_over_columns(monkeypatch)
    for small, engine, columns in [
        (size + 1, "", False),
        (size // 3, "", True),
        (size + 1, "columnar", True),
        (size // 3, "row", False),
    ]:
        monkeypatch.setattr(column_blocks, "SMALL_INPUT", small)
        seen.clear()
        env = {"HOLDCALC_ENGINE": engine, "HOLDCALC_WORKERS": "1"}
        assert run_cli(*args, stdin=given, env=env) == expected
        assert bool(seen) is columns, (small, engine)


@pytest.mark.parametrize("odd", [False, True])
def test_a_json_array_is_written_over_columns_as_the_row_engine_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd: bool
) -> None:
    """`--format json`, one array: blocks judged over columns become its items, and a
    block left to the row engine (a blank line: `odd`) continues the array in turn."""
    from holdcalc.roster import stream

    body = [*PLAIN_BODY[:150], *([""] if odd else []), *PLAIN_BODY[150:]]
    path = roster(tmp_path / "r.csv", body, ",")
    args = ["check", str(path), "--as-of", AS_OF, "--format", "json"]
    expected = run_cli(*args, env={"HOLDCALC_ENGINE": "row"})
    seen = _blocks_over_columns(monkeypatch)
    monkeypatch.setattr(stream, "BLOCK", 100)  # the header's first read: a line or two
    monkeypatch.setattr("holdcalc.roster.pipeline.COLUMNAR_BLOCK", 4_000)
    got = run_cli(*args, env={"HOLDCALC_ENGINE": "columnar", "HOLDCALC_WORKERS": "1"})
    assert got == expected
    assert len(json.loads(got[1])) == 300
    assert len(seen) == (3 if odd else 5)  # the blank line's block, and all after it: by row


def test_the_read_ahead_may_end_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes read ahead to choose the engine end where they end (inside a line, past
    the first read, at the end of the input): the rows are all judged, once each, in
    order, by either engine."""
    from holdcalc.roster import column_blocks, stream

    path = roster(tmp_path / "r.csv", PLAIN_BODY, ",")
    body = len(path.read_bytes()) - len(",".join(HEADER)) - 1  # after the header's line
    args = ["check", str(path), "--as-of", AS_OF, "--format", "csv"]
    expected = run_cli(*args, env={"HOLDCALC_ENGINE": "row"})
    seen = _blocks_over_columns(monkeypatch)
    monkeypatch.setattr(stream, "BLOCK", 100)  # the header's first read: a line or two
    for small in [*range(1, 400, 37), 5_000, body - 1, body, body + 1, 60_000]:
        monkeypatch.setattr(column_blocks, "SMALL_INPUT", small)
        seen.clear()
        assert run_cli(*args, env={"HOLDCALC_WORKERS": "1"}) == expected, small
        assert bool(seen) is (small <= body), small


def test_an_end_of_day_limit_a_clock_change_repeats_is_a_row_error_in_both_engines(
    tmp_path: Path,
) -> None:
    """New Jersey's limit ends at 11:59 p.m.; where the clocks fall back at midnight
    (Tehran in 2021, Santiago in 2024) that minute is lived twice. The row engine makes
    the row an error; the columnar engine left the chooser's refusal unanswered and the
    whole run failed. Each such row is now an error row, the same in both engines."""
    body = [
        "T1,2021-09-21 10:00,,Asia/Tehran",
        "T2,2021-09-21,2021-09-23 09:00,Asia/Tehran",  # a date alone, its day's window
        "T3,2021-09-22 10:00,,Asia/Tehran",  # the day after: an ordinary 11:59 p.m.
        "S1,04/06/2024 08:15 PM,2024-04-08 09:00,America/Santiago",
        "C1,2024-04-06 08:15,2024-04-08 09:00,America/Chicago",
    ]
    path = roster(tmp_path / "roster.csv", body, ",")
    row, columnar = both(path, "--jurisdiction", "NJ", "--format", "csv")
    assert columnar == row
    code, out, err = columnar
    assert code == 1 and "Traceback" not in err
    verdicts = {row[0]: row[4:] for row in csv.reader(io.StringIO(out))}
    for booking, day in (("T1", "2021-09-21"), ("T2", "2021-09-21"), ("S1", "2024-04-06")):
        expires, status, hours, error, binding = verdicts[booking]
        assert (expires, status, hours, binding) == ("", "error", "", "")
        assert error.startswith(f"the limit ends at 11:59 p.m. on {day}, which happens twice")
    assert verdicts["T3"][:2] == ["2021-09-22T10:00:00+03:30", "expired"]
    assert verdicts["C1"][:2] == ["2024-04-06T08:15:00-05:00", "over-detained"]


def test_values_to_the_second_are_judged_over_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """A database's export writes times to the second ("2024-11-27 16:30:59"): such
    rows are taken over columns (they had all fallen to the row engine, which read each
    distinct value with the full parser: 37 µs a row), and their limits are stamped to
    the second, as the row engine stamps them."""
    body = [
        "B1,2024-11-27 16:30:59,2024-12-03 09:00:01,America/Chicago",
        "B2,2024-11-27T16:30:59,,America/Chicago",
        "B3,11/27/2024 16:30:59,12/02/2024 16:31:00,America/Chicago",
        "B4,2024-11-01 23:59:30,2024-11-05 00:00:00,America/New_York",  # a limit on 11-05
    ]
    judged = _all_over_columns(monkeypatch, "\n".join([*body, ""]), zone="America/Denver")
    assert judged is not None
    stamps = [line.split(",")[4:6] for line in judged[0].decode().splitlines()]
    assert stamps == [
        ["2024-12-02T16:30:59-06:00", "over-detained"],
        ["2024-12-02T16:30:59-06:00", "expired"],
        ["2024-12-02T16:30:59-06:00", "over-detained"],
        ["2024-11-05T23:59:30-05:00", "within-hold"],
    ]


def _all_over_columns(
    monkeypatch: pytest.MonkeyPatch, text: str, **settings: str
) -> tuple[bytes, Any] | None:
    """A block (`text`) judged over columns, failing if any row is left to the row
    engine."""
    from holdcalc.frame.api import FrameSettings
    from holdcalc.roster import column_blocks
    from holdcalc.roster.columns import find_columns
    from holdcalc.roster.rows import RowJudge

    by_rows = column_blocks._by_rows

    def none_left(table: Any, rows: tuple[Any, Any], *args: Any) -> list[str]:
        assert rows[0].size == 0, rows  # the numbers of the rows left to the row engine
        return by_rows(table, rows, *args)

    monkeypatch.setattr(column_blocks, "_by_rows", none_left)
    judging = FrameSettings(as_of=AS_OF, **settings).judging(dt.datetime.now(dt.UTC))  # type: ignore[arg-type]
    judge = RowJudge(find_columns(HEADER), judging)
    return column_blocks.judged_block(text.encode(), judge, ",", ",")
