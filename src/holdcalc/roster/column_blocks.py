"""A block of a CSV or TSV roster judged over columns (the columnar engine of `check`).

`parallel.Blocks` cuts the input at row ends; each block is judged whole. Here a
block without carriage returns (but in CRLF line ends), NUL characters or blank lines,
whose rows all have the header's width and each take one line, is split by pyarrow's
CSV reader, its rows judged by `roster.columnar` (the row engine's own reading and
counting over arrays), and its lines written by joining the columns, each cell as the
csv module writes it (quoted, its quote marks doubled, where it holds the delimiter or
a quote mark), each line ending in LF. Quoted fields are split as the csv module splits
them (a quote mark inside an unquoted field is a character; `""` inside a quoted one is
a quote mark), once no quoted field closes with text after its closing mark (`"Smith"
Jr`: the row engine refuses it, naming its line; roster.column_quotes). Rows the
columnar path does not take are judged by the row engine and written by the CSV sink,
in their place. Any other block, and any
run with settings this lane does not cover, is judged row by row: the output is the
row engine's, byte for byte (tests/test_engines.py holds the two equal).
"""

from __future__ import annotations

import dataclasses
import importlib.abc
import importlib.util
import io
import os
import sys
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.roster import column_limits, column_plans, column_quotes, columnar
from holdcalc.roster.block_facts import BlockFacts
from holdcalc.roster.column_json import json_lines
from holdcalc.roster.column_quotes import as_written
from holdcalc.roster.column_reading import NONE, arrow, beside, numpy, pieces
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import Format, OutputSettings
from holdcalc.roster.sinks import CsvSink, JsonSink
from holdcalc.roster.summary import Summary, group_for

# Bytes a block must not hold to be read over columns: CR (but in a CRLF line end) and
# NUL (in UTF-8, no other character's bytes hold one of these).
ODD = (b"\r", b"\x00")


def columnar_missing() -> bool:
    """Whether numpy or pyarrow (the frame extra) is missing, so that `check` runs the
    row engine though nobody asked for it."""
    return any(importlib.util.find_spec(name) is None for name in ("numpy", "pyarrow"))


def engine() -> str:
    """The engine `HOLDCALC_ENGINE` asks for: "row"; "columnar"; or "auto" when it is
    unset, columnar for an input of SMALL_INPUT bytes or more (`columns_pay`). "row"
    whatever is asked where numpy and pyarrow, the frame extra, are not installed
    (found, not imported, so that a run that judges in worker processes does not import
    them here)."""
    asked = os.environ.get("HOLDCALC_ENGINE", "").strip().lower()
    if asked not in ("", "row", "columnar"):
        raise InputError(f"HOLDCALC_ENGINE: {asked!r} is not one of row, columnar")
    if asked == "row" or columnar_missing():
        return "row"
    return asked or "auto"


# Bytes of input from which judging over columns is quicker than row by row, which
# spares the process importing numpy and pyarrow (about 0.3 s). benchmarks/
# bench_engines.py (2 cores, medians of 7), row by row, then over columns: 5,000 rows
# (0.5 MB) 0.60 s and 0.82 s; 10,000 rows (1.0 MB) 0.72 s and 0.79 s; 20,000 rows
# (2.0 MB) 0.79 s and 0.73 s.
SMALL_INPUT = 1 << 20


def columns_pay(chosen: str, size: int) -> bool:
    """Whether an input of `size` bytes (at least) is judged over columns by the engine
    `chosen` (`engine()`), the lane applying: always when the columnar engine is asked
    for by name (to compare the engines on any input), by default only from SMALL_INPUT
    bytes on."""
    return chosen == "columnar" or size >= SMALL_INPUT


def size_to_choose(chosen: str) -> int:
    """Bytes of input to read before `columns_pay` can choose: SMALL_INPUT by default,
    none when an engine is asked for by name."""
    return SMALL_INPUT if chosen == "auto" else 0


