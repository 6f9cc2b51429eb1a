"""A zip archive that holds one table of text, as records requests often come back:
read as that table. An archive of several files, or of anything else, is left to the
workbook reader, which says what it holds (a workbook is a zip too)."""

from __future__ import annotations

import os
import posixpath
import stat
import zipfile
import zlib
from typing import IO

from holdcalc.core.errors import InputError
from holdcalc.core.files import decompressed

ZIP_MAGIC = b"PK\x03\x04"  # a zip's first bytes: an archive, an xlsx, an ods (APPNOTE 4.3.7)
# Names JSON records are saved under (read as rows by roster.json_records).
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
# Names a table of text is saved under.
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".tab", ".psv", ".dat", *JSON_SUFFIXES)
# What a zip made on a Mac adds beside each file, and hidden files: not the table.
_BESIDE = "__MACOSX/"
# What every workbook package holds: an Excel workbook's folder, an OpenDocument's
# mimetype file (a zip with neither is an archive of other files).
WORKBOOK_PARTS = ("xl/", "mimetype")
# The first parts of a package that is a document, not an archive: a workbook, any
# Office Open XML file's part list, a Word or PowerPoint file, an Apple iWork file.
_PACKAGES = (*WORKBOOK_PARTS, "[Content_Types].xml", "word/", "ppt/", "Index/")


# What reading a damaged or unusual zip raises: a bad directory or checksum (BadZipFile),
# a seek outside the file (OSError), a member's data that does not decompress (zlib) or
# ends early (EOFError), encryption (RuntimeError), a version or a compression that
# zipfile does not read (NotImplementedError).
ZIP_FAILURES: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    zlib.error,
    RuntimeError,
    NotImplementedError,
)


def regular_file(path: str) -> bool:
    """Whether `path` is a file on disk, whose first bytes may be looked at before it is
    read: a pipe (`<(zcat roster.gz)`, /dev/stdin) gives its bytes once, to one reader."""
    try:
        return path != "-" and stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def lone_table(path: str) -> str | None:
    """The name of the one file in the zip archive at `path` when that file is a table
    of text (by its name) and the archive is no document's package; else None."""
    if not regular_file(path):  # a zip is read by its directory at its end: not a pipe
        return None
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != ZIP_MAGIC:
                return None
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except ZIP_FAILURES:  # left to the workbook reader, which says what is wrong
        return None
    kept = [
        name
        for name in names
        if not name.startswith(_BESIDE) and not posixpath.basename(name).startswith(".")
    ]
    if len(kept) != 1 or kept[0].startswith(_PACKAGES):
        return None
    return kept[0] if kept[0].lower().endswith(TABLE_SUFFIXES) else None


def open_member(path: str, name: str) -> IO[bytes]:
    """A byte stream over file `name` of the zip archive at `path` (closing it closes
    the archive's file)."""
    try:
        archive = zipfile.ZipFile(path)
        try:
            member = archive.open(name)
        finally:
            archive.close()  # the file stays open for the member until it is closed
    except ZIP_FAILURES as exc:
        raise InputError(
            f"{path!r} holds {name!r}, which cannot be read from the zip ({exc}): unzip "
            "it and check the file inside",
            value=path,
        ) from None
    return decompressed(member, "zip", (zipfile.BadZipFile,))
