"""JSON records are read as rows: an API's array of objects, an object holding one, and
JSON Lines (holdcalc's own `--format jsonl` among them). Each gives the same verdicts,
cell for cell, as the same rows written as CSV; what is not records is refused by
name, and what is not JSON at all is read as delimited text."""

from __future__ import annotations

import csv
import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from holdcalc.cli import EXIT_INVALID, EXIT_USAGE
from holdcalc.core.errors import InputError
from holdcalc.roster.json_records import json_records
from tests.conftest import run_cli

FLAGS = ("--as-of", "2026-01-01T00:00Z", "--format", "csv", "--tz", "America/Chicago")
_AS_CSV = (
    "booking_id,name,eligible_at,released_at,tz,charges\n"
    'B1,"Garcia, Maria",2024-11-27 16:30,2024-12-03 09:00,America/Chicago,2\n'
    'B2,"Lee ""Jo""\nSr.",11/27/2024 4:30 PM,,America/New_York,\n'
    "B3,Kim,2024-11-29,,,1.50\n"
)
_RECORDS = [
    {
        "booking_id": "B1",
        "name": "Garcia, Maria",
        "eligible_at": "2024-11-27 16:30",
        "released_at": "2024-12-03 09:00",
        "tz": "America/Chicago",
        "charges": 2,
    },
    {
        "booking_id": "B2",
        "name": 'Lee "Jo"\nSr.',
        "eligible_at": "11/27/2024 4:30 PM",
        "released_at": None,
        "tz": "America/New_York",
    },
    {"booking_id": "B3", "name": "Kim", "eligible_at": "2024-11-29", "tz": None},
]
# The last record's charges written as 1.50: a number keeps the text it was written with.
_LAST = json.dumps(_RECORDS[2])[:-1] + ', "charges": 1.50}'


def _array() -> str:
    return "[" + ",\n".join([*(json.dumps(r, indent=2) for r in _RECORDS[:2]), _LAST]) + "]"


def _lines() -> str:
    return "\n".join([json.dumps(_RECORDS[0]), json.dumps(_RECORDS[1]), "", _LAST]) + "\n"


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("roster.json", _array, ""),
        (
            "roster.txt",
            lambda: '{"meta": {"n": 3}, "data": ' + _array() + "}",
            " (the array under 'data')",
        ),
        ("roster.jsonl", _lines, " (one object a line)"),
        ("roster.csv", _lines, " (one object a line)"),  # told by its text, not its name
    ],
)
def test_records_give_the_verdicts_the_same_rows_as_csv_give(
    tmp_path: Path, name: str, text: object, where: str
) -> None:
    assert callable(text)
    records, plain = tmp_path / name, tmp_path / "plain.csv"
    records.write_text(text(), encoding="utf-8")
    plain.write_text(_AS_CSV, encoding="utf-8")
    code, out, err = run_cli("check", str(records), *FLAGS)
    assert (code, out) == run_cli("check", str(plain), *FLAGS)[:2]
    assert out.splitlines()[1].startswith('B1,"Garcia, Maria",2024-11-27 16:30')
    assert err.startswith(
        f"holdcalc: {str(records)!r} holds JSON: read its 3 record(s) as rows, their keys "
        f"as columns{where}\n"
    )


def test_a_zip_of_one_json_file_is_read_and_both_are_said(tmp_path: Path) -> None:
    import zipfile

    archive, plain = tmp_path / "records.zip", tmp_path / "plain.csv"
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("bookings.json", _array())
    plain.write_text(_AS_CSV, encoding="utf-8")
    code, out, err = run_cli("check", str(archive), *FLAGS)
    assert (code, out) == run_cli("check", str(plain), *FLAGS)[:2]
    assert err.startswith(
        f"holdcalc: read 'bookings.json', the one file in the zip archive {str(archive)!r}\n"
        f"holdcalc: {str(archive)!r} holds JSON: read its 3 record(s) as rows"
    )


