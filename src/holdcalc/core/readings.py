"""The other standard readings of a hold, shown beside the one chosen."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from holdcalc.core.clock import HOUR, day_start, from_micros, to_micros
from holdcalc.core.errors import CalendarError
from holdcalc.core.hold import Expiry, hold_expiry, timeline_for
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.parsing import localize
from holdcalc.core.rules import RULES, Rule

# The readings an attorney should see side by side: the regulation with and without
# executive-order closures, and the current form's plain 48 hours.
_READINGS = (("cfr", "federal"), ("cfr", "federal+closures"), ("i247a", "federal"))

# Christmas Eve 2002, 2009 and 2015: executive orders closed federal offices "for the
# last half of the scheduled workday" (E.O. 13281, 13523, 13713). Whether such a day is
# a holiday under 8 C.F.R. § 287.7(d) is not settled. The main reading excludes it
# whole; the half-day reading counts it until noon, local time, and excludes the rest.
HALF_DAY_FROM = dt.time(12, 0)
HALF_DAY_NOTE = "half-day closings excluded from noon only"


@dataclasses.dataclass(frozen=True)
class Alternative:
    rule: Rule
    holidays: str
    expires_at: dt.datetime
    differs: bool
    note: str = ""  # what sets this reading apart, beyond its rule and holidays
    days: tuple[dt.date, ...] = ()  # days it excludes beyond its calendar's (area_reading)


def alternatives(expiry: Expiry) -> tuple[Alternative, ...]:
    """The same start under the other standard readings, skipping the one already used;
    and the half-day reading, when a half-day closing changes the expiry."""
    found = []
    for rule_key, holidays in _READINGS:
        rule = RULES[rule_key]
        uses_holidays = rule.exclude_holidays
        calendar = expiry.calendar.with_holidays(holidays)
        if rule == expiry.rule and (not uses_holidays or calendar == expiry.calendar):
            continue
        try:
            other = hold_expiry(expiry.start, rule=rule, calendar=calendar)
        except CalendarError:  # a year the holiday data does not cover: no such reading
            continue
        found.append(
            Alternative(
                rule,
                calendar.label if uses_holidays else "none",
                other.expires_at,
                other.expires_at != expiry.expires_at,
            )
        )
        if holidays == "federal+closures":
            found += _half_days(other)
    found += _half_days(expiry)
    area = area_reading(expiry)
    return (*found, area) if area is not None else tuple(found)


def area_reading(expiry: Expiry) -> Alternative | None:
    """The reading of a jail inside the area where a holiday of only part of the state
    falls (core.area_holidays), when such a day falls within the count and moves the
    expiry: the calendar chosen, with that day excluded too. Its `days` are those days."""
    calendar = expiry.calendar
    if not expiry.rule.exclude_holidays:
        return None
    start, end = expiry.start.date(), expiry.expires_at.date()
    try:
        days = {
            d: text
            for y in range(start.year, end.year + 1)
            for d, text in calendar.area_only(y).items()
        }
    except CalendarError:
        return None
    inside = [(day, text) for day, text in sorted(days.items()) if start <= day <= end]
    if not inside:
        return None
    wider = Calendar(calendar.holidays, calendar.state, calendar.extra + tuple(inside))
    other = hold_expiry(expiry.start, rule=expiry.rule, calendar=wider)
    if other.expires_at == expiry.expires_at:
        return None
    note = "excluding " + "; ".join(f"{day}, {text}" for day, text in inside)
    days_off = tuple(day for day, _ in inside)
    return Alternative(expiry.rule, calendar.label, other.expires_at, True, note, days_off)


def _half_days(expiry: Expiry) -> list[Alternative]:
    """The half-day reading of an expiry that excluded a half-day closing whole, if it
    ends earlier (it can only end earlier: it counts the morning)."""
    calendar = expiry.calendar
    if not expiry.rule.exclude_holidays or calendar.holidays != "federal+closures":
        return []
    start, end = expiry.start, expiry.expires_at
    days: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        days.update(calendar.year(year))
    halves = [d for d, name in days.items() if "half-day" in name.lower()]
    if not any(start.date() <= day <= end.date() for day in halves):
        return []
    # Counted as the calendar counts, but for the half days, which count as working days
    # here; their afternoons are taken out below.
    closures = tuple(
        (day, name) for day, name in days.items() if "closure" in name and day not in halves
    )
    whole = Calendar("federal", calendar.state, calendar.extra + closures)
    zone = start.tzinfo
    assert isinstance(zone, ZoneInfo)
    ends = _count_around(expiry, whole, [_afternoon(day, zone) for day in sorted(halves)])
    moment = from_micros(ends, zone)
    if moment == end:
        return []
    return [Alternative(expiry.rule, calendar.label, moment, True, HALF_DAY_NOTE)]


def _afternoon(day: dt.date, zone: ZoneInfo) -> tuple[int, int]:
    noon = localize(dt.datetime.combine(day, HALF_DAY_FROM), zone, what="noon")
    return to_micros(noon), day_start(day + dt.timedelta(days=1), zone)


def _count_around(expiry: Expiry, calendar: Calendar, gaps: list[tuple[int, int]]) -> int:
    """The expiry counted on `calendar`, with the time in each gap not counted."""
    zone = expiry.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    timeline = timeline_for(zone, expiry.rule, calendar)
    left = round(expiry.rule.hours * HOUR)
    moment = to_micros(expiry.start)
    while True:
        ordinal = from_micros(moment, zone).date().toordinal()
        ends = timeline.expiry(moment, ordinal, left)
        gap = next(((lo, hi) for lo, hi in gaps if hi > moment and lo < ends), None)
        if gap is None:
            return ends
        lo, hi = gap
        if lo > moment:  # counted up to the gap, then none of it
            counted = timeline.counted_before(lo, from_micros(lo, zone).date().toordinal())
            left -= counted - timeline.counted_before(moment, ordinal)
        moment = hi
