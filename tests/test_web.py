"""The web page with Flask's test client: every form, bad input, CSRF, escaping, and
that no temporary file outlives a request. Answers are compared with the commands'."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import tempfile
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

flask = pytest.importorskip("flask")

from holdcalc.web.app import WebSettings, create_app  # noqa: E402

NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
SAMPLE = Path(__file__).parent.parent / "examples" / "sample-roster.csv"


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every temporary file of a request goes here, so a test can see none is left."""
    root = tmp_path / "temp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def client(temp_root: Path) -> Iterator[Any]:
    app = create_app(WebSettings(max_upload_mb=50, clock=lambda: NOW))
    app.testing = True
    with app.test_client() as test_client:
        yield test_client


def token(client: Any, path: str = "/") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def post_case(client: Any, **fields: str) -> tuple[int, str]:
    data = {"csrf_token": token(client), "tz": "America/Chicago", **fields}
    response = client.post("/expire", data=data)
    return response.status_code, response.get_data(as_text=True)


def element(html: str, ident: str) -> str:
    found = re.search(rf'<(\w+)[^>]*\bid="{ident}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, ident
    return unescape(re.sub(r"<[^>]+>", "", found.group(2))).strip()


def attribute(html: str, ident: str, name: str) -> str:
    found = re.search(rf'<[^>]*\bid="{ident}"[^>]*>', html)
    assert found, ident
    value = re.search(rf'\b{name}="([^"]*)"', found.group(0))
    assert value, (ident, name)
    return unescape(value.group(1))


def download(html: str, key: str) -> bytes:
    href = attribute(html, f"download-{key}", "href")
    assert href.startswith("data:")
    return base64.b64decode(href.split(",", 1)[1])


def cli_json(*args: str) -> dict[str, Any]:
    _, out, _ = run_cli("expire", *args, "--format", "json")
    record: dict[str, Any] = json.loads(out)
    return record


# --- one case -------------------------------------------------------------------------

CASES = [
    ("2024-11-27 16:30", "America/Chicago", {"released": "12/03/2024 9:00 AM"}),
    ("2024-11-01 23:30", "America/New_York", {"released": "2024-11-06 08:00"}),  # clocks fall back
    ("2025-03-07 22:00", "America/Los_Angeles", {"still_held": "on", "as_of": "2025-03-12 09:00"}),
    ("2024-12-24 12:00", "Pacific/Honolulu", {"still_held": "on"}),  # as of the page's clock
]


@pytest.mark.parametrize(("start", "zone", "departure"), CASES)
def test_the_expiry_and_status_are_the_commands(
    client: Any, start: str, zone: str, departure: dict[str, str]
) -> None:
    code, html = post_case(client, start=start, tz=zone, **departure)
    assert code == 200
    args = [start, "--tz", zone]
    if "released" in departure:
        args += ["--released", departure["released"]]
    else:
        args += ["--still-held", "--as-of", departure.get("as_of") or NOW.isoformat()]
    record = cli_json(*args)
    assert attribute(html, "expires-at", "datetime") == record["expires_at"]
    assert attribute(html, "status", "data-status") == record["status"]
    ledger = re.findall(r"<tr><th scope=\"row\"><time datetime=\"(\d{4}-\d\d-\d\d)\">", html)
    assert ledger == [day["date"] for day in record["ledger"]]
    data = re.search(r'<script type="application/json" id="record">(.*?)</script>', html, re.S)
    assert data and json.loads(data.group(1)) == record  # the whole record, for scripts


def test_the_binding_law_and_its_sources_are_shown(client: Any) -> None:
    code, html = post_case(
        client, start="2024-11-27 16:30", tz="America/New_York", released="2024-11-28 09:00",
        jurisdiction="NJ", serious="yes",
    )  # fmt: skip
    record = cli_json(
        "2024-11-27 16:30", "--tz", "America/New_York", "--released", "2024-11-28 09:00",
        "--jurisdiction", "NJ", "--meets-conditions",
    )  # fmt: skip
    assert code == 200
    assert attribute(html, "expires-at", "datetime") == record["expires_at"]
    assert attribute(html, "status", "data-status") == record["status"] == "over-detained"
    binding = element(html, "binding")
    assert record["policy"]["name"] in binding and record["policy"]["evidence"] in binding
    assert all(source in unescape(html) for source in record["policy"]["sources"])


def test_an_answer_without_a_place_says_no_state_or_local_law_was_judged(client: Any) -> None:
    fields = {"start": "2024-11-27 16:30", "released": "2024-12-03 09:00"}
    _, plain = post_case(client, **fields)
    said = element(plain, "law-not-judged")
    assert said.startswith("Not judged: this answer is the regulation's alone.")
    assert 'id="binding"' not in plain
    _, judged = post_case(client, **fields, jurisdiction="IL")
    assert 'id="law-not-judged"' not in judged and 'id="binding"' in judged


def test_letters_and_calendar_file_are_the_commands(client: Any) -> None:
    fields = {"start": "2024-11-27 16:30", "released": "2024-12-03 09:00"}
    code, html = post_case(client, **fields, name="Maria Garcia", facility="Cook County Jail")
    assert code == 200
    _, letter, _ = run_cli(
        "letter", "2024-11-27 16:30", "--tz", "America/Chicago", "--released",
        "2024-12-03 09:00", "--name", "Maria Garcia", "--facility", "Cook County Jail",
        "--date", "2026-11-01",
    )  # fmt: skip
    assert download(html, "demand").decode("utf-8").rstrip("\n") == letter.rstrip("\n")
    spanish = download(html, "grievance_es").decode("utf-8")
    assert "Maria Garcia" in spanish and "retención" in spanish.lower()
    icalendar = pytest.importorskip("icalendar")
    (event,) = icalendar.Calendar.from_ical(download(html, "ics")).walk("VEVENT")
    assert event.decoded("dtstart") == dt.datetime.fromisoformat(
        attribute(html, "expires-at", "datetime")
    )


def test_no_letter_while_the_hold_runs_and_the_page_says_why(client: Any) -> None:
    code, html = post_case(
        client, start="2026-10-31 10:00", still_held="on", name="Ana", facility="Jail"
    )
    assert code == 200 and attribute(html, "status", "data-status") == "active"
    assert "download-demand" not in html and "download-ics" in html
    assert "has not expired" in element(html, "letter-note")


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"start": ""}, "start", "give the time criminal custody ended"),
        ({"start": "2024-11-27 16:30", "tz": ""}, "tz", "no time zone"),
        (
            {"start": "2024-11-27 16:30", "released": "x", "still_held": "on"},
            "released",
            "not both",
        ),
        ({"start": "2024-11-27 16:30", "rule": "nope"}, "rule", "not one of"),
    ],
)
def test_a_missing_or_contradictory_field_is_named(
    client: Any, fields: dict[str, str], field: str, words: str
) -> None:
    code, html = post_case(client, **fields)
    assert code == 400
    assert words in element(html, "error")
    assert attribute(html, field, "aria-invalid") == "true"
    assert 'id="expires-at"' not in html