def test_broken_json_in_a_zip_is_named_by_its_file_and_the_archive(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "records.zip"
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("bookings.json", _array()[:-3])  # cut short
    code, out, err = run_cli("check", str(archive), *FLAGS)
    assert (code, out) == (3, "")
    assert err.startswith(f"holdcalc: error: 'bookings.json' in {str(archive)!r} is not JSON")
    assert len(err.splitlines()) == 1


def test_json_lines_on_standard_input_are_read() -> None:
    code, out, err = run_cli("check", "-", *FLAGS, stdin=_lines())
    assert code == 1, err
    assert out.splitlines()[0] == (
        "booking_id,name,eligible_at,released_at,tz,charges,"
        "hold_expires_at,hold_status,over_detained_hours,hold_error"
    )
    assert "holdcalc: '-' holds JSON" in err


def test_check_s_own_json_lines_output_is_read_back_to_the_same_verdicts() -> None:
    """`--format jsonl` output checked again: its verdict columns kept as the input's
    (renamed input_...), and the new verdicts the same as the first."""
    jsonl = (*FLAGS[:2], "--tz", "America/Chicago", "--format", "jsonl")
    _, first, _ = run_cli("check", "-", *jsonl, stdin=_AS_CSV)
    code, again, err = run_cli("check", "-", *FLAGS, stdin=first)
    assert code == 1, err
    table = list(csv.reader(io.StringIO(again, newline="")))
    assert table[0][-8:] == [
        "input_hold_expires_at",
        "input_hold_status",
        "input_over_detained_hours",
        "input_hold_error",
        "hold_expires_at",
        "hold_status",
        "over_detained_hours",
        "hold_error",
    ]
    assert len(table) == 4
    for row in table[1:]:
        assert row[-8:-4] == row[-4:]
    assert [row[-3] for row in table[1:]] == ["over-detained", "expired", "expired"]


def test_a_value_of_each_json_kind_is_a_cell_as_written() -> None:
    text = (
        '[{"a": null, "b": true, "c": false, "d": 1e3, "e": -0.10, '
        '"f": {"x": [1, 2.50, "é", null]}, "g": "t\\u00e9xt"}, {"h": "late key"}]'
    )
    found = json_records(text, "-")
    assert found is not None and (found.rows, found.where) == (2, "")
    assert found.csv.decode() == (
        'a,b,c,d,e,f,g,h\r\n,true,false,1e3,-0.10,"{""x"":[1,2.50,""é"",null]}",téxt,\r\n'
        ",,,,,,,late key\r\n"
    )


@pytest.mark.parametrize(
    ("name", "text", "what"),
    [
        ("r.json", "[]", "holds no records (an empty JSON array)"),
        ("r.json", "[1, 2]", "has a JSON number as record 1, not an object"),
        ("r.json", '[{"a": 1}, "b"]', "has a JSON string as record 2, not an object"),
        ("r.json", '"text"', "holds one JSON string, not records"),
        (
            "r.json",
            '{"a": 1,',
            "is not JSON (line 1: expecting property name enclosed in double quotes)",
        ),
        ("r.json", '[{"a": 1},\n{"a": 2]', "is not JSON (line 2: expecting ',' delimiter)"),
        (
            "r.jsonl",
            '{"a": 1}\n{"a": 2\n',
            "line 2 is not one JSON object (expecting ',' delimiter)",
        ),
        ("r.jsonl", '{"a": 1}\n\n[2]\n', "has a JSON array on line 3, not an object"),
        ("r.txt", '{"a": 1}\n"b"\n', "has a JSON string on line 2, not an object"),
    ],
)
def test_json_that_is_not_records_is_refused_naming_what_it_holds(
    tmp_path: Path, name: str, text: str, what: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", str(path), *FLAGS)
    assert (code, out) == (EXIT_INVALID, "")
    assert err == (
        f"holdcalc: error: {str(path)!r} {what}: holdcalc reads an array of objects, an "
        "object holding one, or one object a line\n"
    )


@pytest.mark.parametrize(
    "header",
    ["[Booking],[Eligible At],[Released At],tz", "{Booking},{Eligible At},{Released At},tz"],
)
def test_a_csv_file_whose_header_opens_with_a_bracket_is_read_as_csv(header: str) -> None:
    """Only text that reads as JSON is JSON: a header of bracketed names is a header."""
    roster = f"{header}\nB1,2024-11-27 16:30,2024-12-03 09:00,America/Chicago\n"
    start = header.split(",")[1]
    code, out, err = run_cli("check", "-", *FLAGS, "--start-col", start, stdin=roster)
    assert code == 1, err
    assert "JSON" not in err
    assert out.splitlines()[1].endswith("2024-12-02T16:30:00-06:00,over-detained,16.50,")


def test_a_carriage_return_or_line_break_in_a_value_stays_in_its_cell() -> None:
    """A CR in a JSON string is a character of its cell, not a row end: the rows are
    written quoting it (as the csv module quotes a cell holding a character of its line
    end), so the row is neither split nor refused."""
    record = {"eligible_at": "2024-11-27 16:30", "released_at": "", "note": "a\rb\nc\r\n"}
    text = "\n".join(json.dumps(record | {"id": n}) for n in range(3))
    code, out, err = run_cli("check", "-", *FLAGS, stdin=text)
    assert code == 1, err
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert [row[2] for row in rows[1:]] == ["a\rb\nc\r\n"] * 3
    assert [row[3] for row in rows[1:]] == ["0", "1", "2"]


def test_a_header_row_is_refused_for_records_whose_keys_are_the_header() -> None:
    """--header-row N would take record N-1 for the header: refused, not followed."""
    code, out, err = run_cli("check", "-", *FLAGS, "--header-row", "3", stdin=_lines())
    assert (code, out) == (EXIT_INVALID, "")
    assert err == (
        "holdcalc: error: '-' holds JSON records, whose keys are its columns: leave out "
        "--header-row N\n"
    )
    assert run_cli("check", "-", *FLAGS, "--header-row", "1", stdin=_lines())[0] == 1


def test_an_empty_file_named_as_json_is_told_empty(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text("\n", encoding="utf-8")
    code, out, err = run_cli("check", str(path), *FLAGS)
    assert (code, out) == (EXIT_USAGE, "")  # as any empty file is
    assert "is empty" in err and err.count("\n") == 1


_TEXT = st.text(st.characters(codec="utf-8"), max_size=8)
_VALUES = st.one_of(st.none(), st.booleans(), _TEXT, st.integers(-(10**20), 10**20))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.dictionaries(st.sampled_from("abcd"), _VALUES, max_size=4), min_size=1, max_size=6)
)
def test_records_and_json_lines_give_the_same_rows(records: list[dict[str, object]]) -> None:
    """Any records, as an array or a line each: the same table, every record a row,
    each value under its key (a missing key and a null: a blank cell)."""
    as_array = json_records(json.dumps(records), "-")
    as_lines = json_records("\n".join(json.dumps(record) for record in records), "-")
    assert as_array is not None and as_lines is not None
    assert as_array.csv == as_lines.csv
    table = list(csv.reader(io.StringIO(as_array.csv.decode("utf-8"), newline="")))
    header, rows = table[0], table[1:]
    assert len(rows) == len(records) == as_array.rows
    for record, row in zip(records, rows, strict=True):
        for key, cell in zip(header, row, strict=True):
            value = record.get(key)
            expected = (
                "" if value is None else json.dumps(value) if not isinstance(value, str) else value
            )
            assert cell == expected


_SPACES = st.text(st.sampled_from(" \t\r\n"), max_size=3)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.dictionaries(st.sampled_from("abcd"), _VALUES, max_size=4), min_size=1, max_size=6),
    st.lists(_SPACES, min_size=4, max_size=4),
    st.sampled_from([None, 0, 2]),
)
def test_an_array_read_an_item_at_a_time_gives_the_rows_json_loads_gives(
    records: list[dict[str, object]], spaces: list[str], indent: int | None
) -> None:
    """An array laid out any way JSON allows (white space around its brackets, commas
    and items) gives the rows of the records json.loads reads from it, each value in
    its column, written as the csv module writes a table."""
    before, after, around, end = spaces
    items = f"{around},{around}".join(json.dumps(record, indent=indent) for record in records)
    text = f"{before}[{after}{items}{around}]{end}"
    found = json_records(text, "-")
    assert found is not None and (found.rows, found.where) == (len(records), "")
    assert found.csv == _as_csv(json.loads(text))
    assert found.stream().read() == found.csv


