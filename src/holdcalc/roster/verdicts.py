"""A row's verdict, and the columns it appends to the row."""

from __future__ import annotations

from typing import NamedTuple

from holdcalc.core.clock import HOUR
from holdcalc.core.verdict import Status

VERDICT_COLUMNS = ("hold_expires_at", "hold_status", "over_detained_hours", "hold_error")
BINDING_COLUMN = "binding_limit"


class RowVerdict(NamedTuple):
    """What `check` says of one row: the kernel's status, with what is shown beside it.

    `expires_at` is the ISO 8601 text of the limit judged against (blank on an error
    row), `due` the same instant in microseconds, `over` the microseconds certainly
    past it, `error` why the row could not be judged, `binding` which limit bound.
    """

    status: Status
    expires_at: str = ""
    due: int | None = None
    over: int = 0
    error: str = ""
    binding: str = ""

    @property
    def hours(self) -> str:
        """Hours past the limit, two decimals; blank on an error row."""
        if self.status is Status.ERROR:
            return ""
        return f"{self.over / HOUR:.2f}"

    def cells(self, with_binding: bool) -> tuple[str, ...]:
        """The values appended to the row, in VERDICT_COLUMNS order."""
        cells = (self.expires_at, self.status.value, self.hours, self.error)
        return (*cells, self.binding) if with_binding else cells

    def noted(self, note: str) -> RowVerdict:
        """The same verdict with a note added to its error text."""
        return self._replace(error=f"{self.error}; {note}" if self.error else note)


def failed(reason: str) -> RowVerdict:
    """The verdict of a row that cannot be judged."""
    return RowVerdict(Status.ERROR, error=reason)


def verdict_columns(with_binding: bool) -> tuple[str, ...]:
    return (*VERDICT_COLUMNS, BINDING_COLUMN) if with_binding else VERDICT_COLUMNS
