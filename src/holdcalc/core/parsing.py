"""The parsing edge: text in, aware datetimes (or date-only values) out.

Past this module no naive datetime exists. A naive local time is placed in the
jail's zone, and one that a daylight-saving change skipped or repeated is an
error naming the value, never a silent guess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import warnings
from typing import TypeVar
from zoneinfo import ZoneInfo

from holdcalc.core.clock import UTC
from holdcalc.core.errors import (
    AmbiguousTimeError,
    NonexistentTimeError,
    Setting,
    TimeParseError,
)
from holdcalc.core.export_shapes import format_hint
from holdcalc.core.misread import (
    as_written,
    dotted,
    not_real,
    refuse_coarse_fraction,
    refuse_odd_iso,
    short_year,
)
from holdcalc.core.stand_ins import refuse_number, refuse_placeholder, refuse_stand_in_word
from holdcalc.core.zone_text import (
    UTC_NAMES,
    ZERO_NAMED,
    agreeing,
    bracketed,
    offset_text,
    plain_offsets,
    refuse_zone_name,
)

MIN_YEAR, MAX_YEAR = 1900, 2199
_D = TypeVar("_D", bound=dt.date)
FORMATS_HINT = "use ISO 8601 ('2024-11-27 16:30', '2024-11-27T16:30-06:00') or '11/27/2024 4:30 PM'"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_12H = re.compile(
    r"(\d{4}-\d{2}-\d{2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]?\.?"
)
_ONE_DIGIT_HOUR = re.compile(r"^(\d{4}-\d{2}-\d{2}[ T])(\d:\d{2})(?![\d])")
_SPACED_OFFSET = re.compile(r"(\d)\s+([+-]\d{2}(?::?\d{2})?)$")  # 16:30:00.0000000 -06:00
# Words after an ISO date ("4:30 PM EST"): letters other than T, Z and those of AM/PM.
_WORDY = re.compile(r"[B-LNOQ-SU-Yb-lnoq-su-y]")
_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}(?!\d)")
_YEAR_FIRST = re.compile(r"\d{4}\D|\d{8}(?!\d)")  # 2024/11/27; 20241127, always year first
_SHORT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(?:\s.*)?")
_US_HOUR = re.compile(r"\d{1,2}[/-]\d{1,2}[/-]\d{4}[ T]+\d{1,2}")
_US = re.compile(
    r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]?\.?)?"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)


@dataclasses.dataclass(frozen=True)
class DateOnly:
    """A value with a date but no time of day: the instant is somewhere in that local day."""

    date: dt.date


Moment = dt.datetime | DateOnly


@dataclasses.dataclass(frozen=True)
class WallClock:
    """A date and time given without an offset, read in each place's own zone: a batch's
    "as of" is the same wall-clock time in every jail it covers, as it is for one case."""

    text: str
    dayfirst: bool = False
    what: str = "as-of time"
    formats: tuple[str, ...] = ()

    def at(self, zone: ZoneInfo) -> dt.datetime:
        """This wall-clock time in `zone` (an error if it is skipped or repeated there)."""
        value = parse_when(
            self.text, zone, dayfirst=self.dayfirst, what=self.what, formats=self.formats
        )
        if isinstance(value, DateOnly):  # checked where the value is read; kept honest here
            raise TimeParseError(f"{self.what}: {self.text!r} has no time of day")
        return value

    @property
    def date(self) -> dt.date:
        """The calendar date as written (the same in every zone)."""
        return self.at(ZoneInfo("UTC")).date()


def instant_in(moment: dt.datetime | WallClock, zone: ZoneInfo) -> dt.datetime:
    """An instant given either way, as an aware datetime in `zone`."""
    return moment.at(zone) if isinstance(moment, WallClock) else moment.astimezone(zone)


def parse_when(
    text: str,
    zone: ZoneInfo,
    *,
    dayfirst: bool = False,
    now: dt.datetime | None = None,
    what: str = "time",
    formats: tuple[str, ...] = (),
) -> Moment:
    """Read a date and time given in the jail's zone (or with its own offset).

    Returns an aware datetime in `zone`, or DateOnly when no time of day is given.
    `what` names the value in error messages ("START", "column released_at").
    `formats` are strptime formats the user gave, tried in order before the usual ones.
    """
    raw = text.strip()
    if raw.lower() == "now":
        if now is None:
            raise TimeParseError(
                f"{what}: 'now' is not a time here; write the date and time it stands for",
                role=what,
                value=raw,
            )
        return now.astimezone(zone)
    value = read_naive(raw, dayfirst=dayfirst, what=what, formats=formats)
    if isinstance(value, DateOnly):
        return value
    if value.tzinfo is not None:
        return value.astimezone(zone)
    return localize(value, zone, what=what)


def read_naive(
    text: str, *, dayfirst: bool = False, what: str = "time", formats: tuple[str, ...] = ()
) -> dt.datetime | DateOnly:
    """Read the supported formats into a datetime (aware only if the text has an offset)."""
    raw = text.strip()
    if raw.endswith(("UTC", "GMT")):  # Go's "... +0000 UTC": the offset alone says it
        raw = ZERO_NAMED.sub(r"\1", raw)
    if not raw:
        raise TimeParseError(f"{what} is blank; {FORMATS_HINT}")
    zoned = bracketed(raw, what)  # "2024-11-27T16:30-06:00[America/Chicago]" (RFC 9557)
    if zoned is not None:
        return _in_bracketed_zone(zoned, raw, dayfirst=dayfirst, what=what, formats=formats)
    refuse_stand_in_word(raw, what)
    for layout in formats:
        found = _by_format(raw, layout, what)
        if found is not None:
            return found
    refuse_number(raw, what)
    try:
        if _ISO_DATE.match(raw) and not _WORDY.search(raw, 10):
            refuse_odd_iso(raw, what)
            if len(raw) == 10:
                return DateOnly(_checked_year(dt.date.fromisoformat(raw), raw, what))
            twelve = _ISO_12H.fullmatch(raw)
            if twelve:  # "2024-11-27 4:30 PM": an ISO date with a 12-hour clock
                date = _checked_year(dt.date.fromisoformat(twelve.group(1)), raw, what)
                return dt.datetime.combine(date, _clock12(*twelve.group(2, 3, 4, 5)))
            iso = _ONE_DIGIT_HOUR.sub(r"\g<1>0\2", raw, count=1)  # Excel's yyyy-mm-dd h:mm
            iso = _SPACED_OFFSET.sub(r"\1\2", iso, count=1)  # SQL Server's datetimeoffset
            return _checked_year(dt.datetime.fromisoformat(iso), raw, what)
        if _SHORT_YEAR.fullmatch(raw):
            raise short_year(raw, what)
        match = _US.fullmatch(raw)
        if match:
            return _from_us(match, raw, dayfirst=dayfirst, what=what)
        if _US_HOUR.fullmatch(raw):  # "11/27/2024 16": an hour, or a time cut short?
            raise TimeParseError(
                f"{what}: {raw!r} has an hour but no minutes; write the time as HH:MM, or "
                "give its format with ",
                Setting.DATE_FORMAT,
            )
        if _DOTTED.match(raw) and not dayfirst:
            raise dotted(raw, what)
        written = _numeric_date(raw, dayfirst=dayfirst)
    except _MonthError as exc:
        day_first = not dayfirst and exc.could_be_day_first  # readable only day first
        hint = (" (day first? add ", Setting.DAYFIRST, ")") if day_first else ("",)
        raise TimeParseError(
            f"{what}: {raw!r} is not a real date and time (month {exc.month} is not 1-12",
            *hint,
            "); check the month, day and hour",
            role=what,
            value=raw,
            day_first=day_first,
        ) from None
    except ValueError as exc:
        raise not_real(raw, exc, what) from None
    found = _from_dateutil(raw, dayfirst=dayfirst, what=what)
    as_written(raw, found.date if isinstance(found, DateOnly) else found.date(), written, what)
    return found


def _in_bracketed_zone(
    zoned: tuple[str, ZoneInfo], raw: str, *, dayfirst: bool, what: str, formats: tuple[str, ...]
) -> dt.datetime:
    """A value before a bracketed zone (core.zone_text), read as any value is: with an
    offset, which must be the zone's then; or without, as a local time in that zone."""
    text, zone = zoned
    value = read_naive(text, dayfirst=dayfirst, what=what, formats=formats)
    if isinstance(value, DateOnly):
        raise TimeParseError(f"{what}: {raw!r} has a zone but no time of day; give both")
    if value.tzinfo is None:
        return localize(value, zone, what=what)
    return agreeing(value, zone, raw, what)


