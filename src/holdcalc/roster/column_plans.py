"""The plans of binding limits as arrays, for rows judged over columns.

A plan (core.limits.plan_limits) lists the limits on holds that begin on one local day
in one place; the row engine asks its chooser which binds each start: every limit's
end, the earliest binding (the first of equals, `Plan.binding`), and should a fact
nobody gave be true, the earliest of the laws' other limits and of the limits the fact
leaves alone (`Plan.fact_end`). Here each plan is described once by how each of its
limits ends (a kind: as the regulation counts, at the start, hours after it, at 11:59
p.m. that day, never) and the rows of every plan of a zone are chosen in one pass: each
kind's ends over the rows, then each row's ends taken by its plan's kinds. A plan with
a limit of another kind (counted on another calendar) is not described: its rows go to
its chooser, row by row.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.core.limits import Plan
from holdcalc.core.recipes import Ends, Recipe, earliest_of, end_of_day
from holdcalc.roster.column_reading import NONE, numpy
from holdcalc.roster.zone_judge import ZoneJudge, binding_texts

# The end of a limit that never ends (None in the row engine): later than any end. (Not
# zone_judge.NEVER, the start before any instant that nothing is stale before.)
ENDLESS = 2**63 - 1

# How a limit ends, as the arrays count it. A kind is a tuple: these, or
# ("elapsed", microseconds) for hours of elapsed time after the start.
NO_END = ("never",)  # first: the kind a plan's shorter rows are padded with
REGULATION = ("regulation",)  # counted as the regulation is (the regulation itself too)
AT_START = ("at start",)
DAY_END = ("11:59 p.m.",)


def kind_of(recipe: Recipe, regulation: tuple[object, ...]) -> tuple[object, ...] | None:
    """How the recipe's limit ends (`regulation`: the regulation's count), or None for
    a limit counted otherwise: `Recipe.bind`'s cases, as arrays take them."""
    if recipe.count == regulation:
        return REGULATION
    if recipe.ends is Ends.AT_START:
        return AT_START
    if recipe.ends is Ends.ELAPSED:
        return ("elapsed", recipe.length)
    if recipe.ends is Ends.NEVER:
        return NO_END
    if recipe.ends is Ends.END_OF_DAY:
        return DAY_END
    return None


def kind_ends(kind: tuple[object, ...], zone: ZoneJudge, at: tuple[Any, Any, Any]) -> Any:
    """The ends of limits of `kind` over arrays of starts, their local days' ordinals
    and the regulation's ends (ENDLESS for no end), as `Recipe.bind` gives them one by
    one; None where an 11:59 p.m. cannot be placed in the zone (the chooser's then)."""
    np = numpy()
    start, ordinal, regulation = at
    if kind == REGULATION:
        return regulation
    if kind == AT_START:
        return start
    if kind == NO_END:
        return np.full(len(start), ENDLESS, np.int64)
    if kind == DAY_END:
        try:
            return np.maximum(_day_ends(zone, ordinal), start)
        except InputError:
            return None
    return start + kind[1]  # ("elapsed", microseconds)


def _day_ends(zone: ZoneJudge, ordinal: Any) -> Any:
    """11:59 p.m. on each local day `ordinal` in the zone, each day placed once (kept by
    the zone as an array from its first day)."""
    np = numpy()
    low, high = int(ordinal.min()), int(ordinal.max())
    first, values = zone.arrays.get("day ends", (low, np.zeros(0, np.int64)))
    begin, end = min(first, low), max(first + len(values), high + 1)
    if begin < first or end > first + len(values):
        grown = np.full(end - begin, NONE, np.int64)
        grown[first - begin : first - begin + len(values)] = values
        first, values = begin, grown
        zone.arrays["day ends"] = (first, values)
    where = ordinal - first
    for at in np.unique(where[values[where] == NONE]).tolist():
        values[at] = end_of_day(first + at, zone.zone)
    return values[where]


