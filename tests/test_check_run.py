"""One check run for every front end (holdcalc.jobs.check_run): the library call, its
notes as data, and the command line and the page both going through it."""

from __future__ import annotations

import ast
import datetime as dt
import json
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from holdcalc.cli import FLAG_WORDS
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.rules import RULES
from holdcalc.jobs.check_run import (
    CheckRequest,
    CheckResult,
    Gathering,
    Note,
    NoteKind,
    run_roster,
)
from holdcalc.roster.columns import ColumnNames
from holdcalc.roster.settings import Format, InputSettings, JudgeSettings, OutputSettings
from holdcalc.roster.stacked import PEEK
from tests.conftest import run_cli

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "holdcalc"
AS_OF = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


def _judging(zone: str | None = "America/Chicago") -> JudgeSettings:
    """As the command line judges: its words for the settings an error names."""
    return JudgeSettings(RULES["cfr"], Calendar(), AS_OF, zone, words=FLAG_WORDS)


def notes_of(result: CheckResult, kind: NoteKind) -> list[Note]:
    """The run's notes of one kind."""
    return [note for note in result.notes if note.kind is kind]


def _request(path: Path, out: Path, **extra: Any) -> CheckRequest:
    columns = extra.pop("columns", None)
    source = InputSettings(str(path), columns)
    return CheckRequest(source, _judging(extra.pop("zone", "America/Chicago")),
                        OutputSettings(Format.CSV, str(out)), **extra)  # fmt: skip


