"""Quoted fields in a block judged over columns: read only where they were written as
the csv module writes them, and written back so.

pyarrow's CSV reader splits quoted fields as the csv module does, the odd ones too: a
quote mark inside an unquoted field is a character (`O"Brien`), and text after a
closing mark joins the field (`"Smith" Jr` reads as `Smith Jr`). The row engine refuses
the second, naming its line, so a block holding one is left to it. It is found without
reading the text again: from each cell's length and quote marks, every field's place in
its line follows, and a field that a quote mark opens must be its cell in quote marks,
those within doubled, closing where the next field (or the line end) begins. Anything
else, and a cell holding a line end, leaves the block to the row engine.
"""

from __future__ import annotations

from typing import Any

from holdcalc.roster.column_reading import arrow, numpy

_QUOTE, _LF = ord('"'), ord("\n")


def marked_columns(table: Any, data: bytes) -> list[bool] | None:
    """For a block (`data`, split into `table`), whether each column has a quoted field
    or a quote mark (the others are written back as they are); None when a field is
    not written as the csv module writes one, or a quoted cell holds a line end."""
    np, pc = numpy(), arrow().compute
    text = np.frombuffer(data, np.uint8)
    ends = np.flatnonzero(text == _LF)
    if not data.endswith(b"\n"):
        ends = np.append(ends, len(text))  # the last line ends with the block
    if len(ends) != table.num_rows:  # a quoted cell holds a line end
        return None
    last = len(text) - 1
    start = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    marked = []
    for column in table.columns:
        size = pc.binary_length(column).to_numpy(zero_copy_only=False).astype(np.int64)
        marks = pc.count_substring(column, '"').to_numpy(zero_copy_only=False).astype(np.int64)
        quoted = (start <= last) & (text[np.minimum(start, last)] == _QUOTE)
        width = np.where(quoted, size + 2 + marks, size)
        closing = np.minimum(start + width - 1, last)[quoted]
        if not np.all(text[closing] == _QUOTE):
            return None  # text after the closing mark, or a mark left single
        marked.append(bool(quoted.any() or marks.any()))
        start += width + 1
    return marked if np.array_equal(start - 1, ends) else None


def as_written(column: Any, delimiter: str) -> Any:
    """A column's cells as the csv module writes them: in quote marks, those within
    doubled, where a cell holds the delimiter or a quote mark (no cell here holds a
    line end)."""
    pc = arrow().compute
    holds = pc.or_(pc.match_substring(column, delimiter), pc.match_substring(column, '"'))
    if not pc.any(holds).as_py():
        return column
    doubled = pc.replace_substring(column, '"', '""')
    wrapped = pc.binary_join_element_wise('"', doubled, '"', "")
    return pc.if_else(holds, wrapped, column)