def lane_applies(judge: RowJudge, output: OutputSettings, chosen: str) -> bool:
    """Whether a run's blocks may be judged over columns: the columnar engine, CSV, TSV
    or JSON out, every row written with the rule's verdict alone, and values read
    through the shape caches."""
    text_out = (Format.CSV, Format.TSV, Format.JSONL, Format.JSON)
    plain_output = output.fmt in text_out and output.keep() is None
    return (
        chosen != "row"
        and plain_output
        and not output.spreadsheet_safe
        and not judge.settings.formats
        and judge.flag_column is None
    )


def judged_block(
    data: bytes,
    judge: RowJudge,
    delimiter: str,
    out: str | tuple[str, ...],
    watcher: Any = None,
) -> tuple[bytes, Summary] | None:
    """The block's lines (`data`, in UTF-8: not decoded here, as pyarrow reads it so)
    as `check` writes them, in UTF-8, and its totals, or None when the block is not
    plain enough (the caller judges it row by row). `out`: the output's delimiter, or
    the names of each JSON line's keys (output_names). `watcher`: the block's watcher,
    told of its rows (told_of), if the run has one."""
    if b"\r" in data:  # CRLF line ends (Windows): rows end there as at a LF
        data = data.replace(b"\r\n", b"\n")
    if not data or any(odd in data for odd in ODD):
        return None
    _set_up()
    quoted = b'"' in data
    table = _split(data, judge.width, delimiter, quoted)
    if table is None or _blank_line(table, data):
        return None
    # The columns a quote mark may make the csv module quote: without one, a cell never
    # holds the delimiter it was split by, so only another delimiter can.
    marked = column_quotes.marked_columns(table, data) if quoted else [False] * judge.width
    if marked is None:
        return None
    if out != delimiter:
        marked = [True] * judge.width
    summary = Summary(reason_kinds=None)  # merged in order into the run's
    verdicts, facts, early = _columns_judged(table, judge, summary)
    taken = facts.taken
    rest = numpy().flatnonzero(~taken)
    others = _by_rows(table, (rest, early), judge, (summary, watcher), out)
    summary.rows += int(numpy().count_nonzero(taken))
    judge.hand_over(summary)
    if watcher is not None:
        told_of(watcher, facts, judge)
    return _text(_lines(table, verdicts, out, marked), rest.tolist(), others), summary


def own_process() -> None:
    """Mark this process as holdcalc's own (a command's, or one of its workers'), not a
    library user's: the columnar engine may then set pyarrow up for the whole process."""
    _PROCESS["owned"] = True


def _set_up() -> None:
    """In holdcalc's own process, once: pyarrow's allocations from the C library's heap,
    which hands a block's memory back between blocks (its default pool keeps it: 50 MB
    more at the peak, measured with bench_check.py); and pyarrow told that pandas is
    absent unless already imported. pyarrow imports pandas, when installed, on its first
    conversion of a Python value, only to tell whether the value is pandas' (0.16 s a
    process, `python -X importtime`); `check` never hands it one. A library user's
    process is left as it is."""
    if not _PROCESS["owned"] or _PROCESS["set"]:
        return
    _PROCESS["set"] = True
    pa = arrow()
    pa.set_memory_pool(pa.system_memory_pool())
    blocker = _WithoutPandas()
    sys.meta_path.insert(0, blocker)
    try:
        pa.scalar(0)  # pyarrow asks for pandas once, and remembers the answer
    finally:
        sys.meta_path.remove(blocker)


_PROCESS = {"owned": False, "set": False}


class _WithoutPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("pandas is not used by check", name=name)


def told_of(watcher: Any, facts: BlockFacts, judge: RowJudge) -> None:
    """Tell the block's watcher of the rows the columnar path took: counted over arrays,
    and those it may list (the longest overruns, the earliest stale rows) judged again
    row by row for their verdicts (the same verdicts: tests/test_engines.py), whose
    counts were handed over once already and are dropped."""
    watcher.count_columns(facts)
    places = watcher.wanted(facts)
    if not places:
        return
    cells = facts.cells.take(arrow().array(places, arrow().int64()))
    rows = zip(*(column.to_pylist() for column in cells.columns), strict=True)
    for place, cells_of in zip(places, rows, strict=True):
        row = list(cells_of)
        watcher.listed(place + 1, row, judge.verdict(row))
    judge.hand_over(Summary())


