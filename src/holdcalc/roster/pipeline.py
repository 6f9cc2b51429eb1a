"""A whole `check` run: read a table, judge every row, write it back in order.

Rows are judged in worker processes when the input is large and the machine has
more than one core: the input is cut into blocks at row boundaries, each block is
judged whole by a worker, and the results are written in input order, with a
bounded number of blocks in flight so memory stays flat. A block may be cut only
where no quoted field is open. That is certain for a block without any double
quote; a block with quotes is first parsed strictly, and if its quoting is not
the standard kind, the rest of the file is judged in this process instead.
"""

from __future__ import annotations

import collections
import csv
import dataclasses
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, Protocol

from holdcalc.core.errors import ColumnError, InputError
from holdcalc.roster.files import atomic_output, open_binary, sniff_delimiter
from holdcalc.roster.judge import (
    FLAGGED,
    Checker,
    CheckOptions,
    Columns,
    Summary,
    find_columns,
    output_columns,
)

BLOCK = 1 << 19  # bytes per block sent to a worker: small keeps memory flat
# A cell may be long (a pasted note); csv's default limit of 128 KiB would stop the run.
csv.field_size_limit(1 << 30)
PARALLEL_FORMATS = ("csv", "tsv", "jsonl")


class RowSink(Protocol):
    def header(self, names: Sequence[str]) -> None: ...
    def rows(self, rows: Iterable[Sequence[str]]) -> None: ...
    def close(self) -> None: ...


@dataclasses.dataclass(frozen=True)
class Outcome:
    summary: Summary
    delimiter: str
    columns: Columns
    workers: int


@dataclasses.dataclass(frozen=True)
class _Job:
    """What a worker needs to judge blocks: the same for every block of a run."""

    columns: Columns
    options: CheckOptions
    delimiter: str
    encoding: str
    fmt: str
    only_flagged: bool
    safe: bool
    names: tuple[str, ...]


_UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")
OnFlagged = Callable[[int, list[str], str], None]  # (row number, row, status)


def spreadsheet_safe(values: list[str]) -> list[str]:
    """Cells a spreadsheet would run as formulas, made inert with a leading apostrophe."""
    return [f"'{v}" if v and v.startswith(_UNSAFE_START) else v for v in values]


def _judged(
    rows: Iterable[list[str]],
    checker: Checker,
    summary: Summary,
    job: _Job,
    progress: Callable[[int], None] | None = None,
    on_flagged: OnFlagged | None = None,
) -> Iterator[list[str]]:
    """Each row with its verdict appended (padded to the header's width when short)."""
    width = checker.width
    judge = checker.check_limits if job.options.policies else checker.check
    add = summary.add
    only_flagged, safe = job.only_flagged, job.safe
    for row in rows:
        if not row:
            summary.blank_lines += 1
            continue
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        verdict = judge(row)
        if len(row) > width:  # judged all the same; said, as the verdict follows the extras
            note = f"row has {len(row)} fields, the header {width}: check the quoting"
            verdict = (*verdict[:3], f"{verdict[3]}; {note}" if verdict[3] else note, *verdict[4:])
        status = verdict[1]
        add(status, verdict[2])
        if on_flagged is not None and status in ("over-detained", "expired"):
            on_flagged(summary.rows, row, status)
        if progress is not None and not summary.rows & 0x1FFF:
            progress(summary.rows)
        if only_flagged and status not in FLAGGED:
            continue
        row.extend(verdict)
        yield spreadsheet_safe(row) if safe else row


# --- sinks --------------------------------------------------------------------------------


class CsvSink:
    def __init__(self, out: IO[str], delimiter: str) -> None:
        self._out = out
        self._writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")

    def header(self, names: Sequence[str]) -> None:
        self._writer.writerow(names)

    def rows(self, rows: Iterable[Sequence[str]]) -> None:
        self._writer.writerows(rows)

    def write_text(self, text: str) -> None:
        """Rows already written as text by a worker."""
        self._out.write(text)

    def close(self) -> None:
        pass


class JsonSink:
    """JSON Lines, or one JSON array written row by row."""

    def __init__(self, out: IO[str], *, lines: bool) -> None:
        self._out = out
        self._lines = lines
        self._names: list[str] = []
        self._first = True

    def header(self, names: Sequence[str]) -> None:
        self._names = unique_names(names)
        if not self._lines:
            self._out.write("[")

    def rows(self, rows: Iterable[Sequence[str]]) -> None:
        names, write, dumps = self._names, self._out.write, json.dumps
        for values in rows:
            text = dumps(dict(zip(names, values, strict=False)), ensure_ascii=False)
            if self._lines:
                write(text + "\n")
            else:
                write(("\n" if self._first else ",\n") + text)
                self._first = False

    def write_text(self, text: str) -> None:
        """Rows already written as JSON Lines by a worker."""
        self._out.write(text)

    def close(self) -> None:
        if not self._lines:
            self._out.write("]\n" if self._first else "\n]\n")


