"""`check` with binding limits agrees with `expire --jurisdiction`, row by row, on random
cases: several zones, every jurisdiction in the table, with and without the form."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from holdcalc import RULES, Calendar, hold_expiry
from holdcalc.cli import main
from holdcalc.core.clock import to_micros
from holdcalc.core.errors import HoldcalcError
from holdcalc.core.law_table import load_policies
from holdcalc.core.limits import LimitSettings, judge
from holdcalc.core.parsing import parse_when
from holdcalc.core.verdict import Status
from holdcalc.roster.columns import find_columns
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.settings import JudgeSettings

ZONES = ["America/Los_Angeles", "America/Chicago", "America/New_York", "America/Denver"]
AS_OF = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
TABLE = load_policies()


def _rows(count: int, seed: int) -> list[tuple[str, str, str, str]]:
    rnd = random.Random(seed)
    places = [*TABLE.jurisdictions, ""]
    rows = []
    for _ in range(count):
        start = dt.datetime(2011, 1, 1) + dt.timedelta(minutes=rnd.randrange(15 * 365 * 1440))
        stay = dt.timedelta(minutes=rnd.choice([30, 600, 2880, 4000, 7200, 20000]))
        released = "" if rnd.random() < 0.25 else (start + stay).strftime("%Y-%m-%d %H:%M")
        text = start.strftime("%Y-%m-%d %H:%M" if rnd.random() < 0.7 else "%m/%d/%Y %I:%M %p")
        rows.append((text, released, rnd.choice(ZONES), rnd.choice(places)))
    return rows


@pytest.mark.parametrize("form", ["auto", "I-247"])
@pytest.mark.parametrize("facts", [(None, None), (True, False)], ids=["unknown", "given"])
def test_batch_limits_agree_with_the_single_case_path(
    form: str, facts: tuple[bool | None, bool | None]
) -> None:
    warrant, meets = facts
    limits = LimitSettings(TABLE, None, form, warrant, meets)
    settings = JudgeSettings(RULES["cfr"], Calendar("federal"), AS_OF, limits=limits)
    rows = RowJudge(find_columns(["eligible_at", "released_at", "tz", "jurisdiction"]), settings)
    disagreements = []
    statuses = set()
    for start_text, released_text, zone_name, place in _rows(2000, seed=len(form)):
        verdict = rows.verdict([start_text, released_text, zone_name, place])
        zone = ZoneInfo(zone_name)
        try:
            start = parse_when(start_text, zone)
            left = parse_when(released_text, zone) if released_text else None
        except HoldcalcError:  # a time a clock change skipped or repeated: both refuse it
            assert verdict.status is Status.ERROR
            continue
        expiry = hold_expiry(start, zone=zone)  # type: ignore[arg-type]
        analysis = limits.analyse(expiry, place or None)
        if left is not None and left < start:  # type: ignore[operator]
            assert verdict.status is Status.ERROR
            continue
        judged = judge(expiry, analysis, released=left, as_of=None if left else AS_OF)  # type: ignore[arg-type]
        expected = (judged.status, analysis.deadline.isoformat(), to_micros(judged.main.deadline))
        got = (verdict.status, verdict.expires_at, verdict.due)
        over = round(judged.certain_over / dt.timedelta(microseconds=1))
        if got != expected or verdict.over != over:
            disagreements.append((start_text, released_text, zone_name, place, got, expected))
        statuses.add(verdict.status)
    assert disagreements == []
    assert {Status.OVER_DETAINED, Status.WITHIN_HOLD, Status.EXPIRED} <= statuses


def test_cli_check_agrees_with_cli_expire_on_a_sample() -> None:
    """The same through both commands, for a few rows of each jurisdiction."""
    runner = CliRunner()
    rows = _rows(60, seed=3)
    body = "eligible_at,released_at,tz,jurisdiction\n" + "".join(
        f'"{s}",{r},{z},{p}\n' for s, r, z, p in rows
    )
    args = ["check", "-", "--as-of", "2026-11-01T00:00:00Z", "--format", "jsonl", "--form", "auto"]
    result = runner.invoke(main, args, input=body)
    import json

    checked = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(checked) == len(rows)
    for (start, released, zone, place), row in zip(rows, checked, strict=True):
        if row["hold_status"] == "error":
            continue
        when = (
            ["--released", released]
            if released
            else ["--still-held", "--as-of", "2026-11-01T00:00:00Z"]
        )
        place_args = ["--jurisdiction", place] if place else ["--form", "auto"]
        single = runner.invoke(
            main, ["expire", start, "--tz", zone, *place_args, *when, "--format", "json"]
        )
        record = json.loads(single.stdout)
        assert (row["hold_status"], row["hold_expires_at"]) == (
            record["status"],
            record["expires_at"],
        ), (start, released, zone, place)
        assert float(row["over_detained_hours"]) == record["over_by_hours"]
