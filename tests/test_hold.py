"""The engine on tables of real dates: holiday weeks, observed days, year ends, DST weekends."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from holdcalc import (
    RULES,
    Calendar,
    DayKind,
    SequenceError,
    Status,
    assess,
    hold_expiry,
)
from holdcalc.core.clock import elapsed


def at(text: str, zone: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


# start (local), zone, rule, holidays, expected expiry (local), why
CASES = [
    (
        "2024-11-27 16:30",
        "America/Chicago",
        "cfr",
        "federal",
        "2024-12-02 16:30",
        "Thanksgiving then a weekend",
    ),
    (
        "2025-07-05 14:00",
        "America/New_York",
        "cfr",
        "federal",
        "2025-07-09 00:00",
        "start on Saturday: the clock starts Monday 00:00",
    ),
    (
        "2025-03-07 10:00",
        "America/New_York",
        "cfr",
        "federal",
        "2025-03-11 10:00",
        "spring-forward Sunday is excluded, so no hour is lost",
    ),
    (
        "2025-12-23 18:00",
        "America/New_York",
        "cfr",
        "federal+closures",
        "2025-12-30 18:00",
        "Christmas Eve and Dec 26 executive-order closures",
    ),
    (
        "2025-12-23 18:00",
        "America/New_York",
        "cfr",
        "federal",
        "2025-12-26 18:00",
        "without the closures only Christmas stops the clock",
    ),
    (
        "2025-03-08 10:00",
        "America/Chicago",
        "i247a",
        "federal",
        "2025-03-10 11:00",
        "I-247A counts elapsed hours across spring forward",
    ),
    (
        "2025-11-01 10:00",
        "America/Chicago",
        "i247a",
        "federal",
        "2025-11-03 09:00",
        "I-247A counts elapsed hours across fall back",
    ),
    (
        "2025-10-31 10:00",
        "America/Chicago",
        "cfr",
        "federal",
        "2025-11-04 10:00",
        "fall-back Sunday is excluded",
    ),
    (
        "2021-06-17 09:00",
        "America/New_York",
        "cfr",
        "federal",
        "2021-06-22 09:00",
        "Juneteenth's first year: observed Friday 2021-06-18",
    ),
    (
        "2021-12-30 12:00",
        "America/Chicago",
        "cfr",
        "federal",
        "2022-01-04 12:00",
        "New Year's Day 2022 observed Friday 2021-12-31",
    ),
    (
        "2021-12-23 18:00",
        "America/New_York",
        "cfr",
        "federal",
        "2021-12-28 18:00",
        "Christmas 2021 observed Friday Dec 24",
    ),
    (
        "2024-12-30 20:00",
        "America/New_York",
        "cfr",
        "federal",
        "2025-01-02 20:00",
        "year end: New Year's Day inside the hold",
    ),
    (
        "2024-07-04 10:00",
        "America/New_York",
        "cfr",
        "federal",
        "2024-07-09 00:00",
        "start on a holiday: clock starts Friday 00:00",
    ),
    (
        "2025-01-06 00:00",
        "America/New_York",
        "cfr",
        "federal",
        "2025-01-08 00:00",
        "expiry exactly at midnight",
    ),
    (
        "2025-01-08 00:00",
        "America/New_York",
        "cfr",
        "federal",
        "2025-01-10 00:00",
        "federal set: the Carter day of mourning counts",
    ),
    (
        "2025-01-08 00:00",
        "America/New_York",
        "cfr",
        "federal+closures",
        "2025-01-11 00:00",
        "closures: 2025-01-09 is excluded; expiry at the first instant 48 h are reached",
    ),
    (
        "2025-01-09 17:00",
        "America/New_York",
        "cfr",
        "federal",
        "2025-01-13 17:00",
        "Thursday 5 pm runs to Monday 5 pm in an ordinary week",
    ),
    (
        "1975-10-24 12:00",
        "America/New_York",
        "cfr",
        "federal",
        "1975-10-29 12:00",
        "Veterans Day on the 4th Monday of October (1971-1977)",
    ),
    (
        "2026-02-13 15:00",
        "Pacific/Honolulu",
        "cfr",
        "federal",
        "2026-02-18 15:00",
        "Presidents' Day weekend in Hawaii",
    ),
    (
        "2026-01-16 08:00",
        "America/Phoenix",
        "cfr",
        "federal",
        "2026-01-21 08:00",
        "MLK Day weekend in Arizona (no DST)",
    ),
    (
        "2026-11-25 23:59",
        "America/Puerto_Rico",
        "cfr",
        "federal",
        "2026-11-30 23:59",
        "Thanksgiving 2026 in Puerto Rico",
    ),
    (
        "2025-12-31 23:00",
        "America/Anchorage",
        "cfr",
        "none",
        "2026-01-02 23:00",
        "no holiday calendar: New Year's Day counts",
    ),
]


@pytest.mark.parametrize(
    ("start", "zone", "rule", "holidays", "expected", "why"),
    CASES,
    ids=[case[-1] for case in CASES],
)
def test_real_dates(
    start: str, zone: str, rule: str, holidays: str, expected: str, why: str
) -> None:
    expiry = hold_expiry(at(start, zone), rule=RULES[rule], calendar=Calendar(holidays))
    assert expiry.expires_at == at(expected, zone), why
    assert expiry.expires_at.tzinfo == ZoneInfo(zone)


def test_ledger_explains_thanksgiving_week() -> None:
    expiry = hold_expiry(at("2024-11-27 16:30", "America/Chicago"))
    rows = [
        (d.date.isoformat(), d.kind, d.reason, d.counted.total_seconds() / 3600)
        for d in expiry.ledger
    ]
    assert rows == [
        ("2024-11-27", DayKind.COUNTED, None, 7.5),
        ("2024-11-28", DayKind.EXCLUDED, "Thanksgiving Day", 0),
        ("2024-11-29", DayKind.COUNTED, None, 24),
        ("2024-11-30", DayKind.EXCLUDED, "Saturday", 0),
        ("2024-12-01", DayKind.EXCLUDED, "Sunday", 0),
        ("2024-12-02", DayKind.COUNTED, None, 16.5),
    ]
    assert expiry.ledger[-1].running == dt.timedelta(hours=48)
    assert [e.date.isoformat() for e in expiry.excluded] == [
        "2024-11-28",
        "2024-11-30",
        "2024-12-01",
    ]
    assert expiry.clock_starts == expiry.start


def test_weekend_holiday_gives_both_reasons() -> None:
    expiry = hold_expiry(at("2020-07-02 12:00", "America/New_York"))
    reasons = {e.date.isoformat(): e.reason for e in expiry.excluded}
    assert reasons["2020-07-03"] == "Independence Day (observed)"
    assert reasons["2020-07-04"] == "Saturday; Independence Day"


def test_clock_starts_after_excluded_start_day() -> None:
    expiry = hold_expiry(at("2025-07-05 14:00", "America/New_York"))
    assert expiry.clock_starts == at("2025-07-07 00:00", "America/New_York")
    assert expiry.ledger[-1].date == dt.date(2025, 7, 8)  # no empty row for the expiry day


def test_state_holidays_add_to_federal() -> None:
    start = at("2025-03-28 09:00", "America/Los_Angeles")
    assert hold_expiry(start).expires_at == at("2025-04-01 09:00", "America/Los_Angeles")
    with_ca = hold_expiry(start, calendar=Calendar("federal", "CA"))
    assert with_ca.expires_at == at("2025-04-02 09:00", "America/Los_Angeles")
    assert any("Cesar Chavez" in e.reason for e in with_ca.excluded)


def test_extra_local_closure() -> None:
    start = at("2025-05-06 09:00", "America/Denver")
    plain = hold_expiry(start)
    closed = hold_expiry(start, calendar=Calendar(extra=((dt.date(2025, 5, 7), "county"),)))
    assert plain.expires_at == at("2025-05-08 09:00", "America/Denver")
    assert closed.expires_at == at("2025-05-09 09:00", "America/Denver")
    assert closed.excluded[0].reason == "county"


def test_hours_override_and_counted_weekends() -> None:
    start = at("2025-01-10 12:00", "America/Chicago")  # a Friday
    day_cap = RULES["cfr"].adjusted(hours=24)
    assert hold_expiry(start, rule=day_cap).expires_at == at("2025-01-13 12:00", "America/Chicago")
    weekends_count = RULES["cfr"].adjusted(weekends=False)
    assert hold_expiry(start, rule=weekends_count).expires_at == at(
        "2025-01-12 12:00", "America/Chicago"
    )
    assert "Adjusted" in day_cap.note


def test_i247a_counts_every_hour_and_excludes_nothing() -> None:
    expiry = hold_expiry(at("2024-11-27 16:30", "America/Chicago"), rule=RULES["i247a"])
    assert expiry.expires_at == at("2024-11-29 16:30", "America/Chicago")
    assert expiry.excluded == ()


def test_start_with_other_offset_is_read_in_jail_zone() -> None:
    start = dt.datetime(2024, 11, 27, 22, 30, tzinfo=dt.UTC)
    expiry = hold_expiry(start, zone="America/Chicago")
    assert expiry.start == at("2024-11-27 16:30", "America/Chicago")
    assert expiry.zone == "America/Chicago"


def test_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        hold_expiry(dt.datetime(2024, 11, 27, 16, 30))


def test_zone_that_skips_midnight() -> None:
    # America/Havana sprang forward at 00:00 on 2024-03-10 (a Sunday); with weekends
    # counted that day is 23 hours long and starts at 01:00.
    rule = RULES["cfr"].adjusted(weekends=False)
    start = at("2024-03-09 00:00", "America/Havana")
    expiry = hold_expiry(start, rule=rule, calendar=Calendar("none"))
    assert elapsed(start, expiry.expires_at) == dt.timedelta(hours=48)
    assert expiry.ledger[1].counted == dt.timedelta(hours=23)


# --- assessment ----------------------------------------------------------------------------

EXPIRY_START = "2024-11-27 16:30"


@pytest.mark.parametrize(
    ("released", "status", "over"),
    [
        ("2024-11-28 09:00", Status.WITHIN_HOLD, 0.0),
        ("2024-12-02 16:30", Status.WITHIN_HOLD, 0.0),  # exactly at expiry is lawful
        ("2024-12-02 16:31", Status.OVER_DETAINED, 0.02),
        ("2024-12-03 09:00", Status.OVER_DETAINED, 16.5),
    ],
)
def test_assess_release(released: str, status: Status, over: float) -> None:
    expiry = hold_expiry(at(EXPIRY_START, "America/Chicago"))
    result = assess(expiry, released=at(released, "America/Chicago"))
    assert result.status is status
    assert result.over_by_hours == over
    assert result.status.flagged is (status is Status.OVER_DETAINED)


def test_assess_still_held() -> None:
    expiry = hold_expiry(at(EXPIRY_START, "America/Chicago"))
    active = assess(expiry, as_of=at("2024-12-02 10:30", "America/Chicago"))
    assert active.status is Status.ACTIVE
    assert active.remaining == dt.timedelta(hours=6)
    late = assess(expiry, as_of=at("2024-12-04 16:30", "America/Chicago"))
    assert late.status is Status.EXPIRED
    assert late.over_by == dt.timedelta(hours=48)
    assert late.status.flagged


def test_over_detention_is_real_time_across_fall_back() -> None:
    expiry = hold_expiry(at("2025-10-30 12:00", "America/Chicago"))
    assert expiry.expires_at == at("2025-11-03 12:00", "America/Chicago")
    result = assess(
        expiry, released=dt.datetime(2025, 11, 1, 12, tzinfo=ZoneInfo("America/Chicago"))
    )
    assert result.status is Status.WITHIN_HOLD
    # Released Monday 2025-11-03 13:00 CST: one real hour over, although the
    # wall-clock difference to Saturday (CDT) would differ.
    over = assess(expiry, released=at("2025-11-03 13:00", "America/Chicago"))
    assert over.over_by == dt.timedelta(hours=1)


def test_release_before_start_is_an_input_error() -> None:
    expiry = hold_expiry(at(EXPIRY_START, "America/Chicago"))
    with pytest.raises(SequenceError, match="before the hold started"):
        assess(expiry, released=at("2024-11-27 16:00", "America/Chicago"))
    with pytest.raises(SequenceError, match="before the hold started"):
        assess(expiry, as_of=at("2024-11-27 16:00", "America/Chicago"))


@pytest.mark.parametrize("fold", [0, 1])
@pytest.mark.parametrize(("rule", "hours"), [("i247a", 2), ("i247a", 30), ("cfr", 48)])
def test_a_clock_falling_back_across_midnight_counts_each_hour_once(
    fold: int, rule: str, hours: int
) -> None:
    """St. John's fell back at 00:01 on 1999-10-31: 00:00-00:01 of the 31st came, then
    23:01-23:59 of the 30th again (found by Hypothesis). Each real hour counts once."""
    zone = ZoneInfo("America/St_Johns")
    start = dt.datetime(1999, 10, 30, 23, 30, fold=fold, tzinfo=zone)
    expiry = hold_expiry(start, rule=RULES[rule].adjusted(hours=hours), calendar=Calendar("none"))
    counted = sum((day.counted for day in expiry.ledger), dt.timedelta(0))
    assert counted == dt.timedelta(hours=hours)
    assert expiry.ledger[0].date == dt.date(1999, 10, 30)
    dates = [day.date for day in expiry.ledger]
    assert all((b - a).days == 1 for a, b in itertools.pairwise(dates))
    if rule == "i247a":
        assert elapsed(start, expiry.expires_at) == dt.timedelta(hours=hours)
