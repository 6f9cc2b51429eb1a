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
from collections.abc import Callable
from zoneinfo import ZoneInfo

from holdcalc.core.clock import (
    DAY,
    HOUR,
    MICROS,
    UTC,
    day_start,
    elapsed,
    from_micros,
    get_zone,
    to_micros,
)
from holdcalc.core.errors import CalendarError, SequenceError
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.rules import RULES, Rule

_WEEKEND = {5: "Saturday", 6: "Sunday"}
_SEARCH_YEARS = 10  # a hold that cannot end within this many years means a broken calendar


def exclusion_reason(day: dt.date, *, weekends: bool, calendar: Calendar | None) -> str | None:
    """Why `day` stops the clock (a weekend day, a holiday of `calendar`), or None if it counts."""
    reasons = []
    if weekends and day.weekday() in _WEEKEND:
        reasons.append(_WEEKEND[day.weekday()])
    if calendar is not None:
        name = calendar.holiday(day)
        if name:
            reasons.append(name)
    return "; ".join(reasons) or None


class Timeline:
    """Counted time against real time for one zone and one set of excluded days.

    Covers whole years, extended on demand. `starts[i]` is the first instant of
    day `first + i` (one more entry closes the last day); `prefix[i]` is the
    counted time before that day; `offsets[i]` the UTC offset at `starts[i]`;
    `steady[i]` says the offset does not change during day i, so local and UTC
    times convert by plain arithmetic. Times are integer microseconds (UTC).
    The lists are read by the batch fast path and must not be modified.
    """

    def __init__(self, zone: ZoneInfo, reason: Callable[[dt.date], str | None]) -> None:
        self.zone = zone
        self._reason = reason
        self.first_year = 0
        self.last_year = -1
        self.first = 0
        self.starts: list[int] = []
        self.reasons: list[str | None] = []
        self.prefix: list[int] = []
        self.offsets: list[int] = []
        self.steady: list[bool] = []
        self._middays: list[int] = []

    def cover(self, first_year: int, last_year: int) -> None:
        """Make sure every day of these years is tabulated."""
        if self.starts and first_year >= self.first_year and last_year <= self.last_year:
            return
        if self.starts:
            first_year = min(first_year, self.first_year)
            last_year = max(last_year, self.last_year)
        first = dt.date(first_year, 1, 1).toordinal()
        end = dt.date(last_year + 1, 1, 1).toordinal()
        known = len(self.reasons)
        old_first, old_end = self.first, self.first + known
        starts: list[int] = []
        offsets: list[int] = []
        middays: list[int] = []
        reasons: list[str | None] = []
        columns = (starts, offsets, middays, reasons)
        # Days before the old range, the old range as it was, then days after it.
        for ordinal in range(first, min(old_first, end + 1) if known else end + 1):
            self._tabulate(ordinal, end, columns)
        if known:
            starts += self.starts[:-1]
            offsets += self.offsets[:-1]
            middays += self._middays[:-1]
            reasons += self.reasons
            for ordinal in range(old_end, end + 1):
                self._tabulate(ordinal, end, columns)
        days = range(len(starts) - 1)
        counted = (0 if reasons[i] is not None else starts[i + 1] - starts[i] for i in days)
        # Steady: 24 hours long, one offset at its start, midday and end (no clock change).
        self.steady = [
            starts[i + 1] - starts[i] == DAY and offsets[i] == offsets[i + 1] == middays[i]
            for i in days
        ]
        self._middays = middays
        self.offsets = offsets
        self.prefix = list(itertools.accumulate(counted, initial=0))
        self.starts = starts
        self.reasons = reasons[:-1]
        self.first = first
        self.first_year, self.last_year = first_year, last_year

    def _tabulate(
        self,
        ordinal: int,
        end: int,
        columns: tuple[list[int], list[int], list[int], list[str | None]],
    ) -> None:
        starts, offsets, middays, reasons = columns
        day = dt.date.fromordinal(ordinal)
        instant = None
        if starts:  # usually 24 hours after the day before began: one conversion checks it
            guess = starts[-1] + DAY
            local = from_micros(guess, self.zone)
            if local.hour == local.minute == local.second == 0 and local.date() == day:
                instant = guess
        if instant is None:
            instant = day_start(day, self.zone)
        starts.append(instant)
        offsets.append(_offset_at(instant, self.zone))
        middays.append(_offset_at(instant + DAY // 2, self.zone))
        reasons.append(self._reason(day) if ordinal < end else None)

    def index(self, ordinal: int) -> int:
        """Position of local day `ordinal` in the lists, extending them if needed."""
        index = ordinal - self.first
        if index < 0 or index >= len(self.reasons):
            year = dt.date.fromordinal(ordinal).year
            self.cover(year, year)
            index = ordinal - self.first
        return index

    def counted_before(self, instant: int, ordinal: int) -> int:
        """Counted time before `instant`, which falls on local day `ordinal`."""
        index = self.index(ordinal)
        if self.reasons[index] is None:
            return self.prefix[index] + instant - self.starts[index]
        return self.prefix[index]

    def expiry(self, start: int, ordinal: int, length: int) -> int:
        """The first instant at which `length` of counted time has passed since `start`."""
        target = self.counted_before(start, ordinal) + length
        limit = dt.date.fromordinal(ordinal).year + _SEARCH_YEARS
        while True:
            k = bisect.bisect_left(self.prefix, target)
            if k < len(self.prefix):
                return self.starts[k - 1] + target - self.prefix[k - 1]
            if self.last_year > limit:
                raise CalendarError(
                    f"no counted day within {_SEARCH_YEARS} years of the start; "
                    "check the holiday file and the --hours value"
                )
            self.cover(self.last_year + 1, self.last_year + 1)

    def days(
        self, first_ordinal: int, last_ordinal: int
    ) -> list[tuple[dt.date, int, int, str | None]]:
        """(day, first instant, next day's first instant, reason) for each day in the range."""
        self.index(last_ordinal)
        rows = []
        for ordinal in range(first_ordinal, last_ordinal + 1):
            i = self.index(ordinal)
            rows.append(
                (
                    dt.date.fromordinal(ordinal),
                    self.starts[i],
                    self.starts[i + 1],
                    self.reasons[i],
                )
            )
        return rows


def timeline_for(zone: ZoneInfo, rule: Rule, calendar: Calendar) -> Timeline:
    """The shared timeline for this zone and the days this rule excludes."""
    return _timeline(zone, rule.exclude_weekends, calendar if rule.exclude_holidays else None)


def _offset_at(instant: int, zone: ZoneInfo) -> int:
    offset = from_micros(instant, zone).utcoffset()
    assert offset is not None
    return (offset.days * 86_400 + offset.seconds) * MICROS + offset.microseconds


@functools.lru_cache(maxsize=64)
def _timeline(zone: ZoneInfo, weekends: bool, calendar: Calendar | None) -> Timeline:
    return Timeline(zone, functools.partial(exclusion_reason, weekends=weekends, calendar=calendar))


class DayKind(enum.Enum):
    COUNTED = "counted"
    EXCLUDED = "excluded"


@dataclasses.dataclass(frozen=True)
class LedgerDay:
    """One local day between the start and the expiry, and what it contributed."""

    date: dt.date
    kind: DayKind
    reason: str | None
    counted: dt.timedelta
    running: dt.timedelta
    counted_from: dt.datetime | None
    counted_to: dt.datetime | None


@dataclasses.dataclass(frozen=True)
class ExcludedDay:
    date: dt.date
    reason: str


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
            ExcludedDay(day.date, day.reason or "")
            for day in self.ledger
            if day.kind is DayKind.EXCLUDED
        )

    @property
    def clock_starts(self) -> dt.datetime:
        """The first instant that counted (later than the start if it fell on an excluded day)."""
        for day in self.ledger:
            if day.counted_from is not None:
                return day.counted_from
        return self.start

    @property
    def duration(self) -> dt.timedelta:
        return elapsed(self.start, self.expires_at)


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
    timeline = timeline_for(tz, rule, calendar)
    first_ordinal = local_start.date().toordinal()
    timeline.cover(local_start.year, local_start.year)
    expiry_us = timeline.expiry(start_us, first_ordinal, round(rule.hours * HOUR))
    expires_at = from_micros(expiry_us, tz)
    if not explain:
        return Expiry(local_start, expires_at, tz.key, rule, calendar, ())
    last_ordinal = from_micros(expiry_us - 1, tz).date().toordinal()
    ledger = []
    running = 0
    for day, begins, ends, reason in timeline.days(first_ordinal, last_ordinal):
        if reason is not None:
            ledger.append(
                LedgerDay(
                    day,
                    DayKind.EXCLUDED,
                    reason,
                    dt.timedelta(0),
                    dt.timedelta(microseconds=running),
                    None,
                    None,
                )
            )
            continue
        low, high = max(begins, start_us), min(ends, expiry_us)
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
    return Expiry(local_start, expires_at, tz.key, rule, calendar, tuple(ledger))


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


class Status(enum.Enum):
    WITHIN_HOLD = "within-hold"
    OVER_DETAINED = "over-detained"
    POSSIBLY_OVER_DETAINED = "possibly-over-detained"
    ACTIVE = "active"
    EXPIRED = "expired"
    ERROR = "error"

    @property
    def flagged(self) -> bool:
        return self in _FLAGGED


_FLAGGED = {Status.OVER_DETAINED, Status.POSSIBLY_OVER_DETAINED, Status.EXPIRED}


@dataclasses.dataclass(frozen=True)
class Assessment:
    """Whether a hold was overrun: by a departure, or as of a moment while still held."""

    expiry: Expiry
    status: Status
    released: dt.datetime | None
    as_of: dt.datetime | None
    over_by: dt.timedelta
    remaining: dt.timedelta | None
    deadline: dt.datetime  # the expiry judged against: the rule's, or a binding limit's

    @property
    def over_by_hours(self) -> float:
        return round(self.over_by.total_seconds() / 3600, 2)


def assess(
    expiry: Expiry,
    *,
    released: dt.datetime | None = None,
    as_of: dt.datetime | None = None,
    deadline: dt.datetime | None = None,
) -> Assessment:
    """Judge a case: `released` (when the person left local custody) or `as_of` (still held).

    The case is judged against `deadline` when given (a binding limit earlier than the
    rule's expiry, see holdcalc.core.limits), else against the expiry itself.
    """
    zero = dt.timedelta(0)
    zone = expiry.start.tzinfo
    limit = (deadline or expiry.expires_at).astimezone(zone)
    moment = released if released is not None else as_of
    if moment is None:
        raise ValueError("give released= or as_of=")
    moment = moment.astimezone(zone)
    if elapsed(expiry.start, moment) < zero:
        what = "release" if released is not None else "as-of time"
        raise SequenceError(
            f"{what} {moment.isoformat()} is before the hold started "
            f"({expiry.start.isoformat()}); check both times"
        )
    past = elapsed(limit, moment)
    if released is not None:
        status = Status.OVER_DETAINED if past > zero else Status.WITHIN_HOLD
        return Assessment(expiry, status, moment, None, max(past, zero), None, limit)
    if past <= zero:
        return Assessment(expiry, Status.ACTIVE, None, moment, zero, -past, limit)
    return Assessment(expiry, Status.EXPIRED, None, moment, past, zero, limit)


__all__ = [
    "Assessment",
    "DayKind",
    "ExcludedDay",
    "Expiry",
    "LedgerDay",
    "Status",
    "Timeline",
    "assess",
    "exclusion_reason",
    "hold_expiry",
    "timeline_for",
]
