"""Headless Chromium for the browser tests, driven by Playwright (Debian's chromium:
no browser is downloaded). Without Playwright or Chromium the tests are skipped, unless
HOLDCALC_BROWSER_TESTS=required (as CI sets it), when they fail instead."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 (the base class declares it this way)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
    }

    def log_message(self, *_: Any) -> None:
        pass


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """`folder` served as a static host serves it, on a free loopback port, from a
    thread of this process: its address."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def _executable() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A browser, or a skip (a failure where browser tests are required)."""
    required = os.environ.get("HOLDCALC_BROWSER_TESTS") == "required"
    executable = _executable()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        executable = None if executable is None else "no playwright"
    if executable is None or executable == "no playwright":
        what = "chromium" if executable is None else "playwright"
        if required:
            pytest.fail(f"browser tests are required but {what} is missing")
        pytest.skip(f"{what} is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Watched:
    """A page with its console messages, page errors and requests recorded."""

    def __init__(self, browser: Any, width: int = 1100) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

    @property
    def errors(self) -> list[str]:
        return [line for line in self.console if line.startswith(("error", "pageerror"))]
