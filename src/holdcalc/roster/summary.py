"""Running totals of a `check` run, mergeable across worker processes."""

from __future__ import annotations

import array
import dataclasses
import enum
import functools
import itertools
import re
from collections.abc import Mapping

from holdcalc.core.clock import DAY
from holdcalc.core.verdict import BOOKING_ONLY, OVERRUN, Status
from holdcalc.roster.peek import SharedBookings
from holdcalc.roster.verdicts import RowVerdict

# A kind of reason rows could not be judged: how many rows gave it, the first row's
# whole message, and that row's number among the rows judged (1 for the first; the
# output's rows). As a run shows it, ("", 0) for the others counted together.
Reason = tuple[int, str, int]
Reasons = dict[str, Reason]  # by kind (reason_kind: the message's shape), as first met
Part = tuple[
    int, dict[str, int], int, tuple[bytes, bytes, bytes], int, int, int, int, bool, Reasons
]
# Kinds of reason a run keeps apart; rows of any further kind are counted as one. A
# block's summary keeps them all (no more than its rows), so that blocks merged in order
# keep the kinds one process keeps, whatever the blocks: the same figures.
REASON_KINDS = 256
SHOWN_REASONS = 3  # the commonest kinds a run names
# A quoted value, its escapes (a backslash and the character after it) included: written
# as a run of plain characters, then escapes each followed by such a run (the same
# matches as alternating the two character by character, a third quicker to find).
_QUOTED = re.compile(r"'[^'\\]*(?:\\.[^'\\]*)*'|\"[^\"\\]*(?:\\.[^\"\\]*)*\"")
_ASIDE = re.compile(r" ?\([^()]*\)")  # "(did you mean ...)", "(month 13 is not 1-12)"
_NUMBER = re.compile(r"\d+")


@functools.lru_cache(maxsize=4096)
def reason_kind(message: str) -> str:
    """An error's kind: its message without its quoted values, asides in parentheses and
    numbers, so that rows that fail alike are counted together. Kept for the messages
    met last: rows of an unknown zone, or with the same odd value, share theirs (a fifth
    of an error row's time in a worker, found anew each time)."""
    return _NUMBER.sub("#", _ASIDE.sub("", _QUOTED.sub("'...'", message)))


class Group(enum.Enum):
    """The kinds of excess, kept apart in every figure: holds whose departure came after
    the limit, holds still running past it as of the as-of time, and expired rows whose
    hold began so long before it that their departure was probably never recorded."""

    RELEASED_LATE = "released_late"
    STILL_HELD = "still_held_past_limit"
    STALE = "stale_no_departure"


def group_of(verdict: RowVerdict) -> Group | None:
    """The kind of excess a row is, if any."""
    return group_for(verdict.status, verdict.stale)


def group_for(status: Status, stale: bool) -> Group | None:
    """The kind of excess a row of `status` is (`stale`: judged stale), if any: the one
    place that sorts them (the columnar engine asks it of each status over arrays)."""
    if status is Status.OVER_DETAINED:
        return Group.RELEASED_LATE
    if status is Status.EXPIRED:
        return Group.STALE if stale else Group.STILL_HELD
    return None


# Past the limit by more than a year (in hundredths of an hour), a row is more likely a
# wrong value than a hold (a placeholder date such as 1970-01-01, a mistyped year): its
# verdict stands, and a run says so. Stale rows aside: their departure was never recorded.
LONG_OVERRUN = 365 * 24 * 100
NOT_STALE = (Group.RELEASED_LATE, Group.STILL_HELD)  # the excess counted in every total


def centihours(verdict: RowVerdict) -> int:
    """An overrun row's hours past the limit as its cell writes them, in hundredths."""
    return round(float(verdict.hours) * 100)


def is_long_overrun(verdict: RowVerdict) -> bool:
    """Whether a row is past its limit by more than a year (and not stale)."""
    return group_of(verdict) in NOT_STALE and centihours(verdict) > LONG_OVERRUN


