"""The report as a browser shows it: headless Chromium opens the page, a screenshot is
taken, and the page logs no error and asks the network for nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser import Watched, chromium
from tests.conftest import run_cli

pytest.importorskip("jinja2")
pytest.importorskip("matplotlib")

SAMPLE = Path(__file__).parent.parent / "examples" / "sample-roster.csv"
HOSTILE = (
    "booking_id,name,facility,eligible_at,released_at,tz\n"
    'X-1,"<script>alert(1)</script>","<img src=x onerror=alert(2)>",2024-11-27 16:30,'
    "2024-12-09 10:00,America/Chicago\n"
)


def make_report(tmp_path: Path, roster: Path, *args: str) -> Path:
    page = tmp_path / "report.html"
    code, _, err = run_cli(
        "check", str(roster), "--as-of", "2026-11-01T12:00Z", "--bed-cost", "170",
        "--report", str(page), "--format", "csv", "-o", str(tmp_path / "out.csv"), *args,
    )  # fmt: skip
    assert code in {0, 1, 3}, err
    return page


def test_the_sample_report_opens_with_no_errors_and_no_requests(tmp_path: Path) -> None:
    page = make_report(tmp_path, SAMPLE)
    with chromium() as browser:
        watched = Watched(browser)
        watched.page.goto(page.as_uri())
        watched.page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        assert watched.errors == []
        assert watched.requests == [page.as_uri()]  # the page itself, nothing else
        charts = watched.page.locator("svg.chart")
        assert charts.count() == 5  # hours, months, years, weekdays, facilities
        for index in range(charts.count()):
            box = charts.nth(index).bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 100
        assert watched.page.locator("#fig-rows").inner_text() == "14"
    assert (tmp_path / "report.png").stat().st_size > 10_000


@pytest.mark.parametrize(("paper", "width_mm"), [("A4", 210), ("Letter", 215.9)])
def test_the_report_prints_within_the_page(tmp_path: Path, paper: str, width_mm: float) -> None:
    page = make_report(tmp_path, SAMPLE)
    printable = round((width_mm - 2 * 14) / 25.4 * 96)  # CSS pixels inside 14 mm margins
    with chromium() as browser:
        watched = Watched(browser, width=printable)
        watched.page.goto(page.as_uri())
        watched.page.emulate_media(media="print")
        scroll = watched.page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= printable  # nothing runs off the paper's side
        pdf = watched.page.pdf(format=paper)
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_hostile_roster_text_runs_nothing_in_a_browser(tmp_path: Path) -> None:
    roster = tmp_path / "hostile.csv"
    roster.write_text(HOSTILE, encoding="utf-8")
    page = make_report(tmp_path, roster, "--report-names")
    with chromium() as browser:
        watched = Watched(browser)
        dialogs: list[str] = []

        def dialog(shown: Any) -> None:
            dialogs.append(shown.message)
            shown.dismiss()

        watched.page.on("dialog", dialog)
        watched.page.goto(page.as_uri())
        assert dialogs == [] and watched.errors == []
        assert watched.requests == [page.as_uri()]  # the <img> is text, never fetched
        assert "<script>alert(1)</script>" in watched.page.locator("#table-longest").inner_text()


# --- readable anywhere: a desk and a phone ---------------------------------------------

# What overflows its box in the headline, and how large the charts' text is drawn.
MEASURE = """() => {
  const boxes = [...document.querySelectorAll('#headline-figures dt, #headline-figures dd,'
    + ' #headline-sentence')];
  const over = boxes.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.id || e.innerText);
  const sizes = [...document.querySelectorAll('svg.chart text')]
    .map(t => t.getBoundingClientRect().height).filter(h => h > 0);
  return {over, smallest: Math.min(...sizes), page: document.documentElement.scrollWidth};
}"""
# A roster whose figures are as long as a national file's: hundreds of thousands of
# hours past the limit, in a facility with a long name.
LARGE = "booking_id,facility,eligible_at,released_at,tz\n" + "".join(
    f"L-{n},Northern District Regional Detention and Correctional Facility,"
    f"2024-01-0{1 + n % 9} 08:00,2025-0{1 + n % 9}-15 08:00,America/New_York\n"
    for n in range(300)
)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("roster", ["sample", "large"])
def test_the_report_reads_at_desk_and_phone_width(tmp_path: Path, width: int, roster: str) -> None:
    source = SAMPLE
    if roster == "large":
        source = tmp_path / "large.csv"
        source.write_text(LARGE, encoding="utf-8")
    page = make_report(tmp_path, source)
    with chromium() as browser:
        watched = Watched(browser, width=width)
        watched.page.goto(page.as_uri())
        found = watched.page.evaluate(MEASURE)
        assert found["over"] == []  # no headline figure spills out of its card
        assert found["smallest"] >= 9  # chart text legible: 9 CSS pixels or more
        assert found["page"] <= width  # no sideways scrolling of the page itself
        assert watched.errors == []
        assert watched.requests == [page.as_uri()]
