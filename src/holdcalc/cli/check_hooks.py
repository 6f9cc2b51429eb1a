"""What a `check` run tells of its rows as they are judged: the letter writer (overrun
rows), the calendar (holds still running) and the report (every row), set up once the
header is known."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from holdcalc.cli.options import input_files

if TYPE_CHECKING:
    from holdcalc.cli.check import BatchLetters, SummarySettings
    from holdcalc.cli.options import RuleSettings
    from holdcalc.core.holiday_calendar import Calendar
    from holdcalc.core.limits import LimitSettings
    from holdcalc.core.parsing import WallClock
    from holdcalc.letters.batch import LetterFolder, LetterWriter
    from holdcalc.letters.template import LetterSettings
    from holdcalc.output.ics import RunningHolds
    from holdcalc.output.report_data import ReportFigures
    from holdcalc.roster.columns import Columns, Role
    from holdcalc.roster.rows import RowJudge

OnHeader = Callable[[list[str], "Columns", "RowJudge"], Any]


@dataclasses.dataclass
class Gathered:
    """What the run's watchers gathered, for the files written after it."""

    writers: list[LetterWriter] = dataclasses.field(default_factory=list)
    calendars: list[RunningHolds] = dataclasses.field(default_factory=list)
    reports: list[ReportFigures] = dataclasses.field(default_factory=list)


def watch(
    letters: OnHeader | None,
    files: SummarySettings,
    named: dict[Role, str | None],
    gathered: Gathered,
) -> OnHeader | None:
    """Once the header is known: who is told of which rows (the letter writer, of
    overrun rows; the calendar, of holds still running; the report, of every row)."""
    ics, report = files.ics, files.report
    if ics is None and report is None:
        return letters

    def on_header(header: list[str], columns: Columns, judge: RowJudge) -> Any:
        watchers = [letters(header, columns, judge)] if letters else []
        if ics is not None:
            from holdcalc.output.ics import RunningHolds  # noqa: PLC0415

            gathered.calendars.append(RunningHolds(header, columns, judge))
            watchers.append(gathered.calendars[-1])
        if report is not None:
            from holdcalc.output.report_data import ReportFigures  # noqa: PLC0415

            gathered.reports.append(ReportFigures(header, columns, judge, named))
            watchers.append(gathered.reports[-1])
        return watchers[0] if len(watchers) == 1 else Both(watchers)

    return on_header


class Both:
    """Several watchers, each told of the rows whose status it asks for."""

    def __init__(self, watchers: list[Any]) -> None:
        self.watchers = watchers
        self.statuses = frozenset().union(*(w.statuses for w in watchers))

    def __call__(self, number: int, row: list[str], verdict: Any) -> None:
        for watcher in self.watchers:
            if verdict.status in watcher.statuses:
                watcher(number, row, verdict)


def letters_hook(
    batch: BatchLetters,
    settings: LetterSettings,
    today: dt.date,
    writers: list[LetterWriter],
    folder: LetterFolder | None,
) -> Callable[[list[str], Columns, RowJudge], Any] | None:
    """With a letters folder: what to do once the header is known (find the columns, load the
    template, and return the writer that each overrun row is handed to)."""
    if folder is None:
        return None

    def on_header(header: list[str], columns: Columns, judge: RowJudge) -> LetterWriter:
        from holdcalc.letters.batch import LetterWriter, plan_letters  # noqa: PLC0415
        from holdcalc.roster.columns import Role  # noqa: PLC0415

        named = {Role.NAME: batch.name_col, Role.FACILITY: batch.facility_col}
        chosen = dataclasses.replace(settings, fmt=batch.format)
        plan = plan_letters(header, folder.path, chosen, named, today)
        writer = LetterWriter(plan, judge, folder)
        writers.append(writer)
        return writer

    return on_header


@dataclasses.dataclass(frozen=True)
class ReportRun:
    """What the report says of how the run counted."""

    counting: RuleSettings
    as_of: dt.datetime | WallClock
    limits: LimitSettings | None
    per_charge: bool


def write_report(
    summary: SummarySettings, figures: dict[str, Any], found: ReportFigures, run: ReportRun
) -> None:
    """The HTML report of the run, whole or not at all."""
    from holdcalc.output.report_html import Method, ReportSettings, render_report  # noqa: PLC0415

    rule, calendar = run.counting.rule, run.counting.calendar
    limits = run.limits
    method = Method(
        rule=rule.describe(),
        citation=rule.citation,
        calendar=_calendar_words(calendar),
        zones=_zone_words(found.columns, run.counting),
        as_of=_as_of_words(run.as_of),
        as_of_iso=run.as_of.isoformat() if isinstance(run.as_of, dt.datetime) else None,
        limits=limits.table.notice if limits else None,
        agency=limits.agency if limits else None,
        per_charge=run.per_charge,
    )
    settings = ReportSettings(
        title=summary.report_title or ReportSettings.title,
        names=summary.report_names,
        bed_cost=summary.bed_cost,
    )
    write_text(summary.report, render_report(found, figures, method, settings))


def _as_of_words(as_of: dt.datetime | WallClock) -> str:
    if isinstance(as_of, dt.datetime):
        return as_of.isoformat(timespec="minutes")
    return f"{as_of.text} (each row's local time)"


def _calendar_words(calendar: Calendar) -> str:
    sets = {
        "federal": "US federal holidays (5 U.S.C. § 6103) and their observed days",
        "federal+closures": "US federal holidays and their observed days, and the days "
        "federal offices were closed by executive order",
        "none": "no holidays (weekends only, where the rule excludes them)",
    }
    words = sets[calendar.holidays]
    if calendar.state:
        words += f", with the state holidays of {calendar.state}"
    if calendar.extra:
        words += f", and {len(calendar.extra)} local closure day(s) from a holiday file"
    return f"{words}; from the python-holidays package ({calendar.label})."


def _zone_words(columns: Columns, counting: RuleSettings) -> str:
    zone, source = counting.zone, counting.zone_from
    if columns.tz is None:
        words = f"Every row was read in {zone} (from {source})"
    else:
        words = f"Each row was read in the zone named in its {columns.header[columns.tz]!r} cell"
        if zone:
            words += f"; a row with a blank cell, in {zone} (from {source})"
    return words + ". Local times are wall-clock times in that zone; durations are counted in UTC."


def write_text(path: str | None, text: str) -> None:
    """A text output, written whole or not at all, never over an input."""
    from holdcalc.roster.files import atomic_output  # noqa: PLC0415

    with atomic_output(path, inputs=input_files()) as handle:
        handle.write(text)
