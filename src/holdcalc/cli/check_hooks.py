"""What a `check` run writes and says after its rows: the summary figures, the calendar
and the report (the watchers that gather them are holdcalc.jobs.watchers), and the
lines on stderr."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from holdcalc.cli.options import write_text
from holdcalc.roster.columns import Role

if TYPE_CHECKING:
    from holdcalc.cli.check import SummarySettings
    from holdcalc.jobs.report import ReportRun
    from holdcalc.jobs.watchers import Gathered
    from holdcalc.letters.batch import LetterWriter
    from holdcalc.roster.pipeline import Outcome


def write_files(
    summary: SummarySettings, figures: dict[str, Any], gathered: Gathered, run: ReportRun
) -> None:
    """The summary figures, the calendar and the report, when asked for."""
    import json  # noqa: PLC0415

    if summary.summary_json:
        write_text(summary.summary_json, json.dumps(figures, indent=2) + "\n")
    if gathered.calendars:
        write_text(summary.ics, gathered.calendars[0].text())
    if gathered.reports:
        from holdcalc.jobs.report import report_page  # noqa: PLC0415
        from holdcalc.output.report_html import ReportSettings  # noqa: PLC0415

        settings = ReportSettings(
            title=summary.report_title or ReportSettings.title,
            names=summary.report_names,
            bed_cost=summary.bed_cost,
        )
        write_text(summary.report, report_page(gathered.reports[0], figures, run, settings))


def report_run(
    outcome: Outcome,
    figures: dict[str, Any],
    writer: LetterWriter | None,
    index: str | None,
    zone: tuple[str | None, str],
) -> None:
    """What the run did, on stderr: a skipped preamble, the sheet read, time columns read
    beside their dates, the per-charge counts, the summary, a zone taken from the machine,
    departures still to come, day-first dates, the letters."""
    from holdcalc.output.run_lines import print_letters, print_summary  # noqa: PLC0415

    if outcome.skipped:
        click.echo(
            f"holdcalc: the header is on line {outcome.header_line}; the {outcome.skipped} "
            "line(s) above it were skipped (titles or notes; --header-row N to choose)",
            err=True,
        )
    choice = outcome.sheet
    if choice is not None and choice.worth_saying:
        warning, hidden = ("warning: ", ", which the workbook hides") if choice.hidden else ("", "")
        click.echo(
            f"holdcalc: {warning}read sheet {choice.name!r} ({choice.number} of "
            f"{choice.sheets}){hidden}; --sheet NAME|N to choose another",
            err=True,
        )
    for role, date, time in outcome.columns.paired:
        flag = "--start-time-col" if role is Role.START_TIME else "--released-time-col"
        click.echo(
            f"holdcalc: the times of {date!r} are read from {time!r} beside it ({flag} to "
            "name another column)",
            err=True,
        )
    if outcome.grouping is not None:
        found = outcome.grouping
        lines = [
            f"charge rows: {found.charge_rows:,}, in {found.bookings:,} bookings; "
            f"{found.without_hold:,} bookings have no hold row"
        ]
        lines += [f"  hold rows where {marker}: {count:,}" for marker, count in found.markers]
        if found.denied:
            lines.append(
                f"  not taken as hold rows: {found.denied:,} whose cell denies or undoes the "
                f"hold it names (the first: {found.first_denied!r}); --hold-match to choose"
            )
        click.echo("\n".join(lines), err=True)
    print_summary(figures)
    name, came_from = zone  # the default zone, and where it came from
    if outcome.columns.tz is None and came_from not in ("--tz", "HOLDCALC_TZ"):
        # Weekends and holidays begin at the jail's midnight: a guessed zone moves them.
        click.echo(
            f"holdcalc: note: the roster has no zone column, so every row was read in "
            f"{name} ({came_from}); give the jail's zone with --tz",
            err=True,
        )
    if figures.get("departures_after_as_of"):
        click.echo(
            f"holdcalc: warning: {figures['departures_after_as_of']:,} row(s) have a departure "
            "after the as-of time, that is, still to come; their verdicts take the departure "
            "as given: check those values (a mistyped year?) or --as-of",
            err=True,
        )
    if figures.get("day_first_dates"):
        click.echo(
            f"holdcalc: warning: {figures['day_first_dates']:,} row(s) hold a date that reads "
            "only day first (such as 27/11/2024), yet slash dates are read month first "
            "(05/11/2024 as May 11); if this file writes the day first, run again with "
            "--dayfirst",
            err=True,
        )
    if writer is not None and index is not None:
        print_letters(writer.records, index)
