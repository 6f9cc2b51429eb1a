"""The page inside the visitor's browser: the static site runs this module in Pyodide
(CPython compiled to WebAssembly) and puts the HTML it returns on the page. The same
templates, values and engine as `holdcalc serve`; there is no server, so nothing a
person enters or uploads leaves their device.

The site's script calls `show`, `expire` and `check` with the form's fields as JSON
text; a roster's bytes are written by the script to a path in the runtime's own
in-memory file system, which `check` removes before it returns."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import json
import os
from collections.abc import Mapping
from typing import Any

from holdcalc.web.forms import lang_of
from holdcalc.web.pages import (
    BROWSER_LINKS,
    FILTERS,
    Site,
    Upload,
    case_outcome,
    page_values,
    roster_outcome,
)

PAGES = ("case", "roster")
LIMIT_MB = 50  # a roster larger than this is the installed tool's work
UNPACKED_LIMIT = 4 * LIMIT_MB << 20


@functools.cache
def _site() -> Site:
    return Site.make(BROWSER_LINKS, LIMIT_MB, in_browser=True)


@functools.cache
def _environment() -> Any:
    import jinja2  # noqa: PLC0415

    folder = importlib.resources.files("holdcalc").joinpath("data/web")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, auto_reload=False
    )
    environment.filters.update(FILTERS)
    return environment


def _render(page: str, form: Mapping[str, str], **values: Any) -> str:
    page = page if page in PAGES else "case"
    lang = lang_of(form)
    template = _environment().get_template(f"{page}.html")
    return str(template.render(page_values(_site(), page, lang, form, **values)))


def show(page: str, lang: str) -> str:
    """A page with an empty form."""
    return _render(page, {"lang": lang})


def expire(fields: str, now: str = "") -> str:
    """One case judged, as `holdcalc expire` judges it; `now` (ISO, for tests) else the
    clock."""
    form = _fields(fields)
    _, values = case_outcome(_site(), form, _now(now), lang_of(form))
    return _render("case", form, **values)


def check(fields: str, file_name: str, path: str, now: str = "") -> str:
    """The roster at `path` checked as `holdcalc check` checks it; the file is removed
    whatever the outcome."""
    form = _fields(fields)
    try:
        upload = Upload(file_name, _read(path) if path else b"")
        _, values = roster_outcome(_site(), form, upload, _now(now), lang_of(form), UNPACKED_LIMIT)
    finally:
        if path and os.path.exists(path):
            os.remove(path)
    return _render("roster", form, **values)


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _fields(text: str) -> dict[str, str]:
    values = json.loads(text)
    return {str(key): str(value) for key, value in values.items()}


def _now(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text) if text else dt.datetime.now(dt.UTC)
