"""The screenshots in docs/web.md: both pages (`holdcalc serve` and the browser build)
empty, with one answer and with the sample roster checked, at 1280 and 390 px.

    python docs/shoot_pages.py SITE_DIR    # SITE_DIR: a folder built by site/build.py

Starts `holdcalc serve` and a static server for SITE_DIR on free loopback ports and
writes docs/img/{serve,site}-{empty,case,roster}-{1280,390}.png.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser import CHROMIUM_FLAGS, static_server  # noqa: E402 (Chromium started as the tests start it)

IMAGES = ROOT / "docs" / "img"
SAMPLE = ROOT / "examples" / "sample-roster.csv"


def shoot(page: Any, name: str, width: int) -> None:
    page.screenshot(path=str(IMAGES / f"{name}-{width}.png"), full_page=True)


def pages(page: Any, home: str, roster: str, name: str, width: int) -> None:
    """The empty form, one answer, and the sample roster checked."""
    page.goto(home)
    page.wait_for_selector("#start", timeout=120_000)
    shoot(page, f"{name}-empty", width)
    page.fill("#start", "2024-11-27 16:30")
    page.select_option("#tz", "America/Chicago")
    page.fill("#released", "12/03/2024 9:00 AM")
    page.fill("#name", "Maria Garcia")
    page.fill("#facility", "Cook County Jail")
    page.click("button[type=submit]")
    page.wait_for_selector("#expires-at")
    shoot(page, f"{name}-case", width)
    if roster.startswith("http"):
        page.goto(roster)
    else:
        page.click(f'a[href="{roster}"]')  # the browser build: its own link, no reload
    page.wait_for_selector("#roster")
    page.set_input_files("#roster", str(SAMPLE))
    page.select_option("#tz", "America/Chicago")
    page.fill("#as_of", "2026-11-01T12:00Z")
    page.click("button[type=submit]")
    page.wait_for_selector("#summary", timeout=120_000)
    shoot(page, f"{name}-roster", width)


def main() -> None:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (only here)

    site = Path(sys.argv[1]).resolve()
    serve = subprocess.Popen(
        [sys.executable, "-m", "holdcalc", "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert serve.stderr is not None
        found = re.search(r"serving on (http://\S+)", serve.stderr.readline())
        assert found
        served = found.group(1)
        with static_server(site) as url, sync_playwright() as playwright:
            executable = shutil.which("chromium") or "chromium"
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                pages(page, served, served + "roster", "serve", width)
                pages(page, f"{url}#case/en", "#roster/en", "site", width)
                page.close()
            browser.close()
    finally:
        serve.terminate()


if __name__ == "__main__":
    main()
