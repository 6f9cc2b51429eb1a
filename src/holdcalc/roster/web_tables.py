"""A web page's table read as rows of text: what many systems' "export to Excel" saves
(an HTML table under an .xls name), and what a jail's online roster saved from a browser
holds. The page's largest table is taken, each cell's text with its white space
collapsed. A cell spanning several columns is followed by blank ones, and one spanning
several rows is repeated in each (as pandas' read_html does), so that every cell stays
under its header: a booking's cell spanning its charges' rows would otherwise shift
each of their cells one column to the left. The rows are then read as a CSV file's are."""

from __future__ import annotations

import csv
import dataclasses
import html.parser
import io

# Text that is no cell's; each closes with its end tag (a page may leave out </head>).
_SKIPPED = frozenset({"script", "style", "title"})


@dataclasses.dataclass
class _Table:
    rows: list[list[str]] = dataclasses.field(default_factory=list)
    row: list[str] | None = None
    cell: list[str] | None = None
    span: tuple[int, int] = (1, 1)  # the open cell's columns and rows
    below: dict[int, tuple[int, str]] = dataclasses.field(default_factory=dict)  # rows left

    def end_cell(self) -> None:
        if self.cell is not None:
            if self.row is None:
                self.row = []
            self._carried()
            text = " ".join("".join(self.cell).split())
            columns, rows = self.span
            for offset in range(columns):
                value = text if offset == 0 else ""
                if rows > 1:
                    self.below[len(self.row)] = (rows - 1, value)
                self.row.append(value)
        self.cell = None

    def _carried(self, through: int = -1) -> None:
        """Put into the row the cells above that span down into it: those at its end,
        and (`through`) up to that column, blanks before any it has no cell for."""
        assert self.row is not None
        while len(self.row) in self.below or len(self.row) <= through:
            position = len(self.row)
            left, value = self.below.pop(position, (0, ""))
            if left > 1:
                self.below[position] = (left - 1, value)
            self.row.append(value)

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self._carried(max(self.below, default=-1))
        if self.row:
            self.rows.append(self.row)
        self.row = None


class _Reader(html.parser.HTMLParser):
    """Every table of a page, nested ones apart from the table around them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open: list[_Table] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        table = self._open[-1] if self._open else None
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "table":
            self._open.append(_Table())
        elif table is not None and tag == "tr":
            table.end_row()
            table.row = []
        elif table is not None and tag in ("td", "th"):
            table.end_cell()
            table.cell, table.span = [], (_span(attrs, "colspan"), _span(attrs, "rowspan"))
        elif table is not None and tag == "br" and table.cell is not None:
            table.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        table = self._open[-1] if self._open else None
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif table is not None and tag in ("td", "th"):
            table.end_cell()
        elif table is not None and tag == "tr":
            table.end_row()
        elif table is not None and tag == "table":
            table.end_row()
            self.tables.append(self._open.pop().rows)

    def close(self) -> None:
        """The page read to its end: tables it never closed end here."""
        super().close()
        while self._open:
            table = self._open.pop()
            table.end_row()
            self.tables.append(table.rows)

    def handle_data(self, data: str) -> None:
        table = self._open[-1] if self._open else None
        if table is not None and table.cell is not None and not self._skipping:
            table.cell.append(data)


def _span(attrs: list[tuple[str, str | None]], which: str) -> int:
    """A cell's colspan or rowspan: 1 unless a number from 1 to 1,000 says otherwise."""
    for name, value in attrs:
        if name == which and value is not None and value.strip().isdigit():
            return min(max(int(value), 1), 1000)
    return 1


@dataclasses.dataclass(frozen=True)
class WebTable:
    """The page's largest table, as CSV text in UTF-8, and how many tables it has."""

    csv: bytes
    rows: int
    tables: int


def web_table(text: str) -> WebTable | None:
    """The largest table of a page (the first, of tables as large) with two rows or
    more, or None."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    if not reader.tables:
        return None
    largest = max(reader.tables, key=len)
    if len(largest) < 2:
        return None
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(largest)
    return WebTable(out.getvalue().encode("utf-8"), len(largest), len(reader.tables))
