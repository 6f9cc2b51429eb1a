"""Judging rows of one time zone: caches in front of the Timeline and the verdict kernel.

A value in the common shapes (roster.shapes: a date, and a time to the minute, second
or fraction) is read through the shape caches and placed on the zone's day table by
arithmetic on a day whose UTC offset is steady; any other value is read
by the full parser, once a zone (kept by its text); a date alone is the window of its
day. The limit is counted on the zone's timeline, and the verdict is `decide`'s. One
path for every row: a large roster's common rows are judged over columns instead, by
the same caches and table (roster.columnar), where numpy and pyarrow are installed.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, NamedTuple

from holdcalc.core.clock import DAY, HOUR, MICROS, from_micros, get_zone, to_micros
from holdcalc.core.errors import InputError
from holdcalc.core.hold import DayTable, Timeline, timeline_for
from holdcalc.core.limits import Plan, plan_limits
from holdcalc.core.parsing import DateOnly, instant_in, parse_when
from holdcalc.core.recipes import EndOf
from holdcalc.core.verdict import Verdict, decide, under_unknown_fact
from holdcalc.roster.settings import JudgeSettings
from holdcalc.roster.shapes import CACHE_LIMIT, ShapeCache
from holdcalc.roster.verdicts import WHOLE_LEFT, WHOLE_START, RowTimes, RowVerdict, row_verdict

Window = tuple[int, int]  # earliest and latest instant, microseconds
NEVER = -(1 << 63)  # before any instant: when nothing is stale


def left_before_start(label: str, released_text: str, start_text: str) -> str:
    """The error of a row whose departure (`label`: its column) is before its start."""
    return (
        f"{label}: {released_text!r} is before the hold started ({start_text!r}); check both values"
    )


class RowError(Exception):
    """A row that cannot be judged; its message becomes the row's hold_error.
    `day_first`: a value was a date that only reads day first (27/11/2024)."""

    def __init__(self, message: str, *, day_first: bool = False) -> None:
        super().__init__(message)
        self.day_first = day_first


@dataclasses.dataclass(frozen=True)
class DayTexts:
    """Per day of a DayTable, the ISO date and offset texts of a stamp."""

    table: DayTable
    dates: list[str]
    offsets: list[str]

    @classmethod
    def of(cls, timeline: Timeline) -> DayTexts:
        """The texts of the timeline's current table, made once a table."""
        return timeline.made_from("texts", timeline.table, cls._made)

    @classmethod
    def _made(cls, table: DayTable) -> DayTexts:
        ordinals = range(table.first, table.first + table.days + 1 if table.days else 0)
        return cls(
            table,
            [_iso_date(ordinal) for ordinal in ordinals],
            [_offset_text(offset) for offset in table.offsets],
        )


