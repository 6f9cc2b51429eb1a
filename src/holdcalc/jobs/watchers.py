"""What a roster run tells of its rows as they are judged: the letter writer (overrun
rows), the calendar (holds still running) and the report (every row), each set up
once the header is known and told of the statuses it asks for."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from holdcalc.core.verdict import Status

if TYPE_CHECKING:
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
    stale: set[int] = dataclasses.field(default_factory=set)  # stale rows' places, from 1


def watch(
    letters: OnHeader | None,
    ics: bool,
    report: bool,
    named: Mapping[Role, str | None],
    gathered: Gathered,
    stale: bool = False,
) -> OnHeader | None:
    """Once the header is known: who is told of which rows (the letter writer, of
    overrun rows; the calendar, of holds still running; the report, of every row; the
    stale rows' list, of expired rows)."""
    if not ics and not report and not stale:
        return letters

    def on_header(header: list[str], columns: Columns, judge: RowJudge) -> Any:
        watchers = [letters(header, columns, judge)] if letters else []
        if ics:
            from holdcalc.output.ics import RunningHolds  # noqa: PLC0415

            gathered.calendars.append(RunningHolds(header, columns, judge))
            watchers.append(gathered.calendars[-1])
        if report:
            from holdcalc.output.report_data import ReportFigures  # noqa: PLC0415

            gathered.reports.append(ReportFigures(header, columns, judge, named))
            watchers.append(gathered.reports[-1])
        if stale:
            watchers.append(StaleRows(gathered.stale))
        return watchers[0] if len(watchers) == 1 else Both(watchers)

    return on_header


class StaleRows:
    """Notes the place of each stale row (core.verdict.stale), for a front end that
    shows rows from the checked file, where such a row stays expired."""

    statuses = frozenset({Status.EXPIRED})

    def __init__(self, found: set[int]) -> None:
        self.found = found

    def __call__(self, number: int, row: list[str], verdict: Any) -> None:
        if verdict.stale:
            self.found.add(number)

    def block_plan(self) -> _FreshStaleRows:
        return _FreshStaleRows()

    def takes_columns(self) -> bool:
        return True

    def count_columns(self, facts: Any) -> None:
        """The block's stale rows among those judged over columns."""
        _, stale, _ = facts.kinds
        self.found.update(place + 1 for place in stale.nonzero()[0].tolist())

    def wanted(self, facts: Any) -> list[int]:
        return []

    def listed(self, number: int, row: list[str], verdict: Any) -> None:
        """Told of again as a row another watcher lists: counted already."""

    def merge(self, block: StaleRows, before: int) -> None:
        """A block's stale rows, numbered from 1 in the block, `before` rows into the run."""
        self.found.update(number + before for number in block.found)


class _FreshStaleRows:
    """What a worker makes a block's StaleRows by (parallel.block_plan)."""

    def make(self, judge: Any) -> StaleRows:
        return StaleRows(set())


class Both:
    """Several watchers, each told of the rows whose status it asks for."""

    def __init__(self, watchers: list[Any]) -> None:
        self.watchers = watchers
        self.statuses = frozenset().union(*(w.statuses for w in watchers))

    def __call__(self, number: int, row: list[str], verdict: Any) -> None:
        for watcher in self.watchers:
            if verdict.status in watcher.statuses:
                watcher(number, row, verdict)

    def block_plan(self) -> _BothPlans | None:
        """Each watcher's plan for a block, if every one has one (parallel.block_plan)."""
        plans = [getattr(watcher, "block_plan", lambda: None)() for watcher in self.watchers]
        return None if None in plans else _BothPlans(tuple(plans))

    def merge(self, block: Both, before: int) -> None:
        for watcher, theirs in zip(self.watchers, block.watchers, strict=True):
            watcher.merge(theirs, before)

    def takes_columns(self) -> bool:
        return all(getattr(w, "takes_columns", lambda: False)() for w in self.watchers)

    def count_columns(self, facts: Any) -> None:
        for watcher in self.watchers:
            watcher.count_columns(facts)

    def wanted(self, facts: Any) -> list[int]:
        return sorted({place for watcher in self.watchers for place in watcher.wanted(facts)})

    def listed(self, number: int, row: list[str], verdict: Any) -> None:
        for watcher in self.watchers:
            watcher.listed(number, row, verdict)


@dataclasses.dataclass(frozen=True)
class _BothPlans:
    plans: tuple[Any, ...]

    def make(self, judge: Any) -> Both:
        return Both([plan.make(judge) for plan in self.plans])


def letters_hook(
    folder: LetterFolder | None,
    settings: LetterSettings,
    named: Mapping[Role, str | None],
    today: dt.date,
    gathered: Gathered,
) -> OnHeader | None:
    """With a letters folder: what to do once the header is known (find the columns, load
    the template, and return the writer that each overrun row is handed to)."""
    if folder is None:
        return None

    def on_header(header: list[str], columns: Columns, judge: RowJudge) -> LetterWriter:
        from holdcalc.letters.batch import LetterWriter, plan_letters  # noqa: PLC0415

        plan = plan_letters(header, folder.path, settings, dict(named), today)
        writer = LetterWriter(plan, judge, folder)
        gathered.writers.append(writer)
        return writer

    return on_header
