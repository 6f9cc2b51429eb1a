"""Reading a roster's bytes and judging its rows as they stream past.

No process handling here (see parallel.py) and no file opening (see files.py).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, Protocol

from holdcalc.core.errors import InputError, Setting
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import OutputSettings
from holdcalc.roster.summary import Summary
from holdcalc.roster.verdicts import RowVerdict

BLOCK = 1 << 19  # bytes per block sent to a worker: small keeps memory flat
_UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")


class OnOverrun(Protocol):
    """Told of each over-detained or expired row: its number, cells and verdict."""

    def __call__(self, number: int, row: list[str], verdict: RowVerdict) -> None: ...


def spreadsheet_safe(values: list[str]) -> list[str]:
    """Cells a spreadsheet would run as formulas, made inert with a leading apostrophe."""
    return [f"'{v}" if v and v.startswith(_UNSAFE_START) else v for v in values]


def judged(
    rows: Iterable[list[str]],
    judge: RowJudge,
    summary: Summary,
    output: OutputSettings,
    progress: Callable[[int], None] | None = None,
    on_overrun: OnOverrun | None = None,
) -> Iterator[list[str]]:
    """Each row with its verdict appended (padded to the header's width when short)."""
    width = judge.width
    with_binding = judge.settings.limits is not None
    add = summary.add
    only_flagged, safe = output.only_flagged, output.spreadsheet_safe
    for row in rows:
        if not row:
            summary.blank_lines += 1
            continue
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        verdict = judge.verdict(row)
        if len(row) > width:  # judged all the same; said, as the verdict follows the extras
            verdict = verdict.noted(
                f"row has {len(row)} fields, the header {width}: check the quoting"
            )
        cells = verdict.cells(with_binding)
        status = verdict.status
        add(status, cells[2])
        if on_overrun is not None and status.overrun:
            on_overrun(summary.rows, row, verdict)
        if progress is not None and not summary.rows & 0x1FFF:
            progress(summary.rows)
        if only_flagged and not status.flagged:
            continue
        row.extend(cells)
        yield spreadsheet_safe(row) if safe else row


def row_end(data: bytes, start: int = 0) -> int:
    """Index just past the first newline at or after `start` outside quotes, or -1."""
    at = data.find(b"\n", start)
    while at >= 0 and data.count(b'"', 0, at) % 2:
        at = data.find(b"\n", at + 1)
    return at + 1 if at >= 0 else -1


def last_row_end(data: bytes) -> int:
    """Index just past the last newline outside quotes, or 0 if there is none."""
    at = data.rfind(b"\n")
    if b'"' in data:
        while at >= 0 and data.count(b'"', 0, at) % 2:
            at = data.rfind(b"\n", 0, at)
    return at + 1


class Replay(io.RawIOBase):
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


def as_text(stream: io.RawIOBase, encoding: str) -> IO[str]:
    return io.TextIOWrapper(io.BufferedReader(stream), encoding=encoding, newline="")


def read_problem(path: str, exc: BaseException) -> InputError:
    """The error that says why the input could not be read."""
    if isinstance(exc, UnicodeDecodeError):
        return InputError(
            f"{path!r} is not valid text in this encoding ({exc.reason}); pass ",
            Setting.ENCODING,
            " (e.g. cp1252)",
            value=path,
        )
    return InputError(f"{path!r} cannot be read: {exc}", value=path)
