"""The figures of a campaign report, gathered as a `check` run judges its rows.

Pure data: no plotting and no HTML here (report_series makes the page's series of
them, report_html draws and writes it). Every figure is counted from the same verdicts
the run writes, so a reader can check each chart's table against the checked file: a
hold's month and weekday are those of its start, in the row's zone, as the start
column gives it; hours past the limit are the over_detained_hours cell of
over-detained and expired rows. A large roster's blocks are counted in worker
processes, each block's figures merged in input order (ReportFigures.merge).
"""

from __future__ import annotations

import array
import bisect
import collections
import dataclasses
import datetime as dt
import functools
import heapq
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from holdcalc.core.clock import DAY, from_micros
from holdcalc.core.errors import InputError
from holdcalc.core.verdict import JUDGED, Status
from holdcalc.roster.columns import Columns, Role, cell, find_column, hold_flag
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.summary import Group, group_of
from holdcalc.roster.verdicts import WHOLE_LEFT, WHOLE_START, RowVerdict
from holdcalc.roster.zone_judge import RowError, ZoneJudge

if TYPE_CHECKING:
    from holdcalc.roster.block_facts import BlockFacts

# Hours past the limit, in bands a reader can say aloud: the lower bound of each band.
HOUR_BANDS = (0, 1, 6, 12, 24, 48, 96, 168)
LONGEST = 25  # cases listed by name or booking id
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def band_label(index: int) -> str:
    low = HOUR_BANDS[index]
    if index + 1 == len(HOUR_BANDS):
        return f"{low} h or more"
    return f"{low} to {HOUR_BANDS[index + 1]} h"


class Listed(NamedTuple):
    """What a table's times are written from, kept until the table is made: of the many
    rows seen, only the few listed are written out."""

    verdict: RowVerdict
    zone: ZoneInfo | None
    start: str
    left: str

    @property
    def times(self) -> tuple[str, str, str]:
        return _times(self.verdict, self.zone, self.start, self.left)


class _Written:
    """A case's times, written from its `read` once, when a table first asks."""

    read: Listed

    @functools.cached_property
    def _times(self) -> tuple[str, str, str]:
        return self.read.times

    @property
    def started(self) -> str:
        return self._times[0]

    @property
    def expires_at(self) -> str:
        return self._times[1]

    @property
    def left(self) -> str:
        return self._times[2]


@dataclasses.dataclass(frozen=True, order=True)
class LongCase(_Written):
    """One overrun hold, for the table of the longest."""

    centihours: int
    number: int  # the row's (or booking's) place in the run, from 1
    booking: str
    name: str
    facility: str
    status: Status = dataclasses.field(compare=False)
    read: Listed = dataclasses.field(compare=False)


@dataclasses.dataclass(frozen=True, order=True)
class StaleCase(_Written):
    """A row with no departure whose hold began long before the as-of time; ordered so
    that a heap keeps the earliest starts."""

    later: int  # minus the start's first instant
    number: int  # minus the row's place in the run
    booking: str
    facility: str
    read: Listed = dataclasses.field(compare=False)


_Case = TypeVar("_Case", LongCase, StaleCase)


@dataclasses.dataclass
class Tally:
    """Holds judged; of them flagged (over-detained, possibly so, or expired but not
    stale) and held past the limit (over-detained or expired, not stale), with the
    hours past it."""

    holds: int = 0
    flagged: int = 0
    overrun: int = 0
    centihours: int = 0

    def count(self, flagged: bool, overrun: bool, centi: int) -> None:
        self.holds += 1
        self.flagged += flagged
        self.overrun += overrun
        self.centihours += centi

    def add(self, other: Tally) -> None:
        self.holds += other.holds
        self.flagged += other.flagged
        self.overrun += other.overrun
        self.centihours += other.centihours


WITHHELD = "(a cell's text, not shown)"


def withheld(reason: str, row: Sequence[str]) -> str:
    """A row's error with the text of its cells taken out: the page shows no cell of any
    column it was not asked to show (a name pushed into a date column by a stray comma
    is quoted in the error), and errors that differ only in their values group together."""
    for value in sorted({c.strip() for c in row if c.strip()}, key=len, reverse=True):
        reason = reason.replace(repr(value), WITHHELD)
    return reason


