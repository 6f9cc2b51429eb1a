"""One case's times as a person types them: read in the jail's zone, a date alone
refused (a letter or an expiry needs the hour)."""

from __future__ import annotations

import datetime as dt

from holdcalc.core.clock import get_zone
from holdcalc.core.errors import InputError
from holdcalc.core.parsing import DateOnly, WallClock, parse_when, read_naive


def read_instant(
    text: str,
    zone_name: str,
    *,
    dayfirst: bool,
    what: str,
    now: dt.datetime,
    formats: tuple[str, ...] = (),
) -> dt.datetime:
    """A time read in the jail's zone (`now` stands for the word "now"); a date alone is
    refused, naming `what` (how the front end calls the value)."""
    zone = get_zone(zone_name)
    value = parse_when(text, zone, dayfirst=dayfirst, now=now, what=what, formats=formats)
    if isinstance(value, DateOnly):
        raise InputError(
            f"{what}: {text!r} has no time of day; give the time too (e.g. "
            f"'{value.date.isoformat()} 16:30')"
        )
    return value


def read_as_of(
    text: str, *, dayfirst: bool, what: str, now: dt.datetime, formats: tuple[str, ...] = ()
) -> dt.datetime | WallClock:
    """A batch's as-of time: an instant when it has an offset (or is "now"), else a
    wall-clock time that each row reads in its own zone."""
    if text.strip().lower() == "now":
        return now
    read_instant(text, "UTC", dayfirst=dayfirst, what=what, now=now, formats=formats)  # or refuse
    value = read_naive(text, dayfirst=dayfirst, what=what, formats=formats)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value
    return WallClock(text, dayfirst, what, formats)
