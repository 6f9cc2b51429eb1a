"""`holdcalc check`: every row of a roster back with its verdict, and a summary."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from holdcalc.cli import FLAG_WORDS, Flagged, RowsInError, main
from holdcalc.cli.check_hooks import report_run, write_files
from holdcalc.cli.check_options import (
    BatchLetters,
    SummarySettings,
    Timing,
    batch_letter_options,
    booking_options,
    column_options,
    input_options,
    output_options,
    summary_options,
    timing_options,
)
from holdcalc.cli.options import (
    RuleSettings,
    input_files,
    letter_options,
    limit_options,
    now,
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


@main.command()
@rule_options
@timing_options
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
    timing: Timing,
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

    FILE is a CSV (comma, semicolon, tab or pipe; gzipped or not, or the one file
    of a zip; "-" for stdin), a workbook (.xlsx, .xlsm, .xls, .ods, told by its
    bytes; -o FILE.xlsx writes one) or JSON records (an array of objects, or
    one object a line).
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
    from holdcalc.roster.column_blocks import own_process  # noqa: PLC0415

    own_process()

    source = dataclasses.replace(source, columns=column_names, bookings=bookings)
    summary = dataclasses.replace(summary, lang=letters.lang)
    folder = _claim_outputs(source, output, summary, batch_letters)
    judging = _judging(counting, timing, limits)
    letters_day = instant_in(judging.as_of, get_zone(counting.zone or "UTC")).date()
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
    _after(result, summary, counting, judging, output.path)


def _judging(counting: RuleSettings, timing: Timing, limits: LimitSettings | None) -> JudgeSettings:
    as_of, formats = timing.as_of, counting.formats
    moment = (
        read_as_of(as_of, dayfirst=counting.dayfirst, what="--as-of", formats=formats)
        if as_of
        else now()
    )
    return JudgeSettings(
        counting.rule,
        counting.calendar,
        moment,
        counting.zone,
        counting.dayfirst,
        limits,
        FLAG_WORDS,
        counting.formats,
        timing.stale_after,
    )


def _after(
    result: CheckResult,
    summary: SummarySettings,
    counting: RuleSettings,
    judging: JudgeSettings,
    output: str | None,
) -> None:
    """The files asked for beside the rows, what the run says on stderr (last, each file
    it wrote), and the exit."""
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
    written = (output, summary.summary_json, summary.ics, summary.report)
    for path in written:
        if path is not None and path != "-":
            click.echo(f"wrote {path}", err=True)
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
