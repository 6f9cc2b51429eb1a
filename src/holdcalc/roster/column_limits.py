"""Binding limits for rows judged over columns: each row's limits chosen as the row
engine's fast path chooses them, then decided over arrays.

The fast path (ZoneJudge._fast_path) takes a row's start, its local day and the
regulation's end, asks the day's plan (made once for each day and place, bound to the
zone) which limit binds, and decides against that limit, and against the limit should
an unknown fact be true. Here the columnar path has read the values and counted the
regulation's end for a zone's rows at once; the plan's chooser is asked for each row
(it is the row engine's own, with its caches), and the deciding is done over arrays.
Rows it does not answer (a start known only by its day, a place not in the law table,
a limit its chooser leaves to the general path, a stamp the fast path would not
write) are left to the row engine.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from holdcalc.roster import columnar
from holdcalc.roster.columnar import NONE, numpy
from holdcalc.roster.zone_judge import ZoneJudge


@dataclasses.dataclass(frozen=True)
class Places:
    """Each row's place for the law table: its jurisdiction cell, upper-cased, or the
    run's own place; `known` says the law table has it."""

    names: list[str | None]
    known: Any


def places_of(
    cells: list[str] | None, default: str | None, table: frozenset[str], size: int
) -> Places:
    """Where each row's law is looked up (as RowJudge does: an unknown cell is an error
    row, left to the row engine)."""
    np = numpy()
    if cells is None:
        return Places([default] * size, np.ones(size, bool))
    upper = [cell.strip().upper() for cell in cells]
    known = np.array([not place or place in table for place in upper], bool)
    return Places([place or default for place in upper], known)


def bind(
    zone: ZoneJudge, part: columnar.Columns, whole: Any, places: Places
) -> tuple[columnar.Columns, list[str]]:
    """`part` (one zone's rows, judged against the regulation) judged against each row's
    binding limit, and each row's binding-column text (rows not taken: "")."""
    np = numpy()
    size = len(part.due)
    if not np.any(part.taken):  # nothing read (or no day tabulated): nothing to choose
        return part, [""] * size
    taken = part.taken & places.known
    ends = _chosen(zone, part, (taken, whole), places.names)
    labels = ends.labels
    odd = {label for label in set(labels) if any(mark in label for mark in '"\r\n')}
    if odd:  # a text the csv module would quote: those rows to the row engine
        taken &= np.array([label not in odd for label in labels], bool)
    taken &= ends.due != NONE
    day = np.where(whole, np.searchsorted(part.days.starts, ends.due, side="right") - 1, ends.day)
    days = part.days
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
    day its stamp falls in, the other limit's window should an unknown fact be true
    (NONE: the law turns on none), and the binding column's text; NONE where the
    row's chooser leaves it to the row engine."""

    due_lo: Any
    due: Any
    day: Any
    other_lo: Any
    other: Any
    labels: list[str]


def _chosen(
    zone: ZoneJudge, part: columnar.Columns, rows: tuple[Any, Any], places: list[str | None]
) -> _Ends:
    """Ask each taken row's plan, as the row engine's fast path asks it for a start to
    the minute, and as its general path asks it (both ends of the day) for a date
    alone. One loop over plain lists: this is the one step done row by row."""
    np = numpy()
    taken, whole = rows
    size = len(part.due)
    due_lo, due, day = [NONE] * size, [NONE] * size, part.day.tolist()
    other_lo, other, labels = [NONE] * size, [NONE] * size, [""] * size
    began, began_hi = part.began.tolist(), part.began_hi.tolist()
    ordinals, regulation, alone = part.began_day.tolist(), part.due.tolist(), whole.tolist()
    plans, bind_day = zone._plans, zone._bind
    for row in np.flatnonzero(taken).tolist():
        ordinal, place = ordinals[row], places[row]
        choose = (plans.get((ordinal, place)) or bind_day(ordinal, place))[1]
        if alone[row]:
            first = choose(began[row], ordinal, None, None)
            after = (plans.get((ordinal + 1, place)) or bind_day(ordinal + 1, place))[1]
            chosen = after(began_hi[row], ordinal + 1, None, None)
        else:
            first = chosen = choose(began[row], ordinal, regulation[row], day[row])
        if chosen is None or first is None:
            continue
        due_lo[row], due[row], day[row], labels[row] = first[0], chosen[0], chosen[1], chosen[2]
        if chosen[3] is not None:
            other[row] = chosen[3]
            other_lo[row] = first[0] if first[3] is None else first[3]

    def array(values: list[int]) -> Any:
        return np.array(values, np.int64)

    return _Ends(array(due_lo), array(due), array(day), array(other_lo), array(other), labels)


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
