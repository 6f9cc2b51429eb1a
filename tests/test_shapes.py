"""The shape caches: each piece is read by the parser on first lookup, then repeated."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from holdcalc.core.clock import MICROS
from holdcalc.core.parsing import read_naive
from holdcalc.roster import shapes
from holdcalc.roster.shapes import ShapeCache

moments = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 12, 31))


def _since(moment: dt.datetime) -> int:
    return (moment.hour * 3600 + moment.minute * 60 + moment.second) * MICROS


@given(
    moment=moments, us=st.booleans(), twelve=st.booleans(), tee=st.booleans(), secs=st.booleans()
)
def test_pieces_read_as_the_parser_reads_the_whole_value(
    moment: dt.datetime, us: bool, twelve: bool, tee: bool, secs: bool
) -> None:
    """16 characters (ISO or US, to the minute), 19 (US with AM or PM; ISO or US to the
    second, as databases export times)."""
    moment = moment.replace(microsecond=0) if secs else moment.replace(second=0, microsecond=0)
    clock = "%H:%M:%S" if secs else "%H:%M"
    if twelve:
        text = moment.strftime("%m/%d/%Y %I:%M %p")
    else:
        text = moment.strftime(("%m/%d/%Y" if us else "%Y-%m-%d") + ("T" if tee else " ") + clock)
    whole = read_naive(text)
    assert isinstance(whole, dt.datetime)
    cache = ShapeCache(dayfirst=False)
    expected = (whole.date().toordinal(), _since(whole))
    assert cache.day_and_time(text) == expected
    assert cache.day_and_time(text) == expected  # the second time from the tables


def test_a_piece_the_parser_refuses_is_none_and_remembered() -> None:
    cache = ShapeCache(dayfirst=False)
    assert cache.day_and_time("2023-02-30 10:00") == (None, 36_000 * MICROS)
    assert "2023-02-30" in cache.short_dates
    assert cache.day_and_time("13/45/2020 09:00 PM") == (None, 75_600 * MICROS)


def test_a_long_date_piece_is_only_ever_a_us_date() -> None:
    cache = ShapeCache(dayfirst=False)
    assert cache.date_ordinal("2024-11-27", us_only=True) is None
    assert cache.date_ordinal("11/27/2024", us_only=True) == dt.date(2024, 11, 27).toordinal()


def test_a_time_to_the_second_is_read_after_a_date_of_its_own_kind() -> None:
    """A 19-character ISO value's time is learnt after an ISO date, a US value's after a
    US date: a time the parser took after one kind only is never taken after the other."""
    cache = ShapeCache(dayfirst=False)
    day = dt.date(2024, 11, 27).toordinal()
    since = (16 * 3600 + 30 * 60 + 59) * MICROS
    assert cache.day_and_time("2024-11-27 16:30:59") == (day, since)
    assert cache.day_and_time("2024-11-27T16:30:59") == (day, since)
    assert set(cache.long_iso_times) == {" 16:30:59", "T16:30:59"} and not cache.long_times
    assert cache.day_and_time("11/27/2024 16:30:59") == (day, since)
    assert set(cache.long_times) == {" 16:30:59"}
    assert cache.day_and_time("2024-11-27 04:30 PM") == (day, 16 * 3600 * MICROS + 1800 * MICROS)
    assert " 04:30 PM" in cache.long_iso_times  # read after an ISO date, as the parser does


def test_day_first_reads_the_day_first() -> None:
    cache = ShapeCache(dayfirst=True)
    assert cache.date_ordinal("03/04/2024") == dt.date(2024, 4, 3).toordinal()


def test_with_user_formats_the_caches_stand_aside_and_keep_nothing() -> None:
    cache = ShapeCache(dayfirst=False, enabled=False)
    assert cache.day_and_time("2024-11-27 16:30")[0] is None
    assert cache.date_ordinal("2024-11-27") is None
    assert not cache.short_dates and not cache.short_times


def test_a_table_stops_keeping_pieces_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shapes, "CACHE_LIMIT", 3)
    cache = ShapeCache(dayfirst=False)
    days = [f"2024-01-{day:02d}" for day in range(1, 8)]
    assert [cache.date_ordinal(day) for day in days] == [
        dt.date(2024, 1, day).toordinal() for day in range(1, 8)
    ]
    assert list(cache.short_dates) == days[:3]


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
    assert first.short_dates["03/04/2025"] == dt.date(2025, 3, 4).toordinal()
    assert shapes_of() is first and "03/04/2025" in shapes_of().short_dates
    day_first = shapes_of(dayfirst=True)
    assert (
        day_first is not first
        and day_first.short_dates["03/04/2025"] == dt.date(2025, 4, 3).toordinal()
    )
    assert shapes_of(formats=("%d.%m.%Y %H:%M",)) not in (first, day_first)
    other: list[ShapeCache] = []
    thread = threading.Thread(target=lambda: other.append(shapes_of()))
    thread.start()
    thread.join()
    assert other[0] is not first
