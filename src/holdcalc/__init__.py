"""holdcalc: when an ICE hold (immigration detainer) expires, and whether it was overrun.

Not legal advice. See docs/how-holds-are-counted.md for the method and its sources.
"""

from __future__ import annotations

__version__ = "0.1.0"

from holdcalc.core.clock import get_zone
from holdcalc.core.errors import (
    AmbiguousTimeError,
    CalendarError,
    HoldcalcError,
    InputError,
    NonexistentTimeError,
    OutputError,
    SequenceError,
    TimeParseError,
    UnknownZoneError,
)
from holdcalc.core.hold import (
    Assessment,
    DayKind,
    ExcludedDay,
    Expiry,
    LedgerDay,
    Status,
    assess,
    hold_expiry,
)
from holdcalc.core.holiday_calendar import HOLIDAY_SETS, Calendar, read_holiday_file
from holdcalc.core.parsing import DateOnly, parse_when
from holdcalc.core.rules import RULES, Rule, get_rule

__all__ = [
    "HOLIDAY_SETS",
    "RULES",
    "AmbiguousTimeError",
    "Assessment",
    "Calendar",
    "CalendarError",
    "DateOnly",
    "DayKind",
    "ExcludedDay",
    "Expiry",
    "HoldcalcError",
    "InputError",
    "LedgerDay",
    "NonexistentTimeError",
    "OutputError",
    "Rule",
    "SequenceError",
    "Status",
    "TimeParseError",
    "UnknownZoneError",
    "__version__",
    "assess",
    "get_rule",
    "get_zone",
    "hold_expiry",
    "parse_when",
    "read_holiday_file",
]
