"""The CSV sink: the line it joins itself is the line the csv module writes."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from holdcalc.roster.sinks import CsvSink

# Cells from the characters that matter to quoting, and some that do not.
cells = st.text(alphabet=st.sampled_from(list('ab ,\t"\r\n;|é€0:-')), max_size=6)
rows = st.lists(st.lists(cells, min_size=0, max_size=5), max_size=8)


def _by_module(table: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(table)
    return out.getvalue()


@dataclasses.dataclass
class _Seen:
    lone_cr: bool = True


def _by_sink(table: list[list[str]], delimiter: str, lone_cr: bool = False) -> str:
    out = io.StringIO()
    sink = CsvSink(out, delimiter)
    if lone_cr:
        sink.watch = _Seen()
    sink.rows(iter(table))
    return out.getvalue()


@settings(max_examples=1_000)
@given(table=rows, delimiter=st.sampled_from([",", "\t", ";", "|"]))
def test_rows_are_written_as_the_csv_module_writes_them(
    table: list[list[str]], delimiter: str
) -> None:
    assert _by_sink(table, delimiter) == _by_module(table, delimiter)


def test_a_lone_empty_cell_and_an_empty_row_are_written_as_the_module_writes_them() -> None:
    table = [[""], [], ["", ""], ["a"], ["a,b", 'say "hi"', "two\nlines"]]
    assert (
        _by_sink(table, ",")
        == _by_module(table, ",")
        == '""\n\n,\na\n"a,b","say ""hi""","two\nlines"\n'
    )


def test_a_cell_that_is_not_text_is_written_by_the_module() -> None:
    table: list[list[object]] = [["a", 1, None, 2.5]]
    out = io.StringIO()
    CsvSink(out, ",").rows(iter(table))  # type: ignore[arg-type]
    assert out.getvalue() == "a,1,,2.5\n"


@given(table=rows)
def test_once_a_lone_cr_is_seen_rows_holding_a_cr_are_fully_quoted(
    table: list[list[str]],
) -> None:
    written = _by_sink(table, ",", lone_cr=True)
    expected = io.StringIO()
    plain = csv.writer(expected, lineterminator="\n")
    quoted = csv.writer(expected, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in table:
        (quoted if any("\r" in cell for cell in row) else plain).writerow(row)
    assert written == expected.getvalue()


def _stream(encoding: str) -> tuple[io.BytesIO, io.TextIOWrapper]:
    raw = io.BytesIO()
    return raw, io.TextIOWrapper(raw, encoding=encoding, newline="")


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "latin-1", "utf-16", "utf-8-sig"])
def test_a_workers_bytes_are_written_as_its_text_would_be(encoding: str) -> None:
    """A block a worker sends as UTF-8 bytes lands where its text would have, after what
    the stream held, in the stream's own encoding (straight through only for UTF-8)."""
    from holdcalc.roster.sinks import write_through

    block = "B1,8 C.F.R. § 287.7(d)\nB2,日本\n" if "utf" in encoding.lower() else "B1,§ é\n"
    by_text, text_out = _stream(encoding)
    by_bytes, bytes_out = _stream(encoding)
    for out, second in ((text_out, block), (bytes_out, block.encode())):
        out.write("head,er\n")
        write_through(out, second)
        out.write("tail\n")
        out.flush()
    assert by_bytes.getvalue() == by_text.getvalue()
    assert by_text.getvalue() == ("head,er\n" + block + "tail\n").encode(encoding)


def test_a_workers_bytes_go_to_a_stream_without_bytes_as_text() -> None:
    from holdcalc.roster.sinks import write_through

    out = io.StringIO()
    write_through(out, "a,§\n".encode())
    assert out.getvalue() == "a,§\n"
