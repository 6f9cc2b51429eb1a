"""The web page: Flask routes, the CSRF token, the upload limit, safe headers.

Pages are rendered on the server from autoescaping templates and work without
JavaScript. Nothing a person enters is logged or kept: a roster is checked in a
temporary folder that is gone before the page is sent, and the files to download
travel inside the page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import importlib.resources
import logging
import secrets
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app, render_template, request, session
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from holdcalc.core.clock import default_zone
from holdcalc.web.forms import lang_of
from holdcalc.web.pages import (
    FILTERS,
    SERVER_LINKS,
    Site,
    Upload,
    case_outcome,
    page_values,
    roster_outcome,
)
from holdcalc.web.words import TEXT

LOG = logging.getLogger("holdcalc.web")
CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# The page's icon (a clock face), sent inline and at /favicon.ico, so no browser asks
# for one and logs a 404.
ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" '
    'fill="#fff" stroke="#234" stroke-width="2"/><path d="M8 4v4l3 2" stroke="#234" '
    'stroke-width="2" fill="none"/></svg>'
)


@dataclasses.dataclass(frozen=True)
class WebSettings:
    """How the page runs: the upload limit, the names it answers to, and the clock (an
    argument, for tests)."""

    max_upload_mb: int = 50
    clock: Any = None  # a function returning "now" as an aware datetime; None: the real clock
    # The host names a request may carry (besides this machine's loopback names); None:
    # any, for a server bound to every address. A page that answered any name could be
    # reached by DNS rebinding: a site whose name points at 127.0.0.1 reads it.
    hosts: frozenset[str] | None = frozenset()
    max_unpacked_mb: int | None = None  # a compressed roster unpacked; None: 4x the upload

    def now(self) -> dt.datetime:
        return self.clock() if self.clock else dt.datetime.now(dt.UTC)

    @property
    def unpacked_limit(self) -> int:
        """Bytes a roster may hold once unpacked (gzip, or a workbook's parts)."""
        return (self.max_unpacked_mb or 4 * self.max_upload_mb) * 1024 * 1024

    def answers_to(self, host: str) -> bool:
        """Whether a request's Host header names this server."""
        if self.hosts is None:
            return True
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 or "]" in host else host
        name = name.strip("[]").lower()
        return name in LOOPBACK_NAMES or name in self.hosts


@dataclasses.dataclass(frozen=True)
class _State:
    settings: WebSettings
    site: Site


def create_app(settings: WebSettings | None = None) -> Flask:
    """The web application (a WSGI app; `holdcalc serve` runs it with waitress)."""
    settings = settings or WebSettings()
    folder = importlib.resources.files("holdcalc").joinpath("data/web")
    app = Flask(__name__, template_folder=str(folder))
    app.jinja_env.autoescape = True
    app.jinja_env.filters.update(FILTERS)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
    )
    site = Site.make(SERVER_LINKS, settings.max_upload_mb, default_zone()[0])
    app.extensions["holdcalc"] = _State(settings, site)
    app.add_url_rule("/", view_func=case_page, methods=["GET"])
    app.add_url_rule("/expire", view_func=expire, methods=["POST"])
    app.add_url_rule("/roster", view_func=roster_page, methods=["GET"])
    app.add_url_rule("/check", view_func=check, methods=["POST"])
    app.add_url_rule("/favicon.ico", view_func=icon, methods=["GET"])
    app.register_error_handler(RequestEntityTooLarge, too_big)
    app.register_error_handler(404, not_found)
    app.before_request(_known_host)
    app.after_request(_headers)
    return app


def _known_host() -> Response | None:
    """Refuse a request for a host name this server was not started for, before any
    page, token or check is given."""
    if _state().settings.answers_to(request.host):
        return None
    return Response("unknown host\n", 421, {"Content-Type": "text/plain; charset=utf-8"})


def icon() -> Response:
    return Response(ICON, 200, {"Content-Type": "image/svg+xml", "Cache-Control": "max-age=86400"})


def _state() -> _State:
    state: _State = current_app.extensions["holdcalc"]
    return state


def page(
    name: str, status: int = 200, form: Mapping[str, str] | None = None, **values: Any
) -> tuple[str, int]:
    """A page in the asker's language, with a fresh form token; `form` refills the
    fields (the request's own form unless given)."""
    form = request.form if form is None else form
    lang = lang_of({**request.args, **form})
    token = session.setdefault("csrf", secrets.token_urlsafe(32))
    values = page_values(_state().site, name.removesuffix(".html"), lang, form, **values)
    return render_template(name, **{**values, "csrf": token}), status


def _csrf_ok() -> bool:
    sent, kept = request.form.get("csrf_token", ""), session.get("csrf", "")
    return bool(kept) and hmac.compare_digest(sent.encode(), kept.encode())


def case_page() -> tuple[str, int]:
    return page("case.html")


def expire() -> tuple[str, int]:
    """One case judged, as `holdcalc expire` judges it."""
    lang = lang_of(request.values)
    if not _csrf_ok():
        return page("case.html", 400, error=TEXT[lang]["csrf"])
    state = _state()
    status, values = case_outcome(state.site, request.form, state.settings.now(), lang)
    return page("case.html", status, **values)


def roster_page() -> tuple[str, int]:
    return page("roster.html")


def check() -> tuple[str, int]:
    """A roster checked, as `holdcalc check` checks it."""
    lang = lang_of(request.values)
    if not _csrf_ok():
        return page("roster.html", 400, error=TEXT[lang]["csrf"])
    state, settings = _state(), _state().settings
    sent = request.files.get("roster")
    began = time.monotonic()
    try:
        upload = Upload(sent.filename or "", sent.read()) if sent else Upload("", b"")
    finally:
        if sent is not None:
            sent.close()
    status, values = roster_outcome(
        state.site, request.form, upload, settings.now(), lang, settings.unpacked_limit
    )
    if "result" in values:
        LOG.info("checked %d rows in %.1f s", values["result"].total, time.monotonic() - began)
    return page("roster.html", status, **values)


def too_big(_: HTTPException) -> tuple[str, int]:
    limit = _state().settings.max_upload_mb
    words = TEXT[lang_of(request.args)]
    return page("roster.html", 413, form={}, error=words["too_big"].format(limit=limit))


def not_found(_: HTTPException) -> tuple[str, int]:
    return page("case.html", 404, error=TEXT[lang_of(request.args)]["not_found"])


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"  # frame-ancestors, for browsers without CSP 2
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("Cache-Control", "no-store")
    return response
