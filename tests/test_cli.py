"""The commands through click's CliRunner, with stdout and stderr checked apart."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from holdcalc.cli import EXIT_FLAGGED, EXIT_INVALID, EXIT_USAGE, main
from tests.conftest import run_cli as run

TZ = ["--tz", "America/Chicago"]


def test_expire_json_fields() -> None:
    code, out, err = run("expire", "2024-11-27 16:30", *TZ, "--format", "json")
    assert code == 0, err
    assert err == ""
    data = json.loads(out)
    assert data["start"] == "2024-11-27T16:30:00-06:00"
    assert data["expires_at"] == "2024-12-02T16:30:00-06:00"
    assert data["tz"] == "America/Chicago"
    assert data["rule"] == "cfr"
    assert data["hours"] == 48
    assert data["holidays"] == "federal"
    assert data["citation"] == "8 C.F.R. § 287.7(d)"
    assert data["excluded"] == [
        {"date": "2024-11-28", "reason": "Thanksgiving Day"},
        {"date": "2024-11-30", "reason": "Saturday"},
        {"date": "2024-12-01", "reason": "Sunday"},
    ]
    assert data["status"] is None
    assert data["over_by_hours"] is None
    readings = {(a["rule"], a["holidays"]): a for a in data["alternatives"]}
    assert readings[("i247a", "none")]["expires_at"] == "2024-11-29T16:30:00-06:00"
    assert readings[("i247a", "none")]["differs"] is True
    assert readings[("cfr", "federal+closures")]["differs"] is False


def test_expire_over_detained_exit_code_and_hours() -> None:
    code, out, err = run(
        "expire", "2024-11-27 16:30", *TZ, "--released", "12/03/2024 9:00 AM", "--format", "json"
    )
    assert code == EXIT_FLAGGED
    assert err == ""
    data = json.loads(out)
    assert data["status"] == "over-detained"
    assert data["over_by_hours"] == 16.5


def test_expire_within_hold() -> None:
    code, out, _ = run(
        "expire", "2024-11-27 16:30", *TZ, "--released", "2024-12-02 16:30", "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["status"] == "within-hold"
    assert json.loads(out)["over_by_hours"] == 0


def test_expire_still_held_as_of() -> None:
    code, out, _ = run(
        "expire",
        "2024-11-27 16:30",
        *TZ,
        "--still-held",
        "--as-of",
        "2024-12-01 10:00",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["status"] == "active"
    assert data["remaining_hours"] == 30.5
    code, out, _ = run(
        "expire", "2024-11-27 16:30", *TZ, "--as-of", "2024-12-03 16:30", "--format", "json"
    )
    assert code == EXIT_FLAGGED
    assert json.loads(out)["status"] == "expired"
    assert json.loads(out)["over_by_hours"] == 24


def test_expire_text_shows_rule_ledger_expiry_and_other_readings() -> None:
    code, out, err = run("expire", "2024-11-27 16:30", *TZ, "--released", "2024-12-03 09:00")
    assert code == EXIT_FLAGGED
    assert err == ""
    assert "8 C.F.R. § 287.7(d)" in out
    assert "America/Chicago" in out
    assert "excluded: Thanksgiving Day" in out
    assert "Mon 2024-12-02 4:30 PM CST" in out
    assert "over-detained by 16.50 hours" in out
    assert "Other readings" in out and "I-247A" in out
    assert "not legal advice" in out
    assert "\x1b[" not in out  # plain when not a terminal
    assert max(len(line) for line in out.splitlines()) <= 80


def test_expire_text_says_when_no_state_or_local_law_was_judged() -> None:
    """An Illinois hold is over-detained from its start: without --jurisdiction the
    answer is the regulation's, and the text says that state and local law were not
    judged; with it, the limits table replaces that line."""
    args = ("expire", "2024-11-27 16:30", *TZ, "--released", "2024-12-03 09:00")
    _, plain, _ = run(*args)
    assert (
        "Law          the regulation alone; state and local law not judged\n"
        "             (some forbid or shorten holds: add --jurisdiction CODE)\n"
    ) in plain
    _, judged, _ = run(*args, "--jurisdiction", "IL")
    assert "Law          " not in judged and "over-detained by 136.50 hours" in judged


def test_a_form_alone_does_not_judge_state_or_local_law() -> None:
    """--form turns the limits table on but names no place: the text still says that
    state and local law were not judged, and the JSON's law_judged tells a script the
    same, true only when a place was asked about (Texas: judged, no law limits a hold)."""
    args = ("expire", "2024-11-27 16:30", *TZ, "--released", "2024-12-03 09:00")
    _, text, _ = run(*args, "--form", "i-247a")
    assert "Limits on this hold" in text
    assert "Law          the limits above alone; state and local law not judged\n" in text
    judged = {}
    for extra in ((), ("--form", "i-247a"), ("--jurisdiction", "TX"), ("--jurisdiction", "IL")):
        code, out, err = run(*args, *extra, "--format", "json")
        assert code == 1 and err == "", err
        judged[extra] = json.loads(out)["law_judged"]
    assert list(judged.values()) == [False, False, True, True]


def test_expire_closures_and_state_options() -> None:
    code, out, _ = run(
        "expire",
        "2025-12-23 18:00",
        "--tz",
        "America/New_York",
        "--holidays",
        "federal+closures",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["expires_at"] == "2025-12-30T18:00:00-05:00"
    assert data["holidays"] == "federal+closures"
    code, out, _ = run(
        "expire",
        "2025-03-28 09:00",
        "--tz",
        "America/Los_Angeles",
        "--state",
        "ca",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["expires_at"] == "2025-04-02T09:00:00-07:00"


def test_expire_i247a_rule_and_hours_override() -> None:
    code, out, _ = run("expire", "2025-03-08 10:00", *TZ, "--rule", "i247a", "--format", "json")
    assert code == 0
    assert json.loads(out)["expires_at"] == "2025-03-10T11:00:00-05:00"
    code, out, _ = run("expire", "2025-01-10 12:00", *TZ, "--hours", "24", "--format", "json")
    data = json.loads(out)
    assert data["hours"] == 24
    assert data["expires_at"] == "2025-01-13T12:00:00-06:00"
    code, out, _ = run("expire", "2025-01-10 12:00", *TZ, "--count-weekends", "--format", "json")
    assert code == 0
    assert json.loads(out)["expires_at"] == "2025-01-12T12:00:00-06:00"


def test_extra_holiday_and_holiday_file(tmp_path: Path) -> None:
    listing = tmp_path / "closures.txt"
    listing.write_text("# county closures\n2025-05-07 County fair day\n\n", encoding="utf-8")
    code, out, _ = run(
        "expire",
        "2025-05-06 09:00",
        "--tz",
        "America/Denver",
        "--holiday-file",
        str(listing),
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["expires_at"] == "2025-05-09T09:00:00-06:00"
    assert data["excluded"] == [{"date": "2025-05-07", "reason": "local closure: County fair day"}]
    code, out, _ = run(
        "expire",
        "2025-05-06 09:00",
        "--tz",
        "America/Denver",
        "--extra-holiday",
        "2025-05-08",
        "--format",
        "json",
    )
    assert json.loads(out)["expires_at"] == "2025-05-09T09:00:00-06:00"


def test_tz_from_environment() -> None:
    code, out, _ = run(
        "expire", "2024-11-27 16:30", "--format", "json", env={"HOLDCALC_TZ": "America/New_York"}
    )
    assert code == 0
    assert json.loads(out)["tz"] == "America/New_York"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["expire", "2023-02-30 10:00", *TZ], "'2023-02-30 10:00' is not a real date"),
        (["expire", "banana", *TZ], "'banana'"),
        (["expire", "2024-11-27 16:30", "--tz", "Mars/Olympus_Mons"], "unknown time zone"),
        (["expire", "2025-03-09 02:30", *TZ], "does not exist in America/Chicago"),
        (["expire", "2025-11-02 01:30", *TZ], "happens twice"),
        (
            ["expire", "2024-11-27 16:30", *TZ, "--released", "2024-11-27 10:00"],
            "before the hold started",
        ),
        (["expire", "2024-11-27", *TZ], "has no time of day"),
        (["expire", "2024-11-27 16:30", *TZ, "--extra-holiday", "2025-13-01"], "not a real date"),
        (["expire", "2024-11-27 16:30", *TZ, "--state", "ZZ"], "unknown state 'ZZ'"),
    ],
)
def test_invalid_values_get_one_line_and_exit_3(args: list[str], fragment: str) -> None:
    code, out, err = run(*args)
    assert code == EXIT_INVALID
    assert out == ""
    assert fragment in err
    assert err.startswith("holdcalc: error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_bad_holiday_file_line_names_file_and_line(tmp_path: Path) -> None:
    listing = tmp_path / "closures.txt"
    listing.write_text("2025-05-07\nfirst of May\n", encoding="utf-8")
    code, out, err = run("expire", "2025-05-06 09:00", *TZ, "--holiday-file", str(listing))
    assert code == EXIT_INVALID
    assert out == ""
    assert "line 2" in err and "'first of May'" in err


def test_missing_holiday_file() -> None:
    code, _, err = run("expire", "2025-05-06 09:00", *TZ, "--holiday-file", "/no/such/file")
    assert code == EXIT_INVALID
    assert "cannot read holiday file" in err


@pytest.mark.parametrize(
    "args",
    [
        ["expire"],
        ["expire", "2024-11-27 16:30", *TZ, "--rule", "bogus"],
        ["expire", "2024-11-27 16:30", *TZ, "--hours", "-5"],
        ["expire", "2024-11-27 16:30", *TZ, "--released", "2024-12-01 10:00", "--still-held"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code == EXIT_USAGE
    assert out == ""
    assert "Traceback" not in err and err.strip()


def test_holidays_command_lists_year() -> None:
    code, out, err = run(
        "holidays", "--year", "2025", "--holidays", "federal+closures", "--format", "json"
    )
    assert code == 0 and err == ""
    days = {d["date"]: d["name"] for d in json.loads(out)["days"]}
    assert days["2025-11-27"] == "Thanksgiving Day"
    assert "executive-order closure" in days["2025-12-24"]
    assert "2025-01-09" in days
    code, out, _ = run("holidays", "--year", "2021")
    assert "2021-12-31" in out and "New Year's Day (observed)" in out


def _commands(group: click.Group) -> list[tuple[str, click.Command]]:
    """Every command, asked of the group as click does (commands load on first use)."""
    context = click.Context(group)
    found: list[tuple[str, click.Command]] = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        found.append((name, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command))
    return found


def test_every_command_is_listed_and_loads() -> None:
    from holdcalc.cli import COMMANDS

    assert [name for name, _ in _commands(main)] == sorted(COMMANDS)


@pytest.mark.parametrize(("name", "command"), [("holdcalc", main), *_commands(main)])
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    assert command.help and len(command.help) > 40, name
    assert "Example:" in command.help, name
    code, out, _ = run(*([] if command is main else [name]), "--help")
    assert code == 0
    assert "Example:" in out


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and "holdcalc" in out


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o"),
        ("zsh", "compdef"),
        ("fish", "complete --no-files --command holdcalc"),
    ],
)
def test_completion_scripts_for_each_shell(shell: str, marker: str) -> None:
    code, out, err = run("completion", shell)
    assert code == 0 and err == ""
    assert marker in out and "_HOLDCALC_COMPLETE" in out


@pytest.mark.parametrize(
    ("args", "says", "help_of"),
    [
        (["check", "--bogus"], "No such option '--bogus'", "holdcalc check"),
        (["expire"], "Missing argument 'START'", "holdcalc expire"),
        (["check", "--format", "pdf"], "Invalid value for '--format'", "holdcalc check"),
        (["--bogus"], "No such option '--bogus'", "holdcalc"),
        (["nosuch"], "No such command 'nosuch'", "holdcalc"),
    ],
)
def test_usage_errors_are_one_line_on_stderr(args: list[str], says: str, help_of: str) -> None:
    code, out, err = run(*args)
    assert code == EXIT_USAGE
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("holdcalc: error: ") and says in lines[0]
    assert lines[0].endswith(f"(see '{help_of} --help')")
