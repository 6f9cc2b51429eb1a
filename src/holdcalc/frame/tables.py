"""Tables in and out of the frame API: Arrow at the centre, pandas and polars converted
at the edges. Rows are judged by the columnar path (roster.columnar: the row engine's
reading and counting over whole columns; roster.column_limits for binding limits) where
it applies; each other row's used cells become the text `check` would read in a CSV
cell (a timestamp its ISO text, with its offset when it has a zone; a date its ISO
date, which the row engine keeps as the window of its day) and take the row engine's
own path. The verdicts go back as typed columns."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable
from typing import Any

from holdcalc.core.clock import EPOCH_ORDINAL
from holdcalc.core.errors import InputError
from holdcalc.core.stand_ins import PLACEHOLDER_DAY
from holdcalc.core.verdict import Status
from holdcalc.roster import column_limits, column_plans, column_reading, columnar
from holdcalc.roster.column_reading import NONE, Read, arrow, beside, numpy
from holdcalc.roster.columns import ColumnNames, Columns, Role, find_column, find_columns
from holdcalc.roster.peek import shared_runs
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import JudgeSettings
from holdcalc.roster.shapes import ShapeCache
from holdcalc.roster.stacked import PEEK
from holdcalc.roster.summary import LONG_OVERRUN, NOT_STALE, Summary, group_for
from holdcalc.roster.verdicts import BINDING_COLUMN, VERDICT_COLUMNS, RowVerdict

EXPIRES, STATUS, HOURS, ERROR = VERDICT_COLUMNS
PLACEHOLDER = PLACEHOLDER_DAY.toordinal()


STATUSES = tuple(Status)


@dataclasses.dataclass
class Verdicts:
    """The verdict columns being filled: numpy arrays, one entry a row (the frame
    extra brings numpy with pyarrow)."""

    due: Any  # int64 microseconds; `dated` says which rows have one
    dated: Any
    status: Any  # index into STATUSES
    hours: Any  # float64; NaN where there are none
    stale: Any  # bool: expired, and begun so long ago that its departure went unrecorded
    error: dict[int, str]
    binding: dict[int, str]  # the row engine's rows' binding texts
    labels: Any  # the columnar path's rows' binding texts, as numbers into TEXTS (or NONE)

    @classmethod
    def empty(cls, size: int) -> Verdicts:
        np = numpy()
        return cls(
            np.zeros(size, np.int64),
            np.zeros(size, bool),
            np.zeros(size, np.int64),
            np.full(size, np.nan),
            np.zeros(size, bool),
            {},
            {},
            np.full(size, NONE, np.int64),
        )

    def put(self, row: int, verdict: RowVerdict) -> None:
        """One row's verdict from the row engine."""
        if verdict.expires_at and verdict.due is not None:
            self.due[row], self.dated[row] = verdict.due, True
        self.status[row] = STATUSES.index(verdict.status)
        if verdict.hours:
            self.hours[row] = float(verdict.hours)
        self.stale[row] = verdict.stale
        if verdict.error:
            self.error[row] = verdict.error
        if verdict.binding:
            self.binding[row] = verdict.binding

    def table(self, with_binding: bool) -> Any:
        pa, np = arrow(), numpy()
        size = len(self.due)
        names = pa.array([status.value for status in STATUSES])
        columns = {
            EXPIRES: pa.array(self.due, type=pa.timestamp("us", tz="UTC"), mask=~self.dated),
            STATUS: names.take(pa.array(self.status)),
            HOURS: pa.array(self.hours, type=pa.float64(), mask=np.isnan(self.hours)),
            ERROR: _sparse(self.error, size),
        }
        if with_binding:
            columns[BINDING_COLUMN] = _sparse(self.binding, size, self.labels)
        return pa.table(columns)


