"""Damaged files, as downloads and copies cut short or garbled leave them: a gzip or zip
whose compressed data does not decompress, a workbook whose sheet is not XML, JSON with
half a surrogate pair. Each is refused in one line naming the file and what is wrong,
with exit 3: never an internal error, never rows read from the garbled part."""

from __future__ import annotations

import gzip
import io
import json
import struct
import zipfile
from pathlib import Path

import pytest

from holdcalc.cli import EXIT_INVALID
from tests.conftest import run_cli

FLAGS = ("--as-of", "2026-01-01T00:00Z", "--tz", "America/Chicago")
HEADER = "id,eligible_at,released_at"


def _roster(rows: int) -> bytes:
    lines = [HEADER, *(f"{n},2024-11-27 16:30,2024-11-29 10:00" for n in range(rows))]
    return ("\n".join(lines) + "\n").encode()


def _refused(path: Path, *more: str) -> str:
    """The one line of stderr of a run refused with exit 3, nothing written."""
    target = path.parent / "out.csv"
    code, out, err = run_cli("check", str(path), *FLAGS, "-o", str(target), *more)
    assert (code, out) == (EXIT_INVALID, ""), err
    assert err.startswith(f"holdcalc: error: {str(path)!r} ") and err.count("\n") == 1
    assert "internal error" not in err
    assert not target.exists()
    return err


@pytest.mark.parametrize("rows", [200, 60_000])  # one process, and blocks in workers
def test_a_gzip_garbled_in_the_middle_is_refused(tmp_path: Path, rows: int) -> None:
    packed = bytearray(gzip.compress(_roster(rows)))
    middle = len(packed) // 2
    packed[middle : middle + 64] = b"\xff" * 64  # no deflate stream goes on from there
    path = tmp_path / "garbled.csv.gz"
    path.write_bytes(bytes(packed))
    err = _refused(path)
    assert "cannot be read: its gzip data is damaged or cut short (" in err
    assert err.endswith("); copy or download the file again\n")


def _zip(member: str, data: bytes, method: int) -> bytearray:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        archive.writestr(member, data)
    return bytearray(out.getvalue())


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_zip_whose_table_is_garbled_is_refused(tmp_path: Path, method: int) -> None:
    """A byte of the stored table changed (its checksum then fails at its end), or the
    compressed data overwritten (it no longer decompresses)."""
    data = _zip("roster.csv", _roster(2_000), method)
    start = 30 + len("roster.csv")  # the local header, then the member's data
    if method == zipfile.ZIP_STORED:
        data[start + 100] ^= 1
    else:
        data[start + 200 : start + 264] = b"\xff" * 64
    path = tmp_path / "garbled.zip"
    path.write_bytes(bytes(data))
    err = _refused(path)
    assert "cannot be read: its zip data is damaged or cut short (" in err


def test_a_zip_whose_directory_points_before_the_file_is_refused(tmp_path: Path) -> None:
    """The end record's offset of the directory made too large: zipfile then places the
    member before the file's first byte, and the seek there fails."""
    data = _zip("roster.csv", _roster(20), zipfile.ZIP_DEFLATED)
    end = data.rindex(b"PK\x05\x06")
    (offset,) = struct.unpack_from("<I", data, end + 16)
    struct.pack_into("<I", data, end + 16, offset + 1_000)
    path = tmp_path / "pointing.zip"
    path.write_bytes(bytes(data))
    err = _refused(path)
    assert "holds 'roster.csv', which cannot be read from the zip (" in err


