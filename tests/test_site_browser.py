"""The browser build (site/build.py) in headless Chromium, served from 127.0.0.1 as a
static host serves it: holdcalc itself, run by Pyodide in the page, must answer as
the command does. The build needs npm and pip's registries; without npm the tests are
skipped, unless HOLDCALC_BROWSER_TESTS=required (as CI sets it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import Watched, chromium, static_server
from tests.conftest import run_cli

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "examples" / "sample-roster.csv"
AS_OF = "2026-11-01T12:00Z"
LOAD_MS = 120_000  # the runtime's first load, on a slow machine


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once for this module by the command the docs give."""
    if shutil.which("npm") is None:
        if os.environ.get("HOLDCALC_BROWSER_TESTS") == "required":
            pytest.fail("browser tests are required but npm is missing")
        pytest.skip("npm is not installed")
    out = tmp_path_factory.mktemp("site") / "public"
    built = subprocess.run(
        [sys.executable, str(ROOT / "site" / "build.py"), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout == "" and built.stderr.startswith("built ")
    return out


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    """The folder served by a plain static file server on a free loopback port."""
    with static_server(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One browser for the module (Playwright's sync API runs one at a time)."""
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def page(browser: Any, site_url: str) -> Iterator[Watched]:
    """One page for the module (the runtime loads once, as it does for a visitor)."""
    watched = Watched(browser)
    watched.page.goto(site_url + "#case/en")
    watched.page.wait_for_selector("#start", timeout=LOAD_MS)
    yield watched
    assert watched.errors == []
    assert all(url.startswith(site_url) for url in watched.requests), watched.requests


def go(watched: Watched, route: str, ready: str) -> Any:
    """A fresh page at `route` (`#case/en`): by its link when the page shows one, as a
    person goes, else by the address."""
    page = watched.page
    link = page.locator(f'header nav a[href="{route}"]')
    if link.count():
        link.click()
    else:
        page.evaluate("route => { location.hash = route; }", route)
    # Not wait_for_function: a predicate polled as text is run by eval, which the page's
    # policy forbids (script-src 'self'); a selector wait is not.
    page.wait_for_selector("#answer, #summary, #error", state="detached")
    page.wait_for_selector(ready)
    return page


def ask(page: Any, fields: dict[str, str]) -> None:
    """Fill the one-case form by its field names (those of `holdcalc serve`) and send it."""
    for name, value in fields.items():
        if name == "tz":
            page.select_option("#tz", value)
        elif name == "still_held":
            page.check("#still_held")
        elif name in {"jurisdiction", "agency"}:
            page.locator("details").first.evaluate("panel => { panel.open = true; }")
            page.select_option(f"#{name}", value)
        else:
            page.fill(f"#{name}", value)
    page.click("button[type=submit]")


CASES = [
    # Thanksgiving in Chicago, released the next Tuesday.
    ({"start": "2024-11-27 16:30", "tz": "America/Chicago", "released": "12/03/2024 9:00 AM"},
     ["--released", "12/03/2024 9:00 AM"]),
    # New York across the spring-forward night of 9 March 2025, still held.
    ({"start": "2025-03-07 18:00", "tz": "America/New_York", "still_held": "on",
      "as_of": "2025-03-12 09:00"}, ["--as-of", "2025-03-12 09:00"]),
    # Denver under Colorado's law, which forbids the hold.
    ({"start": "2023-07-03 22:15", "tz": "America/Denver", "released": "2023-07-06 08:00",
      "jurisdiction": "CO"}, ["--released", "2023-07-06 08:00", "--jurisdiction", "CO"]),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "options"), CASES)
def test_one_case_in_the_browser_is_the_command(
    page: Watched, fields: dict[str, str], options: list[str]
) -> None:
    tab = go(page, "#case/en", "#start")
    ask(tab, fields)
    tab.wait_for_selector("#expires-at")
    record = json.loads(tab.eval_on_selector("#record", "data => data.textContent"))
    _, out, _ = run_cli(
        "expire", fields["start"], "--tz", fields["tz"], *options, "--format", "json"
    )
    assert record == json.loads(out)
    # What a person reads says the same: the time, the status, each day of the count.
    assert tab.get_attribute("#expires-at", "datetime") == record["expires_at"]
    assert tab.get_attribute("#status", "data-status") == record["status"]
    assert tab.locator("#ledger tbody tr").count() == len(record["ledger"])
    assert record["status"] not in tab.inner_text("#answer").split()


def test_letters_and_calendar_file_from_the_browser(page: Watched) -> None:
    tab = go(page, "#case/en", "#start")
    ask(tab, {**CASES[0][0], "name": "Maria Garcia", "facility": "Cook County Jail"})
    tab.wait_for_selector("#download-demand")
    with tab.expect_download() as caught:
        tab.click("#download-ics")
    calendar = Path(caught.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in calendar and "ICE hold ends" in calendar
    with tab.expect_download() as caught:
        tab.click("#download-demand")
    letter = Path(caught.value.path()).read_text(encoding="utf-8")
    assert "Maria Garcia" in letter and "Cook County Jail" in letter


def test_a_browser_without_webassembly_is_told(browser: Any, site_url: str) -> None:
    watched = Watched(browser)
    watched.page.add_init_script("delete window.WebAssembly;")
    watched.page.goto(site_url)
    watched.page.wait_for_selector("#too-old", state="visible")
    assert "too old" in watched.page.inner_text("#too-old")
    assert not watched.page.is_visible("#progress")
    watched.page.close()


def test_a_roster_in_the_browser_is_the_command(page: Watched, tmp_path: Path) -> None:
    tab = go(page, "#roster/en", "#roster")
    tab.set_input_files("#roster", str(SAMPLE))
    tab.select_option("#tz", "America/Chicago")
    tab.fill("#as_of", AS_OF)
    tab.click("button[type=submit]")
    tab.wait_for_selector("#summary", timeout=LOAD_MS)
    with tab.expect_download() as caught:
        tab.click("#download-csv")
    checked = Path(caught.value.path()).read_bytes()
    code, out, _ = run_cli(
        "check", str(SAMPLE), "--tz", "America/Chicago", "--as-of", AS_OF, "--format", "csv"
    )
    assert code in {0, 1} and checked == out.encode("utf-8")
    assert caught.value.suggested_filename == "sample-roster-checked.csv"


def test_after_a_roster_error_the_file_stays_chosen(page: Watched) -> None:
    tab = go(page, "#roster/en", "#roster")
    tab.set_input_files("#roster", str(SAMPLE))
    tab.locator("details").first.evaluate("panel => { panel.open = true; }")
    tab.fill("#header_row", "none")
    tab.click("button[type=submit]")
    tab.wait_for_selector("#error")
    assert "header_row" in tab.inner_text("#error") or "header" in tab.inner_text("#error")
    assert tab.evaluate("document.activeElement.id") == "header_row"  # the field named
    assert tab.evaluate("document.querySelector('details').open")
    assert tab.evaluate("document.getElementById('roster').files[0].name") == SAMPLE.name
    tab.fill("#header_row", "")
    tab.click("button[type=submit]")  # no file chosen again
    tab.wait_for_selector("#summary", timeout=LOAD_MS)


def test_spanish_in_the_browser(page: Watched) -> None:
    tab = go(page, "#case/es", "#start")
    assert tab.evaluate("document.documentElement.lang") == "es"
    ask(tab, {"start": "2024-11-27 16:30", "tz": "America/Chicago", "released": "2024-12-03"})
    tab.wait_for_selector("#error")  # a date alone is refused
    assert "holdcalc check" not in tab.inner_text("#error")  # no command-line hint
    ask(tab, {"released": "2024-12-03 09:00"})
    tab.wait_for_selector("#expires-at")
    assert tab.inner_text("#expires-at") == "lun 2 dic 2024, 4:30 p. m. CST"
    assert tab.inner_text("#status") == "liberada después del límite"


def test_the_page_says_what_needs_the_installed_tool(page: Watched, tmp_path: Path) -> None:
    tab = go(page, "#roster/en", "#roster")
    assert "Excel" in tab.inner_text("#browser-limits")
    workbook = tmp_path / "roster.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    tab.set_input_files("#roster", str(workbook))
    tab.click("button[type=submit]")
    tab.wait_for_selector("#error")
    message = tab.inner_text("#error")
    assert "Save the sheet as CSV" in message and "pip" not in message


def test_the_site_is_self_contained(site: Path) -> None:
    page_text = (site / "index.html").read_text(encoding="utf-8")
    assert "default-src 'none'" in page_text and "http" not in page_text.split("<body>")[1]
    manifest = json.loads((site / "build.json").read_text(encoding="utf-8"))
    assert (
        manifest["pyodide"]
        == json.loads((ROOT / "site" / "package.json").read_text())["dependencies"]["pyodide"]
    )
    names = {entry["file"].split("-")[0] for entry in manifest["packages"]}
    assert {"holdcalc", "holidays", "jinja2", "markupsafe", "tzdata"} <= names
