"""A `check` run over a per-charge roster: rows read whole, grouped into bookings,
then one row per booking judged and written (in this process)."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import itertools
from collections.abc import Iterator, Mapping, Sequence

from holdcalc.core.errors import InputError
from holdcalc.roster.bookings import (
    BookingSettings,
    Grouper,
    booking_columns,
    booking_names,
)
from holdcalc.roster.columns import find_columns
from holdcalc.roster.markers import Marker
from holdcalc.roster.pipeline import (
    Hooks,
    Outcome,
    Place,
    quote_problem,
    sink_for,
    soonest,
    start_name,
)
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import InputSettings, JudgeSettings, OutputSettings
from holdcalc.roster.source import AS_TEXT, HeaderSearch, Inside, open_roster
from holdcalc.roster.stacked import PEEK, Unstacked, find_shape, repeated, unstack
from holdcalc.roster.stream import (
    LineReader,
    OnOverrun,
    Replay,
    UnclosedQuote,
    as_text,
    spreadsheet_safe,
    watched,
    whole_rows,
)
from holdcalc.roster.summary import Summary
from holdcalc.roster.verdicts import output_names
from holdcalc.roster.workbook import SheetChoice


@dataclasses.dataclass(frozen=True)
class Grouping:
    """What a per-charge run counted, for the summary."""

    charge_rows: int
    bookings: int
    without_hold: int
    markers: tuple[tuple[str, int], ...]  # each hold marker and the rows it matched
    denied: int = 0  # rows that mention a hold only to deny it ("NO ICE HOLD"): not holds
    first_denied: str = ""  # the first such cell
    elsewhere: int = 0  # rows that mention a hold only outside a charge column: not holds
    first_elsewhere: str = ""  # the first such column and cell
    ended_by_hold_row: str = ""  # no departure column: each hold ends at this column of its row
    stacked: Unstacked | None = None  # a stacked report: its bookings, charge lines, skips
    # Bookings with a hold by month ("2016-09"): of their hold's start, of their booking.
    months: Mapping[str, Mapping[str, int]] = dataclasses.field(default_factory=dict)


def marker_counts(
    markers: Sequence[Marker], counts: Mapping[tuple[int, int], int], header: Sequence[str]
) -> tuple[tuple[str, int], ...]:
    """Rows matched by each marker in each column; a default marker that matched no row
    once, as read in any charge column."""
    found: list[tuple[str, int]] = []
    for n, marker in enumerate(markers):
        columns = sorted(column for (k, column) in counts if k == n)
        if marker.column is not None:
            found.append((str(marker), sum(counts[n, column] for column in columns)))
        elif not columns:
            found.append((f"a charge column contains {marker.text!r}", 0))
        for column in columns if marker.column is None else ():
            found.append((f"{header[column]} contains {marker.text!r}", counts[n, column]))
    return tuple(found)


@dataclasses.dataclass
class _Table:
    header: list[str]
    rows: LineReader
    first_line: int
    header_line: int
    skipped: int
    delimiter: str
    sheet: SheetChoice | None = None  # which sheet of a workbook
    inside: Inside = AS_TEXT  # where in the file its rows were found, if not as its text


@contextlib.contextmanager
def _table(source: InputSettings) -> Iterator[_Table]:
    from holdcalc.roster.workbook import is_workbook, open_sheet  # noqa: PLC0415

    if is_workbook(source.path):
        search = HeaderSearch(source.path, None, source.header_row, start_name(source))
        sheet = open_sheet(source, search)
        rows = sheet.rows
        line, skipped = sheet.header_line, sheet.skipped
        yield _Table(sheet.header, rows, rows.first_line, line, skipped, "\t", sheet.choice)
        return
    with open_roster(source) as opened:
        text = as_text(Replay(opened.body, opened.rest), opened.encoding)
        reader = csv.reader(text, delimiter=opened.delimiter, strict=True)
        yield _Table(
            opened.header,
            reader,
            opened.first_line,
            opened.header_line,
            opened.skipped,
            opened.delimiter,
            inside=opened.inside,
        )


@contextlib.contextmanager
def _read(
    source: InputSettings, layout: str
) -> Iterator[tuple[_Table, Iterator[list[str]], Unstacked | None]]:
    """The table and its rows; a printed report's charge lines made flat. A file is read
    as usual first, and read again from its first line only when its header row comes
    back in its body, as a report's charge sub-header does (on standard input, only
    `layout` "stacked" looks, reading it once from its first line)."""
    if layout == "stacked":
        with _stacked(source) as found:
            if found is None:
                raise InputError(
                    f"{source.path!r} is not a stacked report: no row naming the start column "
                    "repeats under booking lines in its first rows; read it as a table",
                    value=source.path,
                )
            yield found
        return
    with _table(source) as table:
        rows = _quoted(whole_rows(table.rows, table.delimiter, len(table.header)), source, table)
        first = list(itertools.islice(rows, PEEK)) if layout == "auto" else []
        if source.path != "-" and repeated(table.header, first):
            with _stacked(source) as found:
                if found is not None:
                    yield found
                    return
        yield table, itertools.chain(first, rows), None


@contextlib.contextmanager
def _stacked(
    source: InputSettings,
) -> Iterator[tuple[_Table, Iterator[list[str]], Unstacked] | None]:
    """The file read from its first line as a printed report, or None if it is not one."""
    with _table(dataclasses.replace(source, header_row=1)) as raw:
        rows = _quoted(whole_rows(raw.rows, raw.delimiter, len(raw.header)), source, raw)
        body = ((raw.first_line + raw.rows.line_num - 1, row) for row in rows)
        first = list(itertools.islice(body, PEEK))
        peek = [raw.header, *(row for _, row in first)]
        shape = find_shape(peek, start_name(source))
        if shape is None:
            yield None
            return
        counts = Unstacked()
        table = dataclasses.replace(
            raw,
            header=shape.names(peek),
            header_line=raw.header_line + shape.booking_header,
            skipped=sum(1 for row in peek[: shape.booking_header] if any(row)),
        )
        rest = itertools.chain(first[shape.booking_header :], body)
        yield table, unstack(rest, peek, shape, counts), counts


def _quoted(rows: Iterator[list[str]], source: InputSettings, table: _Table) -> Iterator[list[str]]:
    """The rows; a row whose quoting cannot be read for certain is the error that names
    the line where it began."""
    try:
        yield from rows
    except UnclosedQuote as exc:
        raise quote_problem(Place(source.path, table.first_line, table.rows), exc) from None


def run_bookings(
    source: InputSettings,
    grouping: BookingSettings,
    judging: JudgeSettings,
    output: OutputSettings,
    hooks: Hooks,
) -> Outcome:
    """Group a per-charge roster into bookings and judge each booking once."""
    with _read(source, grouping.layout) as (table, rows, stacked):
        columns = find_columns(table.header, source.columns, departure_optional=True)
        grouper = Grouper(table.header, columns, grouping, judging)
        for row in rows:
            grouper.add(row)
    out_header = [*table.header, *booking_names(columns)]
    out_columns = booking_columns(table.header, columns)
    judge = RowJudge(out_columns, judging)
    on_overrun = hooks.on_header(out_header, out_columns, judge) if hooks.on_header else None
    names = output_names(out_header, judging.limits is not None)
    summary = Summary()
    with sink_for(output, source, names, hooks.table) as sink:
        rows = _judged_bookings(grouper, judge, summary, output, on_overrun)
        sink.rows(soonest(rows, output, out_header[: len(out_header)]))
    counts = marker_counts(grouping.markers, grouper.marker_counts, table.header)
    summary.day_first += grouper.day_first_rows
    charge_rows = sum(b.charges for b in grouper.open.values())
    found = Grouping(
        charge_rows,
        len(grouper.open),
        grouper.no_hold,
        counts,
        grouper.denied_rows,
        grouper.first_denied,
        grouper.elsewhere_rows,
        grouper.first_elsewhere,
        table.header[columns.start] if columns.released is None else "",
        stacked,
        {kind: dict(sorted(counts.items())) for kind, counts in grouper.months.items()},
    )
    return Outcome(
        summary, out_columns, 1, table.header_line, table.skipped, found, table.sheet,
        inside=table.inside,
    )  # fmt: skip


def _judged_bookings(
    grouper: Grouper,
    judge: RowJudge,
    summary: Summary,
    output: OutputSettings,
    on_overrun: OnOverrun | None,
) -> Iterator[list[str]]:
    """Each booking's row with its verdict appended, as `judge_rows` does for rows."""
    with_binding = judge.settings.limits is not None
    keep, watching = output.keep(), output.due_within is not None
    for row, fixed in grouper.rows():
        verdict = fixed if fixed is not None else judge.verdict(row)
        cells = verdict.cells(with_binding)
        summary.add(verdict)
        if on_overrun is not None and verdict.status in on_overrun.statuses:
            on_overrun(summary.rows, row, verdict)
        if keep is not None and not keep(verdict):
            continue
        if watching:
            verdict, key = watched(judge, row, verdict)
            cells = verdict.cells(with_binding)
        row.extend(cells)
        out = spreadsheet_safe(row) if output.spreadsheet_safe else row
        if watching:
            out.append(key)  # type: ignore[arg-type]  # soonest() drops it
        yield out
    judge.hand_over(summary)
