"""Judging a large roster in worker processes, written back in input order.

The input is cut into blocks at row boundaries; each block is judged whole by a
worker, and results are written in input order with a bounded number of blocks in
flight, so memory stays flat. A block may be cut only where no quoted field is
open. That is certain for a block without any double quote; a block with quotes is
first parsed strictly, and if its quoting is not the standard kind, the rest of the
file is handed back to be judged in the calling process instead.

A workbook's sheet is judged in batches of rows by number: each worker reads its
batches from the sheet itself (a forked worker shares the copy the calling process
loaded), so no rows travel to the workers, only their results back.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import dataclasses
import io
import itertools
import os
import signal
import threading
from collections.abc import Callable, Iterator
from typing import IO, Any

from holdcalc.core.errors import WorkerLost
from holdcalc.roster import stream
from holdcalc.roster.column_blocks import judged_block, own_process
from holdcalc.roster.columns import Columns
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import Format, JudgeSettings, OutputSettings
from holdcalc.roster.sinks import (
    CsvSink,
    JsonSink,
    has_lone_cr,
    is_utf8,
    make_sink,
    own_bytes,
)
from holdcalc.roster.stream import (
    LineReader,
    ListRows,
    OnOverrun,
    UnclosedQuote,
    judge_rows,
    last_row_end,
    read_problem,
)
from holdcalc.roster.summary import Part, Summary
from holdcalc.roster.workbook import BodyBatches, SheetPlace

# A JSON array's blocks are written by workers as JSON Lines (Job.block_format), made
# items of the array by the calling process's sink (JsonSink.write_text).
PARALLEL_FORMATS = (Format.CSV, Format.TSV, Format.JSONL, Format.JSON)
COLUMNAR_BLOCK = 4 << 20  # bytes a block judged over columns: fewer, larger array passes
ROWS_PER_BATCH = 10_000  # a workbook's rows judged by a worker at a time


@dataclasses.dataclass(frozen=True)
class Job:
    """What a worker needs to judge blocks: the same for every block of a run."""

    columns: Columns
    judging: JudgeSettings
    output: OutputSettings
    delimiter: str
    encoding: str
    names: tuple[str, ...]
    over_columns: bool = False  # blocks judged by the columnar engine, where they can be
    watch: Any = None  # the plan of each block's watcher (block_plan), if the run has one

    @property
    def block_format(self) -> Format:
        """The format a block's rows are written in: the output's, but JSON Lines for one
        JSON array, whose items the calling process's sink makes of the lines (and the
        commas between blocks)."""
        return Format.JSONL if self.output.fmt is Format.JSON else self.output.fmt

    def block_watcher(self, judge: RowJudge) -> Any:
        """A fresh watcher for one block judged by `judge`, if the run has a plan."""
        return None if self.watch is None else self.watch.make(judge)


def block_plan(watcher: OnOverrun | None) -> Any:
    """How a worker makes a watcher of its own for each block it judges (`make(judge)`),
    merged in input order into `watcher` (its `merge(block's, rows before)`); None when
    there is no watcher or it must see every row itself (a letter writer writes files)."""
    plan = getattr(watcher, "block_plan", None)
    return None if plan is None else plan()


def takes_columns(watcher: OnOverrun | None) -> bool:
    """Whether the columnar engine may judge the run's blocks: no watcher, or one that
    counts a block's rows over arrays (`count_columns`: see column_blocks.told_of)."""
    return watcher is None or bool(getattr(watcher, "takes_columns", lambda: False)())


def worker_count(requested: int | None, job: Job, first_body: int) -> int:
    """How many processes to judge in: 1 unless the input is large and cut safely."""
    if requested is not None:
        count = requested
    else:
        env = os.environ.get("HOLDCALC_WORKERS")
        count = int(env) if env and env.isdigit() else min(_cpus(), 4)
    encoding = job.encoding
    # Blocks are cut on b"\n" and b'"': only for encodings that write those as one byte.
    ascii_safe = '\n"'.encode(
        encoding, errors="replace"
    ) == b'\n"' and not encoding.lower().replace("-", "").replace("_", "").startswith(
        ("utf16", "utf32")
    )
    if job.output.fmt not in PARALLEL_FORMATS or not ascii_safe or first_body < stream.BLOCK // 2:
        return 1
    return max(1, count)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover  (not Linux)
        return os.cpu_count() or 1


