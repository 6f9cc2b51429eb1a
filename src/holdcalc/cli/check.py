"""`holdcalc check`: every row of a roster back with its verdict, and a summary."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

import click

from holdcalc.cli import FLAG_WORDS, Flagged, RowsInError, main
from holdcalc.cli.check_hooks import report_run, write_files
from holdcalc.cli.options import (
    FiniteFloat,
    RuleSettings,
    input_files,
    letter_options,
    limit_options,
    now,
    option_group,
    read_as_of,
    rule_options,
)
from holdcalc.core.clock import get_zone
from holdcalc.core.errors import Setting
from holdcalc.core.parsing import instant_in
from holdcalc.jobs.check_run import CheckRequest
from holdcalc.jobs.report import ReportRun
from holdcalc.roster.columns import Role
from holdcalc.roster.settings import Format, InputSettings, JudgeSettings, OutputSettings

if TYPE_CHECKING:
    from holdcalc.core.limits import LimitSettings
    from holdcalc.jobs.check_run import CheckResult, Gathering
    from holdcalc.letters.batch import LetterFolder
    from holdcalc.letters.template import LetterSettings
    from holdcalc.roster.bookings import BookingSettings
    from holdcalc.roster.columns import ColumnNames


def _column_names(
    start_col: str | None,
    released_col: str | None,
    tz_col: str | None,
    start_time_col: str | None,
    released_time_col: str | None,
    still_held: bool,
) -> ColumnNames:
    from holdcalc.roster.columns import ColumnNames  # noqa: PLC0415

    return ColumnNames(
        start_col, released_col, tz_col, start_time_col, released_time_col, still_held
    )


column_options = option_group(
    "column_names",
    [
        click.option(
            "--start-col", metavar="NAME", help="Column with the hold start [eligible_at, ...]."
        ),
        click.option(
            "--released-col",
            metavar="NAME",
            help="Column with the actual departure [released_at, ...].",
        ),
        click.option("--tz-col", metavar="NAME", help="Column with each row's zone [tz]."),
        click.option(
            "--start-time-col",
            metavar="NAME",
            help="Separate time column for the start (date in --start-col).",
        ),
        click.option(
            "--released-time-col", metavar="NAME", help="Separate time column for the departure."
        ),
        click.option(
            "--still-held",
            is_flag=True,
            help="The roster has no departure column: everyone in it is still held "
            "(without this, a roster with no departure column is refused).",
        ),
    ],
    _column_names,
)


def _input_settings(
    file: str, header_row: int | None, sheet: str | None, delimiter: str, encoding: str
) -> InputSettings:
    sep = {"auto": None, "tab": "\t"}.get(delimiter, delimiter)
    return InputSettings(file, None, sep, encoding, header_row, sheet)


input_options = option_group(
    "source",
    [
        click.argument("file", default="-", metavar="[FILE|-]"),
        click.option(
            "--header-row",
            type=click.IntRange(min=1),
            metavar="N",
            help="The header is row N [default: the first of the first 30 rows that "
            "names a start column; rows above it are skipped and reported].",
        ),
        click.option(
            "--sheet",
            metavar="NAME|N",
            help="A workbook's sheet, by name or number [default: the first with a start column].",
        ),
        click.option(
            "--delimiter",
            type=click.Choice(["auto", ",", ";", "tab", "|"]),
            default="auto",
            show_default=True,
            help="Input delimiter.",
        ),
        click.option(
            "--encoding",
            default="utf-8-sig",
            show_default=True,
            help="Input encoding (utf-8 with or without a byte-order mark by default).",
        ),
    ],
    _input_settings,
)


def _booking_settings(
    group_by: str | None, hold_match: tuple[str, ...], booked_col: str | None, all_bookings: bool
) -> BookingSettings | None:
    from holdcalc.roster.bookings import BookingSettings, parse_markers  # noqa: PLC0415

    if group_by is None:
        if hold_match or booked_col or all_bookings:
            raise click.UsageError("--hold-match, --booked-col and --all-bookings need --group-by")
        return None
    return BookingSettings(group_by, parse_markers(hold_match), booked_col, all_bookings)


booking_options = option_group(
    "bookings",
    [
        click.option(
            "--group-by",
            metavar="COL",
            help="A per-charge roster: rows with the same COL (a booking id) are one "
            "booking, judged once.",
        ),
        click.option(
            "--hold-match",
            multiple=True,
            metavar="COL=TEXT",
            help="With --group-by: rows whose COL contains TEXT (any case) are the hold "
            "(repeatable) [default: markers such as 'HOLD IMMIGRAT', 'ICE DETAINER', "
            "jurisdiction_cd=IMM; the summary counts each].",
        ),
        click.option(
            "--booked-col",
            metavar="NAME",
            help="With --group-by: the booking time, the start of a hold-only booking "
            "[booking_dt, booking_date, ...].",
        ),
        click.option(
            "--all-bookings",
            is_flag=True,
            help="With --group-by: keep bookings with no hold row (status no-hold).",
        ),
    ],
    _booking_settings,
)


def _output_settings(
    fmt: str | None,
    output: str | None,
    only: str,
    spreadsheet_safe: bool,
    due_within: float | None,
) -> OutputSettings:
    if fmt is None and output is not None and output.lower().endswith((".xlsx", ".xlsm")):
        fmt = "xlsx"
    if fmt is None:
        fmt = "table" if output is None and sys.stdout.isatty() else "csv"
    if due_within is not None and only == "flagged":
        raise click.UsageError("--due-within lists holds still running; drop --only flagged")
    return OutputSettings(Format(fmt), output, only == "flagged", spreadsheet_safe, due_within)


output_options = option_group(
    "output",
    [
        click.option(
            "--format",
            "fmt",
            type=click.Choice([f.value for f in Format]),
            help="Output format [default: xlsx for -o FILE.xlsx, table on a terminal, "
            "csv otherwise].",
        ),
        click.option(
            "-o",
            "--output",
            metavar="FILE",
            help="Write here, whole or not at all (never over the input).",
        ),
        click.option(
            "--only",
            type=click.Choice(["all", "flagged"]),
            default="all",
            show_default=True,
            help="flagged: keep only over-detained, possibly over-detained and expired rows.",
        ),
        click.option(
            "--due-within",
            type=FiniteFloat(min=0),
            metavar="HOURS",
            help="A watch list: only holds still running (active) that expire within "
            "HOURS of --as-of, soonest first.",
        ),
        click.option(
            "--spreadsheet-safe",
            is_flag=True,
            help="Prefix cells starting with = + - @ with ' so spreadsheets do not run them.",
        ),
    ],
    _output_settings,
)


@dataclasses.dataclass(frozen=True)
class SummarySettings:
    bed_cost: float | None
    summary_json: str | None
    ics: str | None  # a calendar file of the holds still running
    report: str | None  # an HTML report of the run
    report_title: str | None
    report_names: bool


summary_options = option_group(
    "summary",
    [
        click.option(
            "--bed-cost",
            type=FiniteFloat(min=0),
            metavar="DOLLARS",
            help="The jail's daily bed cost, to price the over-detention.",
        ),
        click.option(
            "--summary-json", metavar="FILE", help="Also write the summary figures as JSON."
        ),
        click.option(
            "--ics",
            metavar="FILE",
            help="Also write a calendar file (.ics): an event, with reminders, at the "
            "deadline of each hold still running as of --as-of (the calendar extra).",
        ),
        click.option(
            "--report",
            metavar="FILE",
            help="Also write a report (one HTML page, with charts; the report extra). "
            "It has no names unless --report-names.",
        ),
        click.option("--report-title", metavar="TEXT", help="With --report: the page's title."),
        click.option(
            "--report-names",
            is_flag=True,
            help="With --report: show people's names in the table of the longest cases.",
        ),
    ],
    SummarySettings,
)


@dataclasses.dataclass(frozen=True)
class BatchLetters:
    """Where to write a letter for each overrun row, and from which columns."""

    folder: str | None
    format: str
    name_col: str | None
    facility_col: str | None
    overwrite: bool


batch_letter_options = option_group(
    "batch_letters",
    [
        click.option(
            "--letters",
            "folder",
            metavar="DIR",
            help="Write a letter for each over-detained or expired row into DIR.",
        ),
        click.option(
            "--letter-format",
            "format",
            type=click.Choice(["text", "markdown"]),
            default="text",
            show_default=True,
            help="With --letters: plain text or Markdown files.",
        ),
        click.option(
            "--name-col", metavar="NAME", help="With --letters: the person's name column."
        ),
        click.option("--facility-col", metavar="NAME", help="With --letters: the facility column."),
        click.option(
            "--overwrite",
            is_flag=True,
            help="With --letters: replace letters and index.csv already in DIR "
            "(never the input or another output).",
        ),
    ],
    BatchLetters,
)


@main.command()
@rule_options
@click.option(
    "--as-of",
    metavar="WHEN",
    help="Judge rows still held (blank release) as of this time [default: now]; "
    "without an offset it is read in each row's zone.",
)
@input_options
@column_options
@booking_options
@output_options
@summary_options
@batch_letter_options
@letter_options
@limit_options
def check(
    counting: RuleSettings,
    as_of: str | None,
    source: InputSettings,
    column_names: ColumnNames,
    bookings: BookingSettings | None,
    output: OutputSettings,
    summary: SummarySettings,
    batch_letters: BatchLetters,
    letters: LetterSettings,
    limits: LimitSettings | None,
) -> None:
    """Check a roster for over-detention: every row comes back with its verdict.

    FILE is a CSV (comma, semicolon, tab or pipe; gzipped or not; "-" for stdin)
    or a workbook (.xlsx, .xlsm, .xls, .ods; -o FILE.xlsx writes one).
    Columns are found by name: the hold start (eligible_at, release_eligible,
    bond_posted_at, ...), the actual departure (released_at, release_dt, ...;
    blank means still held), and the zone (tz; else --tz). Four columns are
    appended: hold_expires_at, hold_status, over_detained_hours, hold_error.
    A summary goes to stderr. --letters DIR writes a letter for each over-detained
    or expired row, with an index.csv. Odd input is refused, never guessed; no
    output is written over the input or another output (docs/checking-rosters.md).

    Exit status: 0 nothing flagged; 1 a row is over-detained, possibly
    over-detained or expired; 2 usage error (such as a missing column);
    3 some rows had bad values and none was flagged, or the input was refused;
    4 an output cannot be written; 128+n stopped by signal n.

    Example:

        holdcalc check examples/sample-roster.csv --tz America/New_York --only flagged
    """
    from holdcalc.jobs.check_run import run_roster  # noqa: PLC0415
    from holdcalc.output.run_lines import Progress  # noqa: PLC0415

    source = dataclasses.replace(source, columns=column_names, bookings=bookings)
    folder = _claim_outputs(source, output, summary, batch_letters)
    moment = (
        read_as_of(as_of, dayfirst=counting.dayfirst, what="--as-of", formats=counting.formats)
        if as_of
        else now()
    )
    judging = JudgeSettings(
        counting.rule,
        counting.calendar,
        moment,
        counting.zone,
        counting.dayfirst,
        limits,
        FLAG_WORDS,
        counting.formats,
    )
    letters_day = instant_in(moment, get_zone(counting.zone or "UTC")).date()
    gathering = _gathering(summary, batch_letters, letters, bookings, folder, letters_day)
    request = CheckRequest(
        source,
        judging,
        output,
        gathering,
        summary.bed_cost,
        zone_given=counting.zone_from in ("--tz", "HOLDCALC_TZ"),
    )
    progress = Progress.maybe()
    table = _table_sink() if output.fmt is Format.TABLE else None
    result = run_roster(request, progress, table)
    if progress is not None:
        progress.stop()
    _after(result, summary, counting, judging)


def _after(
    result: CheckResult, summary: SummarySettings, counting: RuleSettings, judging: JudgeSettings
) -> None:
    """The files asked for beside the rows, what the run says on stderr, and the exit."""
    run = ReportRun(
        counting.rule,
        counting.calendar,
        counting.zone,
        counting.zone_from,
        judging.as_of,
        judging.limits,
        result.outcome.grouping is not None,
    )
    try:
        write_files(summary, result.figures, result.gathered, run)
        index = result.letters.commit() if result.letters else None
    except BaseException:
        result.discard()
        raise
    report_run(result, (counting.zone, counting.zone_from), index)
    if result.figures.flagged:
        raise Flagged
    if result.figures.errors:
        raise RowsInError


def _table_sink() -> Any:
    from holdcalc.output.roster_table import TableSink  # noqa: PLC0415  (rich: only for a table)

    return TableSink()


def _claim_outputs(
    source: InputSettings, output: OutputSettings, summary: SummarySettings, batch: BatchLetters
) -> LetterFolder | None:
    """Check every output path before any work: none is the input or another output."""
    from holdcalc.core.files import Claims  # noqa: PLC0415

    claims = Claims(source.path, *input_files())
    claims.claim(output.path, Setting.OUTPUT)
    claims.claim(summary.summary_json, Setting.SUMMARY_FILE)
    claims.claim(summary.ics, Setting.CALENDAR_FILE)
    claims.claim(summary.report, Setting.REPORT_FILE)
    _require_extras(summary)
    if batch.folder is None:
        return None
    from holdcalc.letters.batch import LetterFolder  # noqa: PLC0415

    folder = LetterFolder(batch.folder, claims, batch.overwrite)
    folder.prepare()
    return folder


def _require_extras(summary: SummarySettings) -> None:
    """The libraries an asked-for file needs, checked before any row is read."""
    if summary.report is None and (summary.report_title or summary.report_names):
        raise click.UsageError("--report-title and --report-names need --report FILE")
    if summary.report is not None:
        from holdcalc.output.report_html import require  # noqa: PLC0415

        require()
    if summary.ics is not None:
        from holdcalc.output.ics import require as require_calendar  # noqa: PLC0415

        require_calendar()


def _gathering(
    summary: SummarySettings,
    batch: BatchLetters,
    letters: LetterSettings,
    bookings: BookingSettings | None,
    folder: LetterFolder | None,
    today: dt.date,
) -> Gathering:
    """What the run gathers: letters, the calendar, the report, and from which columns."""
    from holdcalc.jobs.check_run import Gathering  # noqa: PLC0415

    named = {
        Role.NAME: batch.name_col,
        Role.FACILITY: batch.facility_col,
        Role.BOOKED: bookings.booked if bookings else None,
    }
    chosen = dataclasses.replace(letters, fmt=batch.format)
    return Gathering(
        folder,
        chosen,
        today,
        calendar=bool(summary.ics),
        report=bool(summary.report),
        named=named,
    )
