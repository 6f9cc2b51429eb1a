"""The web page in headless Chromium against `holdcalc serve` on a free port: the
one-case form against `expire --format json`, the roster upload against `check`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import Watched, chromium
from tests.conftest import run_cli

pytest.importorskip("flask")
pytest.importorskip("waitress")

SAMPLE = Path(__file__).parent.parent / "examples" / "sample-roster.csv"
AS_OF = "2026-11-01T12:00Z"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`holdcalc serve --port 0` in its own process; its address."""
    env = {**os.environ, "TMPDIR": str(tmp_path / "temp")}
    (tmp_path / "temp").mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "holdcalc", "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"serving on (http://\S+)", line)
    try:
        assert found, line
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert list((tmp_path / "temp").iterdir()) == []  # no upload outlived its request


def test_one_case_in_the_browser_is_the_command(server: str, tmp_path: Path) -> None:
    start, zone, left = "2024-11-27 16:30", "America/Chicago", "12/03/2024 9:00 AM"
    with chromium() as browser:
        watched = Watched(browser)
        page = watched.page
        page.goto(server)
        page.fill("#start", start)
        page.select_option("#tz", zone)
        page.fill("#released", left)
        page.fill("#name", "Maria Garcia")
        page.fill("#facility", "Cook County Jail")
        page.click("button[type=submit]")
        page.wait_for_selector("#expires-at")
        page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
        expires = page.get_attribute("#expires-at", "datetime")
        status = page.get_attribute("#status", "data-status")
        with page.expect_download() as caught:
            page.click("#download-ics")
        calendar = Path(caught.value.path()).read_text(encoding="utf-8")
        assert watched.errors == []
        assert all(url.startswith(server) for url in watched.requests)
    _, out, _ = run_cli("expire", start, "--tz", zone, "--released", left, "--format", "json")
    record = json.loads(out)
    assert (expires, status) == (record["expires_at"], record["status"])
    assert "BEGIN:VEVENT" in calendar and "ICE hold ends" in calendar


def test_a_roster_in_the_browser_is_the_command(server: str, tmp_path: Path) -> None:
    with chromium() as browser:
        watched = Watched(browser)
        page = watched.page
        page.goto(server + "roster")
        page.set_input_files("#roster", str(SAMPLE))
        page.fill("#as_of", AS_OF)
        page.click("button[type=submit]")
        page.wait_for_selector("a#download-csv", timeout=30_000)
        page.screenshot(path=str(tmp_path / "roster.png"), full_page=True)
        with page.expect_download() as caught:
            page.click("a#download-csv")
        checked = Path(caught.value.path()).read_text(encoding="utf-8")
        assert caught.value.suggested_filename == "sample-roster-checked.csv"
        assert watched.errors == []
        assert all(url.startswith(server) for url in watched.requests)
    _, out, _ = run_cli("check", str(SAMPLE), "--as-of", AS_OF, "--format", "csv")
    assert checked == out
    assert (tmp_path / "roster.png").stat().st_size > 10_000


def test_the_page_works_by_keyboard_alone(server: str) -> None:
    with chromium() as browser:
        page = Watched(browser, width=390).page  # a phone's width
        page.goto(server)
        page.focus("#start")
        page.keyboard.type("2024-11-27 16:30")
        page.select_option("#tz", "America/Chicago")
        page.focus("#released")
        page.keyboard.type("2024-12-03 09:00")
        page.keyboard.press("Enter")  # submits the form
        page.wait_for_selector("#status")
        assert page.get_attribute("#status", "data-status") == "over-detained"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # nothing runs off a phone's screen


def test_serve_warns_before_serving_another_host() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "holdcalc", "serve", "--port", "0", "--host", "0.0.0.0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    try:
        first, second = process.stderr.readline(), process.stderr.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "warning" in first and "personal data" in first
    assert "serving on http://0.0.0.0:" in second


def test_serve_stops_cleanly_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "holdcalc", "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    assert "serving on" in process.stderr.readline()
    process.terminate()
    assert process.wait(timeout=10) == 0
    assert process.stderr.read().strip() == "holdcalc: stopped"


STATUS_SLUGS = ("over-detained", "possibly-over-detained", "within-hold", "expired", "active")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_roster_reads_on_a_phone_in_plain_words(server: str, lang: str) -> None:
    with chromium() as browser:
        watched = Watched(browser, width=390)
        page = watched.page
        page.goto(server + f"roster?lang={lang}")
        page.set_input_files("#roster", str(SAMPLE))
        page.fill("#as_of", AS_OF)
        page.click("button[type=submit]")
        page.wait_for_selector("#summary", timeout=30_000)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shown = page.inner_text("#summary")
        for slug in STATUS_SLUGS:
            assert slug not in shown.split()  # statuses in words
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", shown)  # no ISO time of ours
        first = page.locator("#rows-flagged tbody td").first
        assert first.is_visible() and first.bounding_box()["width"] <= 390
        word = "released after the limit" if lang == "en" else "liberada después del límite"
        assert word in shown
        assert watched.errors == []


def test_after_a_roster_error_the_file_stays_chosen(server: str) -> None:
    with chromium() as browser:
        watched = Watched(browser)
        page = watched.page
        page.goto(server + "roster")
        page.set_input_files("#roster", str(SAMPLE))
        page.locator("details").first.evaluate("panel => { panel.open = true; }")
        page.fill("#header_row", "none")
        page.click("button[type=submit]")
        page.wait_for_selector("#error")
        assert page.evaluate("document.activeElement.id") == "header_row"  # the field named
        assert page.evaluate("document.querySelector('details').open")
        assert SAMPLE.name in page.inner_text("#kept")
        page.fill("#header_row", "")
        page.fill("#as_of", AS_OF)
        page.click("button[type=submit]")  # no file chosen again
        page.wait_for_selector("#summary", timeout=30_000)
        assert page.inner_text("#rows") == "14"
        refusal = "status of 400"  # the refused form's own answer, logged by the browser
        assert [line for line in watched.errors if refusal not in line] == []