class _Seen:
    lone_cr = True


_LONE_CR = _Seen()

# Worker side: one RowJudge per process, built from the job on first use.
_worker_state: dict[str, Any] = {}


@dataclasses.dataclass(frozen=True)
class InTurn:
    """Blocks written by the workers themselves, in input order: a block's worker waits
    until the block before it is written (`turn`: the number of the next block), then
    writes to the output it shares with the calling process (forked, after the output
    was flushed), so a block's text never travels back. A failed write does not pass
    the turn on: no later block is written, and the caller ends the workers."""

    out: IO[bytes]
    turn: Any  # a shared integer
    ready: Any  # a shared condition

    @classmethod
    def of(cls, context: Any, sink: CsvSink | JsonSink) -> InTurn | None:
        """For a forked pool writing to a file descriptor as its text would, or None
        (also for one JSON array: the calling process writes the commas between blocks)."""
        if context.get_start_method() != "fork" or (isinstance(sink, JsonSink) and sink.one_array):
            return None
        out = own_bytes(sink.stream())
        try:
            if out is None or out.fileno() < 0:
                return None
            shared = cls(out, context.RawValue("q", 0), context.Condition())
        except (OSError, ValueError):  # no file descriptor (a test's stream); no semaphores
            return None
        sink.stream().flush()  # nothing held, to be written again by every worker
        return shared

    def write(self, number: int, data: bytes) -> None:
        with self.ready:
            self.ready.wait_for(lambda: self.turn.value == number)
            self.out.write(data)
            self.out.flush()
            self.turn.value = number + 1
            self.ready.notify_all()


def _init_worker(job: Job, place: SheetPlace | None = None, in_turn: InTurn | None = None) -> None:
    # The calling process handles Ctrl-C and hang-ups and ends the pool; a worker just
    # stops, without a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    own_process()
    _worker_state["job"] = job
    _worker_state["place"] = place
    _worker_state["in_turn"] = in_turn
    _worker_state["judge"] = RowJudge(job.columns, job.judging)
    _worker_state["lane"] = place is None and job.over_columns


def _judge_block(number: int, data: bytes) -> tuple[str | bytes | None, Part, Any]:
    """Judge block `number`, its text written here in its turn (then b"") or sent back;
    (None, ...) when its quoting is not standard or a byte is not text in the encoding
    (then it and the rest are redone in the calling process, line by line: the rows
    before a bad byte are written, as one process writes them, and its line named).
    The third value is the block's watcher (Job.watch), if any."""
    try:
        text, part, watched = _judged_block(data)
    except UnicodeDecodeError:  # decoded whole, before any row was judged or counted
        return None, Summary().to_part(), None
    in_turn: InTurn | None = _worker_state["in_turn"]
    if text is None or in_turn is None:
        return text, part, watched
    in_turn.write(number, text if isinstance(text, bytes) else text.encode("utf-8"))
    return b"", part, watched


def _judged_block(data: bytes) -> tuple[str | bytes | None, Part, Any]:
    """One block's text, totals and watcher; (None, ...) when its quoting is not
    standard."""
    job: Job = _worker_state["job"]
    if _worker_state["lane"]:
        watched = job.block_watcher(_worker_state["judge"])
        judged = over_columns(data, _worker_state["judge"], job, watched)
        if judged is not None:
            return (*judged, watched)
    text = data.decode(job.encoding)
    if '"' in text:
        try:
            for _ in csv.reader(
                io.StringIO(text, newline="\n"), delimiter=job.delimiter, strict=True
            ):
                pass
        except csv.Error:
            return None, Summary().to_part(), None
    reader = csv.reader(io.StringIO(text, newline="\n"), delimiter=job.delimiter)
    try:
        return _judged_text(reader, has_lone_cr(text))
    except (UnclosedQuote, csv.Error):  # redone in the calling process, which knows lines
        _worker_state["judge"].hand_over(Summary())  # its counts are counted again there
        return None, Summary().to_part(), None


def over_columns(
    data: bytes, judge: RowJudge, job: Job, watcher: Any = None
) -> tuple[bytes, Part] | None:
    """A block (in the input's encoding) judged by the columnar engine
    (roster.column_blocks), its text in UTF-8, or None (`watcher`: the block's)."""
    fmt = job.block_format
    out = job.names if fmt is Format.JSONL else "," if fmt is Format.CSV else "\t"
    if not is_utf8(job.encoding):  # pyarrow reads UTF-8 alone
        data = data.decode(job.encoding).encode("utf-8")
    judged = judged_block(data, judge, job.delimiter, out, watcher)
    return None if judged is None else (judged[0], judged[1].to_part())


