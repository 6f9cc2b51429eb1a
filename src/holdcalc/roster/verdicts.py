"""A row's verdict, and the columns it appends to the row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from holdcalc.core.clock import HOUR
from holdcalc.core.verdict import Status, Verdict, stale

VERDICT_COLUMNS = ("hold_expires_at", "hold_status", "over_detained_hours", "hold_error")
BINDING_COLUMN = "binding_limit"


class RowVerdict(NamedTuple):
    """What `check` says of one row: the kernel's status, with what is shown beside it.

    The first five fields are the cells appended to the row, in VERDICT_COLUMNS order
    and then BINDING_COLUMN, so `cells` is a slice. `expires_at` is the ISO 8601 text of
    the limit judged against (blank on an error row), `hours` the hours past it as
    written, `error` why the row could not be judged, `binding` which limit bound;
    `due` is the limit in microseconds and `over` the microseconds certainly past it.
    Make one with `row_verdict` or `failed`, which keep `hours` in step with `over`.
    """

    expires_at: str
    status: Status  # a StrEnum member is the string of its value: it is its own cell
    hours: str
    error: str
    binding: str
    due: int | None
    over: int
    left: int = 0  # microseconds until the limit, for a hold still running
    due_from: int | None = None  # a whole-day start: the limit's earliest end (due is the latest)
    # The values as the judge read them, for what is made of the row after (letters, the
    # report), so none reads the row's text again: the start's first instant, the
    # departure's (None while still held), and which was a date alone (WHOLE_START,
    # WHOLE_LEFT; 0: both to the minute).
    began: int | None = None
    ended: int | None = None
    whole: int = 0
    # Expired, but its hold began long before the as-of time: no departure recorded,
    # probably released (core.verdict.stale); counted apart in the run's figures.
    stale: bool = False

    @property
    def exact(self) -> bool:
        """Both values read to the minute (a letter needs the hour)."""
        return self.began is not None and not self.whole

    def cells(self, with_binding: bool) -> tuple[str, ...]:
        """The values appended to the row."""
        return self[: cell_count(with_binding)]  # type: ignore[return-value]

    def noted(self, note: str) -> RowVerdict:
        """The same verdict with a note added to its error text."""
        return self._replace(error=f"{self.error}; {note}" if self.error else note)


def row_verdict(
    verdict: Verdict,
    expires_at: str,
    due: int,
    binding: str,
    due_from: int | None,
    began: int,
    ended: int | None,
    whole: int,
    stale_before: int,
) -> RowVerdict:
    """The row verdict of the kernel's verdict against the limit at `due` (for a start
    known only by its day, the limit falls between `due_from` and `due`), with the
    values as the judge read them (see RowTimes); a hold still held that began before
    `stale_before` is stale (core.verdict.stale)."""
    status, over, left = verdict
    return RowVerdict(
        expires_at=expires_at,
        status=status,
        hours=f"{over / HOUR:.2f}" if over else "0.00",
        error="",
        binding=binding,
        due=due,
        over=over,
        left=left or 0,
        due_from=due_from,
        began=began,
        ended=ended,
        whole=whole,
        stale=stale(status, began, stale_before),
    )


class RowTimes(NamedTuple):
    """A row's start and departure as the judge read them (microseconds, UTC)."""

    began: int
    ended: int | None  # None: still held
    whole: int  # WHOLE_START | WHOLE_LEFT: which value was a date alone


WHOLE_START, WHOLE_LEFT = 1, 2


# A row that a hold-flag column says had no hold: nothing to judge, nothing past a limit.
NO_HOLD = RowVerdict("", Status.NO_HOLD, "0.00", "", "", None, 0)


def failed(reason: str) -> RowVerdict:
    """The verdict of a row that cannot be judged."""
    return RowVerdict("", Status.ERROR, "", reason, "", None, 0)


def cell_count(with_binding: bool) -> int:
    """How many values a verdict appends to its row (its first fields: see RowVerdict)."""
    return len(VERDICT_COLUMNS) + 1 if with_binding else len(VERDICT_COLUMNS)


def verdict_columns(with_binding: bool) -> tuple[str, ...]:
    return (*VERDICT_COLUMNS, BINDING_COLUMN) if with_binding else VERDICT_COLUMNS


EXTRA_CELLS = "extra_cells"  # JSON key of the cells past the header's width
INPUT_PREFIX = "input_"  # put before an input column's name that a verdict column has


def output_names(header: Sequence[str], with_binding: bool) -> tuple[str, ...]:
    """The output's column names: the input's, then this run's verdict columns.

    This run's verdict is always under the documented names: an input column already
    called so (a checked file checked again) becomes input_<name>. Every name is unique,
    a repeated one taking _2, _3, ..., so no JSON key loses a value."""
    verdict = verdict_columns(with_binding)
    reserved = {*verdict, EXTRA_CELLS}
    taken = set(reserved)
    names = []
    for name in header:
        wanted = f"{INPUT_PREFIX}{name}" if name in reserved else name
        unique, n = wanted, 1
        while unique in taken:
            n += 1
            unique = f"{wanted}_{n}"
        taken.add(unique)
        names.append(unique)
    return (*names, *verdict)
