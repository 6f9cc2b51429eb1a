"""The errors of holdcalc. Each carries its facts as fields; front ends word them.

A message is a sequence of parts: plain text, and `Setting` members where the fix is
"change this setting". The library names a setting in its own words (`str(error)`);
the command line names its flag instead (`error.render(FLAG_WORDS)`). So the core never
speaks in command-line flags, and one error reads right wherever it is shown.
"""

from __future__ import annotations

import enum
import errno
from collections.abc import Mapping

# Errors only a write gives (a full disk, a quota, a file too large): met where the
# input was being read, they came from standard output.
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class Setting(enum.Enum):
    """Something the user can set to fix an error. The value is the library's wording."""

    ZONE = "zone="
    DAYFIRST = "dayfirst=True"
    HOURS = "the hold's length"
    ENCODING = "the encoding"
    START_COLUMN = "the start column's name"
    RELEASED_COLUMN = "the departure column's name"
    TZ_COLUMN = "the zone column's name"
    START_TIME_COLUMN = "the start time column's name"
    RELEASED_TIME_COLUMN = "the departure time column's name"
    NAME_COLUMN = "the name column's name"
    FACILITY_COLUMN = "the facility column's name"
    POLICY_FILE = "a policy file"
    POLICY_LIST = "holdcalc.core.law_table.load_policies"
    FIELD_LIST = "holdcalc.letters.FIELDS"
    OUTPUT = "output"
    HOLIDAYS = "holidays='none'"
    STILL_HELD = "still_held=True"
    OVERWRITE = "overwrite=True"
    SUMMARY_FILE = "the summary file"
    DATE_FORMAT = "formats=(a strptime format,)"
    GROUP_BY = "the booking column's name"
    BOOKED_COLUMN = "the booking time column's name"
    DISPOSITION_COLUMN = "the disposition column's name"
    HOLD_MATCH = "the hold markers"
    CALENDAR_FILE = "the calendar file"
    REPORT_FILE = "the report file"
    DRAFT = "draft=True"
    FACTS = "warrant= or meets_conditions="
    HEADER_ROW = "header_row="
    NULL_VALUE = "null_values="


Part = str | Setting
Words = Mapping[Setting, str]


class HoldcalcError(Exception):
    """Base class: every message names the value at fault and says what to do next.

    `parts` make the message; `fields` hold its facts (which role, which value, which
    columns) for callers that act on them rather than print them.
    """

    def __init__(self, *parts: Part, **fields: object) -> None:
        super().__init__(*parts)
        self.parts: tuple[Part, ...] = parts
        self.fields: dict[str, object] = fields

    def render(self, words: Words | None = None) -> str:
        """The message, naming each setting as `words` say (else in the library's words)."""
        out = []
        for part in self.parts:
            if isinstance(part, Setting):
                out.append(words.get(part, part.value) if words else part.value)
            else:
                out.append(part)
        return "".join(out)

    def __str__(self) -> str:
        return self.render()


class InputError(HoldcalcError):
    """A value given to holdcalc (a date, a zone, a file line) cannot be used."""


class TimeParseError(InputError):
    """Text that is not a date and time holdcalc can read."""


class NonexistentTimeError(InputError):
    """A local time skipped by a daylight-saving change."""


class AmbiguousTimeError(InputError):
    """A local time that occurs twice when clocks fall back."""


class UnknownZoneError(InputError):
    """A time zone name that is not in the IANA database."""


class CalendarError(InputError):
    """A holiday option or holiday-file line that cannot be used."""


class SequenceError(InputError):
    """Times out of order, such as a release before the hold started."""


class PolicyError(InputError):
    """A policy table entry or policy file that cannot be used."""


class TemplateError(InputError):
    """A letter template that uses something other than the documented fields."""


class OutputError(HoldcalcError):
    """An output file that cannot be written."""


class WorkerLost(HoldcalcError):
    """A worker process ended before its rows were judged (killed: by the system when
    memory runs out, or by hand); `signum` is the signal that ended it, 0 if none."""

    def __init__(self, signum: int, exitcode: int) -> None:
        how = f"was stopped by signal {signum}" if signum else f"ended with code {exitcode}"
        super().__init__(
            f"a worker process {how} before its rows were judged (out of memory?); "
            "nothing was written over",
            signum=signum,
            exitcode=exitcode,
        )
        self.signum = signum


class ColumnError(HoldcalcError):
    """A table without a column that is needed, or with a named column that is missing."""
