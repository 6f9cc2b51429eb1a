"""A roster on the page: checked by the same pipeline as `holdcalc check`, in a
temporary folder that is removed before the page is sent; the checked file, the
report and the letters go back inside the page."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

from holdcalc.core.errors import HoldcalcError, InputError, OutputError, Setting
from holdcalc.core.files import GZIP_MAGIC, Claims, open_binary
from holdcalc.core.parsing import WallClock, format_problem
from holdcalc.core.zipped import JSON_SUFFIXES, ZIP_FAILURES, ZIP_MAGIC
from holdcalc.jobs.check_run import CheckRequest, CheckResult, Gathering, Note, NoteKind, run_roster
from holdcalc.jobs.moments import read_as_of
from holdcalc.jobs.report import ReportRun
from holdcalc.letters.batch import LetterFolder
from holdcalc.letters.template import LetterSettings
from holdcalc.roster.bookings import BookingSettings
from holdcalc.roster.columns import ColumnNames, Role
from holdcalc.roster.markers import parse_markers
from holdcalc.roster.settings import Format, InputSettings, JudgeSettings, OutputSettings
from holdcalc.roster.summary import RunFigures
from holdcalc.web.downloads import Download, safe_name
from holdcalc.web.forms import Counting, FormError, box, text
from holdcalc.web.roster_view import Table, shown_rows
from holdcalc.web.words import FIELD_WORDS

SUFFIXES = (
    ".csv",
    ".txt",
    ".tsv",
    ".gz",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".xlsb",
    ".ods",
    *JSON_SUFFIXES,
)


@dataclasses.dataclass(frozen=True)
class RosterForm:
    """A roster upload's settings, as the form gives them."""

    file_name: str
    counting: Counting
    as_of: str
    columns: ColumnNames
    bookings: BookingSettings | None
    sheet: str | None
    header_row: int | None
    formats: tuple[str, ...]
    bed_cost: float | None
    report_title: str

    @classmethod
    def read(cls, form: Mapping[str, str], file_name: str, places: tuple[str, ...]) -> RosterForm:
        if not file_name:
            raise FormError("roster: choose a CSV or Excel file to upload", field="roster")
        group_by = text(form, "group_by") or None
        markers = text(form, "hold_match")
        bookings = None
        if group_by:
            found = parse_markers([markers] if markers else [])
            bookings = BookingSettings(
                group_by, found, text(form, "booked_col") or None, box(form, "all_bookings")
            )
        layout = text(form, "date_format")
        problem = format_problem(layout) if layout else None
        if problem is not None:
            raise FormError(f"date format: {problem} (e.g. %d-%b-%y)", field="date_format")
        return cls(
            file_name=file_name,
            counting=Counting.read(form, places, zone_required=False),
            as_of=text(form, "as_of"),
            columns=ColumnNames(
                text(form, "start_col") or None,
                text(form, "released_col") or None,
                text(form, "tz_col") or None,
                still_held=box(form, "still_held"),
                nulls=tuple(word for word in text(form, "null_values").split(",") if word.strip()),
            ),
            bookings=bookings,
            sheet=text(form, "sheet") or None,
            header_row=_number(form, "header_row", int, low=1),
            formats=(layout,) if layout else (),
            bed_cost=_number(form, "bed_cost", float),
            report_title=text(form, "report_title"),
        )


def _number(form: Mapping[str, str], name: str, kind: Callable[[str], Any], low: float = 0) -> Any:
    value = text(form, name)
    if not value:
        return None
    try:
        number = kind(value)
    except ValueError:
        raise FormError(f"{name}: {value!r} is not a number", field=name) from None
    if not low <= number < 1e9:  # NaN fails this too
        raise FormError(f"{name}: {value!r} is out of range ({low:g} or more)", field=name)
    return number


@dataclasses.dataclass(frozen=True)
class RosterView:
    """What the page shows of a checked roster."""

    figures: RunFigures
    tables: tuple[Table, ...]
    total: int
    downloads: tuple[Download, ...]
    notes: tuple[str, ...]


