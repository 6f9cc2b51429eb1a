"""What a `check` run writes and says after its rows: the summary figures, the calendar
and the report (the watchers that gather them are holdcalc.jobs.watchers), and the
lines on stderr."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import click

from holdcalc.cli.options import write_text
from holdcalc.core.errors import Setting
from holdcalc.jobs.check_run import CheckResult, Note, NoteKind
from holdcalc.roster.columns import Role

if TYPE_CHECKING:
    from holdcalc.cli.check_options import SummarySettings
    from holdcalc.jobs.report import ReportRun
    from holdcalc.jobs.watchers import Gathered
    from holdcalc.roster.summary import RunFigures


def write_files(
    summary: SummarySettings, figures: RunFigures, gathered: Gathered, run: ReportRun
) -> None:
    """The summary figures, the calendar and the report, when asked for."""
    import json  # noqa: PLC0415

    if summary.summary_json:
        write_text(
            summary.summary_json,
            json.dumps(figures.as_json(), indent=2) + "\n",
            Setting.SUMMARY_FILE,
        )
    if gathered.calendars:
        write_text(summary.ics, gathered.calendars[0].text(), Setting.CALENDAR_FILE)
    if gathered.reports:
        from holdcalc.jobs.report import report_page  # noqa: PLC0415
        from holdcalc.output.report_html import ReportSettings  # noqa: PLC0415

        settings = ReportSettings(
            title=summary.report_title or ReportSettings.title,
            names=summary.report_names,
            bed_cost=summary.bed_cost,
            lang=summary.lang,
        )
        page = report_page(gathered.reports[0], figures, run, settings)
        write_text(summary.report, page, Setting.REPORT_FILE)


def report_run(result: CheckResult, zone: tuple[str | None, str], index: str | None) -> None:
    """What the run did, on stderr: its notes in the command line's words, the summary
    after the per-charge counts, and the letters written."""
    from holdcalc.output.run_lines import print_letters, print_summary  # noqa: PLC0415

    summarised = False
    for note in result.notes:
        if note.kind not in _BEFORE_SUMMARY and not summarised:
            print_summary(result.figures)
            summarised = True
        click.echo(note_line(note, zone[1]), err=True)
    if not summarised:
        print_summary(result.figures)
    writer = result.letters
    if writer is not None and index is not None:
        print_letters(writer.records, index)


def note_line(note: Note, zone_from: str) -> str:
    """A run's note as the command line says it (one line, or the per-charge counts)."""
    facts = note.facts
    words = _NOTE_WORDS[note.kind]
    if callable(words):
        return words(facts)
    return (
        "holdcalc: "
        + ("warning: " if note.warning else "")
        + words.format(zone_from=zone_from, **facts)
    )


def _sheet(facts: Mapping[str, Any]) -> str:
    warning, hidden = ("warning: ", ", which the workbook hides") if facts["hidden"] else ("", "")
    return (
        f"holdcalc: {warning}read sheet {facts['name']!r} ({facts['number']} of "
        f"{facts['sheets']}){hidden}; --sheet NAME|N to choose another"
    )


def _beside(facts: Mapping[str, Any]) -> str:
    flag = "--start-time-col" if facts["role"] is Role.START_TIME else "--released-time-col"
    return (
        f"holdcalc: the times of {facts['date']!r} are read from {facts['time']!r} beside it "
        f"({flag} to name another column)"
    )


def _bookings(facts: Mapping[str, Any]) -> str:
    lines = [
        f"charge rows: {facts['charge_rows']:,}, in {facts['bookings']:,} bookings; "
        f"{facts['without_hold']:,} bookings have no hold row"
    ]
    lines += [f"  hold rows where {marker}: {count:,}" for marker, count in facts["markers"]]
    return "\n".join(lines)


def _lines(numbers: tuple[int, ...]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8:,} more" if len(numbers) > 8 else "")