def test_a_workbook_whose_sheet_is_not_xml_is_refused(tmp_path: Path) -> None:
    """A workbook package whose sheet's XML breaks off: calamine opens the workbook and
    refuses the sheet."""
    xlsxwriter = pytest.importorskip("xlsxwriter")
    pytest.importorskip("python_calamine")
    whole = tmp_path / "whole.xlsx"
    book = xlsxwriter.Workbook(str(whole))
    sheet = book.add_worksheet()
    for number, row in enumerate([HEADER.split(","), ["1", "2024-11-27 16:30", ""]]):
        sheet.write_row(number, 0, row)
    book.close()
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as broken:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                part = part[: len(part) // 2]  # cut inside the sheet's data
            broken.writestr(item, part)
    err = _refused(path)
    assert "cannot be read as a workbook (" in err


@pytest.mark.parametrize("layout", ["array", "lines"])
def test_json_with_half_a_surrogate_pair_is_refused_naming_the_record(
    tmp_path: Path, layout: str
) -> None:
    """\\ud800 alone is no character: the record is named, before any row is judged. A
    pair, as an emoji is escaped, is its character."""
    records = [
        {"eligible_at": "2024-11-27 16:30", "name": "\U0001f600"},
        {"eligible_at": "2024-11-27 16:30", "name": "PLACEHOLDER"},
    ]
    texts = [json.dumps(record) for record in records]  # the emoji as \ud83d\ude00
    assert "\\ud83d\\ude00" in texts[0]
    texts[1] = texts[1].replace("PLACEHOLDER", "Ana \\ud800")
    path = tmp_path / ("r.json" if layout == "array" else "r.jsonl")
    path.write_text(f"[{','.join(texts)}]" if layout == "array" else "\n".join(texts))
    err = _refused(path, "--still-held")
    assert err == (
        f"holdcalc: error: {str(path)!r} has \\ud800 in record 2: half of a UTF-16 "
        "surrogate pair, alone, which is no character; fix or remove it\n"
    )
    path.write_text(path.read_text().replace("\\ud800", "\\u00e9"))
    code, out, err = run_cli("check", str(path), *FLAGS, "--still-held", "--format", "jsonl")
    assert code == 1, err
    assert [json.loads(line)["name"] for line in out.splitlines()] == ["\U0001f600", "Ana é"]


def _workbook(path: Path) -> bytearray:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    pytest.importorskip("python_calamine")
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for number, row in enumerate([HEADER.split(","), ["1", "2024-11-27 16:30", ""]]):
        sheet.write_row(number, 0, row)
    book.close()
    return bytearray(path.read_bytes())


@pytest.mark.parametrize("change", ["version", "checksum"])
def test_a_workbook_package_zipfile_cannot_read_is_refused(tmp_path: Path, change: str) -> None:
    """A package that calamine reads but Python's zipfile refuses, when holdcalc reads it
    again for what calamine does not say of its cells (midnights, error values): a
    version of the format it does not read. And a sheet failing its checksum, which
    calamine refuses itself. Refused, never read with those cells left unfixed."""
    data = _workbook(tmp_path / "whole.xlsx")
    part = b"xl/worksheets/sheet1.xml"
    for header, name_at, field in ((b"PK\x01\x02", 46, 6), (b"PK\x03\x04", 30, 4)):
        at = 0
        while (at := data.find(header, at + 1)) >= 0:
            named = data[at + name_at : at + name_at + len(part)] == part
            if change == "version":
                struct.pack_into("<H", data, at + field, 222)  # "version needed": 22.2
            elif named:
                crc = at + (16 if header == b"PK\x01\x02" else 14)
                struct.pack_into("<I", data, crc, struct.unpack_from("<I", data, crc)[0] ^ 1)
    path = tmp_path / "odd.xlsx"
    path.write_bytes(bytes(data))
    err = _refused(path)
    assert "cannot be read as a workbook" in err


@pytest.mark.parametrize(
    ("part", "old", "new"),
    [
        ("xl/styles.xml", b'encoding="UTF-8"', b'encoding="UTF-9"'),  # no such encoding
        ("xl/styles.xml", b"<cellXfs", b"<cellXfs <"),  # not XML
        ("xl/styles.xml", b'<cellXfs count="1"><xf numFmtId="0"', b'<cellXfs><xf numFmtId="x"'),
    ],
)
def test_a_workbook_whose_cells_formats_cannot_be_read_is_refused(
    tmp_path: Path, part: str, old: bytes, new: bytes
) -> None:
    """The parts holdcalc reads for what calamine does not say of a sheet's cells (which
    show a time of day, which hold an error value) damaged, though calamine reads the
    sheet: refused, as reading on would read a departure of #N/A as blank, still held."""
    whole = tmp_path / "whole.xlsx"
    _workbook(whole)
    path = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as changed:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                assert old in data
                data = data.replace(old, new, 1)
            changed.writestr(item, data)
    err = _refused(path)
    assert "cannot be read as a workbook: the formats and error values of its cells" in err
    assert err.endswith("open it in a spreadsheet and save it again as .xlsx\n")
