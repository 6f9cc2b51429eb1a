"""JSON records read as rows of text: what an open-data portal's API returns (an array
of objects, one per row, or an object holding one such array) and what a script writes
with one object per line (JSON Lines, holdcalc's own JSON Lines output among them).

Each object is a row and each key a column, in the order the keys are first met; a
key an object lacks, and a null, is a blank cell. A number keeps the text it was
written with (`1.50` stays `1.50`), true and false are written so, and a nested array
or object is its JSON text. The rows are then read as a CSV file's are, so every later
step (columns, zones, verdicts, row numbers: record N is row N) is the same.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.core.zipped import JSON_SUFFIXES

_READS = "holdcalc reads an array of objects, an object holding one, or one object a line"


class _Number(str):
    """A number's text as the file wrote it."""

    __slots__ = ()


# Numbers kept as written (json.loads would build a decoder for each line it is given).
_DECODER = json.JSONDecoder(parse_int=_Number, parse_float=_Number)


@dataclasses.dataclass(frozen=True)
class Records:
    """The records as CSV text in UTF-8, how many there are, and where they were found:
    "" (the file's top-level array), the member's name, or None (JSON Lines)."""

    csv: bytes
    rows: int
    where: str | None


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
    if not text.strip():
        return None  # an empty file, told as one where any file is read
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
    return _written(found, lambda: found, under)


def _lines(text: str, where: str) -> Records | None:
    """The records of a JSON Lines file, or None when its first line is no object (the
    file is then not JSON Lines). The lines are read twice, for the keys and then for
    the rows, so that only the text and the rows' CSV are held at once."""
    try:
        return _written(_objects(text, where), lambda: _objects(text, where), None)
    except _NotLines:
        return None


class _NotLines(Exception):
    """The first line is not a JSON object."""


def _objects(text: str, where: str) -> Iterator[dict[str, Any]]:
    """Each line's object; a line after the first that is not one object is an error."""
    first = True
    for number, line in enumerate(text.split("\n"), 1):
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


def _written(
    first: Iterable[dict[str, Any]],
    again: Callable[[], Iterable[dict[str, Any]]],
    where: str | None,
) -> Records:
    """The records as CSV: their keys found in `first`, their rows written from
    `again()` (the same records)."""
    keys: dict[str, None] = {}
    count = 0
    for record in first:
        keys.update(dict.fromkeys(record))
        count += 1
    out = io.StringIO()
    # CRLF line ends: the csv module then quotes a cell holding a CR (or LF) of its own, which
    # would otherwise end its row.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(keys)
    order = tuple(keys)
    writer.writerows([_cell(record.get(key)) for key in order] for record in again())
    return Records(out.getvalue().encode("utf-8"), count, where)


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