_BEFORE_SUMMARY = frozenset(
    {NoteKind.TEXT_NAMED_WORKBOOK, NoteKind.WEB_TABLE, NoteKind.JSON_RECORDS,
     NoteKind.ZIP_MEMBER, NoteKind.SKIPPED_LINES, NoteKind.SHEET_READ, NoteKind.TIMES_BESIDE,
     NoteKind.BOOKINGS, NoteKind.DENIED_HOLDS, NoteKind.HOLDS_ELSEWHERE, NoteKind.ENDED_BY_HOLD_ROW,
     NoteKind.STACKED}
)  # fmt: skip
_NOTE_WORDS: dict[NoteKind, str | Callable[[Mapping[str, Any]], str]] = {
    NoteKind.TEXT_NAMED_WORKBOOK: "{path!r} is named as a workbook but holds text; it was "
    "read as delimited text",
    NoteKind.ZIP_MEMBER: "read {member!r}, the one file in the zip archive {path!r}",
    NoteKind.WEB_TABLE: "{path!r} is a web page: read its largest table ({rows:,} rows, the "
    "header's included; the page has {tables:,} table(s))",
    NoteKind.JSON_RECORDS: lambda facts: (
        f"holdcalc: {facts['path']!r} holds JSON: read its {facts['rows']:,} record(s) as "
        "rows, their keys as columns"
        + {None: " (one object a line)", "": ""}.get(
            facts["where"], f" (the array under {facts['where']!r})"
        )
    ),
    NoteKind.SKIPPED_LINES: "the header is on line {header_line}; the {skipped} line(s) above "
    "it were skipped (titles or notes; --header-row N to choose)",
    NoteKind.SHEET_READ: _sheet,
    NoteKind.TIMES_BESIDE: _beside,
    NoteKind.BOOKINGS: _bookings,
    NoteKind.STACKED: lambda facts: (
        f"holdcalc: read as a stacked report: {facts['bookings']:,} booking lines, "
        f"{facts['charge_lines']:,} charge lines"
        + (f", {facts['repeated_headers']:,} repeated headers" if facts["repeated_headers"] else "")
        + (
            f"; skipped line(s) {_lines(facts['skipped'])} (neither a booking nor a charge)"
            if facts["skipped"]
            else ""
        )
    ),
    NoteKind.DENIED_HOLDS: "{count:,} row(s) name a hold only to deny or undo it (the first: "
    "{first!r}), so they were not taken as hold rows; --hold-match to choose the markers",
    NoteKind.HOLDS_ELSEWHERE: "{count:,} row(s) name a hold only outside a charge column (the "
    "first: {first}), such as a disposition that tells how another charge ended, so they "
    "were not taken as hold rows; --hold-match COLUMN=TEXT to take them",
    NoteKind.ENDED_BY_HOLD_ROW: "note: the roster has no departure column, so each booking's "
    "hold is taken to end at its hold row's own {column!r} (hold_ended_at; how it ended is "
    "in dispositions); a hold row without one is still running",
    NoteKind.ZONE_GUESSED: "note: the roster has no zone column, so every row was read in "
    "{zone} ({zone_from}); give the jail's zone with --tz",
    NoteKind.ZONE_BLANK: "note: some rows have a blank {column!r} cell, so they were read "
    "in {zone} ({zone_from}); give the jail's zone with --tz",
    NoteKind.ZONE_UNREAD: "the column {column!r} is named like a time zone, but no column is "
    "read as one: every row was read in {zone} ({zone_from}); if it holds each row's zone, "
    "run again with --tz-col {column!r}",
    NoteKind.AREA_HOLIDAYS: "note: with --state {state}, {holidays} was counted as a working "
    "day; for a jail there, add its dates with --extra-holiday ('holdcalc holidays --year "
    "YYYY --state {state}' lists them)",
    NoteKind.LAW_NOT_JUDGED: "the roster has a {column!r} column, but no state or local law "
    "was judged: rows were judged under the rule alone; add --form auto (or --jurisdiction "
    "CODE for blank cells) to judge each row's law",
    NoteKind.DEPARTURES_AFTER: "{count:,} row(s) have a departure after the as-of time, that "
    "is, still to come; their verdicts take the departure as given: check those values (a "
    "mistyped year?) or --as-of",
    NoteKind.DAY_FIRST: "{count:,} row(s) hold a date that reads only day first (such as "
    "27/11/2024), yet slash dates are read month first (05/11/2024 as May 11); if this file "
    "writes the day first, run again with --dayfirst",
    NoteKind.TOO_MANY_LETTERS: "{count:,} rows are overrun, more than the {limit:,} letters "
    "a run may write; none were kept",
    NoteKind.LONG_OVERRUN: "{count:,} row(s) are past the limit by more than a year (the "
    "most: {days:,.0f} days); a hold that long is unlikely: check their start and departure "
    "values (a placeholder date such as 1970-01-01, a mistyped year)",
    NoteKind.SHARED_BOOKINGS: "{column} {first!r} has {rows:,} rows with different "
    "starts ({bookings:,} such booking(s) in the first rows), as a per-charge "
    "export has: each row was judged as a hold of its own; to judge each booking by its "
    "hold row, run again with --group-by {column!r}",
    NoteKind.FASTER_ENGINE: "note: {rows:,} rows were judged one by one; with the {extra} "
    "extra (pip install 'holdcalc[{extra}]': numpy and pyarrow) a roster this size is "
    "checked about twice as fast, to the same bytes",
}
