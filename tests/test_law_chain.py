"""The law of a place is layered: a county's or city's entry applies beside its state's,
never instead of it, and the earliest limit binds (issue 19). Each case is a real date
worked by hand against the entries' own dates."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from holdcalc.core.law_table import load_policies, places_of
from tests.conftest import run_cli


def expire(start: str, released: str, place: str, *args: str) -> dict[str, Any]:
    code, out, err = run_cli(
        "expire", start, "--tz", "America/Chicago", "--released", released,
        "--jurisdiction", place, "--format", "json", *args,
    )  # fmt: skip
    assert code in {0, 1}, err
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("code", "chain"),
    [
        ("US-IL-COOK", ("IL", "US-IL-COOK")),
        ("us-ny-nyc", ("NY", "US-NY-NYC")),
        ("IL", ("IL",)),
        ("US-PA-PHILADELPHIA", ("PA", "US-PA-PHILADELPHIA")),
    ],
)
def test_a_place_lies_in_its_state(code: str, chain: tuple[str, ...]) -> None:
    assert places_of(code) == chain


def test_cook_county_in_2020_is_bound_by_the_illinois_trust_act() -> None:
    # Mon 2 Mar 2020, held 8 hours: the TRUST Act (from 2017-08-28) forbids any hold, so
    # the county ordinance's reimbursement condition no longer matters.
    record = expire("2020-03-02 08:00", "2020-03-02 16:00", "US-IL-COOK")
    assert record["status"] == "over-detained"
    assert record["over_by_hours"] == 8.0
    assert record["binding_title"] == "Illinois TRUST Act (IL)"
    assert record["depends_on"] is None
    assert [p["jurisdiction"] for p in record["policies"]] == ["IL", "US-IL-COOK"]
    assert all(p["sources"] for p in record["policies"])
    assert expire("2020-03-02 08:00", "2020-03-02 16:00", "IL")["status"] == "over-detained"


def test_cook_county_in_2016_still_turns_on_the_ordinance() -> None:
    record = expire("2016-05-02 08:00", "2016-05-02 16:00", "US-IL-COOK", "--form", "I-247D")
    assert record["status"] == "possibly-over-detained"
    assert "reimburse" in record["depends_on"]
    assert [p["jurisdiction"] for p in record["policies"]] == ["US-IL-COOK"]
    form = ("--form", "I-247D")
    fails = expire(
        "2016-05-02 08:00", "2016-05-02 16:00", "US-IL-COOK", *form, "--fails-conditions"
    )
    assert fails["status"] == "over-detained"
    meets = expire(
        "2016-05-02 08:00", "2016-05-02 16:00", "US-IL-COOK", *form, "--meets-conditions"
    )
    assert meets["status"] == "within-hold"
    # With the form unknown (auto in 2016) the answer turns on both facts.
    unknown = expire("2016-05-02 08:00", "2016-05-02 16:00", "US-IL-COOK")
    assert unknown["status"] == "possibly-over-detained" and unknown["form"] == "unknown"
    assert "reimburse" in unknown["depends_on"] and "I-247N" in unknown["depends_on"]


def test_new_york_city_after_wells_is_bound_by_the_state_ruling() -> None:
    # 2019: People ex rel. Wells v. DeMarco (from 2018-11-14) forbids the hold in the
    # state; the city's warrant rule no longer matters, even with a warrant.
    record = expire("2019-06-03 08:00", "2019-06-03 09:00", "US-NY-NYC", "--warrant")
    assert record["status"] == "over-detained"
    assert record["binding_title"].startswith("People ex rel. Wells v. DeMarco")


def test_check_layers_a_jurisdiction_column_as_expire_does() -> None:
    roster = (
        "booking_id,eligible_at,released_at,jurisdiction\n"
        "A,2020-03-02 08:00,2020-03-02 16:00,US-IL-COOK\n"
        "B,2016-05-02 08:00,2016-05-02 16:00,US-IL-COOK\n"
        "C,2020-03-02 08:00,2020-03-02 16:00,IL\n"
    )
    code, out, err = run_cli(
        "check", "-", "--tz", "America/Chicago", "--format", "csv", "--as-of",
        "2026-11-01T12:00Z", "--form", "auto", stdin=roster,
    )  # fmt: skip
    assert code == 1, err
    rows = {row["booking_id"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["A"]["hold_status"] == "over-detained"
    assert "Illinois TRUST Act" in rows["A"]["binding_limit"]
    assert rows["B"]["hold_status"] == "possibly-over-detained"
    assert "Cook County" in rows["B"]["binding_limit"]
    assert rows["C"]["hold_status"] == "over-detained"


def test_a_policy_file_entry_is_layered_under_its_state(tmp_path: Any) -> None:
    policy = tmp_path / "local.toml"
    policy.write_text(
        "as_of = 2026-11-01\n[[policy]]\n"
        'jurisdiction = "US-IL-SPRINGFIELD"\nname = "A city order"\nlevel = "city"\n'
        'effective_from = 2010-01-01\nkind = "hours-cap"\nhours = 24\ncounting = "elapsed"\n'
        'citation = "Order 1"\nsources = ["the order (text)"]\nevidence = "text"\n',
        encoding="utf-8",
    )
    table = load_policies(str(policy))
    import datetime as dt

    chain = table.chain("US-IL-SPRINGFIELD", dt.date(2020, 3, 2))
    assert [p.jurisdiction for p in chain] == ["IL", "US-IL-SPRINGFIELD"]
    record = expire(
        "2020-03-02 08:00", "2020-03-02 16:00", "US-IL-SPRINGFIELD",
        "--policy-file", str(policy),
    )  # fmt: skip
    assert record["status"] == "over-detained"  # the state's law still forbids the hold
    before = expire(
        "2016-03-02 08:00", "2016-03-03 16:00", "US-IL-SPRINGFIELD",
        "--policy-file", str(policy),
    )  # fmt: skip
    assert before["status"] == "over-detained" and before["over_by_hours"] == 8.0  # 24 h cap


# --- who each law binds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "place", "binding"),
    [
        # AB 4 reached local agencies only (Gov. Code § 7282(d)).
        ("2016-05-02 08:00", "CA", "8 C.F.R. § 287.7(d)"),
        # HB19-1124's officers are state patrol, police, marshals, sheriffs (§ 24-76.6-101(3)).
        ("2020-05-04 08:00", "CO", "8 C.F.R. § 287.7(d)"),
    ],
)
def test_laws_that_did_not_bind_state_prisons(start: str, place: str, binding: str) -> None:
    jail = expire(start, start[:11] + "16:00", place)
    assert jail["status"] in {"over-detained", "possibly-over-detained"}  # a jail: bound
    prison = expire(start, start[:11] + "16:00", place, "--agency", "prison", "--form", "I-247")
    assert prison["status"] == "within-hold"  # 8 hours: the federal rule alone
    assert prison["binding_citation"].startswith(binding)
    assert prison["policies"] == []


def test_north_carolinas_law_binds_county_jails_only() -> None:
    record = expire("2025-03-03 08:00", "2025-03-03 16:00", "NC", "--agency", "prison")
    assert record["policies"] == []
    assert [p["name"] for p in expire("2025-03-03 08:00", "2025-03-03 16:00", "NC")[
        "policies"
    ]] == ["North Carolina HB 10 (S.L. 2024-55)"]  # fmt: skip


# --- New Jersey's directive: each of its conditions ------------------------------------

# Mon 2 Dec 2024 10:00, left Tue 3 Dec 01:00: past 11:59 p.m. of the day custody ended.
NJ = ("2024-12-02 10:00", "2024-12-03 01:00", "NJ")


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (("--meets-conditions",), "over-detained"),  # allowed until 11:59 p.m., then over
        (("--warrant",), "over-detained"),  # a judicial warrant: the same end of day
        (("--fails-conditions",), "over-detained"),  # no hold at all: over from the start
        ((), "over-detained"),  # either way past 11:59 p.m.
    ],
)
def test_new_jersey_with_each_condition(facts: tuple[str, ...], status: str) -> None:
    record = expire(*NJ, *facts)
    assert record["status"] == status
    hours = {"--fails-conditions": 15.0}.get(facts[0] if facts else "", 1.02)
    assert record["over_by_hours"] == hours  # 1:00 a.m. is 61 minutes past 11:59 p.m.


def test_new_jersey_a_release_before_midnight_turns_on_the_conditions() -> None:
    record = expire("2024-12-02 10:00", "2024-12-02 20:00", "NJ")
    assert record["status"] == "possibly-over-detained"
    for words in ("indictable crime in the past five years", "judicial warrant or court order"):
        assert words in record["depends_on"]
    assert expire("2024-12-02 10:00", "2024-12-02 20:00", "NJ", "--warrant")["status"] == (
        "within-hold"
    )
    fails = expire("2024-12-02 10:00", "2024-12-02 20:00", "NJ", "--fails-conditions")
    assert fails["status"] == "over-detained"


# --- the forms of 2015-2017 ------------------------------------------------------------


def form_case(*args: str) -> dict[str, Any]:
    # Mon 2 May 2016 08:00, left Tue 3 May 16:00: 32 hours after custody ended.
    code, out, err = run_cli(
        "expire", "2016-05-02 08:00", "--tz", "America/Chicago", "--released",
        "2016-05-03 16:00", "--format", "json", *args,
    )  # fmt: skip
    assert code in {0, 1}, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_a_2016_start_with_form_auto_says_the_form_is_unknown() -> None:
    record = form_case("--form", "auto")
    assert record["form"] == "unknown" and record["form_inferred"] is True
    assert record["status"] == "possibly-over-detained"
    assert "I-247N" in record["depends_on"] and "I-247D" in record["depends_on"]
    assert record["status_if_fact_holds"] == "within-hold"
    assert record["over_by_hours"] == 0.0  # nothing certain either way
    _, out, _ = run_cli(
        "expire", "2016-05-02 08:00", "--tz", "America/Chicago", "--released",
        "2016-05-03 16:00", "--form", "auto",
    )  # fmt: skip
    assert "Settle it with --form" in " ".join(out.split())


@pytest.mark.parametrize(
    ("form", "status", "over"),
    [
        ("i-247n", "over-detained", 32.0),  # notice of release only: no hold at all
        ("I-247D", "within-hold", 0.0),  # 48 hours asked for
        ("I-247", "within-hold", 0.0),
        ("I-247X", "within-hold", 0.0),
    ],
)
def test_each_form_gives_its_own_answer(form: str, status: str, over: float) -> None:
    record = form_case("--form", form)
    assert (record["status"], record["over_by_hours"]) == (status, over)
    assert record["depends_on"] is None


def test_the_pep_forms_are_described_not_quoted() -> None:
    record = form_case("--form", "I-247N")
    (form,) = [limit for limit in record["limits"] if limit["source"] == "form"]
    assert form["detail"].startswith("asks only to be told of the release")
    assert form["detail"].endswith("the form's own words were not read")
    assert form_case("--form", "I-247D")["limits"][1]["detail"].endswith("were not read")


@pytest.mark.parametrize(("day", "form"), [("2014-11-19", "I-247"), ("2017-04-02", "I-247A")])
def test_outside_the_pep_years_the_form_is_inferred(day: str, form: str) -> None:
    code, out, err = run_cli(
        "expire", f"{day} 08:00", "--tz", "America/Chicago", "--still-held",
        "--as-of", f"{day} 09:00", "--form", "auto", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["form"] == form


# --- letters that fit the law of the place ---------------------------------------------


def letter(place: str, zone: str, lang: str = "en") -> str:
    code, out, err = run_cli(
        "letter", "2019-05-06 10:00", "--tz", zone, "--released", "2019-05-10 10:00",
        "--jurisdiction", place, "--name", "Ana Uno", "--facility", "County Jail",
        "--lang", lang, "--date", "2019-05-11",
    )  # fmt: skip
    assert code == 0, err
    return " ".join(out.split())


def test_a_texas_2019_letter_says_state_law_requires_honouring_only_within_the_limit() -> None:
    text = letter("TX", "America/Chicago")
    assert "does not oblige you to keep anyone" not in text
    assert "Tex. Code Crim. Proc. art. 2.251" in text
    assert (
        "requires this facility to honour such a request, but only within the hold's limit" in text
    )
    assert "exige que este centro cumpla esa solicitud, pero solo dentro del límite" in letter(
        "TX", "America/Chicago", "es"
    )


def test_a_california_2019_letter_says_a_detainer_obliges_nothing() -> None:
    text = letter("CA", "America/Los_Angeles")
    assert "it does not oblige you to keep anyone" in text
    assert "requires this facility to honour" not in text
    assert "no obliga a nadie a mantener a una persona detenida" in letter(
        "CA", "America/Los_Angeles", "es"
    )


def test_the_case_law_is_said_as_the_courts_held_it() -> None:
    text = letter("CA", "America/Los_Angeles")
    assert "courts have held jails and their officers liable" not in text
    assert "reinstated such a claim against a county (Galarza v. Szalczyk" in text
    assert "found a county liable" in text and "Miranda-Olivares" in text


def test_a_law_that_sets_no_hours_does_not_claim_the_federal_48() -> None:
    record = expire("2014-05-05 08:00", "2014-05-06 16:00", "US-IL-COOK", "--meets-conditions")
    (cook,) = [limit for limit in record["limits"] if "Cook" in limit["title"]]
    assert cook["detail"].endswith(
        "(the hours of 8 C.F.R. § 287.7(d): the law sets none of its own)"
    )


# --- places and citations added --------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "agency", "day", "name"),
    [
        ("MT", "jail", "2020-03-25", "Ramon v. Short"),
        ("US-NY-NYC", "police", "2015-06-01", "New York City police detainer law"),
        ("US-NY-NYC", "jail", "2015-06-01", "New York City detainer law"),
        (
            "IL",
            "jail",
            "2021-08-02",
            "Illinois TRUST Act as amended by the Way Forward Act (SB 667)",
        ),
        ("IL", "jail", "2021-08-01", "Illinois TRUST Act"),
    ],
)
def test_entries_added_and_dated(place: str, agency: str, day: str, name: str) -> None:
    import datetime as dt

    found = load_policies().for_start(place, dt.date.fromisoformat(day), agency)
    assert found is not None and found.name == name
    assert found.sources and found.level


def test_montana_before_ramon_v_short_has_no_entry() -> None:
    import datetime as dt

    assert load_policies().for_start("MT", dt.date(2020, 3, 24)) is None


def test_the_docs_table_shows_every_entry_with_its_level_agencies_and_sources() -> None:
    from pathlib import Path

    docs = (Path(__file__).parent.parent / "docs" / "jurisdictions.md").read_text(encoding="utf-8")
    rows = [line for line in docs.splitlines() if line.startswith("| `")]
    for policy in load_policies().policies:
        (row,) = [r for r in rows if f"| {policy.name} |" in r and f"`{policy.jurisdiction}`" in r]
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert cells[1] == policy.level
        assert cells[3] == policy.effective_from.isoformat()
        assert cells[6] == ", ".join(policy.agencies)
        assert cells[7] == policy.citation
        assert cells[8] == "; ".join(policy.sources)
        assert cells[9] == policy.evidence.value


def test_policies_lists_each_entry_with_level_agencies_and_sources() -> None:
    code, out, err = run_cli("policies", "--format", "json")
    assert code == 0, err
    listed = json.loads(out)["policies"]
    assert len(listed) == len(load_policies().policies)
    for entry in listed:
        assert entry["level"] and entry["agencies"] and entry["sources"]
    names = {entry["name"] for entry in listed}
    assert {"Ramon v. Short", "New York City police detainer law"} <= names


def test_a_jurisdiction_column_without_the_analysis_is_said_not_ignored() -> None:
    roster = "eligible_at,released_at,jurisdiction\n2020-03-02 08:00,2020-03-02 16:00,IL\n"
    code, out, err = run_cli(
        "check", "-", "--tz", "America/Chicago", "--format", "csv", "--as-of",
        "2026-01-01T00:00Z", stdin=roster,
    )  # fmt: skip
    assert code == 0 and ",within-hold," in out  # the rule alone: 8 hours are within it
    (line,) = [line for line in err.splitlines() if "'jurisdiction' column" in line]
    assert line.startswith("holdcalc: warning:") and "--form auto" in line
    code, out, err = run_cli(
        "check", "-", "--tz", "America/Chicago", "--format", "csv", "--as-of",
        "2026-01-01T00:00Z", "--form", "auto", stdin=roster,
    )  # fmt: skip
    assert code == 1 and ",over-detained," in out and "'jurisdiction' column" not in err