# A date written in numbers somewhere in a value the general parser reads ("11/27/2024
# 4:30:00.5 PM", "27-11-2024 16:30 -06:00"): that parser swaps day and month when the
# order asked for gives no date, so the order is checked here first (and after it).
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")
_YEAR_FIRST_DATE = re.compile(r"(?<![\d/.-])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/.-])")


def _numeric_date(raw: str, *, dayfirst: bool) -> dt.date | None:
    """The date a value writes in numbers, read in the order the user declared (a year
    first: year, month, day), or None; _MonthError when that order gives no month."""
    match = _NUMERIC_DATE.search(raw)
    if match is not None:
        return _in_order(int(match[1]), int(match[3]), int(match[4]), dayfirst=dayfirst)
    match = _YEAR_FIRST_DATE.search(raw)
    if match is None:
        return None
    year, month, day = int(match[1]), int(match[3]), int(match[4])
    if month > 12:
        raise _MonthError(month, could_be_day_first=False)
    return dt.date(year, month, day)


def _in_order(first: int, second: int, year: int, *, dayfirst: bool) -> dt.date:
    """The date of a day and month in numbers, in the order declared: month first unless
    `dayfirst`. _MonthError when that order gives no month (never the other order)."""
    month, day = (second, first) if dayfirst else (first, second)
    if month > 12:
        raise _MonthError(month, could_be_day_first=second <= 12)
    return dt.date(year, month, day)


