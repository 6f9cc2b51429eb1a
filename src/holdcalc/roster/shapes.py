"""Caches of date and time pieces, each read once by the parser.

A value is cut where its time begins, at its first space or "T": "2024-11-27 16:30",
"2024-11-27T16:30:59", "11/27/2024 04:30 PM", and as spreadsheets save them,
"1/5/2025 9:05"; a value without either is a date alone ("2024-11-27", "1/5/2025").
The date piece is read alone, and the time piece after a sample date of the value's
own kind (ISO, its fifth character "-", or not), so a time the parser takes after one
kind only is never taken after the other. Every piece is read by the canonical parser,
so a cache can only repeat what the parser says; None marks a piece it refused, and a
value with a character past ASCII is left to the parser whole.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections.abc import Callable

from holdcalc.core.clock import MICROS
from holdcalc.core.errors import InputError
from holdcalc.core.parsing import DateOnly, read_naive

CACHE_LIMIT = 100_000  # pieces per table: a bound on memory for files of odd values
# The common shapes, the only pieces the caches read (any other value is the parser's
# whole): a date, ISO or with slashes; a time to the minute, second or microsecond,
# with or without AM or PM.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}", re.ASCII)
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?: ?[AaPp][Mm])?", re.ASCII)


class Pieces(dict[str, int | None]):
    """One table of pieces: a piece not yet in it is read by `learn` on first lookup
    (`table[piece]`), and kept while the table has room."""

    def __init__(self, learn: Callable[[str], int | None], room: int) -> None:
        super().__init__()
        self._learn = learn
        self._room = room
        self.arrays: object = None  # the pieces learnt, as the columnar path keeps them

    def __missing__(self, piece: str) -> int | None:
        value = self._learn(piece)
        if len(self) < self._room:
            self[piece] = value
        return value


class ShapeCache:
    """Local day ordinals of date pieces and microseconds since midnight of time pieces."""

    def __init__(self, *, dayfirst: bool, enabled: bool = True) -> None:
        """`enabled` False (the user gave date formats): every piece is left to the full
        parser, which tries those formats first; the caches would read shapes their way."""
        self.dayfirst = dayfirst
        self.enabled = enabled
        room = CACHE_LIMIT if enabled else 0
        self.dates = Pieces(self._date, room)  # "2024-11-27", "11/27/2024", "1/5/2025"
        self.iso_times = Pieces(functools.partial(_time, "2000-01-01"), room)  # " 16:30"
        self.us_times = Pieces(functools.partial(_time, "01/01/2000"), room)  # " 4:30 PM"

    def times(self, iso: bool) -> Pieces:
        """The time pieces read after an ISO date (`iso`), or after a US one."""
        return self.iso_times if iso else self.us_times

    def read(self, text: str) -> tuple[int, int | None] | None:
        """(local day ordinal, microseconds since midnight or None for a date alone) of
        a value (stripped) whose pieces the parser reads, or None."""
        if not text.isascii():
            return None
        cut = time_begins(text)
        if cut < 0:
            ordinal = self.dates[text]
            return None if ordinal is None else (ordinal, None)
        ordinal = self.dates[text[:cut]]
        since = self.times(text[4:5] == "-")[text[cut:]]
        if ordinal is None or since is None:
            return None
        return ordinal, since

    def _date(self, piece: str) -> int | None:
        if not self.enabled or not _DATE.fullmatch(piece):
            return None
        try:
            value = read_naive(piece, dayfirst=self.dayfirst)
        except InputError:
            return None
        return value.date.toordinal() if isinstance(value, DateOnly) else None


def time_begins(text: str) -> int:
    """Where a value's time begins: its first space or "T" (-1: neither, a date alone)."""
    space, tee = text.find(" "), text.find("T")
    if space < 0 or 0 <= tee < space:
        return tee
    return space


def kept_for_thread(*, dayfirst: bool, enabled: bool) -> ShapeCache:
    """The thread's caches for these two settings, on which alone their values depend:
    what one run learnt, the next run in the thread (a frame's next batch, a server's
    next upload) reads again."""
    kept: dict[tuple[bool, bool], ShapeCache] = _THREAD.__dict__.setdefault("caches", {})
    found = kept.get((dayfirst, enabled))
    if found is None:
        found = kept[dayfirst, enabled] = ShapeCache(dayfirst=dayfirst, enabled=enabled)
    return found


_THREAD = threading.local()  # a cache's lookups over columns grow its arrays: not shared
_SAMPLE = dt.date(2000, 1, 1)  # the day of both sample dates


def _time(sample_date: str, tail: str) -> int | None:
    """Microseconds since midnight of a time piece, read after a sample date of its kind
    (None where the parser reads no time of day on that date: a zone, another day)."""
    if not _TIME.fullmatch(tail):
        return None
    try:
        value = read_naive(sample_date + tail)
    except InputError:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None and value.date() == _SAMPLE:
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return seconds * MICROS + value.microsecond
    return None
