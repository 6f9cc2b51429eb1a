"""Caches of date and time pieces in the common shapes, each read once by the parser.

Shapes: 16 characters, "YYYY-MM-DD HH:MM" or "MM/DD/YYYY HH:MM"; 19 characters,
"MM/DD/YYYY hh:mm AM", "MM/DD/YYYY HH:MM:SS" or "YYYY-MM-DD HH:MM:SS" (as databases
export a time to the second); " " or "T" between date and time; and 10-character
dates. Tables keep the shapes apart (a 19-character value's time is read after a date
of its own kind, ISO or US, so a time the parser takes after one kind only is never
taken after the other), and every piece is read by the canonical parser on a sample of
its own shape, so a cache can only repeat what the parser says. None marks a piece the
parser refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Callable

from holdcalc.core.clock import MICROS
from holdcalc.core.errors import InputError
from holdcalc.core.parsing import DateOnly, read_naive

CACHE_LIMIT = 100_000  # pieces per table: a bound on memory for files of odd values
SHORT, LONG = 16, 19  # lengths of "2024-11-27 16:30" and "11/27/2024 04:30 PM"
ISO_APART = (LONG,)  # lengths whose ISO and US values have time tables of their own


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
        self.short_dates = Pieces(self._iso_or_us_date, room)  # also date-only values
        self.short_times = Pieces(functools.partial(_time, "2000-01-01"), room)  # " HH:MM"
        self.long_dates = Pieces(self._us_date, room)
        self.long_times = Pieces(functools.partial(_time, "01/01/2000"), room)  # " hh:mm AM"
        self.long_iso_times = Pieces(functools.partial(_time, "2000-01-01"), room)  # "THH:MM:SS"

    def tables(self, length: int, iso: bool) -> tuple[Pieces, Pieces]:
        """The date and time tables of a value of `length` characters (SHORT or LONG)
        whose date is written ISO (`iso`: its fifth character is "-") or not."""
        if length == SHORT:
            return self.short_dates, self.short_times
        if iso:
            return self.short_dates, self.long_iso_times
        return self.long_dates, self.long_times

    def date_ordinal(self, piece: str, us_only: bool = False) -> int | None:
        """The day ordinal of a 10-character date piece (None: not a date)."""
        return (self.long_dates if us_only else self.short_dates)[piece]

    def day_and_time(self, text: str) -> tuple[int | None, int | None]:
        """(local day ordinal, microseconds since midnight) of a 16- or 19-character value."""
        dates, times = self.tables(len(text), text[4:5] == "-")
        return dates[text[:10]], times[text[10:]]

    def _iso_or_us_date(self, piece: str) -> int | None:
        return self._date(piece) if self.enabled else None

    def _us_date(self, piece: str) -> int | None:
        return self._date(piece) if self.enabled and piece[2:3] == "/" else None

    def _date(self, piece: str) -> int | None:
        try:
            value = read_naive(piece, dayfirst=self.dayfirst)
        except InputError:
            return None
        return value.date.toordinal() if isinstance(value, DateOnly) else None


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


def _time(sample_date: str, tail: str) -> int | None:
    """Microseconds since midnight of a time piece, read after a sample date of its shape."""
    if tail[:1] not in (" ", "T"):
        return None
    try:
        value = read_naive(sample_date + tail)
    except InputError:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return (value.hour * 3600 + value.minute * 60 + value.second) * MICROS
    return None
