"""Which rows of a per-charge roster are the immigration hold: the markers looked for,
the columns they are read in, and the words that deny a hold in the same cell."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from holdcalc.core.errors import ColumnError, Setting
from holdcalc.roster.columns import named_column, normalize_name, position


@dataclasses.dataclass(frozen=True)
class Marker:
    """What marks a hold row: `text` in column `column` (any column if None), without
    regard to case; the whole cell when `whole`, else anywhere in it."""

    column: str | None
    text: str
    whole: bool = False

    def __str__(self) -> str:
        where = self.column or "any column"
        return f"{where} {'=' if self.whole else 'contains'} {self.text!r}"


# Hold markers seen in public exports (issue 10's list): a charge description, and a
# jurisdiction code of IMM. The summary counts each one's rows, so a wrong guess shows.
DEFAULT_MARKERS: tuple[Marker, ...] = (
    Marker(None, "HOLD IMMIGRAT"),
    Marker(None, "IMMIGRATION HOLD"),
    Marker(None, "IMMIGRATION DETAINER"),
    Marker(None, "ICE DETAINER"),
    Marker(None, "ICE HOLD"),
    Marker(None, "HOLD FOR IMMIGRATION"),
    Marker(None, "HELD FOR FEDERAL AUTHORITIES"),
    Marker("jurisdiction_cd", "IMM", whole=True),
)


def at_word(cell: str, text: str) -> bool:
    at = cell.find(text)
    while at >= 0:
        if at == 0 or not cell[at - 1].isalpha():
            return True
        at = cell.find(text, at + 1)
    return False


# Words that deny or undo a hold when they stand just before its marker ("NO ICE HOLD",
# "Not an ICE detainer") or just after it ("ICE HOLD CANCELLED", "detainer withdrawn").
_DENIED_BEFORE = re.compile(r"\b(?:NO|NOT|NON|NEVER|WITHOUT|W/O|NONE)\b[\s:,-]*(?:AN?\s+)?$")
_UNDONE_AFTER = re.compile(
    r"^[\s:,-]*(?:WAS\s+|IS\s+|HAS\s+BEEN\s+)?(?:CANCEL+E?D?|WITHDRAWN?|LIFTED|RESCINDED"
    r"|REMOVED|DROPPED|VACATED|VOID(?:ED)?|DECLINED|DENIED|NOT\b)"
)


def is_denied(cell: str, text: str) -> bool:
    """Every mention of `text` in this (upper-case) cell is denied or undone."""
    at = cell.find(text)
    while at >= 0:
        before, after = cell[max(0, at - 24) : at], cell[at + len(text) :]
        if not (_DENIED_BEFORE.search(before) or _UNDONE_AFTER.match(after)):
            return False
        at = cell.find(text, at + 1)
    return True


def found_in(upper: Sequence[str], columns: Sequence[int], text: str) -> list[tuple[int, str]]:
    """(column, cell) of each of `columns` of an upper-case row where `text` stands as
    a word."""
    found = []
    for at in columns:
        if at < len(upper):
            cell = upper[at]
            if text in cell and at_word(cell, text):
                found.append((at, cell))
    return found


# What a column is, by the words of its name: where a charge is described (the default
# markers are read there), and where a booking's story is told after the fact.
_CHARGE_WORDS = ("charge", "offense", "offence", "statute", "literal", "crime")
_TOLD_AFTER = ("disp", "note", "comment", "remark", "reason", "title", "narrative")
_WHEN_WORDS = frozenset({"date", "dt", "time", "datetime", "at", "day"})  # a charge's time
# The booking's charges summed up, on each of its rows (Pierce County's max_charge_desc):
# the row's own charge is elsewhere, and a booking whose top charge is the hold would
# make every row of it a hold row.
_SUMMARY_WORDS = frozenset({"max", "top", "most", "highest", "lead", "primary", "final"})


def charge_columns(header: Sequence[str], key: int) -> tuple[list[int], list[int]]:
    """The columns the default markers are read in, and the others. Without a charge
    column, every column but the dispositions and notes (and the booking id)."""
    names = [normalize_name(name) for name in header]
    told = {i for i, name in enumerate(names) if any(word in name for word in _TOLD_AFTER)}
    told |= {
        i for i, name in enumerate(names) if (_WHEN_WORDS | _SUMMARY_WORDS) & set(name.split("_"))
    }
    charge = [
        i
        for i, name in enumerate(names)
        if i not in told and any(word in name for word in _CHARGE_WORDS)
    ]
    if not charge:
        charge = [i for i in range(len(names)) if i not in told and i != key]
    return charge, [i for i in range(len(names)) if i not in charge]


def parse_markers(given: Iterable[str]) -> tuple[Marker, ...]:
    """COLUMN=TEXT values, or the default markers when none is given."""
    markers = []
    for item in given:
        column, sep, text = item.partition("=")
        if not sep or not column.strip() or not text.strip():
            raise ColumnError(
                f"{item!r} is not COLUMN=TEXT (e.g. booking_charge_desc=IMMIGRAT); see ",
                Setting.HOLD_MATCH,
            )
        markers.append(Marker(column.strip(), text.strip()))
    return tuple(markers) or DEFAULT_MARKERS


def placed(header: Sequence[str], marker: Marker, *, given: bool) -> tuple[int | None, str, bool]:
    """(column position, or None for any, or -1 if absent; text; whole) of a marker. A
    column the user named must exist; a default marker's may not."""
    text = marker.text.upper()
    if marker.column is None:
        return None, text, marker.whole
    if given:
        return named_column(header, marker.column, Setting.HOLD_MATCH), text, marker.whole
    found = position(header, marker.column)
    return (-1 if found is None else found), text, marker.whole
