"""The hold rules, declared as data with the law beside each one.

Each rule says how long a hold may last and which local days stop the clock.
Sources are summarised in docs/how-holds-are-counted.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType


@dataclasses.dataclass(frozen=True)
class Rule:
    """One way of counting a hold: its length, its excluded days and its source."""

    key: str
    title: str
    hours: float
    exclude_weekends: bool
    exclude_holidays: bool
    citation: str
    wording: str
    in_force_from: dt.date | None = None
    in_force_to: dt.date | None = None
    note: str = ""

    @property
    def pauses_clock(self) -> bool:
        return self.exclude_weekends or self.exclude_holidays

    def adjusted(self, *, hours: float | None = None, weekends: bool | None = None) -> Rule:
        """This rule with a different length or weekend setting, marked as adjusted."""
        changes: list[str] = []
        new = self
        if hours is not None and hours != self.hours:
            if hours <= 0:
                raise ValueError("hours must be positive")
            new = dataclasses.replace(new, hours=hours)
            changes.append(f"length set to {_fmt_hours(hours)} hours")
        if weekends is not None and weekends != self.exclude_weekends:
            new = dataclasses.replace(new, exclude_weekends=weekends)
            changes.append("weekends counted" if not weekends else "weekends excluded")
        if not changes:
            return self
        return dataclasses.replace(
            new,
            note=(self.note + " " if self.note else "") + "Adjusted: " + ", ".join(changes) + ".",
        )

    def describe(self) -> str:
        """One line: how long and what is excluded."""
        excluded = [
            name
            for name, on in (
                ("Saturdays", self.exclude_weekends),
                ("Sundays", self.exclude_weekends),
                ("holidays", self.exclude_holidays),
            )
            if on
        ]
        if not excluded:
            return f"{_fmt_hours(self.hours)} hours, every hour counted"
        listed = (
            excluded[0] if len(excluded) == 1 else ", ".join(excluded[:-1]) + " and " + excluded[-1]
        )
        return f"{_fmt_hours(self.hours)} hours excluding {listed}"


def _fmt_hours(hours: float) -> str:
    return str(int(hours)) if float(hours).is_integer() else f"{hours:g}"


_TABLE: dict[str, Rule] = {
    # 8 C.F.R. § 287.7(d), as amended by 62 Fed. Reg. 10312, 10360 (Mar. 6, 1997).
    "cfr": Rule(
        key="cfr",
        title="8 C.F.R. § 287.7(d) (the regulation)",
        hours=48,
        exclude_weekends=True,
        exclude_holidays=True,
        citation="8 C.F.R. § 287.7(d)",
        wording=(
            "the criminal justice agency shall maintain custody of the alien for a period "
            "not to exceed 48 hours, excluding Saturdays, Sundays, and holidays"
        ),
        in_force_from=dt.date(1997, 4, 1),
    ),
    # Form I-247 (1997, 2011) and I-247 rev. 12/2012: the same exclusion, "Federal holidays".
    "i247": Rule(
        key="i247",
        title="Form I-247 detainer (before 2017-04-02)",
        hours=48,
        exclude_weekends=True,
        exclude_holidays=True,
        citation="DHS Form I-247 (rev. 12/2012); 8 C.F.R. § 287.7(d)",
        wording=(
            "maintain custody of the subject for a period not to exceed 48 hours, "
            "excluding Saturdays, Sundays, and Federal holidays"
        ),
        in_force_to=dt.date(2017, 4, 1),
    ),
    # Form I-247A (3/17), in use from 2017-04-02.
    "i247a": Rule(
        key="i247a",
        title="Form I-247A detainer (2017-04-02 on)",
        hours=48,
        exclude_weekends=False,
        exclude_holidays=False,
        citation="DHS Form I-247A (3/17)",
        wording=(
            "maintain custody of the alien for a period not to exceed 48 hours beyond the "
            "time when he/she would otherwise have been released from your custody"
        ),
        in_force_from=dt.date(2017, 4, 2),
        note="Every elapsed hour counts, weekends and holidays included.",
    ),
}

RULES: Mapping[str, Rule] = MappingProxyType(_TABLE)
DEFAULT_RULE = "cfr"


def get_rule(key: str) -> Rule:
    try:
        return RULES[key]
    except KeyError:
        raise ValueError(f"unknown rule {key!r}; choose one of: {', '.join(RULES)}") from None
