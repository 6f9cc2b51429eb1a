"""The other standard readings of a hold, shown beside the one chosen."""

from __future__ import annotations

import dataclasses
import datetime as dt

from holdcalc.core.errors import CalendarError
from holdcalc.core.hold import Expiry, hold_expiry
from holdcalc.core.rules import RULES, Rule

# The readings an attorney should see side by side: the regulation with and without
# executive-order closures, and the current form's plain 48 hours.
_READINGS = (("cfr", "federal"), ("cfr", "federal+closures"), ("i247a", "federal"))


@dataclasses.dataclass(frozen=True)
class Alternative:
    rule: Rule
    holidays: str
    expires_at: dt.datetime
    differs: bool


def alternatives(expiry: Expiry) -> tuple[Alternative, ...]:
    """The same start under the other standard readings, skipping the one already used."""
    found = []
    for rule_key, holidays in _READINGS:
        rule = RULES[rule_key]
        uses_holidays = rule.exclude_holidays
        calendar = expiry.calendar.with_holidays(holidays)
        if rule == expiry.rule and (not uses_holidays or calendar == expiry.calendar):
            continue
        try:
            other = hold_expiry(expiry.start, rule=rule, calendar=calendar)
        except CalendarError:  # a year the holiday data does not cover: no such reading
            continue
        found.append(
            Alternative(
                rule,
                calendar.label if uses_holidays else "none",
                other.expires_at,
                other.expires_at != expiry.expires_at,
            )
        )
    return tuple(found)
