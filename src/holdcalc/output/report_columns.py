"""A report's figures counted over arrays, for the rows of a block the columnar engine
took (roster.block_facts): what ReportFigures.__call__ counts of each row, counted
at once. tests/test_report.py holds the pages of both engines to the same bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from holdcalc.core.clock import EPOCH_ORDINAL
from holdcalc.output.report_data import HOUR_BANDS, LONGEST, Tally
from holdcalc.roster.column_reading import numpy
from holdcalc.roster.columns import cell

if TYPE_CHECKING:
    from holdcalc.output.report_data import ReportFigures
    from holdcalc.roster.block_facts import BlockFacts


def count_columns(figures: ReportFigures, facts: BlockFacts) -> None:
    """Add the taken rows' counts, bands of hours and tallies (by facility, month and
    weekday of the start) to `figures`."""
    np = numpy()
    for status, count in facts.statuses().items():
        figures.counts[status] += count
    overrun, _, flagged = facts.kinds
    centi = np.where(overrun, facts.hundredths, 0)
    bounds = np.array(HOUR_BANDS, np.int64) * 100  # a band's lower bound, in hundredths
    bands = np.searchsorted(bounds, centi[overrun], side="right") - 1
    for band, count in enumerate(np.bincount(bands, minlength=len(HOUR_BANDS)).tolist()):
        figures.bands[band] += count
    taken = facts.taken
    counted = (flagged[taken], overrun[taken], centi[taken])
    day = facts.began_day[taken]
    weekday = (day + 6) % 7  # Monday 0, as date.weekday()
    _tally(figures.weekdays, weekday, range(7), counted)
    months = (day - EPOCH_ORDINAL).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    found, which = np.unique(months, return_inverse=True)
    keys = [(1970 + month // 12, month % 12 + 1) for month in found.tolist()]
    _tally(figures.months, which, keys, counted)
    if figures.facility is not None:
        texts = facts.cells.column(figures.facility).combine_chunks().filter(taken)
        encoded = texts.dictionary_encode()
        names = [cell([text], 0) for text in encoded.dictionary.to_pylist()]
        _tally(figures.facilities, encoded.indices.to_numpy(zero_copy_only=False), names, counted)


def _tally(tallies: Any, which: Any, keys: Any, counted: tuple[Any, Any, Any]) -> None:
    """Count each row in the tally of its key (`which`: its key's place in `keys`):
    a hold, flagged, held past the limit, and the hours past it (`counted`)."""
    np = numpy()
    flagged, overrun, centi = counted
    size = len(keys)
    holds = np.bincount(which, minlength=size).tolist()
    flags = np.bincount(which, weights=flagged, minlength=size)
    overruns = np.bincount(which, weights=overrun, minlength=size)
    hours = np.bincount(which, weights=centi, minlength=size)  # exact below 2**53
    for place, key in enumerate(keys):
        if holds[place]:
            tally: Tally = tallies[key]
            tally.add(
                Tally(holds[place], int(flags[place]), int(overruns[place]), int(hours[place]))
            )


def wanted(facts: BlockFacts) -> list[int]:
    """The taken rows that may be among the LONGEST longest overruns (the highest
    hours, ties included) or the LONGEST earliest stale rows: a superset of those the
    tables keep, as each table keeps the LONGEST first of whatever it is offered."""
    np = numpy()
    overrun, stale, _ = facts.kinds
    rows = []
    for chosen, value in ((overrun, -facts.hundredths), (stale, facts.began)):
        places = np.flatnonzero(chosen)
        if places.size > LONGEST:
            values = value[places]
            last = np.partition(values, LONGEST - 1)[LONGEST - 1]
            places = places[values <= last]
        rows += places.tolist()
    return sorted(set(rows))
