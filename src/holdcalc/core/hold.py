"""The hold computation: when a hold expires, why, and whether it was overrun.

Counted time is real elapsed time that falls on local days the rule does not
exclude. A `Timeline` tabulates, for one zone and one set of excluded days, the
first instant of every local day and the counted time before it; the expiry is
then the first instant at which counted time since the start reaches the hold's
length, found by bisection. The same table serves one case and a million.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import enum
import functools
import itertools
import threading
from collections.abc import Callable
from typing import NamedTuple, TypeVar, cast
from zoneinfo import ZoneInfo

from holdcalc.core.clock import (
    DAY,
    EPOCH_ORDINAL,
    HOUR,
    MICROS,
    UTC,
    day_start,
    from_micros,
    get_zone,
    to_micros,
)
from holdcalc.core.errors import CalendarError, Setting
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.rules import RULES, Rule

_WEEKEND = {5: "Saturday", 6: "Sunday"}
_SEARCH_YEARS = 10  # a hold that cannot end within this many years means a broken calendar


class Exclusion(NamedTuple):
    """Why a local day stops the clock: a weekend day, a holiday, or both."""

    weekend: str | None  # "Saturday" or "Sunday"
    holiday: str | None  # the holiday's name, as the calendar gives it

    @property
    def text(self) -> str:
        """'Saturday', 'Thanksgiving Day', or 'Saturday; Christmas Day'."""
        return "; ".join(part for part in self if part is not None)


def exclusion_reason(
    day: dt.date, *, weekends: bool, calendar: Calendar | None
) -> Exclusion | None:
    """Why `day` stops the clock (a weekend day, a holiday of `calendar`), or None if it counts."""
    weekend = _WEEKEND.get(day.weekday()) if weekends else None
    holiday = calendar.holiday(day) if calendar is not None else None
    if weekend is None and not holiday:
        return None
    return Exclusion(weekend, holiday or None)


@dataclasses.dataclass(frozen=True)
class DayTable:
    """One tabulation of a timeline, by day index; a new one replaces it when it grows.

    `starts[i]` is the first instant of local day `first + i` (one more entry closes
    the last day); `prefix[i]` the counted time before that day; `offsets[i]` the UTC
    offset at `starts[i]`; `steady[i]` says the offset does not change during day i,
    so local and UTC times convert by plain arithmetic. Times are integer
    microseconds (UTC). The lists are shared with the batch caches: never modify them.
    """

    first: int
    starts: list[int]
    reasons: list[Exclusion | None]
    prefix: list[int]
    offsets: list[int]
    steady: list[bool]

    @property
    def days(self) -> int:
        return len(self.reasons)


_EMPTY = DayTable(0, [], [], [0], [], [])
_T = TypeVar("_T")


class Timeline:
    """Counted time against real time for one zone and one set of excluded days.

    Covers whole years, extended on demand; `table` is the current tabulation.
    """

    def __init__(self, zone: ZoneInfo, reason: Callable[[dt.date], Exclusion | None]) -> None:
        self.zone = zone
        self._reason = reason
        self.first_year = 0
        self.last_year = -1
        self.table = _EMPTY
        self._made: dict[str, tuple[DayTable, object]] = {}  # see made_from

    def made_from(self, name: str, table: DayTable, make: Callable[[DayTable], _T]) -> _T:
        """`make(table)` (a table's days' texts, its arrays), made once for each table
        and kept under `name`: for the thread's later callers (a later run, a frame's
        next batch) while that table stands."""
        found = self._made.get(name)
        if found is None or found[0] is not table:
            found = self._made[name] = (table, make(table))
        return cast(_T, found[1])

    def cover(self, first_year: int, last_year: int) -> None:
        """Make sure every day of these years is tabulated."""
        old = self.table
        if old.days and first_year >= self.first_year and last_year <= self.last_year:
            return
        if old.days:
            first_year = min(first_year, self.first_year)
            last_year = max(last_year, self.last_year)
        # Ask the calendar about the far years first: a year it cannot tell is refused
        # before any day is tabulated, so a row far out costs one lookup, not a century.
        self._reason(dt.date(last_year, 12, 31))
        self._reason(dt.date(first_year, 1, 1))
        first = dt.date(first_year, 1, 1).toordinal()
        end = dt.date(last_year + 1, 1, 1).toordinal()
        columns: _Columns = ([], [], [])
        # Days before the old range, the old range as it was, then days after it.
        old_end = old.first + old.days
        self._tabulate(range(first, min(old.first, end + 1) if old.days else end + 1), end, columns)
        if old.days:
            starts, offsets, reasons = columns
            starts += old.starts[:-1]
            offsets += old.offsets[:-1]
            reasons += old.reasons
            self._tabulate(range(old_end, end + 1), end, columns)
        self._install(first, columns)
        self.first_year, self.last_year = first_year, last_year

    def _install(self, first: int, columns: _Columns) -> None:
        starts, offsets, reasons = columns
        days = range(len(starts) - 1)
        counted = (0 if reasons[i] is not None else starts[i + 1] - starts[i] for i in days)
        # Steady: 24 hours long and one offset at its start and its end, so no clock
        # change within it: no zone changes its clocks twice within a day (the changes
        # nearest each other are four days apart, in Africa/Freetown in 1939), which
        # tests/test_zone_changes.py holds true of the installed time zone data.
        steady = [starts[i + 1] - starts[i] == DAY and offsets[i] == offsets[i + 1] for i in days]
        prefix = list(itertools.accumulate(counted, initial=0))
        self.table = DayTable(first, starts, reasons[:-1], prefix, offsets, steady)

    def _tabulate(self, ordinals: range, end: int, columns: _Columns) -> None:
        """Append these days to the columns (a day's reason only if before `end`).

        A day usually begins 24 hours after the one before: its start is checked by the
        wall-clock time there (the instant plus the offset in force), one conversion,
        and only a day that does not begin so is searched for (day_start).
        """
        starts, offsets, reasons = columns
        zone, reason, offset_at = self.zone, self._reason, _offset_at
        for ordinal in ordinals:
            midnight = (ordinal - EPOCH_ORDINAL) * DAY  # the day's 00:00 as wall-clock time
            offset = None
            if starts:
                instant = starts[-1] + DAY
                offset = offset_at(zone, instant)
                if instant + offset != midnight:
                    offset = None
            if offset is None:
                instant = day_start(dt.date.fromordinal(ordinal), zone)
                offset = offset_at(zone, instant)
            starts.append(instant)
            offsets.append(offset)
            reasons.append(reason(dt.date.fromordinal(ordinal)) if ordinal < end else None)

    def index(self, ordinal: int) -> int:
        """Position of local day `ordinal` in the table, extending it if needed."""
        table = self.table
        index = ordinal - table.first
        if index < 0 or index >= len(table.reasons):
            year = dt.date.fromordinal(ordinal).year
            self.cover(year, year)
            index = ordinal - self.table.first
        return index

    def counted_before(self, instant: int, ordinal: int) -> int:
        """Counted time before `instant`, which falls on local day `ordinal`.

        The day is the table's: where clocks fall back across midnight, an instant
        whose wall-clock date is `ordinal` may lie in the next day of the table."""
        index = self.index(ordinal)
        if instant >= self.table.starts[index + 1]:
            self.index(ordinal + 1)
            index = ordinal + 1 - self.table.first
        elif instant < self.table.starts[index]:
            self.index(ordinal - 1)
            index = ordinal - 1 - self.table.first
        table = self.table
        if table.reasons[index] is None:
            return table.prefix[index] + instant - table.starts[index]
        return table.prefix[index]

    def expiry(self, start: int, ordinal: int, length: int) -> int:
        """The first instant at which `length` of counted time has passed since `start`."""
        return self.expiry_and_day(start, ordinal, length)[0]

    def expiry_and_day(self, start: int, ordinal: int, length: int) -> tuple[int, int]:
        """The expiry, and the index of the day in which the count completes (the expiry
        is in that day or at its end)."""
        target = self.counted_before(start, ordinal) + length
        while True:
            table = self.table
            k = bisect.bisect_left(table.prefix, target)
            if k < len(table.prefix):
                return table.starts[k - 1] + target - table.prefix[k - 1], k - 1
            if self.last_year > dt.date.fromordinal(ordinal).year + _SEARCH_YEARS:
                raise CalendarError(
                    f"no counted day within {_SEARCH_YEARS} years of the start; "
                    "check the holiday file and ",
                    Setting.HOURS,
                )
            self.cover(self.last_year + 1, self.last_year + 1)

    def days(
        self, first_ordinal: int, last_ordinal: int
    ) -> list[tuple[dt.date, int, int, Exclusion | None]]:
        """(day, first instant, next day's first instant, reason) for each day in the range."""
        self.index(last_ordinal)
        self.index(first_ordinal)
        table = self.table
        rows = []
        for ordinal in range(first_ordinal, last_ordinal + 1):
            i = ordinal - table.first
            rows.append(
                (
                    dt.date.fromordinal(ordinal),
                    table.starts[i],
                    table.starts[i + 1],
                    table.reasons[i],
                )
            )
        return rows


_Columns = tuple[list[int], list[int], list[Exclusion | None]]


def timeline_for(zone: ZoneInfo, rule: Rule, calendar: Calendar) -> Timeline:
    """The timeline for this zone and the days this rule excludes, kept for the thread.

    A timeline grows in place as it is asked about new years, so it is never shared
    between threads: one thread reading a table while another swaps in a longer one
    read days by the wrong index (an IndexError, or an expiry off by days). Each thread
    keeps its own, at most _TIMELINES of them."""
    calendar_used = calendar if rule.exclude_holidays else None
    key = (zone, rule.exclude_weekends, calendar_used)
    kept: dict[tuple[ZoneInfo, bool, Calendar | None], Timeline] | None
    kept = getattr(_THREAD, "timelines", None)
    if kept is None:
        kept = _THREAD.timelines = {}
    found = kept.get(key)
    if found is None:
        if len(kept) >= _TIMELINES:
            kept.clear()
        reasons = _THREAD.__dict__.setdefault("reasons", {})
        reason = reasons.get(key[1:])
        if reason is None:  # one per set of excluded days, shared by the thread's zones
            reason = reasons[key[1:]] = functools.cache(
                functools.partial(
                    exclusion_reason, weekends=rule.exclude_weekends, calendar=calendar_used
                )
            )
        found = kept[key] = Timeline(zone, reason)
    return found


_THREAD = threading.local()
_TIMELINES = 64  # zones times rules one thread keeps; a batch uses a handful


def _offset_at(zone: ZoneInfo, instant: int) -> int:
    """The zone's UTC offset at an instant, in microseconds."""
    return _offset_micros(from_micros(instant, zone))


def _offset_micros(local: dt.datetime) -> int:
    """The UTC offset of an aware local datetime, in microseconds."""
    offset = local.utcoffset()
    found = _OFFSETS.get(offset)  # a zone gives the same few offsets again and again
    if found is None:
        assert offset is not None
        found = _OFFSETS[offset] = (offset.days * 86_400 + offset.seconds) * MICROS + (
            offset.microseconds
        )
    return found


_OFFSETS: dict[dt.timedelta | None, int] = {}


class DayKind(enum.Enum):
    COUNTED = "counted"
    EXCLUDED = "excluded"


@dataclasses.dataclass(frozen=True)
class LedgerDay:
    """One local day between the start and the expiry, and what it contributed."""

    date: dt.date
    kind: DayKind
    exclusion: Exclusion | None
    counted: dt.timedelta
    running: dt.timedelta
    counted_from: dt.datetime | None
    counted_to: dt.datetime | None

    @property
    def reason(self) -> str | None:
        """Why the day was excluded, in English; None for a counted day."""
        return self.exclusion.text if self.exclusion is not None else None


@dataclasses.dataclass(frozen=True)
class ExcludedDay:
    date: dt.date
    exclusion: Exclusion

    @property
    def reason(self) -> str:
        return self.exclusion.text


@dataclasses.dataclass(frozen=True)
class Expiry:
    """When a hold expires, under which rule, calendar and zone, and why."""

    start: dt.datetime
    expires_at: dt.datetime
    zone: str
    rule: Rule
    calendar: Calendar
    ledger: tuple[LedgerDay, ...]

    @property
    def excluded(self) -> tuple[ExcludedDay, ...]:
        return tuple(
            ExcludedDay(day.date, day.exclusion) for day in self.ledger if day.exclusion is not None
        )

    @property
    def clock_starts(self) -> dt.datetime:
        """The first instant that counted (later than the start if it fell on an excluded day)."""
        for day in self.ledger:
            if day.counted_from is not None:
                return day.counted_from
        return self.start


def expiry_micros(start: int, ordinal: int, zone: ZoneInfo, rule: Rule, calendar: Calendar) -> int:
    """When a hold that started at `start` (microseconds; on local day `ordinal` of
    `zone`) expires under `rule`: the instant alone, on the shared timeline."""
    timeline = timeline_for(zone, rule, calendar)  # the days it needs are tabulated on demand
    return timeline.expiry_and_day(start, ordinal, round(rule.hours * HOUR))[0]


def hold_expiry(
    start: dt.datetime,
    *,
    rule: Rule = RULES["cfr"],
    calendar: Calendar | None = None,
    zone: ZoneInfo | str | None = None,
    explain: bool = True,
) -> Expiry:
    """Compute when a hold that started at `start` expires, with the day-by-day ledger.

    `start` must be aware; it is read in `zone` (the jail's zone), which defaults to
    the start's own ZoneInfo. `explain=False` skips the ledger (for batch work that
    needs only the instant); `excluded` and `clock_starts` then say nothing.
    """
    calendar = calendar if calendar is not None else Calendar()
    tz = _zone_of(start, zone)
    # Through UTC: astimezone() to the same zone returns the value unchanged, even a
    # wall time that a clock change skipped, whose date may not be its real local date.
    local_start = start.astimezone(UTC).astimezone(tz)
    start_us = to_micros(local_start)
    first_ordinal = local_start.date().toordinal()
    expiry_us = expiry_micros(start_us, first_ordinal, tz, rule, calendar)
    expires_at = from_micros(expiry_us, tz)
    timeline = timeline_for(tz, rule, calendar)
    ledger = _ledger(timeline, first_ordinal, start_us, expiry_us) if explain else ()
    return Expiry(local_start, expires_at, tz.key, rule, calendar, ledger)


def _ledger(
    timeline: Timeline, first_ordinal: int, start_us: int, expiry_us: int
) -> tuple[LedgerDay, ...]:
    """Each local day from the start's to the expiry's, and what it contributed."""
    tz = timeline.zone
    # The ledger begins on the start's wall-clock date and ends on the table's day that
    # holds the expiry: where clocks fall back across midnight (St. John's, 1999-10-31
    # 00:01), the hour after a day began repeats the date before; each instant is
    # counted in the table's day that holds it, once.
    last_ordinal = _table_day(
        timeline, expiry_us - 1, from_micros(expiry_us - 1, tz).date().toordinal()
    )
    ledger = []
    running = 0
    for day, begins, ends, reason in timeline.days(first_ordinal, last_ordinal):
        if reason is not None:
            total = dt.timedelta(microseconds=running)
            ledger.append(
                LedgerDay(day, DayKind.EXCLUDED, reason, dt.timedelta(0), total, None, None)
            )
            continue
        low, high = max(begins, start_us), min(ends, expiry_us)
        high = max(high, low)  # a start past its wall date's table day counts nothing there
        running += high - low
        ledger.append(
            LedgerDay(
                day,
                DayKind.COUNTED,
                None,
                dt.timedelta(microseconds=high - low),
                dt.timedelta(microseconds=running),
                from_micros(low, tz),
                from_micros(high, tz),
            )
        )
    return tuple(ledger)


def _table_day(timeline: Timeline, instant: int, near: int) -> int:
    """The ordinal of the table's day that holds `instant` (whose local date is `near`)."""
    timeline.index(near - 1)
    timeline.index(near + 1)
    table = timeline.table
    return table.first + bisect.bisect_right(table.starts, instant) - 1


def _zone_of(start: dt.datetime, zone: ZoneInfo | str | None) -> ZoneInfo:
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime; localize it with holdcalc.core.parsing")
    if isinstance(zone, str):
        return get_zone(zone)
    if zone is not None:
        return zone
    if isinstance(start.tzinfo, ZoneInfo):
        return start.tzinfo
    raise ValueError("give the jail's zone: the start carries only a fixed offset")


__all__ = [
    "DayKind",
    "DayTable",
    "ExcludedDay",
    "Exclusion",
    "Expiry",
    "LedgerDay",
    "Timeline",
    "exclusion_reason",
    "hold_expiry",
    "timeline_for",
]
