"""Caches of date and time pieces in the common shapes, each read once by the parser.

Shapes: 16 characters, "YYYY-MM-DD HH:MM" or "MM/DD/YYYY HH:MM"; 19 characters,
"MM/DD/YYYY hh:mm AM"; " " or "T" between date and time; and 10-character dates.
Tables keep the shapes apart (a 19-character date piece is only ever a US one), and
every piece is read by the canonical parser on a sample of its own shape, so a cache
can only repeat what the parser says. None marks a piece the parser refused.
"""

from __future__ import annotations

import datetime as dt

from holdcalc.core.clock import MICROS
from holdcalc.core.errors import InputError
from holdcalc.core.parsing import DateOnly, read_naive

CACHE_LIMIT = 100_000  # pieces per table: a bound on memory for files of odd values
SHORT, LONG = 16, 19  # lengths of "2024-11-27 16:30" and "11/27/2024 04:30 PM"


class ShapeCache:
    """Local day ordinals of date pieces and microseconds since midnight of time pieces."""

    def __init__(self, *, dayfirst: bool, enabled: bool = True) -> None:
        """`enabled` False (the user gave date formats): every piece is left to the full
        parser, which tries those formats first; the caches would read shapes their way."""
        self.dayfirst = dayfirst
        self.enabled = enabled
        self.short_dates: dict[str, int | None] = {}  # also date-only values
        self.short_times: dict[str, int | None] = {}  # " HH:MM"
        self.long_dates: dict[str, int | None] = {}
        self.long_times: dict[str, int | None] = {}  # " hh:mm AM"

    def by_length(self) -> dict[int, tuple[dict[str, int | None], dict[str, int | None]]]:
        """The date and time caches of each common shape, by the value's length."""
        return {
            SHORT: (self.short_dates, self.short_times),
            LONG: (self.long_dates, self.long_times),
        }

    def date_ordinal(self, piece: str, us_only: bool = False) -> int | None:
        """The day ordinal of a 10-character date piece (None: not a date)."""
        table = self.long_dates if us_only else self.short_dates
        if piece in table:
            return table[piece]
        if not self.enabled:
            return None
        ordinal = None
        if not us_only or piece[2:3] == "/":
            try:
                value = read_naive(piece, dayfirst=self.dayfirst)
            except InputError:
                value = None
            if isinstance(value, DateOnly):
                ordinal = value.date.toordinal()
        if len(table) < CACHE_LIMIT:
            table[piece] = ordinal
        return ordinal

    def day_and_time(self, text: str) -> tuple[int | None, int | None]:
        """(local day ordinal, microseconds since midnight) of a 16- or 19-character value."""
        us_only = len(text) == LONG
        ordinal = self.date_ordinal(text[:10], us_only)
        tail = text[10:]
        table = self.long_times if us_only else self.short_times
        if tail in table:
            return ordinal, table[tail]
        since = None
        if tail[:1] in (" ", "T"):
            sample = ("01/01/2000" if us_only else "2000-01-01") + tail
            try:
                value = read_naive(sample)
            except InputError:
                value = None
            if isinstance(value, dt.datetime) and value.tzinfo is None:
                since = (value.hour * 3600 + value.minute * 60 + value.second) * MICROS
        if len(table) < CACHE_LIMIT:
            table[tail] = since
        return ordinal, since
