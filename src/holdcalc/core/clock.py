"""Instants as integer microseconds since 1970 UTC, and local days in an IANA zone.

Subtracting two aware datetimes that share a ZoneInfo gives wall-clock time, not
elapsed time, so every duration in holdcalc is taken between UTC instants here.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from holdcalc.core.errors import UnknownZoneError

UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = EPOCH.toordinal()  # its day number, as date.toordinal() counts
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
    seconds, fraction = divmod(micros, MICROS)
    try:
        # One C call from whole seconds, about 2.5 times quicker than the sum below and
        # the same datetime, fold included; the fraction cannot cross a clock change,
        # which falls on a whole second.
        moment = dt.datetime.fromtimestamp(seconds, zone)
    except (OverflowError, OSError, ValueError):  # outside the platform's time_t
        return (EPOCH + dt.timedelta(microseconds=micros)).astimezone(zone)
    return moment.replace(microsecond=fraction) if fraction else moment


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


# Zones that name no place: a fixed offset all year (EST is -05:00 even in July) or a
# POSIX rule. A jail is in a place, and its place's zone is what the law counts in.
_NO_PLACE = {
    "EST": "America/New_York (or America/Panama if no daylight time is meant)",
    "MST": "America/Denver (or America/Phoenix, which keeps -07:00 all year)",
    "HST": "Pacific/Honolulu",
    "EST5EDT": "America/New_York",
    "CST6CDT": "America/Chicago",
    "MST7MDT": "America/Denver",
    "PST8PDT": "America/Los_Angeles",
}
_ETC_OFFSET = re.compile(r"Etc/GMT[+-]\d{1,2}")
# What each US abbreviation means in the United States (the standard zones of 15 U.S.C.
# § 261 and 49 C.F.R. part 71, with their daylight-saving forms) and its offset: in a
# value, the offset is offered as the fix only with its meaning, since the same letters
# mean other offsets elsewhere (CST is also China's and Cuba's, AST Arabia's).
US_ABBREVIATIONS = {
    "EST": ("Eastern Standard Time", "-05:00"),
    "EDT": ("Eastern Daylight Time", "-04:00"),
    "CST": ("Central Standard Time", "-06:00"),
    "CDT": ("Central Daylight Time", "-05:00"),
    "MST": ("Mountain Standard Time", "-07:00"),
    "MDT": ("Mountain Daylight Time", "-06:00"),
    "PST": ("Pacific Standard Time", "-08:00"),
    "PDT": ("Pacific Daylight Time", "-07:00"),
    "AKST": ("Alaska Standard Time", "-09:00"),
    "AKDT": ("Alaska Daylight Time", "-08:00"),
    "HST": ("Hawaii-Aleutian Standard Time", "-10:00"),
    "HDT": ("Hawaii-Aleutian Daylight Time", "-09:00"),
    "AST": ("Atlantic Standard Time", "-04:00"),
    "CHST": ("Chamorro Standard Time", "+10:00"),
}
# A zone keeping each US time: the example given when a US time's abbreviation or short
# name is given as a zone (names spelt alike offered MST and HST for CST, another
# place's time).
_US_TIMES = {
    "Eastern": "America/New_York",
    "Central": "America/Chicago",
    "Mountain": "America/Denver (or America/Phoenix, which keeps -07:00 all year)",
    "Pacific": "America/Los_Angeles",
    "Alaska": "America/Anchorage",
    "Hawaii-Aleutian": "America/Adak",  # daylight time: Adak alone
    "Atlantic": "America/Puerto_Rico",
    "Chamorro": "Pacific/Guam",
}
# Each abbreviation's US time ("Central" of "Central Standard Time"), and other short names.
_SHORT_NAMES = {
    **{short: meaning.rsplit(" ", 2)[0] for short, (meaning, _) in US_ABBREVIATIONS.items()},
    **dict.fromkeys(("ET", "EASTERN TIME"), "Eastern"),
    **dict.fromkeys(("CT", "CENTRAL TIME"), "Central"),
    **dict.fromkeys(("MT", "MOUNTAIN TIME"), "Mountain"),
    **dict.fromkeys(("PT", "PACIFIC TIME"), "Pacific"),
    **dict.fromkeys(("AKT", "ALASKA TIME"), "Alaska"),
    **dict.fromkeys(("ADT", "ATLANTIC TIME"), "Atlantic"),
    "HADT": "Hawaii-Aleutian",
}


@functools.lru_cache(maxsize=512)
def get_zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or an error that suggests close names.

    Zones that name no place (EST, EST5EDT, Etc/GMT+5) are refused with the place's
    zone suggested: each is a fixed offset or rule, not a jail's local time."""
    cleaned = name.strip()
    upper = cleaned.upper()
    if upper in _NO_PLACE:
        standard = US_ABBREVIATIONS.get(upper)  # (its meaning, its offset)
        what = (  # EST is -05:00 all year; EST5EDT the US daylight-saving rule at -05:00
            f"a fixed offset ({standard[1]} all year, no daylight saving time)"
            if standard is not None
            else "the US daylight-saving rule at one offset"
        )
        raise UnknownZoneError(
            f"{cleaned!r} is {what}, not a place's time zone with its own history of clock "
            f"changes; give the jail's IANA zone, e.g. {_NO_PLACE[upper]}",
            value=cleaned,
        )
    meaning = _SHORT_NAMES.get(" ".join(upper.split()))
    if meaning is not None:
        example = _US_TIMES[meaning]
        raise UnknownZoneError(
            f"{cleaned!r} is a short name, not a place's time zone (in the US, {meaning} "
            f"time; the same name means other times elsewhere); give the jail's IANA "
            f"zone: for US {meaning} time, e.g. {example}",
            value=cleaned,
        )
    if _ETC_OFFSET.fullmatch(cleaned):
        raise UnknownZoneError(
            f"{cleaned!r} is a fixed offset (and its sign is reversed: Etc/GMT+5 is "
            "UTC-05:00); give the jail's IANA zone, e.g. America/Chicago",
            value=cleaned,
        )
    try:
        if not cleaned:
            raise ValueError("empty")
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownZoneError(_zone_message(cleaned), value=cleaned) from None


