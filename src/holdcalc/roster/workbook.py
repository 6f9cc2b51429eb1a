"""Rosters in Excel and OpenDocument workbooks, read with python-calamine (the `excel`
extra, imported only when a workbook is read).

A date cell is a local wall time, read in the row's zone like any text without an
offset; a text cell goes through the usual parser. Rows come out as lists of text,
numbered as the sheet numbers them, so the rest of `check` treats them as CSV rows.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import datetime as dt
import itertools
import os
from collections.abc import Iterator
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.core.extras import extra
from holdcalc.core.zipped import WORKBOOK_PARTS, ZIP_FAILURES, lone_table, regular_file
from holdcalc.roster.cell_facts import UNREADABLE, CellFixes, cell_fixes
from holdcalc.roster.settings import InputSettings
from holdcalc.roster.source import (
    COPY_OUT,
    HEADER_SEARCH,
    WORKBOOK_MAGIC,
    HeaderSearch,
    not_a_table,
    not_a_table_error,
)

SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
MISSING = "reading workbooks needs the excel extra: pip install 'holdcalc[excel]'"


def is_workbook(path: str) -> bool:
    """A workbook by its first bytes (a file named .csv may be one), or by its name
    unless its first bytes are text (`text_named_as_workbook`). A zip archive of one
    table of text is that table (`core.zipped`), not a workbook."""
    if path == "-":
        return False
    head = _head(path)
    if head is None:  # a pipe, or no file: by its name (the workbook reader names a problem)
        return path.lower().endswith(SUFFIXES)
    if head.startswith(WORKBOOK_MAGIC):
        return lone_table(path) is None
    return path.lower().endswith(SUFFIXES) and not _text(head)


def text_named_as_workbook(path: str) -> bool:
    """Whether a file named as a workbook holds text instead: many records systems
    save CSV, tab-separated text or a web page under an .xls name ("export to
    Excel"). Such a file is read for what it holds, and the run says so."""
    if path == "-" or not path.lower().endswith(SUFFIXES):
        return False
    head = _head(path)
    return head is not None and not head.startswith(WORKBOOK_MAGIC) and _text(head)


_HEAD = 4096  # bytes looked at


def _head(path: str) -> bytes | None:
    """A file's first bytes; None for a pipe (its bytes are read once, by the reader)
    or a file that cannot be opened."""
    if not regular_file(path):
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read(_HEAD)
    except OSError:
        return None


def _text(head: bytes) -> bool:
    """Whether a file's first bytes are text, or none, or a document or image the text
    reader names (`not_a_table`): no zero byte, or a byte-order mark (UTF-16 text has
    zero bytes)."""
    boms = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    plain = b"\x00" not in head or head.startswith(boms)
    return plain or not_a_table(head, "") is not None


@dataclasses.dataclass(frozen=True)
class SheetPlace:
    """Where a sheet's body is: what a worker process needs to read its rows itself."""

    path: str
    name: str
    header_line: int  # the body is every row below this one


@dataclasses.dataclass(frozen=True)
class SheetChoice:
    """Which sheet a run read, of how many, and whether the workbook hides it."""

    name: str
    number: int  # 1-based, in the workbook's order
    sheets: int
    hidden: bool

    @property
    def worth_saying(self) -> bool:
        """Whether a run should say which sheet it read: one of several, or a hidden one."""
        return self.sheets > 1 or self.hidden


@dataclasses.dataclass
class Sheet:
    """The chosen sheet: its header, where it is, and a reader of the rows below it."""

    name: str
    header: list[str]
    header_line: int
    skipped: int
    rows: SheetRows
    size: int = 0  # a rough size in bytes, to decide whether workers are worth it
    body_rows: int = 0  # rows below the header
    data: Any = None  # calamine's sheet, in memory
    choice: SheetChoice | None = None
    fixes: CellFixes | None = None  # what calamine misreads: midnights, errors, merged cells

    def place(self, path: str) -> SheetPlace:
        return SheetPlace(path, self.name, self.header_line)

    def first_rows(self) -> Iterator[list[str]]:
        """The rows below the header as text, read afresh from the loaded sheet (`rows`,
        the run's reader, stays where it is); none where no sheet was loaded."""
        if self.data is None:
            return iter(())
        rows = itertools.islice(self.data.iter_rows(), self.header_line, None)
        return (row_cells(values) for values in rows)


# Sheets in memory by place: a worker forked while one is here reads it without
# loading the workbook again (see `shared`).
_LOADED: dict[SheetPlace, tuple[Any, CellFixes | None]] = {}


@contextlib.contextmanager
def shared(sheet: Sheet, path: str) -> Iterator[SheetPlace]:
    """While inside, workers forked from this process read `sheet` from memory."""
    place = sheet.place(path)
    _LOADED[place] = (sheet.data, sheet.fixes)
    try:
        yield place
    finally:
        _LOADED.pop(place, None)


class BodyBatches:
    """A worker's reader of a sheet's body, `size` rows a batch, by batch number. Each
    worker reads forward over the batches it is given, stepping over the others'."""

    def __init__(self, place: SheetPlace, size: int) -> None:
        self._place = place
        self._size = size
        loaded = _LOADED.get(place)
        if loaded is None:  # a worker started afresh (no fork): it loads the sheet itself
            book = extra("python_calamine", MISSING).CalamineWorkbook.from_path(place.path)
            data = book.get_sheet_by_name(place.name)
            loaded = data, cell_fixes(place.path, place.name, data)
        self._data, self._fixes = loaded
        self._restart()

    def _restart(self) -> None:
        self._rows: Iterator[list[Any]] = iter(self._data.iter_rows())
        self._next = -self._place.header_line  # the body's index of the next row read

    def batch(self, number: int) -> list[list[str]]:
        """Batch `number` of the body as text rows (blank ones as [], to be counted)."""
        first = number * self._size
        if first < self._next:
            self._restart()
        skip = first - self._next
        if skip:
            next(itertools.islice(self._rows, skip, skip), None)  # read and dropped
        rows = itertools.islice(self._rows, self._size)
        fixes = self._fixes
        if fixes is None:
            batch = [row_cells(values) for values in rows]
        else:  # the sheet's row number of body row i is header_line + 1 + i
            line = self._place.header_line + 1 + first
            batch = [row_cells(fixes.apply(line + i, values)) for i, values in enumerate(rows)]
        self._next = first + len(batch)
        return batch


class SheetRows:
    """Rows as text, with `line_num` the sheet's row number of the last one read."""

    def __init__(self, rows: Iterator[list[Any]], line: int) -> None:
        self._rows = rows
        self.line_num = 0
        self._offset = line
        self.fixes: CellFixes | None = None

    def __iter__(self) -> SheetRows:
        return self

    def __next__(self) -> list[str]:
        values = next(self._rows)
        self.line_num += 1
        if self.fixes is not None:
            values = self.fixes.apply(self._offset + self.line_num - 1, values)
        return row_cells(values)

    @property
    def first_line(self) -> int:
        """The sheet's row number of the first row this reader gives."""
        return self._offset

    @property
    def rest(self) -> Iterator[list[Any]]:
        """The sheet's rows not yet read, as calamine gives them."""
        return self._rows


def row_cells(values: list[Any]) -> list[str]:
    """A sheet row as text cells; an empty row is a blank line ([])."""
    text = _TEXT.get
    cells = [v if v.__class__ is str else text(v.__class__, cell_text)(v) for v in values]
    return cells if any(cells) else []


def _moment_text(value: dt.datetime) -> str:
    """ "2024-11-27 16:30", or with ":SS" when the seconds are not zero."""
    if not value.second and not value.microsecond:  # the usual cell: a whole minute
        return value.isoformat(" ", "minutes")
    if value.microsecond:
        value = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    text = str(value)  # "YYYY-MM-DD HH:MM:SS": str() is the quickest spelling of it
    return text[:16] if text.endswith(":00") else text


def cell_text(value: Any) -> str:
    """A cell as the text the parser reads: a date cell as a local wall time (to the
    second: Excel stores times as fractions of a day), a whole number without ".0"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return _moment_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value}"


_TEXT: dict[type, Any] = {dt.datetime: _moment_text, dt.date: dt.date.isoformat}


# The zip packages that are not workbooks, by the folder of their main part: Office Open
# XML's Word and PowerPoint files, and Apple's iWork files (Numbers saves its own).
_OTHER_PACKAGES = (
    ("word/", "a Word document", COPY_OUT),
    ("ppt/", "a PowerPoint presentation", COPY_OUT),
    ("Index/", "an Apple Numbers, Pages or Keynote file", "export it as CSV or Excel"),
)
# An OpenDocument file's kind, the text of its mimetype part (OpenDocument 1.2, part 3,
# section 3.3; the media types of its appendix C), for those that are not spreadsheets.
_OPEN_DOCUMENTS = (
    ("application/vnd.oasis.opendocument.text", "an OpenDocument text (Writer) document"),
    ("application/vnd.oasis.opendocument.presentation", "an OpenDocument presentation"),
    ("application/vnd.oasis.opendocument.graphics", "an OpenDocument drawing"),
)


def _unread(path: str, exc: Exception) -> InputError:
    """Why a workbook could not be opened: another kind of document, or a zip archive of
    other files (a records request's), said as such."""
    import zipfile  # noqa: PLC0415

    with contextlib.suppress(*ZIP_FAILURES):
        with zipfile.ZipFile(path) as package:
            names = [name for name in package.namelist() if not name.endswith("/")]
            kind = package.read("mimetype")[:100] if "mimetype" in names else b""
        for media, what in _OPEN_DOCUMENTS:
            if kind.decode("ascii", "replace").strip() == media:
                return not_a_table_error(path, what, COPY_OUT)
        for folder, what, fix in _OTHER_PACKAGES:
            if any(name.startswith(folder) for name in names):
                return not_a_table_error(path, what, fix)
        if names and not any(name.startswith(WORKBOOK_PARTS) for name in names):
            shown = ", ".join(repr(name) for name in names[:3])
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            return InputError(
                f"{path!r} is a zip archive of {shown}{more}, not a workbook: unzip it and "
                "check the table inside",
                value=path,
            )
    return InputError(f"{path!r} cannot be read as a workbook ({exc})", value=path)


def open_sheet(source: InputSettings, search: HeaderSearch) -> Sheet:
    """Open the workbook, choose the sheet and find its header row."""
    CalamineWorkbook = extra("python_calamine", MISSING).CalamineWorkbook
    path = source.path
    try:
        book = CalamineWorkbook.from_path(os.fspath(path))
    except Exception as exc:
        raise _unread(path, exc) from None
    names: list[str] = list(book.sheet_names)
    hidden = _hidden(book)
    candidates = _candidates(names, source.sheet, path, hidden)
    for name in candidates:
        found = _header_in(_sheet(book, name, path), name, search, source.sheet is not None)
        if found is not None:
            return _chosen(found, names, hidden, path)
    first = candidates[0]  # no sheet names a start column: its first row is the header
    found = _header_in(_sheet(book, first, path), first, HeaderSearch(path, None, 1, None), True)
    assert found is not None
    return _chosen(found, names, hidden, path)


def _sheet(book: Any, name: str, path: str) -> Any:
    """The sheet called `name`, read whole by calamine (which refuses a sheet whose XML
    or compressed data is damaged, as it refuses such a workbook)."""
    try:
        return book.get_sheet_by_name(name)
    except Exception as exc:
        raise _unread(path, exc) from None


def _hidden(book: Any) -> set[str]:
    """The names of the sheets the workbook hides (a person opening it does not see them)."""
    shown = extra("python_calamine", MISSING).SheetVisibleEnum.Visible
    return {m.name for m in book.sheets_metadata if m.visible != shown}


def _chosen(sheet: Sheet, names: list[str], hidden: set[str], path: str) -> Sheet:
    number = names.index(sheet.name) + 1
    sheet.choice = SheetChoice(sheet.name, number, len(names), sheet.name in hidden)
    try:  # the package read again, for what calamine does not say of its cells
        sheet.fixes = sheet.rows.fixes = cell_fixes(path, sheet.name, sheet.data)
    except (*ZIP_FAILURES, *UNREADABLE) as exc:
        raise InputError(
            f"{path!r} cannot be read as a workbook: the formats and error values of its "
            f"cells cannot be read ({type(exc).__name__}: {exc}); open it in a spreadsheet "
            "and save it again as .xlsx",
            value=path,
        ) from None
    return sheet


def _candidates(names: list[str], wanted: str | None, path: str, hidden: set[str]) -> list[str]:
    """The sheets to look in for a header: the one asked for, else every sheet, the ones
    a person sees before the ones the workbook hides."""
    if not names:
        raise InputError(f"{path!r} has no sheets", value=path)
    if wanted is None:
        return [n for n in names if n not in hidden] + [n for n in names if n in hidden]
    if wanted.isdigit() and 1 <= int(wanted) <= len(names):
        return [names[int(wanted) - 1]]
    if wanted in names:
        return [wanted]
    listed = ", ".join(repr(n) for n in names)
    raise InputError(
        f"{path!r} has no sheet {wanted!r}; its sheets are {listed} (or give a number)",
        value=wanted,
    )


def _header_in(sheet: Any, name: str, search: HeaderSearch, chosen: bool) -> Sheet | None:
    """The sheet with its header, or None if none of its first rows is a header."""
    # iter_rows begins at the sheet's row 1, giving the empty rows above its data as
    # empty rows, so the rows are numbered as the sheet numbers them.
    rows = SheetRows(iter(sheet.iter_rows()), 1)
    limit = search.row or HEADER_SEARCH
    for _ in range(limit):
        cells = next(rows, None)
        if cells is None:
            break
        number = rows.line_num
        if number == search.row or (search.row is None and search.is_header(cells)):
            line = number  # the rows below are counted afresh from line + 1
            size = (sheet.height or 0) * max(sheet.width or 1, 1) * 12
            body = SheetRows(rows.rest, line + 1)
            last = (sheet.end or (-1, 0))[0] + 1  # the sheet's number of its last row
            return Sheet(name, cells, line, number - 1, body, size, max(last - line, 0), sheet)
    if search.row is not None and chosen:
        if not rows.line_num:
            raise InputError(f"sheet {name!r} is empty: a header row is needed", value=name)
        raise InputError(
            f"sheet {name!r} has fewer than {search.row} rows, so row {search.row} cannot be "
            "the header",
            value=name,
        )
    return None
