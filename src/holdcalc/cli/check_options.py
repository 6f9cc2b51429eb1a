"""The option groups of `holdcalc check`, each built into one frozen settings object."""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING

import click

from holdcalc.cli.options import Days, FiniteFloat, option_group
from holdcalc.core.verdict import STALE_AFTER_DAYS
from holdcalc.roster.settings import Format, InputSettings, OutputSettings

if TYPE_CHECKING:
    from holdcalc.roster.bookings import BookingSettings
    from holdcalc.roster.columns import ColumnNames


def _column_names(
    start_col: str | None,
    released_col: str | None,
    tz_col: str | None,
    start_time_col: str | None,
    released_time_col: str | None,
    still_held: bool,
    null_value: tuple[str, ...],
) -> ColumnNames:
    from holdcalc.roster.columns import ColumnNames  # noqa: PLC0415

    return ColumnNames(
        start_col, released_col, tz_col, start_time_col, released_time_col, still_held, null_value
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
        click.option(
            "--null-value",
            metavar="WORD",
            multiple=True,
            help="A start or departure cell reading WORD (any case), as an export writes "
            "no value (NULL, N/A), is blank: a blank departure means still held "
            "(repeatable; without it such a cell is an error row naming it).",
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
    group_by: str | None,
    hold_match: tuple[str, ...],
    booked_col: str | None,
    all_bookings: bool,
    disposition_col: str | None,
    layout: str,
) -> BookingSettings | None:
    from holdcalc.roster.bookings import BookingSettings  # noqa: PLC0415
    from holdcalc.roster.markers import parse_markers  # noqa: PLC0415

    if group_by is None:
        if hold_match or booked_col or all_bookings or disposition_col or layout != "auto":
            raise click.UsageError(
                "--hold-match, --booked-col, --disposition-col, --layout and --all-bookings need "
                "--group-by"
            )
        return None
    markers = parse_markers(hold_match)
    return BookingSettings(group_by, markers, booked_col, all_bookings, disposition_col, layout)


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
        click.option(
            "--disposition-col",
            metavar="NAME",
            help="With --group-by: how each charge ended, listed per booking in the "
            "dispositions column [release_disposition_desc, disposition_type, ...].",
        ),
        click.option(
            "--layout",
            type=click.Choice(["auto", "stacked", "table"]),
            default="auto",
            show_default=True,
            help="With --group-by: stacked for a printed report (a booking line, then its "
            "charges under a repeated sub-header); auto: so when a file's first rows look "
            "so (files only, not standard input).",
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
    lang: str = "en"  # the report's headline sentence: the letters' --lang


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


@dataclasses.dataclass(frozen=True)
class Timing:
    """When rows still held are judged, and when such a row is taken to be stale."""

    as_of: str | None
    stale_after: float | None


timing_options = option_group(
    "timing",
    [
        click.option(
            "--as-of",
            metavar="WHEN",
            help="Judge rows still held (blank release) as of this time [default: now]; "
            "without an offset it is read in each row's zone.",
        ),
        click.option(
            "--stale-after",
            type=Days(),
            default=f"{STALE_AFTER_DAYS:g}",
            show_default=True,
            metavar="DAYS|never",
            help="An expired row (no departure) whose hold began more than DAYS before "
            "--as-of is stale: no departure recorded, probably released. Its row stays "
            "expired; the summary, report and page count it apart from the holds still "
            "running.",
        ),
    ],
    Timing,
)
