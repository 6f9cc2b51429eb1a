"""Zones written inside a value, read or refused at the parsing edge.

- "GMT-0500", "UTC+3", "GMT+05:30": dateutil reads a sign after GMT or UTC the POSIX
  way (reversed), so these are rewritten as plain ISO offsets before it sees them;
  JavaScript's Date.toString() adds the zone's long name after such an offset.
- Go's "2024-11-27 16:30:00 +0000 UTC": a zero offset, then its name.
- An abbreviation ("CST", "EDT"): refused, naming its US offset.
- An IANA name in brackets after the value, as RFC 9557 (the Internet Extended
  Date/Time Format) and Java's ZonedDateTime write it:
  "2024-11-27T16:30-06:00[America/Chicago]". The offset says the instant; it must be
  the zone's at that time, or the value contradicts itself and is refused. Without an
  offset the time is read in the bracketed zone, as any local time is read in the
  jail's: a time skipped or repeated there is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from holdcalc.core.clock import US_ABBREVIATIONS, get_zone
from holdcalc.core.errors import InputError, Setting, TimeParseError

GMT_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b", re.IGNORECASE)
_ZONE_NOTE = re.compile(r"\s*\([A-Za-z][A-Za-z .'-]*\)\s*$")
UTC_NAMES = frozenset({"UTC", "GMT", "Z", "UT"})
ZERO_NAMED = re.compile(r"(\d [+-]00:?00) (?:UTC|GMT)$")  # a zero offset, then its name
# One bracketed suffix; "!" marks it critical in RFC 9557, which changes nothing here
# (a zone that disagrees with the offset is refused either way).
_BRACKETED = re.compile(r"(.*?\S)\s*\[!?([^\[\]=]+)\]")


def plain_offsets(raw: str) -> str:
    """ "GMT-0500 (Eastern Standard Time)" as "-05:00": the offset as written, not reversed."""
    text = _ZONE_NOTE.sub("", raw) if GMT_OFFSET.search(raw) else raw

    def iso(match: re.Match[str]) -> str:
        sign, hours, minutes = match.group(1), match.group(2), match.group(3)
        return f" {sign}{int(hours):02d}:{minutes or '00'}"

    return GMT_OFFSET.sub(iso, text)


def refuse_zone_name(name: str, raw: str, what: str) -> None:
    """A zone abbreviation ("CST", "EDT") is refused everywhere: it names no IANA zone, and
    several mean different offsets (CST is US Central, China and Cuba). UTC and GMT pass.
    The fix offered is the abbreviation's own US offset, said as such, never the jail's."""
    known = US_ABBREVIATIONS.get(name.upper())
    if known is not None:
        meaning, offset = known
        fix = f"if it means US {meaning}, write its offset {offset} in place of {name!r}"
    else:
        fix = f"write the UTC offset it means (as +HH:MM or -HH:MM) in place of {name!r}"
    raise TimeParseError(
        f"{what}: {raw!r} names its zone by the abbreviation {name!r}, which is ambiguous; "
        f"{fix}, or drop it and give the jail's zone with ",
        Setting.ZONE,
        role=what,
        value=raw,
    )


def bracketed(raw: str, what: str) -> tuple[str, ZoneInfo] | None:
    """A value ending in a bracketed zone name: (the value before it, the zone); None if
    the value has no such ending. A bracket naming no zone is refused."""
    if not raw.endswith("]"):
        return None
    match = _BRACKETED.fullmatch(raw)
    if match is None:
        return None  # refused by the parser as it refuses any text it cannot read
    try:
        zone = get_zone(match.group(2))
    except InputError as exc:
        raise TimeParseError(
            f"{what}: {raw!r} ends with a zone in brackets that cannot be used: {exc}",
            role=what,
            value=raw,
        ) from None
    return match.group(1), zone


def agreeing(value: dt.datetime, zone: dt.tzinfo, raw: str, what: str) -> dt.datetime:
    """An aware value read before a bracketed zone, if its offset is the zone's then."""
    offset, zones = value.utcoffset(), value.astimezone(zone).utcoffset()
    if offset == zones:
        return value
    raise TimeParseError(
        f"{what}: {raw!r} gives the offset {offset_text(offset)}, but {zone} was at "
        f"{offset_text(zones)} at that time, so the value contradicts itself; check it",
        role=what,
        value=raw,
    )


def offset_text(offset: dt.timedelta | None) -> str:
    """A UTC offset as ISO 8601 writes it after a time: +HH:MM, or +HH:MM:SS where it
    has seconds (a local mean time's, before a zone's first standard time)."""
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
