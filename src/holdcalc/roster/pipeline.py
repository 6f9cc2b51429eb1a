"""A whole `check` run: read the header, judge every row, write it back in order."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING

from holdcalc.core.errors import ColumnError, InputError
from holdcalc.roster import stream
from holdcalc.roster.columns import Columns, find_columns
from holdcalc.roster.files import atomic_output, open_binary, sniff_delimiter
from holdcalc.roster.parallel import Blocks, Job, judge_in_parallel, worker_count
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import Format, InputSettings, JudgeSettings, OutputSettings
from holdcalc.roster.sinks import CsvSink, JsonSink, RowSink, make_sink
from holdcalc.roster.stream import OnOverrun, Replay, as_text, judged, read_problem, row_end
from holdcalc.roster.summary import Summary
from holdcalc.roster.verdicts import verdict_columns

if TYPE_CHECKING:
    import _csv

Progress = Callable[[int], None]
OnHeader = Callable[[list[str], Columns, RowJudge], OnOverrun | None]


@dataclasses.dataclass(frozen=True)
class Outcome:
    summary: Summary
    columns: Columns
    workers: int


@dataclasses.dataclass(frozen=True)
class Hooks:
    """What the caller wants to hear during a run: progress, and the header once found
    (which may return a function to call for each overrun row; rows are then judged in
    this process). `table` takes the rows when the format is a terminal table."""

    progress: Progress | None = None
    on_header: OnHeader | None = None
    table: RowSink | None = None


def run_check(
    source: InputSettings,
    judging: JudgeSettings,
    output: OutputSettings,
    hooks: Hooks = Hooks(),
    workers: int | None = None,
) -> Outcome:
    """Check every row of a table and write it with the verdict appended."""
    try:
        "\n".encode(source.encoding)
    except LookupError:
        raise InputError(
            f"unknown encoding {source.encoding!r}; try utf-8, cp1252 or latin-1"
        ) from None
    with open_binary(source.path) as raw:
        header, body, delimiter = _read_header(raw, source)
        columns = find_columns(header, source.columns)
        encoding = "utf-8" if source.encoding == "utf-8-sig" else source.encoding
        names = (*header, *verdict_columns(judging.limits is not None))
        job = Job(columns, judging, output, delimiter, encoding, names)
        judge = RowJudge(columns, judging)
        on_overrun = None
        if hooks.on_header is not None:
            on_overrun = hooks.on_header(header, columns, judge)
        summary = Summary()
        with atomic_output(output.path, refuse=source.path) as out:
            sink = _sink(output.fmt, out, names, hooks.table)
            count = 1 if on_overrun is not None else worker_count(workers, job, len(body))
            rest: bytes | None = body
            if count > 1 and isinstance(sink, CsvSink | JsonSink):
                blocks = Blocks(raw, source.path, body)
                rest, count = judge_in_parallel(blocks, job, sink, summary, count, hooks.progress)
            if rest is not None:
                text = as_text(Replay(rest, raw), encoding)
                reader = csv.reader(text, delimiter=delimiter)
                rows = judged(reader, judge, summary, output, hooks.progress, on_overrun)
                _write(source.path, rows, sink, reader)
            sink.close()
    return Outcome(summary, columns, count)


def _sink(fmt: Format, out: IO[str], names: tuple[str, ...], table: RowSink | None) -> RowSink:
    if fmt is Format.TABLE and table is not None:
        table.header(names)
        return table
    return make_sink(fmt, out, names)


def _read_header(raw: IO[bytes], source: InputSettings) -> tuple[list[str], bytes, str]:
    """The header's cells, the bytes read after it, and the delimiter."""
    try:
        head = raw.read(stream.BLOCK)
        while True:
            end = row_end(head)
            more = raw.read(stream.BLOCK) if end < 0 else b""
            if not more:
                break
            head += more
        if end < 0:
            end = len(head)
        header_text = head[:end].decode(source.encoding)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise read_problem(source.path, exc) from None
    if not header_text.strip():
        raise ColumnError(f"{source.path!r} is empty: a header row is needed")
    delimiter = source.delimiter or sniff_delimiter(header_text.splitlines()[0])
    header = next(csv.reader(io.StringIO(header_text, newline=""), delimiter=delimiter))
    return header, head[end:], delimiter


def _write(path: str, rows: Iterator[list[str]], sink: RowSink, reader: _csv.Reader) -> None:
    try:
        sink.rows(rows)
    except csv.Error as exc:
        raise InputError(f"{path!r}, line {reader.line_num} of the rows: {exc}") from None
    except (EOFError, UnicodeDecodeError, OSError) as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise read_problem(path, exc) from None
