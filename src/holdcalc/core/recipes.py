"""The limits on a hold, one by one: where each comes from, what it says, and how its
end follows from the hold's start (a recipe, made once for a day and a place and bound
to a zone for a batch). core.limits plans and chooses among them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable
from zoneinfo import ZoneInfo

from holdcalc.core.clock import HOUR, to_micros
from holdcalc.core.errors import AmbiguousTimeError, InputError, NonexistentTimeError
from holdcalc.core.hold import timeline_for
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.parsing import localize
from holdcalc.core.phrases import phrase
from holdcalc.core.rules import Counting, Rule


class LimitSource(enum.Enum):
    REGULATION = "regulation"
    FORM = "form"
    LOCAL_LAW = "local-law"


class LimitTerms(enum.Enum):
    """What a limit says, each worded from the phrase catalog."""

    COUNTED = "counted"  # a length of time, counted as `Limit.counting` says
    NO_HOLD = "no_hold"
    NO_HOLD_UNLESS = "no_hold_unless"  # turns on `Limit.fact`
    WITH_WARRANT = "with_warrant"
    ALLOWED_WHEN = "allowed_when"
    MUST_COMPLY = "must_comply"
    END_OF_DAY = "end_of_day"  # until 11:59 p.m. local time on the day the hold began
    NOTIFY_ONLY = "notify_only"  # a form that asks for notice of the release, not a hold


@dataclasses.dataclass(frozen=True)
class Limit:
    """One limit on a hold: where it comes from and when it ends (None: no limit from it)."""

    source: LimitSource
    name: str  # the rule's title, the form ("I-247A"), or the law's name
    citation: str
    expires_at: dt.datetime | None
    terms: LimitTerms
    counting: Counting | None = None
    fact: str = ""  # the condition a law's hold depends on, as the table words it
    inferred: bool = False  # a form inferred from the start date
    place: str = ""  # the jurisdiction's code, for local law
    verified: bool = True
    hours_from: str = ""  # a law's hours that are another source's (it sets none itself)

    @property
    def title(self) -> str:
        return self.title_in("en")

    @property
    def detail(self) -> str:
        return self.detail_in("en")

    def title_in(self, lang: str) -> str:
        if self.source is LimitSource.FORM:
            return f"Form {self.name}" + (phrase("inferred", lang) if self.inferred else "")
        if self.source is LimitSource.LOCAL_LAW:
            return f"{self.name} ({self.place})"
        return self.name

    def detail_in(self, lang: str) -> str:
        if self.terms is LimitTerms.COUNTED:
            assert self.counting is not None
            text = self.counting.describe(lang)
            if self.hours_from:
                text += phrase("hours_from", lang, source=self.hours_from)
        else:
            text = phrase(self.terms.value, lang, fact=self.fact)
        if self.verified:
            return text
        unread = "form_unread" if self.source is LimitSource.FORM else "unverified"
        return f"{text}; {phrase(unread, lang)}"


class Ends(enum.Enum):
    """How a limit's end follows from the hold's start."""

    COUNT = "count"  # a rule's count of hours on a calendar
    ELAPSED = "elapsed"  # hours of elapsed time
    AT_START = "at_start"  # no hold at all: the limit is the start itself
    END_OF_DAY = "end_of_day"  # 11:59 p.m. on the start's local day
    NEVER = "never"  # no end from this limit


@dataclasses.dataclass(frozen=True)
class Recipe:
    """One limit, and how its end follows from the start. The start's local day decides
    every recipe (which law is in force, which form), so a batch reuses them."""

    limit: Limit  # expires_at is None until the end is known
    ends: Ends
    rule: Rule | None = None
    calendar: Calendar | None = None

    def end(self, start: int, ordinal: int, zone: ZoneInfo) -> int | None:
        """The limit's end in microseconds, for a start on local day `ordinal`."""
        return self.bind(zone)(start, ordinal)

    @property
    def count(self) -> tuple[object, ...]:
        """What the end depends on: recipes with the same count end together (the I-247
        counts as the regulation does on the federal calendar)."""
        rule = self.rule
        if rule is None or self.ends not in (Ends.COUNT, Ends.ELAPSED):
            return (self.ends,)
        calendar = self.calendar if self.ends is Ends.COUNT else None
        return (self.ends, rule.hours, rule.exclude_weekends, rule.exclude_holidays, calendar)

    @property
    def length(self) -> int:
        """A counted or elapsed limit's hours, in microseconds."""
        assert self.rule is not None
        return round(self.rule.hours * HOUR)

    def bind(self, zone: ZoneInfo) -> EndOf:
        """How the limit's end follows from a start in `zone`: (start, its local day
        ordinal) to the end in microseconds, or None (for a batch, made once a zone)."""
        if self.ends is Ends.COUNT:
            assert self.rule is not None and self.calendar is not None
            count = timeline_for(zone, self.rule, self.calendar).expiry_and_day
            length = self.length
            return lambda start, ordinal: count(start, ordinal, length)[0]
        if self.ends is Ends.ELAPSED:
            hours = self.length
            return lambda start, ordinal: start + hours
        if self.ends is Ends.AT_START:
            return lambda start, ordinal: start
        if self.ends is Ends.END_OF_DAY:
            days: dict[int, int] = {}  # 11:59 p.m. of each local day, placed once

            def day_ends(start: int, ordinal: int) -> int:
                end = days.get(ordinal)
                if end is None:
                    end = days[ordinal] = end_of_day(ordinal, zone)
                return max(end, start)

            return day_ends
        return lambda start, ordinal: None


EndOf = Callable[[int, int], "int | None"]


def earliest_of(ends: tuple[int | None, ...]) -> int:
    """The position of the earliest end (the first of equals); one at least is timed."""
    best, found = None, -1
    for i, end in enumerate(ends):
        if end is not None and (best is None or end < best):
            best, found = end, i
    return found


END_OF_DAY = dt.time(23, 59)


def end_of_day(ordinal: int, zone: ZoneInfo) -> int:
    """11:59 p.m. local time on local day `ordinal` (New Jersey's directive 2018-6),
    placed in the jail's zone like any wall-clock time (a clock change that day moves
    the instant, never the wall-clock minute)."""
    naive = dt.datetime.combine(dt.date.fromordinal(ordinal), END_OF_DAY)
    try:
        return to_micros(localize(naive, zone, what="11:59 p.m."))
    except (AmbiguousTimeError, NonexistentTimeError) as exc:
        # Not the user's value: no offset they could add would say which end the law means.
        how = "happens twice" if isinstance(exc, AmbiguousTimeError) else "does not exist"
        raise InputError(
            f"the limit ends at 11:59 p.m. on {naive.date()}, which {how} in {zone.key} "
            "(the clocks change in that hour): when it ends cannot be told, so the hold is "
            "not judged; count it by hand",
            value=naive.date().isoformat(),
        ) from None
