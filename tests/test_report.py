"""The campaign report (`check --report`): its figures against a roster with known
answers and against the checked file, its privacy, and its escaping of roster text."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import json
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli

pytest.importorskip("jinja2")
pytest.importorskip("matplotlib")

KNOWN = """\
booking_id,name,facility,eligible_at,released_at
B1,Ana Uno,Jail A,2024-11-27 16:30,2024-11-29 10:15
B2,Bo Dos,Jail A,2024-11-27 16:30,2024-12-03 18:30
B3,Cy Tres,Jail B,2024-12-06 12:00,2024-12-11 12:00
B4,Di Cuatro,Jail B,2024-12-20 09:00,
B5,Ed Cinco,Jail A,2024-12-02,2024-12-04
B6,Fay Seis,Jail B,not a date,2024-12-04
"""
AS_OF = "2025-01-01T00:00Z"
NAMES = ("Ana Uno", "Bo Dos", "Cy Tres", "Di Cuatro", "Ed Cinco", "Fay Seis")


class Page(HTMLParser):
    """The text of each element with an id, and each table's rows of cell texts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.texts: dict[str, str] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self._open: list[tuple[str, str | None]] = []
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id")
        if tag in {"meta", "br", "link", "input"}:
            return
        self._open.append((tag, ident))
        if ident:
            self.texts[ident] = ""
        if tag == "table" and ident:
            self._table = ident
            self.tables[ident] = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table and not self._in_head:
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, _ = self._open.pop()
            if name == tag:
                break
        if tag == "thead":
            self._in_head = False
        elif tag in {"td", "th"} and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        for _, ident in self._open:
            if ident:
                self.texts[ident] += data
        if self._cell is not None:
            self._cell.append(data)

    def text(self, ident: str) -> str:
        return " ".join(self.texts[ident].split())


def report(
    tmp_path: Path, roster: str, *args: str, engine: str | None = None
) -> tuple[str, list[dict[str, str]], str]:
    """The report page, the checked rows (CSV) and stderr of one run (by the engine
    HOLDCALC_ENGINE names, if given)."""
    source = tmp_path / "roster.csv"
    source.write_text(roster, encoding="utf-8")
    page = tmp_path / "report.html"
    code, out, err = run_cli(
        "check", str(source), "--as-of", AS_OF, "--report", str(page), "--format", "csv", *args,
        env={"HOLDCALC_ENGINE": engine},
    )  # fmt: skip
    assert code in {0, 1, 3}, err
    rows = list(csv.DictReader(io.StringIO(out)))
    return page.read_text(encoding="utf-8"), rows, err


def test_every_headline_figure_of_a_roster_with_known_answers(tmp_path: Path) -> None:
    html, _, err = report(tmp_path, KNOWN, "--tz", "America/Chicago", "--bed-cost", "170")
    page = Page(html)
    assert err.count("\n") > 3  # the summary still goes to stderr
    figures = {key: page.text(f"fig-{key}") for key in (
        "holds", "over-detained", "late-days", "cost", "expired", "held-days",
        "possibly-over-detained", "stale", "rows", "errors",
    )}  # fmt: skip
    assert figures == {
        "holds": "5",  # every row but the one in error
        "over-detained": "2",
        "late-days": "2.1 days past it (50.0 h)",  # 26 + 24 hours
        "cost": "$354",  # 50 / 24 days at $170
        "expired": "1",
        "held-days": "7.4 days past it (177.0 h), $1,254",
        "possibly-over-detained": "1",
        "stale": "0",
        "rows": "6",
        "errors": "1",
    }
    assert page.text("headline-sentence") == (
        "From November to December 2024, 2 of 5 people held on ICE detainers were released "
        "after the legal limit: 2.1 days in all (50.0 hours), $354 at $170 a day. As of 31 "
        "December 2024, 18:00 CST, 1 more was still held past the limit, per the roster: "
        "7.4 days so far (177.0 hours)."
    )


