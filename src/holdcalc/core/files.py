"""Files a run reads and writes: an input opened (gunzipped when it is gzip), the
outputs claimed before any work (never an input or another output), and each written
whole or not at all. Used by every front end and by letters; no hold logic here.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import os
import re
import stat
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, cast

from holdcalc.core.errors import InputError, OutputError, Part, Setting

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(value: str, fallback: str) -> str:
    """A file name's stem made of letters, digits, dots, dashes and underscores only (80
    at most, never starting or ending with a dot), or `fallback` when nothing is left."""
    return _UNSAFE.sub("_", value.strip()).strip("._")[:80] or fallback


GZIP_MAGIC = b"\x1f\x8b"  # a gzip stream's first bytes (RFC 1952)
_CUTS = 'id,"x"\t;|\r\n'  # the characters a table is cut by


def encoding_problem(name: str) -> str | None:
    """Why text in encoding `name` cannot be read as a table, or None when it can. The
    encoding must give back the characters tables are cut by, written as ASCII writes
    them, even where a byte around them is not text (UTF-16 and UTF-32 aside: their
    text is read as UTF-8). So not a transform (rot13), EBCDIC or IDNA labels."""
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return f"unknown encoding {name!r}"
    try:
        if _CUTS.encode(name).decode(name) != _CUTS:
            return f"{name!r} does not give its text back"
        if found.startswith(("utf-16", "utf-32")):
            return None
        if _CUTS.encode().decode(name, errors="replace") == _CUTS:
            return None
    except (LookupError, UnicodeError):  # a transform (rot13), or refused text
        pass
    return f"{name!r} is not an encoding tables are written in"


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
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        gunzipped = gzip.GzipFile(fileobj=buffered, mode="rb")
        return decompressed(gunzipped, "gzip", (gzip.BadGzipFile,))  # a bad checksum
    return buffered


class DamagedData(OSError):
    """Compressed input that does not decompress: damaged, or cut short. An OSError, as
    a failing read is, so that every reader of the input tells it alike (naming the
    file and what is wrong with it)."""


def decompressed(
    stream: io.BufferedIOBase | IO[bytes], kind: str, failures: tuple[type[Exception], ...]
) -> IO[bytes]:
    """A decompressing `stream` (of `kind`, "gzip" or "zip") whose failures to
    decompress are DamagedData: zlib's errors, the end of the data before its end
    marker, and `failures` of its own (a zip's bad checksum)."""
    return stream_of(_checked(stream, kind, (zlib.error, EOFError, *failures)), stream.close)


def _checked(
    stream: io.BufferedIOBase | IO[bytes], kind: str, failures: tuple[type[Exception], ...]
) -> Iterator[bytes]:
    try:
        yield from pieces(stream)
    except failures as exc:
        raise DamagedData(
            f"its {kind} data is damaged or cut short ({exc}); copy or download the file again"
        ) from None


PIECE = 1 << 16  # bytes a filtered stream reads at a time


def pieces(stream: io.BufferedIOBase | IO[bytes]) -> Iterator[bytes]:
    """The stream's bytes, PIECE at a time."""
    return iter(lambda: stream.read(PIECE), b"")


def stream_of(pieces: Iterator[bytes], close: Callable[[], object] | None = None) -> IO[bytes]:
    """A buffered stream of the bytes of `pieces`, each made when the reader comes to it
    (a filter over another stream, or text made as it is read). `close`: what closing
    the stream also closes."""
    return io.BufferedReader(_Pieces(pieces, close), buffer_size=PIECE)


class _Pieces(io.RawIOBase):
    def __init__(self, pieces: Iterator[bytes], close: Callable[[], object] | None) -> None:
        self._pieces = pieces
        self._left = memoryview(b"")
        self._close = close

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._left:
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._left = memoryview(piece)
        size = min(len(buffer), len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size

    def close(self) -> None:
        try:
            if self._close is not None and not self.closed:
                self._close()
        finally:
            super().close()


class Claims:
    """The files one run reads and writes, checked before any work is done: no output
    may be an input, a directory, or another output of the same run (symbolic and hard
    links included). `what` names each output in messages."""

    def __init__(self, *inputs: str | None) -> None:
        self._taken: dict[object, tuple[Part, ...]] = {}
        for path in inputs:
            if path == "-":  # `< roster.csv`: the file behind standard input is an input too
                for key in _stdin_identities():
                    self._taken[key] = ("the input file (given on standard input)",)
            elif path:
                for key in _identities(path):
                    self._taken[key] = ("the input file",)

    def claim(self, path: str | None, what: Part) -> None:
        """Take `path` as an output, or raise OutputError saying why it cannot be one."""
        if path is None or path == "-":
            return
        _writable(path, what)
        for key in _identities(path):
            if key in self._taken:
                raise OutputError(
                    what,
                    f" {path!r} is ",
                    *self._taken[key],
                    "; write to another path",
                    value=path,
                )
        for key in _identities(path):
            self._taken[key] = ("already the output of ", what)

    def is_taken(self, path: str) -> tuple[Part, ...] | None:
        """What `path` already is in this run (the input, another output), if anything."""
        return next((self._taken[k] for k in _identities(path) if k in self._taken), None)


def _identities(path: str) -> list[object]:
    """The keys a file is known by: its real path, and its device and inode if it exists."""
    keys: list[object] = [os.path.realpath(path)]
    try:
        info = os.stat(path)
    except OSError:
        return keys
    if stat.S_ISREG(info.st_mode):
        keys.append((info.st_dev, info.st_ino))
    return keys


def _stdin_identities() -> list[object]:
    """The device and inode of the regular file standard input reads, if it reads one."""
    try:
        info = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):  # closed, or not a real file (a test's)
        return []
    return [(info.st_dev, info.st_ino)] if stat.S_ISREG(info.st_mode) else []


def _writable(path: str, what: Part) -> None:
    """Refuse at once an output path that can never be written."""
    if not path.strip():
        raise OutputError(what, " is an empty name; give a file path", value=path)
    if os.path.isdir(path):
        raise OutputError(what, f" {path!r} is a folder; give a file path", value=path)
    folder = os.path.dirname(os.path.realpath(path)) or "."
    if not os.path.isdir(folder):
        raise OutputError(what, f" {path!r}: the folder {folder!r} does not exist", value=path)


@contextlib.contextmanager
def atomic_output(
    path: str | None, *, inputs: Sequence[str | None] = (), what: Part = Setting.OUTPUT
) -> Iterator[IO[str]]:
    """Yield stdout, or a temporary file renamed over `path` only if everything succeeds.

    A symbolic link is followed (the file it points to is replaced, the link kept); a
    FIFO or device is written through, as it cannot be replaced; an existing file keeps
    its mode, and a new one gets the usual mode for the umask. A write that fails (a
    full disk) is an OutputError naming `what`, never taken for the input's fault."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target, info = _target(path, inputs)
    if info is not None and not stat.S_ISREG(info.st_mode):
        with _opened_through(path, target, what) as handle:
            yield handle
        return
    with _replacing(path, target, info, what) as handle:
        yield handle


class _Written(io.FileIO):
    """An output file whose failed writes say which output failed. Only buffer flushes
    reach it, so rows pay nothing for it."""

    def __init__(self, file: int | str, path: str, what: Part) -> None:
        super().__init__(file, "w")
        self._path, self._what = path, what

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except OSError as exc:
            raise OutputError(
                self._what, f" {self._path!r} cannot be written: {exc.strerror}", value=self._path
            ) from None


def _text_out(file: int | str, path: str, what: Part) -> IO[str]:
    raw = io.BufferedWriter(_Written(file, path, what))
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def _target(path: str, inputs: Sequence[str | None]) -> tuple[str, os.stat_result | None]:
    """The file an output path names (links followed), claimed, and its state if it exists."""
    Claims(*inputs).claim(path, Setting.OUTPUT)
    target = os.path.realpath(path)
    try:
        return target, os.stat(target)
    except OSError:
        return target, None


@contextlib.contextmanager
def _opened_through(path: str, target: str, what: Part) -> Iterator[IO[str]]:
    try:
        handle = _text_out(target, path, what)
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}", value=path) from None
    with handle:
        yield handle


@contextlib.contextmanager
def _replacing(
    path: str, target: str, info: os.stat_result | None, what: Part
) -> Iterator[IO[str]]:
    folder = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".holdcalc-", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}", value=path) from None
    try:
        os.fchmod(fd, stat.S_IMODE(info.st_mode) if info is not None else _new_file_mode())
        with _text_out(fd, path, what) as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_path(path: str, *, inputs: Sequence[str | None] = ()) -> Iterator[str]:
    """A temporary path beside `path`, for a writer that wants a file name (a workbook);
    renamed over `path` only if everything succeeds, as atomic_output does."""
    target, info = _target(path, inputs)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(Setting.OUTPUT, f" {path!r} is not a regular file; a workbook needs one")
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".holdcalc-", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}", value=path) from None
    try:
        yield tmp
        os.chmod(tmp, stat.S_IMODE(info.st_mode) if info is not None else _new_file_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _new_file_mode() -> int:
    """The mode open() gives a new file: 0o666 less the process's umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
