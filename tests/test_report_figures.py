"""The report, the summary file and the checked file tell the same numbers, on a
100,000-row roster from the benchmarks' roster maker (twelve zones, three layouts of
time, dates alone, bad values, and rows still held from years before the as-of time).

The expected figures are counted here from the checked CSV alone, with the standard
library: statuses as written, hours as written, and which expired rows are stale from
each row's own start and zone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import run_cli
from tests.test_report import Page

pytest.importorskip("jinja2")
pytest.importorskip("matplotlib")

AS_OF = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
LAYOUTS = ("%Y-%m-%d %H:%M", "%m/%d/%Y %I:%M %p", "%Y-%m-%d")
JUDGED = ("within-hold", "over-detained", "possibly-over-detained", "active", "expired")


def instant(text: str, zone: str) -> dt.datetime:
    """A value's first instant in its zone (a date alone: its midnight)."""
    for layout in LAYOUTS:
        try:
            local = dt.datetime.strptime(text, layout)  # noqa: DTZ007  (its zone is set next)
        except ValueError:
            continue
        return local.replace(tzinfo=ZoneInfo(zone))
    raise AssertionError(f"a judged row with an unread value: {text!r}")


class Expected(NamedTuple):
    statuses: dict[str, int]
    holds: int
    late: tuple[int, float]  # rows, hours
    held: tuple[int, float]
    stale: int
    late_cost: float
    held_on: tuple[int, float]  # holds that ended, days


def expected(rows: list[dict[str, str]], bed: float) -> Expected:
    statuses: dict[str, int] = {}
    late = held = stale = 0
    late_hours = held_hours = held_on = 0.0
    ended = 0
    for row in rows:
        status = row["hold_status"]
        statuses[status] = statuses.get(status, 0) + 1
        hours = float(row["over_detained_hours"] or 0)
        if status == "over-detained":
            late, late_hours = late + 1, late_hours + hours
        elif status == "expired":
            began = instant(row["eligible_at"], row["tz"])
            if began < AS_OF - dt.timedelta(days=30):
                stale += 1
            else:
                held, held_hours = held + 1, held_hours + hours
        if status in JUDGED and row["released_at"]:
            start, left = (instant(row[key], row["tz"]) for key in ("eligible_at", "released_at"))
            ended += 1  # elapsed in UTC: one zone's two wall-clock times differ across a change
            held_on += (left.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() / 86400
    return Expected(
        statuses,
        sum(statuses.get(s, 0) for s in JUDGED),
        (late, round(late_hours, 2)),
        (held, round(held_hours, 2)),
        stale,
        round(late_hours / 24 * bed, 2),
        (ended, round(held_on, 2)),
    )


def test_report_summary_and_checked_file_agree_on_100000_rows(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    maker = Path(__file__).parent.parent / "benchmarks" / "make_roster.py"
    with roster.open("wb") as made:
        command = [sys.executable, str(maker), "--rows", "100000", "--seed", "11"]
        subprocess.run(command, stdout=made, check=True)
    summary, page = tmp_path / "summary.json", tmp_path / "report.html"
    code, out, err = run_cli(
        "check", str(roster), "--as-of", AS_OF.isoformat(), "--bed-cost", "170",
        "--summary-json", str(summary), "--report", str(page), "--format", "csv",
    )  # fmt: skip
    assert code == 1, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 100_000
    want = expected(rows, 170)
    figures = json.loads(summary.read_text(encoding="utf-8"))
    excess = figures["excess"]
    # The summary file against the checked file.
    assert {k: v for k, v in figures["statuses"].items() if v} == want.statuses
    late, held = excess["released_late"], excess["still_held_past_limit"]
    assert (late["rows"], late["total"]) == want.late
    assert (held["rows"], held["total"]) == want.held
    assert excess["stale_no_departure"]["rows"] == want.stale > 1000
    assert late["cost"] == want.late_cost
    ended, days = want.held_on
    assert figures["held_on_holds"]["holds"] == ended
    assert abs(figures["held_on_holds"]["days"] - days) < 0.01
    # The report against both.
    report = Page(page.read_text(encoding="utf-8"))
    assert report.text("fig-rows") == "100,000"
    assert report.text("fig-holds") == f"{want.holds:,}"
    assert report.text("fig-over-detained") == f"{late['rows']:,}"
    assert report.text("fig-late-days") == (
        f"{late['total'] / 24:,.1f} days past it ({late['total']:,.1f} h)"
    )
    assert report.text("fig-cost") == f"${late['cost']:,.0f}"
    assert report.text("fig-expired") == f"{held['rows']:,}"
    assert report.text("fig-stale") == f"{want.stale:,}"
    assert report.text("fig-possibly-over-detained") == (
        f"{figures['statuses']['possibly-over-detained']:,}"
    )
    assert report.text("fig-errors") == f"{figures['errors']:,}"
    assert report.text("fig-held-on-holds") == f"{figures['held_on_holds']['days']:,.1f}"
    sentence = report.text("headline-sentence")
    assert f"{late['rows']:,} of {want.holds:,} people" in sentence
    assert f"({late['total']:,.1f} hours), ${late['cost']:,.0f} at $170 a day" in sentence
    assert f"{want.stale:,} rows have no departure recorded" in sentence
    # The month chart's table adds up to the holds judged.
    months = report.tables["table-months"]
    assert sum(int(row[1].replace(",", "")) for row in months) == want.holds


def test_stale_bookings_of_a_per_charge_roster_are_counted_apart(tmp_path: Path) -> None:
    # Booking 1's hold began 2024-01-09 and no departure is recorded: stale as of 2024-06-01.
    # Booking 2's began 2024-05-27 (Memorial Day) and is still running past its limit.
    roster = (
        "booking_id|booking_dt|release_dt|booking_charge_desc|charge_release_dt\n"
        "1|2024-01-01 10:00||THEFT|2024-01-09 10:00\n"
        "1|2024-01-01 10:00||HOLD IMMIGRAT|\n"
        "2|2024-05-20 10:00||THEFT|2024-05-27 10:00\n"
        "2|2024-05-20 10:00||HOLD IMMIGRAT|\n"
    )
    summary = tmp_path / "summary.json"
    code, out, err = run_cli(
        "check", "-", "--tz", "America/Chicago", "--group-by", "booking_id",
        "--start-col", "charge_release_dt", "--released-col", "release_dt",
        "--as-of", "2024-06-01 12:00", "--summary-json", str(summary), "--format", "csv",
        stdin=roster,
    )  # fmt: skip
    assert code == 1, err
    excess = json.loads(summary.read_text(encoding="utf-8"))["excess"]
    assert excess["stale_no_departure"]["rows"] == 1
    assert excess["still_held_past_limit"]["rows"] == 1
    statuses = [row["hold_status"] for row in csv.DictReader(io.StringIO(out))]
    assert statuses == ["expired", "expired"]  # the rows keep the roster's word


@pytest.mark.parametrize(("days", "stale"), [("30", 1), ("200", 0), ("never", 0)])
def test_stale_after_with_a_wall_clock_as_of_in_each_rows_zone(days: str, stale: int) -> None:
    # 2024-01-02 08:00 in Honolulu, as of 2024-06-01 00:00 there: 151 days.
    roster = "eligible_at,released_at,tz\n2024-01-02 08:00,,Pacific/Honolulu\n"
    code, _, err = run_cli(
        "check", "-", "--as-of", "2024-06-01 00:00", "--stale-after", days, "--format",
        "csv", stdin=roster,
    )  # fmt: skip
    assert code == 1, err
    line = "no departure recorded, probably released (expired, stale): 1"
    assert (line in err) is bool(stale)