def _as_csv(records: list[dict[str, object]]) -> bytes:
    """The table a list of records is: keys in the order first met, a missing key and a
    null blank, true and false in JSON's spelling, a string as it is, a number as JSON."""
    keys = list(dict.fromkeys(key for record in records for key in record))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(keys)
    for record in records:
        values = [record.get(key) for key in keys]
        writer.writerow(
            "" if value is None else value if isinstance(value, str) else json.dumps(value)
            for value in values
        )
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize(
    "text",
    [
        '[{"a": 1},]',  # a comma before the end
        '[{"a": 1} {"a": 2}]',  # no comma between items
        '[{"a": 1},\n{"a": 2}] x',  # more after the array
        '[{"a": 1}]\n[{"a": 2}]',  # a second array
        '[{"a": 1},\n{"a": 2}',  # no end
        '[{"a": 1}, ,{"a": 2}]',
        '[{"a": 1}, {"a": tru}]',
    ],
)
def test_a_broken_array_is_refused_as_json_loads_finds_it(tmp_path: Path, text: str) -> None:
    """Where an array breaks off after some items, the error is the one json.loads
    gives for the whole text (its line and its words), not the first items' rows."""
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", str(path), *FLAGS)
    assert (code, out) == (EXIT_INVALID, "")
    reason = f"is not JSON (line {caught.value.lineno}: {caught.value.msg.lower()})"
    assert err == (
        f"holdcalc: error: {str(path)!r} {reason}: holdcalc reads an array of objects, an "
        "object holding one, or one object a line\n"
    )