_TIME_DIRECTIVES = re.compile(r"%[HIMSfpXcTRr]")
_YEAR_DIRECTIVES = re.compile(r"%[YyGcx]")
# strptime's %Z reads a zone name and throws it away (and takes the machine's own names,
# EST on a machine in New York); only names that are one offset everywhere are read.
_UTC_WORD = re.compile(r"(?<![A-Za-z])(?:UTC|GMT|Z)(?![A-Za-z])", re.IGNORECASE)


def format_problem(layout: str) -> str | None:
    """Why a strptime format the user gave cannot be used, or None if it can."""
    if "%" not in layout:
        return f"{layout!r} has no % directive; write it as strptime does"
    if _YEAR_DIRECTIVES.search(layout) is None:
        return (
            f"{layout!r} has no year (%Y or %y), so every date would be read in the year "
            "1900; add the year to the format (a file without years cannot be judged)"
        )
    if layout.count("%Z") + layout.count("%z") > 1:
        return f"{layout!r} has %Z or %z twice; give the zone once"
    try:  # strptime checks a format only when it reads with it: read nothing with it
        dt.datetime.strptime("", layout.replace("%Z", "%z"))  # noqa: DTZ007  (as _by_format)
    except re.error as exc:  # its pattern names one field twice
        field = _GROUP.search(exc.msg)
        twice = f"%{field.group(1)}" if field else "a field"
        return f"{layout!r} reads {twice} twice (%c, %x and %X hold several); give it once"
    except ValueError as exc:
        if not str(exc).startswith("time data"):  # a bad directive, a stray %
            return f"{layout!r} is not a strptime format ({exc})"
    return None


_GROUP = re.compile(r"group name '(\w+)'")  # in re's error for a name given twice


def _by_format(raw: str, layout: str, what: str) -> dt.datetime | DateOnly | None:
    """The value read with a strptime format the user gave, or None if it does not fit.
    A format is the user's word on how to read the text, so a two-digit year (%y) in it
    is accepted. Months are matched without regard to case (Oracle writes JAN). A %Z
    reads UTC or GMT as the offset +00:00; any other zone name does not fit. A %f
    reads up to nine digits (Oracle's TIMESTAMP(9), SQL Server's datetime2): those past
    the sixth, under a microsecond, are dropped, as strptime reads no more."""
    if "%f" in layout:
        raw = _NANOS.sub(r"\1", raw)
    if "%Z" in layout:
        raw, count = _UTC_WORD.subn("+0000", raw)
        if count != 1:
            return None
        layout = layout.replace("%Z", "%z")
    try:
        value = dt.datetime.strptime(raw, layout)  # noqa: DTZ007  (placed in a zone by the caller)
    except ValueError:
        return None
    _checked_year(value, raw, what)
    if _TIME_DIRECTIVES.search(layout) is None:
        return DateOnly(value.date())
    return value


_NANOS = re.compile(r"(\.\d{6})\d{1,3}(?!\d)")  # a fraction's digits past the sixth


class _MonthError(Exception):
    """A month number past 12, which may mean the value is day first."""

    def __init__(self, month: int, *, could_be_day_first: bool) -> None:
        super().__init__(month)
        self.month = month
        self.could_be_day_first = could_be_day_first


def _clock12(hour_text: str, minute_text: str, second_text: str | None, half: str) -> dt.time:
    hour = int(hour_text)
    if not 1 <= hour <= 12:
        raise ValueError(f"hour {hour} is not 1-12 with AM/PM")
    hour = hour % 12 + (12 if half.lower() == "p" else 0)
    return dt.time(hour, int(minute_text), int(second_text or 0))