def test_the_headline_sentence_in_spanish(tmp_path: Path) -> None:
    html, _, _ = report(
        tmp_path, KNOWN, "--tz", "America/Chicago", "--bed-cost", "170", "--lang", "es"
    )
    assert Page(html).text("headline-sentence") == (
        "De noviembre a diciembre de 2024, 2 de 5 personas retenidas por solicitudes de "
        "detención de ICE fueron liberadas después del límite legal: 2.1 días en total "
        "(50.0 horas), $354 a $170 por día. Al 31 de diciembre de 2024, 18:00 CST, 1 "
        "persona más seguía retenida después del límite, según el registro: 7.4 días "
        "hasta entonces (177.0 horas)."
    )
    assert '<p id="headline-sentence" class="sentence" lang="es">' in html


# Two facilities' worth of one jail: a stale row (no departure, its hold began 70 days
# before the as-of time), a recent one still held, two released late, one in time, and
# a booking whose hold-flag column says it had no hold.
STALE = """\
booking_id,facility,booking_date,eligible_at,released_at,ice_hold
S1,Travis County Jail,2024-10-20 08:00,2024-10-23 08:00,,Y
S2,Travis County Jail,2024-12-26 08:00,2024-12-27 09:00,,Y
S3,Travis County Jail,2024-11-01 08:00,2024-11-04 10:00,2024-11-07 10:00,Y
S4,Travis County Jail,2024-11-10 08:00,2024-11-12 08:00,2024-11-19 20:00,Y
S5,Travis County Jail,2024-11-10 08:00,2024-11-13 08:00,2024-11-14 08:00,Y
S6,Travis County Jail,2024-11-10 08:00,,2024-11-12 08:00,N
"""


