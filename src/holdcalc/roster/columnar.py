"""The row engine's fast path over columns: the same reading, the same day table, the
same arithmetic, on whole arrays at once (numpy and pyarrow, the frame extra).

`ZoneJudge._fast_path` judges one row: it reads its values through the shape caches,
places them on the zone's day table where the UTC offset is steady, counts the limit
by the table's prefix sums and decides. Here each distinct date and time piece of a
column is read once through those same caches (one lookup per distinct text, by
dictionary encoding), and the rest is array arithmetic on the same `DayTable`. A row
the fast path would leave to the general path (another format, a clock-change day, the
table's edge, a departure out of order or after the as-of time) is left here too:
`taken` is False and the caller judges it with the row engine, so every row's verdict
is the row engine's. tests/test_columnar.py holds the two equal on random rosters.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from holdcalc.core.clock import HOUR, MICROS
from holdcalc.core.errors import InputError
from holdcalc.core.verdict import Status
from holdcalc.roster.shapes import Pieces, ShapeCache
from holdcalc.roster.zone_judge import ZoneJudge

NONE = -1  # a piece the parser refused, or a value of another shape
MINUTE = 60 * MICROS
DAY_MICROS = 86_400 * MICROS
# The statuses `decide` gives, by code.
CODES = (
    Status.WITHIN_HOLD,
    Status.OVER_DETAINED,
    Status.ACTIVE,
    Status.EXPIRED,
    Status.POSSIBLY_OVER_DETAINED,
)
WITHIN, OVER, ACTIVE, EXPIRED, POSSIBLY = range(len(CODES))


def status_index() -> Any:
    """Each code's position in `Status` (the order columns of statuses are kept in)."""
    order = tuple(Status)
    return numpy().array([order.index(status) for status in CODES], numpy().int64)


def numpy() -> Any:
    import numpy  # noqa: PLC0415 (the frame extra: imported where it is used)

    return numpy


def arrow() -> Any:
    import pyarrow  # noqa: PLC0415

    return pyarrow


@dataclasses.dataclass(frozen=True)
class Columns:
    """What the fast path found for each row of a zone: `taken` rows have a verdict
    here; the others are the row engine's. Times are microseconds (UTC)."""

    taken: Any  # bool array
    due: Any  # the limit
    code: Any  # index into CODES
    over: Any  # time certainly past the limit
    left: Any  # time until the limit, while the hold runs
    began: Any
    ended: Any  # NONE while still held
    stale: Any  # bool: expired, and began before the zone's stale_before
    due_from: Any  # the limit's earliest end (a start known by its day); `due` the latest


@dataclasses.dataclass(frozen=True)
class Read:
    """Each value of a column as the row engine's shape caches read it: its local day
    ordinal, microseconds since midnight (NONE for a date alone, or where the caches do
    not read the value), whether it is a date alone, and whether it is blank."""

    ordinal: Any
    since: Any
    whole: Any
    blank: Any

    def rows(self, chosen: Any) -> Read:
        return Read(
            self.ordinal[chosen], self.since[chosen], self.whole[chosen], self.blank[chosen]
        )


def pieces(values: Any, shapes: ShapeCache) -> Read:
    """A string array's values read through the shape caches, as ZoneJudge.window reads
    one value: 16 and 19 characters as a date and a time, 10 as a date alone."""
    np, pc = numpy(), arrow().compute
    values = pc.utf8_trim_whitespace(values)
    size = len(values)
    ordinal, since = np.full(size, NONE, np.int64), np.full(size, NONE, np.int64)
    lengths = pc.fill_null(pc.utf8_length(values), 0).to_numpy(zero_copy_only=False)
    for length, (dates, times) in shapes.by_length().items():
        rows = np.flatnonzero(lengths == length)
        if rows.size:
            chosen = values.take(rows)
            ordinal[rows] = _looked_up(pc.utf8_slice_codeunits(chosen, 0, 10), dates)
            since[rows] = _looked_up(pc.utf8_slice_codeunits(chosen, 10, length), times)
    whole = lengths == 10
    rows = np.flatnonzero(whole)
    if rows.size:
        ordinal[rows] = _looked_up(values.take(rows), shapes.short_dates)
    return Read(ordinal, since, whole, lengths == 0)


def _looked_up(texts: Any, cache: Pieces) -> Any:
    np = numpy()
    encoded = texts.dictionary_encode()
    found = [cache[text] for text in encoded.dictionary.to_pylist()]
    table = np.array([NONE if value is None else value for value in found], np.int64)
    return table[encoded.indices.to_numpy(zero_copy_only=False)]


