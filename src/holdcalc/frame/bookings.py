"""`judge_bookings`: a table of one row per charge (the immigration hold a charge row of
its own, as records offices export bookings) judged one booking at a time, as
`holdcalc check` judges it given the booking column: the same grouping
(roster.bookings.Grouper), the same row engine, the same rows out."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.frame.api import FrameSettings
from holdcalc.frame.libraries import in_library, to_arrow
from holdcalc.frame.tables import FrameWarning, Verdicts, cell_texts, warn_read
from holdcalc.roster.bookings import BookingSettings, Grouper, booking_columns, booking_names
from holdcalc.roster.column_reading import arrow
from holdcalc.roster.columns import find_columns
from holdcalc.roster.markers import parse_markers
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.verdicts import RowVerdict, output_names


def judge_bookings(
    table: Any,
    *,
    group_by: str,
    hold_match: Sequence[str] = (),
    booked: str | None = None,
    disposition: str | None = None,
    all_bookings: bool = False,
    now: dt.datetime | None = None,
    **settings: Any,
) -> Any:
    """One row per booking of `table` (an Arrow table or record batch, a pandas or
    polars DataFrame, one row per charge), in the same library, as `holdcalc check`
    writes it given the booking column: the booking's first row as text,
    `hold_started_at` (when its last criminal charge was released), `charges`,
    `dispositions` (and `hold_ended_at` without a departure column), then the verdict
    columns, typed as `judge` types them.

    `group_by` names the booking column; `hold_match` gives "COLUMN=TEXT" markers of
    the hold row (by default the usual charge descriptions); `booked` and `disposition`
    name the booking time and disposition columns (else found by their names);
    `all_bookings` keeps bookings without a hold row. `start` names each charge's
    release; the other settings are `judge`'s."""
    if isinstance(hold_match, str):
        hold_match = (hold_match,)
    _checked(group_by, tuple(hold_match), all_bookings, (booked, disposition))
    chosen = FrameSettings(**settings)
    judging = chosen.judging(now or dt.datetime.now(dt.UTC))
    names = chosen.names()
    given = to_arrow(table, names, every=True)
    header = [str(name) for name in given.arrow.column_names]
    columns = find_columns(header, names, departure_optional=True)
    markers = parse_markers(tuple(hold_match))
    grouping = BookingSettings(group_by, markers, booked, all_bookings, disposition, "table")
    grouper = Grouper(header, columns, grouping, judging)
    for cells in zip(*_texts(given.arrow, header, columns), strict=True):
        grouper.add(list(cells))
    judge = RowJudge(booking_columns(header, columns), judging)
    rows: list[list[str]] = []
    verdicts: list[RowVerdict] = []
    for row, fixed in grouper.rows():
        rows.append(row)
        verdicts.append(fixed if fixed is not None else judge.verdict(row))
    warn_read(judge, grouper.day_first_rows)
    _warn_markers(grouper)
    out_header = [*header, *booking_names(columns)]
    return in_library(_table(out_header, rows, verdicts, judging.limits is not None), given.kind)


def _checked(
    group_by: object, hold_match: tuple[object, ...], every: object, names: tuple[object, ...]
) -> None:
    """Each grouping setting checked for its kind before a row is read, as
    FrameSettings checks the others."""
    if not isinstance(group_by, str) or not group_by.strip():
        raise InputError(f"group_by: {group_by!r} is not a column's name", value="group_by")
    if not all(isinstance(marker, str) for marker in hold_match):
        raise InputError("hold_match: give 'COLUMN=TEXT', or a list of them", value="hold_match")
    if not isinstance(every, bool):
        raise InputError(f"all_bookings: {every!r} is not True or False", value="all_bookings")
    if not all(name is None or isinstance(name, str) for name in names):
        raise InputError("booked and disposition: give a column's name", value="booked")


def _texts(table: Any, header: list[str], columns: Any) -> list[list[str]]:
    """Every column's cells as CSV text: the columns a verdict reads as `judge` reads
    them (numbers refused there), any other column's values as Arrow writes them."""
    read = {index for _, index in columns.used()}
    texts = []
    for index, name in enumerate(header):
        column = table.column(index)
        try:
            texts.append(cell_texts(column, name))
        except InputError:  # numbers, yes/no: refused where a verdict reads them
            if index in read:
                raise
            texts.append(_as_text(column, name))
    return texts


def _as_text(column: Any, name: str) -> list[str]:
    """A column of numbers or yes/no values as Arrow writes them as text ("7", "2.5")."""
    pa = arrow()
    try:
        cast = pa.compute.cast(column, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise InputError(
            f"column {name}: {column.type} values cannot be written as text; give text",
            value=name,
        ) from None
    return ["" if value is None else value for value in cast.to_pylist()]


def _table(
    header: list[str], rows: list[list[str]], verdicts: list[RowVerdict], with_binding: bool
) -> Any:
    """The bookings as Arrow: their cells as text, then the verdicts typed."""
    pa = arrow()
    typed = Verdicts.empty(len(rows))
    for number, verdict in enumerate(verdicts):
        typed.put(number, verdict)
    judged = typed.table(with_binding)
    cells = [pa.array([row[i] for row in rows], pa.string()) for i in range(len(header))]
    names = output_names(header, with_binding)
    return pa.Table.from_arrays([*cells, *judged.columns], names=list(names))


def _warn_markers(grouper: Grouper) -> None:
    """Warn, as `check` does, of rows that name a hold only to deny it, or only outside
    a charge column: neither was taken as a hold row."""
    for count, first, what in (
        (grouper.denied_rows, grouper.first_denied, "name a hold only to deny or undo it"),
        (grouper.elsewhere_rows, grouper.first_elsewhere, "name a hold only outside a charge "
         "column, such as a disposition that tells how another charge ended"),
    ):  # fmt: skip
        if count:
            warnings.warn(
                f"{count:,} row(s) {what} (the first: {first}), so they were not taken as "
                "hold rows; hold_match='COLUMN=TEXT' takes them",
                FrameWarning,
                stacklevel=3,
            )
