"""Jurisdiction policies and the binding limit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from holdcalc import hold_expiry
from holdcalc.cli import EXIT_FLAGGED, EXIT_INVALID, EXIT_USAGE
from holdcalc.core.errors import PolicyError
from holdcalc.core.law_table import LimitKind, Policy, PolicyTable, load_policies
from holdcalc.core.limits import I247A_FROM, Analysis, analyse, infer_form, judge
from holdcalc.core.verdict import Status
from tests.conftest import run_cli as run

TABLE = load_policies()
LA = ZoneInfo("America/Los_Angeles")


def at(text: str, zone: ZoneInfo = LA) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.mark.parametrize("policy", TABLE.policies, ids=lambda p: f"{p.jurisdiction}-{p.name}")
def test_each_policy_starts_and_ends_on_its_dates(policy: Policy) -> None:
    first, agency = policy.effective_from, policy.agencies[0]
    assert TABLE.for_start(policy.jurisdiction, first, agency) == policy
    before = TABLE.for_start(policy.jurisdiction, first - dt.timedelta(days=1), agency)
    assert before != policy
    if policy.effective_to is not None:
        assert TABLE.for_start(policy.jurisdiction, policy.effective_to, agency) == policy
        after = policy.effective_to + dt.timedelta(days=1)
        assert TABLE.for_start(policy.jurisdiction, after, agency) != policy


def test_shipped_table_is_honest_about_verification() -> None:
    assert TABLE.as_of >= dt.date(2026, 1, 1)
    for policy in TABLE.policies:
        assert policy.citation and policy.source
        assert "shared/" not in policy.source and ".md" not in policy.source  # public only
    start = hold_expiry(dt.datetime(2019, 5, 1, 10, tzinfo=LA))
    law = analyse(start, table=TABLE, jurisdiction="CA").limits[-1]
    assert law.detail == "no hold allowed"  # SB 54 read in the code's own text
    nyc = hold_expiry(dt.datetime(2015, 5, 1, 10, tzinfo=ZoneInfo("America/New_York")))
    limits = analyse(nyc, table=TABLE, jurisdiction="US-NY-NYC").limits
    (law,) = [limit for limit in limits if limit.source.value == "local-law"]
    assert law.detail.endswith("; not verified against the law's text")  # date: secondary
    assert law.detail_in("es").endswith("; no verificado con el texto de la ley")
    assert analyse(start, table=TABLE).limits[0].detail.endswith("holidays")  # no caveat


@pytest.mark.parametrize(
    ("day", "binds"), [(dt.date(2014, 12, 1), False), (dt.date(2014, 12, 22), True)]
)
def test_new_york_citys_law_took_effect_on_2014_12_14(day: dt.date, binds: bool) -> None:
    """Local Law 58 of 2014 was enacted 2014-11-14 but in force from 2014-12-14."""
    start = dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo("America/New_York"))
    analysis = analyse(hold_expiry(start), table=TABLE, jurisdiction="US-NY-NYC")
    assert (analysis.policy is not None) is binds


def test_form_inference_at_2017_04_02() -> None:
    assert dt.date(2017, 4, 2) == I247A_FROM
    assert infer_form(dt.date(2014, 11, 19)) == "I-247"
    assert infer_form(dt.date(2014, 11, 20)) == "unknown"  # the PEP's forms: not told by date
    assert infer_form(dt.date(2017, 4, 1)) == "unknown"
    assert infer_form(dt.date(2017, 4, 2)) == "I-247A"


def _binding(
    start: str, jurisdiction: str | None, zone: ZoneInfo = LA, **facts: bool
) -> tuple[str, dt.datetime, Analysis]:
    expiry = hold_expiry(at(start, zone))
    analysis = analyse(
        expiry,
        table=TABLE,
        jurisdiction=jurisdiction,
        warrant=facts.get("warrant"),
        meets_conditions=facts.get("meets_conditions"),
    )
    return analysis.binding.source.value, analysis.deadline, analysis


def test_no_hold_binds_from_the_start() -> None:
    source, deadline, analysis = _binding("2019-05-01 10:00", "CA")
    assert source == "local-law" and deadline == at("2019-05-01 10:00")
    assert analysis.policy is not None and analysis.policy.kind is LimitKind.NO_HOLD
    # The day before SB 54 took effect, AB 4 applied instead.
    _, _, earlier = _binding("2017-12-31 10:00", "CA")
    assert earlier.policy is not None and "AB 4" in earlier.policy.name


def test_form_binds_when_weekends_would_stretch_the_regulation() -> None:
    source, deadline, analysis = _binding("2024-11-27 16:30", None, ZoneInfo("America/Chicago"))
    assert analysis.form == "I-247A" and analysis.form_inferred
    assert source == "form"
    assert deadline == at("2024-11-29 16:30", ZoneInfo("America/Chicago"))


def test_regulation_binds_before_2017_when_the_form_matches_it() -> None:
    source, deadline, analysis = _binding("2013-11-27 16:30", None, ZoneInfo("America/Chicago"))
    assert analysis.form == "I-247"
    assert source == "regulation"
    assert deadline == at("2013-12-02 16:30", ZoneInfo("America/Chicago"))


def test_must_comply_adds_no_shorter_limit() -> None:
    source, _, analysis = _binding("2024-11-27 16:30", "TX", ZoneInfo("America/Chicago"))
    assert source == "form"
    local = [limit for limit in analysis.limits if limit.source.value == "local-law"]
    assert local and local[0].expires_at is None


@pytest.mark.parametrize(
    ("facts", "source", "depends"),
    [
        ({}, "local-law", True),
        ({"warrant": True}, "form", False),
        ({"warrant": False}, "local-law", False),
    ],
)
def test_judicial_warrant_only(facts: dict[str, bool], source: str, depends: bool) -> None:
    got, _, analysis = _binding("2020-05-01 10:00", "WA", ZoneInfo("America/Los_Angeles"), **facts)
    assert got == source
    assert bool(analysis.depends_on) is depends


@pytest.mark.parametrize(
    ("facts", "source", "deadline"),
    [
        # A Monday of 2014, when the I-247 was the form (before the PEP's forms).
        ({}, "local-law", "2014-05-05 10:00"),  # unknown: no hold unless conditions met
        ({"meets_conditions": True}, "regulation", "2014-05-07 10:00"),  # AB 4's 48 h, weekdays
        ({"meets_conditions": False}, "local-law", "2014-05-05 10:00"),
    ],
)
def test_conditional(facts: dict[str, bool], source: str, deadline: str) -> None:
    got, when, _ = _binding("2014-05-05 10:00", "CA", LA, **facts)
    assert got == source
    assert when == at(deadline)


def test_hours_cap_binds_when_shorter(tmp_path: Path) -> None:
    extra = tmp_path / "local.toml"
    extra.write_text(
        'as_of = 2026-11-01\n[[policy]]\njurisdiction = "US-XX-TOWN"\nname = "Town cap"\n'
        'level = "city"\neffective_from = 2020-01-01\nkind = "hours-cap"\nhours = 24\n'
        'counting = "elapsed"\ncitation = "Town Code 1"\nsource = "test"\nverified = true\n',
        encoding="utf-8",
    )
    table = load_policies(str(extra))
    expiry = hold_expiry(at("2024-11-27 16:30", ZoneInfo("America/Chicago")))
    analysis = analyse(expiry, table=table, jurisdiction="US-XX-TOWN")
    assert analysis.binding.source.value == "local-law"
    assert analysis.deadline == at("2024-11-28 16:30", ZoneInfo("America/Chicago"))


def test_judgement_possibly_when_the_fact_decides() -> None:
    expiry = hold_expiry(at("2016-05-02 10:00"))
    analysis = analyse(expiry, table=TABLE, jurisdiction="CA")
    result = judge(expiry, analysis, released=at("2016-05-03 10:00"))
    assert result.status is Status.POSSIBLY_OVER_DETAINED
    assert result.main.status is Status.OVER_DETAINED
    assert result.if_fact_holds is not None
    assert result.if_fact_holds.status is Status.WITHIN_HOLD
    assert result.certain_over == dt.timedelta(0)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ('[[policy]]\njurisdiction = "X"\n', "missing"),
        (
            '[[policy]]\njurisdiction="X"\nname="n"\nlevel="l"\neffective_from=2020-01-01\n'
            'kind="maybe"\ncitation="c"\nsource="s"\nverified=false\n',
            "unknown kind 'maybe'",
        ),
        (
            '[[policy]]\njurisdiction="X"\nname="n"\nlevel="l"\neffective_from="2020-13-01"\n'
            'kind="no-hold"\ncitation="c"\nsource="s"\nverified=false\n',
            "is not a date",
        ),
        (
            '[[policy]]\njurisdiction="X"\nname="n"\nlevel="l"\neffective_from=2020-01-01\n'
            'kind="hours-cap"\ncitation="c"\nsource="s"\nverified=false\n',
            "needs hours",
        ),
        (
            '[[policy]]\njurisdiction="X"\nname="a"\nlevel="l"\neffective_from=2020-01-01\n'
            'kind="no-hold"\ncitation="c"\nsource="s"\nverified=false\n'
            '[[policy]]\njurisdiction="X"\nname="b"\nlevel="l"\neffective_from=2021-01-01\n'
            'kind="no-hold"\ncitation="c"\nsource="s"\nverified=false\n',
            "overlap",
        ),
        (
            '[[policy]]\njurisdiction="X"\nname="n"\nlevel="l"\neffective_from=2020-01-01\n'
            'effective_to=2019-01-01\nkind="no-hold"\ncitation="c"\nsource="s"\nverified=false\n',
            "before effective_from",
        ),
        (
            '[[policy]]\njurisdiction="X"\nname="n"\nlevel="l"\neffective_from=2020-01-01\n'
            'kind="no-hold"\ncitation="c"\nsource="s"\nverified=false\ncolour="red"\n',
            "unknown field 'colour'",
        ),
        ("[[policy]\n", "not valid TOML"),
        # Beyond Python's recursion limit: refused, not an internal error.
        ("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply to be read"),
    ],
)
def test_policy_file_validation(tmp_path: Path, body: str, fragment: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PolicyError, match=fragment):
        load_policies(str(path))
    code, out, err = run("policies", "--policy-file", str(path))
    assert code == EXIT_INVALID and out == "" and fragment.split("'", maxsplit=1)[0] in err


def test_policy_file_overrides_a_shipped_entry(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'as_of = 2026-12-01\n[[policy]]\njurisdiction = "CA"\n'
        'name = "California Values Act (SB 54)"\nlevel = "state"\n'
        'effective_from = 2018-01-01\nkind = "hours-cap"\nhours = 12\n'
        'counting = "elapsed"\ncitation = "test"\nsource = "test"\n'
        "verified = true\n",
        encoding="utf-8",
    )
    table = load_policies(str(path))
    assert isinstance(table, PolicyTable)
    policy = table.for_start("CA", dt.date(2019, 5, 1))
    assert policy is not None and policy.kind is LimitKind.HOURS_CAP
    assert table.as_of == dt.date(2026, 12, 1)


def test_done_when_california_2019_and_2016() -> None:
    code, out, err = run(
        "expire",
        "2019-05-01 10:00",
        "--tz",
        "America/Los_Angeles",
        "--jurisdiction",
        "CA",
        "--released",
        "2019-05-01 11:00",
    )
    assert code == EXIT_FLAGGED, err
    out = " ".join(out.split())  # the table wraps long cells
    assert "California Values Act (SB 54)" in out and "no hold allowed" in out
    assert "over-detained by 1.00 hours" in out
    assert "not legal advice" in out and "policy table as of" in out
    assert "Stats. 2017, ch. 495" in out  # SB 54's chapter, read (issue 19)
    code, out, _ = run(
        "expire",
        "2016-05-01 10:00",
        "--tz",
        "America/Los_Angeles",
        "--jurisdiction",
        "CA",
        "--released",
        "2016-05-03 11:00",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert data["policy"]["name"] == "California TRUST Act (AB 4)"
    assert data["form"] == "unknown" and data["form_inferred"] is True  # the PEP's years
    assert data["status"] == "possibly-over-detained"
    assert data["depends_on"]
    assert code == EXIT_FLAGGED
    code, out, _ = run(
        "expire",
        "2016-05-01 10:00",
        "--tz",
        "America/Los_Angeles",
        "--jurisdiction",
        "CA",
        "--released",
        "2016-05-03 11:00",
        "--meets-conditions",
        "--form",
        "I-247",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert data["status"] == "within-hold" and code == 0
    assert {limit["source"] for limit in data["limits"]} == {"regulation", "form", "local-law"}


def test_without_the_options_nothing_changes() -> None:
    args = [
        "expire",
        "2024-11-27 16:30",
        "--tz",
        "America/Chicago",
        "--released",
        "2024-11-29 20:00",
        "--format",
        "json",
    ]
    code, out, _ = run(*args)
    data = json.loads(out)
    assert "limits" not in data and "binding" not in data
    assert data["status"] == "within-hold" and code == 0
    code, out, _ = run(*args, "--form", "auto")
    data = json.loads(out)
    assert data["binding"] == "form" and data["status"] == "over-detained"
    assert data["rule_expires_at"] == "2024-12-02T16:30:00-06:00"
    assert data["expires_at"] == "2024-11-29T16:30:00-06:00"


def test_unknown_jurisdiction_is_a_usage_error() -> None:
    code, out, err = run(
        "expire", "2024-11-27 16:30", "--tz", "America/Chicago", "--jurisdiction", "ZZ"
    )
    assert code == EXIT_USAGE and out == "" and "'ZZ'" in err and "CA" in err


def test_a_place_not_in_the_table_within_a_state_that_is_names_the_state() -> None:
    """Los Angeles lies in California, whose law the table has; LA's own may be stricter
    and is not there: refused, saying how to judge California's law alone. A state not
    in the table has nothing to point to."""
    args = ("expire", "2024-11-27 16:30", "--tz", "America/Los_Angeles", "--jurisdiction")
    code, out, err = run(*args, "us-ca-la")
    assert code == EXIT_USAGE and out == ""
    assert (
        "; the table has no entry of US-CA-LA's own, and cannot tell whether it has a law on "
        "holds: give CA to judge CA's law alone"
    ) in err
    code, _, err = run(*args, "AZ")
    assert code == EXIT_USAGE and "give " not in err
    roster = "eligible_at,released_at,jurisdiction\n2024-11-27 16:30,,US-CA-LA\n"
    code, out, _ = run("check", "-", "--tz", "America/Los_Angeles", "--jurisdiction", "CA",
                       "--format", "csv", stdin=roster)  # fmt: skip
    assert code == EXIT_INVALID and "give CA to judge CA's law alone" in out  # no row judged


def test_policies_command_lists_what_is_in_force() -> None:
    code, out, _ = run("policies", "--at", "2019-05-01", "--jurisdiction", "ca")
    assert code == 0
    assert "California Values Act (SB 54)" in out and "AB 4" not in out
    assert "not legal advice" in out and "as of 2026-11-28" in out
    code, out, _ = run("policies", "--at", "2016-05-01", "--format", "json")
    names = {p["name"] for p in json.loads(out)["policies"]}
    assert "California TRUST Act (AB 4)" in names and "Illinois TRUST Act" not in names


def test_batch_rows_with_mixed_jurisdictions() -> None:
    body = (
        "booking,tz,jurisdiction,eligible_at,released_at\n"
        "1,America/Los_Angeles,CA,2019-05-01 10:00,2019-05-01 11:00\n"
        "2,America/Los_Angeles,CA,2016-05-02 10:00,2016-05-03 10:00\n"
        "3,America/Chicago,,2024-11-27 16:30,2024-11-29 20:00\n"
        "4,America/Chicago,TX,2024-11-27 16:30,2024-11-28 09:00\n"
        "5,America/Chicago,ZZ,2024-11-27 16:30,2024-11-28 09:00\n"
        "6,America/Chicago,IL,2017-08-27 09:00,2017-08-28 09:00\n"
        "7,America/Chicago,IL,2017-08-28 09:00,2017-08-28 10:00\n"
    )
    code, out, err = run("check", "-", "--form", "auto", "--format", "csv", stdin=body)
    assert "not legal advice; policy table as of" in err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert code == EXIT_FLAGGED
    by = {r["booking"]: r for r in rows}
    assert by["1"]["hold_status"] == "over-detained" and by["1"]["over_detained_hours"] == "1.00"
    assert by["1"]["binding_limit"].startswith("local-law: California Values Act")
    assert by["2"]["hold_status"] == "possibly-over-detained"
    assert "depends on whether" in by["2"]["binding_limit"]
    assert by["3"]["hold_status"] == "over-detained"
    assert by["3"]["binding_limit"].startswith("form: Form I-247A")
    assert by["4"]["hold_status"] == "within-hold"
    assert by["5"]["hold_status"] == "error" and "'ZZ'" in by["5"]["hold_error"]
    assert by["6"]["hold_status"] == "within-hold"  # the day before the TRUST Act
    assert by["7"]["hold_status"] == "over-detained"  # the day it took effect
    assert list(rows[0])[-1] == "binding_limit"


def test_letter_cites_the_binding_law() -> None:
    code, out, err = run(
        "letter",
        "2019-05-01 10:00",
        "--tz",
        "America/Los_Angeles",
        "--jurisdiction",
        "CA",
        "--released",
        "2019-05-01 11:00",
        "--name",
        "Ana Lopez",
        "--facility",
        "Santa Clara Main Jail",
        "--date",
        "2019-05-02",
    )
    assert code == 0
    assert "California Values Act (SB 54)" in out and "allowed no hold at all" in out
    assert "Cal. Gov. Code § 7284.6" in out
    assert "1 hour (1.00 hours)" in out
    assert "not legal advice" in err and "not verified" not in err  # SB 54: read in its text
    code, _, err = run(
        "letter",
        "2016-05-02 10:00",
        "--tz",
        "America/Los_Angeles",
        "--jurisdiction",
        "CA",
        "--released",
        "2016-05-03 11:00",
        "--name",
        "A",
        "--facility",
        "B",
    )
    assert code == EXIT_INVALID and "depends on whether" in err


# --- New Jersey: the end-of-day limit (issue 11) -----------------------------------------

NJ_ZONE = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("start", "left", "facts", "status"),
    [
        ("2024-11-27 16:30", "2024-11-27 23:58", ("--meets-conditions",), "within-hold"),
        ("2024-11-27 16:30", "2024-11-28 00:01", ("--meets-conditions",), "over-detained"),
        ("2024-11-27 16:30", "2024-11-27 23:58", ("--fails-conditions",), "over-detained"),
        ("2024-11-27 16:30", "2024-11-27 23:58", (), "possibly-over-detained"),
        ("2024-11-27 16:30", "2024-11-28 00:01", (), "over-detained"),
        # Clocks fell back at 2:00 that morning and sprang forward at 2:00 another: the
        # limit is 11:59 p.m. on the wall clock either way.
        ("2024-11-03 10:00", "2024-11-03 23:58", ("--meets-conditions",), "within-hold"),
        ("2024-03-10 10:00", "2024-03-11 00:00", ("--meets-conditions",), "over-detained"),
        # Before the directive took effect (2019-03-15) it does not bind.
        ("2019-03-14 10:00", "2019-03-15 09:00", ("--meets-conditions",), "within-hold"),
    ],
)
def test_new_jersey_allows_a_hold_only_until_11_59_pm(
    start: str, left: str, facts: tuple[str, ...], status: str
) -> None:
    code, out, err = run(
        "expire", start, "--tz", "America/New_York", "--jurisdiction", "NJ", "--released",
        left, "--format", "json", *facts,
    )  # fmt: skip
    assert json.loads(out)["status"] == status, err
    assert code == (0 if status == "within-hold" else 1)


def test_new_jerseys_limit_is_11_59_pm_local_across_a_clock_change() -> None:
    for day in (dt.date(2024, 11, 3), dt.date(2024, 3, 10), dt.date(2024, 7, 4)):
        start = dt.datetime.combine(day, dt.time(10), tzinfo=NJ_ZONE)
        analysis = analyse(
            hold_expiry(start), table=TABLE, jurisdiction="NJ", meets_conditions=True
        )
        assert analysis.deadline.astimezone(NJ_ZONE).replace(tzinfo=None) == (
            dt.datetime.combine(day, dt.time(23, 59))
        )
        assert analysis.binding.detail.startswith("hold allowed until 11:59 p.m.")


def test_new_jersey_in_a_roster_agrees_with_expire() -> None:
    rows = ["eligible_at,released_at,tz"]
    cases = [
        ("2024-11-27 16:30", "2024-11-27 23:58"),
        ("2024-11-27 16:30", "2024-11-28 00:01"),
        ("2024-11-03 10:00", "2024-11-04 09:00"),
    ]
    rows += [f"{start},{left},America/New_York" for start, left in cases]
    _, out, _ = run(
        "check", "-", "--format", "jsonl", "--jurisdiction", "NJ", "--meets-conditions",
        stdin="\n".join(rows) + "\n",
    )  # fmt: skip
    for (start, left), line in zip(cases, out.splitlines(), strict=True):
        _, one, _ = run(
            "expire", start, "--tz", "America/New_York", "--jurisdiction", "NJ",
            "--meets-conditions", "--released", left, "--format", "json",
        )  # fmt: skip
        assert json.loads(line)["hold_status"] == json.loads(one)["status"]


# Every entry's dates as the research brief gives them (../shared/legal/jurisdictions.md).
BRIEF = [
    ("CA", "AB 4", dt.date(2014, 1, 1), dt.date(2017, 12, 31)),
    ("CA", "SB 54", dt.date(2018, 1, 1), None),
    ("IL", "TRUST", dt.date(2017, 8, 28), None),  # amended from 2021-08-02, name and all
    ("US-IL-COOK", "Cook", dt.date(2011, 9, 7), None),
    ("OR", "HB 3265", dt.date(2021, 7, 19), None),
    ("CO", "HB19-1124", dt.date(2019, 5, 28), None),
    ("WA", "Keep Washington", dt.date(2019, 5, 21), None),
    ("NY", "Wells", dt.date(2018, 11, 14), None),
    ("US-NY-NYC", "New York City", dt.date(2014, 12, 14), None),
    ("TX", "SB 4", dt.date(2017, 9, 1), None),
    ("FL", "Florida", dt.date(2019, 7, 1), None),
    ("NJ", "2018-6", dt.date(2019, 3, 15), None),
    ("CT", "P.A. 13-155", dt.date(2014, 1, 1), dt.date(2019, 9, 30)),
    ("CT", "P.A. 19-20", dt.date(2019, 10, 1), dt.date(2025, 9, 30)),
    ("CT", "2025", dt.date(2025, 10, 1), None),
    ("MA", "Lunn", dt.date(2017, 7, 24), None),
    ("US-PA-PHILADELPHIA", "5-16", dt.date(2016, 1, 4), None),
    ("US-WA-KING", "17706", dt.date(2013, 12, 10), dt.date(2014, 9, 4)),
    ("US-WA-KING", "17886", dt.date(2014, 9, 5), None),
    ("US-FL-MIAMIDADE", "R-1008-13", dt.date(2014, 1, 1), dt.date(2017, 1, 26)),
    ("IA", "SF 481", dt.date(2018, 7, 1), None),
    ("NC", "HB 10", dt.date(2024, 12, 1), None),
    ("IL", "Way Forward", dt.date(2021, 8, 2), None),  # issue 19
    ("MT", "Ramon v. Short", dt.date(2020, 3, 25), None),
]


@pytest.mark.parametrize(("code", "named", "first", "last"), BRIEF)
def test_each_entry_binds_from_its_first_day_to_its_last(
    code: str, named: str, first: dt.date, last: dt.date | None
) -> None:
    one = dt.timedelta(days=1)

    def entry(day: dt.date) -> str | None:
        found = TABLE.for_start(code, day)
        return found.name if found is not None else None

    assert named in (entry(first) or ""), (code, first)
    assert named not in (entry(first - one) or ""), (code, first - one)
    if last is not None:
        assert named in (entry(last) or ""), (code, last)
        assert named not in (entry(last + one) or ""), (code, last + one)
    else:
        assert named in (entry(dt.date(2026, 11, 28)) or "")


def test_the_table_holds_exactly_the_briefs_entries() -> None:
    listed = {(code, first) for code, _, first, _ in BRIEF}
    assert {(p.jurisdiction, p.effective_from) for p in TABLE.policies} == listed


# --- agency scope (issue 11) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("agency", "status", "binding"),
    [("jail", "over-detained", "local-law"), ("police", "over-detained", "local-law"),
     ("prison", "within-hold", "regulation")],
)  # fmt: skip
def test_sb_54_does_not_bind_state_prisons(agency: str, status: str, binding: str) -> None:
    _, out, _ = run(
        "expire", "2019-05-01 10:00", "--tz", "America/Los_Angeles", "--jurisdiction", "CA",
        "--released", "2019-05-01 11:00", "--agency", agency, "--format", "json",
    )  # fmt: skip
    record = json.loads(out)
    assert (record["status"], record["binding"], record["agency"]) == (status, binding, agency)


def test_the_default_agency_is_named_in_the_output() -> None:
    _, out, _ = run(
        "expire", "2019-05-01 10:00", "--tz", "America/Los_Angeles", "--jurisdiction", "CA",
        "--released", "2019-05-01 11:00",
    )  # fmt: skip
    assert "Held by      a county jail (--agency to change)" in out
    roster = "eligible_at,released_at,tz\n2019-05-01 10:00,2019-05-01 11:00,America/Los_Angeles\n"
    _, _, err = run(
        "check", "-", "--jurisdiction", "CA", "--agency", "prison", "--format", "csv",
        stdin=roster,
    )  # fmt: skip
    assert "within-hold: 1" in err


def test_a_policy_files_agencies_are_checked(tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text(
        '[[policy]]\njurisdiction = "XX"\nname = "x"\nlevel = "state"\n'
        'effective_from = 2020-01-01\nkind = "no-hold"\ncitation = "c"\nsource = "s"\n'
        'verified = false\nagencies = ["sheriff"]\n'
    )
    code, _, err = run(
        "expire", "2024-11-27 16:30", "--tz", "UTC", "--still-held", "--jurisdiction", "XX",
        "--policy-file", str(policy),
    )  # fmt: skip
    assert code == 3 and "agencies" in err and "jail, prison, police" in err


# --- evidence levels and sources (issue 11) -----------------------------------------------


def test_every_entry_has_a_level_and_public_sources() -> None:
    for policy in TABLE.policies:
        assert policy.evidence.value in ("text", "secondary", "unverified")
        assert policy.sources and all("shared/" not in s for s in policy.sources)
    _, out, _ = run("policies", "--format", "json")
    for entry in json.loads(out)["policies"]:
        assert entry["evidence"] in ("text", "secondary", "unverified") and entry["sources"]
    _, text, _ = run("policies", "--jurisdiction", "NJ")
    assert "Evidence: secondary" in text and text.count("Source: ") == 3


def test_older_policy_files_with_source_and_verified_still_load(tmp_path: Path) -> None:
    policy = tmp_path / "old.toml"
    policy.write_text(
        '[[policy]]\njurisdiction = "XX"\nname = "x"\nlevel = "state"\n'
        'effective_from = 2020-01-01\nkind = "no-hold"\ncitation = "c"\nsource = "s"\n'
        "verified = true\n"
    )
    _, out, _ = run("policies", "--policy-file", str(policy), "--format", "json")
    entry = next(e for e in json.loads(out)["policies"] if e["jurisdiction"] == "XX")
    assert entry["evidence"] == "text" and entry["sources"] == ["s"]
    policy.write_text(policy.read_text().replace("verified = true", 'evidence = "rumour"'))
    code, _, err = run("policies", "--policy-file", str(policy))
    assert code == 3 and "evidence must be one of" in err


def test_a_letter_says_when_the_binding_law_was_read_only_in_summaries() -> None:
    args = (
        "letter", "2024-11-27 16:30", "--tz", "America/New_York", "--released",
        "2024-11-28 09:00", "--name", "Ana", "--facility", "Essex County",
        "--meets-conditions", "--jurisdiction",
    )  # fmt: skip
    _, nj, _ = run(*args, "NJ")
    assert "read in secondary sources, not in its own text" in nj
    _, ca, _ = run(*args[:-2], "--jurisdiction", "CA", "--date", "2024-11-28")
    assert "secondary sources" not in ca


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        ("2011-06-01", set()),
        ("2012-01-15", {"US-IL-COOK"}),
        ("2014-01-01", {"CA", "US-IL-COOK", "CT", "US-WA-KING", "US-FL-MIAMIDADE"}),
        ("2014-12-13", {"CA", "US-IL-COOK", "CT", "US-WA-KING", "US-FL-MIAMIDADE"}),
        ("2014-12-14", {"CA", "US-IL-COOK", "CT", "US-WA-KING", "US-FL-MIAMIDADE", "US-NY-NYC"}),
        ("2017-01-27", {"CA", "US-IL-COOK", "CT", "US-WA-KING", "US-NY-NYC",
                        "US-PA-PHILADELPHIA"}),
        ("2018-01-01", {"CA", "US-IL-COOK", "CT", "US-WA-KING", "US-NY-NYC", "US-PA-PHILADELPHIA",
                        "IL", "TX", "MA"}),
        ("2019-07-01", {"CA", "US-IL-COOK", "CT", "US-WA-KING", "US-NY-NYC", "US-PA-PHILADELPHIA",
                        "IL", "TX", "MA", "IA", "NY", "NJ", "WA", "CO", "FL"}),
        ("2021-07-19", {"CA", "US-IL-COOK", "CT", "US-WA-KING", "US-NY-NYC", "US-PA-PHILADELPHIA",
                        "IL", "TX", "MA", "IA", "NY", "NJ", "WA", "CO", "FL", "OR", "MT"}),
        ("2026-11-28", {"CA", "US-IL-COOK", "CT", "US-WA-KING", "US-NY-NYC", "US-PA-PHILADELPHIA",
                        "IL", "TX", "MA", "IA", "NY", "NJ", "WA", "CO", "FL", "OR", "NC", "MT"}),
    ],
)  # fmt: skip
def test_policies_at_a_date_lists_the_entries_in_force(day: str, codes: set[str]) -> None:
    code, out, _ = run("policies", "--at", day, "--format", "json")
    assert code == 0
    assert {entry["jurisdiction"] for entry in json.loads(out)["policies"]} == codes
