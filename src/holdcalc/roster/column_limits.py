"""Binding limits for rows judged over columns: each row's limits chosen as the row
engine's chooser chooses them, then decided over arrays.

The row engine asks a start's day plan (made once for each day and place, bound to the
zone) which limit binds. Here the columnar path has counted the regulation's end for a
zone's rows at once; each row's plan is found by its day and place, and the plans
described by how their limits end choose over arrays (roster.column_plans); the rows of
any other plan are asked of the plan's own chooser, one call a row. The verdict is then
decided against the binding end, and against the other end where the law turns on a
fact nobody gave (core.verdict.under_unknown_fact, over arrays). Rows not answered (a
place not in the law table, a limit past the zone's table, a text the csv module would
quote) are left to the row engine.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.core.limits import LimitSettings
from holdcalc.roster import columnar
from holdcalc.roster.column_plans import TEXTS, Picked, PlanIndex, picked
from holdcalc.roster.column_reading import NONE, Read, numpy
from holdcalc.roster.zone_judge import ZoneJudge


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


@dataclasses.dataclass(frozen=True)
class Law:
    """A run's binding limits, as its rows ask for them: the jurisdiction column's cells
    (a text array without nulls; None without such a column), the run's own place, and
    the places the law table has."""

    cells: Any | None
    default: str | None
    known: frozenset[str]

    @classmethod
    def of(cls, limits: LimitSettings | None, cells: Any | None) -> Law | None:
        """None without binding limits."""
        if limits is None:
            return None
        return cls(cells, limits.jurisdiction, frozenset(limits.table.jurisdictions))

    def places(self, rows: Any) -> Places:
        """Where each of `rows` has its law looked up (as RowJudge does: an unknown cell
        is an error row, left to the row engine); each distinct cell read once."""
        np = numpy()
        if self.cells is None:
            return Places([self.default], np.zeros(len(rows), np.int64), np.ones(len(rows), bool))
        encoded = self.cells.take(rows).dictionary_encode()
        upper = [cell.strip().upper() for cell in encoded.dictionary.to_pylist()]
        known = np.array([not place or place in self.known for place in upper], bool)
        code = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        return Places([place or self.default for place in upper], code, known[code])


def by_zone(
    zone_of: Callable[[str], object],
    zones: Any,
    start: Read,
    left: Read | None,
    law: Law | None,
) -> Iterator[tuple[ZoneJudge, Any, columnar.Columns, Any | None]]:
    """Each usable zone's judge, its rows, and those rows judged (columnar.by_zone), then
    against each row's binding limit where the law is asked for, with each row's binding
    column text (a number into TEXTS; None without the law)."""
    for zone, rows, ruled in columnar.by_zone(zone_of, zones, start, left):
        if law is None:
            yield zone, rows, ruled, None
        else:
            yield zone, rows, *bind(zone, ruled, start.whole[rows], law.places(rows))


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
    stamped, second = days.clock(ends.due, np.clip(day, 0, days.days - 1))
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
        second=second,
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

    def put(self, rows: Any, first: Picked, chosen: Picked) -> None:
        """The limits chosen for `rows`: `first` at the start's first instant, `chosen`
        at its last (the same for a start to the minute), as the row engine takes them."""
        np = numpy()
        self.due_lo[rows], self.due[rows] = first.due, chosen.due
        self.labels[rows] = chosen.labels
        turns = chosen.other != NONE  # the law turns on a fact (its end is never NONE then)
        self.other[rows] = chosen.other
        other_lo = np.where(first.other == NONE, first.due, first.other)
        self.other_lo[rows] = np.where(turns, other_lo, NONE)


def _chosen(
    zone: ZoneJudge, part: columnar.Columns, rows: tuple[Any, Any], places: Places
) -> _Ends:
    """Each taken row's limits, as the row engine's chooser gives them (for a date alone,
    at both ends of its day): over arrays for the rows of a plan described by its limits'
    kinds (roster.column_plans), by the plan's chooser, row by row, for the others."""
    np = numpy()
    taken, whole = rows
    ends = _Ends.empty(len(part.due))
    index = PlanIndex.of(zone)
    minute = np.flatnonzero(taken & ~whole)
    first = _choice(zone, index, minute, (part.began, part.began_day, part.due), places)
    done = first.rows(first.done)
    ends.put(minute[first.done], done, done)
    left = np.zeros(len(part.due), bool)
    left[minute[~first.done]] = True
    alone = np.flatnonzero(taken & whole)
    if alone.size:
        at_first = (part.began, part.began_day, part.due_lo)
        early = _choice(zone, index, alone, at_first, places)
        at_last = (part.began_hi, part.began_day + 1, part.due)
        late = _choice(zone, index, alone, at_last, places)
        both = early.done & late.done
        ends.put(alone[both], early.rows(both), late.rows(both))
        left[alone[~both]] = True
    if np.any(left):
        _by_chooser(zone, part, (left, whole), places, ends)
    return ends


def _choice(
    zone: ZoneJudge, index: PlanIndex, rows: Any, at: tuple[Any, Any, Any], places: Places
) -> Picked:
    """The plans' choice for `rows` (positions; `at`: the starts, their local days'
    ordinals and the regulation's ends, for every row)."""
    if not len(rows):
        return Picked.none()
    chosen = (at[0][rows], at[1][rows], at[2][rows])
    group = index.group(zone, chosen[1], (places.code[rows], places.names))
    return picked(zone, index, group, chosen)


def _by_chooser(
    zone: ZoneJudge,
    part: columnar.Columns,
    rows: tuple[Any, Any],
    places: Places,
    ends: _Ends,
) -> None:
    """The limits of `rows` (a mask) from each row's plan's own chooser, one call a row,
    as the row engine asks it, put into `ends`. A row whose limit cannot be placed (an
    11:59 p.m. a clock change repeats, a year the calendar cannot tell) is left to the
    row engine, which words its error."""
    np = numpy()
    left, whole = rows
    began, began_hi = part.began.tolist(), part.began_hi.tolist()
    ordinals, regulation, alone = part.began_day.tolist(), part.due.tolist(), whole.tolist()
    plans, bind_day = zone._plans, zone._bind
    for row in np.flatnonzero(left).tolist():
        ordinal, place = ordinals[row], places.of(row)
        choose = (plans.get((ordinal, place)) or bind_day(ordinal, place))[1]
        try:
            if alone[row]:
                first = choose(began[row], ordinal, None)
                after = (plans.get((ordinal + 1, place)) or bind_day(ordinal + 1, place))[1]
                chosen = after(began_hi[row], ordinal + 1, None)
            else:
                first = chosen = choose(began[row], ordinal, regulation[row])
        except InputError:
            continue
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
    code, over = columnar.decide((ends.due_lo, ends.due), left, held, now)
    turns = ends.other != NONE
    if np.any(turns):
        code_o, over_o = columnar.decide((ends.other_lo, ends.other), left, held, now)
        same = code == code_o
        over = np.where(turns, np.minimum(over, over_o), over)
        code = np.where(turns & ~same, columnar.POSSIBLY, code)
    return code, over
