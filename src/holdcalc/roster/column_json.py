"""A block's rows written as JSON Lines over columns, as the row engine's JSON sink
writes each: `json.dumps(dict(zip(names, cells)), ensure_ascii=False)` and a line end.

Every cell is text. A cell without a quote mark, a backslash or a control character is
its JSON string as it is, in quote marks; the few others are written by `json.dumps`
itself, so the escapes are the json module's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from holdcalc.roster.column_reading import arrow, numpy

# What json.dumps escapes in a string (ensure_ascii=False), as RE2 reads it.
_ESCAPED = r'[\x00-\x1f"\\]'


def json_lines(cells: Sequence[Any], names: Sequence[str]) -> Any:
    """Each row's object and its line end, from its cells in `names` order (a column of
    text, or one text for every row)."""
    pieces: list[Any] = []
    for number, (name, column) in enumerate(zip(names, cells, strict=True)):
        key = json.dumps(name, ensure_ascii=False)
        pieces += [("{" if number == 0 else ", ") + key + ": ", _string(column)]
    return arrow().compute.binary_join_element_wise(*pieces, "}\n", "")


def _string(column: Any) -> Any:
    """The JSON string of each cell."""
    if isinstance(column, str):
        return json.dumps(column, ensure_ascii=False)
    pa = arrow()
    pc = pa.compute
    quoted = pc.binary_join_element_wise('"', column, '"', "")
    odd = pc.match_substring_regex(column, _ESCAPED)
    if not pc.any(odd).as_py():
        return quoted
    rows = numpy().flatnonzero(odd.to_numpy(zero_copy_only=False))
    texts = [json.dumps(text, ensure_ascii=False) for text in column.take(rows).to_pylist()]
    return pc.replace_with_mask(quoted, odd, pa.array(texts, pa.string()))
