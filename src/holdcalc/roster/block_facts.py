"""What the columnar engine found of a block's rows, for a watcher of the run (the
report's figures, the web page's stale rows) to count over arrays instead of being
told of each row: each row's status, its hours past the limit as its cell writes
them, whether it is stale, and its start. Rows the engine did not take are told to
the watcher one by one, with their verdicts, as the row engine tells them."""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from holdcalc.core.verdict import Status
from holdcalc.roster.column_reading import numpy
from holdcalc.roster.columnar import CODES
from holdcalc.roster.summary import Group, group_for


@dataclasses.dataclass(frozen=True)
class BlockFacts:
    """A block's rows as the columnar engine judged them (numpy arrays, one value a
    row of the block; meaningful where `taken`), and its cells (a pyarrow table)."""

    cells: Any
    taken: Any  # bool: judged over columns
    code: Any  # the status, as an index into columnar.CODES
    stale: Any  # bool: expired, and began long before the as-of time
    hundredths: Any  # hours past the limit, in hundredths, as the cell writes them
    began: Any  # the start's first instant (microseconds, UTC)
    began_day: Any  # the start's local day ordinal, as its cell gives it

    @functools.cached_property
    def kinds(self) -> tuple[Any, Any, Any]:
        """Over each row: held past the limit (its excess counted), stale, and flagged,
        as core.verdict and summary.group_for decide for its status and staleness (found
        once a block, for each watcher that asks)."""
        np = numpy()
        overrun, stale, flagged = (np.zeros(len(self.code), bool) for _ in range(3))
        for number, status in enumerate(CODES):
            for old in (False, True):
                rows = self.taken & (self.code == number) & (self.stale == old)
                group = group_for(status, old)
                overrun[rows] = group is not None and group is not Group.STALE
                stale[rows] = group is Group.STALE
                flagged[rows] = status.flagged and group is not Group.STALE
        return overrun, stale, flagged

    def statuses(self) -> dict[Status, int]:
        """How many rows taken have each status (those that have any)."""
        np = numpy()
        found = {
            status: int(np.count_nonzero(self.taken & (self.code == n)))
            for n, status in enumerate(CODES)
        }
        return {status: count for status, count in found.items() if count}
