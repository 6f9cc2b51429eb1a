"""Calendar files for hold deadlines: parsed back with the icalendar library."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

icalendar = pytest.importorskip("icalendar")


def events(path: Path) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


@pytest.mark.parametrize(
    ("start", "zone"),
    [
        ("2024-11-27 16:30", "America/Chicago"),
        ("2024-11-01 23:30", "America/New_York"),  # the count crosses the fall-back night
        ("2024-03-08 22:00", "America/Los_Angeles"),  # and the spring-forward one
        ("2024-06-14 09:00", "Pacific/Honolulu"),
        ("2024-12-24 12:00", "Europe/Berlin"),
    ],
)
def test_the_event_starts_at_the_expiry_to_the_second(
    start: str, zone: str, tmp_path: Path
) -> None:
    path = tmp_path / "hold.ics"
    code, out, _ = run_cli(
        "expire", start, "--tz", zone, "--still-held", "--as-of", "2025-06-01T00:00Z",
        "--format", "json", "--ics", str(path), "--label", "B-17 Ana",
    )  # fmt: skip
    assert code == 1  # expired, as of 2025
    expires = dt.datetime.fromisoformat(json.loads(out)["expires_at"])
    (event,) = events(path)
    assert event.decoded("dtstart") == expires  # the same instant, to the second
    assert str(event["summary"]) == "ICE hold ends: B-17 Ana"
    assert zone in str(event["description"]) and "287.7(d)" in str(event["description"])
    triggers = sorted(alarm.decoded("trigger") for alarm in event.walk("VALARM"))
    assert triggers == [dt.timedelta(hours=-2), dt.timedelta(0)]


def test_the_uid_is_stable_so_a_new_import_updates(tmp_path: Path) -> None:
    uids = []
    for name in ("a.ics", "b.ics"):
        path = tmp_path / name
        run_cli(
            "expire", "2024-11-27 16:30", "--tz", "America/Chicago", "--released",
            "2024-11-28 09:00", "--ics", str(path), "--label", "B-1",
        )  # fmt: skip
        uids.append(str(events(path)[0]["uid"]))
    assert uids[0] == uids[1]


def test_the_binding_limit_is_the_deadline_when_a_law_binds(tmp_path: Path) -> None:
    path = tmp_path / "nj.ics"
    run_cli(
        "expire", "2024-11-27 16:30", "--tz", "America/New_York", "--jurisdiction", "NJ",
        "--meets-conditions", "--released", "2024-11-27 20:00", "--ics", str(path),
        "--format", "json",
    )  # fmt: skip
    (event,) = events(path)
    local = event.decoded("dtstart").astimezone(dt.timezone(dt.timedelta(hours=-5)))
    assert (local.hour, local.minute) == (23, 59)


def test_without_the_extra_one_line_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "icalendar", None)
    path = tmp_path / "x.ics"
    code, _, err = run_cli(
        "expire", "2024-11-27 16:30", "--tz", "UTC", "--still-held", "--ics", str(path)
    )
    assert code == 3 and "pip install 'holdcalc[calendar]'" in err and not path.exists()


ROSTER = (
    "booking_id,name,eligible_at,released_at,tz\n"
    "A,Ana,2024-11-27 16:30,,America/Chicago\n"
    "B,Bo,2024-11-29 09:00,,America/New_York\n"
    "C,Cy,2024-11-20 08:00,,America/Chicago\n"  # expired: no event, a letter
    "D,Di,2024-11-27 16:30,2024-11-28 10:00,America/Chicago\n"  # left: neither
)


def test_check_writes_an_event_for_each_hold_still_running(tmp_path: Path) -> None:
    path = tmp_path / "watch.ics"
    _, out, _ = run_cli(
        "check", "-", "--as-of", "2024-12-02 08:00", "--format", "jsonl", "--ics", str(path),
        stdin=ROSTER,
    )  # fmt: skip
    rows = {r["booking_id"]: r for r in map(json.loads, out.splitlines())}
    found = {str(e["summary"]): e for e in events(path)}
    assert set(found) == {"ICE hold ends: A Ana", "ICE hold ends: B Bo"}
    for booking, name in (("A", "Ana"), ("B", "Bo")):
        start = found[f"ICE hold ends: {booking} {name}"].decoded("dtstart")
        assert start == dt.datetime.fromisoformat(rows[booking]["hold_expires_at"])
    again = tmp_path / "again.ics"
    run_cli(
        "check", "-", "--as-of", "2024-12-02 09:00", "--format", "csv", "--ics", str(again),
        stdin=ROSTER,
    )  # fmt: skip
    assert sorted(str(e["uid"]) for e in events(again)) == sorted(
        str(e["uid"]) for e in events(path)
    )


def test_check_writes_letters_and_the_calendar_together(tmp_path: Path) -> None:
    path = tmp_path / "watch.ics"
    code, _, err = run_cli(
        "check", "-", "--as-of", "2024-12-02 08:00", "--format", "csv", "--ics", str(path),
        "--letters", str(tmp_path / "letters"), stdin=ROSTER,
    )  # fmt: skip
    assert code == 1 and "letters written: 1" in err and len(events(path)) == 2
