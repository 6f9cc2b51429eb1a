"""Inauguration Day: a holiday of only part of Maryland and Virginia (5 U.S.C. § 6103(c)),
not excluded statewide with --state, named with its area, and counted the other way in
the readings beside the answer."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from holdcalc import RULES, Calendar, hold_expiry
from holdcalc.core.area_holidays import split_name
from holdcalc.core.readings import alternatives, area_reading
from tests.conftest import run_cli

NY = ZoneInfo("America/New_York")
INAUGURATIONS = [dt.date(2009, 1, 20), dt.date(2017, 1, 20), dt.date(2021, 1, 20)]  # weekdays


@pytest.mark.parametrize("day", INAUGURATIONS)
@pytest.mark.parametrize(("state", "place"), [("MD", "Prince George's"), ("VA", "Falls Church")])
def test_not_excluded_statewide_but_named_with_its_area(
    day: dt.date, state: str, place: str
) -> None:
    calendar = Calendar("federal", state)
    assert calendar.holiday(day) is None
    text = calendar.area_only(day.year)[day]
    assert text.startswith("Inauguration Day: a holiday only in ")
    assert place in text and "5 U.S.C. § 6103(c)" in text


@pytest.mark.parametrize("day", INAUGURATIONS)
def test_the_district_keeps_it(day: dt.date) -> None:
    calendar = Calendar("federal", "DC")
    assert calendar.holiday(day) == "Inauguration Day (DC holiday)"
    assert calendar.area_only(day.year) == {}


def test_only_where_it_is_not_a_federal_holiday_already() -> None:
    # 2025-01-20 and 2013-01-21 (observed: the 20th a Sunday) are Martin Luther King Jr. Day.
    assert Calendar("federal", "MD").area_only(2025) == {}
    assert [day.isoformat() for day in Calendar("federal", "MD").area_only(2013)] == ["2013-01-20"]
    assert Calendar("federal", "MD").holiday(dt.date(2025, 1, 20)) == "Martin Luther King Jr. Day"
    assert Calendar("federal", "CA").area_only(2021) == {}
    assert Calendar("federal").area_only(2021) == {}


def test_the_state_other_holidays_stay() -> None:
    maryland = Calendar("federal", "MD")
    assert maryland.holiday(dt.date(2021, 11, 26)) == "American Indian Heritage Day (MD holiday)"
    assert split_name("VA", "Inauguration Day (observed); Lee-Jackson Day") == (
        "Lee-Jackson Day",
        "Inauguration Day (observed): a holiday only in Arlington and Fairfax Counties and "
        "the cities of Alexandria and Falls Church (the City of Fairfax counted with Fairfax "
        "County) (5 U.S.C. § 6103(c))",
    )
    assert split_name("DC", "Inauguration Day") == ("Inauguration Day", "")


def test_a_local_closure_day_excludes_it_and_ends_the_note() -> None:
    day = dt.date(2021, 1, 20)
    calendar = Calendar("federal", "MD", ((day, "local closure: Inauguration Day"),))
    assert calendar.holiday(day) == "local closure: Inauguration Day"
    assert calendar.area_only(2021) == {}
    start = dt.datetime(2021, 1, 19, 10, 0, tzinfo=NY)
    expiry = hold_expiry(start, calendar=calendar)
    assert expiry.expires_at == dt.datetime(2021, 1, 22, 10, 0, tzinfo=NY)
    assert not [a for a in alternatives(expiry) if a.note]


def in_area(start: dt.datetime, state: str = "MD") -> dt.datetime | None:
    """The expiry of the reading inside the area, found among all the readings."""
    expiry = hold_expiry(start, calendar=Calendar("federal", state))
    found = [a for a in alternatives(expiry) if a.days]
    assert found == ([area_reading(expiry)] if found else [])
    if found:
        assert found[0].note.startswith(f"excluding {found[0].days[0]}, Inauguration Day: ")
    return found[0].expires_at if found else None


def test_the_reading_inside_the_area_is_shown_when_the_day_is_counted() -> None:
    start = dt.datetime(2021, 1, 19, 10, 0, tzinfo=NY)
    # 14 h on Tuesday, all of Wednesday the 20th, 10 h on Thursday.
    assert hold_expiry(start, calendar=Calendar("federal", "MD")).expires_at == dt.datetime(
        2021, 1, 21, 10, 0, tzinfo=NY
    )
    # Inside the area the 20th stops the clock: the count ends a day later.
    assert in_area(start) == dt.datetime(2021, 1, 22, 10, 0, tzinfo=NY)
    # 16 h on Thursday 2017-01-19; Friday the 20th counted (24 h), then 8 h on Monday.
    thursday = dt.datetime(2017, 1, 19, 8, 0, tzinfo=NY)
    assert hold_expiry(thursday, calendar=Calendar("federal", "VA")).expires_at == dt.datetime(
        2017, 1, 23, 8, 0, tzinfo=NY
    )
    # Inside the area: Friday and the weekend stop it; 24 h Monday and 8 h Tuesday.
    assert in_area(thursday, "VA") == dt.datetime(2017, 1, 24, 8, 0, tzinfo=NY)


def test_no_area_reading_when_the_day_is_outside_the_count() -> None:
    assert in_area(dt.datetime(2021, 1, 21, 10, 0, tzinfo=NY)) is None
    assert in_area(dt.datetime(2021, 1, 14, 10, 0, tzinfo=NY)) is None
    i247a = hold_expiry(dt.datetime(2021, 1, 19, 10, 0, tzinfo=NY), rule=RULES["i247a"])
    assert not [a for a in alternatives(i247a) if a.note]


def test_expire_shows_and_records_the_area_reading() -> None:
    args = ("expire", "2021-01-19 10:00", "--tz", "America/New_York", "--state", "MD")
    code, out, err = run_cli(*args, "--format", "json")
    assert code == 0 and err == ""
    record = json.loads(out)
    assert record["expires_at"] == "2021-01-21T10:00:00-05:00"
    (area,) = [a for a in record["alternatives"] if a["note"]]
    assert area["expires_at"] == "2021-01-22T10:00:00-05:00" and area["differs"] is True
    assert "Montgomery and Prince George's Counties" in area["note"]
    code, text, err = run_cli(*args)
    assert code == 0 and err == ""
    flat = " ".join(text.split())
    assert "excluding 2021-01-20, Inauguration Day: a holiday only in Montgomery" in flat
    assert "Fri 2021-01-22 10:00 AM EST" in flat


def test_holidays_lists_it_apart_with_the_way_to_add_it() -> None:
    code, out, err = run_cli("holidays", "--year", "2021", "--state", "VA")
    assert code == 0 and err == ""
    listed, _, apart = out.partition("Not excluded")
    assert "2021-01-20" not in listed
    assert "--extra-holiday" in apart and "2021-01-20  Wednesday  Inauguration Day: " in apart
    code, out, _ = run_cli("holidays", "--year", "2021", "--state", "VA", "--format", "json")
    record = json.loads(out)
    assert [d["date"] for d in record["area_only"]] == ["2021-01-20"]
    assert "2021-01-20" not in [d["date"] for d in record["days"]]
    code, out, _ = run_cli("holidays", "--year", "2022", "--state", "VA")
    assert code == 0 and "Not excluded" not in out


def test_letter_notes_the_day_and_the_expiry_inside_the_area() -> None:
    args = ["letter", "2021-01-19 10:00", "--tz", "America/New_York", "--released",
            "2021-01-21 20:00", "--name", "A B", "--facility", "Central Booking"]  # fmt: skip
    code, out, err = run_cli(*args, "--state", "MD")
    assert code == 0 and "10 hours (10.00 hours) beyond the expiry" in out
    assert (
        "holdcalc: note: the letter counts 2021-01-20, Inauguration Day: a holiday only in "
        "Montgomery and Prince George's Counties (5 U.S.C. § 6103(c)); for a jail there, add "
        "--extra-holiday 2021-01-20 (the hold would then expire Fri 2021-01-22 10:00 AM EST)\n"
    ) in err
    code, out, err = run_cli(*args, "--state", "MD", "--extra-holiday", "2021-01-20")
    assert code == 3 and out == "" and "Inauguration" not in err
    assert "the hold has not expired: it expires 2021-01-22T10:00:00-05:00" in err
    code, _, err = run_cli(*args, "--state", "CA")
    assert code == 0 and "Inauguration" not in err


def test_check_notes_the_area_holiday_counted_unless_a_closure_day_adds_it() -> None:
    roster = "eligible_at,released_at,tz\n2021-01-19 10:00,2021-01-21 20:00,America/New_York\n"
    args = ("check", "-", "--as-of", "2026-01-01T00:00", "--format", "csv")
    code, out, err = run_cli(*args, "--state", "MD", stdin=roster)
    assert code == 1 and ",2021-01-21T10:00:00-05:00,over-detained,10.00," in out
    assert (
        "holdcalc: note: with --state MD, Inauguration Day (a holiday only in Montgomery and "
        "Prince George's Counties, 5 U.S.C. § 6103(c)) was counted as a working day; for a "
        "jail there, add its dates with --extra-holiday ('holdcalc holidays --year YYYY "
        "--state MD' lists them)\n"
    ) in err
    code, out, err = run_cli(*args, "--state", "MD", "--extra-holiday", "2021-01-20", stdin=roster)
    assert code == 0 and ",2021-01-22T10:00:00-05:00,within-hold," in out
    assert "Inauguration" not in err
    for other in (("--state", "DC"), ("--state", "MD", "--rule", "i247a"), ()):
        _, _, err = run_cli(*args, *other, stdin=roster)
        assert "Inauguration" not in err


def test_the_page_words_the_area_note_in_both_languages() -> None:
    from holdcalc.web.words import TEXT

    for lang in ("en", "es"):
        text = TEXT[lang]["area_holidays"].format(state="VA", holidays="Inauguration Day (x)")
        assert "VA" in text and "Inauguration Day (x)" in text


def test_no_area_reading_when_the_count_ends_as_the_day_begins() -> None:
    # Friday 2021-01-15 00:00: 24 h Friday, the weekend and Martin Luther King Jr. Day
    # excluded, 24 h Tuesday: the count ends at the midnight that begins the 20th.
    start = dt.datetime(2021, 1, 15, 0, 0, tzinfo=NY)
    expiry = hold_expiry(start, calendar=Calendar("federal", "MD"))
    assert expiry.expires_at == dt.datetime(2021, 1, 20, 0, 0, tzinfo=NY)
    assert area_reading(expiry) is None
