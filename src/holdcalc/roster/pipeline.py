"""A whole `check` run: read the header, judge every row, write it back in order."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING

from holdcalc.core.errors import ColumnError, InputError, OutputError, Setting
from holdcalc.core.files import atomic_output, atomic_path
from holdcalc.roster.column_blocks import columns_pay, engine, lane_applies, size_to_choose
from holdcalc.roster.columns import Columns, Role, find_columns
from holdcalc.roster.parallel import (
    COLUMNAR_BLOCK,
    Blocks,
    Job,
    block_plan,
    judge_here,
    judge_in_parallel,
    judge_sheet_in_parallel,
    takes_columns,
    worker_count,
)
from holdcalc.roster.peek import SharedBookings, layout_hint, shared_bookings
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import Format, InputSettings, JudgeSettings, OutputSettings
from holdcalc.roster.sinks import CsvSink, JsonSink, RowSink, make_sink
from holdcalc.roster.source import AS_TEXT, HeaderSearch, Inside, Opened, open_roster
from holdcalc.roster.stream import (
    BLOCK,
    ROW_LIMIT,
    LineReader,
    NotText,
    OnOverrun,
    Replay,
    RowTooLong,
    UnclosedQuote,
    as_text,
    judge_rows,
    not_text,
    read_problem,
)
from holdcalc.roster.summary import Summary
from holdcalc.roster.verdicts import output_names

if TYPE_CHECKING:
    from holdcalc.roster.grouped import Grouping
    from holdcalc.roster.workbook import Sheet, SheetChoice

Progress = Callable[[int], None]
OnHeader = Callable[[list[str], Columns, RowJudge], OnOverrun | None]


@dataclasses.dataclass(frozen=True)
class Outcome:
    summary: Summary
    columns: Columns
    workers: int
    header_line: int = 1  # where the header was found
    skipped: int = 0  # lines above it (titles, notes), not read as rows
    grouping: Grouping | None = None  # what a per-charge run counted
    sheet: SheetChoice | None = None  # which sheet of a workbook was read
    shared: SharedBookings | None = None  # bookings of several rows: a per-charge export?
    inside: Inside = AS_TEXT  # where in the file its rows were found, if not as its text


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
    from holdcalc.roster.workbook import is_workbook  # noqa: PLC0415

    chosen = engine()  # an unknown HOLDCALC_ENGINE is refused before anything is written

    if source.bookings is not None:
        from holdcalc.roster.grouped import run_bookings  # noqa: PLC0415

        return run_bookings(source, source.bookings, judging, output, hooks)
    if is_workbook(source.path):
        return _run_workbook(source, judging, output, hooks, workers)
    with open_roster(source) as opened:
        header = opened.header
        start = _started(header, lambda: _first_rows(opened), source, judging, hooks)
        # A watcher that each worker can keep for its blocks, merged in order; over
        # columns where it counts over arrays too (see column_blocks.told_of).
        plan = block_plan(start.on_overrun)
        one = (start.on_overrun is not None and plan is None) or output.due_within is not None
        over_arrays = takes_columns(start.on_overrun)
        applies = not one and over_arrays and lane_applies(start.judge, output, chosen)
        body, lane = _lane(opened, applies, chosen)
        names, delimiter = start.names, opened.delimiter
        job = Job(start.columns, judging, output, delimiter, opened.encoding, names, lane, plan)
        summary = Summary()
        with sink_for(output, source, start.names, hooks.table) as sink:
            count = 1 if one else worker_count(workers, job, len(body))
            rest: bytes | None = body
            first_line = opened.first_line
            size = COLUMNAR_BLOCK if lane else BLOCK
            if count > 1 and isinstance(sink, CsvSink | JsonSink):
                blocks = Blocks(opened.rest, source.path, body, size=size)
                rest, count = judge_in_parallel(
                    blocks, job, sink, summary, count, hooks.progress, start.on_overrun
                )
                first_line += blocks.lines_done
            elif lane and isinstance(sink, CsvSink | JsonSink):
                blocks = Blocks(opened.rest, source.path, body, size=size)
                rest = judge_here(
                    blocks, job, start.judge, (sink, summary), hooks.progress, start.on_overrun
                )
                first_line += blocks.lines_done
            if rest is not None:
                lines = Replay(rest, opened.rest)
                if isinstance(sink, CsvSink):
                    sink.watch = lines
                text = as_text(lines, opened.encoding)
                reader = csv.reader(text, delimiter=opened.delimiter, strict=True)
                rows = start.verdict_rows(reader, summary, output, opened.delimiter, hooks.progress)
                _write(Place(source.path, first_line, reader), soonest(rows, output, header), sink)
    line, skipped = opened.header_line, opened.skipped
    return Outcome(
        summary, start.columns, count, line, skipped, shared=start.shared, inside=opened.inside
    )


def _lane(opened: Opened, applies: bool, chosen: str) -> tuple[bytes, bool]:
    """The body read so far, and whether its blocks are judged over columns: where the
    lane applies and the input is large enough to pay for it (read ahead to tell) by the
    engine `chosen`."""
    if not applies:
        return opened.body, False
    body, wanted = opened.body, size_to_choose(chosen) - len(opened.body)
    if wanted > 0:  # a stream giving fewer bytes at once makes a slower choice, no other
        body += opened.rest.read(wanted)
    return body, columns_pay(chosen, len(body))


def _run_workbook(
    source: InputSettings,
    judging: JudgeSettings,
    output: OutputSettings,
    hooks: Hooks,
    workers: int | None,
) -> Outcome:
    """The same run over a workbook's sheet, in this process."""
    from holdcalc.roster.workbook import open_sheet, shared  # noqa: PLC0415

    search = HeaderSearch(source.path, None, source.header_row, start_name(source))
    sheet = open_sheet(source, search)
    start = _started(sheet.header, sheet.first_rows, source, judging, hooks)
    summary = Summary()
    job = Job(start.columns, judging, output, "\t", "utf-8", start.names)
    one = start.on_overrun is not None or output.due_within is not None
    count = 1 if one else worker_count(workers, job, sheet.size)
    with sink_for(output, source, start.names, hooks.table) as sink:
        if count > 1 and isinstance(sink, CsvSink | JsonSink):
            with shared(sheet, source.path) as at:
                body = sheet.body_rows
                if judge_sheet_in_parallel(at, body, job, sink, summary, count, hooks.progress):
                    return _sheet_outcome(summary, start, count, sheet)
            count = 1
        rows = start.verdict_rows(sheet.rows, summary, output, "\t", hooks.progress)
        place = Place(source.path, sheet.rows.first_line, sheet.rows)
        _write(place, soonest(rows, output, sheet.header), sink)
    return _sheet_outcome(summary, start, count, sheet)


