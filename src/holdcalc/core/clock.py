"""Instants as integer microseconds since 1970 UTC, and local days in an IANA zone.

Subtracting two aware datetimes that share a ZoneInfo gives wall-clock time, not
elapsed time, so every duration in holdcalc is taken between UTC instants here.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from holdcalc.core.errors import UnknownZoneError

UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
MICROS = 1_000_000
HOUR = 3600 * MICROS
DAY = 24 * HOUR


def to_micros(moment: dt.datetime) -> int:
    """Microseconds since the epoch of an aware datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime past the parsing edge")
    delta = moment.astimezone(UTC) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * MICROS + delta.microseconds


def from_micros(micros: int, zone: dt.tzinfo) -> dt.datetime:
    """The aware local datetime in `zone` at an instant."""
    return (EPOCH + dt.timedelta(microseconds=micros)).astimezone(zone)


def elapsed(earlier: dt.datetime, later: dt.datetime) -> dt.timedelta:
    """Real time from one instant to another, whatever their zones."""
    return later.astimezone(UTC) - earlier.astimezone(UTC)


def day_start(day: dt.date, zone: ZoneInfo) -> int:
    """The first instant of a local calendar day, in microseconds.

    Usually local midnight; where a clock change skips midnight (some zones have done
    so), the day begins at the change itself.
    """
    midnight = dt.datetime.combine(day, dt.time())
    first = to_micros(midnight.replace(tzinfo=zone, fold=0))
    second = to_micros(midnight.replace(tzinfo=zone, fold=1))
    low, high = min(first, second), max(first, second)
    if from_micros(low, zone).replace(tzinfo=None) == midnight:
        return low
    # Midnight falls in a gap: find the transition, the first instant on `day`.
    low_s, high_s = low // MICROS, -(-high // MICROS)
    while high_s - low_s > 1:
        mid = (low_s + high_s) // 2
        if from_micros(mid * MICROS, zone).date() >= day:
            high_s = mid
        else:
            low_s = mid
    return high_s * MICROS


@functools.lru_cache(maxsize=512)
def get_zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or an error that suggests close names."""
    cleaned = name.strip()
    try:
        if not cleaned:
            raise ValueError("empty")
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownZoneError(_zone_message(cleaned)) from None


def _zone_message(name: str) -> str:
    import difflib  # noqa: PLC0415  (error path only)
    import zoneinfo  # noqa: PLC0415

    close = difflib.get_close_matches(name, sorted(zoneinfo.available_timezones()), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return f"unknown time zone {name!r}{hint}; give an IANA name such as America/Chicago"


def local_zone_name() -> str | None:
    """The machine's IANA zone name, if it can be told without guessing."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env and "/" in env and not env.startswith("/"):
        return env
    try:
        target = os.readlink("/etc/localtime")
        marker = "zoneinfo/"
        if marker in target:
            return target.split(marker, 1)[1]
    except OSError:
        pass
    try:
        text = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if text:
            return text
    except OSError:
        pass
    return None


def default_zone_name() -> str | None:
    """HOLDCALC_TZ if set, else the machine's zone."""
    return os.environ.get("HOLDCALC_TZ") or local_zone_name()