def judge_here(
    blocks: Blocks,
    job: Job,
    judge: RowJudge,
    out: tuple[CsvSink | JsonSink, Summary],
    progress: Callable[[int], None] | None = None,
    watcher: OnOverrun | None = None,
) -> bytes | None:
    """Judge blocks in this process by the columnar engine while they are plain enough;
    the bytes left for the row engine (from the first block that is not), if any. Each
    block's watcher (Job.watch) is merged into `watcher`."""
    sink, summary = out
    while True:
        block = blocks.next()
        if block is None:
            return blocks.carry or None
        watched = job.block_watcher(judge)
        try:
            judged = over_columns(block, judge, job, watched)
        except UnicodeDecodeError:  # the row engine names the line, after its rows before
            judged = None
        if judged is None:  # this block and the rest, to the row engine
            blocks.ended = True
            return block + blocks.carry
        _merged(summary, judged[1], (watcher, watched))
        sink.write_text(judged[0])
        blocks.lines_done += block.count(b"\n")
        if progress is not None:
            progress(summary.rows)


def _merged(summary: Summary, part: Part, watchers: tuple[Any, Any]) -> None:
    """A block's totals merged into the run's, and its watcher (the second of
    `watchers`, if any) into the run's (the first), its rows numbered after the run's."""
    watcher, watched = watchers
    if watched is not None:
        watcher.merge(watched, summary.rows)
    summary.merge(part)


def _judged_text(reader: LineReader, lone_cr: bool) -> tuple[str, Part, Any]:
    """A worker's rows judged and written as the run's output text, with their totals
    and the watcher told of them (Job.watch), if any."""
    job: Job = _worker_state["job"]
    judge: RowJudge = _worker_state["judge"]
    out = io.StringIO()
    summary = Summary(reason_kinds=None)  # merged in order into the run's
    sink = make_sink(job.block_format, out, job.names, write_header=False)
    if isinstance(sink, CsvSink) and lone_cr:
        sink.watch = _LONE_CR
    watched = job.block_watcher(judge)
    sink.rows(judge_rows(reader, judge, summary, job.output, job.delimiter, None, watched))
    return out.getvalue(), summary.to_part(), watched


@dataclasses.dataclass
class Blocks:
    """Cuts the input into blocks at row ends outside quotes."""

    raw: IO[bytes]
    path: str
    carry: bytes
    ended: bool = False  # no more blocks: end of input, or quoting too odd to cut
    lines_done: int = 0  # lines in the blocks judged and written so far
    size: int = stream.BLOCK  # bytes read at a time (the columnar engine takes more)

    def next(self) -> bytes | None:
        """The next whole block, or None when none can be cut (yet, or ever)."""
        while not self.ended:
            try:
                more = self.raw.read(self.size)
            except (EOFError, OSError) as exc:  # a truncated or damaged gzip file
                raise read_problem(self.path, exc) from None
            if not more:
                self.ended = True
                block, self.carry = self.carry, b""
                return block or None
            data = self.carry + more
            cut = last_row_end(data)
            if cut:
                block, self.carry = data[:cut], data[cut:]
                return block
            self.carry = data
            if len(data) > 8 * self.size:
                # No row end outside quotes for a long way (a stray quote mark?):
                # finish the blocks in flight, then read on in the calling process.
                self.ended = True
        return None


def _context() -> Any:
    import multiprocessing  # noqa: PLC0415

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _pool(
    count: int, job: Job, place: SheetPlace | None = None, in_turn: InTurn | None = None
) -> Any:
    """A pool of `count` workers for `job` (on a workbook's sheet at `place`; writing
    blocks `in_turn`), or None where none can be made."""
    try:
        return _context().Pool(count, initializer=_init_worker, initargs=(job, place, in_turn))
    except (OSError, ImportError):  # no semaphores in some sandboxes: one process will do
        return None


