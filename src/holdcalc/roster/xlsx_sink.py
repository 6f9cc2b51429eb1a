"""Checked rows as an Excel workbook, written with XlsxWriter (the `excel` extra) in its
constant-memory mode: a row is written and forgotten, so memory stays flat.

Every value is written as text, exactly as read: XlsxWriter is told never to turn a
string into a formula, a number or a link, so a roster cell `=HYPERLINK(...)` arrives
as that text. The header is frozen and filtered, and statuses are coloured.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from holdcalc.core.errors import OutputError, Setting
from holdcalc.core.extras import extra
from holdcalc.core.files import GZIP_MAGIC
from holdcalc.core.verdict import Status
from holdcalc.roster.source import WORKBOOK_MAGIC
from holdcalc.roster.verdicts import VERDICT_COLUMNS

MISSING = "writing workbooks needs the excel extra: pip install 'holdcalc[excel]'"
_COLOURS = {
    Status.OVER_DETAINED: "#F8CBAD",
    Status.EXPIRED: "#F8CBAD",
    Status.POSSIBLY_OVER_DETAINED: "#FFE699",
    Status.ERROR: "#D9D2E9",
    Status.WITHIN_HOLD: "#C6EFCE",
}
# A sheet's limits (Excel's specifications and limits; XlsxWriter enforces the same):
# past them it drops columns or cuts text in silence, so they are checked here first.
MAX_ROWS = 1_048_576  # rows in a sheet, the header's included
MAX_COLUMNS = 16_384  # columns in a sheet
MAX_CELL = 32_767  # characters in a cell


def check_fits(names: Sequence[str], input_path: str | None) -> None:
    """Refuse, before any row is judged, a checked file that cannot fit in one sheet: too
    many columns for the verdict's to follow, or a CSV input with more lines than a sheet
    has rows (a workbook input always fits: its own sheet had the same limit)."""
    if len(names) > MAX_COLUMNS:
        raise OutputError(
            f"the checked rows have {len(names):,} columns (the roster's and the verdict's), "
            f"more than the {MAX_COLUMNS:,} of an Excel sheet, so the verdict would be lost; "
            "write CSV instead (",
            Setting.OUTPUT,
            " FILE.csv)",
        )
    lines = _lines(input_path) if input_path else 0
    if lines > MAX_ROWS:
        raise OutputError(
            f"the roster has {lines:,} lines, more than the {MAX_ROWS - 1:,} rows an Excel "
            "sheet holds below its header; write CSV instead (",
            Setting.OUTPUT,
            " FILE.csv)",
        )


def _lines(path: str) -> int:
    """The lines of a plain text input (0 for stdin, a compressed file or a workbook):
    an upper bound on its rows, counted at the speed of reading it."""
    if path == "-":
        return 0
    try:
        with open(path, "rb") as handle:
            if handle.read(4).startswith((GZIP_MAGIC, *WORKBOOK_MAGIC)):
                return 0
            handle.seek(0)
            return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return 0


class XlsxSink:
    """Rows into one sheet, "checked", of a new workbook at `path`."""

    def __init__(self, path: str) -> None:
        xlsxwriter = extra("xlsxwriter", MISSING)
        options = {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        }
        self._book: Any = xlsxwriter.Workbook(path, options)
        self._sheet: Any = self._book.add_worksheet("checked")
        self._bold = self._book.add_format({"bold": True})
        self._width = 0
        self._row = 0
        self._status_column: int | None = None

    def header(self, names: Sequence[str]) -> None:
        self._width = len(names)
        for column, name in enumerate(names):
            self._sheet.write_string(0, column, name, self._bold)
        self._sheet.freeze_panes(1, 0)
        self._sheet.set_column(0, max(self._width - 1, 0), 18)
        status = VERDICT_COLUMNS[1]
        self._status_column = len(names) - names[::-1].index(status) - 1
        self._row = 1

    def rows(self, rows: Iterable[Sequence[str]]) -> None:
        write = self._sheet.write_string
        for values in rows:
            if self._row >= MAX_ROWS:
                raise OutputError(
                    f"more than {MAX_ROWS - 1:,} rows do not fit in one Excel sheet; write "
                    "CSV instead (",
                    Setting.OUTPUT,
                    " FILE.csv)",
                )
            row = self._row
            for column, value in enumerate(values):
                if value:
                    if len(value) > MAX_CELL:
                        raise _too_long(row, column, value, values)
                    write(row, column, value)
            self._row += 1

    def close(self) -> None:
        last_column = max(self._width - 1, 0)
        self._sheet.autofilter(0, 0, max(self._row - 1, 0), last_column)
        column = self._status_column
        if column is not None and self._row > 1:
            for status, colour in _COLOURS.items():
                fill = self._book.add_format({"bg_color": colour})
                self._sheet.conditional_format(
                    1,
                    column,
                    self._row - 1,
                    column,
                    {
                        "type": "cell",
                        "criteria": "==",
                        "value": f'"{status.value}"',
                        "format": fill,
                    },
                )
        self._book.close()


def _too_long(row: int, column: int, value: str, values: Sequence[str]) -> OutputError:
    first = values[0] if values and values[0] and column else ""
    which = f" ({first!r})" if first else ""
    return OutputError(
        f"row {row + 1:,} of the checked sheet{which}, column {column + 1:,}: a cell of "
        f"{len(value):,} characters is longer than the {MAX_CELL:,} an Excel cell holds, "
        "and would be cut; write CSV instead (",
        Setting.OUTPUT,
        " FILE.csv)",
    )
