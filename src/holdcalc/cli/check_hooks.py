"""What a `check` run tells of its rows as they are judged: the letter writer (overrun
rows) and the calendar (holds still running), set up once the header is known."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from holdcalc.cli.check import BatchLetters
    from holdcalc.letters.batch import LetterFolder, LetterWriter
    from holdcalc.letters.template import LetterSettings
    from holdcalc.output.ics import RunningHolds
    from holdcalc.roster.columns import Columns
    from holdcalc.roster.rows import RowJudge

OnHeader = Callable[[list[str], "Columns", "RowJudge"], Any]


def watch(
    letters: OnHeader | None, ics: str | None, calendars: list[RunningHolds]
) -> OnHeader | None:
    """Once the header is known: who is told of which rows (the letter writer, of
    overrun rows; the calendar, of holds still running)."""
    if ics is None:
        return letters

    def on_header(header: list[str], columns: Columns, judge: RowJudge) -> Any:
        from holdcalc.output.ics import RunningHolds  # noqa: PLC0415

        calendar = RunningHolds(header, columns, judge)
        calendars.append(calendar)
        watchers = [calendar] + ([letters(header, columns, judge)] if letters else [])
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
