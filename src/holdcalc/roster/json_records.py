"""JSON records read as rows of text: what an open-data portal's API returns (an array
of objects, one per row, or an object holding one such array) and what a script writes
with one object per line (JSON Lines, holdcalc's own JSON Lines output among them).

Each object is a row and each key a column, in the order the keys are first met; a
key an object lacks, and a null, is a blank cell. A number keeps the text it was
written with (`1.50` stays `1.50`), true and false are written so, and a nested array
or object is its JSON text. The rows are then read as a CSV file's are, so every later
step (columns, zones, verdicts, row numbers: record N is row N) is the same.

The records are read twice, once for their keys and count and once as the rows are
asked for, so that only the file's text is held whole, never every record at once (a
portal's export of a million records is about 200 MB of text, and more than a
gigabyte as Python objects). A top-level array is read an item at a time; an object
holding one is read whole.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from holdcalc.core.errors import InputError
from holdcalc.core.files import stream_of
from holdcalc.core.zipped import JSON_SUFFIXES

_READS = "holdcalc reads an array of objects, an object holding one, or one object a line"


class _Number(str):
    """A number's text as the file wrote it."""

    __slots__ = ()


# Numbers kept as written (json.loads would build a decoder for each line it is given).
_DECODER = json.JSONDecoder(parse_int=_Number, parse_float=_Number)
# The decoder's scanner (set by JSONDecoder itself, untyped): a value at a position, and
# where it ends; StopIteration where no value begins.
_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]


@dataclasses.dataclass(frozen=True)
class Records:
    """The records as CSV text in UTF-8 (`chunks()`: written a piece at a time as it is
    read), how many there are, and where they were found: "" (the file's top-level
    array), the member's name, or None (JSON Lines)."""

    chunks: Callable[[], Iterator[bytes]]
    rows: int
    where: str | None

    @property
    def csv(self) -> bytes:
        """The whole CSV text."""
        return b"".join(self.chunks())

    def stream(self) -> IO[bytes]:
        """The CSV text as a stream, written as it is read."""
        return stream_of(self.chunks())


def named_json(name: str) -> bool:
    """Whether a file's name (or its zip member's) says it holds JSON."""
    return name.lower().endswith(JSON_SUFFIXES)


def looks_like_json(head: bytes, named: bool) -> bool:
    """Whether the file may hold JSON: named so, or opening with "[" or "{"."""
    return named or head.lstrip()[:1] in (b"[", b"{")


def json_records(
    text: str, path: str, *, named: bool = False, member: str | None = None
) -> Records | None:
    """The file's records, or None when it is not JSON at all (then it is read as
    delimited text, unless it is `named` as JSON: then that is an error). `member`: the
    name of the zip archive's file the text is, named with `path` in an error."""
    where = repr(path) if member is None else f"{member!r} in {path!r}"
    if not text or text.isspace():
        return None  # an empty file, told as one where any file is read
    try:
        return _read(text, where, named)
    except RecursionError:  # the json module's decoder, past Python's recursion limit
        raise _too_deep(where) from None


def _too_deep(where: str) -> InputError:
    """Records holding arrays or objects within each other about a thousand times over
    (as no export writes them), beyond Python's recursion limit."""
    return InputError(
        f"{where} nests arrays or objects within each other too deeply to be read; "
        "holdcalc reads records of a few levels at most",
        value=where,
    )


def _read(text: str, where: str, named: bool) -> Records | None:
    """json_records' records (`where`: the file, as an error names it)."""
    try:
        return _written(_checked(_items(text), text, where), lambda: _items(text), (where, ""))
    except _NotPlain:  # read whole below, and told as such text is
        pass
    try:
        found: Any = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        lines = _lines(text, where)
        if lines is not None or not named:
            return lines
        raise _refused(where, f"is not JSON (line {exc.lineno}: {exc.msg.lower()})") from None
    under, found = _member(found) if isinstance(found, dict) else ("", found)
    if not isinstance(found, list):
        raise _refused(where, f"holds one JSON {_kind(found)}, not records")
    bad = next((n for n, record in enumerate(found, 1) if not isinstance(record, dict)), None)
    if bad is not None:
        raise _refused(where, f"has a JSON {_kind(found[bad - 1])} as record {bad}, not an object")
    if not found:
        raise _refused(where, "holds no records (an empty JSON array)")
    return _written(_checked(found, text, where), lambda: found, (where, under))


def _lines(text: str, where: str) -> Records | None:
    """The records of a JSON Lines file, or None when its first line is no object (the
    file is then not JSON Lines). The lines are read twice, for the keys and then for
    the rows, so that only the text and the rows' CSV are held at once."""
    try:
        records = _checked(_objects(text, where), text, where)
        return _written(records, lambda: _objects(text, where), (where, None))
    except _NotLines:
        return None


class _NotLines(Exception):
    """The first line is not a JSON object."""


class _NotPlain(Exception):
    """The text is not one non-empty array of objects, read as json.loads reads it."""


_SPACE = re.compile(r"[ \t\n\r]*")  # JSON's white space, as the json module skips it
# After an item: a comma, or the array's end and the text's.
_AFTER_ITEM = re.compile(r"[ \t\n\r]*(?:(,)[ \t\n\r]*|\][ \t\n\r]*\Z)")


