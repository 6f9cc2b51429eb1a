"""Opening a roster as files really come: gzipped or not, with or without a byte-order
mark, in UTF-16 (Excel's "Unicode Text"), with old Mac line endings (a lone CR), with
Excel's `sep=;` first line, and with a header that must end within reason.

What comes out is one byte stream in an ASCII-compatible encoding whose rows end in
LF, plus the header's cells, the delimiter and the line number where the rows begin,
so every later message can name the line of the file as the user sees it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import io
import re
from collections.abc import Iterator
from typing import IO

from holdcalc.core.errors import ColumnError, InputError, Setting
from holdcalc.core.files import PIECE, encoding_problem, open_binary, pieces, stream_of
from holdcalc.core.zipped import ZIP_MAGIC, lone_table, open_member
from holdcalc.roster import stream
from holdcalc.roster.columns import Role, find_column, position
from holdcalc.roster.json_records import json_records, looks_like_json, named_json
from holdcalc.roster.settings import InputSettings
from holdcalc.roster.stream import (
    NotText,
    Replay,
    lines_before,
    not_text,
    read_problem,
    swallowed_lines,
)
from holdcalc.roster.web_tables import WebTable, web_table

HEADER_LIMIT = 1 << 20  # a header longer than this is not a header (an unclosed quote?)
_SEP_LINE = re.compile(rb"sep=(.)[ \t]*\r?(?:\n|$)")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


# The first bytes of a workbook: a zip (xlsx, xlsm, ods) or an OLE2 file (xls).
WORKBOOK_MAGIC = (ZIP_MAGIC, b"\xd0\xcf\x11\xe0")  # or an OLE2 file: xls


# Files that come back from a records request and are not tables, told by their first
# bytes (each format's own signature), with what to do instead. Markup is told after
# any white space, in either case: a saved web page, or Excel's "XML Spreadsheet 2003".
COPY_OUT = "copy its table into a spreadsheet and save that as CSV or .xlsx"
_SCAN = "a scan's rows must be typed into a spreadsheet first"
NOT_TABLES = (
    (b"%PDF-", "a PDF document", COPY_OUT),
    (b"{\\rtf", "an RTF document", COPY_OUT),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _SCAN),
    (b"\xff\xd8\xff", "a JPEG image", _SCAN),
    (b"GIF8", "a GIF image", _SCAN),
    (b"II*\x00", "a TIFF image", _SCAN),
    (b"MM\x00*", "a TIFF image", _SCAN),
)
_PAGE = "open it in a spreadsheet program (or copy its table into one) and save it as CSV"
MARKUP = (
    (b"<!doctype html", "a web page (HTML)", _PAGE),
    (b"<html", "a web page (HTML)", _PAGE),
    (b"<?xml", "an XML file", "open it in Excel or LibreOffice and save it as CSV or .xlsx"),
)


# Read for a table: a page's first characters, lower-cased, after any white space.
_PAGES_TEXT = tuple(mark.decode() for mark, what, _ in MARKUP if "(HTML)" in what)


def not_a_table(head: bytes, path: str) -> InputError | None:
    """The error for a file that is plainly a document, an image or markup rather than
    rows of text (told by its first bytes), or None."""
    start = head[:64].lstrip().lower()
    found = [(what, fix) for magic, what, fix in NOT_TABLES if head.startswith(magic)]
    found += [(what, fix) for mark, what, fix in MARKUP if start.startswith(mark)]
    return not_a_table_error(path, *found[0]) if found else None


def not_a_table_error(path: str, what: str, fix: str) -> InputError:
    """The error naming what a file is instead of a table, and what to do with it."""
    return InputError(f"{path!r} is {what}, not a table of rows: {fix}", value=path)


def sniff_delimiter(first_line: str) -> str:
    """The candidate delimiter seen most often in the header line (comma on a tie)."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclasses.dataclass(frozen=True)
class Inside:
    """Where a file's rows were found, where not as the file's own text: the one file
    of a zip archive (`core.zipped`), a web page's largest table (its rows, and the
    page's tables), JSON records. Said beside the run's rows."""

    member: str | None = None
    page: tuple[int, int] | None = None
    records: tuple[int, str | None] | None = None  # JSON: how many, where (Records.where)


AS_TEXT = Inside()  # the rows are the file's own text