def check_upload(
    form: RosterForm,
    save: Callable[[str], None],
    now: dt.datetime,
    words: dict[str, str],
    unpacked_limit: int = 200 << 20,
) -> RosterView:
    """Check the uploaded roster (`save` writes it to the path given) and gather what
    the page shows; every file is removed before this returns. A roster that unpacks
    to more than `unpacked_limit` bytes is refused before it is read."""
    stem, suffix = os.path.splitext(os.path.basename(form.file_name))
    suffix = suffix.lower() if suffix.lower() in SUFFIXES else ".csv"
    with tempfile.TemporaryDirectory(prefix="holdcalc-web-") as work:
        source = os.path.join(work, safe_name(stem, suffix, "roster"))
        save(source)
        if not _readable(source):
            raise FormError(words["no_excel_reader"], field="roster")
        if unpacked_size(source, unpacked_limit) > unpacked_limit:
            limit = unpacked_limit >> 20
            raise FormError(words["unpacked_too_big"].format(limit=limit), field="roster")
        try:
            return _check(form, source, work, now, words)
        except HoldcalcError as exc:
            message = exc.render(FIELD_WORDS).replace(source, form.file_name)
            raise InputError(message.replace(work + os.sep, "")) from None


def _readable(path: str) -> bool:
    """Whether this installation can read the file: a workbook needs the excel extra
    (not there in the browser build, whose reader is compiled)."""
    from holdcalc.roster.workbook import is_workbook  # noqa: PLC0415

    if not is_workbook(path):
        return True
    try:
        import python_calamine  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def unpacked_size(path: str, limit: int) -> int:
    """How many bytes the file holds once unpacked, counted no further than just past
    `limit`: a gzip stream is read through; a workbook's parts are summed from its
    directory (a few KB of zip can unpack to GB of cells)."""
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic.startswith(GZIP_MAGIC):
        total = 0
        try:
            with open_binary(path) as unpacked:  # as the reader unpacks it
                while total <= limit:
                    block = unpacked.read(1 << 20)
                    if not block:
                        break
                    total += len(block)
        except OSError:  # damaged (core.files.DamagedData): the reader says what is wrong
            return 0
        return total
    if magic.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                return sum(info.file_size for info in archive.infolist())
        except ZIP_FAILURES:  # the reader says what is wrong
            return 0
    return os.path.getsize(path)


def _judging(form: RosterForm, now: dt.datetime) -> JudgeSettings:
    from holdcalc.core.holiday_calendar import Calendar  # noqa: PLC0415
    from holdcalc.core.rules import RULES  # noqa: PLC0415
    from holdcalc.web.case import limit_settings  # noqa: PLC0415

    counting, formats = form.counting, form.formats
    as_of: dt.datetime | WallClock = now
    if form.as_of:
        as_of = read_as_of(
            form.as_of, dayfirst=counting.dayfirst, what="as_of", now=now, formats=formats
        )
    return JudgeSettings(
        RULES[counting.rule],
        Calendar(counting.holidays),
        as_of,
        counting.zone or None,
        counting.dayfirst,
        limit_settings(counting),
        FIELD_WORDS,
        formats,
    )


def _check(
    form: RosterForm, source: str, work: str, now: dt.datetime, words: dict[str, str]
) -> RosterView:

    request = _request(form, source, work, now)
    result = run_roster(request)
    if result.letters is not None:
        result.letters.commit()
    notes = tuple(note_text(note, words) for note in result.notes)
    assert request.output.path is not None
    with open(request.output.path, "rb") as handle:
        checked = handle.read()
    stem = os.path.splitext(os.path.basename(form.file_name))[0]
    files = [_file("csv", words, safe_name(stem, "-checked.csv"), "text/csv", checked)]
    for made in _workbook(checked, os.path.join(work, "checked.xlsx"), stem, words):
        if isinstance(made, str):
            notes += (made,)
        else:
            files.append(made)
    if result.gathered.reports:
        page = _report(result, request.judging, form, words)
        files.append(_file("report", words, safe_name(stem, "-report.html"), "text/html", page))
    if result.letters is not None and result.letters.records:
        letters = _zip(os.path.join(work, "letters"))
        files.append(
            _file("letters", words, safe_name(stem, "-letters.zip"), "application/zip", letters)
        )
    shown = shown_rows(checked, words, form.counting.zone, result.gathered.stale)
    return RosterView(result.figures, shown.tables, shown.total, tuple(files), notes)