def test_a_bad_zone_gets_the_engines_message(client: Any) -> None:
    code, html = post_case(client, start="2024-11-27 16:30", tz="America/Chicgo")
    _, _, err = run_cli("expire", "2024-11-27 16:30", "--tz", "America/Chicgo")
    assert code == 400
    assert element(html, "error").removeprefix("Could not do that:").strip() in err


def test_a_date_alone_is_refused_as_the_command_refuses_it(client: Any) -> None:
    code, html = post_case(client, start="2024-11-27")
    assert code == 400 and "has no time of day" in element(html, "error")


def test_a_form_without_its_token_is_refused(client: Any) -> None:
    client.get("/")
    for sent in ({}, {"csrf_token": "forged"}):
        response = client.post("/expire", data={**sent, "start": "2024-11-27 16:30"})
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "form has expired" in element(html, "error") and 'id="expires-at"' not in html


def test_a_script_in_a_name_is_only_text(client: Any) -> None:
    script = "<script>alert(1)</script>"
    code, html = post_case(
        client, start="2024-11-27 16:30", released="2024-12-03 09:00", name=script,
        facility="{{7*7}}", booking=script,
    )  # fmt: skip
    assert code == 200
    assert script not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert attribute(html, "name", "value") == script
    assert attribute(html, "download-demand", "download").startswith("demand-en-_script_alert")
    assert script in download(html, "demand").decode("utf-8")  # the letter is plain text