@dataclasses.dataclass(frozen=True)
class _Days:
    """A zone's DayTable as arrays."""

    first: int
    days: int
    starts: Any
    prefix: Any
    counts: Any
    steady: Any

    @classmethod
    def of(cls, judge: ZoneJudge) -> _Days:
        np, table = numpy(), judge.texts.table
        counts = np.array([reason is None for reason in table.reasons], bool)
        return cls(
            table.first,
            table.days,
            np.array(table.starts, np.int64),
            np.array(table.prefix, np.int64),
            counts,
            np.array(table.steady, bool),
        )

    def window(self, value: Read) -> tuple[Any, Any, Any, Any]:
        """(read, first instant, last instant, day index) of each value: a date and time
        on a day without a clock change is one instant; a date alone its whole day."""
        np = numpy()
        index = value.ordinal - self.first
        inside = (value.ordinal != NONE) & (index >= 0) & (index < self.days - 1)
        index = np.clip(index, 0, max(self.days - 2, 0))
        point = ~value.whole & (value.since != NONE)
        read = inside & (value.whole | (point & self.steady[index]))
        low = self.starts[index] + np.where(point, value.since, 0)
        high = np.where(value.whole, self.starts[index + 1], low)
        return read, low, high, index

    def expiry(self, instant: Any, index: Any, length: int) -> tuple[Any, Any]:
        """(found, the limit) of holds starting at `instant` on day `index`: the counted
        time before it plus the hold's length, placed by the prefix sums."""
        np = numpy()
        counted = self.prefix[index] + np.where(self.counts[index], instant - self.starts[index], 0)
        target = counted + length
        k = np.searchsorted(self.prefix, target, side="left")
        found = (k >= 1) & (k < len(self.prefix) - 1)  # at the table's edge: the row engine
        k = np.clip(k, 1, len(self.prefix) - 1)
        return found, self.starts[k - 1] + target - self.prefix[k - 1]


def judge_zone(judge: ZoneJudge, start: Read, left: Read | None) -> Columns:
    """ZoneJudge.judge (the general path, which the fast path agrees with) over arrays
    of one zone's start and departure values (`left` None: no departure column)."""
    np = numpy()
    _cover(judge, start.ordinal)
    days = _Days.of(judge)
    if days.days < 2:  # nothing tabulated (no value read): every row to the row engine
        zero, no = np.zeros(len(start.ordinal), np.int64), np.zeros(len(start.ordinal), bool)
        return Columns(no, zero, zero, zero, zero, zero, zero, no, zero)
    taken, s_lo, s_hi, index = days.window(start)
    found_lo, e_lo = days.expiry(s_lo, index, judge.length)
    found_hi, e_hi = days.expiry(s_hi, np.where(start.whole, index + 1, index), judge.length)
    taken &= found_lo & found_hi & (np.where(start.whole, index + 1, index) < days.days - 1)
    now = judge.as_of
    if left is None:
        held = np.ones(len(s_lo), bool)
        l_lo = l_hi = np.full(len(s_lo), NONE, np.int64)
    else:
        held = left.blank  # no departure: still held
        read, l_lo, l_hi, _ = days.window(left)
        in_order = (l_hi >= s_lo) & (left.whole | (l_lo >= s_lo))
        taken &= held | (read & in_order)
        judge.departures_after += int(np.count_nonzero(taken & ~held & (l_lo > now)))
    taken &= ~held | (now >= s_lo)
    code, over, remaining = decide((e_lo, e_hi), (l_lo, l_hi), held, now)
    stale = (code == EXPIRED) & (s_lo < judge.stale_before)
    ended = np.where(held, NONE, l_lo)
    return Columns(taken, e_hi, code, over, remaining, s_lo, ended, stale, e_lo)


def _cover(judge: ZoneJudge, ordinals: Any) -> None:
    """Tabulate the years of the zone's rows, and a year past the last (a year the
    calendar cannot tell leaves its rows to the row engine, which names the problem)."""
    np = numpy()
    known = ordinals[ordinals != NONE]
    if not known.size:
        return
    low, high = int(np.min(known)), int(np.max(known))
    for ordinal in (low, high, high + 366):
        try:
            judge._index(ordinal)
        except InputError:
            continue


def decide(
    due: tuple[Any, Any], left: tuple[Any, Any], held: Any, now: int
) -> tuple[Any, Any, Any]:
    """`core.verdict.decide` over arrays: the limit falls in [due_lo, due_hi], the
    person left in [left_lo, left_hi] (or is `held`, judged as of `now`). Returns
    (status code, time past the limit, time left). tests/test_columnar.py holds it
    equal to `decide` on every branch."""
    np = numpy()
    (due_lo, due_hi), (left_lo, left_hi) = due, left
    late, early = left_lo > due_hi, left_hi <= due_lo
    released = np.where(late, OVER, np.where(early, WITHIN, POSSIBLY))
    running, past = now <= due_lo, now > due_hi
    still = np.where(running, ACTIVE, np.where(past, EXPIRED, POSSIBLY))
    code = np.where(held, still, released)
    over = np.where(held, np.where(past, now - due_hi, 0), np.where(late, left_lo - due_hi, 0))
    remaining = np.where(held & running, due_lo - now, 0)
    return code, over, remaining


def hours(over: Any) -> Any:
    """The hours past the limit as `check` writes them (two decimals), as floats: the
    value of the text `f"{over / HOUR:.2f}"`, computed without formatting each row."""
    np = numpy()
    scaled = over / HOUR * 100
    rounded = np.rint(scaled)
    tie = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6  # formatting decides a near tie
    result = rounded / 100
    for row in np.flatnonzero(tie):
        result[row] = float(f"{int(over[row]) / HOUR:.2f}")
    return result