def _request(form: RosterForm, source: str, work: str, now: dt.datetime) -> CheckRequest:
    """The check run the page asks for: into a checked CSV and a letters folder in
    `work`, in this process (the server answers in threads, and forking a worker pool
    from a threaded process can copy a lock another thread holds)."""

    out = os.path.join(work, "checked.csv")
    claims = Claims(source)
    claims.claim(out, Setting.OUTPUT)
    folder = LetterFolder(os.path.join(work, "letters"), claims)
    folder.prepare()
    named = {Role.BOOKED: form.bookings.booked if form.bookings else None}
    letters_day = now.date()
    gathering = Gathering(
        folder,
        LetterSettings(),
        letters_day,
        LETTER_LIMIT,
        report=_report_available(),
        stale=True,
        named=named,
    )
    settings = InputSettings(
        source, form.columns, None, "utf-8-sig", form.header_row, form.sheet, form.bookings
    )
    output = OutputSettings(Format.CSV, out)
    zone_given = bool(form.counting.zone)
    return CheckRequest(
        settings, _judging(form, now), output, gathering, form.bed_cost, zone_given, workers=1
    )


def note_text(note: Note, words: dict[str, str]) -> str:
    """A run's note in the page's words."""
    facts = dict(note.facts)
    key = {NoteKind.TIMES_BESIDE: "paired_time"}.get(note.kind, note.kind.value)
    if note.kind is NoteKind.SHEET_READ and facts["hidden"]:
        key = "sheet_hidden"
    return words[key].format(**facts)


LETTER_LIMIT = 500  # letters the page makes; a larger batch is the command line's work


def _file(key: str, words: dict[str, str], name: str, mime: str, data: bytes) -> Download:
    charset = ";charset=utf-8" if mime.startswith("text/") else ""
    return Download(key, words[f"download_{key}"], name, mime + charset, data)


def _report_available() -> bool:
    try:
        from holdcalc.output.report_html import require  # noqa: PLC0415

        require()
    except InputError:
        return False
    return True


def _report(
    result: CheckResult, judging: JudgeSettings, form: RosterForm, words: dict[str, str]
) -> bytes:
    from holdcalc.jobs.report import report_page  # noqa: PLC0415
    from holdcalc.output.report_html import ReportSettings  # noqa: PLC0415

    run = ReportRun(
        judging.rule,
        judging.calendar,
        judging.zone,
        words["tz"],
        judging.as_of,
        judging.limits,
        form.bookings is not None,
    )
    bed_cost = result.figures.bed_cost_per_day
    title = form.report_title or ReportSettings.title
    settings = ReportSettings(title=title, bed_cost=bed_cost, lang=words["lang_code"])
    page = report_page(result.gathered.reports[0], result.figures, run, settings)
    return page.encode("utf-8")


def _workbook(checked: bytes, path: str, stem: str, words: dict[str, str]) -> list[Download | str]:
    """The checked rows as an Excel workbook, when the excel extra is installed."""
    try:
        from holdcalc.roster.xlsx_sink import MAX_ROWS, XlsxSink, check_fits  # noqa: PLC0415

        rows = csv.reader(io.StringIO(checked.decode("utf-8")))
        names = next(rows)
        check_fits(names, None)
        if checked.count(b"\n") > MAX_ROWS:  # the CSV has them all; a sheet cannot
            raise OutputError("too many rows for a sheet")
        sink = XlsxSink(path)
        sink.header(names)
        sink.rows(rows)
        sink.close()
    except InputError:  # no excel extra
        return []
    except OutputError:  # more rows, columns or text than a sheet holds: said on the page
        return [words["no_workbook"]]
    with open(path, "rb") as handle:
        data = handle.read()
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return [_file("xlsx", words, safe_name(stem, "-checked.xlsx"), mime, data)]


def _zip(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(os.listdir(folder)):
            archive.write(os.path.join(folder, name), name)
    return buffer.getvalue()