def _sheet_outcome(summary: Summary, start: _Start, workers: int, sheet: Sheet) -> Outcome:
    line, skipped = sheet.header_line, sheet.skipped
    columns, shared = start.columns, start.shared
    return Outcome(summary, columns, workers, line, skipped, sheet=sheet.choice, shared=shared)


@dataclasses.dataclass(frozen=True)
class _Start:
    """What a run knows once its header is read."""

    columns: Columns
    names: tuple[str, ...]
    judge: RowJudge
    on_overrun: OnOverrun | None
    shared: SharedBookings | None = None  # bookings of several rows among the first

    @classmethod
    def of(
        cls, header: list[str], source: InputSettings, judging: JudgeSettings, hooks: Hooks
    ) -> _Start:
        columns = find_columns(header, source.columns)
        names = output_names(header, judging.limits is not None)
        judge = RowJudge(columns, judging)
        on_overrun = None if hooks.on_header is None else hooks.on_header(header, columns, judge)
        return cls(columns, names, judge, on_overrun)

    def verdict_rows(
        self,
        rows: LineReader,
        summary: Summary,
        output: OutputSettings,
        delimiter: str,
        progress: Progress | None,
    ) -> Iterator[list[str]]:
        return judge_rows(rows, self.judge, summary, output, delimiter, progress, self.on_overrun)


def _started(
    header: list[str],
    rows: Callable[[], Iterable[Sequence[str]]],
    source: InputSettings,
    judging: JudgeSettings,
    hooks: Hooks,
) -> _Start:
    """_Start.of, with the bookings of several rows among the first `rows` below the
    header; where no start column is found and those rows look like a printed report's
    or one row per charge, the error says how such a file is read."""
    try:
        start = _Start.of(header, source, judging, hooks)
    except ColumnError as exc:
        if exc.fields.get("role") is not Role.START or source.bookings is not None:
            raise
        hint = layout_hint(header, rows)
        if not hint:
            raise
        raise ColumnError(*exc.parts, *hint, **exc.fields) from None
    return dataclasses.replace(start, shared=shared_bookings(start.columns, rows()))