def _sparse(texts: dict[int, str], size: int, labels: Any | None = None) -> Any:
    """A string column that is null but at the rows given (and, with `labels`, at the
    rows numbering one of column_plans.TEXTS)."""
    np, pa = numpy(), arrow()
    values = np.full(size, None, dtype=object)
    if labels is not None:
        numbered = labels != NONE
        values[numbered] = np.array(column_plans.TEXTS.texts, dtype=object)[labels[numbered]]
    values[list(texts)] = list(texts.values())
    return pa.array(values, type=pa.string())


def judge_arrow(
    table: Any, settings: JudgeSettings, names: ColumnNames, engine: str = "auto"
) -> Any:
    """Every row of an Arrow table judged: the columnar path (roster.columnar) where it
    applies, the row engine itself for the other rows (and
    for every row with `engine="row"`)."""
    header = list(table.schema.names)
    found = find_columns(header, names)
    used = sorted({index for _, index in found.used()})
    judge = RowJudge(_narrowed(found, used), settings)
    verdicts = Verdicts.empty(table.num_rows)
    rest = numpy().arange(table.num_rows)
    if _columnar(table, found, settings, engine):
        rest = _fast_rows(table, found, judge, verdicts)
    texts = [cell_texts(table.column(index).take(rest), header[index]) for index in used]
    verdict = judge.verdict
    for row, values in zip(rest.tolist(), zip(*texts, strict=True), strict=True):
        verdicts.put(row, verdict(values))
    warn_read(judge)
    _warn_unread(found, settings.zone)
    _warn_shared(table, found)
    _warn_long(verdicts)
    return verdicts.table(settings.limits is not None)


class FrameWarning(UserWarning):
    """What `check` says on stderr beside its rows, said by the frame API as a warning."""


def warn_read(judge: RowJudge, day_first: int = 0) -> None:
    """Warn, as `check` does, of departures after the as-of time (their verdicts take
    them as given) and of dates that read only day first (read month first; `day_first`
    more such rows read elsewhere, as charge rows are grouped)."""
    summary = Summary()
    judge.hand_over(summary)
    summary.day_first += day_first
    if summary.departures_after:
        warnings.warn(
            f"{summary.departures_after:,} row(s) have a departure after the as-of time: "
            "their verdicts take the departure as given; check those values or as_of",
            FrameWarning,
            stacklevel=4,
        )
    if summary.day_first:
        warnings.warn(
            f"{summary.day_first:,} row(s) hold a date that reads only day first (such as "
            "27/11/2024), yet slash dates were read month first; if the table writes the "
            "day first, judge it again with dayfirst=True",
            FrameWarning,
            stacklevel=4,
        )


def _warn_unread(found: Columns, zone: str | None) -> None:
    """Warn, as `check` does, of a column named like a zone where none is read as one."""
    unread = found.zone_like()
    if unread:
        read = f"every row was read in {zone}" if zone else "no row had a zone to be judged in"
        warnings.warn(
            f"the column {unread[0]!r} is named like a time zone, but no column is read as "
            f"one: {read}; if it holds each row's zone, judge again with tz={unread[0]!r}",
            FrameWarning,
            stacklevel=4,
        )


def _warn_long(verdicts: Verdicts) -> None:
    """Warn, as `check` does, of rows past the limit by more than a year (not stale):
    more likely a placeholder date or a mistyped year than a hold."""
    np = numpy()
    counted = np.zeros(len(verdicts.status), bool)  # the excess of every total, by group_for
    for number, status in enumerate(STATUSES):
        for stale in (False, True):
            if group_for(status, stale) in NOT_STALE:
                counted |= (verdicts.status == number) & (verdicts.stale == stale)
    centi = np.rint(np.nan_to_num(verdicts.hours) * 100)
    long = counted & (centi > LONG_OVERRUN)
    if np.any(long):
        days = float(np.max(centi[long])) / 100 / 24
        warnings.warn(
            f"{int(np.count_nonzero(long)):,} row(s) are past the limit by more than a year "
            f"(the most: {days:,.0f} days); a hold that long is unlikely: check their start "
            "and departure values (a placeholder date such as 1970-01-01, a mistyped year)",
            FrameWarning,
            stacklevel=4,
        )


