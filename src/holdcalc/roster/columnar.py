"""The row engine's reading and counting over columns: the same caches, the same day
table, the same arithmetic, on whole arrays at once (numpy and pyarrow, the frame
extra).

`ZoneJudge` judges one row: it reads its values through the shape caches (or the
parser), places them on the zone's day table, counts the limit by the table's prefix
sums and decides. Here each distinct date and time piece of a column is read once
through those same caches (roster.column_reading), a wall-clock
time is placed on its day by arithmetic (on a clock-change day too, where the day has
one change and the time is neither skipped nor repeated), a date alone is its day's
window, and the rest is array arithmetic on the same `DayTable`. A row this leaves
(another layout, a time the parser refuses, the table's edge, a departure out of
order) has `taken` False, and the caller judges it with the row engine, so every row's
verdict is the row engine's. tests/test_columnar.py holds the two equal on random
tables; tests/test_engines.py holds `check`'s two engines to the same bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from holdcalc.core.clock import HOUR, MICROS
from holdcalc.core.errors import InputError
from holdcalc.core.verdict import Status
from holdcalc.roster.column_reading import NONE, Read, arrow, numpy
from holdcalc.roster.zone_judge import ZoneJudge, clock_text

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


class _Clocks:
    """The clock text of seconds of the day, as ZoneJudge.stamp writes them, taken from a
    text array made on first use: the day's 1,440 minutes, or its 86,400 seconds only
    where a stamp has seconds (a value read to the second)."""

    def take(self, seconds: Any) -> Any:
        pa = arrow()
        if not numpy().any(seconds % 60):
            return self._table(60).take(pa.array(seconds // 60))
        return self._table(1).take(pa.array(seconds))

    @staticmethod
    def _table(step: int) -> Any:
        table = _CLOCKS.get(step)
        if table is None:
            texts = [clock_text(second) for second in range(0, 86_400, step)]
            table = _CLOCKS[step] = arrow().array(texts, arrow().string())
        return table


_CLOCKS: dict[int, Any] = {}
CLOCKS = _Clocks()


def status_index() -> Any:
    """Each code's position in `Status` (the order columns of statuses are kept in)."""
    order = tuple(Status)
    return numpy().array([order.index(status) for status in CODES], numpy().int64)


def zones_of(column: Any | None, size: int) -> Any:
    """A zone column dictionary-encoded, a missing cell read as blank (one blank zone
    for every row when there is no column)."""
    pa = arrow()
    if column is None:
        return pa.DictionaryArray.from_arrays(pa.array(numpy().zeros(size, "int32")), [""])
    text = pa.compute.fill_null(column.combine_chunks().cast(pa.string()), "")
    return text.dictionary_encode()


def by_zone(
    zone_of: Callable[[str], object], zones: Any, start: Read, left: Read | None
) -> Iterator[tuple[ZoneJudge, Any, Columns]]:
    """Each usable zone's judge, its rows, and those rows judged (`zones` as `zones_of`
    encodes them; a zone that cannot be used is left to the row engine, which words each
    of its rows' error)."""
    np = numpy()
    codes = zones.indices.to_numpy(zero_copy_only=False)
    for number, zone_text in enumerate(zones.dictionary.to_pylist()):
        zone = zone_of(zone_text)
        if isinstance(zone, ZoneJudge):
            rows = np.flatnonzero(codes == number)
            part = judge_zone(zone, start.rows(rows), left.rows(rows) if left else None)
            yield zone, rows, part


@dataclasses.dataclass(frozen=True)
class Columns:
    """What the columnar path found for each row of a zone: `taken` rows have a verdict
    here; the others are the row engine's. Times are microseconds (UTC)."""

    taken: Any  # bool array
    due: Any  # the limit
    code: Any  # index into CODES
    over: Any  # time certainly past the limit
    began: Any
    ended: Any  # NONE while still held
    stale: Any  # bool: expired, and began before the zone's stale_before
    day: Any  # the table's day the limit is stamped in
    stamped: Any  # bool: the stamp is the day's date, a second and an offset of the day
    second: Any  # the stamp's second of that day, on the wall clock
    coming: Any  # bool: a departure after the as-of time (ZoneJudge counts them)
    days: _Days  # the table it was judged on
    began_day: Any  # the start's local day ordinal
    left_lo: Any  # the departure's window (NONE while still held)
    left_hi: Any
    began_hi: Any  # the start's window's last instant (a date alone: the next day's start)
    due_lo: Any  # the limit of a hold starting at `began` (a date alone: its earliest)
    # bool: not taken for its departure, read and before the start, on a row whose start
    # and limit are (the row engine raises its error: RowJudge.left_before_start)
    early: Any

    def stamps(self, rows: Any) -> Any:
        """The ISO stamps of the limits of `rows` (stamped ones), as a text array: the
        day's date, the second's clock and the offset, as ZoneJudge.stamp writes them
        (past a day's clock change, the offset after it: the next day's first)."""
        pa = arrow()
        day = self.day[rows]
        past = self.due[rows] >= self.days.clocks.change[day]
        clock = CLOCKS.take(self.second[rows])
        dates = self.days.dates.take(pa.array(day))
        offsets = self.days.offsets.take(pa.array(day + past))
        return pa.compute.binary_join_element_wise(dates, clock, offsets, "")


