"""`judge`: a table's rows judged by the row engine of `holdcalc check`, the verdicts
returned as typed columns in the input's library."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import numbers
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.law_table import DEFAULT_AGENCY
from holdcalc.core.limits import LimitSettings
from holdcalc.core.parsing import format_problem
from holdcalc.core.rules import RULES, form_named
from holdcalc.core.verdict import STALE_AFTER_DAYS
from holdcalc.frame.libraries import from_arrow, to_arrow
from holdcalc.frame.tables import judge_arrow
from holdcalc.jobs.moments import read_as_of
from holdcalc.roster.columns import ColumnNames
from holdcalc.roster.settings import JudgeSettings


@dataclasses.dataclass(frozen=True)
class FrameSettings:
    """What `judge` is told: the settings of `holdcalc check`, by their library names.
    Column names left None are found by their aliases, as `check` finds them."""

    zone: str | None = None  # the zone of rows without a zone column or cell
    as_of: str | dt.datetime | None = None  # None: the clock at the call (pass it to repeat)
    rule: str = "cfr"
    holidays: str = "federal"
    jurisdiction: str | None = None  # a state or local law to judge each row against
    # The detainer form (any case), or "auto": the one the start date tells. As check
    # takes it, a form alone judges each row against its limit, without a place's law.
    form: str | None = None
    warrant: bool | None = None
    serious: bool | None = None
    agency: str = DEFAULT_AGENCY
    dayfirst: bool = False
    formats: tuple[str, ...] = ()  # strptime formats tried first, for text columns
    stale_after: float | None = STALE_AFTER_DAYS
    start: str | None = None
    released: str | None = None
    tz: str | None = None
    start_time: str | None = None
    released_time: str | None = None
    still_held: bool = False  # no departure column: everyone is still held
    # Words that stand for no value in a text start or departure cell ("NULL"), any case:
    # such a cell is read as blank (a blank departure: still held).
    null_values: tuple[str, ...] = ()
    # "auto": the columnar path over whole columns where it applies, the row engine for the
    # other rows; "row": the row engine for every row (the same answers, to compare).
    engine: str = "auto"

    def __post_init__(self) -> None:
        """Each setting checked for its kind before a row is read: a truthy "no" given
        as warrant= was a warrant, a format given alone was tried as its characters
        (one format alone is taken as such), a text for stale_after= ran out of memory."""
        for name in ("formats", "null_values"):  # one given alone is taken as such
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))
            elif isinstance(value, list):
                object.__setattr__(self, name, tuple(value))
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            wanted = _wanted(field.name, value)
            if wanted is not None and not (value is None and field.default is None):
                raise InputError(f"{field.name}: {value!r} is not {wanted}", value=field.name)
        for layout in self.formats:  # as check refuses the formats it is given
            problem = format_problem(layout)
            if problem is not None:
                raise InputError(f"formats: {problem}", value=layout)

    def names(self) -> ColumnNames:
        return ColumnNames(
            self.start,
            self.released,
            self.tz,
            self.start_time,
            self.released_time,
            still_held=self.still_held,
            nulls=self.null_values,
        )

    def judging(self, now: dt.datetime) -> JudgeSettings:
        """The row engine's settings (`now` stands for an as-of time not given)."""
        as_of: Any = self.as_of if self.as_of is not None else now
        if isinstance(as_of, dt.datetime) and as_of.tzinfo is None:
            raise InputError("as_of: a datetime without a zone; give it one (or ISO text)")
        if isinstance(as_of, str):
            formats = self.formats
            as_of = read_as_of(
                as_of, dayfirst=self.dayfirst, what="as_of", now=now, formats=formats
            )
        return JudgeSettings(
            RULES[self.rule],
            Calendar(self.holidays),
            as_of,
            self.zone,
            self.dayfirst,
            self._limits(),
            None,
            self.formats,
            self.stale_after,
        )

    def _limits(self) -> LimitSettings | None:
        """The binding limits asked for, as `check` takes a place, a form and the facts:
        none without a place or a form, and the facts refused without them."""
        place = (self.jurisdiction or "").strip().upper() or None
        if place is None and self.form is None:
            if self.warrant is not None or self.serious is not None:
                raise InputError("warrant and serious: they need a jurisdiction (or a form)")
            return None
        from holdcalc.core.law_table import load_policies  # noqa: PLC0415

        table = load_policies()
        if place is not None and place not in table.jurisdictions:
            raise InputError(f"jurisdiction: {place!r} is not in the law table", value=place)
        form = form_named(self.form or "auto")
        return LimitSettings(table, place, form, self.warrant, self.serious, self.agency)


_FLAGS = frozenset({"warrant", "serious", "dayfirst", "still_held"})


def _wanted(name: str, value: Any) -> str | None:
    """What setting `name` takes, when `value` is not that; None when it is."""
    if name in _FLAGS:  # a numpy bool too: a value taken from a frame, say
        single = getattr(value, "shape", None) == () and str(getattr(value, "dtype", "")) == "bool"
        return None if isinstance(value, bool) or single else "True or False"
    if name == "as_of":
        return None if isinstance(value, str | dt.datetime) else "ISO text or an aware datetime"
    if name in ("formats", "null_values"):
        kept = isinstance(value, tuple) and all(isinstance(one, str) for one in value)
        what = "a strptime format" if name == "formats" else "a word"
        return None if kept else f"{what} or a tuple of them"
    if name == "stale_after":  # None: never
        number = isinstance(value, numbers.Real) and not isinstance(value, bool)
        days = number and math.isfinite(value) and value >= 1
        return None if value is None or days else "a number of days, 1 or more, or None"
    if not isinstance(value, str):
        return "a text"
    named = _NAMED.get(name)
    return None if named is None or value in named else f"one of {', '.join(named)}"


_NAMED = {"rule": tuple(RULES), "engine": ("auto", "columnar", "row")}  # text from a list


def judge(
    table: Any, *, append: bool = False, now: dt.datetime | None = None, **settings: Any
) -> Any:
    """The verdict of every row of `table` (an Arrow table or record batch, a pandas or
    polars DataFrame), as `holdcalc check` gives it, in the same library and row order:
    `hold_expires_at` (a UTC timestamp), `hold_status`, `over_detained_hours`,
    `hold_error`. `append=True` returns the table with the four columns added.
    `settings` are FrameSettings' fields; `now` stands for the clock (for tests)."""
    chosen = FrameSettings(**settings)
    moment = now or dt.datetime.now(dt.UTC)
    names = chosen.names()
    given = to_arrow(table, names)
    verdicts = judge_arrow(given.arrow, chosen.judging(moment), names, chosen.engine)
    return from_arrow(verdicts, given, append)
