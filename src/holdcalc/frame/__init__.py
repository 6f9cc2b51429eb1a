"""holdcalc inside dataframes: `judge` gives each row of a table the verdict `holdcalc
check` gives it, as typed columns, for researchers who work in pandas, polars, Arrow,
DuckDB, Dask or Spark.

    from holdcalc.frame import judge
    verdicts = judge(df, zone="America/Chicago", as_of="2026-11-01T00:00Z")

`judge` takes an Arrow table or record batch, or a pandas or polars DataFrame, finds
the start, departure and zone columns by name as `check` does, and returns the four
verdict columns (`hold_expires_at`, `hold_status`, `over_detained_hours`,
`hold_error`) in the input's own library. A row that cannot be judged gets its reason
in `hold_error`, never a guess. It needs pyarrow and numpy (the `frame` extra).

`judge_bookings` takes a table of one row per charge (the hold a charge row of its own)
and gives one row per booking, as `holdcalc check` does given the booking column.
"""

from __future__ import annotations

from holdcalc.frame.api import FrameSettings, judge
from holdcalc.frame.bookings import judge_bookings
from holdcalc.frame.tables import FrameWarning

__all__ = ["FrameSettings", "FrameWarning", "judge", "judge_bookings"]
