"""Printed-report layouts, read as per-charge rows.

A jail's "report" export is not a table: under a title block and a header row for
bookings, each booking is one booking line, a repeated charge sub-header, its charge
lines and a blank line; a page break may repeat the booking header. This module finds
that shape in a file's first rows and reads it as one row per charge, the booking's
cells carried down in front of each charge's, so the per-charge engine judges it as
it judges a flat export. Lines that are neither (titles, footers) are skipped and
their line numbers kept, so the run can say what it left out.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
from collections.abc import Iterable, Iterator, Sequence

from holdcalc.roster.columns import ALIASES, Role, normalize_name

PEEK = 300  # rows looked at to recognise the layout (stacked, or one row per charge)


@dataclasses.dataclass(frozen=True)
class Shape:
    """Where a stacked report's two headers are: row indices in the rows looked at."""

    booking_header: int
    charge_header: int

    def names(self, rows: Sequence[Sequence[str]]) -> list[str]:
        """The flat table's header: the booking header's names, then the charge's."""
        booking, charge = rows[self.booking_header], rows[self.charge_header]
        return [*(cell.strip() for cell in booking), *(cell.strip() for cell in charge)]


def _key(row: Sequence[str]) -> tuple[str, ...]:
    """A row as compared: cells stripped and folded, trailing blanks dropped."""
    cells = [cell.strip().casefold() for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def repeated(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bool:
    """Whether a table's header row comes back among its first rows: the mark of a
    printed report, whose charge sub-header the header search may have taken."""
    key = _key(header)
    return bool(key) and any(_key(row) == key for row in rows)


def sub_header(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str] | None:
    """The charge sub-header of rows that look like a printed report (to say so where no
    start column is found): a row of two named cells or more, other than the header,
    that comes back three times or more among the first rows, each time under a
    non-blank line (a booking's line). None where no row does."""
    first = [list(row) for row in itertools.islice(rows, PEEK)]
    keys = [_key(row) for row in first]
    counts = collections.Counter(k for k in keys if sum(1 for c in k if c) >= 2)
    below = collections.defaultdict(set)  # each repeated row: the lines above it
    for i, key in enumerate(keys[1:], 1):
        if counts[key] >= 3:
            below[key].add(keys[i - 1])
    for key, above in below.items():
        if key != _key(header) and () not in above and key not in above:
            return [cell.strip() for cell in first[keys.index(key)] if cell.strip()]
    return None


def find_shape(rows: Sequence[Sequence[str]], start: str | None) -> Shape | None:
    """The stacked layout of these rows, if they have one: a row naming the start
    column that repeats, each time under a non-blank line (its booking's line), and
    the booking header the nearest non-blank row above the first booking line."""
    keys = [_key(row) for row in rows]
    counts = collections.Counter(k for k in keys if sum(1 for c in k if c) >= 2)
    wanted = {normalize_name(start)} if start else set(ALIASES[Role.START])
    for i, key in enumerate(keys):
        if counts[key] < 2 or not wanted & {normalize_name(cell) for cell in key}:
            continue
        if i < 2 or not keys[i - 1] or keys.index(key) != i:
            continue  # (the header of a flat table, repeated below its rows, is no sub-header)
        j = i - 2
        while j >= 0 and not keys[j]:
            j -= 1
        if j >= 0 and keys[j] != key:
            return Shape(j, i)
    return None


@dataclasses.dataclass
class Unstacked:
    """The charge rows of a stacked report, with what was read and left out."""

    bookings: int = 0
    charge_lines: int = 0
    repeated_headers: int = 0
    skipped: list[int] = dataclasses.field(default_factory=list)  # line numbers


def unstack(
    rows: Iterator[tuple[int, list[str]]],
    shape_rows: Sequence[Sequence[str]],
    shape: Shape,
    counts: Unstacked,
) -> Iterator[list[str]]:
    """Each charge line as a flat row (the booking's cells, then the charge's); a
    booking with no charge line as its cells alone. `rows` are (line, cells) after
    the booking header."""
    booking_key = _key(shape_rows[shape.booking_header])
    charge_key = _key(shape_rows[shape.charge_header])
    widths = len(shape_rows[shape.booking_header]), len(shape_rows[shape.charge_header])
    reader = _Reader(booking_key, charge_key, widths, counts)
    take = reader.take
    for line, row in rows:
        flat = take(line, row)
        if flat:
            yield from flat
    yield from reader.close()


class _Reader:
    """One line held back: a line is a booking's only if the sub-header follows it."""

    def __init__(
        self,
        booking_key: tuple[str, ...],
        charge_key: tuple[str, ...],
        widths: tuple[int, int],
        counts: Unstacked,
    ) -> None:
        self.keys, self.widths, self.counts = (booking_key, charge_key), widths, counts
        self.firsts = {key[0] for key in self.keys if key}
        self.booking: list[str] | None = None
        self.charges = 0  # charge lines of the current booking
        self.pending: tuple[int, list[str]] | None = None
        self.in_charges = False

    def take(self, line: int, row: list[str]) -> list[list[str]]:
        """The flat rows this line completes (most lines complete the one before)."""
        first = row[0].strip().casefold() if row else ""
        # A header's first cell: compare the whole row; else only blank or not matters.
        key = _key(row) if first in self.firsts else ("",) if any(row) else ()
        if key == self.keys[1]:  # the sub-header: the line held back is a booking's
            if self.pending is None:  # the sub-header again after a page break
                self.in_charges = self.booking is not None
                return []
            done = self._booking_ends()
            self.booking, self.charges = self.pending[1], 0
            self.counts.bookings += 1
            self.pending = None
            self.in_charges = True
            return done
        done = self._release()
        if key == self.keys[0]:  # the booking header again, after a page break
            self.counts.repeated_headers += 1
        elif key:
            self.pending = (line, row)
        else:
            self.in_charges = False
        return done

    def close(self) -> list[list[str]]:
        return [*self._release(), *self._booking_ends()]

    def _release(self) -> list[list[str]]:
        """The line held back, now known not to be a booking's: a charge, or skipped."""
        if self.pending is None:
            return []
        line, row = self.pending
        self.pending = None
        if self.in_charges and self.booking is not None:
            self.charges += 1
            self.counts.charge_lines += 1
            return [self._flat(self.booking, row)]
        self.counts.skipped.append(line)
        return []

    def _booking_ends(self) -> list[list[str]]:
        ended = self.booking is not None and not self.charges
        done = [self._flat(self.booking, [])] if ended and self.booking is not None else []
        self.booking, self.charges = None, 0
        return done

    def _flat(self, booking: list[str], charge: list[str]) -> list[str]:
        first, second = self.widths
        return [*_fit(booking, first), *_fit(charge, second)]


def _fit(row: list[str], width: int) -> list[str]:
    return (row + [""] * width)[:width] if len(row) != width else row