def unique_names(names: Sequence[str]) -> list[str]:
    """Header names made unique with a suffix, so a repeated name loses no value in JSON."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def make_sink(
    fmt: str, out: IO[str], names: Sequence[str], *, write_header: bool = True
) -> CsvSink | JsonSink:
    """A writer of rows in `fmt`; without the header line when a worker writes a block."""
    sink: CsvSink | JsonSink
    if fmt in ("csv", "tsv"):
        sink = CsvSink(out, "," if fmt == "csv" else "\t")
        if write_header:
            sink.header(names)
    elif fmt in ("jsonl", "json"):
        sink = JsonSink(out, lines=fmt == "jsonl")
        if write_header:
            sink.header(names)
        else:
            sink._names = unique_names(names)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return sink


# --- reading ------------------------------------------------------------------------------


def _row_end(data: bytes, start: int = 0) -> int:
    """Index just past the first newline at or after `start` outside quotes, or -1."""
    at = data.find(b"\n", start)
    while at >= 0 and data.count(b'"', 0, at) % 2:
        at = data.find(b"\n", at + 1)
    return at + 1 if at >= 0 else -1


def _last_row_end(data: bytes) -> int:
    """Index just past the last newline outside quotes, or 0 if there is none."""
    at = data.rfind(b"\n")
    if b'"' in data:
        while at >= 0 and data.count(b'"', 0, at) % 2:
            at = data.rfind(b"\n", 0, at)
    return at + 1


class _Replay(io.RawIOBase):
    """Bytes already read, then the rest of the stream: to hand over to a text reader."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _text(stream: io.RawIOBase, encoding: str) -> IO[str]:
    return io.TextIOWrapper(io.BufferedReader(stream), encoding=encoding, newline="")


def _read_problem(path: str, exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"{path!r} is not valid text in this encoding ({exc.reason}); "
            "pass --encoding (e.g. cp1252)"
        )
    return f"{path!r} cannot be read: {exc}"


# --- the run ------------------------------------------------------------------------------


def run_check(
    path: str,
    options: CheckOptions,
    *,
    columns: dict[str, str | None],
    fmt: str = "csv",
    output: str | None = None,
    delimiter: str | None = None,
    encoding: str = "utf-8-sig",
    only_flagged: bool = False,
    spreadsheet_safe_cells: bool = False,
    table: RowSink | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    on_header: Callable[[list[str], Columns], OnFlagged | None] | None = None,
) -> Outcome:
    """Check every row of a table and write it with the verdict appended.

    `on_header`, given the header and the columns found, may return a function to call
    for every over-detained or expired row (rows are then judged in this process).
    """
    try:
        "\n".encode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; try utf-8, cp1252 or latin-1") from None
    with open_binary(path) as raw:
        try:
            head = raw.read(BLOCK)
            while True:
                end = _row_end(head)
                more = raw.read(BLOCK) if end < 0 else b""
                if not more:
                    break
                head += more
            if end < 0:
                end = len(head)
            header_text = head[:end].decode(encoding)
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            raise InputError(_read_problem(path, exc)) from None
        if not header_text.strip():
            raise ColumnError(f"{path!r} is empty: a header row is needed")
        sep = delimiter or sniff_delimiter(header_text.splitlines()[0])
        header = next(csv.reader(io.StringIO(header_text, newline=""), delimiter=sep))
        found = find_columns(header, **columns)
        on_flagged = on_header(header, found) if on_header is not None else None
        if on_flagged is not None:
            workers = 1
        body = head[end:]
        names = (*header, *output_columns(options))
        job = _Job(
            found,
            options,
            sep,
            "utf-8" if encoding == "utf-8-sig" else encoding,
            fmt,
            only_flagged,
            spreadsheet_safe_cells,
            names,
        )
        summary = Summary()
        with atomic_output(output, refuse=path) as out:
            sink: RowSink
            if fmt == "table" and table is not None:
                sink = table
                sink.header(names)
            else:
                sink = make_sink(fmt, out, names)
            count = _worker_count(workers, fmt, job.encoding, len(body))
            rest: bytes | None = body
            used = 1
            if count > 1 and isinstance(sink, CsvSink | JsonSink):
                rest, used = _parallel(path, raw, body, job, sink, summary, count, progress)
            if rest is not None:
                _sequential(path, _Replay(rest, raw), job, sink, summary, progress, on_flagged)
            sink.close()
    return Outcome(summary, sep, found, used)


