"""Reading and writing tables: CSV dialects, gzip, byte-order marks, atomic output files.

No hold logic here, and no click or rich: the CLI hands in streams and paths.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from typing import IO, cast

from holdcalc.core.errors import InputError, OutputError, Setting

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def open_binary(path: str) -> IO[bytes]:
    """A byte stream over a file or stdin ("-"), gunzipped when its first bytes say gzip."""
    try:
        raw: IO[bytes] = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot read {path!r}: {exc.strerror}; check the path") from None
    # peek() needs a buffered reader; a test's stdin may be a plain BytesIO.
    buffered = cast(
        io.BufferedReader,
        raw if hasattr(raw, "peek") else io.BufferedReader(cast(io.RawIOBase, raw)),
    )
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return cast(IO[bytes], gzip.GzipFile(fileobj=buffered, mode="rb"))
    return buffered


def sniff_delimiter(first_line: str) -> str:
    """The candidate delimiter seen most often in the header line (comma on a tie)."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


@contextlib.contextmanager
def atomic_output(path: str | None, *, refuse: str | None = None) -> Iterator[IO[str]]:
    """Yield stdout, or a temporary file renamed over `path` only if everything succeeds."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = os.path.abspath(path)
    if (
        refuse
        and refuse != "-"
        and os.path.exists(target)
        and os.path.exists(refuse)
        and (os.path.samefile(target, refuse))
    ):
        raise OutputError(
            Setting.OUTPUT, f" {path!r} is the input file; write to another path", value=path
        )
    folder = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".holdcalc-", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