@dataclasses.dataclass
class Opened:
    """A roster opened and its header read: `body` is what was read after the header,
    `rest` the stream after it; both in `encoding`, rows ending in LF."""

    rest: IO[bytes]
    header: list[str]
    body: bytes
    delimiter: str
    encoding: str
    first_line: int  # line number (1-based) of the first row after the header
    header_line: int = 1  # where the header was found
    skipped: int = 0  # lines above it that were not the header (titles, notes)
    inside: Inside = AS_TEXT  # where in the file its rows were found, if not as its text


@contextlib.contextmanager
def open_roster(source: InputSettings) -> Iterator[Opened]:
    """Open the roster, find its encoding, line endings, delimiter and header."""
    problem = encoding_problem(source.encoding)
    if problem is not None:
        raise InputError(
            f"{problem}; give the file's encoding with ",
            Setting.ENCODING,
            " (utf-8, cp1252, latin-1 or utf-16, say)",
            value=source.encoding,
        )
    member = lone_table(source.path)
    opening = open_binary(source.path) if member is None else open_member(source.path, member)
    with opening as raw:
        first_line = 1
        try:
            opened = _opened(raw, source, member)
            first_line = opened.first_line
            yield opened
        except NotText as exc:  # in the body, read by the caller as TextLines
            raise not_text(source.path, first_line + exc.line - 1, exc.reason) from None
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            raise read_problem(source.path, exc) from None


def _opened(raw: IO[bytes], source: InputSettings, member: str | None) -> Opened:
    data, encoding = _as_ascii_compatible(raw, source.encoding, source.path)
    head = data.read(stream.BLOCK)
    if head.startswith(WORKBOOK_MAGIC):  # a workbook on standard input: no name told it
        zipped = head.startswith(ZIP_MAGIC)  # an xlsx or ods, or an archive of files
        what = "a workbook (Excel or OpenDocument) or a zip archive" if zipped else "a workbook"
        raise InputError(
            f"{source.path!r} is {what}, which is read only from a file: save it and give its path",
            value=source.path,
        )
    delimiter, inside = source.delimiter, AS_TEXT
    table = _as_table(head, data, encoding, (source.path, member))
    if table is not None:
        data, inside = table
        head = data.read(stream.BLOCK)
        if inside is not AS_TEXT:  # its rows, written as CSV in UTF-8
            encoding, delimiter = "utf-8", ","
        if inside.records is not None and source.header_row not in (None, 1):
            raise InputError(
                f"{source.path!r} holds JSON records, whose keys are its columns: leave out ",
                Setting.HEADER_ROW,
                value=source.path,
            )
    if _lone_cr(head):  # "CSV (Macintosh)": every CR is a row end
        data = stream_of(piece.replace(b"\r", b"\n") for piece in pieces(data))
        head = head.replace(b"\r", b"\n")
    first_line = 1
    hint = _SEP_LINE.match(head)
    if hint is not None:  # Excel's delimiter line: honour it unless one was given
        head = head[hint.end() :]
        first_line = 2
        delimiter = delimiter or hint.group(1).decode("ascii", "replace")
    search = HeaderSearch(source.path, delimiter, source.header_row, _start_name(source))
    found, head = _header(head, data, encoding, search, first_line)
    if found.lines > 1 and _swallows(found):
        raise _unclosed_quote(source.path, found.line)
    end = len(found.text_before_end.encode(encoding))
    return Opened(
        data,
        found.cells,
        head[end:],
        found.sep,
        encoding,
        found.line + found.lines,
        found.line,
        found.line - first_line,
        dataclasses.replace(inside, member=member),
    )


def _as_table(
    head: bytes, rest: IO[bytes], encoding: str, place: tuple[str, str | None]
) -> tuple[IO[bytes], Inside] | None:
    """A web page's largest table, or JSON records (the file is `head`, then `rest`;
    `place`: its path, and its zip member's name if any): the rows as CSV in UTF-8, and
    where they were found. None for delimited text."""
    path, member = place
    named = named_json(member or path)
    problem = not_a_table(head, path)
    if problem is None and not looks_like_json(head, named):
        return None
    whole = head + rest.read()
    try:
        text = whole.decode(encoding)
    except UnicodeDecodeError:  # a page is refused; text is told its line
        text = None
    if problem is not None:
        page = None if text is None else page_table(text)
        if page is None:
            raise problem
        return _bytes(page.csv), Inside(page=(page.rows, page.tables))
    records = None if text is None else json_records(text, path, named=named, member=member)
    if records is None:  # not JSON after all: read as the text it is
        return _bytes(whole), AS_TEXT
    return records.stream(), Inside(records=(records.rows, records.where))


