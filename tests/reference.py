"""Slow, independent reference implementations for cross-checking the engine.

They share no code with holdcalc: holidays come straight from the `holidays` package,
days are walked one at a time, and instants are stepped minute by minute.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import holidays

UTC = dt.UTC

# Every US zone with a jail: DST and no-DST, mainland and not.
US_ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
]
# Zones whose clocks change on other days or by other amounts, or at midnight.
OTHER_ZONES = [
    "Europe/London",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Tehran",
    "America/Havana",
    "America/St_Johns",
    "Asia/Kolkata",
    "Africa/Casablanca",
]


@functools.cache
def federal(year: int, closures: bool = False) -> frozenset[dt.date]:
    years = [year - 1, year, year + 1]
    days = set(holidays.country_holidays("US", years=years))
    if closures:
        days |= set(holidays.country_holidays("US", years=years, categories=("government",)))
    return frozenset(d for d in days if d.year == year)


def excluded(day: dt.date, closures: bool = False) -> bool:
    return day.weekday() >= 5 or day in federal(day.year, closures)


def midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """First instant of a local day, in UTC (US zones never skip midnight)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def expiry_by_days(
    start: dt.datetime, zone: ZoneInfo, hours: float = 48, closures: bool = False
) -> dt.datetime:
    """Walk local days from the start, adding each counted day's real length."""
    left = dt.timedelta(hours=hours)
    moment = start.astimezone(UTC)
    day = start.astimezone(zone).date()
    while True:
        end = midnight(day + dt.timedelta(days=1), zone)
        if not excluded(day, closures):
            span = end - moment
            if span >= left:
                return (moment + left).astimezone(zone)
            left -= span
        moment = end
        day += dt.timedelta(days=1)


def expiry_by_minutes(start: dt.datetime, zone: ZoneInfo, hours: int = 48) -> dt.datetime:
    """Step one minute at a time; a minute counts if it begins on a counted local day.

    The start must be on a whole minute.
    """
    need = hours * 60
    moment = start.astimezone(UTC)
    step = dt.timedelta(minutes=1)
    while need:
        if not excluded(moment.astimezone(zone).date()):
            need -= 1
        moment += step
    return moment.astimezone(zone)


def counted_between(
    a: dt.datetime, b: dt.datetime, zone: ZoneInfo, closures: bool = False
) -> dt.timedelta:
    """Counted time from a to b, walking days."""
    total = dt.timedelta(0)
    moment = a.astimezone(UTC)
    stop = b.astimezone(UTC)
    day = a.astimezone(zone).date()
    while moment < stop:
        end = min(midnight(day + dt.timedelta(days=1), zone), stop)
        if not excluded(day, closures):
            total += end - moment
        moment = end
        day += dt.timedelta(days=1)
    return total
