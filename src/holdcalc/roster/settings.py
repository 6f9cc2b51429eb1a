"""What a `check` run is told: how to judge rows, how to read the input, what to write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable
from typing import TYPE_CHECKING

from holdcalc.core.clock import HOUR
from holdcalc.core.errors import Setting
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.parsing import WallClock
from holdcalc.core.rules import Rule
from holdcalc.core.verdict import STALE_AFTER_DAYS, Status

if TYPE_CHECKING:
    from holdcalc.core.limits import LimitSettings
    from holdcalc.roster.bookings import BookingSettings
    from holdcalc.roster.columns import ColumnNames
    from holdcalc.roster.verdicts import RowVerdict


@dataclasses.dataclass(frozen=True)
class JudgeSettings:
    """How rows are judged. `zone` is the default for rows without one; `words` name
    settings in row error messages (the command line passes its flags)."""

    rule: Rule
    calendar: Calendar
    as_of: dt.datetime | WallClock  # a wall-clock time is read in each row's zone
    zone: str | None = None
    dayfirst: bool = False
    limits: LimitSettings | None = None  # the binding-limit analysis, when asked for
    words: dict[Setting, str] | None = None
    formats: tuple[str, ...] = ()  # strptime formats tried first (the shape caches stand aside)
    stale_after: float | None = STALE_AFTER_DAYS  # days; None: a still-held row is never stale


class Format(enum.Enum):
    CSV = "csv"
    TSV = "tsv"
    JSONL = "jsonl"
    JSON = "json"
    TABLE = "table"
    XLSX = "xlsx"


@dataclasses.dataclass(frozen=True)
class InputSettings:
    """Where the roster is and how to read it."""

    path: str
    columns: ColumnNames | None = None  # None: every column found by its aliases
    delimiter: str | None = None  # None: sniffed from the header line
    encoding: str = "utf-8-sig"
    header_row: int | None = None  # None: the first row naming a start column
    sheet: str | None = None  # a workbook's sheet, by name or 1-based number
    bookings: BookingSettings | None = None  # a per-charge roster, grouped into bookings


@dataclasses.dataclass(frozen=True)
class OutputSettings:
    """What to write, and where (None or "-": standard output)."""

    fmt: Format = Format.CSV
    path: str | None = None
    only_flagged: bool = False
    spreadsheet_safe: bool = False
    due_within: float | None = None  # hours: only holds still running that end this soon

    def keep(self) -> Callable[[RowVerdict], bool] | None:
        """Which rows are written, when not all: flagged ones, or holds due soon."""
        if self.due_within is not None:
            limit = round(self.due_within * HOUR)
            return lambda verdict: verdict.status is Status.ACTIVE and verdict.left <= limit
        if self.only_flagged:
            return lambda verdict: verdict.status.flagged
        return None