def test_stale_rows_are_counted_apart_and_listed(tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    html, rows, err = report(
        tmp_path, STALE, "--tz", "America/Chicago", "--bed-cost", "100",
        "--summary-json", str(summary),
    )  # fmt: skip
    statuses = {row["booking_id"]: row["hold_status"] for row in rows}
    # S3: limit Wed 6 Nov 10:00, left 7 Nov 10:00 (24 h); S4: limit Thu 14 Nov 08:00
    # (Veterans Day, Mon 11 Nov, is before the start), left 19 Nov 20:00 (132 h).
    assert statuses == {
        "S1": "expired", "S2": "expired", "S3": "over-detained", "S4": "over-detained",
        "S5": "within-hold", "S6": "no-hold",
    }  # fmt: skip
    figures = json.loads(summary.read_text(encoding="utf-8"))
    excess = figures["excess"]
    assert excess["released_late"] == {
        "rows": 2, "total": 156.0, "median": 78.0, "max": 132.0, "days": 6.5, "cost": 650.0,
    }  # fmt: skip
    # S2: Fri 27 Dec 09:00, 15 h that day and 24 on Monday: limit Tue 31 Dec 09:00 CST;
    # as of 18:00 that day, 9 hours past it.
    assert excess["still_held_past_limit"] == {
        "rows": 1, "total": 9.0, "median": 9.0, "max": 9.0, "days": 0.38, "cost": 37.5,
    }  # fmt: skip
    assert excess["stale_no_departure"]["rows"] == 1 and "cost" not in excess["stale_no_departure"]
    assert figures["stale_after_days"] == 30
    # Held on holds that ended: S3 72 h, S4 180 h, S5 24 h = 276 h = 11.5 days.
    assert figures["held_on_holds"] == {"holds": 3, "days": 11.5, "cost": 1150.0}
    page = Page(html)
    assert page.text("fig-stale") == "1"
    assert page.text("fig-holds") == "5"
    assert page.text("fig-errors") == "0"
    assert page.text("fig-no-hold") == "1 without a hold"
    assert page.tables["table-stale"] == [
        ["S1", "Travis County Jail", "Wed 23 Oct 2024 08:00 CDT", "Fri 25 Oct 2024 08:00 CDT"]
    ]
    assert [row[0] for row in page.tables["table-longest"]] == ["S4", "S3", "S2"]  # not S1
    assert page.text("headline-sentence") == (
        "From October to December 2024, 2 of 5 people held on ICE detainers at Travis "
        "County Jail were released after the legal limit: 6.5 days in all (156.0 hours), "
        "$650 at $100 a day. As of 31 December 2024, 18:00 CST, 1 more was still held past "
        "the limit, per the roster: 0.4 days so far (9.0 hours). 1 row has no departure "
        "recorded though its hold began more than 30 days before 31 December 2024, 18:00 "
        "CST: probably released, it is counted apart and in no total above."
    )
    assert "no departure recorded, probably released (expired, stale): 1" in err
    assert "released late (over-detained): 2, 156.00 hours (6.50 days), $650" in err


def test_the_stale_sentence_in_spanish(tmp_path: Path) -> None:
    html, _, _ = report(tmp_path, STALE, "--tz", "America/Chicago", "--lang", "es")
    assert Page(html).text("headline-sentence") == (
        "De octubre a diciembre de 2024, 2 de 5 personas retenidas por solicitudes de "
        "detención de ICE en Travis County Jail fueron liberadas después del límite legal: "
        "6.5 días en total (156.0 horas). Al 31 de diciembre de 2024, 18:00 CST, 1 persona "
        "más seguía retenida después del límite, según el registro: 0.4 días hasta "
        "entonces (9.0 horas). 1 fila no tiene salida registrada aunque la retención "
        "comenzó más de 30 días antes del 31 de diciembre de 2024, 18:00 CST: probablemente "
        "la persona fue liberada; se cuenta aparte y en ningún total de arriba."
    )


def test_stale_after_never_and_a_shorter_window(tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    args = ("--tz", "America/Chicago", "--summary-json", str(summary))
    report(tmp_path, STALE, *args, "--stale-after", "never")
    figures = json.loads(summary.read_text(encoding="utf-8"))
    assert figures["excess"]["stale_no_departure"]["rows"] == 0
    assert figures["excess"]["still_held_past_limit"]["rows"] == 2
    assert figures["stale_after_days"] is None
    report(tmp_path, STALE, *args, "--stale-after", "80")
    figures = json.loads(summary.read_text(encoding="utf-8"))
    assert figures["excess"]["still_held_past_limit"]["rows"] == 2  # 69 days < 80
    for bad in ("0", "soon", "nan"):
        code, out, err = run_cli("check", "-", "--stale-after", bad, stdin=STALE)
        assert code == 2 and out == "" and "--stale-after" in err


def test_with_and_without_a_hold_in_the_headline(tmp_path: Path) -> None:
    page = Page(report(tmp_path, STALE, "--tz", "America/Chicago")[0])
    # With a hold, booking to departure: S3 6.08, S4 9.5, S5 4.0 days; without: S6 2.0.
    assert page.tables["table-stays"] == [
        ["with an immigration hold", "3", "6.1", "6.5"],
        ["without a hold", "1", "2.0", "2.0"],
        ["difference", "", "+4.1", "+4.5"],
    ]
    assert page.text("fig-stay-with") == "6.1"


def test_the_method_is_on_the_page(tmp_path: Path) -> None:
    page = Page(report(tmp_path, KNOWN, "--tz", "America/Chicago")[0])
    assert "287.7(d)" in page.text("method-rule")
    assert "48 hours" in page.text("method-rule")
    assert "federal holidays" in page.text("method-calendar")
    assert "America/Chicago (from --tz)" in page.text("method-zones")
    assert "Not judged" in page.text("method-limits")
    assert page.text("as-of") == "31 December 2024, 18:00 CST"


def test_binding_limits_and_the_agency_are_named_in_the_method(tmp_path: Path) -> None:
    page = Page(report(tmp_path, KNOWN, "--tz", "America/Los_Angeles", "--jurisdiction", "CA")[0])
    limits = page.text("method-limits")
    assert "agency: jail" in limits and "not legal advice" in limits


def test_no_name_appears_without_report_names(tmp_path: Path) -> None:
    html, rows, _ = report(tmp_path, KNOWN, "--tz", "America/Chicago")
    assert rows and all(row["name"] in NAMES for row in rows)
    for name in NAMES:
        assert name not in html
    assert "Names are left out" in html


def test_report_names_puts_the_names_of_the_longest_cases_in(tmp_path: Path) -> None:
    html, _, _ = report(tmp_path, KNOWN, "--tz", "America/Chicago", "--report-names")
    page = Page(html)
    assert [row[1] for row in page.tables["table-longest"]] == ["Di Cuatro", "Bo Dos", "Cy Tres"]


HOSTILE = ("<script>alert(1)</script>", "{{7*7}}", "$x^2$ & <b>bold</b>")


@pytest.mark.parametrize("text", HOSTILE)
def test_roster_text_appears_only_as_text(tmp_path: Path, text: str) -> None:
    quoted = text.replace('"', '""')
    roster = KNOWN.replace("Bo Dos", f'"{quoted}"').replace("Jail B", f'"{quoted}"')
    title = f"Report {text}"
    html, _, _ = report(
        tmp_path, roster, "--tz", "America/Chicago", "--report-names", "--report-title", title
    )
    assert "<script" not in html and "<b>" not in html
    page = Page(html)
    assert text in [row[1] for row in page.tables["table-longest"]]  # the name, as text
    assert text in [row[0] for row in page.tables["table-facilities"]]
    chart = html[html.index('<figure id="chart-facilities"') :]
    assert escape(text, quote=False) in chart[: chart.index("</svg>")]  # the chart's label
    assert f"<title>{escape(title, quote=False)}</title>" in html
    assert page.text("report-title") == title


def test_a_long_range_adds_a_chart_by_year(tmp_path: Path) -> None:
    lines = ["booking_id,eligible_at,released_at"]
    for year in range(2019, 2025):
        lines.append(f"Y{year},{year}-03-04 10:00,{year}-03-20 10:00")
    page = Page(report(tmp_path, "\n".join(lines) + "\n", "--tz", "America/Denver")[0])
    assert [row[:4] for row in page.tables["table-years"]] == [
        [str(year), "1", "1", "1"] for year in range(2019, 2025)
    ]
    assert len(page.tables["table-months"]) == 6  # only the months in which a hold began
    assert "chart-facilities" not in page.texts  # no facility column, no chart


def test_bookings_with_and_without_a_hold_compared(tmp_path: Path) -> None:
    roster = (
        "booking_id|booking_dt|release_dt|booking_charge_desc|charge_release_dt\n"
        "1|2024-01-01 10:00|2024-01-11 10:00|THEFT|2024-01-09 10:00\n"
        "1|2024-01-01 10:00|2024-01-11 10:00|HOLD IMMIGRAT|\n"
        "2|2024-01-01 10:00|2024-01-31 10:00|THEFT|2024-01-29 10:00\n"
        "2|2024-01-01 10:00|2024-01-31 10:00|HOLD IMMIGRAT|\n"
        "3|2024-02-01 10:00|2024-02-03 10:00|THEFT|2024-02-03 10:00\n"
        "4|2024-02-01 10:00|2024-02-05 10:00|THEFT|2024-02-05 10:00\n"
        "5|2024-02-01 10:00|2024-02-07 10:00|THEFT|2024-02-07 10:00\n"
    )
    page = Page(
        report(
            tmp_path, roster, "--tz", "America/Chicago", "--group-by", "booking_id",
            "--all-bookings", "--start-col", "charge_release_dt", "--released-col", "release_dt",
        )[0]
    )  # fmt: skip
    assert page.tables["table-stays"] == [
        ["with an immigration hold", "2", "20.0", "20.0"],
        ["without a hold", "3", "4.0", "4.0"],
        ["difference", "", "+16.0", "+16.0"],
    ]
    assert page.text("fig-rows") == "5"
    assert "Bookings checked" in page.text("headline-figures")


def test_the_report_is_not_written_over_the_input(tmp_path: Path) -> None:
    source = tmp_path / "roster.csv"
    source.write_text(KNOWN, encoding="utf-8")
    code, out, err = run_cli("check", str(source), "--tz", "UTC", "--report", str(source))
    assert code == 4 and out == ""
    assert "--report" in err and err.count("\n") == 1
    assert source.read_text(encoding="utf-8") == KNOWN


def test_report_title_without_report_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "roster.csv"
    source.write_text(KNOWN, encoding="utf-8")
    code, out, err = run_cli("check", str(source), "--tz", "UTC", "--report-title", "X")
    assert code == 2 and out == "" and "--report" in err


def test_without_the_extra_one_line_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)
    source = tmp_path / "roster.csv"
    source.write_text(KNOWN, encoding="utf-8")
    page = tmp_path / "r.html"
    code, out, err = run_cli(
        "check", str(source), "--tz", "UTC", "--report", str(page), "--format", "csv"
    )
    assert code == 3 and out == ""  # refused before any row was judged
    assert err.strip().endswith("pip install 'holdcalc[report]'") and err.count("\n") == 1
    assert "Traceback" not in err and not page.exists()


# --- every chart's table against the checked file ------------------------------------

BANDS = (0, 1, 6, 12, 24, 48, 96, 168)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
OVERRUN = {"over-detained", "expired"}
FLAGGED = OVERRUN | {"possibly-over-detained"}
NEW_YORK = ZoneInfo("America/New_York")
JUDGED = {"within-hold", "over-detained", "possibly-over-detained", "active", "expired"}


def expected_tables(rows: list[dict[str, str]]) -> dict[str, dict[str, list[str]]]:
    """The tables as they follow from the checked file alone: a still-held row whose hold
    began more than 30 days before the as-of time is stale, in no count past the limit."""
    tallies: dict[str, collections.defaultdict[str, list[int]]] = {
        key: collections.defaultdict(lambda: [0, 0, 0, 0]) for key in ("months", "weekdays")
    }
    bands = [0] * len(BANDS)
    for row in rows:
        if row["hold_status"] not in JUDGED:
            continue
        day = dt.date.fromisoformat(row["eligible_at"][:10])
        centi = round(float(row["over_detained_hours"]) * 100)
        over = row["hold_status"] in OVERRUN and not is_stale(row)
        flagged = row["hold_status"] in FLAGGED and not is_stale(row)
        for key, label in (("months", f"{day:%Y-%m}"), ("weekdays", WEEKDAYS[day.weekday()])):
            tally = tallies[key][label]
            tally[0] += 1
            tally[1] += flagged
            tally[2] += over
            tally[3] += centi if over else 0
        if over:
            bands[max(i for i, low in enumerate(BANDS) if centi >= low * 100)] += 1
    tables = {
        key: {
            label: [f"{a:,}", f"{b:,}", f"{c:,}", f"{d / 100:,.2f}"]
            for label, (a, b, c, d) in found.items()
        }
        for key, found in tallies.items()
    }
    tables["hours"] = {str(i): [f"{n:,}"] for i, n in enumerate(bands)}
    return tables


def is_stale(row: dict[str, str]) -> bool:
    if row["hold_status"] != "expired":
        return False
    start = dt.datetime.fromisoformat(row["eligible_at"]).replace(tzinfo=NEW_YORK)
    return start < dt.datetime.fromisoformat(AS_OF.replace("Z", "+00:00")) - dt.timedelta(days=30)


starts = st.datetimes(min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2024, 12, 31))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(starts, st.integers(min_value=0, max_value=400), st.booleans()),
        min_size=1,
        max_size=25,
    )
)
@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_every_chart_table_matches_the_checked_file(
    tmp_path: Path, engine: str, cases: list[tuple[dt.datetime, int, bool]]
) -> None:
    """By either engine: over columns, the figures are counted over arrays."""
    lines = ["eligible_at,released_at"]
    for start, hours, held in cases:
        left = "" if held else f"{start + dt.timedelta(hours=hours):%Y-%m-%d %H:%M}"
        lines.append(f"{start:%Y-%m-%d %H:%M},{left}")
    roster = "\n".join(lines) + "\n"
    html, rows, _ = report(tmp_path, roster, "--tz", "America/New_York", engine=engine)
    page = Page(html)
    want = expected_tables(rows)
    weekdays = {row[0]: row[1:] for row in page.tables["table-weekdays"]}
    assert {k: v for k, v in weekdays.items() if v[0] != "0"} == want["weekdays"]
    months = {row[0]: row[1:] for row in page.tables["table-months"] if row[1] != "0"}
    assert months == want["months"]
    bands = [row[1] for row in page.tables["table-hours"]]
    assert bands == [want["hours"][str(i)][0] for i in range(len(BANDS))]
    late = [r for r in rows if r["hold_status"] == "over-detained"]
    past = _hours(late)
    assert page.text("fig-over-detained") == str(len(late))
    if late:
        assert page.text("fig-late-days") == f"{past / 24:,.1f} days past it ({past:,.1f} h)"
    still = [r for r in rows if r["hold_status"] == "expired" and not is_stale(r)]
    past = _hours(still)
    assert page.text("fig-expired") == str(len(still))
    if still:
        assert page.text("fig-held-days") == f"{past / 24:,.1f} days past it ({past:,.1f} h)"
    assert page.text("fig-stale") == str(sum(map(is_stale, rows)))
    assert page.text("fig-rows") == str(len(rows))


