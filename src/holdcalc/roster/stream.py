"""Reading a roster's bytes and judging its rows as they stream past.

No process handling here (see parallel.py) and no file opening (see files.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, Protocol

from holdcalc.core.errors import WRITE_ERRNOS, InputError, OutputError, Setting
from holdcalc.core.verdict import Status
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import OutputSettings
from holdcalc.roster.sinks import has_lone_cr
from holdcalc.roster.summary import Summary
from holdcalc.roster.verdicts import RowVerdict, cell_count

BLOCK = 1 << 19  # bytes per block sent to a worker: small keeps memory flat
_UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")


class OnOverrun(Protocol):
    """Told of each row whose status is in `statuses` (a letter writer: over-detained and
    expired rows; a calendar: holds still running): its number, cells and verdict."""

    statuses: frozenset[Status]

    def __call__(self, number: int, row: list[str], verdict: RowVerdict) -> None: ...


def spreadsheet_safe(values: list[str]) -> list[str]:
    """Cells a spreadsheet would run as formulas, made inert with a leading apostrophe."""
    return [f"'{v}" if v and v.startswith(_UNSAFE_START) else v for v in values]


class LineReader(Protocol):
    """A csv reader: rows, and the count of lines read so far."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...
    def __next__(self) -> list[str]: ...


def whole_rows(rows: LineReader, delimiter: str, width: int) -> Iterator[list[str]]:
    """The rows of a reader, each checked as `judged` checks them (for readers of whole
    tables, such as the booking grouper, where a generator's cost does not matter)."""
    last = 0
    try:
        for row in rows:
            line = rows.line_num
            if line - last > 1 and swallowed_lines(row, delimiter, width):
                raise UnclosedQuote(last + 1, line)
            last = line
            yield row
    except csv.Error as exc:
        raise UnclosedQuote(last + 1, rows.line_num, str(exc)) from None


class ListRows:
    """Rows already read, numbered one line each (a workbook's rows in a worker)."""

    def __init__(self, rows: list[list[str]]) -> None:
        self._rows = iter(rows)
        self.line_num = 0

    def __iter__(self) -> ListRows:
        return self

    def __next__(self) -> list[str]:
        row = next(self._rows)
        self.line_num += 1
        return row


def judge_rows(
    rows: LineReader,
    judge: RowJudge,
    summary: Summary,
    output: OutputSettings,
    delimiter: str,
    progress: Callable[[int], None] | None = None,
    on_overrun: OnOverrun | None = None,
) -> Iterator[list[str]]:
    """Each row with its verdict appended (padded to the header's width when short).

    Raises UnclosedQuote (with line numbers counted from 1 in `rows`) for a row that
    swallowed rows into a quoted cell (see swallowed_lines), or whose quoting a strict
    reader refuses: those rows would otherwise be lost or garbled."""
    width = judge.width
    cells_of = cell_count(judge.settings.limits is not None)  # RowVerdict.cells, as a slice
    add = summary.add
    keep, safe = output.keep(), output.spreadsheet_safe
    watching = output.due_within is not None
    last = 0  # lines read before this row (a row over several lines is checked whole)
    try:
        for row in rows:
            line = rows.line_num
            if line - last > 1 and swallowed_lines(row, delimiter, width):
                raise UnclosedQuote(last + 1, line)
            last = line
            if not row:
                summary.blank_lines += 1
                continue
            if len(row) < width:
                row.extend([""] * (width - len(row)))
            verdict = judge.verdict(row)
            extras = None
            if len(row) > width:  # judged all the same and said; extras follow the verdict
                extras = row[width:]
                del row[width:]
                verdict = verdict.noted(
                    f"row has {width + len(extras)} fields, the header {width}: the extra "
                    "cells follow the verdict columns; check the quoting"
                )
            cells: tuple[str, ...] = verdict[:cells_of]  # type: ignore[assignment]
            status = verdict.status
            add(verdict)
            if on_overrun is not None and status in on_overrun.statuses:
                on_overrun(summary.rows, row, verdict)
            if progress is not None and not summary.rows & 0x1FFF:
                progress(summary.rows)
            if keep is not None and not keep(verdict):
                continue
            if watching:
                verdict, key = watched(judge, row, verdict)
                cells = verdict[:cells_of]  # type: ignore[assignment]
            row.extend(cells)
            if extras is not None:
                row.extend(extras)
            out = spreadsheet_safe(row) if safe else row
            if watching:
                out.append(key)  # type: ignore[arg-type]  # soonest() drops it
            yield out
        judge.hand_over(summary)
    except csv.Error as exc:  # the strict reader refused the text of the row after `last`
        raise UnclosedQuote(last + 1, rows.line_num, str(exc)) from None


def watched(judge: RowJudge, row: list[str], verdict: RowVerdict) -> tuple[RowVerdict, int]:
    """A row kept on a watch list: its verdict, a whole-day start's window said in its
    note, and when the hold may first end (what soonest() orders the list by)."""
    note = judge.window_note(row, verdict)
    assert verdict.due is not None
    key = verdict.due if verdict.due_from is None else verdict.due_from
    return (verdict if note is None else verdict.noted(note)), key


