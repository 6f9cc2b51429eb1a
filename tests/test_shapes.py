"""The shape caches: each piece is read by the parser on first lookup, then repeated."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from holdcalc.core.clock import MICROS
from holdcalc.core.errors import InputError
from holdcalc.core.parsing import DateOnly, read_naive
from holdcalc.roster import shapes
from holdcalc.roster.shapes import ShapeCache

moments = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 12, 31))


def _since(moment: dt.datetime) -> int:
    return (moment.hour * 3600 + moment.minute * 60 + moment.second) * MICROS + moment.microsecond


# How rosters write a moment: ISO and US, padded or not (as spreadsheets save them), to
# the minute, second or microsecond, with AM or PM in several spellings.
LAYOUTS = [
    "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f",
    "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "{m}/{d}/%Y {H}:%M",
    "{m}/{d}/%Y {I}:%M %p", "{m}/{d}/%Y {I}:%M%p", "{m}/{d}/%Y {I}:%M:%S {p}",
    "%Y-%m-%d %I:%M %p", "%m/%d/%YT%H:%M:%S",
]  # fmt: skip


def written(moment: dt.datetime, layout: str) -> str:
    unpadded = layout.format(
        m=moment.month, d=moment.day, H=moment.hour, I=moment.hour % 12 or 12,
        p=moment.strftime("%p").lower(),
    )  # fmt: skip
    return moment.strftime(unpadded)


@given(moment=moments, layout=st.sampled_from(LAYOUTS), dayfirst=st.booleans())
def test_pieces_read_as_the_parser_reads_the_whole_value(
    moment: dt.datetime, layout: str, dayfirst: bool
) -> None:
    text = written(moment, layout)
    cache = ShapeCache(dayfirst=dayfirst)
    try:
        whole = read_naive(text, dayfirst=dayfirst)
    except InputError:  # month first written, read day first: 01/13/2000 and the like
        assert cache.read(text) is None
        return
    assert isinstance(whole, dt.datetime)
    expected = (whole.date().toordinal(), _since(whole))
    assert cache.read(text) == expected
    assert cache.read(text) == expected  # the second time from the tables


@given(day=st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)), padded=st.booleans())
def test_a_date_alone_is_its_day(day: dt.date, padded: bool) -> None:
    text = day.strftime("%m/%d/%Y") if padded else f"{day.month}/{day.day}/{day.year}"
    assert ShapeCache(dayfirst=False).read(text) == (day.toordinal(), None)
    assert ShapeCache(dayfirst=False).read(day.isoformat()) == (day.toordinal(), None)


@pytest.mark.parametrize(
    "text",
    [
        "2024-11-27 16:30 -06:00", "11/27/2024 4:30 PM CST", "11/27/2024 16:30 Z",
        "2024-1-5 9:05", "1/5/24 9:05", "1/5/2025 9:5", "Nov 27, 2024 4:30 PM",
        "27-NOV-2024 16:30", "11/27/2024 24:00", "11/27/2024 16:30:60", "20241127 1630",
        "11/27/2024 \u0661\u0666:30", "\u0662024-11-27 16:30",
    ],
)  # fmt: skip
def test_other_shapes_are_left_to_the_parser_whole(text: str) -> None:
    """A value outside the common shapes (a zone, a two-digit year, a month name, digits
    past ASCII) is never read by pieces, whatever the parser makes of it."""
    assert ShapeCache(dayfirst=False).read(text) is None


def test_a_piece_the_parser_refuses_is_none_and_remembered() -> None:
    cache = ShapeCache(dayfirst=False)
    assert cache.read("2023-02-30 10:00") is None
    assert cache.dates["2023-02-30"] is None and cache.iso_times[" 10:00"] == 36_000 * MICROS
    assert cache.read("13/45/2020 09:00 PM") is None
    assert "13/45/2020" in cache.dates and cache.us_times[" 09:00 PM"] == 75_600 * MICROS


def test_a_time_is_read_after_a_date_of_its_own_kind() -> None:
    """An ISO value's time is learnt after an ISO date, a US value's after a US date: a
    time the parser took after one kind only is never taken after the other."""
    cache = ShapeCache(dayfirst=False)
    day = dt.date(2024, 11, 27).toordinal()
    since = (16 * 3600 + 30 * 60 + 59) * MICROS
    assert cache.read("2024-11-27 16:30:59") == (day, since)
    assert cache.read("2024-11-27T16:30:59") == (day, since)
    assert set(cache.iso_times) == {" 16:30:59", "T16:30:59"} and not cache.us_times
    assert cache.read("11/27/2024 16:30:59") == (day, since)
    assert set(cache.us_times) == {" 16:30:59"}
    assert cache.read("2024-11-27 04:30 PM") == (day, 16 * 3600 * MICROS + 1800 * MICROS)
    assert " 04:30 PM" in cache.iso_times  # read after an ISO date, as the parser does


def test_day_first_reads_the_day_first() -> None:
    cache = ShapeCache(dayfirst=True)
    assert cache.read("03/04/2024") == (dt.date(2024, 4, 3).toordinal(), None)
    assert cache.read("3/4/2024 9:05") == (dt.date(2024, 4, 3).toordinal(), 32_700 * MICROS)


def test_with_user_formats_the_caches_stand_aside_and_keep_nothing() -> None:
    cache = ShapeCache(dayfirst=False, enabled=False)
    assert cache.read("2024-11-27 16:30") is None
    assert cache.read("2024-11-27") is None
    assert not cache.dates and not cache.iso_times


def test_a_table_stops_keeping_pieces_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shapes, "CACHE_LIMIT", 3)
    cache = ShapeCache(dayfirst=False)
    days = [f"2024-01-{day:02d}" for day in range(1, 8)]
    assert [cache.read(day) for day in days] == [
        (dt.date(2024, 1, day).toordinal(), None) for day in range(1, 8)
    ]
    assert list(cache.dates) == days[:3]


def test_a_threads_runs_share_the_caches_of_their_settings() -> None:
    """A later run in the same thread (a frame's next batch, a server's next upload)
    reads the pieces an earlier run learnt, from the caches of its own two settings; a
    run with the other reading of slash dates, or in another thread, has its own."""
    import threading

    from holdcalc.frame.api import FrameSettings
    from holdcalc.roster.columns import find_columns
    from holdcalc.roster.rows import RowJudge

    found = find_columns(["eligible_at", "released_at", "tz"])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def shapes_of(**settings: object) -> ShapeCache:
        judging = FrameSettings(as_of="2025-12-01T12:00Z", **settings).judging(now)  # type: ignore[arg-type]
        return RowJudge(found, judging).shapes

    first = shapes_of()
    assert first.dates["03/04/2025"] == dt.date(2025, 3, 4).toordinal()
    assert shapes_of() is first and "03/04/2025" in shapes_of().dates
    day_first = shapes_of(dayfirst=True)
    assert (
        day_first is not first and day_first.dates["03/04/2025"] == dt.date(2025, 4, 3).toordinal()
    )
    assert shapes_of(formats=("%d.%m.%Y %H:%M",)) not in (first, day_first)
    other: list[ShapeCache] = []
    thread = threading.Thread(target=lambda: other.append(shapes_of()))
    thread.start()
    thread.join()
    assert other[0] is not first


# Values near the common shapes: dates of both kinds, padded or not, some invalid or
# reading only day first; separators; times with and without seconds, fractions, AM or
# PM in several spellings, some out of range; and trailing text.
NEAR = st.tuples(
    st.sampled_from(["2024-11-27", "11/27/2024", "1/5/2025", "05/01/2025", "27/11/2024",
                     "2023-02-29", "2/30/2024", "2024-1-5", "11-27-2024"]),
    st.sampled_from(["", " ", "T", "  "]),
    st.sampled_from(["", "16:30", "4:30", "04:30", "16:30:59", "16:30:59.5", "0:00",
                     "12:00", "24:00", "16:60", "16:30:60", "4:30 PM", "4:30pm", "12:05 AM",
                     "16:30 PM", "4:30 P.M.", "9:05:07 am"]),
    st.sampled_from(["", "", " Z", " CST", "+01:00", " x"]),
).map("".join)  # fmt: skip


@given(text=NEAR, dayfirst=st.booleans())
def test_a_cache_only_ever_repeats_the_parser(text: str, dayfirst: bool) -> None:
    """Whatever the caches read, the parser reads the same from the whole value."""
    found = ShapeCache(dayfirst=dayfirst).read(text)
    if found is None:
        return
    whole = read_naive(text, dayfirst=dayfirst)
    if found[1] is None:
        assert isinstance(whole, DateOnly) and whole.date.toordinal() == found[0]
    else:
        assert isinstance(whole, dt.datetime) and whole.tzinfo is None
        assert (whole.date().toordinal(), _since(whole)) == found