def test_a_large_array_is_never_held_as_objects_all_at_once() -> None:
    """The records of an array are read an item at a time and written as rows as they
    are read: at its peak the reading holds a fifth of the text's size (measured: 0.2),
    where json.loads holds more than three times it. The rows are 20,000, a whole
    number of the pieces the text is written in."""
    record = {"booking_id": "B", "eligible_at": "2024-11-27 16:30", "released_at": None}
    text = json.dumps([record | {"n": number} for number in range(20_000)], indent=1)
    tracemalloc.start()
    try:
        found = json_records(text, "-")
        assert found is not None
        stream, read = found.stream(), 0
        while piece := stream.read(1 << 16):
            read += len(piece)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(text)
    assert found.rows == 20_000 and read == len(found.csv) == len(_as_csv(json.loads(text)))


@pytest.mark.parametrize("name", ["r.json", "r.jsonl"])
def test_records_nested_past_the_recursion_limit_are_refused_not_a_crash(
    tmp_path: Path, name: str
) -> None:
    nested = "[" * 5_000 + "]" * 5_000
    record = '{"eligible_at": "2024-11-27 16:30", "released_at": "", "a": ' + nested + "}"
    path = tmp_path / name
    path.write_text(f"[{record}]" if name == "r.json" else f"{json.dumps(_RECORDS[0])}\n{record}")
    code, out, err = run_cli("check", str(path), *FLAGS)
    assert (code, out) == (EXIT_INVALID, "")
    assert err == (
        f"holdcalc: error: {str(path)!r} nests arrays or objects within each other too deeply "
        "to be read; holdcalc reads records of a few levels at most\n"
    )


def test_a_record_read_again_deeper_in_the_stack_is_refused_if_it_cannot_be() -> None:
    """The rows are written when the run reads them, deeper in the stack than where the
    records were first read: a record nested just short of the limit there may pass the
    first reading and not the second. It is refused then too, never a crash."""
    nested = "[" * 40 + "1" + "]" * 40
    found = json_records(f'[{{"a": {nested}}}, {{"a": {nested}}}]', "r.json")
    assert found is not None
    limit, depth, frame = sys.getrecursionlimit(), 0, sys._getframe()
    while frame.f_back is not None:
        depth, frame = depth + 1, frame.f_back
    sys.setrecursionlimit(depth + 40)  # the frames counted, and a few of C calls
    try:
        with pytest.raises(InputError, match=r"'r\.json' nests arrays or objects"):
            found.stream().read()
    finally:
        sys.setrecursionlimit(limit)
    assert found.csv == f"a\r\n{nested}\r\n{nested}\r\n".encode()