def _hours(rows: list[dict[str, str]]) -> float:
    """The rows' hours past the limit, summed as the cells write them, in whole
    hundredths (a sum of the floats can land the other side of a rounding: 195.45 read
    as 195.45000000000002)."""
    return sum(round(float(row["over_detained_hours"]) * 100) for row in rows) / 100


def test_a_roster_of_every_booking_with_a_hold_flag_compares_days_in_jail(
    tmp_path: Path,
) -> None:
    roster = (
        "booking_id,booking_date,eligible_at,released_at,ice_hold,tz\n"
        "1,2024-03-01 08:00,2024-03-05 08:00,2024-03-21 08:00,Y,America/Chicago\n"
        "2,2024-03-01 08:00,2024-03-09 08:00,2024-03-11 08:00,yes,America/Chicago\n"
        "3,2024-03-01 08:00,,2024-03-03 08:00,N,America/Chicago\n"
        "4,2024-03-01 08:00,,2024-03-05 08:00,no,America/Chicago\n"
        "5,2024-03-01 08:00,,2024-03-09 08:00,No,America/Chicago\n"
        "6,2024-03-01 08:00,,2024-03-30 08:00,,America/Chicago\n"  # says neither: not counted
    )
    page = Page(report(tmp_path, roster)[0])
    assert page.tables["table-stays"] == [
        ["with an immigration hold", "2", "15.0", "15.0"],  # 20 and 10 days
        ["without a hold", "3", "4.0", "4.7"],  # 2, 4 and 8 days
        ["difference", "", "+11.0", "+10.3"],
    ]