def test_spanish_page(client: Any) -> None:
    html = client.get("/?lang=es").get_data(as_text=True)
    assert '<html lang="es">' in html and "Cuándo terminó la custodia penal" in html
    roster = client.get("/roster?lang=es").get_data(as_text=True)
    assert "Revisar la lista" in roster


def test_every_field_has_a_label(client: Any) -> None:
    for path in ("/", "/roster"):
        html = client.get(path).get_data(as_text=True)
        ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html)
        assert ids
        for ident in ids:
            assert f'for="{ident}"' in html or re.search(
                rf'<label class="box"><input[^>]*id="{ident}"', html
            ), ident


def test_safe_headers_and_no_network_assets(client: Any) -> None:
    response = client.get("/")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script" not in html  # it works without JavaScript


def test_an_unknown_page_is_404_with_the_disclaimer(client: Any) -> None:
    response = client.get("/nope")
    assert response.status_code == 404 and "not legal advice" in response.get_data(as_text=True)


# --- a roster -------------------------------------------------------------------------


def post_roster(
    client: Any, content: bytes, name: str = "roster.csv", **fields: str
) -> tuple[int, str]:
    data: dict[str, Any] = {
        "csrf_token": token(client, "/roster"),
        "as_of": "2026-11-01T12:00Z",
        **fields,
        "roster": (io.BytesIO(content), name),
    }
    response = client.post("/check", data=data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def test_the_checked_file_is_the_commands(client: Any, temp_root: Path) -> None:
    code, html = post_roster(client, SAMPLE.read_bytes(), "sample-roster.csv")
    assert code == 200
    _, out, _ = run_cli("check", str(SAMPLE), "--as-of", "2026-11-01T12:00Z", "--format", "csv")
    assert download(html, "csv").decode("utf-8") == out
    assert element(html, "rows") == "14"
    assert element(html, "group-released_late") == str(out.count(",over-detained,"))
    # Each row is counted in one card: the statuses, with over-detained and expired rows
    # shown by their groups apart (released late, still held, no departure recorded).
    cards = re.findall(r'<dd id="(?:count|group)-[^"]+">([\d,]+)</dd>', html)
    assert "count-over-detained" not in html and "count-expired" not in html
    assert sum(int(card.replace(",", "")) for card in cards) == 14
    assert attribute(html, "download-csv", "download") == "sample-roster-checked.csv"
    flagged = element(html, "rows-flagged")
    assert "S-1002" in flagged and "S-1001" not in flagged  # flagged rows first, apart
    assert "is not a real date" in element(html, "rows-errors")  # errors with their reasons
    assert list(temp_root.iterdir()) == []  # nothing of the upload is left


def test_the_kinds_of_excess_are_shown_apart(client: Any) -> None:
    roster = (
        b"booking_id,eligible_at,released_at\n"
        b"OLD,2026-06-01 08:00,\n"  # stale: its hold began five months before the as-of time
        b"NOW,2026-10-26 08:00,\n"  # still held: limit Wed 28 Oct 08:00, 100 hours before
        b"LATE,2026-10-05 08:00,2026-10-08 08:00\n"  # limit Wed 7 Oct 08:00: 24 hours late
    )
    code, html = post_roster(client, roster, tz="America/Chicago", bed_cost="100")
    assert code == 200
    assert element(html, "group-released_late") == "1"
    assert element(html, "group-still_held_past_limit") == "1"
    assert element(html, "group-stale_no_departure") == "1"
    assert "1.0 days past it (24.0 h), $100" in html
    flagged = element(html, "rows-flagged")  # the stale row said so, row by row too
    assert "no departure recorded, probably released" in flagged
    assert flagged.count("still held past the limit") == 1  # NOW only
    code, html = post_roster(client, roster, tz="America/Chicago", lang="es")
    assert "Sin salida registrada, probablemente liberadas" in html
    assert "1.0 días después del límite (24.0 h)" in html


def test_the_report_letters_and_workbook_come_back(client: Any) -> None:
    code, html = post_roster(client, SAMPLE.read_bytes(), report_title="County <b>watch</b>")
    assert code == 200
    report = download(html, "report").decode("utf-8")
    assert "County &lt;b&gt;watch&lt;/b&gt;" in report and "Maria Garcia" not in report
    import zipfile

    with zipfile.ZipFile(io.BytesIO(download(html, "letters"))) as archive:
        names = archive.namelist()
    assert "index.csv" in names and "letter-S-1002.txt" in names
    assert download(html, "xlsx").startswith(b"PK")


def test_a_large_roster_is_checked_in_the_servers_own_process(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The server answers in threads; a worker pool forked from it could copy a held lock.
    from holdcalc.roster import parallel, stream

    def no_pool(*_: object) -> None:
        raise AssertionError("the page made a worker pool")

    monkeypatch.setattr(parallel, "_pool", no_pool)
    body = "".join(f"B{n},2024-11-{1 + n % 28:02d} 16:30,,America/Chicago\n" for n in range(20_000))
    content = ("booking_id,eligible_at,released_at,tz\n" + body).encode()
    assert len(content) > stream.BLOCK  # a run from the command would use workers
    code, html = post_roster(client, content)
    assert code == 200 and element(html, "rows") == "20,000"


def test_a_day_first_roster_read_month_first_is_pointed_out(client: Any) -> None:
    content = (
        b"booking_id,eligible_at,released_at,tz\n"
        b"A,27/11/2024 16:30,,Europe/Madrid\n"
        b"B,05/11/2024 16:30,,Europe/Madrid\n"
    )
    code, html = post_roster(client, content)
    assert code == 200
    assert "Rows with a date that reads only day first (such as 27/11/2024): 1." in html
    assert "Day before month" in html
    code, html = post_roster(client, content, dayfirst="on")
    assert code == 200 and "reads only day first" not in html


def test_words_for_no_value_are_read_as_blank_when_named_on_the_page(client: Any) -> None:
    content = (
        b"booking_id,eligible_at,released_at,tz\n"
        b"A,2024-11-27 16:30,NULL,America/Chicago\n"
        b"B,2024-11-27 16:30,n/a,America/Chicago\n"
    )
    code, html = post_roster(client, content)
    errors = element(html, "rows-errors")
    assert code == 200 and "'NULL' is a word for no value" in errors
    assert 'read as blank with the "Words for no value" field NULL' in errors
    code, html = post_roster(client, content, null_values="NULL, N/A")
    args = ("check", "-", "--as-of", "2026-11-01T12:00Z", "--format", "csv")
    _, out, _ = run_cli(*args, "--null-value", "NULL", "--null-value", "N/A", stdin=content)
    assert code == 200 and download(html, "csv").decode("utf-8") == out
    assert out.count(",expired,") == 2


def test_the_page_says_which_time_columns_it_read(client: Any) -> None:
    code, html = post_roster(
        client,
        b"booking_id,eligible_at,release_date,release_time,tz\n"
        b"A,2024-11-27 16:30,12/03/2024,9:00 AM,America/Chicago\n",
    )
    assert code == 200
    assert "The times of \u201crelease_date\u201d were read from \u201crelease_time\u201d" in html
    assert element(html, "group-released_late") == "1"


def test_the_page_says_which_sheet_it_read(client: Any, tmp_path: Path) -> None:
    pytest.importorskip("xlsxwriter")
    from tests.test_workbooks import _two_sheets

    path = _two_sheets(tmp_path / "book.xlsx")
    code, html = post_roster(client, path.read_bytes(), "book.xlsx")
    assert code == 200
    assert "Read the sheet \u201cCurrent\u201d (2 of 2)." in html


def test_text_uploaded_under_an_excel_name_is_read_and_said(client: Any) -> None:
    code, html = post_roster(client, SAMPLE.read_bytes(), "roster.xls")
    assert code == 200
    assert element(html, "rows") == "14"
    assert "The file is named as an Excel workbook but holds text; it was read as text" in html


def test_a_zip_of_one_roster_uploaded_is_read_and_said(client: Any) -> None:
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("holds.csv", SAMPLE.read_bytes())
    code, html = post_roster(client, data.getvalue(), "records.zip")
    assert code == 200
    assert element(html, "rows") == "14"
    assert "Read \u201cholds.csv\u201d, the one file in the zip archive." in html


def test_a_web_page_uploaded_is_read_for_its_table_and_said(client: Any) -> None:
    from tests.test_odd_input import _PAGE

    code, html = post_roster(client, _PAGE.encode("utf-8"), "roster.xls")
    assert code == 200
    assert element(html, "rows") == "2"
    assert "The file is a web page: its largest table was read (4 rows" in html


@pytest.mark.parametrize("name", ["bookings.json", "bookings.jsonl", "bookings"])
def test_json_records_uploaded_are_read_and_said(client: Any, name: str) -> None:
    records = [
        {"booking_id": "A", "eligible_at": "2024-11-27 16:30", "tz": "America/Chicago"},
        {"booking_id": "B", "eligible_at": "2024-11-27 16:30", "released_at": None},
    ]
    text = "\n".join(json.dumps(record) for record in records)
    code, html = post_roster(client, text.encode("utf-8"), name)
    assert code == 200
    assert element(html, "rows") == "2"
    assert "The file holds JSON: its 2 records were read as rows, their keys as columns." in html


def test_departures_still_to_come_are_pointed_out(client: Any) -> None:
    code, html = post_roster(
        client,
        b"booking_id,eligible_at,released_at,tz\n"
        b"A,2024-11-27 16:30,2062-12-03 09:00,America/Chicago\n"
        b"B,2024-11-27 16:30,2024-12-03 09:00,America/Chicago\n",
    )
    assert code == 200
    assert "Rows whose departure comes after the as-of time, that is, is still to come: 1." in html


def test_an_excel_roster_is_read(client: Any, tmp_path: Path) -> None:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    rows = [["booking_id", "eligible_at", "released_at", "tz"],
            ["X1", "2024-11-27 16:30", "2024-12-03 09:00", "America/Chicago"]]  # fmt: skip
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    book.close()
    code, html = post_roster(client, path.read_bytes(), "roster.xlsx")
    assert code == 200 and "released after the limit" in element(html, "rows-flagged")


def test_a_file_over_the_limit_gets_a_clear_message(client: Any, temp_root: Path) -> None:
    code, html = post_roster(client, b"x" * (60 * 1024 * 1024), "big.csv")
    assert code == 413
    assert "larger than the 50 MB limit" in element(html, "error")
    assert list(temp_root.iterdir()) == []


def test_a_file_that_is_not_a_roster_gets_the_commands_reason(
    client: Any, temp_root: Path, tmp_path: Path
) -> None:
    notes = b"Minutes of the meeting\nNothing to report\n"
    code, html = post_roster(client, notes, "notes.txt")
    path = tmp_path / "notes.txt"
    path.write_bytes(notes)
    _, _, err = run_cli("check", str(path), "--tz", "UTC")
    assert code == 400
    shown = element(html, "error").removeprefix("Could not do that:").strip()
    assert shown.split(";")[0].replace(str(path), "notes.txt") in err.replace(
        str(path), "notes.txt"
    )
    assert str(temp_root) not in html and list(temp_root.iterdir()) == []


def test_a_picture_is_refused_in_one_line(client: Any, temp_root: Path) -> None:
    code, html = post_roster(client, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "photo.png")
    assert code == 400 and element(html, "error").count("\n") == 0
    assert "'photo.png' is a PNG image, not a table of rows" in element(html, "error")
    assert list(temp_root.iterdir()) == []


def test_a_pdf_from_a_records_request_is_named_as_one(client: Any, temp_root: Path) -> None:
    code, html = post_roster(client, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" * 20, "records.pdf")
    error = element(html, "error")
    assert code == 400 and "'records.pdf' is a PDF document, not a table of rows" in error
    assert "save that as CSV" in error and "encoding" not in error
    assert str(temp_root) not in html and list(temp_root.iterdir()) == []


def test_no_file_is_named_in_the_error(client: Any) -> None:
    data = {"csrf_token": token(client, "/roster")}
    response = client.post("/check", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "choose a CSV or Excel file" in element(html, "error")


def test_a_roster_form_without_its_token_is_refused(client: Any, temp_root: Path) -> None:
    client.get("/roster")
    data = {"roster": (io.BytesIO(SAMPLE.read_bytes()), "r.csv")}
    response = client.post("/check", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and "download-csv" not in response.get_data(as_text=True)
    assert list(temp_root.iterdir()) == []


def test_roster_text_is_escaped_in_the_rows(client: Any) -> None:
    roster = (
        "booking_id,name,eligible_at,released_at,tz\n"
        'B1,"<script>alert(1)</script>",2024-11-27 16:30,2024-12-03 09:00,America/Chicago\n'
    )
    code, html = post_roster(client, roster.encode())
    assert code == 200 and "<script>" not in html
    assert "<script>alert(1)</script>" in element(html, "rows-flagged")


def test_too_many_letters_for_a_page_makes_none_and_says_so(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("holdcalc.web.roster.LETTER_LIMIT", 2)
    lines = ["booking_id,eligible_at,released_at,tz"]
    lines += [f"B{n},2024-11-2{n} 10:00,2024-12-20 09:00,America/Chicago" for n in range(1, 4)]
    code, html = post_roster(client, ("\n".join(lines) + "\n").encode())
    assert code == 200
    assert "download-letters" not in html and "download-csv" in html
    assert "3 rows were held past the limit" in unescape(html)


def test_the_answer_speaks_in_plain_words(client: Any) -> None:
    data = {"csrf_token": token(client), "tz": "America/Chicago",
            "start": "2024-11-27 16:30", "released": "2024-12-03 09:00"}  # fmt: skip
    html = client.post("/expire", data=data).get_data(as_text=True)
    assert element(html, "expires-at") == "Mon 2 Dec 2024, 4:30 PM CST"
    assert element(html, "status") == "released after the limit"
    answer = element(html, "answer")
    assert "over-detained" not in answer and "T16:30" not in answer  # no slug, no ISO time
    readings = re.findall(r'<ul id="readings">(.*?)</ul>', html, re.S)
    assert all("Mon 2 Dec 2024, 4:30 PM" not in found for found in readings)  # no repeat


def test_roster_rows_lead_with_booking_status_and_hours_in_words(client: Any) -> None:
    code, html = post_roster(client, SAMPLE.read_bytes(), tz="America/Chicago", lang="es")
    assert code == 200
    flagged = element(html, "rows-flagged")
    heads = re.findall(r"<th[^>]*>(.*?)</th>", html[html.index('id="rows-flagged"') :])[:5]
    assert heads[1:5] == ["booking_id", "name", "Estado", "Horas después del límite"]
    for slug in ("over-detained", "possibly-over-detained", "expired"):
        assert f">{slug}<" not in flagged  # words, never the slug
    assert "liberada después del límite" in flagged
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", flagged)  # no ISO limit


def test_no_zone_is_chosen_for_the_user(client: Any) -> None:
    for path in ("/", "/roster"):
        html = client.get(path).get_data(as_text=True)
        select = html[
            html.index('<select id="tz"') : html.index("</select>", html.index('id="tz"'))
        ]
        assert re.findall(r'<option value="([^"]*)" selected', select) == [""]
        assert "Chicago, Houston" in select  # common US zones first, by their cities


def test_the_spanish_answer_is_in_spanish(client: Any) -> None:
    data = {"csrf_token": token(client), "tz": "America/Chicago", "lang": "es",
            "start": "2024-11-27 16:30", "released": "2024-12-03 09:00"}  # fmt: skip
    html = client.post("/expire", data=data).get_data(as_text=True)
    assert element(html, "expires-at") == "lun 2 dic 2024, 4:30 p. m. CST"
    assert "48 horas sin contar sábados, domingos ni días feriados" in html
    assert "no se cuenta: sábado" in unescape(html) and "medianoche" in html
    assert attribute(html, "status", "data-status") == "over-detained"  # for scripts
    assert element(html, "status") == "liberada después del límite"  # for people


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"header_row": "0"}, "header_row"), ({"bed_cost": "nan"}, "bed_cost"),
     ({"bed_cost": "-5"}, "bed_cost"), ({"date_format": "dd-mm-yy"}, "date_format")],
)  # fmt: skip
def test_a_bad_roster_option_is_named(
    client: Any, temp_root: Path, fields: dict[str, str], field: str
) -> None:
    code, html = post_roster(client, SAMPLE.read_bytes(), **fields)
    assert code == 400 and attribute(html, field, "aria-invalid") == "true"
    assert field.replace("_", " ") in element(html, "error") or field in element(html, "error")
    assert list(temp_root.iterdir()) == []


def test_serve_without_the_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "waitress", None)
    code, out, err = run_cli("serve", "--port", "0")
    assert code == 3 and out == ""
    assert (
        err.strip()
        == "holdcalc: error: the web page needs the web extra: pip install 'holdcalc[web]'"
    )


def test_a_refused_roster_stays_chosen(client: Any, temp_root: Path) -> None:
    code, html = post_roster(client, SAMPLE.read_bytes(), "sample-roster.csv", header_row="0")
    assert code == 400 and re.search(r'id="header_row"[^>]* autofocus[ >]', html)  # focused
    assert "sample-roster.csv" in element(html, "kept")
    assert re.search(r"<details open>", html)  # the options panel, open at the field
    kept: dict[str, str] = {}
    for name in ("kept_name", "kept_data"):
        found = re.search(rf'name="{name}" value="([^"]*)"', html)
        assert found
        kept[name] = found.group(1)
    data = {"csrf_token": token(client, "/roster"), "as_of": "2026-11-01T12:00Z", **kept}
    response = client.post("/check", data=data, content_type="multipart/form-data")
    assert response.status_code == 200  # no file chosen again: the kept one is checked
    _, out, _ = run_cli("check", str(SAMPLE), "--as-of", "2026-11-01T12:00Z", "--format", "csv")
    assert download(response.get_data(as_text=True), "csv").decode("utf-8") == out
    assert list(temp_root.iterdir()) == []


def _garbled_gzip(data: bytes) -> bytes:
    """A gzip stream overwritten in its middle, so it no longer decompresses (zlib.error,
    not a bad checksum)."""
    import gzip

    packed = bytearray(gzip.compress(data, mtime=0))
    middle = len(packed) // 2
    packed[middle : middle + 32] = b"\xff" * 32
    return bytes(packed)


@pytest.mark.parametrize("kept", ["%%%", "garbled"])
def test_a_damaged_kept_roster_is_named(client: Any, kept: str) -> None:
    """Not base64, or a gzip stream that does not decompress (the page's hidden field,
    changed on its way back)."""
    if kept == "garbled":
        kept = base64.b64encode(_garbled_gzip(SAMPLE.read_bytes())).decode("ascii")
    data = {"csrf_token": token(client, "/roster"), "kept_name": "r.csv", "kept_data": kept}
    response = client.post("/check", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "choose it again" in element(html, "error")
    assert attribute(html, "roster", "aria-invalid") == "true"


def test_a_garbled_gzip_upload_is_named_not_a_server_error(client: Any, temp_root: Path) -> None:
    code, html = post_roster(client, _garbled_gzip(SAMPLE.read_bytes()), "roster.csv.gz")
    assert code == 400
    assert "gzip data is damaged or cut short" in element(html, "error")
    assert list(temp_root.iterdir()) == []


def test_the_page_gives_no_command_line_hints() -> None:
    from holdcalc.web.words import TEXT

    for words in TEXT.values():
        for key, text in words.items():
            assert "holdcalc check" not in text and " --" not in text, key
            assert "command line" not in text and "línea de comandos" not in text, key


def test_a_refused_roster_is_kept_only_while_its_base64_fits() -> None:
    """Kept when gzip and base64 make it KEEP_BYTES or fewer characters, exactly as a
    whole gzip of it would say; given up early past that."""
    import base64
    import gzip
    import random

    from holdcalc.web.pages import KEEP_BYTES, Upload

    noise = random.Random(3).randbytes(KEEP_BYTES)  # does not compress
    for size in (1000, 3 * KEEP_BYTES // 4 - 5000, 3 * KEEP_BYTES // 4 - 100, KEEP_BYTES):
        data = noise[:size]
        fits = len(base64.b64encode(gzip.compress(data, mtime=0))) <= KEEP_BYTES
        kept = Upload("r.csv", data).kept()
        assert (kept is not None) == fits
        if kept is not None:
            assert Upload.from_kept({"kept_name": "r.csv", "kept_data": kept["data"]}).data == data
    assert Upload("", b"a,b\n").kept() is None