def _warn_shared(table: Any, found: Columns) -> None:
    """Warn, as `check` does, of a booking on several rows with different
    starts among the first rows: a table of one row per charge, each judged as a hold."""
    header, first = found.header, table.slice(0, PEEK)
    booking = find_column(header, Role.BOOKING)
    if booking is None:
        return
    wanted = [index for index in (booking, found.start, found.start_time) if index is not None]
    cells = [[text.strip() for text in _texts(first.column(i), header[i])] for i in wanted]
    shared = shared_runs(header[booking], cells[0], list(zip(*cells[1:], strict=True)))
    if shared is not None:
        warnings.warn(
            f"{shared.column} {shared.first!r} has {shared.rows:,} rows with different "
            f"starts ({shared.bookings:,} such booking(s) in the first rows), "
            "as a table of one row per charge has: each row was judged as a hold of its own; "
            f"judge_bookings(table, group_by={shared.column!r}) judges each booking by its hold "
            "row",
            FrameWarning,
            stacklevel=4,
        )


def _texts(column: Any, name: str) -> list[str]:
    """A column's first values as text: as `check` reads a cell, or as written (a
    booking number held as a number)."""
    try:
        return cell_texts(column, name)
    except InputError:
        return ["" if value is None else str(value) for value in column.to_pylist()]


def _columnar(table: Any, found: Columns, settings: JudgeSettings, engine: str) -> bool:
    """Whether the columnar path can take rows: not asked for the row engine, values in
    whole columns, the shape caches in use, and a jurisdiction column (if the law is
    asked for and there is one) of text."""
    pairs = [(found.start, found.start_time), (found.released, found.released_time)]
    split = [index for pair in pairs if pair[1] is not None for index in pair]
    # A date column with a time column beside it is joined over arrays when both are text.
    joined = all(_is_text(_decoded(table.column(index))[1]) for index in split)
    places = settings.limits is None or found.jurisdiction is None
    if not places:
        places = _is_text(_decoded(table.column(found.jurisdiction))[1])
    return engine != "row" and joined and not settings.formats and places


def _fast_rows(table: Any, found: Columns, judge: RowJudge, verdicts: Verdicts) -> Any:
    """Fill `verdicts` for the rows the columnar path takes; the others' positions."""
    np = numpy()
    start = _read_pair(table, (found.start, found.start_time), judge.shapes, found.nulls)
    released = found.released
    left = None
    if released is not None:
        pair = (released, found.released_time)
        left = _read_pair(table, pair, judge.shapes, found.nulls, departure=True)
    zone_cells = None if found.tz is None else table.column(found.tz)
    zones = columnar.zones_of(zone_cells, table.num_rows)
    taken = np.zeros(table.num_rows, bool)
    law = _law(table, found, judge.settings)
    for zone, rows, part, labels in column_limits.by_zone(
        judge.zone_judge, zones, start, left, law
    ):
        chosen = rows[part.taken]
        if labels is not None:  # the binding limits, as check's columnar engine has them
            verdicts.labels[chosen] = labels[part.taken]
        zone.departures_after += int(np.count_nonzero(part.taken & part.coming))
        taken[chosen] = True
        verdicts.due[chosen], verdicts.dated[chosen] = part.due[part.taken], True
        verdicts.status[chosen] = columnar.status_index()[part.code[part.taken]]
        verdicts.hours[chosen] = columnar.hours(part.over[part.taken])
        verdicts.stale[chosen] = part.stale[part.taken]
    return np.flatnonzero(~taken)


def _law(table: Any, found: Columns, settings: JudgeSettings) -> column_limits.Law | None:
    """The binding limits as the rows ask for them, or None without them."""
    cells = None
    if found.jurisdiction is not None:
        cells = _decoded(table.column(found.jurisdiction).combine_chunks())[0]
        cells = cells.cast(arrow().string()).fill_null("")
    return column_limits.Law.of(settings.limits, cells)


