"""Values of a column read as the row engine's shape caches read one value, over
arrays (numpy and pyarrow, the frame extra): each distinct date and time piece read
once through those caches, found again by pyarrow's hash lookup over the pieces learnt.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from holdcalc.core.extras import extra
from holdcalc.roster.shapes import CACHE_LIMIT, Pieces, ShapeCache

NONE = -1  # a piece the parser refused, or a value of another shape

# The frame extra, imported where it is used (check's engine asks for it only when found).
MISSING = (
    "the frame API and the columnar engine need numpy and pyarrow (the frame extra): "
    "pip install 'holdcalc[frame]'"
)


def numpy() -> Any:
    return extra("numpy", MISSING)


def arrow() -> Any:
    extra("pyarrow.compute", MISSING)  # a module of its own, reached as pyarrow.compute
    return extra("pyarrow", MISSING)


@dataclasses.dataclass(frozen=True)
class Read:
    """Each value of a column as the row engine's shape caches read it: its local day
    ordinal, microseconds since midnight (NONE for a date alone, or where the caches do
    not read the value), whether it is a date alone, and whether it is blank."""

    ordinal: Any
    since: Any
    whole: Any
    blank: Any

    def rows(self, chosen: Any) -> Read:
        return Read(
            self.ordinal[chosen], self.since[chosen], self.whole[chosen], self.blank[chosen]
        )


def pieces(values: Any, shapes: ShapeCache, nulls: frozenset[str] = frozenset()) -> Read:
    """A string array's values read through the shape caches, as ShapeCache.read reads
    one value: cut where the time begins (the first space or "T"), the date piece read
    alone and the time piece after a date of its kind; without either, a date alone. A
    value past ASCII is left to the parser, as there. A word of `nulls` (upper-cased)
    is blank, as Columns.time_text reads it."""
    np, pc = numpy(), arrow().compute
    values = _cleaned(values, nulls)
    size = len(values)
    ordinal, since = np.full(size, NONE, np.int64), np.full(size, NONE, np.int64)
    lengths = pc.fill_null(pc.utf8_length(values), 0).to_numpy(zero_copy_only=False)
    cuts = _cuts(values)
    cuts[~pc.fill_null(pc.string_is_ascii(values), False).to_numpy(zero_copy_only=False)] = -2
    cuts[lengths == 0] = -2  # blank
    for shifted in np.flatnonzero(np.bincount(cuts + 2)).tolist():  # each cut there is
        cut = shifted - 2
        rows = np.flatnonzero(cuts == cut)
        if cut == -1:  # no space or "T": a date alone
            ordinal[rows] = _looked_up(values.take(rows), shapes.dates)
        elif cut >= 0:
            chosen = values.take(rows)
            dates = _sliced(chosen, 0, cut)
            ordinal[rows] = _looked_up(dates, shapes.dates)
            tails = _sliced(chosen, cut, int(lengths[rows].max()))
            since[rows] = _times(dates, tails, shapes)
    return Read(ordinal, since, cuts == -1, lengths == 0)


def _cleaned(values: Any, nulls: frozenset[str]) -> Any:
    """Text cells as Columns.time_text reads them: stripped, and blank where a word of
    `nulls` (upper-cased)."""
    pc = arrow().compute
    values = pc.utf8_trim_whitespace(values)
    if nulls:
        named = pc.is_in(pc.utf8_upper(values), value_set=arrow().array(sorted(nulls)))
        values = pc.if_else(pc.fill_null(named, False), "", values)
    return values


def beside(dates: Any, times: Any, nulls: frozenset[str], *, departure: bool) -> Any:
    """Each date cell with the time cell beside it as one value, as Columns.values joins
    them: each read as a time cell is, then joined by a space and stripped; a blank
    departure date stays blank (still held), whatever its time cell holds."""
    pc = arrow().compute
    date, time = _cleaned(dates, nulls), _cleaned(times, nulls)
    joined = pc.utf8_trim_whitespace(pc.binary_join_element_wise(date, time, " "))
    return pc.if_else(pc.equal(date, ""), "", joined) if departure else joined


def _sliced(texts: Any, start: int, stop: int) -> Any:
    """Each text's characters from `start` to `stop`, of ASCII texts: sliced as bytes
    (a third of the time of pyarrow's slice by UTF-8 code units, here the same)."""
    pa = arrow()
    return pa.compute.binary_slice(texts.view(pa.binary()), start, stop).view(pa.string())


def _times(dates: Any, tails: Any, shapes: ShapeCache) -> Any:
    """The time pieces `tails` read after a date of the kind of each of `dates` (ISO, a
    "-" fifth, or not)."""
    np, pc = numpy(), arrow().compute
    iso = pc.fill_null(pc.equal(_sliced(dates, 4, 5), "-"), False)
    kinds = iso.to_numpy(zero_copy_only=False)
    if kinds.all() or not kinds.any():
        return _looked_up(tails, shapes.times(bool(kinds.all())))
    found = np.empty(len(kinds), np.int64)
    for kind in (False, True):
        mask = kinds == kind
        found[mask] = _looked_up(tails.filter(arrow().array(mask)), shapes.times(kind))
    return found


def _cuts(values: Any) -> Any:
    """Where each value's time begins: its first space or "T" (-1: neither). A "T" is
    looked for only where no space comes by the eleventh character: before such a
    space, a "T" would leave either cut's date piece no date (a date is ten characters
    at most), or a time piece no time."""
    np, pc = numpy(), arrow().compute
    cut = pc.fill_null(pc.find_substring(values, " "), -1).to_numpy(zero_copy_only=False)
    cut = cut.astype(np.int64)
    odd = np.flatnonzero((cut < 0) | (cut > 10))
    if odd.size:
        tee = pc.fill_null(pc.find_substring(values.take(odd), "T"), -1)
        tee = tee.to_numpy(zero_copy_only=False).astype(np.int64)
        before = (tee >= 0) & ((tee < cut[odd]) | (cut[odd] < 0))
        cut[odd[before]] = tee[before]
    return cut


def _looked_up(texts: Any, cache: Pieces) -> Any:
    """Each text's value in `cache` (NONE where the parser refused it): texts seen
    before are found by pyarrow's hash lookup in the pieces learnt so far; a new one is
    read once through the cache and learnt."""
    pc = arrow().compute
    known = cache.arrays
    if not isinstance(known, _Learnt):
        known = cache.arrays = _Learnt()
    at = pc.index_in(texts, value_set=known.keys)
    missing = at.is_null()
    if pc.any(missing).as_py():
        new = pc.unique(texts.filter(missing)).to_pylist()
        if len(known.keys) + len(new) > CACHE_LIMIT:  # odd values without end: no learning
            return _read_each(texts, cache)
        known.learn(new, [cache[text] for text in new])
        at = pc.index_in(texts, value_set=known.keys)
    return known.values[at.to_numpy(zero_copy_only=False)]


def _read_each(texts: Any, cache: Pieces) -> Any:
    encoded = texts.dictionary_encode()
    found = _numbers([cache[text] for text in encoded.dictionary.to_pylist()])
    return found[encoded.indices.to_numpy(zero_copy_only=False)]


def _numbers(values: list[int | None]) -> Any:
    """The values the caches gave, as an array: NONE where the parser refused one."""
    return numpy().array([NONE if value is None else value for value in values], numpy().int64)


class _Learnt:
    """The pieces a cache has been asked for, as arrays for lookups over columns."""

    def __init__(self) -> None:
        self.keys = arrow().array([], arrow().string())
        self.values = numpy().zeros(0, numpy().int64)

    def learn(self, texts: list[str], values: list[int | None]) -> None:
        pa = arrow()
        self.keys = pa.concat_arrays([self.keys, pa.array(texts, pa.string())])
        self.values = numpy().concatenate([self.values, _numbers(values)])