@pytest.mark.parametrize(("starts", "said"), [
    (("1970-01-01 09:00",), "Check before citing: 1 hold is past the limit by more than a year, "
     "and these figures include it."),
    (("1970-01-01 09:00", "2022-11-27 16:30"), "Check before citing: 2 holds are past the limit "
     "by more than a year, and these figures include them."),
    ((), None),
])  # fmt: skip
def test_holds_past_the_limit_by_over_a_year_are_flagged_by_the_headline(
    tmp_path: Path, starts: tuple[str, ...], said: str | None
) -> None:
    rows = "".join(f"B{n},{start},2024-12-03 09:00\n" for n, start in enumerate(starts))
    roster = (
        "booking_id,eligible_at,released_at\n" + rows + "B9,2024-11-27 16:30,2024-12-03 09:00\n"
    )
    html, _, _ = report(tmp_path, roster, "--tz", "America/Chicago")
    page = Page(html)
    if said is None:
        assert 'id="long-overruns"' not in html
    else:
        assert page.text("long-overruns").startswith(said)


def _large_roster(kind: str) -> str:
    """Some 24,000 rows of every kind a report counts: holds within, over and past their
    limit (ties among the longest), still running, stale, refused, dates alone, a time
    in a clock change's gap; five jails and zones, one blank. `kind`: "booked" adds
    booking dates (days in jail), "flagged" those and a hold-flag column (every
    booking), "plain" neither."""
    import random

    chance = random.Random(23)
    jails = ("Jail A", "Jail B", " Jail C ", "Jail D", "")
    zones = ("America/Chicago", "America/New_York", "America/Denver", "Pacific/Honolulu", "")
    lines = ["booking_id,name,facility,eligible_at,released_at,tz"]
    lines[0] += {"plain": "", "booked": ",booking_date", "flagged": ",booking_date,ice_hold"}[kind]
    for number in range(24_000):
        start = dt.datetime(2019, 1, 1, 6) + dt.timedelta(minutes=chance.randrange(3_000_000))
        held = dt.timedelta(hours=chance.choice((3, 30, 47, 50, 75, 100, 400, 4000)))
        left = "" if number % 13 == 0 else f"{start + held:%Y-%m-%d %H:%M}"
        begun = f"{start:%Y-%m-%d %H:%M}"
        if number % 97 == 0:
            begun = "not a date"
        elif number % 89 == 0:
            begun = f"{start:%Y-%m-%d}"
        elif number % 83 == 0:
            begun = "2021-03-14 02:30"  # not a time in the US zones that change clocks
        line = f"B{number},Name {number % 800},{chance.choice(jails)},{begun},{left}"
        line += f",{chance.choice(zones)}"
        if kind != "plain":
            line += f",{start - dt.timedelta(days=chance.randrange(30)):%Y-%m-%d}"
        lines.append(
            line + (f",{chance.choice(('Y', 'N', 'yes', ''))}" if kind == "flagged" else "")
        )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind", ["plain", "booked", "flagged"])
