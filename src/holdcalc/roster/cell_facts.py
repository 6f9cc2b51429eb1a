"""What python-calamine does not say of a workbook's cells, read from the file itself.

calamine gives a date-time cell at exactly 00:00 as a bare date whatever its number
format (a release at midnight would become a day-long range), an error cell (#N/A,
#REF!, #DIV/0!, as a failed lookup leaves them) as an empty string (a departure of
#N/A would read as "still held"), and a merged cell as blank everywhere but its
top-left corner. So, for an .xlsx or .xlsm sheet (Office Open XML, ECMA-376 Part 1):

- the styles part says which cell formats show a time of day (§18.8.30-31: a
  built-in format 18-22 or 45-47, or a custom format code with hours or seconds);
  a cell in such a format whose stored serial is a whole number is a midnight;
- the sheet part marks an error cell with t="e" and keeps its error text (§18.3.1.4);
- merged ranges come from calamine itself: one over several rows is filled down its
  first column with its top-left value, as a person reads it.

Other workbook kinds (.xls, .xlsb, .ods) get the merged ranges only; docs say so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
import zipfile
from typing import Any
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats with a time of day (ECMA-376 Part 1, §18.8.30): 18-21 are
# h:mm AM/PM, h:mm:ss AM/PM, h:mm, h:mm:ss; 22 m/d/yy h:mm; 45-47 mm:ss, [h]:mm:ss, mmss.0.
_BUILT_IN_TIMES = frozenset({18, 19, 20, 21, 22, 45, 46, 47})
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text, escapes, [Red] and [$-409]
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"[^>]*? t="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?'
    rb"<v>([^<]*)</v>"
)


@dataclasses.dataclass(frozen=True)
class CellFixes:
    """Values to put in place of what calamine gave: by the sheet's row number (from 1),
    then by column (from 0), each as a person reading the sheet sees it."""

    by_row: dict[int, dict[int, Any]]

    def apply(self, number: int, values: list[Any]) -> list[Any]:
        fixes = self.by_row.get(number)
        if fixes is None:
            return values
        values = list(values)
        for column, value in fixes.items():
            if column >= len(values):
                values.extend([""] * (column + 1 - len(values)))
            values[column] = value
        return values


# What reading an Office Open XML package's parts for the fixes may raise besides the
# zip's own failures (core.zipped.ZIP_FAILURES): a part or a sheet's relationship
# missing, XML that does not parse or names an unknown encoding, a style's number that
# is none. The caller refuses the workbook: read without its fixes, an error cell of
# a departure would be read as blank, "still held".
UNREADABLE: tuple[type[Exception], ...] = (
    KeyError,
    ValueError,
    LookupError,
    ElementTree.ParseError,
)


def cell_fixes(path: str, sheet_name: str, sheet: Any) -> CellFixes | None:
    """The fixes a sheet needs, or None when it needs none (raising one of UNREADABLE
    or core.zipped.ZIP_FAILURES where an Office Open XML package's parts cannot be read)."""
    by_row: dict[int, dict[int, Any]] = {}
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as book:
            if _part(book, "xl/workbook.xml") is not None:  # not an .ods, a zip too
                _from_xml(book, sheet_name, by_row)
    # calamine's rows begin at the sheet's first used column (its rows at row 1), while
    # the XML and the merged ranges count columns from A: shift them to its positions.
    offset = (getattr(sheet, "start", None) or (0, 0))[1]
    _merged(sheet, by_row)
    shifted = {
        row: {column - offset: value for column, value in cells.items() if column >= offset}
        for row, cells in by_row.items()
    }
    shifted = {row: cells for row, cells in shifted.items() if cells}
    return CellFixes(shifted) if shifted else None


def _from_xml(book: zipfile.ZipFile, sheet_name: str, by_row: dict[int, dict[int, Any]]) -> None:
    """Midnights and error cells of the sheet, read in pieces cut at a cell's end (a
    sheet of a million rows is hundreds of MB of XML)."""
    part, epoch = _sheet_part(book, sheet_name)
    midnight = _midnight_pattern(_time_styles(book))
    with book.open(_part(book, part) or part) as stream:
        carry = b""
        while True:
            chunk = stream.read(_PIECE)
            piece = carry + chunk
            cut = len(piece) if not chunk else piece.rfind(b"</c>") + 4
            _scan(piece[: max(cut, 0)], midnight, epoch, by_row)
            if not chunk:
                return
            carry = piece[max(cut, 0) :]


_PIECE = 1 << 22


def _midnight_pattern(times: set[int]) -> re.Pattern[bytes] | None:
    """A whole-number serial in a style that shows a time; the cell's reference is found
    behind it (anchoring on the style keeps the scan off the sheet's other cells)."""
    if not times:
        return None
    styles = b"|".join(str(n).encode() for n in sorted(times))
    return re.compile(rb'" s="(?:' + styles + rb')"(?: t="n")?><v>([0-9]+)</v>')


_REFERENCE = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)$')


