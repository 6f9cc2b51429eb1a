"""Invariants (Hypothesis) and a cross-check against slow independent references."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from holdcalc import RULES, Calendar, hold_expiry
from holdcalc.core.clock import EPOCH, elapsed, from_micros
from holdcalc.core.hold import exclusion_reason
from tests import reference

US_ZONES = reference.US_ZONES
WORLD_ZONES = [*US_ZONES, *reference.OTHER_ZONES]

starts = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2030, 12, 31),
    timezones=st.sampled_from([ZoneInfo(z) for z in US_ZONES]),
)
minute_starts = starts.map(lambda t: t.replace(second=0, microsecond=0))
holiday_sets = st.sampled_from(["federal", "federal+closures", "none"])


@given(start=starts, holidays=holiday_sets)
def test_counted_time_from_start_to_expiry_is_the_hold_length(
    start: dt.datetime, holidays: str
) -> None:
    expiry = hold_expiry(start, calendar=Calendar(holidays))
    counted = sum((day.counted for day in expiry.ledger), dt.timedelta(0))
    assert counted == dt.timedelta(hours=48)
    if holidays != "none":
        assert reference.counted_between(
            start, expiry.expires_at, _zone(start), closures=holidays == "federal+closures"
        ) == dt.timedelta(hours=48)


@given(
    start=starts,
    later=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=20)),
    holidays=holiday_sets,
)
def test_expiry_never_moves_earlier_when_start_moves_later(
    start: dt.datetime, later: dt.timedelta, holidays: str
) -> None:
    calendar = Calendar(holidays)
    first = hold_expiry(start, calendar=calendar).expires_at
    second_start = (start.astimezone(dt.UTC) + later).astimezone(start.tzinfo)
    second = hold_expiry(second_start, calendar=calendar).expires_at
    assert elapsed(first, second) >= dt.timedelta(0)


@given(start=starts, holidays=holiday_sets)
def test_expiry_is_never_inside_an_excluded_day(start: dt.datetime, holidays: str) -> None:
    calendar = Calendar(holidays)
    expires = hold_expiry(start, calendar=calendar).expires_at
    reason = exclusion_reason(expires.date(), weekends=True, calendar=calendar)
    if reason is not None:
        assert (expires.hour, expires.minute, expires.second, expires.microsecond) == (0, 0, 0, 0)


@given(
    start=st.datetimes(
        min_value=dt.datetime(1990, 1, 1),
        max_value=dt.datetime(2035, 1, 1),
        timezones=st.sampled_from([ZoneInfo(z) for z in WORLD_ZONES]),
    ),
    hours=st.integers(min_value=1, max_value=200),
)
def test_i247a_is_plain_elapsed_hours_in_any_zone(start: dt.datetime, hours: int) -> None:
    rule = RULES["i247a"].adjusted(hours=hours)
    expiry = hold_expiry(start, rule=rule)
    assert elapsed(start, expiry.expires_at) == dt.timedelta(hours=hours)
    assert sum((d.counted for d in expiry.ledger), dt.timedelta(0)) == dt.timedelta(hours=hours)


@given(
    start=st.datetimes(
        min_value=dt.datetime(1990, 1, 1),
        max_value=dt.datetime(2035, 1, 1),
        timezones=st.sampled_from([ZoneInfo(z) for z in WORLD_ZONES]),
    )
)
def test_ledger_days_are_contiguous_local_days(start: dt.datetime) -> None:
    expiry = hold_expiry(start, calendar=Calendar("federal"))
    dates = [day.date for day in expiry.ledger]
    assert dates[0] == expiry.start.date()
    assert all(b - a == dt.timedelta(days=1) for a, b in itertools.pairwise(dates))
    # Counted time is real time, so a hold never lasts less than its 48 hours.
    assert elapsed(expiry.start, expiry.expires_at) >= dt.timedelta(hours=48)
    assert sum((d.counted for d in expiry.ledger), dt.timedelta(0)) == dt.timedelta(hours=48)


def _random_starts(count: int, seed: int) -> list[dt.datetime]:
    rng = random.Random(seed)
    base = dt.datetime(2010, 1, 1, tzinfo=dt.UTC)
    out = []
    for _ in range(count):
        zone = ZoneInfo(rng.choice(US_ZONES))
        moment = base + dt.timedelta(minutes=rng.randrange(60 * 24 * 365 * 18))
        out.append(moment.astimezone(zone))
    return out


@pytest.mark.parametrize("holidays", ["federal", "federal+closures"])
def test_engine_matches_day_walking_reference_on_thousands_of_starts(holidays: str) -> None:
    calendar = Calendar(holidays)
    closures = holidays == "federal+closures"
    for start in _random_starts(3000, seed=11 if closures else 7):
        ours = hold_expiry(start, calendar=calendar).expires_at
        theirs = reference.expiry_by_days(start, _zone(start), closures=closures)
        assert ours == theirs, start.isoformat()


def test_engine_matches_minute_stepping_reference() -> None:
    for start in _random_starts(60, seed=3):
        ours = hold_expiry(start).expires_at
        assert ours == reference.expiry_by_minutes(start, _zone(start)), start.isoformat()


@given(start=starts, holidays=holiday_sets)
def test_expiry_without_ledger_is_the_same_instant(start: dt.datetime, holidays: str) -> None:
    calendar = Calendar(holidays)
    quick = hold_expiry(start, calendar=calendar, explain=False)
    full = hold_expiry(start, calendar=calendar)
    assert quick.expires_at == full.expires_at
    assert quick.ledger == () and full.ledger


def _zone(moment: dt.datetime) -> ZoneInfo:
    assert isinstance(moment.tzinfo, ZoneInfo)
    return moment.tzinfo


@given(
    micros=st.integers(min_value=-2_500_000_000 * 10**6, max_value=4_000_000_000 * 10**6),
    zone=st.sampled_from(
        ["America/Chicago", "Europe/Dublin", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kolkata"]
    ),
    whole=st.booleans(),
)
def test_from_micros_is_the_utc_sum_converted(micros: int, zone: str, whole: bool) -> None:
    # from_micros takes a quicker route (whole seconds, then the fraction); it must give
    # the datetime of the plain route, fold and offset included.
    micros -= micros % 10**6 if whole else 0
    plain = (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)).astimezone(
        ZoneInfo(zone)
    )
    quick = from_micros(micros, ZoneInfo(zone))
    assert (quick.replace(tzinfo=None), quick.fold, quick.utcoffset()) == (
        plain.replace(tzinfo=None),
        plain.fold,
        plain.utcoffset(),
    )


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London", "America/St_Johns"])
def test_from_micros_is_the_utc_sum_converted_hour_by_hour_through_clock_changes(
    zone: str,
) -> None:
    tz = ZoneInfo(zone)
    first = int(dt.datetime(2020, 1, 1, tzinfo=dt.UTC).timestamp()) * 10**6
    for hour in range(24 * 366 * 2):
        for extra in (0, 1, 1_800 * 10**6 - 1):
            micros = first + hour * 3_600 * 10**6 + extra
            plain = (EPOCH + dt.timedelta(microseconds=micros)).astimezone(tz)
            quick = from_micros(micros, tz)
            assert (quick.replace(tzinfo=None), quick.fold) == (
                plain.replace(tzinfo=None),
                plain.fold,
            )
