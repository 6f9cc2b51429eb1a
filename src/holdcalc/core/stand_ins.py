"""Values that stand where a time should be and are none: a spreadsheet's error value,
its day number, and the day databases write for a missing time. Each is refused with
what it is, never read as a time nor taken for a blank."""

from __future__ import annotations

import datetime as dt
import re

from holdcalc.core.clock import EPOCH
from holdcalc.core.errors import Setting, TimeParseError

# The error values a spreadsheet shows where a formula fails (Excel, LibreOffice, Google
# Sheets); a departure of #N/A is no blank, so never "still held".
SPREADSHEET_ERRORS = frozenset(
    {"#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
     "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#BUSY!", "#CONNECT!", "#ERROR"}
)  # fmt: skip


# The words programs write for no value: SQL's NULL (as some exports print it), Python's
# None, pandas' NaN, NaT and <NA>, R's NA, and the dashes of a printed report. Each is
# refused by name: a blank departure means "still held", and whether this word means
# that or "not recorded" is the file's to say, not holdcalc's to guess.
NO_VALUE_WORDS = frozenset(
    {"NULL", "(NULL)", "<NULL>", "NONE", "NAN", "NAT", "<NA>", "NA", "N/A", "NIL", "-", "--",
     "\u2014", "\u2013"}
)  # fmt: skip


def refuse_stand_in_word(raw: str, what: str) -> None:
    """A spreadsheet's error value, or a program's word or date for no value (MySQL's
    zero date 0000-00-00), is refused by name."""
    if raw[0] == "#" and raw.upper() in SPREADSHEET_ERRORS:  # every one starts so
        raise TimeParseError(
            f"{what}: {raw!r} is an error the spreadsheet shows in place of a value (a formula "
            "that failed, such as a lookup with no match), not a time; correct the cell",
            role=what,
            value=raw,
        )
    if raw.startswith("0000-00-00"):
        raise TimeParseError(
            f"{what}: {raw!r} is what MySQL writes for a missing date (its zero date), not a "
            "real one; blank the cell if there is none, or correct it",
            role=what,
            value=raw,
        )
    if len(raw) <= 6 and raw.upper() in NO_VALUE_WORDS:
        raise TimeParseError(
            f"{what}: {raw!r} is a word for no value, not a time; where there is none, leave it "
            "blank (a blank departure means still held), or correct it (in a roster, such "
            "cells are read as blank with ",
            Setting.NULL_VALUE,
            f" {raw})",
            role=what,
            value=raw,
        )


# A spreadsheet's day number (days since 1899-12-30, a fraction for the time of day), as a
# date column formatted General is saved: 10000 is 1927, 99999 is 2173.
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_SERIAL_EPOCH = dt.datetime(1899, 12, 30, tzinfo=dt.UTC)  # a count of days: no zone of its own


# Unix time as APIs write it: ten digits of seconds (2001 to 2286), with a fraction or
# not, or thirteen of milliseconds (the same years).
_UNIX = re.compile(r"[1-9]\d{9}(?:\.\d+)?|[1-9]\d{9}(\d{3})")


def refuse_number(raw: str, what: str) -> None:
    """A number is refused, never read as a time: a spreadsheet's day number (it may
    count from 1904), Unix time (seconds or milliseconds since 1970 in UTC, as APIs and
    JSON exports write it), or something else altogether. What it would be is said, to
    find the fix."""
    if _SERIAL.fullmatch(raw):
        minutes = round(float(raw) * 1440)
        would = _SERIAL_EPOCH + dt.timedelta(minutes=minutes)
        raise TimeParseError(
            f"{what}: {raw!r} is a number, not a date and time: a spreadsheet's day number "
            f"(in Excel's usual count, {would:%Y-%m-%d %H:%M})? format its column as a date "
            "and time in the spreadsheet and save it again",
            role=what,
            value=raw,
        )
    unix = _UNIX.fullmatch(raw)
    if unix:
        seconds = float(raw) / (1000 if unix.group(1) else 1)
        moment = EPOCH + dt.timedelta(seconds=round(seconds))
        raise TimeParseError(
            f"{what}: {raw!r} is a number, not a date and time: Unix time in "
            f"{'milliseconds' if unix.group(1) else 'seconds'} ({moment:%Y-%m-%d %H:%M:%S} "
            "UTC)? write the times as dates with their offset (such as "
            f"'{moment:%Y-%m-%dT%H:%M:%SZ}') and check again",
            role=what,
            value=raw,
        )


# What databases and spreadsheets write for a missing time: SQL Server's default datetime
# and Excel's day 1, at any time of that day. Read as a real time it would be a hold of
# over a century past its limit.
PLACEHOLDER_DAY = dt.date(1900, 1, 1)


def refuse_placeholder(day: dt.date, raw: str, what: str) -> None:
    """A day that stands for no time is refused (a day, never a day and time: the shape
    caches read the two apart, and each is checked as read)."""
    if day == PLACEHOLDER_DAY:
        raise TimeParseError(
            f"{what}: {raw!r} is what databases and spreadsheets write for a missing time "
            "(1900-01-01), not a real one; blank the cell if there is none, or correct it",
            role=what,
            value=raw,
        )
