"""Values in a layout the parsers know that they would read wrong, or only with a
guess, refused with what to do instead: 24:00, a two-digit year, day and month in an
order not declared, a dotted date, an ISO date with an offset and no time, and a
fraction after an hour or minute.
"""

from __future__ import annotations

import datetime as dt
import re

from holdcalc.core.errors import Setting, TimeParseError

_ISO_DATE_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}\s*(?:[Zz]|[+-]\d{2}:?\d{2})")
# A fraction after an ISO date's hour ("16.30"), or after any minute ("16:30.5").
_COARSE_FRACTION = re.compile(r"(?:^\d{4}-\d{2}-\d{2}[ T]+\d{1,2}|(?<![\d:.])\d{1,2}:\d{2})[.,]\d")


def not_real(raw: str, exc: ValueError, what: str) -> TimeParseError:
    """A value of a known layout that names no real date and time, and why."""
    if _END_OF_DAY.search(raw):
        return TimeParseError(
            f"{what}: {raw!r} writes the midnight that ends the day as 24:00; write it as "
            "00:00 of the next day",
            role=what,
            value=raw,
        )
    reason = str(exc)
    if reason.startswith("Invalid isoformat string"):  # Python's words for any misfit
        reason = "the time is not HH:MM, HH:MM:SS or HH:MM:SS.ffffff"
    return TimeParseError(
        f"{what}: {raw!r} is not a real date and time ({reason}); check the month, day and hour",
        role=what,
        value=raw,
    )


_END_OF_DAY = re.compile(r"(?<![\d:])24:00(?::00(?:\.0+)?)?(?![\d:.])")


def short_year(raw: str, what: str) -> TimeParseError:
    return TimeParseError(
        f"{what}: {raw!r} has a two-digit year; write the year in full (e.g. 2024), "
        "or say how to read it with ",
        Setting.DATE_FORMAT,
        role=what,
        value=raw,
    )


_MONTH_NAME = re.compile(r"(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)


def as_written(raw: str, day: dt.date, written: dt.date | None, what: str) -> None:
    """Refuse what the general parser read by a guess of its own: a day and month in
    numbers in an order not declared (it swaps them when the order asked for gives no
    date) or in no order holdcalc knows ("27/11 2024"), or a year from two digits
    ("27 Nov 24 1630", read as 2024 because 1630 has four)."""
    if written is not None and day != written:
        raise TimeParseError(
            f"{what}: {raw!r} is read as {day.isoformat()} by the parser, not "
            f"{written.isoformat()} as its numbers say; write it as YYYY-MM-DD",
            role=what,
            value=raw,
        )
    compact = re.search(rf"(?<!\d){day:%Y%m%d}(?!\d)", raw) is not None  # 20241127 1630
    if written is None and not compact and _MONTH_NAME.search(raw) is None:
        raise TimeParseError(
            f"{what}: {raw!r} writes its day and month in numbers, in no order holdcalc reads "
            "without a guess; write it as YYYY-MM-DD, or give its format with ",
            Setting.DATE_FORMAT,
            role=what,
            value=raw,
        )
    if not compact and re.search(rf"(?<!\d){day.year}(?!\d)", raw) is None:
        raise short_year(raw, what)


def dotted(raw: str, what: str) -> TimeParseError:
    """A date with dots, such as 27.11.2024: read day first when the user says so."""
    only = int(raw.split(".", 1)[0]) > 12  # 27.11.2024: no month 27
    order = "reads only day first" if only else "could be day.month or month.day"
    return TimeParseError(
        f"{what}: {raw!r} {order}; write it as YYYY-MM-DD, or add ",
        Setting.DAYFIRST,
        " if the day comes first",
        role=what,
        value=raw,
        day_first=only,
    )


def refuse_odd_iso(raw: str, what: str) -> None:
    """An ISO date with an offset and no time; or a fraction after the hour or minute,
    which ISO 8601 makes a fraction of that hour or minute, Python's reader one of a
    second ('16.30' as 16:00:00.3), and a writer using a dot for a colon means 16:30;
    dateutil reads '16:30.5' as ISO does (checked before it too)."""
    if _ISO_DATE_OFFSET.fullmatch(raw):
        raise TimeParseError(
            f"{what}: {raw!r} has an offset but no time of day; give both "
            f"(e.g. '{raw[:10]}T00:00{raw[10:]}')",
            role=what,
            value=raw,
        )
    refuse_coarse_fraction(raw, what)


def refuse_coarse_fraction(raw: str, what: str) -> None:
    if _COARSE_FRACTION.search(raw):
        raise TimeParseError(
            f"{what}: {raw!r} has a fraction after its hour or minute, which is read in more "
            "than one way (a dot for a colon, or part of an hour); write the time as HH:MM "
            "or HH:MM:SS, or give its format with ",
            Setting.DATE_FORMAT,
            role=what,
            value=raw,
        )