@pytest.mark.parametrize("front_end", ["cli/check.py", "web/roster.py"])
def test_each_front_end_runs_the_shared_run_and_not_the_pipeline(front_end: str) -> None:
    tree = ast.parse((PACKAGE / front_end).read_text(encoding="utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert "run_roster" in names
    assert not names & {"run_check", "run_bookings", "letters_hook", "watch"}


def test_the_run_gives_the_commands_rows_and_its_notes_as_data(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Jail roster export\n\n"
        "booking_id,eligible_at,released_at\n"
        "B1,2024-11-27 16:30,2024-12-03 09:00\n"
        "B2,27/11/2024 16:30,\n"
        "B3,2026-10-30 10:00,2027-01-02 10:00\n",
        encoding="utf-8",
    )
    out = tmp_path / "checked.csv"
    result = run_roster(_request(roster, out, zone_given=False))
    kinds = [note.kind for note in result.notes]
    assert kinds == [
        NoteKind.SKIPPED_LINES,
        NoteKind.ZONE_GUESSED,
        NoteKind.DEPARTURES_AFTER,
        NoteKind.DAY_FIRST,
    ]
    facts = {note.kind: dict(note.facts) for note in result.notes}
    assert facts[NoteKind.SKIPPED_LINES] == {"header_line": 3, "skipped": 2}
    assert facts[NoteKind.ZONE_GUESSED] == {"zone": "America/Chicago"}
    assert facts[NoteKind.DEPARTURES_AFTER] == {"count": 1}
    # A guessed zone is a note; a departure still to come and a day-first date warn.
    assert [note.warning for note in result.notes] == [False, False, True, True]
    assert result.figures.rows == 3 and result.figures.flagged == 2  # B3 as given
    _, expected, _ = run_cli("check", str(roster), "--tz", "America/Chicago", "--as-of",
                             "2026-11-01T12:00Z", "--format", "csv")  # fmt: skip
    assert out.read_text(encoding="utf-8") == expected


def test_a_given_zone_is_not_a_guess(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("eligible_at,released_at\n2024-11-27 16:30,2024-11-28 09:00\n")
    result = run_roster(_request(roster, tmp_path / "out.csv"))
    assert result.notes == ()


@pytest.mark.parametrize("name", ["facility_tz", "FacilityTZ", "Time Zone Name", "iana zone"])
@pytest.mark.parametrize("zone_given", [True, False])
def test_a_column_named_like_a_zone_and_not_read_as_one_is_a_warning(
    tmp_path: Path, name: str, zone_given: bool
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"eligible_at,released_at,{name}\n2024-11-27 16:30,,America/Denver\n")
    result = run_roster(_request(roster, tmp_path / "out.csv", zone_given=zone_given))
    (note,) = result.notes
    assert note.kind is NoteKind.ZONE_UNREAD and note.warning
    assert dict(note.facts) == {"column": name, "zone": "America/Chicago"}
    # The rows were judged in the zone the run has, as the warning says.
    assert "2024-12-02T16:30:00-06:00" in (tmp_path / "out.csv").read_text()


@pytest.mark.parametrize("name", ["housing_zone", "zone_note", "Schultz"])
def test_a_column_that_is_no_zone_by_its_name_is_not_warned_of(tmp_path: Path, name: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"eligible_at,released_at,{name}\n2024-11-27 16:30,,B-2\n")
    result = run_roster(_request(roster, tmp_path / "out.csv"))
    assert result.notes == ()


def test_letters_over_the_limit_are_none_and_a_note(tmp_path: Path) -> None:
    from holdcalc.core.files import Claims
    from holdcalc.letters.batch import LetterFolder
    from holdcalc.letters.template import LetterSettings

    roster = tmp_path / "roster.csv"
    rows = "".join(f"B{i},2024-11-27 16:30,2024-12-10 09:00\n" for i in range(5))
    roster.write_text("booking_id,eligible_at,released_at\n" + rows, encoding="utf-8")
    folder = LetterFolder(str(tmp_path / "letters"), Claims(str(roster)))
    folder.prepare()
    day = dt.date(2026, 11, 1)
    gathering = Gathering(folder, LetterSettings(), day, letter_limit=3)
    result = run_roster(_request(roster, tmp_path / "out.csv", gathering=gathering))
    assert result.letters is None
    (note,) = result.notes
    assert note.kind is NoteKind.TOO_MANY_LETTERS and dict(note.facts) == {"count": 5, "limit": 3}
    letters = tmp_path / "letters"
    assert not letters.exists() or list(letters.iterdir()) == []
    folder = LetterFolder(str(tmp_path / "letters"), Claims(str(roster)))
    folder.prepare()
    gathering = Gathering(folder, LetterSettings(), day, letter_limit=5)
    result = run_roster(_request(roster, tmp_path / "out2.csv", gathering=gathering))
    assert result.letters is not None and len(result.letters.records) == 5
    assert result.notes == ()


def test_named_columns_reach_the_run(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("when_free,left\n2024-11-27 16:30,2024-12-03 09:00\n", encoding="utf-8")
    names = ColumnNames("when_free", "left", None, None, None, False)
    result = run_roster(_request(roster, tmp_path / "o.csv", columns=names))
    assert result.figures.statuses["over-detained"] == 1


# --- the page: two rosters at once ----------------------------------------------------

flask = pytest.importorskip("flask")


def test_two_rosters_checked_at_once_on_the_page_each_get_their_own_answer(
    tmp_path: Path,
) -> None:
    from holdcalc.web.app import WebSettings, create_app
    from tests.test_web import download, post_roster

    app = create_app(WebSettings(max_upload_mb=50, clock=lambda: AS_OF))
    app.testing = True
    rosters = {
        "chicago": "booking_id,eligible_at,released_at\n"
        + "".join(f"C{i},2024-11-27 16:30,2024-12-0{1 + i % 8} 09:00\n" for i in range(400)),
        # The same zone years earlier, so the one request's tables grow backwards
        # while the other's rows read them.
        "earlier": "booking_id,eligible_at,released_at\n"
        + "".join(
            f"E{i},{2019 - i % 8}-0{1 + i % 9}-1{i % 10} 08:00,"
            f"{2019 - i % 8}-0{1 + i % 9}-2{i % 10} 08:00\n"
            for i in range(400)
        ),
    }
    expected = {}
    for key, text in rosters.items():
        path = tmp_path / f"{key}.csv"
        path.write_text(text, encoding="utf-8")
        flags = ["--tz", "America/Chicago", "--as-of", "2026-11-01T12:00Z", "--format", "csv"]
        _, expected[key], _ = run_cli("check", str(path), *flags)
    got: dict[str, str] = {}
    failures: list[BaseException] = []
    gate = threading.Barrier(len(rosters))

    def post(key: str) -> None:
        try:
            with app.test_client() as client:
                gate.wait()
                code, html = post_roster(client, rosters[key].encode(), f"{key}.csv",
                                         tz="America/Chicago")  # fmt: skip
                assert code == 200, html
                got[key] = download(html, "csv").decode("utf-8")
        except BaseException as exc:
            failures.append(exc)

    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        threads = [threading.Thread(target=post, args=(key,)) for key in rosters]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(before)
    if failures:
        raise failures[0]
    assert got == expected
    assert got["earlier"].count("\n") == 401


def test_letters_report_and_calendar_read_no_value_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The judge hands the values it read to what is made of a row after: asking for
    letters, the report and the calendar adds no reading of a start or departure."""
    pytest.importorskip("jinja2")
    pytest.importorskip("icalendar")
    from holdcalc.roster import rows, zone_judge

    reads = {"window": 0, "parse": 0}
    window, parse = zone_judge.ZoneJudge.window, getattr(zone_judge, "parse_when")  # noqa: B009

    def counted_window(self: Any, text: str, label: str) -> Any:
        reads["window"] += 1
        return window(self, text, label)

    def counted_parse(*args: Any, **kwargs: Any) -> Any:
        reads["parse"] += 1
        return parse(*args, **kwargs)

    monkeypatch.setattr(zone_judge.ZoneJudge, "window", counted_window)
    monkeypatch.setattr(zone_judge, "parse_when", counted_parse)
    monkeypatch.setenv("HOLDCALC_ENGINE", "row")  # the row engine's reads are counted
    assert not hasattr(rows, "parse_when")  # letters no longer parse rows themselves
    sample = Path(__file__).parent.parent / "examples" / "sample-roster.csv"
    flags = ["--as-of", "2026-11-01T12:00Z", "--format", "csv"]
    run_cli("check", str(sample), *flags, "-o", str(tmp_path / "warm.csv"))  # tables built
    reads.update(window=0, parse=0)
    run_cli("check", str(sample), *flags, "-o", str(tmp_path / "plain.csv"))
    plain = dict(reads)
    reads.update(window=0, parse=0)
    code, _, err = run_cli(
        "check", str(sample), *flags, "-o", str(tmp_path / "all.csv"),
        "--letters", str(tmp_path / "letters"), "--report", str(tmp_path / "r.html"),
        "--ics", str(tmp_path / "h.ics"),
    )  # fmt: skip
    assert code == 1, err
    assert plain["window"] > 0 and reads == plain
    assert len(list((tmp_path / "letters").glob("letter-*.txt"))) >= 3


def test_every_note_has_its_words_on_the_command_line_and_in_each_language_of_the_page() -> None:
    from holdcalc.cli.check_hooks import _NOTE_WORDS
    from holdcalc.web.words import LANGS, TEXT

    assert set(_NOTE_WORDS) == set(NoteKind)
    keys = {{NoteKind.TIMES_BESIDE: "paired_time"}.get(kind, kind.value) for kind in NoteKind}
    for lang in LANGS:
        assert keys <= set(TEXT[lang]), lang


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_a_row_past_its_limit_by_over_a_year_is_warned_of_and_counted(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    monkeypatch.setenv("HOLDCALC_ENGINE", engine)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "eligible_at,released_at\n"
        "1970-01-01 09:00,2024-12-03 09:00\n"  # a placeholder start, released late
        "2023-11-27 16:30,2024-12-03 09:00\n"  # a year and a week
        "2024-11-27 16:30,2024-12-03 09:00\n"  # four days: no warning
        "1999-11-27 16:30,\n",  # still held since 1999: stale, in no total, no warning
        encoding="utf-8",
    )
    result = run_roster(_request(roster, tmp_path / "out.csv"))
    (note,) = result.notes
    assert note.kind is NoteKind.LONG_OVERRUN and note.warning
    assert note.facts["count"] == 2 and round(note.facts["days"]) == 20_055
    assert result.figures.long_overruns == 2
    assert result.figures.as_json()["past_limit_over_a_year"] == 2


def test_the_warning_of_a_long_overrun_on_stderr_alone(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("eligible_at,released_at\n2022-11-27 16:30,2024-12-03 09:00\n")
    code, out, err = run_cli("check", str(roster), "--tz", "America/Chicago", "--as-of",
                             "2026-11-01T12:00Z", "--format", "csv")  # fmt: skip
    assert code == 1 and "more than a year" not in out
    assert (
        "holdcalc: warning: 1 row(s) are past the limit by more than a year (the most: 734 "
        "days); a hold that long is unlikely: check their start and departure values (a "
        "placeholder date such as 1970-01-01, a mistyped year)"
    ) in err


@pytest.mark.parametrize(("cells", "zone_given", "said"), [
    (("America/Denver", ""), False, True),
    (("America/Denver", ""), True, False),  # a blank cell takes the zone given: as documented
    (("America/Denver", "America/Denver"), False, False),
])  # fmt: skip
def test_blank_zone_cells_read_in_a_zone_no_one_gave_are_a_note(
    tmp_path: Path, cells: tuple[str, str], zone_given: bool, said: bool
) -> None:
    roster = tmp_path / "roster.csv"
    rows = "".join(f"2024-11-27 16:30,,{cell}\n" for cell in cells)
    roster.write_text("eligible_at,released_at,Zone\n" + rows, encoding="utf-8")
    result = run_roster(_request(roster, tmp_path / "out.csv", zone_given=zone_given))
    notes = notes_of(result, NoteKind.ZONE_BLANK)
    if said:
        assert [dict(note.facts) for note in notes] == [
            {"column": "Zone", "zone": "America/Chicago"}
        ]
    else:
        assert notes == []


# One row per charge, the hold a charge of its own (as a records office exports them):
# read as a table of holds, each charge's release is a hold's start.
PER_CHARGE = (
    "booking_id,charge,charge_release_dt,release_dt\n"
    "B1,THEFT 3,2024-03-01 09:00,2024-03-20 08:00\n"
    "B1,ASSAULT 4,2024-03-18 10:00,2024-03-20 08:00\n"
    "B1,HOLD IMMIGRAT,,2024-03-20 08:00\n"
    "B2,DUI,2024-04-01 09:00,2024-04-02 09:00\n"
    "B3,DUI,2024-05-01 09:00,2024-05-02 09:00\n"
    "B3,HOLD IMMIGRAT,,2024-05-02 09:00\n"
)
SHARED = {"column": "booking_id", "first": "B1", "rows": 3, "bookings": 2}


def test_a_per_charge_export_read_as_holds_is_warned_of(tmp_path: Path) -> None:
    roster = tmp_path / "charges.csv"
    roster.write_text(PER_CHARGE, encoding="utf-8")
    result = run_roster(_request(roster, tmp_path / "out.csv"))
    (note,) = notes_of(result, NoteKind.SHARED_BOOKINGS)
    assert note.warning and dict(note.facts) == SHARED
    assert result.figures.as_json()["shared_bookings"] == SHARED
    assert result.outcome.summary.rows == 6  # every row judged, as asked


@pytest.mark.parametrize("text", [
    # a table of holds: one row a hold, a booking's id once
    "booking_id,eligible_at,released_at\nB1,2024-03-01 09:00,\nB2,2024-03-01 09:00,\n",
    # the same booking twice in a row with the same start: a duplicate, not charges
    "booking_id,eligible_at,released_at\nB1,2024-03-01 09:00,\nB1,2024-03-01 09:00,\n",
    # blank ids, whatever their starts
    "booking_id,eligible_at,released_at\nB1,2024-03-01 09:00,\nB2,2024-03-02 09:00,\n"
    ",2024-03-04 09:00,\n,2024-03-05 09:00,\n",
    # a booking met again past the rows looked at
    "booking_id,eligible_at,released_at\nB1,2024-03-01 09:00,\n"
    + "".join(f"C{n},2024-03-01 09:00,\n" for n in range(PEEK - 1))
    + "B1,2024-03-09 09:00,\n",
    # no booking column
    "eligible_at,released_at\n2024-03-01 09:00,\n2024-03-02 09:00,\n",
])  # fmt: skip
def test_a_table_of_holds_is_not_taken_for_a_per_charge_export(tmp_path: Path, text: str) -> None:
    roster = tmp_path / "holds.csv"
    roster.write_text(text, encoding="utf-8")
    result = run_roster(_request(roster, tmp_path / "out.csv"))
    assert NoteKind.SHARED_BOOKINGS not in {note.kind for note in result.notes}
    assert "shared_bookings" not in result.figures.as_json()


def test_a_per_charge_export_sorted_by_date_is_warned_of_too(tmp_path: Path) -> None:
    """The charges of a booking apart (a file sorted by some other column than the
    booking): the booking still has rows with different starts among the first rows."""
    header, *rows = PER_CHARGE.splitlines(keepends=True)
    apart = [rows[i] for i in (0, 3, 1, 4, 2, 5)]
    assert [row[:2] for row in apart] == ["B1", "B2", "B1", "B3", "B1", "B3"]
    roster = tmp_path / "charges.csv"
    roster.write_text(header + "".join(apart), encoding="utf-8")
    result = run_roster(_request(roster, tmp_path / "out.csv"))
    (note,) = notes_of(result, NoteKind.SHARED_BOOKINGS)
    assert dict(note.facts) == SHARED


def test_a_start_time_column_tells_a_booking_s_rows_apart(tmp_path: Path) -> None:
    """Split date and time columns: the same date at two times is two starts."""
    roster = tmp_path / "split.csv"
    roster.write_text(
        "booking_no,eligible_date,eligible_time,released_at\n"
        "7,2024-03-01,09:00,\n7,2024-03-01,17:00,\n",
        encoding="utf-8",
    )
    columns = ColumnNames(start="eligible_date", start_time="eligible_time")
    result = run_roster(_request(roster, tmp_path / "out.csv", columns=columns))
    (note,) = notes_of(result, NoteKind.SHARED_BOOKINGS)
    assert note.facts["column"] == "booking_no" and note.facts["rows"] == 2


def test_the_per_charge_warning_on_stderr_and_in_the_report(tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    pytest.importorskip("matplotlib")
    roster, page = tmp_path / "charges.csv", tmp_path / "report.html"
    roster.write_text(PER_CHARGE, encoding="utf-8")
    flags = ["--tz", "America/Chicago", "--as-of", "2026-11-01T12:00Z", "--format", "csv"]
    code, out, err = run_cli("check", str(roster), *flags, "--report", str(page))
    assert code == 1 and "per-charge" not in out and len(out.splitlines()) == 7
    assert (
        "holdcalc: warning: booking_id 'B1' has 3 rows with different "
        "starts (2 such booking(s) in the first rows), as a per-charge export has: each row "
        "was judged as a hold of its own; to judge each booking by its hold row, run again "
        "with --group-by 'booking_id'\n"
    ) in err
    html = page.read_text(encoding="utf-8")
    assert '<p class="note" id="shared-bookings"><strong>Check before citing:</strong> ' in html
    assert "booking_id \u201cB1\u201d has 3 rows with different starts" in html
    grouped = ["--group-by", "booking_id", "--start-col", "charge_release_dt"]
    code, _, err = run_cli("check", str(roster), *flags, *grouped)
    assert "per-charge export" not in err, err


@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_the_commonest_reasons_rows_failed_are_said_under_the_summary(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine == "columnar":
        pytest.importorskip("pyarrow")
    monkeypatch.setenv("HOLDCALC_ENGINE", engine)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "eligible_at,released_at,tz\n"
        "2024-11-27 16:30,2024-12-03 09:00,America/Chicago\n"  # judged over columns
        "2024-11-27 16:30,,Mars/Olympus\n"
        "yesterday,,America/Chicago\n"
        "2024-11-27 16:30,,Moon\n"
        "2024-11-27 16:30,2024-11-26 09:00,America/Chicago\n",
        encoding="utf-8",
    )
    flags = ["--as-of", "2026-11-01T12:00Z", "--format", "csv", "--summary-json", "-"]
    code, out, err = run_cli("check", str(roster), *flags, "-o", str(tmp_path / "out.csv"))
    assert code == 1 and "error rows" not in out
    assert err.endswith(
        "error rows (2) like row 2: column tz: unknown time zone 'Mars/Olympus'; give an IANA name "
        "such as America/Chicago\n"
        "error rows (1) like row 3: column eligible_at: 'yesterday' is not a date and time with a "
        "year; use ISO 8601 ('2024-11-27 16:30', '2024-11-27T16:30-06:00') or '11/27/2024 "
        "4:30 PM', or give its format with --date-format\n"
        "error rows (1) like row 5: column released_at: '2024-11-26 09:00' is before the hold "
        "started ('2024-11-27 16:30'); check both values\n"
        f"wrote {tmp_path / 'out.csv'}\n"
    )
    reasons = json.loads(out)["error_reasons"]
    assert [(reason["rows"], reason["first_row"]) for reason in reasons] == [(2, 2), (1, 3), (1, 5)]


@pytest.mark.parametrize(
    "name", ["BookingNumber", "BOOKING_NBR", "bookingid", "Book No", "Booking #"]
)
def test_a_booking_column_is_found_by_the_names_exports_give_it(tmp_path: Path, name: str) -> None:
    roster = tmp_path / "charges.csv"
    roster.write_text(PER_CHARGE.replace("booking_id", name, 1), encoding="utf-8")
    result = run_roster(_request(roster, tmp_path / "out.csv"))
    (note,) = notes_of(result, NoteKind.SHARED_BOOKINGS)
    assert note.facts["column"] == name


@pytest.mark.parametrize("report", [False, True])
def test_stale_rows_gathered_by_either_engine_in_one_process_or_two(
    tmp_path: Path, report: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The places of the stale rows (a page that shows rows marks them) from blocks
    judged over arrays or row by row, in one process or two, merged in order: the
    same places, and the same checked rows."""
    roster = tmp_path / "roster.csv"
    lines = ["booking_id,eligible_at,released_at,tz"]
    for number in range(30_000):
        start = dt.datetime(2020, 1, 1, 8) + dt.timedelta(minutes=97 * number)
        left = "" if number % 7 else f"{start + dt.timedelta(hours=60):%Y-%m-%d %H:%M}"
        zone = ("America/Chicago", "America/Denver", "")[number % 3]
        lines.append(f"B{number},{start:%Y-%m-%d %H:%M},{left},{zone}")
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = []
    for engine in ("row", "columnar"):
        monkeypatch.setenv("HOLDCALC_ENGINE", engine)
        for workers in (1, 2):
            out = tmp_path / f"{engine}-{workers}.csv"
            request = _request(roster, out, workers=workers,
                               gathering=Gathering(stale=True, report=report))  # fmt: skip
            result = run_roster(request)
            found.append((result.gathered.stale, out.read_bytes()))
    stale, checked = found[0]
    # Every hold still open at the as-of time began over 30 days before it: stale, but
    # for the few that start in a clock change's gap (errors).
    assert 25_600 < len(stale) < 25_715
    assert stale <= {number + 1 for number in range(30_000) if number % 7}
    assert all(one == (stale, checked) for one in found[1:])
