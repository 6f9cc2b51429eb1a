"""The frame API's edges: a table from pandas, polars or Arrow made an Arrow table, and
the verdicts handed back in the library the table came in.

A pandas frame gives only the columns judged to Arrow (a column of mixed types that is
not used, or a repeated name, does not stop the call), and gets its verdicts under its
own index, so that they line up with its rows when assigned or joined: a filtered or
sorted frame's index is not 0, 1, 2, ... With `append=True`, each library's table comes
back whole, its columns renamed as `check` renames them where a verdict column has the
name (input_hold_status), then the verdict columns."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.roster.column_reading import arrow
from holdcalc.roster.columns import ColumnNames, find_columns
from holdcalc.roster.verdicts import BINDING_COLUMN, output_names


class Kind(enum.Enum):
    """The library a table came in, so that the verdicts go back in it."""

    TABLE = "pyarrow.Table"
    BATCH = "pyarrow.RecordBatch"
    PANDAS = "pandas.DataFrame"
    POLARS = "polars.DataFrame"


@dataclasses.dataclass(frozen=True)
class Given:
    """A table as it was given, the library it came in, and the table as Arrow."""

    table: Any
    kind: Kind
    arrow: Any


def to_arrow(table: Any, names: ColumnNames, *, every: bool = False) -> Given:
    """The table as Arrow (of a pandas frame, the columns `names` finds, or `every`
    column), and which library it came in."""
    pa = arrow()
    if isinstance(table, pa.Table):
        return Given(table, Kind.TABLE, table)
    if isinstance(table, pa.RecordBatch):
        return Given(table, Kind.BATCH, pa.Table.from_batches([table]))
    module, kind = type(table).__module__.split(".")[0], type(table).__name__
    if module == "pandas" and kind == "DataFrame":
        return Given(table, Kind.PANDAS, _from_pandas(table, names, every))
    if module == "polars" and kind == "DataFrame":
        return Given(table, Kind.POLARS, table.to_arrow())
    if module == "polars" and kind == "LazyFrame":
        raise InputError("judge: a polars LazyFrame holds no rows yet; pass its .collect()")
    raise InputError(
        f"judge: give an Arrow table or record batch, or a pandas or polars DataFrame "
        f"(not {type(table).__module__}.{kind})"
    )


def _from_pandas(frame: Any, names: ColumnNames, every: bool = False) -> Any:
    """The frame as Arrow, each column under its name made text (pandas allows numbers):
    the columns judged converted (one pyarrow cannot take is named in the error), the
    others left empty, never read, unless `every` column is wanted."""
    pa = arrow()
    header = [str(name) for name in frame.columns]
    if every:
        used = set(range(len(header)))
    else:
        used = {index for _, index in find_columns(header, names).used()}
    columns = []
    for index, name in enumerate(header):
        if index not in used:
            columns.append(pa.nulls(len(frame)))
            continue
        try:
            columns.append(pa.array(frame.iloc[:, index], from_pandas=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise InputError(
                f"column {name}: pandas values Arrow cannot take as one type ({exc}); "
                "give one type, e.g. text with .astype('string')",
                value=name,
            ) from None
    return pa.Table.from_arrays(columns, names=header)


def from_arrow(verdicts: Any, given: Given, append: bool) -> Any:
    """The verdict columns in the library the table came in (for pandas, under its
    index); with `append`, after the table's own columns."""
    if given.kind is Kind.PANDAS:
        return _to_pandas(verdicts, given.table, append)
    if append:
        verdicts = _appended(given.arrow, verdicts)
    return in_library(verdicts, given.kind)


def in_library(table: Any, kind: Kind) -> Any:
    """An Arrow table in the library `kind` names (a pandas frame under a fresh index:
    `from_arrow` puts the verdicts under the given frame's own)."""
    pa = arrow()
    if kind is Kind.PANDAS:
        return table.to_pandas()
    if kind is Kind.BATCH:
        return pa.RecordBatch.from_arrays(
            [column.combine_chunks() for column in table.columns], names=table.column_names
        )
    if kind is Kind.POLARS:
        import polars  # noqa: PLC0415 (the table came from it: it is installed)

        return polars.from_arrow(table)
    return table


def _appended(original: Any, verdicts: Any) -> Any:
    """An Arrow table's columns, renamed as `check` names them, then the verdicts'."""
    names = _renamed(list(original.column_names), verdicts)
    return arrow().Table.from_arrays([*original.columns, *verdicts.columns], names=names)


def _renamed(header: list[str], verdicts: Any) -> list[str]:
    """`check`'s output names for `header` beside these verdict columns."""
    return list(output_names(header, BINDING_COLUMN in verdicts.column_names))


def _to_pandas(verdicts: Any, given: Any, append: bool) -> Any:
    """The verdicts as a pandas frame under the given frame's index; with `append`, the
    given frame (a copy) with them as its last columns."""
    frame = verdicts.to_pandas()
    frame.index = given.index
    if not append:
        return frame
    names = _renamed([str(name) for name in given.columns], verdicts)
    whole = given.copy()
    whole.columns = [
        old if str(old) == new else new for old, new in zip(given.columns, names, strict=False)
    ]
    for name in verdicts.column_names:
        whole[name] = frame[name].array  # by position: an index may repeat a label
    return whole