@dataclasses.dataclass(frozen=True)
class _Days:
    """A zone's DayTable as arrays."""

    first: int
    days: int
    starts: Any
    prefix: Any
    counts: Any
    steady: Any

    dates: Any  # each day's ISO date text, and its UTC offset's, for stamps
    offsets: Any
    clocks: _Changes  # where each day's clock changes, to place wall-clock times

    @classmethod
    def of(cls, judge: ZoneJudge) -> _Days:
        """The zone's current table as arrays, made once a table (a table is replaced,
        never changed, when it grows)."""
        texts = judge.texts

        def made(table: Any) -> _Days:
            np = numpy()
            return cls(
                table.first,
                table.days,
                np.array(table.starts, np.int64),
                np.array(table.prefix, np.int64),
                np.array([reason is None for reason in table.reasons], bool),
                np.array(table.steady, bool),
                arrow().array(texts.dates, arrow().string()),
                arrow().array(texts.offsets, arrow().string()),
                _Changes.of(table, judge.zone),
            )

        return judge.timeline.made_from("days", texts.table, made)

    def window(self, value: Read) -> tuple[Any, Any, Any, Any]:
        """(read, first instant, last instant, day index) of each value: a date and time
        is one instant (on a clock-change day, one that is neither skipped nor repeated:
        those the parser refuses, in the row engine); a date alone its whole day."""
        np = numpy()
        index = value.ordinal - self.first
        inside = (value.ordinal != NONE) & (index >= 0) & (index < self.days - 1)
        index = np.clip(index, 0, max(self.days - 2, 0))
        point = ~value.whole & (value.since != NONE)
        placed, instant = self.clocks.place(index, self.starts[index] + value.since)
        read = inside & (value.whole | (point & placed))
        low = np.where(point, instant, self.starts[index])
        high = np.where(value.whole, self.starts[index + 1], low)
        return read, low, high, index

    def expiry(self, instant: Any, index: Any, length: int) -> tuple[Any, Any, Any]:
        """(found, the limit, the day it falls in) of holds starting at `instant` on day
        `index`: the counted time before it plus the hold's length, placed by the prefix
        sums; a limit at midnight falls in the next day (as ZoneJudge.stamp has it)."""
        np = numpy()
        counted = self.prefix[index] + np.where(self.counts[index], instant - self.starts[index], 0)
        target = counted + length
        k = np.searchsorted(self.prefix, target, side="left")
        found = (k >= 1) & (k < len(self.prefix) - 1)  # at the table's edge: the row engine
        k = np.clip(k, 1, len(self.prefix) - 2)
        due = self.starts[k - 1] + target - self.prefix[k - 1]
        return found, due, np.where(due == self.starts[k], k, k - 1)

    def clock(self, instant: Any, day: Any) -> tuple[Any, Any]:
        """(whether the instant's stamp is a date, a second and an offset, the second of
        the day on the wall clock): as ZoneJudge.stamp writes it on a day without a clock
        change, and as it writes it (the instant's isoformat) on a day with one change
        that begins at midnight, the wall clock moved by the change past it."""
        np, clocks = numpy(), self.clocks
        past = instant >= clocks.change[day]  # never on a steady day: its change is its end
        since = (
            instant - self.starts[day] + np.where(past, clocks.after[day] - clocks.before[day], 0)
        )
        placed = self.steady[day] | clocks.modelled[day]
        fits = placed & (since % MICROS == 0) & (since >= 0) & (since < DAY_MICROS)
        return fits, since // MICROS


@dataclasses.dataclass(frozen=True)
class _Changes:
    """For each day, the instant its clock changes (the next day's start where it does
    not) and the offsets before and after; `modelled` says the day has at most one change
    and begins at local midnight, so that a wall-clock time is placed by arithmetic."""

    change: Any
    before: Any
    after: Any
    modelled: Any

    @classmethod
    def of(cls, table: Any, zone: Any) -> _Changes:
        np = numpy()
        change = np.array(table.starts[1:], np.int64)
        before = np.array(table.offsets[:-1], np.int64)
        after = np.array(table.offsets[1:], np.int64)
        modelled = np.array(table.steady, bool)
        for day in np.flatnonzero(~modelled).tolist():
            found = _one_change(table.starts[day], table.starts[day + 1], zone)
            midnight = (table.starts[day] + table.offsets[day]) % DAY_MICROS == 0
            if found is not None and midnight:
                change[day], modelled[day] = found, True
        return cls(change, before, after, modelled)

    def place(self, index: Any, first_reading: Any) -> tuple[Any, Any]:
        """(placed, instant) of wall-clock times on days `index`, each given as the
        instant it would be at the day's first offset: placed where exactly one instant
        shows that wall-clock time (in the day)."""
        np = numpy()
        early = first_reading
        late = first_reading + self.before[index] - self.after[index]
        change = self.change[index]
        one = (early < change) ^ (late >= change)
        return self.modelled[index] & one, np.where(early < change, early, late)