class ReportFigures:
    """Told of every judged row (a `check` watcher of every status); counts what the
    report shows, in memory that grows with the months and facilities, not the rows
    (but for 8 bytes per booking with a length of stay). A block judged over columns
    is counted over arrays (count_columns), its listed cases row by row (`listed`)."""

    statuses = frozenset(Status)

    def __init__(
        self,
        header: Sequence[str],
        columns: Columns,
        judge: RowJudge,
        named: Mapping[Role, str | None] | None = None,
    ) -> None:
        self.columns = columns
        self.judge = judge
        self._made_from = (list(header), columns, dict(named or {}))  # see block_plan
        given = named or {}
        self.booking = find_column(header, Role.BOOKING)
        self.name = find_column(header, Role.NAME, given.get(Role.NAME))
        self.facility = find_column(header, Role.FACILITY, given.get(Role.FACILITY))
        self.booked = find_column(header, Role.BOOKED, given.get(Role.BOOKED))
        self.flag = find_column(header, Role.HOLD_FLAG)  # a roster of every booking
        self.counts: collections.Counter[Status] = collections.Counter()
        self.bands = [0] * len(HOUR_BANDS)
        self.months: dict[tuple[int, int], Tally] = collections.defaultdict(Tally)
        self.weekdays = [Tally() for _ in WEEKDAYS]
        self.facilities: dict[str, Tally] = collections.defaultdict(Tally)
        self.errors: collections.Counter[str] = collections.Counter()
        self.longest: list[LongCase] = []
        self.stays = {True: array.array("d"), False: array.array("d")}  # days, by hold or not
        self.stale: list[StaleCase] = []  # the stale rows whose holds began first

    def __call__(self, number: int, row: list[str], verdict: RowVerdict) -> None:
        status = verdict.status
        self.counts[status] += 1
        if self.flag is not None and self.booked is not None:
            self._flagged_stay(row)  # every row: one without a hold has no start to judge
        if status is Status.ERROR:
            self.errors[withheld(verdict.error, row)] += 1
            return
        start_text, left_text, zone_text = self.columns.values(row)
        found = self.judge.zone_judge(zone_text)
        zone = None if isinstance(found, RowVerdict) else found
        if zone is not None and self.flag is None:
            left = _left(verdict, zone, left_text)
            self._stay(row, left, zone, status is not Status.NO_HOLD)
        if status not in JUDGED:
            return
        group = group_of(verdict)
        stale = group is Group.STALE
        overrun = group is not None and not stale
        centi = round(float(verdict.hours) * 100) if overrun else 0  # as the cell says
        flagged = status.flagged and not stale
        for tally in self._tallies(row, verdict, zone, start_text):
            tally.count(flagged, overrun, centi)
        if overrun:
            self.bands[bisect.bisect_right(HOUR_BANDS, centi / 100) - 1] += 1
        if group is not None:
            read = Listed(verdict, zone.zone if zone is not None else None, start_text, left_text)
            self._offer(number, row, read, group)

    def listed(self, number: int, row: list[str], verdict: RowVerdict) -> None:
        """An overrun or stale row the columnar engine took, offered to the tables of the
        cases listed, as __call__ offers each row it is told of."""
        group = group_of(verdict)
        if group is None:
            return
        start_text, left_text, zone_text = self.columns.values(row)
        found = self.judge.zone_judge(zone_text)
        zone = None if isinstance(found, RowVerdict) else found.zone
        self._offer(number, row, Listed(verdict, zone, start_text, left_text), group)

    def _offer(self, number: int, row: list[str], read: Listed, group: Group) -> None:
        """An overrun or stale row offered to the tables of the longest and the stale
        cases (which keep the LONGEST first): its times are written out only if kept."""
        if group is Group.STALE:
            self._stale(number, row, read.verdict, read)
        else:
            self._overrun(number, row, read.verdict, read)

    def takes_columns(self) -> bool:
        """Whether a block's taken rows may be counted over arrays (count_columns): not
        where a length of stay is read from a booking date, row by row."""
        return self.booked is None and self.flag is None

    def count_columns(self, facts: BlockFacts) -> None:
        """Count the rows the columnar engine took, as __call__ counts each."""
        from holdcalc.output.report_columns import count_columns  # noqa: PLC0415

        count_columns(self, facts)

    def wanted(self, facts: BlockFacts) -> list[int]:
        """The taken rows (by place in the block) that may be among the cases listed,
        for `listed` to be told of with their verdicts."""
        from holdcalc.output.report_columns import wanted  # noqa: PLC0415

        return wanted(facts)

    def block_plan(self) -> ReportPlan:
        """How a worker makes the figures of a block of the run (parallel.block_plan)."""
        return ReportPlan(*self._made_from)

    def merge(self, block: ReportFigures, before: int) -> None:
        """Add a block's figures, its rows numbered from 1 in the block and `before` rows
        into the run: merged in input order, they are the figures one process counts
        (new months, facilities and errors come after those seen before, as there)."""
        self.counts.update(block.counts)
        self.bands = [mine + theirs for mine, theirs in zip(self.bands, block.bands, strict=True)]
        for key, tally in block.months.items():
            self.months[key].add(tally)
        for mine, theirs in zip(self.weekdays, block.weekdays, strict=True):
            mine.add(theirs)
        for name, tally in block.facilities.items():
            self.facilities[name].add(tally)
        self.errors.update(block.errors)
        for hold, days in block.stays.items():
            self.stays[hold].extend(days)
        for case in block.longest:  # `number` holds minus the row's place
            self._keep(self.longest, dataclasses.replace(case, number=case.number - before))
        for stale in block.stale:
            self._keep(self.stale, dataclasses.replace(stale, number=stale.number - before))

    def __getstate__(self) -> dict[str, object]:
        """A block's figures travel from a worker without its judge (and its caches)."""
        return {name: value for name, value in vars(self).items() if name != "judge"}

    @staticmethod
    def _keep(kept: list[_Case], case: _Case) -> None:
        """Keep `case` among the LONGEST highest (a heap of the lowest first)."""
        if len(kept) < LONGEST:
            heapq.heappush(kept, case)
        else:
            heapq.heappushpop(kept, case)

    def _tallies(
        self, row: list[str], verdict: RowVerdict, zone: ZoneJudge | None, start_text: str
    ) -> list[Tally]:
        """The tallies a hold counts in: its facility's, and its month's and weekday's
        (the start as the judge read it, in the row's zone) when its day is known."""
        tallies = [self.facilities[cell(row, self.facility)]] if self.facility is not None else []
        day = None
        if zone is not None:
            began = verdict.began
            day = _day(zone, start_text) if began is None else from_micros(began, zone.zone).date()
        if day is not None:
            tallies += [self.months[day.year, day.month], self.weekdays[day.weekday()]]
        return tallies

    def _stale(self, number: int, row: list[str], verdict: RowVerdict, read: Listed) -> None:
        """A stale row, for the table of them: the earliest starts are kept (the run's
        figures count them all)."""
        began = verdict.began if verdict.began is not None else 0
        booking, facility = cell(row, self.booking), cell(row, self.facility)
        self._keep(self.stale, StaleCase(-began, -number, booking, facility, read))

    def _overrun(self, number: int, row: list[str], verdict: RowVerdict, read: Listed) -> None:
        case = LongCase(
            round(float(verdict.hours) * 100),  # as the cell says
            -number,  # in a tie, the earlier row ranks higher
            cell(row, self.booking),
            cell(row, self.name),
            cell(row, self.facility),
            verdict.status,
            read,
        )
        self._keep(self.longest, case)

    def _flagged_stay(self, row: list[str]) -> None:
        """A booking's days in jail, with or without a hold as its hold-flag cell says."""
        hold = hold_flag(cell(row, self.flag))
        if hold is None:  # a value that says neither: not counted either way
            return
        _, left_text, zone_text = self.columns.values(row)
        zone = self.judge.zone_judge(zone_text)
        if not isinstance(zone, RowVerdict):  # a booking without a hold: not judged, read here
            self._stay(row, _earliest(zone, left_text) if left_text else None, zone, hold)

    def _stay(self, row: list[str], left: int | None, zone: ZoneJudge, hold: bool) -> None:
        """Days from booking to departure (its first instant), where both are known to the
        minute or day (a date alone counts from its local midnight)."""
        if self.booked is None or left is None:
            return
        booked = _earliest(zone, cell(row, self.booked))
        if booked is not None and left >= booked:
            self.stays[hold].append((left - booked) / DAY)