class Summary:
    """Counts by status, and 4 bytes per overrun row for an exact median of hours over."""

    def __init__(self, reason_kinds: int | None = REASON_KINDS) -> None:
        self.rows = 0
        self.counts: dict[Status, int] = dict.fromkeys(Status, 0)
        # Hours past the limit in hundredths, by group (21 million hours fit).
        self.centihours = {group: array.array("i") for group in Group}
        self.blank_lines = 0
        self.day_first = 0  # rows in error for a date that reads only day first
        self.departures_after = 0  # rows whose departure comes after the as-of time
        self.ended_holds = 0  # holds judged whose departure is recorded
        self.held = 0  # microseconds from their starts to their departures
        self.blank_zone = False  # a row's zone cell was blank: read in the run's own zone
        self.reasons: Reasons = {}
        self._reason_kinds = reason_kinds  # None: a block's, every kind kept

    def to_part(self) -> Part:
        """The totals as plain values, to send from a worker process. Each group's hours
        go sorted: the median at the end of the run then sorts runs already in order,
        which Python's sort merges (0.16 s there on 1,000,000 rows, 0.06 s so)."""
        counts = {status.value: count for status, count in self.counts.items()}
        late, held, stale = (
            array.array("i", sorted(self.centihours[group])).tobytes() for group in Group
        )
        return (
            self.rows,
            counts,
            self.blank_lines,
            (late, held, stale),
            self.day_first,
            self.departures_after,
            self.ended_holds,
            self.held,
            self.blank_zone,
            self.reasons,
        )

    def merge(self, part: Part) -> None:
        rows, counts, blank_lines, centihours, day_first, after, ended, held, blank_zone, why = part
        self.rows += rows
        for status, count in counts.items():
            self.counts[Status(status)] += count
        self.blank_lines += blank_lines
        for group, data in zip(Group, centihours, strict=True):
            self.centihours[group].frombytes(data)
        self.day_first += day_first
        self.departures_after += after
        self.ended_holds += ended
        self.held += held
        self.blank_zone |= blank_zone
        before = self.rows - rows  # the block's row numbers follow the rows merged so far
        for kind, (count, first, row) in why.items():
            self._reason(kind, (first, before + row), count)

    def add(self, verdict: RowVerdict, row: int | None = None) -> None:
        """Count a row by its verdict: its status, the hours over as its cell writes them
        (in its group), and the time held on a hold that ended (a verdict with a
        departure always has its start). `row`: its number among this summary's rows
        when they are not added in order (the next one's by default)."""
        self.rows += 1
        self.counts[verdict.status] += 1
        if verdict.status in OVERRUN:
            self._overrun(verdict)
        elif verdict.status is Status.ERROR:
            place = self.rows if row is None else row
            self._reason(reason_kind(verdict.error), (verdict.error, place), 1)
        if verdict.ended is not None:
            assert verdict.began is not None
            self.ended_holds += 1
            self.held += verdict.ended - verdict.began

    def _reason(self, kind: str, first: tuple[str, int], count: int) -> None:
        """Count rows that failed for a reason of `kind` (`first`: the first one's
        message and row number)."""
        found = self.reasons.get(kind)
        limit = self._reason_kinds
        if found is None and limit is not None and len(self.reasons) >= limit:
            kind, first = "", ("", first[1])  # one kind too many: the others, as one
            found = self.reasons.get(kind)
        if found is None:
            self.reasons[kind] = (count, *first)
        else:
            self.reasons[kind] = (found[0] + count, found[1], found[2])

    def commonest_reasons(self) -> tuple[Reason, ...]:
        """The commonest kinds of reason (rows, the first row's message and number), the
        most rows first (the first met, of kinds as common), and the others counted as
        one ("", 0)."""
        named = [found for kind, found in self.reasons.items() if kind]
        shown = tuple(sorted(named, key=lambda found: -found[0])[:SHOWN_REASONS])
        rest = self.counts[Status.ERROR] - sum(found[0] for found in shown)
        return (*shown, (rest, "", 0)) if rest else shown

    def _overrun(self, verdict: RowVerdict) -> None:
        group = group_of(verdict)
        assert group is not None  # told of overrun rows only
        self.centihours[group].append(centihours(verdict))

    def long_overruns(self) -> int:
        """How many rows are past their limit by more than a year (is_long_overrun)."""
        kept = [self.centihours[group] for group in NOT_STALE]
        if max((max(centi) for centi in kept if centi), default=0) <= LONG_OVERRUN:
            return 0  # the usual case, at the speed of max() alone
        return sum(1 for centi in kept for one in centi if one > LONG_OVERRUN)

    def figures(
        self, bed_cost: float | None = None, stale_after: float | None = None
    ) -> RunFigures:
        """The run's totals; with `bed_cost` (dollars a day), what the days cost;
        `stale_after`, the days after which an expired row was called stale."""
        ordered = {group: sorted(centi) for group, centi in self.centihours.items()}
        groups = {  # no cost for stale rows: when the person left is unknown
            group: _hours(hours, None if group is Group.STALE else bed_cost)
            for group, hours in ordered.items()
        }
        every = _hours(sorted(itertools.chain.from_iterable(ordered.values())))
        days = self.held / DAY
        return RunFigures(
            rows=self.rows,
            statuses={
                status.value: count
                for status, count in self.counts.items()
                if count or status not in BOOKING_ONLY  # booking statuses only when seen
            },
            errors=self.counts[Status.ERROR],
            flagged=sum(count for status, count in self.counts.items() if status.flagged),
            blank_lines_skipped=self.blank_lines,
            over_detention_hours=every,
            day_first_dates=self.day_first,
            departures_after_as_of=self.departures_after,
            long_overruns=self.long_overruns(),
            bed_cost_per_day=bed_cost,
            over_detention_cost=None if bed_cost is None else round(every.total / 24 * bed_cost, 2),
            groups=groups,
            stale_after_days=stale_after,
            held=HeldDays(self.ended_holds, round(days, 2), _cost(days, bed_cost)),
            error_reasons=self.commonest_reasons(),
        )