def _one_change(start: int, end: int, zone: Any) -> int | None:
    """The instant of the one clock change between `start` and `end` (the first instant
    at the new offset), or None where the day has more than one, or none."""
    from holdcalc.core.clock import from_micros  # noqa: PLC0415

    def offset(instant: int) -> Any:
        return from_micros(instant, zone).utcoffset()

    first, last = offset(start), offset(end)
    if first == last:
        return None
    low, high = start // MICROS, -(-end // MICROS)  # seconds: clocks change on the second
    while high - low > 1:
        middle = (low + high) // 2
        if offset(middle * MICROS) == first:
            low = middle
        else:
            high = middle
    change = high * MICROS
    step = 600 * MICROS  # every ten minutes of the day shows the one change, or not
    for instant in range(start, end, step):
        if offset(instant) != (first if instant < change else last):
            return None
    return change


def judge_zone(judge: ZoneJudge, start: Read, left: Read | None) -> Columns:
    """ZoneJudge.judge over arrays of one zone's start and departure values (`left`
    None: no departure column)."""
    np = numpy()
    _cover(judge, start.ordinal)
    days = _Days.of(judge)
    if days.days < 2:  # nothing tabulated (no value read): every row to the row engine
        zero, no = np.zeros(len(start.ordinal), np.int64), np.zeros(len(start.ordinal), bool)
        return Columns(
            no, zero, zero, zero, zero, zero, no, zero, no, zero, no, days, zero, zero, zero,
            zero, zero, no,
        )  # fmt: skip
    taken, s_lo, s_hi, index = days.window(start)
    found_lo, e_lo, _ = days.expiry(s_lo, index, judge.length)
    after = np.where(start.whole, index + 1, index)
    found_hi, e_hi, day = days.expiry(s_hi, after, judge.length)
    taken &= found_lo & found_hi & (after < days.days - 1)
    stamped, second = days.clock(e_hi, day)
    now = judge.as_of
    if left is None:
        held, early = np.ones(len(s_lo), bool), np.zeros(len(s_lo), bool)
        l_lo = l_hi = np.full(len(s_lo), NONE, np.int64)
    else:
        held = left.blank  # no departure: still held
        read, l_lo, l_hi, _ = days.window(left)
        in_order = (l_hi >= s_lo) & (left.whole | (l_lo >= s_lo))
        early = taken & ~held & read & ~in_order
        taken &= held | (read & in_order)
    taken &= ~held | (now >= s_lo)
    code, over = decide((e_lo, e_hi), (l_lo, l_hi), held, now)
    stale = (code == EXPIRED) & (s_lo < judge.stale_before)
    ended = np.where(held, NONE, l_lo)
    coming = ~held & (l_lo > now)  # a departure still to come: the run counts them
    return Columns(
        taken, e_hi, code, over, s_lo, ended, stale, day, stamped, second, coming, days,
        start.ordinal, l_lo, l_hi, s_hi, e_lo, early,
    )  # fmt: skip


def _cover(judge: ZoneJudge, ordinals: Any) -> None:
    """Tabulate the years of the zone's rows, and a year past the last (a year the
    calendar cannot tell leaves its rows to the row engine, which names the problem).
    The table grows once for all of them where it can: growing it for each end in turn
    tabulated as many days but built the table and its texts and arrays three times
    (0.03 s a worker on the benchmark roster's eight zones)."""
    np = numpy()
    known = ordinals[ordinals != NONE]
    if not known.size:
        return
    low, high = int(np.min(known)), int(np.max(known))
    try:
        judge.timeline.cover(_year(low), _year(high + 366))
    except InputError:  # a year the calendar cannot tell: each end as far as it can
        for ordinal in (low, high, high + 366):
            with contextlib.suppress(InputError):
                judge.timeline.index(ordinal)
    judge._refresh()  # the day texts of the table as it now stands


def _year(ordinal: int) -> int:
    return dt.date.fromordinal(ordinal).year


def decide(due: tuple[Any, Any], left: tuple[Any, Any], held: Any, now: int) -> tuple[Any, Any]:
    """`core.verdict.decide` over arrays: the limit falls in [due_lo, due_hi], the
    person left in [left_lo, left_hi] (or is `held`, judged as of `now`). Returns
    (status code, time past the limit); no column writes the time left. Tests in
    tests/test_columnar.py hold both equal to `decide`'s on every branch."""
    np = numpy()
    (due_lo, due_hi), (left_lo, left_hi) = due, left
    late, early = left_lo > due_hi, left_hi <= due_lo
    released = np.where(late, OVER, np.where(early, WITHIN, POSSIBLY))
    running, past = now <= due_lo, now > due_hi
    still = np.where(running, ACTIVE, np.where(past, EXPIRED, POSSIBLY))
    code = np.where(held, still, released)
    over = np.where(held, np.where(past, now - due_hi, 0), np.where(late, left_lo - due_hi, 0))
    return code, over


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
