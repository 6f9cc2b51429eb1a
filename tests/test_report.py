"""The campaign report (`check --report`): its figures against a roster with known
answers and against the checked file, its privacy, and its escaping of roster text."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import statistics
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path

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


def report(tmp_path: Path, roster: str, *args: str) -> tuple[str, list[dict[str, str]], str]:
    """The report page, the checked rows (CSV) and stderr of one run."""
    source = tmp_path / "roster.csv"
    source.write_text(roster, encoding="utf-8")
    page = tmp_path / "report.html"
    code, out, err = run_cli(
        "check", str(source), "--as-of", AS_OF, "--report", str(page), "--format", "csv", *args
    )
    assert code in {0, 1, 3}, err
    rows = list(csv.DictReader(io.StringIO(out)))
    return page.read_text(encoding="utf-8"), rows, err


def test_every_headline_figure_of_a_roster_with_known_answers(tmp_path: Path) -> None:
    html, _, err = report(tmp_path, KNOWN, "--tz", "America/Chicago", "--bed-cost", "170")
    page = Page(html)
    assert err.count("\n") > 3  # the summary still goes to stderr
    figures = {key: page.text(f"fig-{key}") for key in (
        "rows", "over-detained", "possibly-over-detained", "expired", "hours-total",
        "hours-median", "cost", "errors",
    )}  # fmt: skip
    assert figures == {
        "rows": "6",
        "over-detained": "2",
        "possibly-over-detained": "1",
        "expired": "1",
        "hours-total": "227.00",  # 26 + 24 + 177
        "hours-median": "26.00",
        "cost": "$1,607.92",  # 227 / 24 days at $170
        "errors": "1",
    }


def test_every_chart_table_of_a_roster_with_known_answers(tmp_path: Path) -> None:
    page = Page(report(tmp_path, KNOWN, "--tz", "America/Chicago")[0])
    assert dict(page.tables["table-hours"]) == {
        "0 to 1 h": "0", "1 to 6 h": "0", "6 to 12 h": "0", "12 to 24 h": "0",
        "24 to 48 h": "2", "48 to 96 h": "0", "96 to 168 h": "0", "168 h or more": "1",
    }  # fmt: skip
    assert page.tables["table-months"] == [
        ["2024-11", "2", "1", "26.00"],
        ["2024-12", "3", "2", "201.00"],
    ]
    weekdays = {row[0]: row[1:] for row in page.tables["table-weekdays"]}
    assert weekdays["Wednesday"] == ["2", "1", "26.00"]
    assert weekdays["Friday"] == ["2", "2", "201.00"]  # both Friday holds ran over
    assert weekdays["Monday"] == ["1", "0", "0.00"]  # the date-only start
    assert page.tables["table-facilities"] == [
        ["Jail B", "2", "2", "201.00"],
        ["Jail A", "3", "1", "26.00"],
    ]
    longest = [(row[0], row[-1]) for row in page.tables["table-longest"]]
    assert longest == [("B4", "177.00"), ("B2", "26.00"), ("B3", "24.00")]
    assert "years" not in {key.removeprefix("table-") for key in page.tables}  # two months
    (reason,) = page.tables["table-errors"]
    # The reason without the cell's text: the report quotes no cell (issue 24).
    assert "(a cell's text, not shown) is not a date" in reason[0] and reason[1] == "1"
    assert "'not a date'" not in reason[0]


def test_the_method_is_on_the_page(tmp_path: Path) -> None:
    page = Page(report(tmp_path, KNOWN, "--tz", "America/Chicago")[0])
    assert "287.7(d)" in page.text("method-rule")
    assert "48 hours" in page.text("method-rule")
    assert "federal holidays" in page.text("method-calendar")
    assert "America/Chicago (from --tz)" in page.text("method-zones")
    assert "Not judged" in page.text("method-limits")
    assert page.text("as-of").startswith("2025-01-01T00:00")


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
    assert [row[:3] for row in page.tables["table-years"]] == [
        [str(year), "1", "1"] for year in range(2019, 2025)
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
        ["with an immigration hold", "2", "20.0"],
        ["without a hold", "3", "4.0"],
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
JUDGED = {"within-hold", "over-detained", "possibly-over-detained", "active", "expired"}


def expected_tables(rows: list[dict[str, str]]) -> dict[str, dict[str, list[str]]]:
    """The tables as they follow from the checked file alone."""
    tallies: dict[str, collections.defaultdict[str, list[int]]] = {
        key: collections.defaultdict(lambda: [0, 0, 0]) for key in ("months", "weekdays")
    }
    bands = [0] * len(BANDS)
    for row in rows:
        if row["hold_status"] not in JUDGED:
            continue
        day = dt.date.fromisoformat(row["eligible_at"][:10])
        centi = round(float(row["over_detained_hours"]) * 100)
        over = row["hold_status"] in OVERRUN
        for key, label in (("months", f"{day:%Y-%m}"), ("weekdays", WEEKDAYS[day.weekday()])):
            tally = tallies[key][label]
            tally[0] += 1
            tally[1] += over
            tally[2] += centi if over else 0
        if over:
            bands[max(i for i, low in enumerate(BANDS) if centi >= low * 100)] += 1
    tables = {
        key: {label: [f"{a:,}", f"{b:,}", f"{c / 100:,.2f}"] for label, (a, b, c) in found.items()}
        for key, found in tallies.items()
    }
    tables["hours"] = {str(i): [f"{n:,}"] for i, n in enumerate(bands)}
    return tables


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
def test_every_chart_table_matches_the_checked_file(
    tmp_path: Path, cases: list[tuple[dt.datetime, int, bool]]
) -> None:
    lines = ["eligible_at,released_at"]
    for start, hours, held in cases:
        left = "" if held else f"{start + dt.timedelta(hours=hours):%Y-%m-%d %H:%M}"
        lines.append(f"{start:%Y-%m-%d %H:%M},{left}")
    html, rows, _ = report(tmp_path, "\n".join(lines) + "\n", "--tz", "America/New_York")
    page = Page(html)
    want = expected_tables(rows)
    weekdays = {row[0]: row[1:] for row in page.tables["table-weekdays"]}
    assert {k: v for k, v in weekdays.items() if v[0] != "0"} == want["weekdays"]
    months = {row[0]: row[1:] for row in page.tables["table-months"] if row[1] != "0"}
    assert months == want["months"]
    bands = [row[1] for row in page.tables["table-hours"]]
    assert bands == [want["hours"][str(i)][0] for i in range(len(BANDS))]
    centi = [
        round(float(r["over_detained_hours"]) * 100) for r in rows if r["hold_status"] in OVERRUN
    ]
    median = round(statistics.median(centi) / 100, 2) if centi else 0.0
    assert page.text("fig-hours-median") == f"{median:,.2f}"
    assert page.text("fig-hours-total") == f"{sum(centi) / 100:,.2f}"
    assert page.text("fig-rows") == str(len(rows))


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
        ["with an immigration hold", "2", "15.0"],  # 20 and 10 days
        ["without a hold", "3", "4.0"],  # 2, 4 and 8 days
    ]
