"""Dates and times as database systems and languages show them by default, known by
their shape, so that a value refused as an unknown format can be told the format that
reads it. The format stays the user's to give: Oracle's shapes write the year in two
digits, which only the user can vouch for (a strptime %y reads 00-68 as 2000-2068), and
Go's writes a zone name beside the offset, which only the user can say to pass over."""

from __future__ import annotations

import dataclasses
import re


@dataclasses.dataclass(frozen=True)
class ExportShape:
    pattern: re.Pattern[str]
    layout: str  # the strptime format that reads it; {name}: the pattern's group so named
    writer: str  # who shows dates and times so
    after: str = ""  # words on the format, said after it


_GO_NAME = " reads it by the offset, and a column of several names needs one such format for each"

SHAPES = (
    # Oracle shows a TIMESTAMP as DD-MON-RR HH.MI.SSXFF AM where NLS_TERRITORY is
    # AMERICA (NLS_TIMESTAMP_FORMAT is derived from it: Oracle Database Reference,
    # NLS_TIMESTAMP_FORMAT; TO_TIMESTAMP's example returns "10-SEP-06 02.10.10.123000
    # PM", Oracle OLAP Expression Syntax Reference 11.2). A TIMESTAMP(9) shows nine
    # digits of the second; a format's %f reads them (core.parsing drops the last three).
    ExportShape(
        re.compile(r"\d{2}-[A-Za-z]{3}-\d{2} \d{2}\.\d{2}\.\d{2}\.\d{1,9} [AaPp][Mm]"),
        "%d-%b-%y %I.%M.%S.%f %p",
        "Oracle's default for a TIMESTAMP",
    ),
    # And a DATE as DD-MON-RR (NLS_DATE_FORMAT, derived from NLS_TERRITORY likewise).
    ExportShape(re.compile(r"\d{2}-[A-Za-z]{3}-\d{2}"), "%d-%b-%y", "Oracle's default for a DATE"),
    # Go's time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST" (Go's time
    # package, func (Time) String), the fraction only where there is one; its UTC
    # spelling, "+0000 UTC", is read without a format.
    ExportShape(
        re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} (?P<name>[A-Z]{2,5})"),
        "%Y-%m-%d %H:%M:%S %z {name}",
        "Go prints a time, a zone name after its offset",
        _GO_NAME,
    ),
    ExportShape(
        re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,9} [+-]\d{4} (?P<name>[A-Z]{2,5})"),
        "%Y-%m-%d %H:%M:%S.%f %z {name}",
        "Go prints a time, a zone name after its offset",
        _GO_NAME,
    ),
)


def format_hint(raw: str) -> str:
    """For a value of a known shape, the format that reads it, as words to append to a
    refusal ("" for any other value)."""
    for shape in SHAPES:
        found = shape.pattern.fullmatch(raw)
        if found:
            layout = shape.layout.format(**found.groupdict())
            return f" (it is written as {shape.writer}: {layout!r}{shape.after})"
    return ""