def _read_pair(
    table: Any,
    pair: tuple[int, int | None],
    shapes: ShapeCache,
    nulls: frozenset[str],
    *,
    departure: bool = False,
) -> Read:
    """A time column's values as the columnar path reads them; with a time column beside
    it (both text), each pair of cells joined as `check` joins them (a missing value
    blank)."""
    date, time = pair
    if time is None:
        return _read(table.column(date), shapes, nulls)
    pa = arrow()
    dates, times = (
        _decoded(table.column(index).combine_chunks())[0].cast(pa.string()).fill_null("")
        for index in (date, time)
    )
    return column_reading.pieces(beside(dates, times, nulls, departure=departure), shapes, nulls)


def _read(column: Any, shapes: ShapeCache, nulls: frozenset[str]) -> Read:
    """A column's values as the columnar path reads them: text through the shape caches, a
    timestamp without a zone by its wall clock; any other type is left to the row
    engine (NONE)."""
    pa, np = arrow(), numpy()
    column, kind = _decoded(column.combine_chunks())
    if _is_text(kind):
        return column_reading.pieces(column.cast(pa.string()), shapes, nulls)
    blank = column.is_null().to_numpy(zero_copy_only=False)
    point = np.zeros(len(column), bool)
    if pa.types.is_timestamp(kind) and kind.tz is None:
        micros = column.cast(pa.timestamp("us")).cast(pa.int64()).fill_null(0).to_numpy()
        day, since = np.divmod(micros, columnar.DAY_MICROS)
        # A day that stands for no time (1900-01-01) goes to the row engine, which names it.
        ordinal = np.where(blank | (day + EPOCH_ORDINAL == PLACEHOLDER), NONE, day + EPOCH_ORDINAL)
        return Read(ordinal, np.where(blank, NONE, since), point, blank)
    none = np.full(len(column), NONE, np.int64)
    return Read(none, none, point, point)


def _narrowed(found: Columns, used: list[int]) -> Columns:
    """The same columns, placed in a row of the used columns alone."""
    where: dict[int | None, int | None] = {index: at for at, index in enumerate(used)}
    where[None] = None
    return dataclasses.replace(
        found,
        header=tuple(found.header[index] for index in used),
        start=used.index(found.start),
        released=where[found.released],
        tz=where[found.tz],
        start_time=where[found.start_time],
        released_time=where[found.released_time],
        jurisdiction=where[found.jurisdiction],
    )


def cell_texts(column: Any, name: str) -> list[str]:
    """A column's values as the text of CSV cells ("" for a missing value)."""
    pa = arrow()
    column, kind = _decoded(column)
    if pa.types.is_null(kind):
        return [""] * len(column)
    text: Callable[[Any], str]
    if _is_text(kind):
        text = str
    elif pa.types.is_timestamp(kind):
        text = _timestamp_text
    elif pa.types.is_date(kind) or pa.types.is_time(kind):
        text = _date_text  # a time of day, as a split time column's cell writes it
    else:
        raise InputError(
            f"column {name}: {kind} values are neither dates nor times; give text, "
            "timestamps, dates or times of day",
            value=name,
        )
    return ["" if value is None else text(value) for value in column.to_pylist()]


def _timestamp_text(value: Any) -> str:
    text: str = value.isoformat(sep=" ")
    return text


def _date_text(value: Any) -> str:
    text: str = value.isoformat()
    return text


def _decoded(column: Any) -> tuple[Any, Any]:
    """A column and its type, a dictionary-encoded one (pandas' categories) decoded. A
    column without a value is blank text, whatever its type: pandas reads a column of
    empty cells as floats (NaN), an empty frame's columns too."""
    pa = arrow()
    kind = column.type
    if column.null_count == len(column):
        return pa.nulls(len(column), pa.string()), pa.string()
    if pa.types.is_dictionary(kind):
        return column.cast(kind.value_type), kind.value_type
    return column, kind


def _is_text(kind: Any) -> bool:
    """Text of any of Arrow's three layouts (polars hands over string views)."""
    types = arrow().types
    view = getattr(types, "is_string_view", None)  # pyarrow 16 and later
    return bool(types.is_string(kind) or types.is_large_string(kind) or (view and view(kind)))
