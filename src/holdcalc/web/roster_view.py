"""The rows the roster page shows, in plain words: flagged rows first, then those in
error, then the rest; each led by its booking, name, status and time past the limit,
statuses in words and times as people read them (the checked file keeps the slugs and
ISO times for scripts)."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Sequence, Set

from holdcalc.core.verdict import Status
from holdcalc.roster.columns import Role, cell, find_column
from holdcalc.roster.verdicts import VERDICT_COLUMNS
from holdcalc.web.words import human_time

SHOWN = 300  # rows shown on the page; the downloads have every row
EXPIRES, STATUS, HOURS, ERROR = VERDICT_COLUMNS


@dataclasses.dataclass(frozen=True)
class Table:
    """Rows shown together (flagged, errors, others): their column names, each row
    starting with its number in the roster, and where the error and status columns are
    (their words wrap; other cells keep to one line)."""

    key: str
    names: tuple[str, ...]
    rows: list[list[str]]
    reason: int | None
    status: int | None = None

    @property
    def flagged(self) -> bool:
        return self.key == "flagged"


@dataclasses.dataclass(frozen=True)
class Shown:
    tables: tuple[Table, ...]
    total: int


def shown_rows(
    checked: bytes, words: dict[str, str], zone: str | None, stale: Set[int] = frozenset()
) -> Shown:
    """The checked CSV's rows, grouped and worded for the page (a row's zone cell, else
    the zone chosen, names its times' zone; a stale row, by its place, is said to have
    no departure recorded)."""
    rows = csv.reader(io.StringIO(checked.decode("utf-8")))
    header = next(rows)
    order = _order(header)
    names = ("", *(_heading(header[i], words) for i in order))
    at, tz = header.index(STATUS), find_column(header, Role.TZ)
    groups: dict[str, list[list[str]]] = {"flagged": [], "errors": [], "others": []}
    total = 0
    for row in rows:
        total += 1
        status = Status(row[at]) if row[at] else Status.ERROR
        key = "flagged" if status.flagged else "errors" if status is Status.ERROR else "others"
        if len(groups[key]) < SHOWN:
            place = cell(row, tz) or zone  # the zone cell as the engine reads it
            cells = [_worded(header[i], _cell(row, i), place, words) for i in order]
            if total in stale:
                cells[order.index(at)] = words["status_stale"]
            groups[key].append([str(total), *cells])
    error = names.index(_heading(ERROR, words))
    worded = _heading(STATUS, words)
    tables = tuple(
        _table(key, names, found, error, worded) for key, found in groups.items() if found
    )
    return Shown(tables, total)


def _order(header: Sequence[str]) -> list[int]:
    """Booking and name first, then the status, the hours past the limit, the limit and
    why a row was not judged, then the roster's other columns."""
    lead = [find_column(header, Role.BOOKING), find_column(header, Role.NAME)]
    first = [i for i in lead if i is not None]
    first += [header.index(name) for name in (STATUS, HOURS, EXPIRES, ERROR) if name in header]
    return first + [i for i in range(len(header)) if i not in first]


def _heading(name: str, words: dict[str, str]) -> str:
    return words.get(f"column_{name}", name)


def _worded(name: str, value: str, zone: str | None, words: dict[str, str]) -> str:
    if not value:
        return value
    if name == STATUS:
        return words.get(f"status_{value}", value)
    if name == EXPIRES:
        return human_time(value, zone, words)
    return value


def _table(
    key: str, names: tuple[str, ...], rows: list[list[str]], error: int, status: str
) -> Table:
    """A group's rows, without the error column when no row in it has an error."""
    if any(row[error] for row in rows):
        return Table(key, names, rows, error, names.index(status))
    keep = [i for i in range(len(names)) if i != error]
    kept = tuple(names[i] for i in keep)
    return Table(key, kept, [[row[i] for i in keep] for row in rows], None, kept.index(status))


def _cell(row: Sequence[str], index: int) -> str:
    return row[index] if index < len(row) else ""
