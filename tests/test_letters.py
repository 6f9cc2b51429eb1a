"""Letters: golden texts, fields, refusals, template safety, file-name safety, batch letters."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from holdcalc import hold_expiry
from holdcalc.cli import EXIT_FLAGGED, EXIT_INVALID, EXIT_USAGE
from holdcalc.core.errors import TemplateError
from holdcalc.core.verdict import assess
from holdcalc.letters.batch import safe_file_name
from holdcalc.letters.fields import Parties, fields_for
from holdcalc.letters.phrases import written
from holdcalc.letters.template import FIELDS, builtin_template, render
from tests.conftest import run_cli as run

GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-roster.csv"
CASE = [
    "2024-11-27 16:30",
    "--tz",
    "America/Chicago",
    "--still-held",
    "--as-of",
    "2024-12-03 09:00",
    "--name",
    "Maria Garcia",
    "--facility",
    "Cook County Jail",
    "--booking",
    "BK-2024-1127",
    "--case",
    "24-CR-0042",
    "--date",
    "2024-12-03",
]


@pytest.mark.parametrize("kind", ["demand", "grievance"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("markdown", "md")])
def test_golden_letters(kind: str, lang: str, fmt: str, ext: str) -> None:
    ended = "se pagó la fianza" if lang == "es" else "bail was posted"
    code, out, err = run(
        "letter",
        *CASE,
        "--custody-ended-by",
        ended,
        "--kind",
        kind,
        "--lang",
        lang,
        "--format",
        fmt,
    )
    assert code == 0, err
    assert err == NO_LAW
    assert out == (GOLDEN / f"{kind}.{lang}.{ext}").read_text(encoding="utf-8")


# Said beside a letter judged without a place: it cites the regulation alone.
NO_LAW = (
    "holdcalc: note: the letter cites the regulation alone; state and local law was not "
    "judged (some forbid or shorten holds: --jurisdiction CODE cites it)\n"
)


def test_a_letter_with_a_form_alone_still_notes_that_law_was_not_judged() -> None:
    code, _, err = run("letter", *CASE, "--form", "i-247a")
    assert code == 0, err
    assert (
        "holdcalc: note: the letter cites the regulation and the form alone; state and "
        "local law was not judged"
    ) in err


def test_a_letter_judged_under_a_place_s_law_has_no_such_note() -> None:
    code, out, err = run("letter", *CASE, "--jurisdiction", "IL")
    assert code == 0, err
    assert "note: the letter cites the regulation alone" not in err
    assert "Illinois" in out


def test_demand_contains_what_the_issue_asks_for() -> None:
    _, out, _ = run("letter", *CASE)
    for needed in (
        "Maria Garcia",
        "BK-2024-1127",
        "24-CR-0042",
        "Cook County Jail",
        "Wednesday, November 27, 2024 at 4:30 PM CST",
        "8 C.F.R. § 287.7(d)",
        "Thursday, November 28, 2024: Thanksgiving Day",
        "Monday, December 2, 2024 at 4:30 PM CST",
        "not a warrant",
        "new seizure",
        "16 hours and 30 minutes",
        "released immediately",
        "in writing",
        "claims",
        "reserved",
    ):
        assert needed in out, needed
    assert "**" not in out  # text format drops the Markdown emphasis


def test_spanish_dates_are_written_in_spanish() -> None:
    moment = dt.datetime(2024, 12, 2, 16, 30, tzinfo=ZoneInfo("America/Chicago"))
    assert written(moment, "es") == "lunes, 2 de diciembre de 2024, a las 4:30 p. m. (CST)"
    assert written(moment, "en") == "Monday, December 2, 2024 at 4:30 PM CST"
    morning = dt.datetime(2025, 7, 9, 0, 5, tzinfo=ZoneInfo("America/New_York"))
    assert written(morning, "en") == "Wednesday, July 9, 2025 at 12:05 AM EDT"


def test_refuses_a_demand_before_the_hold_expires() -> None:
    code, out, err = run(
        "letter",
        "2024-11-27 16:30",
        "--tz",
        "America/Chicago",
        "--still-held",
        "--as-of",
        "2024-12-01 09:00",
        "--name",
        "A",
        "--facility",
        "B",
    )
    assert code == EXIT_INVALID
    assert out == ""
    assert "has not expired" in err and "2024-12-02T16:30:00-06:00" in err and "--draft" in err
    code, out, _ = run(
        "letter",
        "2024-11-27 16:30",
        "--tz",
        "America/Chicago",
        "--still-held",
        "--as-of",
        "2024-12-01 09:00",
        "--name",
        "A",
        "--facility",
        "B",
        "--draft",
    )
    assert code == 0 and "0 minutes" in out


def test_released_late_asks_for_an_account_not_release() -> None:
    code, out, _ = run(
        "letter",
        "2024-11-27 16:30",
        "--tz",
        "America/Chicago",
        "--released",
        "2024-12-03 09:00",
        "--name",
        "Jose",
        "--facility",
        "Cook",
    )
    assert code == 0
    assert "Jose was held until Tuesday, December 3, 2024 at 9:00 AM CST." in out
    assert "written account" in out and "released immediately" not in out


def test_fields_listing_covers_every_builtin_placeholder() -> None:
    code, out, _ = run("letter", "--fields")
    assert code == 0
    listed = {line.split()[0] for line in out.splitlines()}
    assert listed == set(FIELDS)
    import re

    for kind in ("demand", "grievance"):
        for lang in ("en", "es"):
            used = set(re.findall(r"\{\{\s*([a-z_]+)\s*\}\}", builtin_template(kind, lang)))
            assert used <= set(FIELDS)


def test_custom_template_and_literal_values(tmp_path: Path) -> None:
    template = tmp_path / "mine.txt"
    template.write_text(
        "Dear {{ addressee }}: release {{name}} (expired {{ expires_at }}).\n", encoding="utf-8"
    )
    sneaky = "{{ 7*7 }} $HOME {{ zone }} `id`"
    code, out, _ = run("letter", *CASE[:-4], "--name", sneaky, "--template", str(template))
    assert code == 0
    assert out == (
        f"Dear Jail Administrator, Cook County Jail: release {sneaky} "
        "(expired Monday, December 2, 2024 at 4:30 PM CST).\n"
    )


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("Hello {{ nmae }}", "did you mean {{ name }}"),
        ("{{ name.__class__ }}", "is not a field"),
        ("{{ 7*7 }}", "is not a field"),
        ("line one\n{{ expiry }}", "line 2"),
    ],
)
def test_bad_template_fields_are_errors(tmp_path: Path, body: str, fragment: str) -> None:
    template = tmp_path / "bad.txt"
    template.write_text(body, encoding="utf-8")
    code, out, err = run("letter", *CASE, "--template", str(template))
    assert code == EXIT_INVALID
    assert out == ""
    assert fragment in err


def test_render_is_single_pass() -> None:
    start = dt.datetime(2024, 11, 27, 16, 30, tzinfo=ZoneInfo("America/Chicago"))
    result = assess(hold_expiry(start), as_of=start + dt.timedelta(days=7))
    values = fields_for(
        result, Parties(name="{{ facility }}", facility="F"), "en", today=dt.date(2024, 12, 4)
    )
    assert render("{{ name }}/{{ facility }}", values) == "{{ facility }}/F"
    with pytest.raises(TemplateError):
        render("{{ missing }}", values)


def test_letter_usage_errors() -> None:
    assert run("letter", *CASE[:3], "--name", "A", "--facility", "B")[0] == EXIT_USAGE
    assert run("letter", "2024-11-27 16:30", "--tz", "America/Chicago", "--still-held")[0] == (
        EXIT_USAGE
    )
    code, _, err = run("letter", *CASE[:-2], "--date", "03/12/2024")
    assert code == EXIT_INVALID and "--date" in err


def test_letter_to_file(tmp_path: Path) -> None:
    target = tmp_path / "letter.md"
    code, out, err = run("letter", *CASE, "--format", "markdown", "-o", str(target))
    assert code == 0 and out == ""
    assert "wrote" in err
    assert target.read_text(encoding="utf-8") == (GOLDEN / "demand.en.md").read_text(
        encoding="utf-8"
    ).replace("bail was posted", "the criminal case no longer required custody")


@pytest.mark.parametrize(
    "value", ["../../x", "CON", "nul.txt", "a/b\\c", "..", "", "   ", "COM1", "\x00evil", "ünïcödé"]
)
def test_file_names_stay_in_their_folder(tmp_path: Path, value: str) -> None:
    name = safe_file_name(value, "row7", ".txt")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert name.startswith("letter-") and name.endswith(".txt")
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()
    (tmp_path / name).write_text("ok", encoding="utf-8")


def test_batch_letters_round_trip(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    rows = SAMPLE.read_text(encoding="utf-8").splitlines()
    rows.append(
        '../../escape,"Eve, Evil",Cook County Jail,America/Chicago,'
        "2024-11-27 16:30,2024-12-04 09:00"
    )
    rows.append("CON,Con Man,Cook County Jail,America/Chicago,2024-11-27 16:30,2024-12-04 09:00")
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    folder = tmp_path / "letters"
    code, out, err = run(
        "check",
        str(roster),
        "--as-of",
        "2026-11-01T12:00:00Z",
        "--format",
        "csv",
        "--letters",
        str(folder),
        "--lang",
        "es",
    )
    assert code == EXIT_FLAGGED
    flagged = [
        r
        for r in csv.DictReader(out.splitlines())
        if r["hold_status"] in ("over-detained", "expired")
    ]
    index = list(csv.DictReader((folder / "index.csv").read_text(encoding="utf-8").splitlines()))
    assert len(index) == len(flagged)
    written_files = sorted(p.name for p in folder.iterdir() if p.name != "index.csv")
    assert written_files == sorted(r["letter"] for r in index if r["letter"])
    assert all(Path(folder / name).resolve().parent == folder.resolve() for name in written_files)
    assert not (tmp_path / "x").exists() and not list(tmp_path.glob("escape*"))
    skipped = [r for r in index if not r["letter"]]
    assert all("no time" in r["note"] for r in skipped)  # the date-only rows
    jose = (folder / "letter-S-1002.txt").read_text(encoding="utf-8")
    assert "Jose Ramirez" in jose and "lunes, 2 de diciembre de 2024, a las 4:30 p. m." in jose
    assert "16 horas y 30 minutos" in jose
    assert "letters written:" in err
    # Each batch letter says what `holdcalc letter` says for the same row.
    _, single, _ = run(
        "letter",
        "2024-11-27 16:30",
        "--tz",
        "America/Chicago",
        "--released",
        "12/03/2024 09:00 AM",
        "--name",
        "Jose Ramirez",
        "--facility",
        "Cook County Jail",
        "--booking",
        "S-1002",
        "--lang",
        "es",
        "--date",
        "2026-11-01",
    )
    assert single == jose + ("" if jose.endswith("\n") else "\n")


# --- quotations are verbatim (issue 11) -----------------------------------------------------


def test_every_quotation_in_the_rule_table_is_found_in_its_source_text() -> None:
    from holdcalc.core.rules import RULES

    for rule in RULES.values():
        wording = rule.wording
        assert wording.source, rule.key
        if wording.quoted is None:
            assert wording.plain and '"' not in wording.plain, rule.key  # described, unquoted
        else:
            assert wording.quoted in wording.text, rule.key


@pytest.mark.parametrize("rule", ["cfr", "i247", "i247a"])
def test_letters_quote_only_what_was_read(rule: str) -> None:
    import re

    from holdcalc.core.rules import RULES

    code, out, _ = run(
        "letter", "2016-11-23 16:30", "--tz", "America/Chicago", "--rule", rule, "--name",
        "Ana", "--facility", "Cook", "--released", "2016-12-03 09:00",
    )  # fmt: skip
    assert code == 0
    line = next(text for text in out.splitlines() if text.startswith("The limit on a hold."))
    quoted = re.findall(r'"([^"]+)"', line)
    recorded = RULES[rule].wording
    assert quoted == ([recorded.quoted] if recorded.quoted else [])
    assert "the criminal justice agency shall" not in out


def test_no_document_misquotes_the_regulation() -> None:
    root = Path(__file__).resolve().parent.parent
    for path in [root / "README.md", *root.glob("docs/*.md"), *root.glob("src/**/*.md")]:
        assert "the criminal justice agency shall" not in path.read_text("utf-8"), path


def test_a_letter_for_a_hold_past_its_limit_by_over_a_year_says_check_first(
    tmp_path: Path,
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "booking_id,eligible_at,released_at\n"
        "B1,1970-01-01 09:00,2024-12-03 09:00\n"  # a placeholder start
        "B2,2024-11-27 16:30,2024-12-03 09:00\n",
        encoding="utf-8",
    )
    folder = tmp_path / "letters"
    code, _, err = run(
        "check", str(roster), "--tz", "America/Chicago", "--as-of", "2026-11-01T12:00:00Z",
        "--format", "csv", "--letters", str(folder),
    )  # fmt: skip
    assert code == EXIT_FLAGGED and "more than a year" in err
    index = list(csv.DictReader((folder / "index.csv").read_text(encoding="utf-8").splitlines()))
    assert [row["note"] for row in index] == [
        "check before sending: past the limit by more than a year, which a placeholder date "
        "or a mistyped year explains more often than a hold",
        "",
    ]
    assert all(row["letter"] for row in index)  # written all the same: the verdict stands