def _cost(days: float, bed_cost: float | None) -> float | None:
    return None if bed_cost is None else round(days * bed_cost, 2)


def _hours(ordered: list[int], bed_cost: float | None = None) -> OverHours:
    """The figures of hours over in hundredths, `ordered` least first (the median as
    statistics.median takes it: the middle one, or the mean of the middle two)."""
    if not ordered:
        return OverHours(rows=0, total=0.0, median=0.0, max=0.0, cost=_cost(0.0, bed_cost))
    total = sum(ordered) / 100
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return OverHours(
        rows=len(ordered),
        total=round(total, 2),
        median=round(median / 100, 2),
        max=ordered[-1] / 100,
        days=round(total / 24, 2),
        cost=_cost(total / 24, bed_cost),
    )


@dataclasses.dataclass(frozen=True)
class OverHours:
    """Hours past the limit over the rows that were overrun."""

    rows: int
    total: float
    median: float
    max: float
    days: float = 0.0  # the total in days of 24 hours
    cost: float | None = None  # the days at the bed cost, when one was given


@dataclasses.dataclass(frozen=True)
class HeldDays:
    """Time held on holds that ended (a departure recorded), from each start to the
    departure; a date alone counts from its local midnight."""

    holds: int
    days: float
    cost: float | None = None


@dataclasses.dataclass(frozen=True)
class RunFigures:
    """What a check run counted: each front end shows these, and a summary file holds
    `as_json()`. The optional figures are None (or 0) when they do not apply."""

    rows: int
    statuses: Mapping[str, int]  # by status slug
    errors: int
    flagged: int
    blank_lines_skipped: int
    over_detention_hours: OverHours
    day_first_dates: int = 0
    departures_after_as_of: int = 0
    long_overruns: int = 0  # rows past the limit by over a year (is_long_overrun)
    bed_cost_per_day: float | None = None
    over_detention_cost: float | None = None
    policy_notice: str | None = None  # with binding limits: the law table's notice
    agency: str | None = None  # whom the law-table entries were chosen for
    # Per-charge rosters: bookings with a hold by month, of the hold's start and of the
    # booking ({"by_hold_start": {"2016-09": 12, ...}, "by_booking_date": {...}}).
    holds_per_month: Mapping[str, Mapping[str, int]] | None = None
    # The three kinds of excess apart (see Group). over_detention_hours and its cost add
    # them all, as the checked file's over-detained and expired rows do: the report's
    # headline and sentence never do.
    groups: Mapping[Group, OverHours] = dataclasses.field(default_factory=dict)
    stale_after_days: float | None = None
    held: HeldDays = HeldDays(0, 0.0)
    # A booking's several rows with different starts: a per-charge export
    # judged as a table of holds, each charge's release read as a hold's start.
    shared_bookings: SharedBookings | None = None
    # Why rows could not be judged: (rows, the first one's message and row number) of
    # the commonest kinds of reason, and last (rows, "", 0) for the others, if any.
    error_reasons: tuple[Reason, ...] = ()

    def as_json(self) -> dict[str, object]:
        """The figures as JSON-ready data: a figure that does not apply is left out."""
        data: dict[str, object] = {
            "rows": self.rows,
            "statuses": dict(self.statuses),
            "errors": self.errors,
            "flagged": self.flagged,
            "blank_lines_skipped": self.blank_lines_skipped,
            "over_detention_hours": _plain(self.over_detention_hours),
            "excess": {group.value: _plain(hours) for group, hours in self.groups.items()},
            "stale_after_days": self.stale_after_days,
            "held_on_holds": _plain(self.held),
        }
        if self.day_first_dates:
            data["day_first_dates"] = self.day_first_dates
        if self.departures_after_as_of:
            data["departures_after_as_of"] = self.departures_after_as_of
        if self.long_overruns:
            data["past_limit_over_a_year"] = self.long_overruns
        if self.bed_cost_per_day is not None:
            data["bed_cost_per_day"] = self.bed_cost_per_day
            data["over_detention_cost"] = self.over_detention_cost
        if self.policy_notice is not None:
            data["policy_notice"] = self.policy_notice
            data["agency"] = self.agency
        if self.holds_per_month is not None:
            data["holds_per_month"] = {k: dict(v) for k, v in self.holds_per_month.items()}
        if self.shared_bookings is not None:
            data["shared_bookings"] = dataclasses.asdict(self.shared_bookings)
        if self.error_reasons:
            data["error_reasons"] = [
                {"rows": rows, "first": first or None, "first_row": row or None}
                for rows, first, row in self.error_reasons
            ]
        return data


def _plain(figure: OverHours | HeldDays) -> dict[str, object]:
    """A figure as JSON data, without a cost when no bed cost was given."""
    data = dataclasses.asdict(figure)
    if data.get("cost", 0) is None:
        del data["cost"]
    return data
