"""A checked roster on a terminal (rich): one line a row, its error on a line of its own.

A terminal is too narrow for a whole roster. Every width shows the booking, the status,
the hours past the limit and the expiry; a wider terminal adds the name (100 columns),
the binding limit (120) and the start and departure (140). A cell too wide for its
column is cut with an ellipsis, never split inside a word; an error is wrapped at
words, indented under its row. --format csv gives every column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, NamedTuple

from rich.padding import Padding
from rich.text import Text

from holdcalc.core.verdict import Status
from holdcalc.output.terminal import console
from holdcalc.roster.columns import Role, find_column
from holdcalc.roster.verdicts import BINDING_COLUMN, VERDICT_COLUMNS

EXPIRES, STATUS, HOURS, ERROR = VERDICT_COLUMNS


class _Column(NamedTuple):
    at: int  # in the checked row
    heading: str
    widest: int  # characters at most; a longer cell is cut with an ellipsis
    right: bool = False  # numbers line up on the right


class TableSink:
    """Rows printed a page at a time, each page's columns as wide as its cells need."""

    PAGE = 100
    STYLES: ClassVar[dict[str, str]] = {
        Status.OVER_DETAINED.value: "red",
        Status.EXPIRED.value: "red",
        Status.POSSIBLY_OVER_DETAINED.value: "yellow",
        Status.ERROR.value: "magenta",
    }

    def __init__(self) -> None:
        self._out = console()
        self._columns: list[_Column] = []
        self._status = self._error = -1
        self._page: list[Sequence[str]] = []
        self._headed = False

    def header(self, names: Sequence[str]) -> None:
        width = self._out.width
        wanted: list[tuple[int | None, str, int, bool]] = [
            (0, names[0] if names else "", 18, False)
        ]
        if width >= 100:
            wanted.append((find_column(names, Role.NAME), "name", 24, False))
        wanted += [
            (_at(names, STATUS), "status", 22, False),
            (_at(names, HOURS), "hours past", 10, True),
            (_at(names, EXPIRES), "expires (local)", 16, False),
        ]
        if width >= 120:
            wanted.append((_at(names, BINDING_COLUMN), "binding", 24, False))
        if width >= 140:
            wanted.append((find_column(names, Role.START), "start", 19, False))
            wanted.append((find_column(names, Role.RELEASED), "departure", 19, False))
        seen: set[int] = set()
        for index, heading, widest, right in wanted:
            if index is not None and index not in seen:
                seen.add(index)
                self._columns.append(_Column(index, heading, widest, right))
        status, error = _at(names, STATUS), _at(names, ERROR)
        self._status = -1 if status is None else status
        self._error = -1 if error is None else error

    def rows(self, rows: Iterable[Sequence[str]]) -> None:
        for values in rows:
            self._page.append(values)
            if len(self._page) >= self.PAGE:
                self._flush()

    def close(self) -> None:
        self._flush()
        self._out.print(
            Text("(key columns only: --format csv or -o FILE gives every column)", style="dim")
        )

    def _flush(self) -> None:
        if not self._page:
            return
        widths = [_width(column, self._page) for column in self._columns]
        if not self._headed:
            headings = _line([c.heading for c in self._columns], widths, self._columns)
            self._out.print(headings, style="bold", no_wrap=True, overflow="ellipsis")
            self._headed = True
        for values in self._page:
            status = values[self._status] if 0 <= self._status < len(values) else ""
            style = self.STYLES.get(status, "")
            cells = [_cell(values, column) for column in self._columns]
            line = _line(cells, widths, self._columns)
            self._out.print(line, style=style, no_wrap=True, overflow="ellipsis")
            error = values[self._error] if 0 <= self._error < len(values) else ""
            if error:  # under its row, wrapped at words
                self._out.print(Padding(Text(error, style=style or "magenta"), (0, 0, 0, 4)))
        self._page = []


def _at(names: Sequence[str], name: str) -> int | None:
    """The last column called `name` (the verdict's, after any input column of that name)."""
    return len(names) - 1 - list(names)[::-1].index(name) if name in names else None


def _width(column: _Column, page: Sequence[Sequence[str]]) -> int:
    """As wide as the heading and the page's widest cell, up to the column's limit."""
    widest = max((len(_cell(values, column)) for values in page), default=0)
    return min(max(len(column.heading), widest), column.widest)


def _cell(values: Sequence[str], column: _Column) -> str:
    value = values[column.at] if 0 <= column.at < len(values) else ""
    if column.heading == "expires (local)":  # "2024-12-02T16:30:00-06:00" -> "2024-12-02 16:30"
        return value[:16].replace("T", " ")
    return " ".join(value.split())  # a line break in a cell stays on the row's line


def _line(cells: Sequence[str], widths: Sequence[int], columns: Sequence[_Column]) -> Text:
    parts = []
    for cell, width, column in zip(cells, widths, columns, strict=True):
        shown = cell if len(cell) <= width else cell[: max(width - 1, 0)] + "…"
        parts.append(shown.rjust(width) if column.right else shown.ljust(width))
    return Text("  ".join(parts).rstrip())
