"""Half-day closings (Christmas Eve 2002, 2009, 2015): excluded whole in the main
reading, counted until noon in the half-day reading, shown when it changes the expiry."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from holdcalc import Calendar, hold_expiry
from holdcalc.core.readings import HALF_DAY_NOTE, alternatives
from tests.conftest import run_cli

NY = ZoneInfo("America/New_York")
CLOSURES = Calendar("federal+closures")


def half_day(start: dt.datetime, calendar: Calendar = CLOSURES) -> dt.datetime | None:
    expiry = hold_expiry(start, calendar=calendar)
    found = [a for a in alternatives(expiry) if a.note == HALF_DAY_NOTE]
    return found[0].expires_at if found else None


def test_the_morning_of_christmas_eve_2015_counts_in_the_half_day_reading() -> None:
    start = dt.datetime(2015, 12, 23, 10, 0, tzinfo=NY)
    main = hold_expiry(start, calendar=CLOSURES).expires_at
    assert main == dt.datetime(2015, 12, 29, 10, 0, tzinfo=NY)  # the 24th excluded whole
    # 14 h on the 23rd, 12 h on the morning of the 24th, then 22 h on Monday the 28th.
    assert half_day(start) == dt.datetime(2015, 12, 28, 22, 0, tzinfo=NY)


def test_the_half_day_reading_follows_the_closures_reading_on_the_federal_calendar() -> None:
    start = dt.datetime(2015, 12, 23, 10, 0, tzinfo=NY)
    assert half_day(start, Calendar("federal")) == dt.datetime(2015, 12, 28, 22, 0, tzinfo=NY)


def test_a_start_in_the_afternoon_of_the_half_day_changes_nothing() -> None:
    assert half_day(dt.datetime(2015, 12, 24, 14, 0, tzinfo=NY)) is None


def test_a_start_on_the_morning_of_the_half_day_counts_to_noon() -> None:
    chicago = ZoneInfo("America/Chicago")
    start = dt.datetime(2009, 12, 24, 9, 0, tzinfo=chicago)
    # 3 h on the 24th; the 25th and the weekend excluded; 24 h Monday; 21 h Tuesday.
    assert half_day(start) == dt.datetime(2009, 12, 29, 21, 0, tzinfo=chicago)
    assert hold_expiry(start, calendar=CLOSURES).expires_at == dt.datetime(
        2009, 12, 30, 0, 0, tzinfo=chicago
    )


def test_no_half_day_reading_without_a_half_day_in_the_count() -> None:
    assert half_day(dt.datetime(2015, 12, 1, 10, 0, tzinfo=NY)) is None
    assert half_day(dt.datetime(2019, 12, 23, 10, 0, tzinfo=NY)) is None  # a whole-day closure


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([2002, 2009, 2015]),
    st.integers(min_value=0, max_value=10 * 24 * 60 - 1),
)
def test_the_half_day_reading_lies_between_the_whole_day_readings(year: int, minute: int) -> None:
    start = dt.datetime(year, 12, 18, tzinfo=NY) + dt.timedelta(minutes=minute)
    start = start.astimezone(NY)
    main = hold_expiry(start, calendar=CLOSURES).expires_at
    counted = hold_expiry(start, calendar=Calendar("federal")).expires_at  # the 24th counted
    half = half_day(start) or main
    assert counted <= half <= main
    noon = dt.datetime(year, 12, 24, 12, 0, tzinfo=NY)
    if start >= noon:
        assert half == main  # nothing of the half day is counted either way
    elif main > noon and counted < main:
        assert half < main  # the morning counts


def test_the_command_shows_and_records_the_half_day_reading() -> None:
    args = ("expire", "2015-12-23 10:00", "--tz", "America/New_York", "--holidays")
    code, out, _ = run_cli(*args, "federal+closures", "--format", "json")
    assert code == 0
    record = json.loads(out)
    (half,) = [a for a in record["alternatives"] if a["note"] == HALF_DAY_NOTE]
    assert half["expires_at"] == "2015-12-28T22:00:00-05:00"
    christmas_eve = next(day for day in record["ledger"] if day["date"] == "2015-12-24")
    assert "not settled" in christmas_eve["reason"] and "until noon" in christmas_eve["reason"]
    _, text, _ = run_cli(*args, "federal+closures")
    assert "half-day closings excluded from noon only" in " ".join(text.split())