class ZoneJudge:
    """Judges rows of one time zone against that zone's timeline."""

    def __init__(
        self,
        settings: JudgeSettings,
        shapes: ShapeCache,
        zone_name: str,
        day_plans: dict[tuple[int, str | None], Plan] | None = None,
        run_arrays: dict[str, Any] | None = None,
    ) -> None:
        self.settings = settings
        self.shapes = shapes
        self.zone = get_zone(zone_name)
        self.timeline: Timeline = timeline_for(self.zone, settings.rule, settings.calendar)
        self.length = round(settings.rule.hours * HOUR)
        self.as_of_moment = instant_in(settings.as_of, self.zone)
        self.as_of = to_micros(self.as_of_moment)
        days = settings.stale_after
        self.stale_before = NEVER if days is None else self.as_of - round(days * DAY)
        self.texts = DayTexts.of(self.timeline)
        # The limits by start day and place, each plan's ends bound to this zone.
        self._plans: dict[tuple[int, str | None], _Bound] = {}
        self._bound: dict[int, _Bound] = {}
        # The plans by start day and place, shared by the zones of a run (a plan does
        # not depend on the zone; only its bound ends do).
        self._day_plans = {} if day_plans is None else day_plans
        self.departures_after = 0  # rows whose departure comes after the as-of time
        # Values of other shapes as the parser read them, by text and label.
        self._parsed: dict[tuple[str, str], dt.datetime | DateOnly | _Refused] = {}
        # The columnar path's arrays, made on first use: this zone's (its 11:59 p.m. of
        # each day; its table's are the timeline's), and the run's, shared by its zones
        # as the plans are (the plans by day and place: roster.column_plans).
        self.arrays: dict[str, Any] = {}
        self.run_arrays = {} if run_arrays is None else run_arrays

    def _refresh(self) -> None:
        if self.texts.table is not self.timeline.table:
            self.texts = DayTexts.of(self.timeline)

    def _index(self, ordinal: int) -> int:
        """The day's position in the table, which grows (and is re-read) when needed."""
        table = self.texts.table
        index = ordinal - table.first
        if 0 <= index < table.days:
            return index
        index = self.timeline.index(ordinal)
        self._refresh()
        return index

    def window(self, text: str, label: str) -> tuple[Window, int]:
        """When a value says (a window: a date-only value is its whole local day), and the
        local day ordinal of its earliest instant."""
        read = self.shapes.read(text)
        if read is not None:
            ordinal, since = read
            if since is None:  # a date alone
                return self._day_window(ordinal), ordinal
            index = self._index(ordinal)
            table = self.texts.table
            if table.steady[index]:
                instant = table.starts[index] + since
                return (instant, instant), ordinal
        return self._parsed_window(text, label)

    def _day_window(self, ordinal: int) -> Window:
        index = self._index(ordinal)
        starts = self.texts.table.starts
        return starts[index], starts[index + 1]

    def _parsed_window(self, text: str, label: str) -> tuple[Window, int]:
        value = self._parsed.get((text, label))
        if value is None:
            value = self._parse(text, label)
            if len(self._parsed) < CACHE_LIMIT:
                self._parsed[text, label] = value
        if isinstance(value, _Refused):
            raise RowError(value.message, day_first=value.day_first)
        if isinstance(value, DateOnly):
            ordinal = value.date.toordinal()
            return self._day_window(ordinal), ordinal
        instant = to_micros(value)
        return (instant, instant), value.date().toordinal()

    def _parse(self, text: str, label: str) -> dt.datetime | DateOnly | _Refused:
        """A value the shape caches do not read, read by the parser (the same text reads
        the same way in a zone: a file's odd values are read once, kept in `_parsed`)."""
        settings = self.settings
        try:
            return parse_when(
                text, self.zone, dayfirst=settings.dayfirst, what=label, formats=settings.formats
            )
        except InputError as exc:
            day_first = exc.fields.get("day_first") is True
            return _Refused(exc.render(settings.words), day_first)

    def expiry(self, start: int, ordinal: int) -> tuple[int, int]:
        """(expiry instant, index of the day in which the count completes)."""
        found = self.timeline.expiry_and_day(start, ordinal, self.length)
        self._refresh()
        return found

    def stamp(self, instant: int, index: int) -> str:
        """ISO 8601 with offset, in this zone, of an instant in or at the end of day `index`."""
        texts, table = self.texts, self.texts.table
        if instant == table.starts[index + 1]:
            index += 1
        since = instant - table.starts[index]
        if index < table.days and table.steady[index] and since % MICROS == 0:
            clock = CLOCK_TEXT.get(since) or clock_text(since // MICROS)
            return texts.dates[index] + clock + texts.offsets[index]
        return from_micros(instant, self.zone).isoformat()

    def _departure(
        self, released_text: str, label: str, start_text: str, start: int
    ) -> Window | None:
        """The window of the departure, or None while still held."""
        if not released_text:
            return None
        (r_lo, r_hi), _ = self.window(released_text, label)
        self.departures_after += r_lo > self.as_of  # a departure that is still to come
        if r_hi < start or (r_hi == r_lo and r_lo < start):
            raise RowError(left_before_start(label, released_text, start_text))
        return r_lo, r_hi

    def _decide(
        self, due: Window, left: Window | None, start: int, start_text: str, label: str
    ) -> Verdict:
        if left is None and self.as_of < start:
            raise RowError(
                f"{label}: {start_text!r} is after the as-of time; the hold has not begun"
            )
        left_lo, left_hi = left if left is not None else (None, 0)
        return decide(due[0], due[1], left_lo, left_hi, self.as_of)

    def judge(self, start_text: str, released_text: str, labels: tuple[str, str]) -> RowVerdict:
        """The general path: any value the parser reads, date-only values as windows."""
        (s_lo, s_hi), s_ordinal = self.window(start_text, labels[0])
        e_lo, e_day = self.expiry(s_lo, s_ordinal)
        e_hi = e_lo
        if s_hi != s_lo:
            e_hi, e_day = self.expiry(s_hi, s_ordinal + 1)
        left = self._departure(released_text, labels[1], start_text, s_lo)
        verdict = self._decide((e_lo, e_hi), left, s_lo, start_text, labels[0])
        due_from = e_lo if e_hi != e_lo else None
        stamp = self.stamp(e_hi, e_day)
        read = _read((s_lo, s_hi), left)
        return row_verdict(verdict, stamp, e_hi, "", due_from, *read, self.stale_before)

    def judge_limits(
        self, start_text: str, released_text: str, labels: tuple[str, str], jurisdiction: str | None
    ) -> RowVerdict:
        """As `judge`, against the binding limit (regulation, form, state or local law).
        The limits of a start's local day are planned once (core.limits.plan_limits) and
        each row's ends are counted on the shared timelines, as the single case does."""
        (s_lo, s_hi), ordinal = self.window(start_text, labels[0])
        first = self._limit_ends(s_lo, ordinal, jurisdiction)
        last = first if s_hi == s_lo else self._limit_ends(s_hi, ordinal + 1, jurisdiction)
        left = self._departure(released_text, labels[1], start_text, s_lo)
        verdict = self._decide((first.due, last.due), left, s_lo, start_text, labels[0])
        if last.other_due is not None:
            other_due = (first.due if first.other_due is None else first.other_due, last.other_due)
            other = self._decide(other_due, left, s_lo, start_text, labels[0])
            verdict = under_unknown_fact(verdict, other)
        due_from = first.due if first.due != last.due else None
        read = _read((s_lo, s_hi), left)
        stamp = self.stamp_of(last.due)
        return row_verdict(
            verdict, stamp, last.due, last.binding, due_from, *read, self.stale_before
        )

    def _limit_ends(self, start: int, ordinal: int, jurisdiction: str | None) -> _Ends:
        """The binding limit's end for a start on local day `ordinal` (and its end
        should the unknown fact be true), from that day's plan, bound to this zone."""
        bound = self._plans.get((ordinal, jurisdiction)) or self._bind(ordinal, jurisdiction)
        due, label, other_due = bound[1](start, ordinal, None)
        if self.texts.table is not self.timeline.table:
            self._refresh()  # the counts grew the zone's table
        return _Ends(due, other_due, label)

    def _bind(self, ordinal: int, jurisdiction: str | None) -> _Bound:
        """A day's plan, its ends bound to this zone, and the binding column's text for
        each limit (made once for each plan)."""
        plan = self.plan(ordinal, jurisdiction)
        bound = self._bound.get(id(plan))  # plans are shared: kept by identity, not hashed
        if bound is None or bound[0] is not plan:
            texts = binding_texts(plan)
            law = plan.bind_if_holds(self.zone)
            choose = _chooser(plan, plan.bound(self.zone), law, texts)
            bound = self._bound[id(plan)] = (plan, choose, texts)
        self._plans[ordinal, jurisdiction] = bound
        return bound

    def plan(self, ordinal: int, jurisdiction: str | None) -> Plan:
        """The limits on holds that begin on local day `ordinal` in `jurisdiction` (the
        run's place where None), made once for each day and place and shared by the
        zones of a run."""
        plan = self._day_plans.get((ordinal, jurisdiction))
        if plan is None:
            plan = self._day_plans[ordinal, jurisdiction] = self._new_plan(ordinal, jurisdiction)
        return plan

    def _new_plan(self, ordinal: int, jurisdiction: str | None) -> Plan:
        settings = self.settings
        assert settings.limits is not None
        day = dt.date.fromordinal(ordinal)
        return plan_limits(day, settings.rule, settings.calendar, settings.limits, jurisdiction)

    def stamp_of(self, instant: int) -> str:
        """ISO 8601 with offset, in this zone, of any instant."""
        table = self.texts.table
        index = bisect.bisect_right(table.starts, instant) - 1
        if 0 <= index < table.days:
            return self.stamp(instant, index)
        return from_micros(instant, self.zone).isoformat()


def _read(start: Window, left: Window | None) -> RowTimes:
    """The values as read: their first instants, and whether each was one instant."""
    whole = (WHOLE_START if start[0] != start[1] else 0) | (
        WHOLE_LEFT if left is not None and left[0] != left[1] else 0
    )
    return RowTimes(start[0], None if left is None else left[0], whole)


class _Refused(NamedTuple):
    """Why the parser refused a value (RowError's message and flag)."""

    message: str
    day_first: bool


class _Ends(NamedTuple):
    due: int
    other_due: int | None  # the end should the unknown fact be true (None: no such fact)
    binding: str  # the binding column's text


# A plan bound to a zone: the plan, its chooser, each limit's binding-column text.
_Bound = tuple[Plan, "_Choose", tuple[str, ...]]
# The chooser: (start, its local day, the regulation's end if known) to the binding
# end, its binding-column text, and the end should the unknown fact be true (None: the
# law turns on no fact).
_Choose = Callable[[int, int, int | None], tuple[int, str, int | None]]


def binding_texts(plan: Plan) -> tuple[str, ...]:
    """Each limit's text in the binding column: where it comes from and its title, and
    the fact the law turns on, where it turns on one."""
    depends = f" (depends on whether {plan.depends_on})" if plan.depends_on else ""
    return tuple(
        f"{recipe.limit.source.value}: {recipe.limit.title}{depends}" for recipe in plan.recipes
    )


def _chooser(
    plan: Plan, ends_of: tuple[EndOf, ...], law: EndOf | None, labels: tuple[str, ...]
) -> _Choose:
    """For a plan bound to a zone: which limit binds a start, one call a row. A limit
    counted as the regulation is (the form, often, or the law's other limit) ends with
    it, counted once."""
    binding, fact_end = plan.binding, plan.fact_end
    count = plan.recipes[0].count
    regulation = ends_of[0]
    rest = [
        (recipe.count == count, end_of)
        for recipe, end_of in zip(plan.recipes[1:], ends_of[1:], strict=True)
    ]
    law_same = bool(plan.if_holds) and all(recipe.count == count for recipe in plan.if_holds)

    def choose(start: int, ordinal: int, first: int | None) -> tuple[int, str, int | None]:
        if first is None:
            first = regulation(start, ordinal)
        ends = (first, *[first if same else end_of(start, ordinal) for same, end_of in rest])
        index = binding(ends)
        due = ends[index]
        assert due is not None
        if law is None:
            return due, labels[index], None
        other = fact_end(ends, first if law_same else law(start, ordinal))
        return due, labels[index], due if other is None else other

    return choose


@functools.cache
def _iso_date(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def clock_text(second: int) -> str:
    """ "THH:MM:SS" of a second of the day."""
    return f"T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"


CLOCK_TEXT = {second * MICROS: clock_text(second) for second in range(0, 86_400, 60)}


@functools.cache
def _offset_text(micros: int) -> str:
    sign = "-" if micros < 0 else "+"
    seconds = abs(micros) // MICROS
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
