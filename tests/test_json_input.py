"""JSON records are read as rows: an API's array of objects, an object holding one, and
JSON Lines (holdcalc's own `--format jsonl` among them). Each gives the same verdicts,
cell for cell, as the same rows written as CSV; what is not records is refused by
name, and what is not JSON at all is read as delimited text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from holdcalc.cli import EXIT_INVALID, EXIT_USAGE
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
