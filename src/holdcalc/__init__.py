"""holdcalc: when an ICE hold (immigration detainer) expires, and whether it was overrun.

Not legal advice. See docs/how-holds-are-counted.md for the method and its sources.

The library is `holdcalc.core` (parsing, calendar, rules, the hold, the verdict, the
limits); `holdcalc.roster` checks tables of rows, `holdcalc.letters` writes letters,
`holdcalc.output` renders results, and `holdcalc.cli` is the command line.
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
    Setting,
    TimeParseError,
    UnknownZoneError,
)
from holdcalc.core.hold import DayKind, ExcludedDay, Exclusion, Expiry, LedgerDay, hold_expiry
from holdcalc.core.holiday_calendar import HOLIDAY_SETS, Calendar, read_holiday_file
from holdcalc.core.parsing import DateOnly, parse_when
from holdcalc.core.rules import RULES, Counting, Rule, get_rule
from holdcalc.core.verdict import Assessment, Status, Verdict, assess, decide

__all__ = [
    "HOLIDAY_SETS",
    "RULES",
    "AmbiguousTimeError",
    "Assessment",
    "Calendar",
    "CalendarError",
    "Counting",
    "DateOnly",
    "DayKind",
    "ExcludedDay",
    "Exclusion",
    "Expiry",
    "HoldcalcError",
    "InputError",
    "LedgerDay",
    "NonexistentTimeError",
    "OutputError",
    "Rule",
    "SequenceError",
    "Setting",
    "Status",
    "TimeParseError",
    "UnknownZoneError",
    "Verdict",
    "__version__",
    "assess",
    "decide",
    "get_rule",
    "get_zone",
    "hold_expiry",
    "parse_when",
    "read_holiday_file",
]