def _bytes(data: bytes) -> IO[bytes]:
    return io.BufferedReader(io.BytesIO(data))


def page_table(text: str) -> WebTable | None:
    """For a web page, its largest table; else None (then the page is refused, named as
    one)."""
    if not text[:64].lstrip().lower().startswith(_PAGES_TEXT):
        return None
    return web_table(text)


def _start_name(source: InputSettings) -> str | None:
    return source.columns.start if source.columns is not None else None


_LINE_END = re.compile(r"\n")  # after a lone-CR file is read as LF, rows end in LF


def _first_line(text: str) -> str:
    found = _LINE_END.search(text)
    return text[: found.start()] if found else text


HEADER_SEARCH = 30  # rows looked at for the header: title rows and notes may come first


@dataclasses.dataclass(frozen=True)
class HeaderSearch:
    """How the header row is chosen: the row named, else the first of the first rows
    with a recognised start column (the one named by the start column option, if any)."""

    path: str
    delimiter: str | None
    row: int | None
    start_name: str | None

    def is_header(self, cells: list[str]) -> bool:
        if not any(cell.strip() for cell in cells):
            return False
        if self.start_name is not None:
            return position(cells, self.start_name) is not None
        return find_column(cells, Role.START) is not None


@dataclasses.dataclass(frozen=True)
class _Found:
    cells: list[str]
    text_before_end: str  # the decoded text up to the end of the header row
    line: int  # the header's first line
    lines: int  # lines the header row takes
    sep: str


def _header(
    head: bytes, data: IO[bytes], encoding: str, search: HeaderSearch, first_line: int
) -> tuple[_Found, bytes]:
    """The header row and the bytes read so far. The csv module finds each row's end (a
    quote mark inside a name is a character, not the start of a quoted field), reading
    on until it is sure."""
    at_end = False
    while True:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=at_end)
        except UnicodeDecodeError as exc:
            line = first_line + lines_before(head, exc)
            raise not_text(search.path, line, exc.reason) from None
        found = _search_rows(text, search, first_line, at_end=at_end)
        if found is not None:
            return found, head
        if len(head) > HEADER_LIMIT:
            raise _unclosed_quote(search.path, first_line, header_limit=True)
        more = data.read(stream.BLOCK)
        head += more
        at_end = not more


def _search_rows(text: str, search: HeaderSearch, line: int, *, at_end: bool) -> _Found | None:
    """The header among the first rows of text; None if more text is needed."""
    position, number, first = 0, 0, None
    while number < (search.row or HEADER_SEARCH):
        if position >= len(text):
            if at_end:
                break
            return None
        record = _one_record(text[position:], search.delimiter, search.path, line, at_end=at_end)
        if record is None:
            return None
        cells, lines, size, sep = record
        number += 1
        found = _Found(cells, text[: position + size], line, lines, sep)
        if first is None and any(cell.strip() for cell in cells):
            first = found
        if number == search.row or (search.row is None and search.is_header(cells)):
            return found
        position, line = position + size, line + lines
    if search.row is not None:
        raise ColumnError(
            f"{search.path!r} has {number} rows, so row {search.row} cannot be the header",
            value=search.path,
        )
    if first is None:
        raise ColumnError(f"{search.path!r} is empty: a header row is needed")
    return first  # no row names a start column: find_columns says which is missing


def _one_record(
    text: str, delimiter: str | None, path: str, line: int, *, at_end: bool
) -> tuple[list[str], int, int, str] | None:
    """The first record of text, its lines, where it ends and its delimiter; None if
    more text is needed to be sure of it."""
    sep = delimiter or sniff_delimiter(_first_line(text))
    reader = csv.reader(io.StringIO(text, newline="\n"), delimiter=sep, strict=True)
    try:
        cells = next(reader, [])
    except csv.Error as exc:
        if "unexpected end of data" in str(exc) and not at_end:
            return None
        raise _unclosed_quote(path, line, reason=str(exc)) from None
    size = _line_ends_at(text, max(reader.line_num, 1))
    if size < 0:
        return (cells, reader.line_num, len(text), sep) if at_end else None
    return cells, reader.line_num, size, sep


def _swallows(found: _Found) -> bool:
    """Whether a header read over several lines swallowed rows. Its width cannot be
    trusted (a stray quote mark may split or join names), so a line inside a name is
    also taken for a row when it has two fields or more and as many as the header's
    first line, as written."""
    sep = found.sep
    if swallowed_lines(found.cells, sep, len(found.cells)):
        return True
    first = found.text_before_end.splitlines()[-found.lines].count(sep)
    inner = (line for cell in found.cells for line in cell.split("\n")[1:])
    return any(line.count(sep) >= max(first, 1) for line in inner)


