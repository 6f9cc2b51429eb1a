"""Running totals of a `check` run, mergeable across worker processes."""

from __future__ import annotations

import array
import dataclasses
import statistics
from collections.abc import Mapping

from holdcalc.core.verdict import BOOKING_ONLY, OVERRUN, Status

Part = tuple[int, dict[str, int], int, bytes, int, int]


class Summary:
    """Counts by status, and 4 bytes per overrun row for an exact median of hours over."""

    def __init__(self) -> None:
        self.rows = 0
        self.counts: dict[Status, int] = dict.fromkeys(Status, 0)
        self.centihours = array.array("i")  # 21 million hours fit
        self.blank_lines = 0
        self.day_first = 0  # rows in error for a date that reads only day first
        self.departures_after = 0  # rows whose departure comes after the as-of time

    def to_part(self) -> Part:
        """The totals as plain values, to send from a worker process."""
        counts = {status.value: count for status, count in self.counts.items()}
        after = self.departures_after
        return self.rows, counts, self.blank_lines, self.centihours.tobytes(), self.day_first, after

    def merge(self, part: Part) -> None:
        rows, counts, blank_lines, centihours, day_first, after = part
        self.rows += rows
        for status, count in counts.items():
            self.counts[Status(status)] += count
        self.blank_lines += blank_lines
        self.centihours.frombytes(centihours)
        self.day_first += day_first
        self.departures_after += after

    def add(self, status: Status, hours: str) -> None:
        """Count a row by its status and the hours over as written in its output."""
        self.rows += 1
        self.counts[status] += 1
        if status in OVERRUN:
            self.centihours.append(round(float(hours) * 100))

    def figures(self, bed_cost: float | None = None) -> RunFigures:
        """The run's totals; with `bed_cost` (dollars a day), what the hours past cost."""
        centi = self.centihours
        total = sum(centi) / 100
        over = OverHours(
            rows=len(centi),
            total=round(total, 2),
            median=round(statistics.median(centi) / 100, 2) if centi else 0.0,
            max=max(centi) / 100 if centi else 0.0,
        )
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
            over_detention_hours=over,
            day_first_dates=self.day_first,
            departures_after_as_of=self.departures_after,
            bed_cost_per_day=bed_cost,
            over_detention_cost=None if bed_cost is None else round(total / 24 * bed_cost, 2),
        )


@dataclasses.dataclass(frozen=True)
class OverHours:
    """Hours past the limit over the rows that were overrun."""

    rows: int
    total: float
    median: float
    max: float


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
    bed_cost_per_day: float | None = None
    over_detention_cost: float | None = None
    policy_notice: str | None = None  # with binding limits: the law table's notice
    agency: str | None = None  # whom the law-table entries were chosen for
    # Per-charge rosters: bookings with a hold by month, of the hold's start and of the
    # booking ({"by_hold_start": {"2016-09": 12, ...}, "by_booking_date": {...}}).
    holds_per_month: Mapping[str, Mapping[str, int]] | None = None

    def as_json(self) -> dict[str, object]:
        """The figures as JSON-ready data: a figure that does not apply is left out."""
        data: dict[str, object] = {
            "rows": self.rows,
            "statuses": dict(self.statuses),
            "errors": self.errors,
            "flagged": self.flagged,
            "blank_lines_skipped": self.blank_lines_skipped,
            "over_detention_hours": dataclasses.asdict(self.over_detention_hours),
        }
        if self.day_first_dates:
            data["day_first_dates"] = self.day_first_dates
        if self.departures_after_as_of:
            data["departures_after_as_of"] = self.departures_after_as_of
        if self.bed_cost_per_day is not None:
            data["bed_cost_per_day"] = self.bed_cost_per_day
            data["over_detention_cost"] = self.over_detention_cost
        if self.policy_notice is not None:
            data["policy_notice"] = self.policy_notice
            data["agency"] = self.agency
        if self.holds_per_month is not None:
            data["holds_per_month"] = {k: dict(v) for k, v in self.holds_per_month.items()}
        return data