def _by_rows(
    table: Any,
    left: tuple[Any, Any],
    judge: RowJudge,
    counted: tuple[Summary, Any],
    out: str | tuple[str, ...],
) -> list[str]:
    """The lines of the rows the columnar path left (`left`: their numbers, and over
    the block's rows whether it found the departure before the start): judged by the
    row engine, counted (in the summary, and by the watcher if any: `counted`), and
    written by the CSV or JSON sink (`out`: as judged_block's)."""
    summary, watcher = counted
    rest, early = left
    if not rest.size:
        return []
    cells = (table.column(number).take(rest).to_pylist() for number in range(judge.width))
    text = io.StringIO()
    sink: CsvSink | JsonSink = (
        CsvSink(text, out) if isinstance(out, str) else JsonSink(text, lines=True)
    )
    if isinstance(sink, JsonSink):
        sink.name_columns(out)
    ends = []  # where each row's line ends in the text
    binding = judge.settings.limits is not None
    early_rows = early[rest].tolist()
    for row, at, before in zip(zip(*cells, strict=True), rest.tolist(), early_rows, strict=True):
        verdict = judge.left_before_start(row) if before else judge.verdict(row)
        summary.add(verdict, at + 1)  # its number among the block's rows
        if watcher is not None and verdict.status in watcher.statuses:
            watcher(at + 1, list(row), verdict)
        sink.rows([[*row, *verdict.cells(binding)]])
        ends.append(text.tell())
    written = text.getvalue()
    return [written[begin:end] for begin, end in zip([0, *ends], ends, strict=False)]


