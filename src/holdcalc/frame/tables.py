"""Tables in and out of the frame API: Arrow at the centre, pandas and polars converted
at the edges. Each used column becomes the text `check` would read in a CSV cell (a
timestamp its ISO text, with its offset when it has a zone; a date its ISO date, which
the row engine keeps as the window of its day), so each row takes the row engine's own
path and gets its verdict; the verdicts go back as typed columns."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.core.extras import extra
from holdcalc.roster.columns import ColumnNames, Columns, find_columns
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import JudgeSettings
from holdcalc.roster.verdicts import BINDING_COLUMN, VERDICT_COLUMNS

MISSING = "the frame API needs pyarrow (the frame extra): pip install 'holdcalc[frame]'"
EXPIRES, STATUS, HOURS, ERROR = VERDICT_COLUMNS


class Kind(enum.Enum):
    """The library a table came in, so that the verdicts go back in it."""

    TABLE = "pyarrow.Table"
    BATCH = "pyarrow.RecordBatch"
    PANDAS = "pandas.DataFrame"
    POLARS = "polars.DataFrame"


def arrow() -> Any:
    return extra("pyarrow", MISSING)


def to_arrow(table: Any) -> tuple[Any, Kind]:
    """The table as Arrow, and which library it came in."""
    pa = arrow()
    if isinstance(table, pa.Table):
        return table, Kind.TABLE
    if isinstance(table, pa.RecordBatch):
        return pa.Table.from_batches([table]), Kind.BATCH
    module = type(table).__module__.split(".")[0]
    if module == "pandas":
        return pa.Table.from_pandas(table, preserve_index=False), Kind.PANDAS
    if module == "polars":
        return table.to_arrow(), Kind.POLARS
    raise InputError(
        f"judge: give an Arrow table or record batch, or a pandas or polars DataFrame "
        f"(not {type(table).__module__}.{type(table).__name__})"
    )


def from_arrow(verdicts: Any, kind: Kind, original: Any | None) -> Any:
    """The verdict columns (after the table's own when `original` is given) in `kind`."""
    pa = arrow()
    if original is not None:
        for name, column in zip(verdicts.column_names, verdicts.columns, strict=True):
            original = original.append_column(name, column)
        verdicts = original
    if kind is Kind.BATCH:
        return pa.RecordBatch.from_arrays(
            [column.combine_chunks() for column in verdicts.columns], names=verdicts.column_names
        )
    if kind is Kind.PANDAS:
        return verdicts.to_pandas()
    if kind is Kind.POLARS:
        return extra("polars", "polars is not installed").from_arrow(verdicts)
    return verdicts


def judge_arrow(table: Any, settings: JudgeSettings, names: ColumnNames) -> Any:
    """Every row of an Arrow table judged by the row engine; the verdict columns."""
    header = list(table.schema.names)
    found = find_columns(header, names)
    used = sorted({index for _, index in found.used()})
    judge = RowJudge(_narrowed(found, used), settings)
    texts = [cell_texts(table.column(index), header[index]) for index in used]
    verdict = judge.verdict
    due: list[int | None] = []
    status: list[str] = []
    hours: list[float | None] = []
    error: list[str | None] = []
    binding: list[str | None] = []
    for row in zip(*texts, strict=True):
        found_verdict = verdict(row)
        due.append(found_verdict.due if found_verdict.expires_at else None)
        status.append(found_verdict.status.value)
        hours.append(float(found_verdict.hours) if found_verdict.hours else None)
        error.append(found_verdict.error or None)
        binding.append(found_verdict.binding or None)
    return _verdict_table(due, status, hours, error, binding if settings.limits else None)


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


def _verdict_table(
    due: list[int | None],
    status: list[str],
    hours: list[float | None],
    error: list[str | None],
    binding: list[str | None] | None,
) -> Any:
    pa = arrow()
    columns = {
        EXPIRES: pa.array(due, type=pa.timestamp("us", tz="UTC")),
        STATUS: pa.array(status, type=pa.string()),
        HOURS: pa.array(hours, type=pa.float64()),
        ERROR: pa.array(error, type=pa.string()),
    }
    if binding is not None:
        columns[BINDING_COLUMN] = pa.array(binding, type=pa.string())
    return pa.table(columns)


def cell_texts(column: Any, name: str) -> list[str]:
    """A column's values as the text of CSV cells ("" for a missing value)."""
    pa = arrow()
    kind = column.type
    if pa.types.is_dictionary(kind):
        column, kind = column.cast(kind.value_type), kind.value_type
    if pa.types.is_null(kind):
        return [""] * len(column)
    text: Callable[[Any], str]
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or _is_view(pa, kind):
        text = str
    elif pa.types.is_timestamp(kind):
        text = _timestamp_text
    elif pa.types.is_date(kind):
        text = _date_text
    else:
        raise InputError(
            f"column {name}: {kind} values are not times; give text, dates or timestamps"
        )
    return ["" if value is None else text(value) for value in column.to_pylist()]


def _timestamp_text(value: Any) -> str:
    text: str = value.isoformat(sep=" ")
    return text


def _date_text(value: Any) -> str:
    text: str = value.isoformat()
    return text


def _is_view(pa: Any, kind: Any) -> bool:
    test = getattr(pa.types, "is_string_view", None)
    return bool(test and test(kind))