def _items(text: str) -> Iterator[dict[str, Any]]:
    """The objects of a text that is one array of them, an item at a time, each decoded
    by the scanner json.loads decodes the array's items with. Anything else (another
    value, an empty array, an item that is not an object, text the json module
    refuses) raises _NotPlain at the first sign of it; the text is then read whole,
    and what is wrong told as json.loads finds it."""
    opening = _SPACE.match(text)
    at = 0 if opening is None else opening.end()
    if not text.startswith("[", at):
        raise _NotPlain
    after = _SPACE.match(text, at + 1)
    at = at + 1 if after is None else after.end()
    scan, between = _SCAN, _AFTER_ITEM.match
    while True:
        try:
            item, at = scan(text, at)
        except (StopIteration, json.JSONDecodeError):  # no value there, or a broken one
            raise _NotPlain from None
        if not isinstance(item, dict):
            raise _NotPlain
        yield item
        found = between(text, at)
        if found is None:
            raise _NotPlain
        if found.group(1) is None:  # the array's end
            return
        at = found.end()


def _objects(text: str, where: str) -> Iterator[dict[str, Any]]:
    """Each line's object; a line after the first that is not one object is an error."""
    first = True
    for number, line in enumerate(_split_lines(text), 1):
        if not line or line.isspace():
            continue
        try:
            record = _DECODER.decode(line)
        except json.JSONDecodeError as exc:
            if first:
                raise _NotLines from None
            reason = f"line {number} is not one JSON object ({exc.msg.lower()})"
            raise _refused(where, reason) from None
        if not isinstance(record, dict):
            if first:
                raise _NotLines
            raise _refused(where, f"has a JSON {_kind(record)} on line {number}, not an object")
        first = False
        yield record


def _split_lines(text: str) -> Iterator[str]:
    """The text's lines as text.split("\n") gives them, one at a time."""
    at = 0
    while (end := text.find("\n", at)) >= 0:
        yield text[at:end]
        at = end + 1
    yield text[at:]


def _member(found: dict[str, Any]) -> tuple[str, Any]:
    """The one member of an object that holds an array of objects (an API's "data" or
    "results"), or the object itself as the one record."""
    arrays = [
        name
        for name, value in found.items()
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value)
    ]
    if len(arrays) == 1:
        return arrays[0], found[arrays[0]]
    return "", [found]


# A \u escape of half a UTF-16 surrogate pair (D800 to DFFF): alone, it is no character.
_HALF_PAIR = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _checked(records: Iterable[dict[str, Any]], text: str, where: str) -> Iterable[dict[str, Any]]:
    """The records, refused at the first holding half a surrogate pair alone, which no
    text can be written with (each record looked at only where the text has such an
    escape, alone or in a pair, as an emoji is escaped)."""
    if _HALF_PAIR.search(text) is None:
        return records
    return _whole_characters(records, where)


def _whole_characters(records: Iterable[dict[str, Any]], where: str) -> Iterator[dict[str, Any]]:
    for number, record in enumerate(records, 1):
        try:
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            half = f"\\u{ord(exc.object[exc.start]):04x}"
            raise InputError(
                f"{where} has {half} in record {number}: half of a UTF-16 surrogate pair, "
                "alone, which is no character; fix or remove it",
                value=where,
            ) from None
        yield record


def _written(
    first: Iterable[dict[str, Any]],
    again: Callable[[], Iterable[dict[str, Any]]],
    place: tuple[str, str | None],
) -> Records:
    """The records as CSV: their keys found in `first`, their rows written from
    `again()` (the same records) as they are read. `place`: the file, as an error names
    it, and where in it the records were found (Records.where)."""
    keys: dict[str, None] = {}
    last: tuple[str, ...] = ()
    count = 0
    for record in first:
        names = tuple(record)
        if names != last:  # records mostly share their keys, in the same order
            keys.update(dict.fromkeys(names))
            last = names
        count += 1
    order, (where, under) = tuple(keys), place
    return Records(lambda: _csv_chunks(order, again(), where), count, under)


_CHUNK_ROWS = 1_000  # rows written to a piece of the CSV text


def _csv_chunks(
    keys: tuple[str, ...], records: Iterable[dict[str, Any]], where: str
) -> Iterator[bytes]:
    """The CSV text of the records under these keys, a piece at a time. Read again as
    rows are judged, deeper in the stack than when they were first read, a record
    nested just short of the recursion limit then may not be: refused (`where`: the
    file, as an error names it)."""
    try:
        yield from _csv_pieces(keys, records)
    except RecursionError:
        raise _too_deep(where) from None


def _csv_pieces(keys: tuple[str, ...], records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    out = io.StringIO()
    # CRLF line ends: the csv module then quotes a cell holding a CR (or LF) of its own, which
    # would otherwise end its row.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(keys)
    for number, record in enumerate(records, 1):
        writer.writerow([_cell(record.get(key)) for key in keys])
        if number % _CHUNK_ROWS == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return "".join(_json(value))


def _json(value: Any) -> Iterator[str]:
    """Compact JSON text of a nested value, its numbers as written."""
    if isinstance(value, dict):
        yield "{"
        for number, (key, item) in enumerate(value.items()):
            yield ("," if number else "") + json.dumps(key, ensure_ascii=False) + ":"
            yield from _json(item)
        yield "}"
    elif isinstance(value, list):
        yield "["
        for number, item in enumerate(value):
            yield "," if number else ""
            yield from _json(item)
        yield "]"
    elif isinstance(value, _Number):
        yield str.__str__(value)
    else:  # a string, true, false or null
        yield json.dumps(value, ensure_ascii=False)


def _kind(value: Any) -> str:
    if isinstance(value, _Number):
        return "number"
    names = {dict: "object", list: "array", str: "string", bool: "true/false"}
    return "null" if value is None else names.get(type(value), "value")


def _refused(where: str, what: str) -> InputError:
    """The file (`where`: its name quoted, or its zip member's in the archive's) refused."""
    return InputError(f"{where} {what}: {_READS}", value=where)