def _waited(result: Any, workers: list[Any]) -> Any:
    """A block's result, once it comes; WorkerLost if a worker process ends meanwhile.
    A pool's workers end only when the pool is ended, so one that ended was killed (by
    the system, when memory runs out): its block would never come back."""
    from multiprocessing import TimeoutError as NotYet  # noqa: PLC0415

    while True:
        try:
            return result.get(timeout=_POLL)
        except NotYet:
            for worker in workers:
                code = worker.exitcode
                if code is not None:
                    raise WorkerLost(-code if code < 0 else 0, code) from None


_POLL = 0.5  # seconds between looks at the workers while a result is awaited


@contextlib.contextmanager
def _ended(pool: Any) -> Iterator[Any]:
    """The pool, ended on leaving: terminated, and any worker still alive a moment later
    killed. A worker started to replace one the system killed can miss the terminate
    signal (Python drops a signal that comes while a process is still starting, before
    `_init_worker` gives it the default action again); the pool would wait for it for
    ever, as it waits for a task that never comes."""
    try:
        yield pool
    finally:
        ender = threading.Thread(target=pool.terminate, daemon=True)
        ender.start()
        ender.join(_POLL)
        while ender.is_alive():
            for worker in _workers(pool):
                if worker.exitcode is None:
                    worker.kill()
            ender.join(_POLL)


def _workers(pool: Any) -> list[Any]:
    """The pool's worker processes as started (the pool keeps no public list)."""
    return list(getattr(pool, "_pool", ()))


def _judge_sheet_batch(number: int) -> tuple[str, Part]:
    """Judge batch `number` of the workbook's body, read here from the sheet itself (a
    forked worker shares the calling process's copy), so no rows travel to workers."""
    batches = _worker_state.get("sheet")
    if batches is None:
        batches = _worker_state["sheet"] = BodyBatches(_worker_state["place"], ROWS_PER_BATCH)
    rows = batches.batch(number)
    text, part, _ = _judged_text(ListRows(rows), "\r" in "".join(map("".join, rows)))
    return text, part


def judge_sheet_in_parallel(
    place: SheetPlace,
    body_rows: int,
    job: Job,
    sink: CsvSink | JsonSink,
    summary: Summary,
    count: int,
    progress: Callable[[int], None] | None,
) -> bool:
    """Judge a sheet's body in `count` processes, batch by batch, written in order;
    False (and nothing read) when no pool can be made."""
    pool_or_none = _pool(count, job, place)
    if pool_or_none is None:
        return False
    numbers = iter(range(-(-body_rows // ROWS_PER_BATCH)))
    pending: collections.deque[Any] = collections.deque()
    with _ended(pool_or_none) as pool:
        workers = _workers(pool)
        while True:
            while len(pending) < 2 * count:
                number = next(numbers, None)
                if number is None:
                    break
                pending.append(pool.apply_async(_judge_sheet_batch, (number,)))
            if not pending:
                return True
            text, part = _waited(pending.popleft(), workers)
            summary.merge(part)
            sink.write_text(text)
            if progress is not None:
                progress(summary.rows)


def judge_in_parallel(
    blocks: Blocks,
    job: Job,
    sink: CsvSink | JsonSink,
    summary: Summary,
    count: int,
    progress: Callable[[int], None] | None,
    watcher: OnOverrun | None = None,
) -> tuple[bytes | None, int]:
    """Judge blocks in `count` processes; returns the bytes left to judge here, if any.
    Each block's watcher (Job.watch) is merged into `watcher` in input order."""
    pending: collections.deque[tuple[Any, bytes]] = collections.deque()
    pool_or_none = _pool(count, job, in_turn=InTurn.of(_context(), sink))
    if pool_or_none is None:
        return blocks.carry, 1
    numbers = itertools.count()
    with _ended(pool_or_none) as pool:
        workers = _workers(pool)
        while True:
            while len(pending) < 2 * count:
                block = blocks.next()
                if block is None:
                    break
                work = (next(numbers), block)
                pending.append((pool.apply_async(_judge_block, work), block))
            if not pending:
                return blocks.carry or None, count
            result, block = pending.popleft()
            text, part, watched = _waited(result, workers)
            if text is None:
                # Non-standard quoting, or a byte that is not text: judge this block and
                # all after it here, in order (the pool is ended on leaving, first).
                rest = b"".join([block, *(b for _, b in pending), blocks.carry])
                return rest, count
            _merged(summary, part, (watcher, watched))
            if text:  # not written by the worker itself
                sink.write_text(text)
            blocks.lines_done += block.count(b"\n")
            if progress is not None:
                progress(summary.rows)