def _line_ends_at(text: str, lines: int) -> int:
    """Index just past the `lines`-th line end of text, or -1 if it has fewer."""
    position = 0
    for _ in range(lines):
        found = _LINE_END.search(text, position)
        if found is None:
            return -1
        position = found.end()
    return position


def _unclosed_quote(
    path: str, line: int, *, header_limit: bool = False, reason: str = ""
) -> InputError:
    if reason:
        return InputError(
            f"{path!r}, line {line}: the header's quote marks cannot be read ({reason}); "
            "check them",
            value=path,
            line=line,
        )
    why = (
        f"the header does not end within {HEADER_LIMIT >> 20} MiB (no line end, or a "
        "quote mark that never closes)"
        if header_limit
        else "a quoted field in the header runs on over lines that look like rows"
    )
    return InputError(
        f'{path!r}, line {line}: {why}; check the file and its quote marks (a stray " at '
        "the start of a cell opens a field that swallows the lines after it)",
        value=path,
        line=line,
    )


def _lone_cr(head: bytes) -> bool:
    """Rows end in a lone CR: the first CR comes before any LF and is not CRLF."""
    cr = head.find(b"\r")
    if cr < 0:
        return False
    lf = head.find(b"\n")
    return (lf < 0 or cr < lf) and head[cr + 1 : cr + 2] != b"\n"


def _wide_without_mark(first: bytes) -> str | None:
    """UTF-16 or UTF-32 told by its zero bytes, when no byte-order mark says so."""
    if len(first) < 4 or b"\0" not in first:
        return None
    if first[1:4] == b"\0\0\0" and first[0]:
        return "UTF-32-LE"
    if first[:3] == b"\0\0\0" and first[3]:
        return "UTF-32-BE"
    if first[1] == first[3] == 0 and first[0] and first[2]:
        return "UTF-16-LE"
    if first[0] == first[2] == 0 and first[1] and first[3]:
        return "UTF-16-BE"
    return None


def _as_ascii_compatible(raw: IO[bytes], encoding: str, path: str = "-") -> tuple[IO[bytes], str]:
    """The stream in an encoding that writes LF, quote and delimiters as one byte each:
    UTF-16 and UTF-32 (told by a byte-order mark, or named) are re-encoded as UTF-8."""
    first = raw.read(4)
    for bom, name in _BOMS:
        if first.startswith(bom):
            if name == "utf-8-sig":
                return _buffered(Replay(first[len(bom) :], raw, bounded=False)), "utf-8"
            return _utf8(Replay(first, raw, bounded=False), name), "utf-8"
    flat = encoding.lower().replace("-", "").replace("_", "")
    if flat in ("utf16", "utf32") and first:  # the byte order, a mark would have said
        seen = _wide_without_mark(first)  # told by its zero bytes, if it can be
        named = codecs.lookup(encoding).name  # "UTF16" is "utf-16"
        order = seen.lower() if seen else f"{named}-le (or {named}-be)"
        raise InputError(
            f"{path!r} has no byte-order mark, so {encoding!r} does not say the order of "
            "its bytes; give ",
            Setting.ENCODING,
            f" {order}",
            value=path,
        )
    if flat.startswith(("utf16", "utf32")):
        return _utf8(Replay(first, raw, bounded=False), encoding), "utf-8"
    wide = _wide_without_mark(first)
    if wide is not None:  # read as 8-bit text, every column name would be full of NULs
        raise InputError(
            f"{path!r} looks like {wide} text without a byte-order mark (its first characters "
            "are each followed or led by zero bytes); give ",
            Setting.ENCODING,
            f" {wide.lower()}",
            value=path,
        )
    return _buffered(Replay(first, raw, bounded=False)), (
        "utf-8" if flat == "utf8sig" else encoding
    )


def _buffered(stream: io.RawIOBase) -> IO[bytes]:
    return io.BufferedReader(stream, buffer_size=1 << 16)


def _utf8(raw: io.RawIOBase, encoding: str) -> IO[bytes]:
    """Text in another encoding, read back as UTF-8 bytes."""
    text = io.TextIOWrapper(io.BufferedReader(raw), encoding=encoding, newline="")
    return stream_of(piece.encode("utf-8") for piece in iter(lambda: text.read(PIECE), ""))