@dataclasses.dataclass(frozen=True)
class ReportPlan:
    """What ReportFigures are made from, for a worker to make a block's."""

    header: list[str]
    columns: Columns
    named: dict[Role, str | None]

    def make(self, judge: RowJudge) -> ReportFigures:
        return ReportFigures(self.header, self.columns, judge, self.named)


# A value is read as the row's judge reads it (its shape caches, its zone's day table):
# a date alone is the window of its local day.


def _times(
    verdict: RowVerdict, zone: ZoneInfo | None, start: str, left: str
) -> tuple[str, str, str]:
    """Start, expiry and departure as people read them, all alike ("Wed 8 Jan 2025 08:00
    MST"; a date alone as its day), from the values the judge read."""
    if zone is None or verdict.began is None or verdict.due is None:
        return start, verdict.expires_at, left  # not judged here: as the row gives them
    began = _human_time(verdict.began, zone, bool(verdict.whole & WHOLE_START))
    due = _human_time(verdict.due, zone, False)
    if verdict.due_from is not None:
        due = f"{_human_time(verdict.due_from, zone, False)} to {due}"
    ended = ""
    if verdict.ended is not None:
        ended = _human_time(verdict.ended, zone, bool(verdict.whole & WHOLE_LEFT))
    return began, due, ended


def _human_time(instant: int, zone: ZoneInfo, day_only: bool) -> str:
    """ "Wed 8 Jan 2025 08:00 MST", or "Wed 8 Jan 2025" for a date alone."""
    local = from_micros(instant, zone)
    day = f"{local:%a} {local.day} {local:%b %Y}"
    return day if day_only else f"{day} {local:%H:%M} {local.tzname()}"


def _left(verdict: RowVerdict, zone: ZoneJudge, text: str) -> int | None:
    """The departure's first instant: as the judge read it, or read here for a row it did
    not judge (a booking without a hold)."""
    if verdict.began is not None:
        return verdict.ended
    return _earliest(zone, text) if text else None


def _day(zone: ZoneJudge, text: str) -> dt.date | None:
    """The local day a value names (None when it cannot be read)."""
    try:
        return dt.date.fromordinal(zone.window(text, "")[1])
    except (RowError, InputError):
        return None


def _earliest(zone: ZoneJudge, text: str) -> int | None:
    """The first instant a value may name, in microseconds (None when it cannot be read)."""
    try:
        return zone.window(text, "")[0][0]
    except (RowError, InputError):
        return None