def _worker_count(requested: int | None, fmt: str, encoding: str, first_body: int) -> int:
    if requested is not None:
        count = requested
    else:
        env = os.environ.get("HOLDCALC_WORKERS")
        count = int(env) if env and env.isdigit() else min(_cpus(), 4)
    # Blocks are cut on b"\n" and b'"': only for encodings that write those as one byte.
    ascii_safe = '\n"'.encode(
        encoding, errors="replace"
    ) == b'\n"' and not encoding.lower().replace("-", "").replace("_", "").startswith(
        ("utf16", "utf32")
    )
    if fmt not in PARALLEL_FORMATS or not ascii_safe or first_body < BLOCK // 2:
        return 1
    return max(1, count)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover  (not Linux)
        return os.cpu_count() or 1


def _sequential(
    path: str,
    stream: io.RawIOBase,
    job: _Job,
    sink: RowSink,
    summary: Summary,
    progress: Callable[[int], None] | None,
    on_flagged: OnFlagged | None = None,
) -> None:
    checker = Checker(job.columns, job.options)
    reader = csv.reader(_text(stream, job.encoding), delimiter=job.delimiter)
    try:
        sink.rows(_judged(reader, checker, summary, job, progress, on_flagged))
    except csv.Error as exc:
        raise InputError(f"{path!r}, line {reader.line_num} of the rows: {exc}") from None
    except (EOFError, UnicodeDecodeError, OSError) as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise InputError(_read_problem(path, exc)) from None


# Worker side: one Checker per process, built from the job on first use.
_worker_state: dict[str, Any] = {}


def _init_worker(job: _Job) -> None:
    _worker_state["job"] = job
    _worker_state["checker"] = Checker(job.columns, job.options)


def _judge_block(data: bytes) -> tuple[str | None, tuple[int, dict[str, int], int, bytes]]:
    """Judge one block; (None, ...) when its quoting is not standard (then it is redone)."""
    job: _Job = _worker_state["job"]
    checker: Checker = _worker_state["checker"]
    text = data.decode(job.encoding)
    if '"' in text:
        try:
            for _ in csv.reader(
                io.StringIO(text, newline=""), delimiter=job.delimiter, strict=True
            ):
                pass
        except csv.Error:
            return None, Summary().part()
    out = io.StringIO()
    summary = Summary()
    sink = make_sink(job.fmt, out, job.names, write_header=False)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=job.delimiter)
    sink.rows(_judged(reader, checker, summary, job))
    return out.getvalue(), summary.part()


def _parallel(
    path: str,
    raw: IO[bytes],
    body: bytes,
    job: _Job,
    sink: CsvSink | JsonSink,
    summary: Summary,
    count: int,
    progress: Callable[[int], None] | None,
) -> tuple[bytes | None, int]:
    """Judge blocks in `count` processes; returns the bytes left to judge here, if any."""
    import multiprocessing  # noqa: PLC0415

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    pending: collections.deque[tuple[Any, bytes]] = collections.deque()
    limit = 2 * count
    carry = body
    ended = False  # no more blocks will be cut: end of input, or quoting too odd to cut
    try:
        pool_or_none = context.Pool(count, initializer=_init_worker, initargs=(job,))
    except (OSError, ImportError):  # no semaphores in some sandboxes: one process will do
        return body, 1
    with pool_or_none as pool:
        while True:
            while not ended and len(pending) < limit:
                try:
                    more = raw.read(BLOCK)
                except (EOFError, OSError) as exc:  # a truncated or damaged gzip file
                    raise InputError(_read_problem(path, exc)) from None
                if not more:
                    ended = True
                    block, carry = carry, b""
                else:
                    data = carry + more
                    cut = _last_row_end(data)
                    if cut == 0:
                        carry = data
                        if len(carry) > 8 * BLOCK:
                            # No row end outside quotes for a long way (a stray quote
                            # mark?): finish the blocks in flight, then read on here.
                            ended = True
                        continue
                    block, carry = data[:cut], data[cut:]
                if block:
                    pending.append((pool.apply_async(_judge_block, (block,)), block))
            if not pending:
                return carry or None, count
            result, block = pending.popleft()
            try:
                text, part = result.get()
            except csv.Error as exc:
                raise InputError(f"{path!r}: {exc}") from None
            except UnicodeDecodeError as exc:
                raise InputError(_read_problem(path, exc)) from None
            if text is None:
                # Non-standard quoting: judge this block and all after it here, in order.
                rest = b"".join([block, *(b for _, b in pending), carry])
                pool.terminate()
                return rest, count
            summary.merge(part)
            sink.write_text(text)
            if progress is not None:
                progress(summary.rows)
