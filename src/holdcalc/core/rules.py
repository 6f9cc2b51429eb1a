"""The hold rules, declared as data with the law beside each one.

Each rule says how long a hold may last and which local days stop the clock.
Sources are summarised in docs/how-holds-are-counted.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from holdcalc.core.errors import InputError
from holdcalc.core.phrases import hours_text, listed, phrase


@dataclasses.dataclass(frozen=True)
class Counting:
    """How a hold's length is counted: its hours, and which days stop the clock."""

    hours: float
    weekends: bool  # Saturdays and Sundays stop the clock
    holidays: bool  # the calendar's holidays stop the clock

    def describe(self, lang: str = "en") -> str:
        """One phrase: '48 hours excluding Saturdays, Sundays and holidays'."""
        days = [
            phrase(key, lang)
            for key, on in (
                ("saturdays", self.weekends),
                ("sundays", self.weekends),
                ("holidays", self.holidays),
            )
            if on
        ]
        hours = hours_text(self.hours)
        if not days:
            return phrase("every_hour", lang, hours=hours)
        return phrase("excluding", lang, hours=hours, days=listed(days, lang))


@dataclasses.dataclass(frozen=True)
class Wording:
    """What a rule says, and where those words were read.

    `quoted` is a verbatim excerpt of `text` (a test holds every quotation to its
    source text), or None where the exact words were not read: then `plain` describes
    the rule without quotation marks, as anything unread must be."""

    quoted: str | None
    text: str  # the sentence as read, in full (blank when not read)
    source: str  # where it was read, and how sure that reading is
    plain: str = ""  # a description in holdcalc's words, for when nothing is quoted

    def for_letter(self) -> str:
        """The rule's words as a letter gives them: quoted exactly, or described."""
        return f'"{self.quoted}"' if self.quoted is not None else self.plain


@dataclasses.dataclass(frozen=True)
class Rule:
    """One way of counting a hold: its length, its excluded days and its source."""

    key: str
    name: str  # "Form I-247A detainer"
    scope: str  # "2017-04-02 on": when or what it covers, shown after the name
    hours: float
    exclude_weekends: bool
    exclude_holidays: bool
    citation: str
    wording: Wording
    note: str = ""

    @property
    def title(self) -> str:
        return f"{self.name} ({self.scope})"

    @property
    def counting(self) -> Counting:
        return Counting(self.hours, self.exclude_weekends, self.exclude_holidays)

    def adjusted(self, *, hours: float | None = None, weekends: bool | None = None) -> Rule:
        """This rule with a different length or weekend setting, marked as adjusted."""
        changes: list[str] = []
        new = self
        if hours is not None and hours != self.hours:
            if hours <= 0:
                raise ValueError("hours must be positive")
            new = dataclasses.replace(new, hours=hours)
            changes.append(f"length set to {hours_text(hours)} hours")
        if weekends is not None and weekends != self.exclude_weekends:
            new = dataclasses.replace(new, exclude_weekends=weekends)
            changes.append("weekends counted" if not weekends else "weekends excluded")
        if not changes:
            return self
        return dataclasses.replace(
            new,
            note=(self.note + " " if self.note else "") + "Adjusted: " + ", ".join(changes) + ".",
        )

    def describe(self, lang: str = "en") -> str:
        """One line: how long and what is excluded."""
        return self.counting.describe(lang)


_TABLE: dict[str, Rule] = {
    # 8 C.F.R. § 287.7(d). The 1997 rule (62 Fed. Reg. 10312, 10360, Mar. 6, 1997) spoke
    # of the "Service" (the INS); the "Department" of the text quoted below came with
    # the Department of Homeland Security's later amendments, whose citation was not
    # identified (docs/jurisdictions.md).
    "cfr": Rule(
        key="cfr",
        name="8 C.F.R. § 287.7(d)",
        scope="the regulation",
        hours=48,
        exclude_weekends=True,
        exclude_holidays=True,
        citation="8 C.F.R. § 287.7(d)",
        wording=Wording(
            quoted=(
                "such agency shall maintain custody of the alien for a period not to exceed "
                "48 hours, excluding Saturdays, Sundays, and holidays"
            ),
            text=(
                "Upon a determination by the Department to issue a detainer for an alien not "
                "otherwise detained by a criminal justice agency, such agency shall maintain "
                "custody of the alien for a period not to exceed 48 hours, excluding "
                "Saturdays, Sundays, and holidays in order to permit assumption of custody by "
                "the Department."
            ),
            source="8 C.F.R. § 287.7(d) as in force since the DHS amendments (the 1997 "
            'rule said "Service"), as practitioners\' guides quote it in full',
        ),
    ),
    # Form I-247 (earlier editions and rev. 12/2012): the same exclusion, "Federal holidays".
    # Its words below are a defense treatise's quotation, "[ICE]" and all; the treatise
    # does not name the edition, and the 12/2012 revision's own words were not read.
    "i247": Rule(
        key="i247",
        name="Form I-247 detainer",
        scope="before 2017-04-02",
        hours=48,
        exclude_weekends=True,
        exclude_holidays=True,
        citation="DHS Form I-247 (rev. 12/2012); 8 C.F.R. § 287.7(d)",
        wording=Wording(
            quoted=(
                "detain the alien for a period not to exceed 48 hours (excluding Saturdays, "
                "Sundays and Federal holidays)"
            ),
            text=(
                "Federal regulations (8 CFR 287.7) require that you detain the alien for a "
                "period not to exceed 48 hours (excluding Saturdays, Sundays and Federal "
                "holidays) to provide adequate time for [ICE] to assume custody of the alien."
            ),
            source="Form I-247 as quoted in a defense treatise, which does not name the "
            "edition (secondary)",
        ),
    ),
    # Form I-247A (3/17), in use from 2017-04-02.
    "i247a": Rule(
        key="i247a",
        name="Form I-247A detainer",
        scope="2017-04-02 on",
        hours=48,
        exclude_weekends=False,
        exclude_holidays=False,
        citation="DHS Form I-247A (3/17)",
        wording=Wording(
            quoted=None,  # the form's own sentence was not read: described, never quoted
            text="",
            source="ICE's guidance on Form I-247A, box 1 (secondary); the form's sentence "
            "itself was not read",
            plain=(
                "the form asks the jail to keep the person for no more than 48 hours beyond "
                "the time they would otherwise have been released"
            ),
        ),
        note="Every elapsed hour counts, weekends and holidays included.",
    ),
}

RULES: Mapping[str, Rule] = MappingProxyType(_TABLE)
# The detainer forms a case may name: the I-247 (to 2014-11-20, when the
# Priority Enforcement Program began), the PEP's I-247D, I-247N and I-247X, and the
# I-247A (from 2017-04-02). core.limits says what each asks for.
FORMS = ("I-247", "I-247D", "I-247N", "I-247X", "I-247A")
DEFAULT_RULE = "cfr"


def form_named(name: str) -> str:
    """A form as FORMS spell it, or "auto" (the form the start date tells), read in any
    case; InputError (with the value) for any other name."""
    found = {form.lower(): form for form in (*FORMS, "auto")}.get(name.strip().lower())
    if found is None:
        raise unknown_form(name)
    return found


def unknown_form(name: str) -> InputError:
    """The error for a form name that is not one of FORMS (nor "auto")."""
    return InputError(f"unknown form {name!r}; use {', '.join(FORMS)} or auto", value=name)


def get_rule(key: str) -> Rule:
    try:
        return RULES[key]
    except KeyError:
        raise ValueError(f"unknown rule {key!r}; choose one of: {', '.join(RULES)}") from None
