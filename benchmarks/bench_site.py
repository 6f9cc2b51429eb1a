"""The browser build's figures: its size, the time to the first answer in headless
Chromium, and a roster checked in the browser against the same check in a terminal.

Builds the site with site/build.py (or takes a built folder), serves it from
127.0.0.1 with Python's static file server, makes its roster with
benchmarks/make_roster.py, and alternates, round by round:

  a fresh browser context (no cache): open the page, wait for the form, answer one
  case; then check the roster on the roster page, timed from the click to the summary
  holdcalc check roster.csv --tz America/New_York --as-of 2026-11-01T00:00:00Z --format csv

    python benchmarks/bench_site.py [--site DIR] [--rows 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench_check import OUT, holdcalc, roster

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser import CHROMIUM_FLAGS, static_server  # noqa: E402 (Chromium started as the tests start it)

AS_OF = "2026-11-01T00:00:00Z"


def built(folder: Path | None) -> Path:
    if folder is not None:
        return folder
    folder = OUT / "site"
    subprocess.run([sys.executable, str(ROOT / "site" / "build.py"), str(folder)], check=True)
    return folder


def in_browser(browser: Any, url: str, path: Path) -> dict[str, float]:
    """One visit in a fresh context: seconds to the form, to the first answer, and for
    the roster check."""
    context = browser.new_context()
    page = context.new_page()
    began = time.perf_counter()
    page.goto(url + "#case/en")
    page.wait_for_selector("#start", timeout=300_000)
    ready = time.perf_counter()
    page.fill("#start", "2024-11-27 16:30")
    page.select_option("#tz", "America/Chicago")
    page.fill("#released", "2024-12-03 09:00")
    page.click("button[type=submit]")
    page.wait_for_selector("#expires-at")
    answered = time.perf_counter()
    page.click('header nav a[href="#roster/en"]')
    page.wait_for_selector("#roster")
    page.set_input_files("#roster", str(path))
    page.select_option("#tz", "America/New_York")
    page.fill("#as_of", AS_OF)
    clicked = time.perf_counter()
    page.click("button[type=submit]")
    page.wait_for_selector("#summary", timeout=600_000)
    checked = time.perf_counter()
    context.close()
    return {"ready": ready - began, "first_answer": answered - began, "roster": checked - clicked}


def in_terminal(path: Path) -> float:
    began = time.perf_counter()
    quiet = subprocess.DEVNULL
    subprocess.run(holdcalc(path), stdout=quiet, stderr=quiet, check=False)  # 1: rows flagged
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a folder built by site/build.py")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder, path = built(args.site), roster(args.rows)
    size = sum(file.stat().st_size for file in folder.rglob("*") if file.is_file())
    visits: list[dict[str, float]] = []
    terminal: list[float] = []
    executable = shutil.which("chromium") or "chromium"
    with static_server(folder) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        for _ in range(args.rounds):
            visits.append(in_browser(browser, url, path))
            terminal.append(in_terminal(path))
        browser.close()
    median = {key: statistics.median(visit[key] for visit in visits) for key in visits[0]}
    figures = {
        "site_mb": round(size / 1e6, 1),
        "rows": args.rows,
        "rounds": args.rounds,
        **{f"browser_{key}_s": round(value, 2) for key, value in median.items()},
        "terminal_check_s": round(statistics.median(terminal), 2),
        "browser_vs_terminal": round(median["roster"] / statistics.median(terminal), 2),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
