"""Binding limits for rows judged over columns: each row's limits chosen as the row
engine's chooser chooses them, then decided over arrays.

The row engine asks a start's day plan (made once for each day and place, bound to the
zone) which limit binds: each limit's end from the start, the earliest binding (the
first of equals, `Plan.binding`), and should a fact nobody gave be true, the earliest of
the laws' other limits and the limits the fact leaves alone (`Plan.fact_end`). Here the
columnar path has counted the regulation's end for a zone's rows at once; the rows are
grouped by their plan, and for a plan whose limits all end in a way `_recipe_ends`
knows (as the regulation counts, hours after the start, at the start, at 11:59 p.m.,
never) the same choice is made over arrays. Rows of any other plan are asked of the
plan's own chooser, one call a row. Rows not answered either way (a place not in the
law table, a limit past the zone's table, a text the csv module would quote) are left
to the row engine.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.core.limits import Plan
from holdcalc.core.recipes import Ends, Recipe, earliest_of, end_of_day
from holdcalc.roster import columnar
from holdcalc.roster.columnar import NONE, numpy
from holdcalc.roster.zone_judge import ZoneJudge

NEVER = 2**63 - 1  # a limit that never ends (None in the row engine): later than any end


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
class Places:
    """Each row's place for the law table (its jurisdiction cell, stripped and
    upper-cased as RowJudge reads it, or the run's own place), as a number into
    `names`; `known` says the law table has it."""

    names: list[str | None]
    code: Any
    known: Any

    def of(self, row: int) -> str | None:
        return self.names[int(self.code[row])]


def places_of(cells: Any | None, default: str | None, table: frozenset[str], size: int) -> Places:
    """Where each of `size` rows' law is looked up (`cells`: the jurisdiction column's
    text array, or None for the run's own place; an unknown cell is an error row, left
    to the row engine); each distinct cell read once."""
    np = numpy()
    if cells is None:
        return Places([default], np.zeros(size, np.int64), np.ones(size, bool))
    encoded = cells.dictionary_encode()
    upper = [cell.strip().upper() for cell in encoded.dictionary.to_pylist()]
    known = np.array([not place or place in table for place in upper], bool)
    code = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return Places([place or default for place in upper], code, known[code])


def bind(
    zone: ZoneJudge, part: columnar.Columns, whole: Any, places: Places
) -> tuple[columnar.Columns, Any]:
    """`part` (one zone's rows, judged against the regulation) judged against each row's
    binding limit, and each row's binding-column text (a number into TEXTS; NONE for a
    row not taken)."""
    np = numpy()
    size = len(part.due)
    if not np.any(part.taken):  # nothing read (or no day tabulated): nothing to choose
        return part, np.full(size, NONE, np.int64)
    taken = part.taken & places.known
    ends = _chosen(zone, part, (taken, whole), places)
    labels = ends.labels
    # A text the csv module would quote for its quote mark or line end: the row engine's
    # (a row without a text, NONE, finds the False put last).
    taken &= ~np.append(TEXTS.odd(), False)[labels]
    taken &= ends.due != NONE
    days = part.days
    # The day the binding end falls in, as ZoneJudge.stamp_of places it.
    day = np.searchsorted(days.starts, ends.due, side="right") - 1
    stamped, minute = days.clock(ends.due, np.clip(day, 0, days.days - 1))
    stamped &= (day >= 0) & (day < days.days)
    code, over = _decided(part, ends, zone.as_of)
    stale = (code == columnar.EXPIRED) & (part.began < zone.stale_before)
    judged = dataclasses.replace(
        part,
        taken=taken,
        due=ends.due,
        code=code,
        over=over,
        stale=stale,
        day=day,
        stamped=stamped,
        minute=minute,
    )
    return judged, labels


@dataclasses.dataclass(frozen=True)
class _Ends:
    """Each row's binding limit (its window, for a start known only by its day), the
    other limit's window should an unknown fact be true (NONE: the law turns on none),
    and the binding column's text; NONE where the row's limits were not chosen (the
    row engine's)."""

    due_lo: Any
    due: Any
    other_lo: Any
    other: Any
    labels: Any  # each a number into TEXTS (NONE: no text)

    @classmethod
    def empty(cls, size: int) -> _Ends:
        np = numpy()
        return cls(*(np.full(size, NONE, np.int64) for _ in range(5)))

    def put(self, rows: Any, first: _Picked, chosen: _Picked) -> None:
        """The limits chosen for `rows`: `first` at the start's first instant, `chosen`
        at its last (the same for a start to the minute), as the row engine takes them."""
        np = numpy()
        self.due_lo[rows], self.due[rows] = first.due, chosen.due
        self.labels[rows] = chosen.labels
        turns = chosen.other != NONE  # the law turns on a fact (its end is never NONE then)
        self.other[rows] = chosen.other
        other_lo = np.where(first.other == NONE, first.due, first.other)
        self.other_lo[rows] = np.where(turns, other_lo, NONE)


@dataclasses.dataclass(frozen=True)
class _Picked:
    """The plans' choice for some rows: the binding end, which limit it is (a position
    in the plan's recipes), the end should the unknown fact be true (NONE: no such fact),
    the binding column's texts, and whether the row's plan was one for arrays."""

    due: Any
    index: Any
    other: Any
    labels: Any
    done: Any

    def rows(self, chosen: Any) -> _Picked:
        return _Picked(
            self.due[chosen], self.index[chosen], self.other[chosen], self.labels[chosen],
            self.done[chosen],
        )  # fmt: skip


def _chosen(
    zone: ZoneJudge, part: columnar.Columns, rows: tuple[Any, Any], places: Places
) -> _Ends:
    """Each taken row's limits, as the row engine's chooser gives them (for a date alone,
    at both ends of its day): over arrays for the rows of each plan whose limits
    `_recipe_ends` knows, by the plan's chooser, row by row, for the others."""
    np = numpy()
    taken, whole = rows
    ends = _Ends.empty(len(part.due))
    index = _PlanIndex.of(zone)
    today = index.plans(zone, part.began_day, places, taken)
    minute = np.flatnonzero(taken & ~whole)
    picked = _picked(zone, (index, today), (part.began, part.began_day, part.due), minute)
    done = picked.rows(picked.done)
    ends.put(minute[picked.done], done, done)
    left = np.zeros(len(part.due), bool)
    left[minute[~picked.done]] = True
    alone = np.flatnonzero(taken & whole)
    if alone.size:
        tomorrow = index.plans(zone, part.began_day + 1, places, taken & whole)
        at_first = (part.began, part.began_day, part.due_lo)
        first = _picked(zone, (index, today), at_first, alone)
        at_last = (part.began_hi, part.began_day + 1, part.due)
        chosen = _picked(zone, (index, tomorrow), at_last, alone)
        both = first.done & chosen.done
        ends.put(alone[both], first.rows(both), chosen.rows(both))
        left[alone[~both]] = True
    if np.any(left):
        _by_chooser(zone, part, (left, whole), places, ends)
    return ends


class _PlanIndex:
    """The plans a zone's rows have asked for, by day and place, found again over
    arrays (each distinct day and place asked of the zone once, as the row engine asks
    and keeps them): kept for each zone judge."""

    SHIFT = 20  # a key: the day's ordinal above, the place's number below

    def __init__(self) -> None:
        np = numpy()
        self.places: dict[str | None, int] = {}
        self.keys = np.zeros(0, np.int64)  # sorted
        self.numbers = np.zeros(0, np.int64)  # each key's plan, a position in `bound`
        self.bound: list[tuple[Plan, Any, tuple[str, ...]]] = []
        self._by_id: dict[int, int] = {}

    @classmethod
    def of(cls, zone: ZoneJudge) -> _PlanIndex:
        found = zone.arrays.get("plans")
        if found is None:
            found = zone.arrays["plans"] = cls()
        return found

    def plans(self, zone: ZoneJudge, ordinals: Any, places: Places, rows: Any) -> Any:
        """The plan of each of `rows` (a mask) for starts on local days `ordinals`, as a
        position in `bound` (-1 for the other rows)."""
        np = numpy()
        codes = np.array([self._place(name) for name in places.names], np.int64)
        chosen = np.flatnonzero(rows)
        keys = (ordinals[chosen] << self.SHIFT) | codes[places.code[chosen]]
        at = np.searchsorted(self.keys, keys)
        found = at < len(self.keys)
        found[found] = self.keys[at[found]] == keys[found]
        if not np.all(found):
            self._learn(zone, np.unique(keys[~found]))
            at = np.searchsorted(self.keys, keys)
        group = np.full(len(ordinals), -1, np.int64)
        group[chosen] = self.numbers[at]
        return group

    def _place(self, name: str | None) -> int:
        return self.places.setdefault(name, len(self.places))

    def _learn(self, zone: ZoneJudge, keys: Any) -> None:
        np = numpy()
        names = list(self.places)
        numbers = []
        for key in keys.tolist():
            ordinal, place = key >> self.SHIFT, names[key & ((1 << self.SHIFT) - 1)]
            found = zone._plans.get((ordinal, place)) or zone._bind(ordinal, place)
            number = self._by_id.setdefault(id(found), len(self.bound))
            if number == len(self.bound):
                self.bound.append(found)
            numbers.append(number)
        every = np.concatenate([self.keys, keys])
        order = np.argsort(every, kind="stable")
        self.keys = every[order]
        self.numbers = np.concatenate([self.numbers, np.array(numbers, np.int64)])[order]


def _picked(
    zone: ZoneJudge, plans: tuple[_PlanIndex, Any], at: tuple[Any, Any, Any], rows: Any
) -> _Picked:
    """The choice of each of `rows` (positions; `plans`: the index and each row's plan
    in it; `at`: the starts, their days' ordinals and the regulation's ends, for every
    row), plan by plan over arrays; `done` False for the rows of a plan with a limit
    `_recipe_ends` does not know."""
    np = numpy()
    index, group = plans
    start, ordinal, regulation = (values[rows] for values in at)
    size = len(rows)
    due, position, other = (np.full(size, NONE, np.int64) for _ in range(3))
    labels, done = np.full(size, NONE, np.int64), np.zeros(size, bool)
    groups = group[rows]
    for number in np.unique(groups).tolist():
        mine = groups == number
        plan, _, texts = index.bound[number]
        found = _plan_ends(plan, zone, (start[mine], ordinal[mine], regulation[mine]))
        if found is not None:
            due[mine], position[mine], other[mine] = found
            labels[mine] = np.array([TEXTS.number(text) for text in texts], np.int64)[found[1]]
            done[mine] = True
    return _Picked(due, position, other, labels, done)


def _plan_ends(
    plan: Plan, zone: ZoneJudge, at: tuple[Any, Any, Any]
) -> tuple[Any, Any, Any] | None:
    """What the plan's chooser gives, over arrays: the binding end (the earliest, the
    first of equals: `Plan.binding`), its position, and should the unknown fact be true
    the earliest of the laws' other limits and the limits the fact leaves alone
    (`Plan.fact_end`; the binding end where none is timed; NONE: no such fact)."""
    assert Plan.binding is earliest_of  # which np.argmin over the ends finds
    np = numpy()
    count = plan.recipes[0].count
    ends = [_recipe_ends(recipe, count, zone, at) for recipe in plan.recipes]
    law = [_recipe_ends(recipe, count, zone, at) for recipe in plan.if_holds]
    if any(end is None for end in (*ends, *law)):
        return None
    stacked = np.stack(ends)
    index = np.argmin(stacked, axis=0)
    due = stacked[index, np.arange(stacked.shape[1])]
    if not law:
        return due, index, np.full(len(due), NONE, np.int64)
    best = np.minimum.reduce([*law, *(ends[i] for i in plan.not_law)])
    return due, index, np.where(best == NEVER, due, best)


def _recipe_ends(
    recipe: Recipe, count: tuple[object, ...], zone: ZoneJudge, at: tuple[Any, Any, Any]
) -> Any:
    """`Recipe.bind`'s ends over arrays of starts, their days' ordinals and the
    regulation's ends (NEVER for no end); None for a limit counted otherwise than the
    regulation, or an 11:59 p.m. the zone cannot place: the chooser's, row by row."""
    np = numpy()
    start, ordinal, regulation = at
    if recipe.count == count:  # counted as the regulation is (the regulation itself too)
        return regulation
    if recipe.ends is Ends.AT_START:
        return start
    if recipe.ends is Ends.ELAPSED:
        return start + recipe.length
    if recipe.ends is Ends.NEVER:
        return np.full(len(start), NEVER, np.int64)
    if recipe.ends is Ends.END_OF_DAY:
        days, where = np.unique(ordinal, return_inverse=True)
        try:
            day_ends = np.array([end_of_day(day, zone.zone) for day in days.tolist()], np.int64)
        except InputError:
            return None
        return np.maximum(day_ends[where], start)
    return None


def _by_chooser(
    zone: ZoneJudge,
    part: columnar.Columns,
    rows: tuple[Any, Any],
    places: Places,
    ends: _Ends,
) -> None:
    """The limits of `rows` (a mask) from each row's plan's own chooser, one call a row,
    as the row engine asks it, put into `ends`."""
    np = numpy()
    left, whole = rows
    began, began_hi = part.began.tolist(), part.began_hi.tolist()
    ordinals, regulation, alone = part.began_day.tolist(), part.due.tolist(), whole.tolist()
    plans, bind_day = zone._plans, zone._bind
    for row in np.flatnonzero(left).tolist():
        ordinal, place = ordinals[row], places.of(row)
        choose = (plans.get((ordinal, place)) or bind_day(ordinal, place))[1]
        if alone[row]:
            first = choose(began[row], ordinal, None)
            after = (plans.get((ordinal + 1, place)) or bind_day(ordinal + 1, place))[1]
            chosen = after(began_hi[row], ordinal + 1, None)
        else:
            first = chosen = choose(began[row], ordinal, regulation[row])
        ends.due_lo[row], ends.due[row] = first[0], chosen[0]
        ends.labels[row] = TEXTS.number(chosen[1])
        if chosen[2] is not None:
            ends.other[row] = chosen[2]
            ends.other_lo[row] = first[0] if first[2] is None else first[2]


def _decided(part: columnar.Columns, ends: _Ends, now: int) -> tuple[Any, Any]:
    """The verdict against the binding limit, and where the law turns on a fact nobody
    gave, against the other limit too (core.verdict.under_unknown_fact over arrays)."""
    np = numpy()
    held = part.ended == NONE
    left = (part.left_lo, part.left_hi)
    code, over, _ = columnar.decide((ends.due_lo, ends.due), left, held, now)
    turns = ends.other != NONE
    if np.any(turns):
        code_o, over_o, _ = columnar.decide((ends.other_lo, ends.other), left, held, now)
        same = code == code_o
        over = np.where(turns, np.minimum(over, over_o), over)
        code = np.where(turns & ~same, columnar.POSSIBLY, code)
    return code, over
