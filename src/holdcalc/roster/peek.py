"""What a table's first rows say about how it was exported, for the run to tell.

A per-charge export (one row per charge, the hold a charge of its own) read as a table
of holds judges every charge's release as the start of a hold: a criminal charge
disposed of weeks before the person left reads as weeks of over-detention. Such a file
lists a booking's charges on several rows, so its first rows show it: the same
booking on rows with different starts (one under another, or apart in a file sorted by
date). A table of holds has one row a hold.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Hashable, Iterable, Sequence

from holdcalc.core.errors import Part, Setting
from holdcalc.roster.columns import Columns, Role, cell, find_column
from holdcalc.roster.stacked import PEEK, sub_header


@dataclasses.dataclass(frozen=True)
class SharedBookings:
    """Bookings with several rows of different starts among the first rows: the
    booking column's name, the first such booking, how many rows it has there, and
    how many such bookings were seen."""

    column: str
    first: str
    rows: int
    bookings: int


def shared_bookings(columns: Columns, rows: Iterable[Sequence[str]]) -> SharedBookings | None:
    """The bookings of the first rows that have several rows with different starts, or
    None (no booking column, or none such)."""
    start, time = columns.start, columns.start_time
    return _shared(columns.header, rows, lambda row: (cell(row, start), cell(row, time)))


def charge_rows(header: Sequence[str], rows: Iterable[Sequence[str]]) -> SharedBookings | None:
    """As `shared_bookings`, for a table whose start column is not known: bookings with
    different rows."""
    return _shared(header, rows, tuple)


def layout_hint(
    header: Sequence[str], rows: Callable[[], Iterable[Sequence[str]]]
) -> tuple[Part, ...]:
    """For a table without a start column, what its first `rows` say of its layout: a
    printed report (a sub-header comes back under booking lines), or one row per charge
    (a booking on several rows), and how such a file is read; () for neither."""
    found = sub_header(header, rows())
    if found is not None:
        return (
            f"; these rows look like a printed report, the row {' | '.join(found)!r} coming "
            "back under booking lines: read it one row per charge with ",
            Setting.GROUP_BY,
            " (a column of the booking lines) and ",
            Setting.START_COLUMN,
        )
    shared = charge_rows(header, rows())
    if shared is None:
        return ()
    return (
        f"; the rows look like one row per charge ({shared.column} {shared.first!r} on "
        f"{shared.rows:,} rows): to judge each booking by its hold row, "
        "give ",
        Setting.GROUP_BY,
        f" {shared.column!r} and ",
        Setting.START_COLUMN,
        " naming when each charge was released",
    )


def _shared(
    header: Sequence[str], rows: Iterable[Sequence[str]], key: Callable[[Sequence[str]], object]
) -> SharedBookings | None:
    booking = find_column(header, Role.BOOKING)
    if booking is None:
        return None
    first = list(itertools.islice(rows, PEEK))
    bookings = [cell(row, booking) for row in first]
    return shared_runs(header[booking], bookings, [key(row) for row in first])


def shared_runs(
    column: str, bookings: Sequence[str], starts: Sequence[Hashable]
) -> SharedBookings | None:
    """The bookings (`column`'s cells, stripped, row by row) that have rows whose
    `starts` differ, wherever those rows are (an export sorted by date spreads a
    booking's charges apart), or None. The first named is the first such booking met."""
    rows: dict[str, int] = {}  # rows of each booking, in the order first met
    keys: dict[str, set[Hashable]] = {}
    for value, key in zip(bookings, starts, strict=True):
        if value:
            rows[value] = rows.get(value, 0) + 1
            keys.setdefault(value, set()).add(key)
    shared = [value for value in rows if len(keys[value]) > 1]
    if not shared:
        return None
    return SharedBookings(column, shared[0], rows[shared[0]], len(shared))
