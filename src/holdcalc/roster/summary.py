"""Running totals of a `check` run, mergeable across worker processes."""

from __future__ import annotations

import array
import statistics

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

    def figures(self, bed_cost: float | None = None) -> dict[str, object]:
        """The totals as JSON-ready data."""
        centi = self.centihours
        total = sum(centi) / 100
        figures: dict[str, object] = {
            "rows": self.rows,
            "statuses": {
                status.value: count
                for status, count in self.counts.items()
                if count or status not in BOOKING_ONLY  # booking statuses only when seen
            },
            "errors": self.counts[Status.ERROR],
            "flagged": sum(count for status, count in self.counts.items() if status.flagged),
            "blank_lines_skipped": self.blank_lines,
            "over_detention_hours": {
                "rows": len(centi),
                "total": round(total, 2),
                "median": round(statistics.median(centi) / 100, 2) if centi else 0.0,
                "max": max(centi) / 100 if centi else 0.0,
            },
        }
        if self.day_first:
            figures["day_first_dates"] = self.day_first
        if self.departures_after:
            figures["departures_after_as_of"] = self.departures_after
        if bed_cost is not None:
            figures["bed_cost_per_day"] = bed_cost
            figures["over_detention_cost"] = round(total / 24 * bed_cost, 2)
        return figures