def _first_rows(opened: Opened) -> Iterator[list[str]]:
    """The rows read after the header so far (a roster's first block, at least)."""
    text = opened.body.decode(opened.encoding, errors="replace")
    return csv.reader(io.StringIO(text, newline=""), delimiter=opened.delimiter)


@contextlib.contextmanager
def sink_for(
    output: OutputSettings, source: InputSettings, names: tuple[str, ...], table: RowSink | None
) -> Iterator[RowSink]:
    """The writer of the output, closed (and the file put in place) when all went well."""
    if output.fmt is Format.XLSX:
        from holdcalc.roster.xlsx_sink import XlsxSink, check_fits  # noqa: PLC0415

        if output.path is None or output.path == "-":
            raise OutputError(
                "a workbook cannot go to standard output; give ", Setting.OUTPUT, " FILE.xlsx"
            )
        check_fits(names, source.path)
        with atomic_path(output.path, inputs=(source.path,)) as path:
            sink = XlsxSink(path)
            sink.header(names)
            yield sink
            sink.close()
        return
    with atomic_output(output.path, inputs=(source.path,)) as out:
        text_sink = _sink(output.fmt, out, names, table)
        yield text_sink
        text_sink.close()


def _sink(fmt: Format, out: IO[str], names: tuple[str, ...], table: RowSink | None) -> RowSink:
    if fmt is Format.TABLE and table is not None:
        table.header(names)
        return table
    return make_sink(fmt, out, names)


@dataclasses.dataclass(frozen=True)
class Place:
    """Where the rows being read are: to name the line of the file in an error."""

    path: str
    first_line: int
    reader: LineReader

    def line(self, relative: int) -> int:
        return self.first_line + relative - 1


def _write(place: Place, rows: Iterator[list[str]], sink: RowSink) -> None:
    path = place.path
    try:
        sink.rows(rows)
    except csv.Error as exc:
        line = place.line(place.reader.line_num)
        raise InputError(f"{path!r}, line {line}: {exc}", value=path, line=line) from None
    except UnclosedQuote as exc:
        raise quote_problem(place, exc) from None
    except RowTooLong as exc:
        line = place.line(exc.line)
        raise InputError(
            f"{path!r}, line {line}: a line longer than {ROW_LIMIT >> 20} MiB; this is not "
            "a table holdcalc can read (no line ends?)",
            value=path,
            line=line,
        ) from None
    except NotText as exc:
        raise not_text(path, place.line(exc.line), exc.reason) from None
    except (EOFError, UnicodeDecodeError, OSError) as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise read_problem(path, exc) from None


def soonest(
    rows: Iterator[list[str]], output: OutputSettings, header: Sequence[str]
) -> Iterator[list[str]]:
    """With a due-within window, the holds kept, soonest expiry first (a watch list is
    short: it is held whole to be sorted); otherwise the rows as they come."""
    if output.due_within is None:
        return rows
    # Each kept row ends with its watch key (stream.watch_key), dropped here.
    ordered = sorted(rows, key=lambda row: row[-1])
    return (row[:-1] for row in ordered)


def start_name(source: InputSettings) -> str | None:
    return source.columns.start if source.columns is not None else None


def quote_problem(place: Place, exc: UnclosedQuote) -> InputError:
    """Why a row cannot be read for certain, naming the line where the row began."""
    line, last, path = place.line(exc.line), place.line(exc.last), place.path
    quotes = (
        '; check its quote marks (a stray " at the start of a cell swallows the lines after it)'
    )
    if "new-line character" in exc.reason:
        why = (
            "a carriage return (CR) inside an unquoted cell splits the row; quote the "
            "cell or remove the CR"
        )
    elif "field larger than field limit" in exc.reason:
        why = f"a field longer than {ROW_LIMIT >> 20} MiB runs from here to line {last}{quotes}"
    elif "expected after" in exc.reason:
        why = (
            f"a quoted field closes on line {last} with text after its closing quote mark, so "
            f'the cell cannot be read for certain (e.g. "Smith" Jr); quote the whole cell or '
            "remove the stray mark"
        )
    elif exc.reason:
        why = f"a quoted field opens here and never closes ({exc.reason}){quotes}"
    else:
        why = (
            f"a quoted field opens here and runs on to line {last}, over lines that look "
            f"like rows{quotes}"
        )
    return InputError(f"{path!r}, line {line}: {why}", value=path, line=line)