def _from_us(
    match: re.Match[str], raw: str, *, dayfirst: bool, what: str
) -> dt.datetime | DateOnly:
    numbers = int(match.group(1)), int(match.group(2)), int(match.group(3))
    date = _checked_year(_in_order(*numbers, dayfirst=dayfirst), raw, what)
    if match.group(4) is not None:
        return dt.datetime.combine(date, _clock12(*match.group(4, 5, 6, 7)))
    if match.group(8) is not None:
        hour, minute, second_ = int(match.group(8)), int(match.group(9)), int(match.group(10) or 0)
    else:
        return DateOnly(date)
    return dt.datetime.combine(date, dt.time(hour, minute, second_))


_D1 = dt.datetime(2001, 1, 1, 0, 0, 0)
_D2 = dt.datetime(2002, 2, 2, 1, 0, 0)


def _from_dateutil(raw: str, *, dayfirst: bool, what: str) -> dt.datetime | DateOnly:
    """Other spellings ("Nov 27, 2024 4:30 PM"), read only when every date part is present."""
    if not re.search(r"\d{4}", raw):
        raise TimeParseError(
            f"{what}: {raw!r} is not a date and time with a year; {FORMATS_HINT}, or give its "
            "format with ",
            Setting.DATE_FORMAT,
            format_hint(raw),
        )
    refuse_coarse_fraction(raw, what)
    from dateutil import parser  # noqa: PLC0415  (rarely needed; ~15 ms to import)

    text = plain_offsets(raw)
    # A year written first ("2024/03/04", "20240304") is always year-month-day, whatever
    # dayfirst says.
    yearfirst = bool(_YEAR_FIRST.match(text))
    options = {"dayfirst": dayfirst and not yearfirst, "yearfirst": yearfirst}
    zone_names: list[str] = []

    def zone_named(name: str | None, offset: int | None) -> dt.tzinfo | None:
        if name is not None and name.upper() not in UTC_NAMES:
            zone_names.append(name)
        if offset is not None:
            return dt.timezone(dt.timedelta(seconds=offset))
        return dt.UTC if name is not None else None  # dateutil asks even for naive text

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            one: dt.datetime = parser.parse(text, default=_D1, tzinfos=zone_named, **options)
            two: dt.datetime = parser.parse(text, default=_D2, tzinfos=zone_named, **options)
    except (ValueError, OverflowError, parser.ParserError, Warning) as exc:
        reason = str(exc).split(":")[0] if str(exc) else "unreadable"
        raise TimeParseError(
            f"{what}: {raw!r} is not a date and time ({reason}); {FORMATS_HINT}, or give its "
            "format with ",
            Setting.DATE_FORMAT,
            format_hint(raw),
        ) from None
    if zone_names:
        refuse_zone_name(zone_names[0], raw, what)
    if one.date() != two.date():
        raise TimeParseError(
            f"{what}: {raw!r} lacks a full date (year, month and day); {FORMATS_HINT}"
        )
    _checked_year(one, raw, what)
    if one.hour != two.hour:  # no time of day at all (a lone "4 PM" keeps minute 0)
        if one.tzinfo is not None:
            raise TimeParseError(f"{what}: {raw!r} has an offset but no time; give both")
        return DateOnly(one.date())
    return one


def _checked_year(value: _D, raw: str, what: str) -> _D:
    """The value, if its year is in range and its day is no placeholder for a missing
    time (a day, never a day and time: the shape caches read the two apart)."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise TimeParseError(
            f"{what}: {raw!r} has year {value.year}, outside {MIN_YEAR}-{MAX_YEAR}; check the year"
        )
    refuse_placeholder(value.date() if isinstance(value, dt.datetime) else value, raw, what)
    return value


def localize(naive: dt.datetime, zone: ZoneInfo, *, what: str = "time") -> dt.datetime:
    """Place a wall-clock time in `zone`, refusing one that is skipped or repeated there."""
    early = naive.replace(tzinfo=zone, fold=0)
    late = naive.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return early
    stamp = naive.isoformat(sep=" ", timespec="minutes")
    round_trip = early.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        raise NonexistentTimeError(
            f"{what}: {stamp} does not exist in {zone.key} (clocks sprang forward past it); "
            "check the time, or give it with its UTC offset"
        )
    first, second = offset_text(early.utcoffset()), offset_text(late.utcoffset())
    raise AmbiguousTimeError(
        f"{what}: {stamp} happens twice in {zone.key} (clocks fell back); add its offset: "
        f"'{naive.isoformat(timespec='minutes')}{first}' for the first, "
        f"'{naive.isoformat(timespec='minutes')}{second}' for the second"
    )