def _zone_message(name: str) -> str:
    close = _exact_suggestions(name) or _close_zones(name)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return f"unknown time zone {name!r}{hint}; give an IANA name such as America/Chicago"


@functools.lru_cache(maxsize=4096)
def _close_zones(name: str) -> tuple[str, ...]:
    """difflib's closest zones to `name` among those in its region or whose city begins
    with its city's letter, the cities about as long: a few dozen names, under a
    millisecond (all 599 took 2 to 6 ms a name), so that every unknown name gets its
    suggestions, the same whatever names a process was asked about before."""
    region, _, city = name.lower().rpartition("/")
    if not city:
        return ()
    import difflib  # noqa: PLC0415  (error path only)

    near = [
        zone
        for zone, (zone_region, zone_city) in _zone_parts().items()
        if (zone_region == region or zone_city[:1] == city[:1])
        and abs(len(zone_city) - len(city)) <= 3
    ]
    return tuple(difflib.get_close_matches(name, near, n=3))


@functools.cache
def _zone_names() -> list[str]:
    import zoneinfo  # noqa: PLC0415

    return sorted(zoneinfo.available_timezones())


@functools.cache
def _zone_parts() -> dict[str, tuple[str, str]]:
    """Each zone's region and city, lower case ("" and "utc" for "UTC")."""
    found: dict[str, tuple[str, str]] = {}
    for zone in _zone_names():
        region, _, city = zone.lower().rpartition("/")
        found[zone] = (region, city)
    return found


@functools.cache
def _by_folded_name() -> dict[str, list[str]]:
    """Zones by their name and by their city, lower case with spaces as underscores."""
    found: dict[str, list[str]] = {}
    for zone, (_, city) in _zone_parts().items():
        for key in {zone.lower(), city}:
            found.setdefault(key, []).append(zone)
    return found


def _exact_suggestions(name: str) -> list[str]:
    """Zones the name matches but for case and spacing ("america/chicago", "Chicago")."""
    folded = re.sub(r"\s+", "_", name.strip()).lower()
    return _by_folded_name().get(folded, [])[:3]


def local_zone_name(path: str = "/etc/localtime") -> str | None:
    """The machine's IANA zone name, if it can be told without guessing (from the link
    that `path`, /etc/localtime by default, makes into the zone database)."""
    try:
        target = os.path.realpath(path)
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


def default_zone() -> tuple[str | None, str]:
    """The zone to use when none is given, and where it came from: HOLDCALC_TZ, else the
    TZ variable (when set, it is the machine's zone: never silently passed over), else
    the system's zone file."""
    for variable in ("HOLDCALC_TZ", "TZ"):
        value = os.environ.get(variable, "").strip().lstrip(":")
        if value.startswith("/"):  # TZ=:/etc/localtime names a zone file, not a zone
            return local_zone_name(value), variable
        if value:
            return value, variable
    return local_zone_name(), "the system's zone setting"