def _scan(
    xml: bytes,
    midnight: re.Pattern[bytes] | None,
    epoch: dt.datetime,
    by_row: dict[int, dict[int, Any]],
) -> None:
    if midnight is not None:
        for found in midnight.finditer(xml):
            where = _REFERENCE.search(xml, max(0, found.start() - 24), found.start())
            if where is None:
                continue  # attributes in another order: calamine's reading stands
            moment = epoch + dt.timedelta(days=int(found.group(1)))
            by_row.setdefault(int(where.group(2)), {})[_column(where.group(1))] = moment
    if b't="e"' in xml:
        for found in _ERROR_CELL.finditer(xml):
            text = found.group(3).decode("utf-8", "replace") or "#ERROR"
            by_row.setdefault(int(found.group(2)), {})[_column(found.group(1))] = text


def _part(book: zipfile.ZipFile, name: str) -> str | None:
    """The package's name of part `name`: part names are compared without regard to case
    (ECMA-376 Part 2, §6.3.5), so a writer may spell one otherwise than its reference."""
    if name in book.namelist():
        return name
    folded = name.casefold()
    return next((found for found in book.namelist() if found.casefold() == folded), None)


def _read(book: zipfile.ZipFile, name: str) -> bytes:
    found = _part(book, name)
    if found is None:
        raise KeyError(name)
    return book.read(found)


def _sheet_part(book: zipfile.ZipFile, name: str) -> tuple[str, dt.datetime]:
    """The zip member holding the sheet called `name`, and the workbook's day zero."""
    workbook = ElementTree.fromstring(_read(book, "xl/workbook.xml"))
    rels = ElementTree.fromstring(_read(book, "xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    properties = workbook.find(f"{_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    # A serial counts wall-clock days, read in the row's zone later, as calamine's are.
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)  # noqa: DTZ001
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        if sheet.get("name") == name:
            target = targets[sheet.get(f"{_REL}id")]
            if target.startswith("/"):
                return target.lstrip("/"), epoch
            return posixpath.normpath(posixpath.join("xl", target)), epoch
    raise KeyError(name)


def _time_styles(book: zipfile.ZipFile) -> set[int]:
    """The cell styles (cellXfs positions) whose number format shows a time of day."""
    try:
        styles = ElementTree.fromstring(_read(book, "xl/styles.xml"))
    except KeyError:
        return set()
    custom = {
        int(fmt.get("numFmtId", "-1")): fmt.get("formatCode", "")
        for fmt in styles.iter(f"{_MAIN}numFmt")
    }
    cell_xfs = styles.find(f"{_MAIN}cellXfs")
    if cell_xfs is None:
        return set()
    found = set()
    for position, xf in enumerate(cell_xfs.iter(f"{_MAIN}xf")):
        number = int(xf.get("numFmtId", "0"))
        code = custom.get(number)
        if number in _BUILT_IN_TIMES or (code is not None and _shows_time(code)):
            found.add(position)
    return found


def _shows_time(code: str) -> bool:
    """A custom format code with hours or seconds outside its literal text."""
    plain = _QUOTED.sub("", code).lower()
    return "h" in plain or "s" in plain


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


def _merged(sheet: Any, by_row: dict[int, dict[int, Any]]) -> None:
    """Fill each range merged over several rows with its top-left value, down its first
    column (rows from 1, columns from A as 0): a booking number merged over its charge
    rows belongs to each. A range within one row is a wide cell, its value in its first
    column alone (copied across, a header merged over two columns would name a column
    twice)."""
    ranges = getattr(sheet, "merged_cell_ranges", None) or []
    tall = [r for r in ranges if r[0][0] != r[1][0]]
    if not tall:
        return
    # Counted from A, empty area kept, down to the lowest corner.
    rows = sheet.to_python(skip_empty_area=False, nrows=max(top for (top, _), _ in tall) + 1)
    for (top, left), (bottom, _) in tall:
        corner = by_row.get(top + 1, {}).get(left)
        if corner is None:
            row = rows[top] if top < len(rows) else []
            corner = row[left] if left < len(row) else ""
        for r in range(top + 1, bottom + 1):
            by_row.setdefault(r + 1, {})[left] = corner
