"""Writers of judged rows: CSV or TSV, JSON Lines or a JSON array, written as they come."""

from __future__ import annotations

import codecs
import csv
import json
import os
from collections.abc import Iterable, Sequence
from typing import IO, Protocol

from holdcalc.roster.settings import Format
from holdcalc.roster.verdicts import EXTRA_CELLS

# A cell may be long (a pasted note): up to 64 MiB, the bound of one line (stream.ROW_LIMIT).
csv.field_size_limit(64 << 20)


class RowSink(Protocol):
    def header(self, names: Sequence[str]) -> None: ...
    def rows(self, rows: Iterable[Sequence[str]]) -> None: ...
    def close(self) -> None: ...


# --- sinks --------------------------------------------------------------------------------


class CarriageReturns(Protocol):
    """Whether the input has shown a carriage return that does not end a line."""

    lone_cr: bool


def has_lone_cr(data: str | bytes) -> bool:
    """Whether text holds a carriage return that is not part of a CRLF line end."""
    if isinstance(data, str):
        return "\r" in data and data.count("\r") != data.count("\r\n")
    return b"\r" in data and data.count(b"\r") != data.count(b"\r\n")


def write_through(out: IO[str], text: str | bytes) -> None:
    """Text written to `out`; bytes are its UTF-8, written as `own_bytes` allows after
    what the stream holds, else decoded: the output is the same byte for byte."""
    if isinstance(text, str):
        out.write(text)
        return
    raw = own_bytes(out)
    if raw is None:
        out.write(text.decode("utf-8"))
    else:
        out.flush()
        raw.write(text)


def own_bytes(out: IO[str]) -> IO[bytes] | None:
    """The stream's own bytes, where UTF-8 written there is what its text would write
    (a UTF-8 stream, and no newline to translate, as on every system whose line end is
    LF), or None."""
    raw = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None) or ""
    return raw if raw is not None and os.linesep == "\n" and is_utf8(encoding) else None


def is_utf8(encoding: str) -> bool:
    """Whether an encoding's name is UTF-8's (any spelling; not UTF-8 with a mark)."""
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


class CsvSink:
    """CSV or TSV rows. The csv module quotes a cell holding the delimiter, a quote mark
    or LF, but not one holding a lone CR, which every reader then takes for a row end:
    once `watch` has seen one in the input, rows holding one are written fully quoted."""

    def __init__(self, out: IO[str], delimiter: str) -> None:
        self._out = out
        self._delimiter = delimiter
        self._writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        self._quoted = csv.writer(
            out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL
        )
        self.watch: CarriageReturns | None = None

    def header(self, names: Sequence[str]) -> None:
        self._writer.writerow(names)

    def rows(self, rows: Iterable[Sequence[str]]) -> None:
        """Each row as one line. A row without quote marks, CR or LF is joined here, a
        cell holding the delimiter quoted: the line the csv module writes, without its
        scan of every character (a third of the instructions of a `check` row). Other
        rows go to the module."""
        watch, delimiter, write = self.watch, self._delimiter, self._out.write
        plain, quoted = self._writer.writerow, self._quoted.writerow
        for row in rows:
            try:
                line = delimiter.join(row)
            except TypeError:  # a cell that is not text: the csv module writes it
                plain(row)
                continue
            if not line or '"' in line or "\n" in line or "\r" in line:
                if watch is not None and watch.lone_cr and "\r" in line:
                    quoted(row)
                else:  # a lone empty cell (written ""), quote marks, line ends
                    plain(row)
            elif line.count(delimiter) == len(row) - 1:
                write(line + "\n")
            else:  # a cell holds the delimiter: it alone is quoted, as the module does
                write(delimiter.join([f'"{c}"' if delimiter in c else c for c in row]) + "\n")

    def name_columns(self, names: Sequence[str]) -> None:
        """Nothing to remember: CSV rows carry no names."""

    def write_text(self, text: str | bytes) -> None:
        """Rows already written as text by a worker (bytes: in UTF-8)."""
        write_through(self._out, text)

    def stream(self) -> IO[str]:
        return self._out

    def close(self) -> None:
        pass


class JsonSink:
    """JSON Lines, or one JSON array written row by row."""

    def __init__(self, out: IO[str], *, lines: bool) -> None:
        self._out = out
        self._lines = lines
        self._names: list[str] = []
        self._first = True

    def header(self, names: Sequence[str]) -> None:
        self.name_columns(names)
        if not self._lines:
            self._out.write("[")

    def name_columns(self, names: Sequence[str]) -> None:
        """The keys of each row's object (unique: see verdicts.output_names)."""
        self._names = list(names)

    def rows(self, rows: Iterable[Sequence[str]]) -> None:
        names, write, dumps = self._names, self._out.write, json.dumps
        width = len(names)
        for values in rows:
            record: dict[str, object] = dict(zip(names, values, strict=False))
            if len(values) > width:  # cells past the header's, kept under a stated key
                record[EXTRA_CELLS] = list(values[width:])
            text = dumps(record, ensure_ascii=False)
            if self._lines:
                write(text + "\n")
            else:
                write(("\n" if self._first else ",\n") + text)
                self._first = False

    @property
    def one_array(self) -> bool:
        """Whether the rows go into one JSON array: its punctuation between the blocks
        of workers is written here, so each block must come back to be written."""
        return not self._lines

    def write_text(self, text: str | bytes) -> None:
        """Rows already written as JSON Lines, by a worker or over columns (bytes: in
        UTF-8); in one array, each line becomes an item, as `rows` writes it (a line
        holds no line end of its own: json.dumps writes one in a value as \\n)."""
        if not self._lines and text:
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            text = (b"\n" if self._first else b",\n") + data[:-1].replace(b"\n", b",\n")
            self._first = False
        write_through(self._out, text)

    def stream(self) -> IO[str]:
        return self._out

    def close(self) -> None:
        if not self._lines:
            self._out.write("]\n" if self._first else "\n]\n")


def make_sink(
    fmt: Format, out: IO[str], names: Sequence[str], *, write_header: bool = True
) -> CsvSink | JsonSink:
    """A writer of rows in `fmt`; without the header line when a worker writes a block."""
    sink: CsvSink | JsonSink
    if fmt in (Format.CSV, Format.TSV):
        sink = CsvSink(out, "," if fmt is Format.CSV else "\t")
    elif fmt in (Format.JSONL, Format.JSON):
        sink = JsonSink(out, lines=fmt is Format.JSONL)
    else:
        raise ValueError(f"no text sink for {fmt.value!r}")
    if write_header:
        sink.header(names)
    else:
        sink.name_columns(names)
    return sink