class _Texts:
    """The binding column's texts (a few dozen at most: one for each limit of each law),
    numbered, so that rows carry numbers and a block's column is taken from them."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._numbers: dict[str, int] = {}
        self._lock = threading.Lock()  # `holdcalc serve` may check rosters in threads

    def number(self, text: str) -> int:
        found = self._numbers.get(text)
        if found is None:
            with self._lock:
                found = self._numbers.get(text)
                if found is None:
                    self.texts.append(text)
                    found = self._numbers[text] = len(self.texts) - 1
        return found

    def odd(self) -> Any:
        """Whether each text holds a quote mark or a line end."""
        marks = '"\r\n'
        return numpy().array([any(m in text for m in marks) for text in self.texts], bool)


TEXTS = _Texts()


@dataclasses.dataclass(frozen=True)
class Picked:
    """The plans' choice for some rows: the binding end, the binding column's text (a
    number into TEXTS), the end should the unknown fact be true (NONE: no such fact),
    and whether the row's plan is described (else its chooser's)."""

    due: Any
    labels: Any
    other: Any
    done: Any

    def rows(self, chosen: Any) -> Picked:
        return Picked(self.due[chosen], self.labels[chosen], self.other[chosen], self.done[chosen])

    @classmethod
    def none(cls) -> Picked:
        np = numpy()
        empty = np.zeros(0, np.int64)
        return cls(empty, empty, empty, np.zeros(0, bool))


@dataclasses.dataclass(frozen=True)
class _Table:
    """Every described plan as rows of arrays: its limits' kinds (padded with NO_END),
    their texts, the kinds whose earliest is the end should the unknown fact be true,
    whether there is such a fact, and whether the plan is described at all."""

    ends: Any
    texts: Any
    fact: Any
    turns: Any
    described: Any


class PlanIndex:
    """The plans a run's rows have asked for, found again by day and place in a table
    (each distinct day and place asked once, as the row engine asks and keeps its
    plans), each described by its limits' kinds: one for the zones of a run, as a plan
    does not depend on the zone (its 11:59 p.m. is placed in each zone, `kind_ends`)."""

    def __init__(self) -> None:
        np = numpy()
        self.places: dict[str | None, int] = {}
        self.first = 0  # the local day of the table's first row
        self.numbers = np.zeros((0, 0), np.int64)  # [day - first, place]: a plan, or -1
        self.plans: list[Plan] = []
        self.kinds: list[tuple[object, ...]] = [NO_END]
        self._by_id: dict[int, int] = {}
        self._rows: list[tuple[list[int], list[int], list[int], bool, bool]] = []
        self._table: _Table | None = None

    @classmethod
    def of(cls, zone: ZoneJudge) -> PlanIndex:
        found = zone.run_arrays.get("plans")
        if found is None:
            found = zone.run_arrays["plans"] = cls()
        return found

    def group(self, zone: ZoneJudge, ordinals: Any, places: tuple[Any, list[str | None]]) -> Any:
        """The plan of each row (a position in `plans`) for starts on local days
        `ordinals` (one row at least) in places `places` (each row's number into the
        names given)."""
        np = numpy()
        code, names = places
        numbers = np.array([self.places.setdefault(name, len(self.places)) for name in names])
        place = numbers.astype(np.int64)[code]
        self._cover(int(ordinals.min()), int(ordinals.max()))
        found = self.numbers[ordinals - self.first, place]
        if np.any(found < 0):
            missing = found < 0
            width = len(self.places)
            keys = np.unique((ordinals[missing] - self.first) * width + place[missing])
            self._learn(zone, keys, width)
            found = self.numbers[ordinals - self.first, place]
        return found

    def _cover(self, low: int, high: int) -> None:
        """Grow the table to the days from `low` to `high` and every place named."""
        np = numpy()
        days, width = self.numbers.shape
        first = min(self.first, low) if days else low
        end = max(self.first + days, high + 1) if days else high + 1
        if first < self.first or end > self.first + days or width < len(self.places):
            grown = np.full((end - first, len(self.places)), -1, np.int64)
            grown[self.first - first : self.first - first + days, :width] = self.numbers
            self.first, self.numbers = first, grown

    def _learn(self, zone: ZoneJudge, keys: Any, width: int) -> None:
        names = list(self.places)
        for key in keys.tolist():
            day, place = divmod(key, width)
            plan = zone.plan(self.first + day, names[place])
            number = self._by_id.setdefault(id(plan), len(self.plans))
            if number == len(self.plans):
                self.plans.append(plan)
                self._describe(plan)
            self.numbers[day, place] = number

    def _describe(self, plan: Plan) -> None:
        assert Plan.binding is earliest_of  # the earliest binds, the first of equals: `picked`
        count = plan.recipes[0].count
        ends = [kind_of(recipe, count) for recipe in plan.recipes]
        law = [kind_of(recipe, count) for recipe in plan.if_holds]
        described = None not in ends and None not in law
        numbers = [self._kind(kind) for kind in ends]
        fact = [self._kind(kind) for kind in law] + [numbers[i] for i in plan.not_law]
        texts = [TEXTS.number(text) for text in binding_texts(plan)]
        self._rows.append((numbers, texts, fact if law else [], bool(law), described))
        self._table = None

    def _kind(self, kind: tuple[object, ...] | None) -> int:
        if kind is None:
            return 0  # the plan is not described: its rows go to its chooser
        if kind not in self.kinds:
            self.kinds.append(kind)
        return self.kinds.index(kind)

    def table(self) -> _Table:
        if self._table is None:
            np = numpy()
            width = max(len(row[0]) for row in self._rows)
            facts = max(1, *(len(row[2]) for row in self._rows))

            def padded(values: list[int], size: int, fill: int) -> list[int]:
                return values + [fill] * (size - len(values))

            self._table = _Table(
                np.array([padded(row[0], width, 0) for row in self._rows], np.int64),
                np.array([padded(row[1], width, NONE) for row in self._rows], np.int64),
                np.array([padded(row[2], facts, 0) for row in self._rows], np.int64),
                np.array([row[3] for row in self._rows], bool),
                np.array([row[4] for row in self._rows], bool),
            )
        return self._table


def picked(zone: ZoneJudge, index: PlanIndex, group: Any, at: tuple[Any, Any, Any]) -> Picked:
    """Each row's choice by its plan (`group`: a position in the index; `at`: the
    starts, their days' ordinals and the regulation's ends), for every plan at once:
    each kind's ends over the rows, then each row's limits taken by its plan's kinds."""
    np = numpy()
    size = len(group)
    table = index.table()
    present = np.flatnonzero(np.bincount(group, minlength=len(index.plans)))
    used = np.unique(np.concatenate([table.ends[present].ravel(), table.fact[present].ravel()]))
    every = np.full((len(index.kinds), size), ENDLESS, np.int64)
    done = table.described[group]
    for number in used.tolist():
        ends = kind_ends(index.kinds[number], zone, at)
        if ends is None:  # an 11:59 p.m. the zone cannot place: those plans' choosers
            done &= ~np.any(table.ends[group] == number, axis=1)
            done &= ~np.any(table.fact[group] == number, axis=1)
        else:
            every[number] = ends
    ends = _KindEnds(every.ravel(), size)
    due, position = ends.earliest(table.ends[group], np.arange(size))
    other = np.full(size, NONE, np.int64)
    turns = np.flatnonzero(table.turns[group])
    if turns.size:  # the law turns on a fact: the end should it be true
        best, _ = ends.earliest(table.fact[group[turns]], turns)
        other[turns] = np.where(best == ENDLESS, due[turns], best)
    return Picked(due, table.texts[group, position], other, done)


@dataclasses.dataclass(frozen=True)
class _KindEnds:
    """Every kind's ends over the rows, kind after kind in one flat array."""

    flat: Any
    size: int

    def earliest(self, kinds: Any, rows: Any) -> tuple[Any, Any]:
        """For `rows`, the earliest end of the kinds each row lists (`kinds`: a row of
        kind numbers each), and its position in the list: the first of equals."""
        np = numpy()
        found = self.flat[kinds[:, 0] * self.size + rows]
        position = np.zeros(len(rows), np.int64)
        for column in range(1, kinds.shape[1]):
            ends = self.flat[kinds[:, column] * self.size + rows]
            earlier = ends < found
            np.copyto(found, ends, where=earlier)
            position[earlier] = column
        return found, position