def _split(data: bytes, width: int, delimiter: str, quoted: bool) -> Any:
    """The block's cells as a table of text columns, or None if a row is not `width`
    cells wide (the row engine pads or notes it) or a byte is not UTF-8 (the row
    engine's decoding names the problem). `quoted`: the block holds a quote mark."""
    from pyarrow import ArrowInvalid  # noqa: PLC0415
    from pyarrow import csv as arrow_csv  # noqa: PLC0415

    names = [f"c{number}" for number in range(width)]
    pa = arrow()
    try:
        return arrow_csv.read_csv(
            io.BytesIO(data),
            read_options=arrow_csv.ReadOptions(column_names=names, use_threads=False),
            parse_options=arrow_csv.ParseOptions(
                delimiter=delimiter,
                quote_char='"' if quoted else False,
                newlines_in_values=quoted,
                ignore_empty_lines=False,
            ),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except ArrowInvalid:
        return None


def _blank_line(table: Any, data: bytes) -> bool:
    """Whether the block has a blank line, which the csv module reads as no row at all
    and pyarrow as a row of empty cells: looked for in the text only where a row's first
    cell is empty (a search of the whole text for two line ends takes as long as the
    split)."""
    pc = arrow().compute
    first = table.column(0)
    if not pc.any(pc.equal(pc.utf8_length(first), 0)).as_py():
        return False
    return data.startswith(b"\n") or b"\n\n" in data


@dataclasses.dataclass(frozen=True)
class _Verdicts:
    """The verdict cells of a block's rows taken (blank elsewhere): text columns, and
    each row's binding text by number in column_plans.TEXTS (None: no law asked for)."""

    stamps: Any
    statuses: Any
    hours: Any
    binding: Any | None

    def delimited(self, delimiter: str) -> list[Any]:
        """The cells as the csv module writes them, the last ending the line."""
        cells = [self.stamps, self.statuses, self.hours]
        if self.binding is None:
            return [*cells, "\n"]  # the empty error cell: the line ends
        texts = as_written(_binding_texts(), delimiter)  # each written once, then taken
        lines = arrow().compute.binary_join_element_wise(texts, "\n", "")
        return [*cells, "", lines.take(arrow().array(self.binding))]

    def texts(self) -> list[Any]:
        """The cells' text (the error cell, "")."""
        cells = [self.stamps, self.statuses, self.hours, ""]
        if self.binding is None:
            return cells
        return [*cells, _binding_texts().take(arrow().array(self.binding))]


def _binding_texts() -> Any:
    """The binding texts by number (column_plans.TEXTS), then "" for a row not taken."""
    return arrow().array([*column_plans.TEXTS.texts, ""], arrow().string())


def _columns_judged(
    table: Any, judge: RowJudge, summary: Summary
) -> tuple[_Verdicts, BlockFacts, Any]:
    """The verdict cells of the rows the columnar path takes (those with a stamp as the
    row engine writes it) and what it found of them, their totals added to `summary`;
    and over the block's rows, whether it found the departure before the start against
    the rule alone (columnar.Columns.early: each a row error, RowJudge.left_before_start)."""
    np, pa = numpy(), arrow()
    columns, size = judge.columns, table.num_rows
    nulls = columns.nulls
    start = pieces(_values(table, columns.start, columns.start_time, nulls), judge.shapes, nulls)
    left = None
    if columns.released is not None:
        texts = _values(table, columns.released, columns.released_time, nulls, departure=True)
        left = pieces(texts, judge.shapes, nulls)
    taken, stale, early = np.zeros(size, bool), np.zeros(size, bool), np.zeros(size, bool)
    status, hundredths = np.zeros(size, np.int64), np.zeros(size, np.int64)
    began, began_day = np.zeros(size, np.int64), np.zeros(size, np.int64)
    stamped: list[tuple[Any, Any]] = []  # each zone's rows taken, and their stamps
    bindings: list[tuple[Any, Any]] = []  # and their binding limits' texts
    place = columns.jurisdiction
    places = None if place is None else table.column(place).combine_chunks()
    law = column_limits.Law.of(judge.settings.limits, places)
    zone_cells = None if columns.tz is None else table.column(columns.tz)
    zones = columnar.zones_of(zone_cells, size)
    for zone, rows, part, labels in column_limits.by_zone(
        judge.zone_judge, zones, start, left, law
    ):
        keep = part.taken & part.stamped
        zone.departures_after += int(np.count_nonzero(keep & part.coming))
        if law is None:  # counted as the row engine counts a departure it reads
            early[rows] = part.early
            zone.departures_after += int(np.count_nonzero(part.early & part.coming))
        chosen = rows[keep]
        taken[chosen] = True
        stamped.append((chosen, part.stamps(keep)))
        if labels is not None:
            bindings.append((chosen, labels[keep]))
        status[chosen] = part.code[keep]
        stale[chosen], began[chosen] = part.stale[keep], part.began[keep]
        began_day[chosen] = part.began_day[keep]
        centi = np.rint(columnar.hours(part.over[keep]) * 100).astype(np.int64)
        hundredths[chosen] = centi
        _count(summary, part, keep, centi)
    words = pa.array([code.value for code in columnar.CODES], pa.string())
    stamps, statuses = _in_order(stamped, size), words.take(pa.array(status))
    binding = None if law is None else _binding_numbers(bindings, size)
    facts = BlockFacts(table, taken, status, stale, hundredths, began, began_day)
    return _Verdicts(stamps, statuses, _hours_text(hundredths), binding), facts, early


def _values(
    table: Any, date: int, time: int | None, nulls: frozenset[str], *, departure: bool = False
) -> Any:
    """A time column's values, with those of its time column beside it (if any)."""
    values = table.column(date).combine_chunks()
    if time is None:
        return values
    return beside(values, table.column(time).combine_chunks(), nulls, departure=departure)


def _in_order(parts: list[tuple[Any, Any]], size: int) -> Any:
    """One text array of `size` rows from each zone's (rows, texts); "" elsewhere."""
    np, pa = numpy(), arrow()
    texts = pa.concat_arrays([texts for _, texts in parts] + [pa.array([""], pa.string())])
    where = np.full(size, len(texts) - 1, np.int64)
    if parts:
        rows = np.concatenate([rows for rows, _ in parts])
        where[rows] = np.arange(len(rows))
    return texts.take(pa.array(where))


def _binding_numbers(parts: list[tuple[Any, Any]], size: int) -> Any:
    """Each row's binding text by its number in column_plans.TEXTS, from each zone's
    (rows, numbers); one past the last for rows not taken (replaced, in the end)."""
    numbers = numpy().full(size, len(column_plans.TEXTS.texts), numpy().int64)
    for rows, chosen in parts:
        numbers[rows] = chosen
    return numbers


def _hours_text(hundredths: Any) -> Any:
    """Hours past the limit as `f"{hours:.2f}"` writes them, from whole hundredths: each
    nonzero figure written, and "0.00" (most rows') taken by the rest (a quarter of the
    time of writing every figure)."""
    np, pc, pa = numpy(), arrow().compute, arrow()
    nonzero = np.flatnonzero(hundredths)
    some = hundredths[nonzero]
    whole = pa.array(some // 100).cast(pa.string())
    part = pc.utf8_lpad(pa.array(some % 100).cast(pa.string()), 2, "0")
    texts = pa.concat_arrays([pa.array(["0.00"]), pc.binary_join_element_wise(whole, part, ".")])
    where = np.zeros(len(hundredths), np.int64)
    where[nonzero] = np.arange(1, len(nonzero) + 1)
    return texts.take(pa.array(where))


def _count(summary: Summary, part: columnar.Columns, keep: Any, centi: Any) -> None:
    """Add the taken rows' totals, as Summary.add counts each (`centi`: their hours
    past the limit in hundredths, as their cells write them)."""
    np = numpy()
    code, stale = part.code[keep], part.stale[keep]
    for number, status in enumerate(columnar.CODES):
        of_status = code == number
        summary.counts[status] += int(np.count_nonzero(of_status))
        for flag in (False, True):
            group = group_for(status, flag)
            if group is not None:
                rows = of_status & (stale == flag)
                # As C ints (the array's 'i'), least first: the worker's sort of its
                # block's hours (Summary.to_part) then passes over runs in order.
                values = np.sort(centi[rows]).astype(np.intc)
                summary.centihours[group].frombytes(values.tobytes())
    ended = part.ended[keep]
    left = ended != NONE
    summary.ended_holds += int(np.count_nonzero(left))
    summary.held += int(np.sum(ended[left] - part.began[keep][left]))


def _lines(table: Any, verdicts: _Verdicts, out: str | tuple[str, ...], marked: list[bool]) -> Any:
    """Each row's line, its cells and its verdict's: joined by the delimiter `out` (the
    cells of the columns `marked` written as the csv module writes them), or a JSON
    object whose keys are `out`."""
    columns = [column.combine_chunks() for column in table.columns]
    if not isinstance(out, str):
        return json_lines([*columns, *verdicts.texts()], out)
    columns = [
        as_written(column, out) if mark else column
        for column, mark in zip(columns, marked, strict=True)
    ]
    return arrow().compute.binary_join_element_wise(*columns, *verdicts.delimited(out), out)


def _text(lines: Any, rest: list[int], others: list[str]) -> bytes:
    """The lines one after another, in UTF-8, with the line of each row numbered in
    `rest` replaced by its line in `others` (the row engine's): the bytes of a text array
    without nulls lie so in its data buffer, read from the first line's start to the
    last one's end (no copy joins them first), between the rows replaced. They stay
    bytes: a line holding one character past ASCII (California's "§") would make the
    whole block's str two bytes a character, and decoding it here, pickling it to the
    calling process and encoding it again for the output cost more than judging it."""
    np = numpy()
    width = np.int64 if arrow().types.is_large_string(lines.type) else np.int32
    assert lines.null_count == 0
    _, bounds, data = lines.buffers()
    if data is None:  # no line at all
        return b""
    offsets = np.frombuffer(bounds, width)[lines.offset : lines.offset + len(lines) + 1]
    text = memoryview(data)
    if not rest:
        return bytes(text[offsets[0] : offsets[-1]])
    pieces: list[bytes | memoryview] = []
    begin = 0
    for row, line in zip(rest, others, strict=True):
        pieces += (text[offsets[begin] : offsets[row]], line.encode("utf-8"))
        begin = row + 1
    pieces.append(text[offsets[begin] : offsets[-1]])
    return b"".join(pieces)
