"""Small exception classes of the core. The CLI maps them to exit codes in one place."""

from __future__ import annotations


class HoldcalcError(Exception):
    """Base class: every message names the value at fault and says what to do next."""


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


class OutputError(HoldcalcError):
    """An output file that cannot be written."""


class ColumnError(HoldcalcError):
    """A table without a column that is needed, or with a named column that is missing."""