def last_row_end(data: bytes) -> int:
    """Index just past the last newline outside quotes, or 0 if there is none. One pass
    from the end: the quotes are counted between consecutive newlines, never from the
    start again, so a stray quote costs time in proportion to the data, not its square."""
    at = data.rfind(b"\n")
    if at < 0 or b'"' not in data:
        return at + 1
    odd = data.count(b'"', 0, at) % 2  # quotes before the last newline
    while at >= 0 and odd:
        earlier = data.rfind(b"\n", 0, at)
        odd ^= data.count(b'"', earlier + 1, at) % 2
        at = earlier
    return at + 1


def swallowed_lines(row: Sequence[str], delimiter: str, width: int) -> bool:
    """Whether a row read over several lines swallowed rows: the sign of a quote mark
    that opened a field and closed lines later. That is valid CSV either way, so it is
    told by what was read: a row of the wrong width, or a line inside a cell with as
    many fields as a row. Files with such cells are refused, never guessed at."""
    if len(row) != width:
        return True
    for cell in row:
        if "\n" in cell:
            for line in cell.split("\n")[1:]:
                if line.count(delimiter) >= width - 1:
                    return True
    return False


class UnclosedQuote(Exception):
    """A row whose quoting loses or garbles rows; `line` is where it began, `last` where
    the trouble was seen, `reason` the csv module's words when it refused the text."""

    def __init__(self, line: int, last: int, reason: str = "") -> None:
        super().__init__(line, last, reason)
        self.line = line
        self.last = last
        self.reason = reason


ROW_LIMIT = 64 << 20  # bytes in one line: past this, the input is not a table


class Replay(io.RawIOBase):
    """Bytes already read, then the rest of the stream: to hand over to a text reader.

    Counts the lines it hands over, and refuses a line longer than ROW_LIMIT (an input
    with no line ends, such as /dev/zero, would otherwise take all memory)."""

    def __init__(self, head: bytes, rest: IO[bytes], *, bounded: bool = True) -> None:
        self._head = memoryview(head)
        self._rest = rest
        self._bounded = bounded
        self.lines = 0  # line ends handed over so far (when bounded)
        self.lone_cr = False  # a CR not followed by LF seen (when bounded)
        self._run = 0  # bytes since the last line end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
        else:
            data = self._rest.read(len(buffer))
            size = len(data)
            buffer[:size] = data
        if not self._bounded:
            return size
        chunk = bytes(buffer[:size])
        if not self.lone_cr:
            self.lone_cr = has_lone_cr(chunk)
        ends = chunk.count(b"\n")
        self.lines += ends
        self._run = size - chunk.rfind(b"\n") - 1 if ends else self._run + size
        if self._run > ROW_LIMIT:
            raise RowTooLong(self.lines + 1)
        return size


class RowTooLong(Exception):
    """A line past ROW_LIMIT; `line` is its number in the stream."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def as_text(stream: io.RawIOBase, encoding: str) -> TextLines:
    """Text whose lines end at LF only: a lone CR inside a cell is then seen by the csv
    reader (and refused), never taken silently for the end of a row."""
    return TextLines(stream, encoding)


class TextLines:
    """A stream's lines, each ending at LF only and decoded alone (as a worker decodes
    a block of whole lines), so that bytes that are not text in the encoding are
    placed on their line: NotText, with the line's number in the stream (from 1)."""

    def __init__(self, stream: io.RawIOBase, encoding: str) -> None:
        self._lines = io.BufferedReader(stream)
        self._encoding = encoding
        self.number = 0

    def __iter__(self) -> TextLines:
        return self

    def __next__(self) -> str:
        line = self._lines.readline()
        if not line:
            raise StopIteration
        self.number += 1
        try:
            return line.decode(self._encoding)
        except UnicodeDecodeError as exc:
            raise NotText(self.number, exc.reason) from None


class NotText(Exception):
    """Bytes that are not text in the input's encoding on line `line` of a stream."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(line, reason)
        self.line = line
        self.reason = reason


def not_text(path: str, line: int | None, reason: str) -> InputError:
    """The error saying the file's bytes are not text in its encoding, naming the line
    where it is known."""
    where = f"{path!r} is" if line is None else f"{path!r}, line {line}:"
    return InputError(
        f"{where} not valid text in this encoding ({reason}); pass ",
        Setting.ENCODING,
        " (e.g. cp1252)",
        value=path,
        line=line,
    )


def lines_before(data: bytes, exc: UnicodeDecodeError) -> int:
    """How many lines of `data` (whole lines, decoded whole) come before the line of
    the first byte `exc` refused."""
    return data.count(b"\n", 0, exc.start)


def read_problem(path: str, exc: BaseException) -> InputError | OutputError:
    """The error that says why the input could not be read (or, for a full disk met on
    the way, why standard output could not be written)."""
    if isinstance(exc, OSError) and exc.errno in WRITE_ERRNOS:
        return OutputError(f"standard output cannot be written: {exc.strerror}")
    if isinstance(exc, UnicodeDecodeError):  # a UTF-16 or UTF-32 file, decoded as read
        return not_text(path, None, exc.reason)
    return InputError(f"{path!r} cannot be read: {exc}", value=path)
