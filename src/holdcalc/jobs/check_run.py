"""One check run, as every front end asks for it (the command line, the local page, and
later the browser build): settings in; the outcome, its figures, what the run gathered
(letters, calendar, report) and its notes out, as data. Each front end words the notes
and writes the files it offers; nothing here speaks in command-line flags or page words.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from holdcalc.core.area_holidays import AREA_ONLY
from holdcalc.core.errors import CalendarError
from holdcalc.jobs.watchers import Gathered, OnHeader, letters_hook, watch
from holdcalc.roster.column_blocks import columnar_missing

if TYPE_CHECKING:
    from holdcalc.letters.batch import LetterFolder, LetterWriter
    from holdcalc.letters.template import LetterSettings
    from holdcalc.roster.columns import Role
    from holdcalc.roster.pipeline import Outcome, Progress
    from holdcalc.roster.settings import InputSettings, JudgeSettings, OutputSettings
    from holdcalc.roster.sinks import RowSink
    from holdcalc.roster.source import Inside
from holdcalc.roster.summary import NOT_STALE, RunFigures, Summary
from holdcalc.roster.workbook import text_named_as_workbook


@dataclasses.dataclass(frozen=True)
class Gathering:
    """What the run gathers beside the checked rows, and from which columns."""

    letters: LetterFolder | None = None  # a letter for each overrun row, into this folder
    letter_settings: LetterSettings | None = None
    letters_day: dt.date | None = None  # the day the letters are dated
    letter_limit: int | None = None  # more overrun rows than this: no letters, and a note
    calendar: bool = False  # the holds still running, for a calendar file
    report: bool = False  # the figures of the report page
    stale: bool = False  # the places of the stale rows, for a page that shows rows
    named: Mapping[Role, str | None] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class CheckRequest:
    source: InputSettings
    judging: JudgeSettings
    output: OutputSettings
    gathering: Gathering = Gathering()
    bed_cost: float | None = None
    zone_given: bool = True  # False: the default zone was the machine's or the page's guess
    workers: int | None = None  # None: chosen by the roster's size; 1 in a threaded server


class NoteKind(enum.Enum):
    """Each thing a run tells beside its rows; its facts are named in the comment."""

    TEXT_NAMED_WORKBOOK = "text_named_workbook"  # path: named .xls(x) and so on, yet text
    WEB_TABLE = "web_table"  # path, rows, tables: a web page's largest table, read
    # path, rows, where: JSON records read as rows ("" a top-level array, a member's name,
    # None: JSON Lines)
    JSON_RECORDS = "json_records"
    ZIP_MEMBER = "zip_member"  # path, member: the one table in a zip archive, read
    SKIPPED_LINES = "skipped_lines"  # header_line, skipped
    SHEET_READ = "sheet_read"  # name, number, sheets, hidden
    TIMES_BESIDE = "times_beside"  # role, date, time: a time column read beside its date
    BOOKINGS = "bookings"  # charge_rows, bookings, without_hold, markers
    DENIED_HOLDS = "denied_holds"  # count, first: cells that name a hold only to deny it
    HOLDS_ELSEWHERE = "holds_elsewhere"  # count, first: a hold named outside a charge column
    ENDED_BY_HOLD_ROW = "ended_by_hold_row"  # column: no departure column; holds end at it
    STACKED = "stacked"  # bookings, charge_lines, repeated_headers, skipped: a printed report
    ZONE_GUESSED = "zone_guessed"  # zone: no zone column, and no zone given
    ZONE_UNREAD = "zone_unread"  # column, zone: no zone column, yet one named like one
    ZONE_BLANK = "zone_blank"  # column, zone: blank zone cells, and no zone given
    LAW_NOT_JUDGED = "law_not_judged"  # column: a jurisdiction column, and no law asked for
    DEPARTURES_AFTER = "departures_after"  # count: departures after the as-of time
    DAY_FIRST = "day_first"  # count: dates that read only day first
    TOO_MANY_LETTERS = "too_many_letters"  # count, limit: no letters were kept
    FASTER_ENGINE = "faster_engine"  # rows, extra: a large roster, the columnar engine absent
    LONG_OVERRUN = "long_overrun"  # count, days: rows past the limit by over a year
    # column, first, rows, bookings: a booking's rows (anywhere among the first) with different
    # starts (a per-charge export judged as a table of holds)
    SHARED_BOOKINGS = "shared_bookings"
    # state, holidays: the state's holidays of only part of it (core.area_holidays),
    # counted as working days
    AREA_HOLIDAYS = "area_holidays"


@dataclasses.dataclass(frozen=True)
class Note:
    kind: NoteKind
    facts: Mapping[str, Any]

    @property
    def warning(self) -> bool:
        """A note that says an answer may rest on a wrong reading of the file."""
        return self.kind in _WARNINGS or (
            self.kind is NoteKind.SHEET_READ and bool(self.facts["hidden"])
        )


_WARNINGS = frozenset(
    {
        NoteKind.DEPARTURES_AFTER,
        NoteKind.DAY_FIRST,
        NoteKind.DENIED_HOLDS,
        NoteKind.HOLDS_ELSEWHERE,
        NoteKind.LAW_NOT_JUDGED,
        NoteKind.ZONE_UNREAD,
        NoteKind.LONG_OVERRUN,
        NoteKind.SHARED_BOOKINGS,
    }
)


@dataclasses.dataclass(frozen=True)
class CheckResult:
    outcome: Outcome
    figures: RunFigures
    gathered: Gathered
    notes: tuple[Note, ...]

    @property
    def letters(self) -> LetterWriter | None:
        return self.gathered.writers[0] if self.gathered.writers else None

    def discard(self) -> None:
        """Remove every letter the run wrote (the caller's files failed after it)."""
        for writer in self.gathered.writers:
            writer.discard()


def run_roster(
    request: CheckRequest, progress: Progress | None = None, table: RowSink | None = None
) -> CheckResult:
    """Check a roster: every row back with its verdict in the output the request names,
    and what the front end shows or writes after it."""
    from holdcalc.roster.pipeline import Hooks, run_check  # noqa: PLC0415

    gathered = Gathered()
    counted = _Counted(request.gathering.letter_limit)
    on_header = _watchers(request.gathering, gathered, counted)
    try:
        hooks = Hooks(progress, on_header, table)
        outcome = run_check(
            request.source, request.judging, request.output, hooks, workers=request.workers
        )
        figures = _figures(outcome, request)
        notes = _notes(outcome, request, figures)
        if counted.over_limit:  # too many for the front end: none rather than some
            for writer in gathered.writers:
                writer.discard()
            gathered.writers.clear()
            limit = request.gathering.letter_limit
            notes += (_note(NoteKind.TOO_MANY_LETTERS, count=counted.seen, limit=limit),)
    except BaseException:
        for writer in gathered.writers:
            writer.discard()
        raise
    return CheckResult(outcome, figures, gathered, notes)


def _figures(outcome: Outcome, request: CheckRequest) -> RunFigures:
    figures = outcome.summary.figures(request.bed_cost, request.judging.stale_after)
    if outcome.grouping is not None:
        figures = dataclasses.replace(figures, holds_per_month=outcome.grouping.months)
    if outcome.shared is not None:
        figures = dataclasses.replace(figures, shared_bookings=outcome.shared)
    limits = request.judging.limits
    if limits is None:
        return figures
    return dataclasses.replace(figures, policy_notice=limits.table.notice, agency=limits.agency)


def _notes(outcome: Outcome, request: CheckRequest, figures: RunFigures) -> tuple[Note, ...]:
    """What the run tells beside its rows, in the order a reader meets them."""
    notes = _file_notes(request.source.path, outcome.inside)
    if outcome.skipped:
        notes.append(
            _note(NoteKind.SKIPPED_LINES, header_line=outcome.header_line, skipped=outcome.skipped)
        )
    choice = outcome.sheet
    if choice is not None and choice.worth_saying:
        notes.append(
            _note(
                NoteKind.SHEET_READ,
                name=choice.name,
                number=choice.number,
                sheets=choice.sheets,
                hidden=choice.hidden,
            )
        )
    for role, date, time in outcome.columns.paired:
        notes.append(_note(NoteKind.TIMES_BESIDE, role=role, date=date, time=time))
    found = outcome.grouping
    if found is not None:
        notes.append(
            _note(
                NoteKind.BOOKINGS,
                charge_rows=found.charge_rows,
                bookings=found.bookings,
                without_hold=found.without_hold,
                markers=found.markers,
            )
        )
        if found.denied:
            notes.append(_note(NoteKind.DENIED_HOLDS, count=found.denied, first=found.first_denied))
        if found.stacked is not None:
            read = found.stacked
            notes.append(
                _note(
                    NoteKind.STACKED,
                    bookings=read.bookings,
                    charge_lines=read.charge_lines,
                    repeated_headers=read.repeated_headers,
                    skipped=tuple(read.skipped),
                )
            )
        if found.ended_by_hold_row:
            notes.append(_note(NoteKind.ENDED_BY_HOLD_ROW, column=found.ended_by_hold_row))
        if found.elsewhere:
            first = found.first_elsewhere
            notes.append(_note(NoteKind.HOLDS_ELSEWHERE, count=found.elsewhere, first=first))
    notes += _zone_notes(outcome, request) + _calendar_notes(request)
    if outcome.shared is not None:
        notes.append(_note(NoteKind.SHARED_BOOKINGS, **dataclasses.asdict(outcome.shared)))
    place = outcome.columns.jurisdiction
    if place is not None and request.judging.limits is None:
        notes.append(_note(NoteKind.LAW_NOT_JUDGED, column=outcome.columns.header[place]))
    return (*notes, *_counted_notes(outcome.summary, figures))


def _file_notes(path: str, inside: Inside) -> list[Note]:
    """What the file was read as, where its name or packing says otherwise (`inside`:
    where the read found its rows)."""
    if inside.page is not None:
        rows, tables = inside.page
        return [_note(NoteKind.WEB_TABLE, path=path, rows=rows, tables=tables)]
    member = inside.member
    notes = [] if member is None else [_note(NoteKind.ZIP_MEMBER, path=path, member=member)]
    if inside.records is not None:
        rows, where = inside.records
        return [*notes, _note(NoteKind.JSON_RECORDS, path=path, rows=rows, where=where)]
    if text_named_as_workbook(path):
        return [_note(NoteKind.TEXT_NAMED_WORKBOOK, path=path)]
    return notes


def _zone_notes(outcome: Outcome, request: CheckRequest) -> list[Note]:
    """Where rows were read in the run's own zone though the roster may say otherwise: a
    column named like a zone and not read; no zone column; blank zone cells."""
    unread, column, zone = outcome.columns.zone_like(), outcome.columns.tz, request.judging.zone
    if unread:
        return [_note(NoteKind.ZONE_UNREAD, column=unread[0], zone=zone)]
    if request.zone_given:
        return []
    if column is None:
        return [_note(NoteKind.ZONE_GUESSED, zone=zone)]
    if outcome.summary.blank_zone:
        return [_note(NoteKind.ZONE_BLANK, column=outcome.columns.header[column], zone=zone)]
    return []


def _counted_notes(summary: Summary, figures: RunFigures) -> list[Note]:
    """What the run's totals call for: departures still to come, dates that read only
    day first, holds past their limits by over a year, and a large roster judged without
    the columnar engine."""
    notes = []
    if summary.departures_after:
        notes.append(_note(NoteKind.DEPARTURES_AFTER, count=summary.departures_after))
    if summary.day_first:
        notes.append(_note(NoteKind.DAY_FIRST, count=summary.day_first))
    if figures.long_overruns:
        most = max(figures.groups[group].max for group in NOT_STALE)
        notes.append(_note(NoteKind.LONG_OVERRUN, count=figures.long_overruns, days=most / 24))
    if summary.rows >= LARGE_ROSTER and columnar_missing():
        notes.append(_note(NoteKind.FASTER_ENGINE, rows=summary.rows, extra="frame"))
    return notes


LARGE_ROSTER = 200_000  # rows past which the columnar engine is worth installing


def _calendar_notes(request: CheckRequest) -> list[Note]:
    """The state's holidays of only part of it, where the state's holidays are asked for
    and the rule excludes holidays: they were counted, as in the rest of the state,
    unless a local closure day given is one of them (the jail is in the area)."""
    calendar, rule = request.judging.calendar, request.judging.rule
    area = AREA_ONLY.get(calendar.state or "", ())
    if not area or not rule.exclude_holidays:
        return []
    with contextlib.suppress(CalendarError):  # a year past the data: no area day in it
        if any(day in calendar.area_days(day.year) for day, _ in calendar.extra):
            return []
    holidays = "; ".join(f"{h.name} (a holiday only in {h.area}, {h.source})" for h in area)
    return [_note(NoteKind.AREA_HOLIDAYS, state=calendar.state, holidays=holidays)]


def _note(kind: NoteKind, **facts: Any) -> Note:
    return Note(kind, facts)


class _Counted:
    """How many overrun rows reached the letter writer, against the front end's limit."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.seen = 0

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.seen > self.limit


def _watchers(gathering: Gathering, gathered: Gathered, counted: _Counted) -> OnHeader | None:
    """Who is told of the rows: the letter writer (up to the limit), the calendar, the
    report."""
    letters = None
    if gathering.letters is not None:
        assert gathering.letter_settings is not None and gathering.letters_day is not None
        letters = letters_hook(
            gathering.letters,
            gathering.letter_settings,
            gathering.named,
            gathering.letters_day,
            gathered,
        )
        letters = _capped(letters, counted)
    return watch(
        letters, gathering.calendar, gathering.report, gathering.named, gathered, gathering.stale
    )


def _capped(hook: OnHeader | None, counted: _Counted) -> OnHeader | None:
    """The letter writer, told of the first `counted.limit` overrun rows only; the rest
    are counted, so the front end can say how many there were."""
    if hook is None:
        return None

    def on_header(header: list[str], columns: Any, judge: Any) -> _Told:
        return _Told(hook(header, columns, judge), counted)

    return on_header


class _Told:
    def __init__(self, writer: Any, counted: _Counted) -> None:
        self.writer = writer
        self.statuses = writer.statuses
        self.counted = counted

    def __call__(self, number: int, row: list[str], verdict: Any) -> None:
        self.counted.seen += 1
        if not self.counted.over_limit:
            self.writer(number, row, verdict)