def test_a_large_roster_makes_the_same_report_by_either_engine_in_one_process_or_two(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker counts the figures of its blocks, merged in input order, over arrays
    where the columnar engine judged them: the page, the checked rows and stderr are
    those of one process judging row by row, byte for byte."""
    from holdcalc.roster import column_blocks, pipeline

    source = tmp_path / "roster.csv"
    source.write_text(_large_roster(kind), encoding="utf-8")
    counts, told = [], []
    parallel, told_of = pipeline.judge_in_parallel, column_blocks.told_of  # type: ignore[attr-defined]

    def counted(*args: object, **kwargs: object) -> tuple[bytes | None, int]:
        rest, count = parallel(*args, **kwargs)  # type: ignore[arg-type]
        counts.append(count)
        return rest, count

    def telling(*args: object) -> None:
        told.append(True)
        told_of(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "judge_in_parallel", counted)
    monkeypatch.setattr(column_blocks, "told_of", telling)
    runs = []
    for engine, workers in (("row", "1"), ("row", "2"), ("columnar", "1"), ("columnar", "2")):
        folder = tmp_path / f"{engine}-{workers}"
        folder.mkdir()
        page = folder / "report.html"
        args = ["check", str(source), "--as-of", AS_OF, "--report", str(page), "--format", "csv"]
        args += ["--tz", "America/Phoenix", "--report-names", "--bed-cost", "170"]
        env = {"HOLDCALC_WORKERS": workers, "HOLDCALC_ENGINE": engine}
        code, out, err = run_cli(*args, env=env)
        runs.append((code, out, err.replace(str(folder), ""), page.read_bytes()))
    assert counts == [2, 2]  # the second run of each engine was judged in two processes
    assert bool(told) is (kind == "plain")  # blocks counted over arrays, in one process
    assert all(run == runs[0] for run in runs[1:])
    assert len(Page(runs[0][3].decode("utf-8")).tables["table-longest"]) == 25
