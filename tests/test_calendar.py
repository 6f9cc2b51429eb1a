"""Holiday calendars from the `holidays` package, and the keyed on-disk cache."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import holdcalc.core.holiday_calendar as calendar_module
from holdcalc import Calendar, CalendarError, read_holiday_file
from holdcalc.core.hold import hold_expiry
from holdcalc.core.holiday_calendar import parse_extra_holiday, validate_state


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2021-06-18", "Juneteenth National Independence Day (observed)"),
        ("2021-12-31", "New Year's Day (observed)"),
        ("2020-07-03", "Independence Day (observed)"),
        ("2022-12-26", "Christmas Day (observed)"),
        ("1975-10-27", "Veterans Day"),
        ("2025-11-27", "Thanksgiving Day"),
    ],
)
def test_federal_holidays_and_observed_days(day: str, name: str) -> None:
    assert Calendar("federal").holiday(dt.date.fromisoformat(day)) == name


@pytest.mark.parametrize(
    "day", ["2019-12-24", "2020-12-24", "2024-12-24", "2025-01-09", "2025-12-24", "2025-12-26"]
)
def test_closures_only_in_federal_plus_closures(day: str) -> None:
    date = dt.date.fromisoformat(day)
    assert Calendar("federal").holiday(date) is None
    name = Calendar("federal+closures").holiday(date)
    assert name is not None and "executive-order closure" in name


def test_juneteenth_only_from_2021_and_mlk_from_1986() -> None:
    assert Calendar().holiday(dt.date(2020, 6, 19)) is None
    assert Calendar().holiday(dt.date(1985, 1, 21)) is None
    assert Calendar().holiday(dt.date(1986, 1, 20)) is not None


def test_none_and_state() -> None:
    assert Calendar("none").year(2025) == {}
    with_ca = Calendar("none", "ca").year(2025)
    assert with_ca[dt.date(2025, 3, 31)].startswith("Cesar Chavez Day")
    assert dt.date(2025, 11, 27) not in with_ca  # federal days are not state additions
    assert validate_state("ny") == "NY"
    with pytest.raises(CalendarError, match="unknown state 'XX'"):
        validate_state("XX")
    with pytest.raises(CalendarError, match="unknown holiday set"):
        Calendar("bank")


def test_extra_days_and_holiday_file(tmp_path: Path) -> None:
    assert parse_extra_holiday("2025-05-07") == (dt.date(2025, 5, 7), "local closure")
    assert parse_extra_holiday("2025-05-07=Fair") == (dt.date(2025, 5, 7), "local closure: Fair")
    listing = tmp_path / "days.txt"
    listing.write_text(
        "\ufeff# header\n2025-05-07 County fair # note\n\n2025-07-03\n", encoding="utf-8"
    )
    assert read_holiday_file(listing) == (
        (dt.date(2025, 5, 7), "local closure: County fair"),
        (dt.date(2025, 7, 3), "local closure"),
    )
    listing.write_text("2025-02-30\n", encoding="utf-8")
    with pytest.raises(CalendarError, match=r"line 1.*not a real date"):
        read_holiday_file(listing)
    both = Calendar(extra=((dt.date(2025, 7, 4), "local closure"),))
    assert both.holiday(dt.date(2025, 7, 4)) == "Independence Day; local closure"


def test_a_calendar_with_no_counted_day_is_an_error() -> None:
    every_day = tuple((dt.date(2030, 1, 1) + dt.timedelta(days=i), "closed") for i in range(4800))
    start = dt.datetime(2030, 1, 2, 9, tzinfo=dt.UTC)
    with pytest.raises(CalendarError, match="no counted day"):
        hold_expiry(start, zone="America/Chicago", calendar=Calendar(extra=every_day))


# --- the cache ------------------------------------------------------------------------------


def _files(folder: str) -> list[Path]:
    return sorted(Path(folder).glob("*.json"))


def test_cache_is_written_keyed_and_used(cache_dir: str) -> None:
    assert Calendar().holiday(dt.date(2025, 11, 27)) == "Thanksgiving Day"
    files = [f for f in _files(cache_dir) if "federal-US-2025" in f.name]
    assert len(files) == 1
    data = json.loads(files[0].read_text(encoding="utf-8"))
    key = json.loads(data["key"])
    assert key[3:] == ["federal", None, 2025]
    assert "@" in key[2]  # the holidays package's version and location
    # A fresh calendar serves what the file says: the cache is really used.
    data["days"] = [["2025-03-03", "Test Day"]]
    files[0].write_text(json.dumps(data), encoding="utf-8")
    assert Calendar().year(2025) == {dt.date(2025, 3, 3): "Test Day"}


def test_cache_entry_with_another_key_is_never_served(
    cache_dir: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Calendar().year(2024)
    path = next(f for f in _files(cache_dir) if "federal-US-2024" in f.name)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["days"] = [["2024-03-03", "Stale Day"]]
    path.write_text(json.dumps(data), encoding="utf-8")
    # Another version of the package: the stale table must not be served.
    monkeypatch.setattr(calendar_module, "_fingerprint", "0.0-other@/elsewhere")
    table = Calendar().year(2024)
    assert dt.date(2024, 3, 3) not in table
    assert table[dt.date(2024, 11, 28)] == "Thanksgiving Day"


def test_damaged_cache_is_rebuilt(cache_dir: str) -> None:
    Calendar("federal+closures").year(2023)
    for path in _files(cache_dir):
        path.write_text("{not json", encoding="utf-8")
    assert Calendar("federal+closures").holiday(dt.date(2023, 12, 25)) == "Christmas Day"


def test_cache_can_be_switched_off(cache_dir: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOLDCALC_NO_CACHE", "1")
    assert Calendar().holiday(dt.date(2022, 1, 17)) is not None
    assert _files(cache_dir) == []


def test_unwritable_cache_path_only_costs_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("HOLDCALC_CACHE_DIR", str(blocker / "cache"))
    assert Calendar().holiday(dt.date(2021, 1, 1)) == "New Year's Day"


def test_a_half_day_closing_names_the_whole_day_choice() -> None:
    """2015-12-24 was a half-day closing; the calendar excludes the whole day and says so."""
    from holdcalc import Calendar

    name = Calendar("federal+closures").holiday(dt.date(2015, 12, 24))
    assert name is not None and "half-day closing" in name
    assert "excluded as a whole day" in name and "not settled" in name
    assert "whole day" not in (Calendar("federal+closures").holiday(dt.date(2015, 12, 25)) or "")
