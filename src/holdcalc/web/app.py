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
import zoneinfo
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, Response, current_app, render_template, request, session
from jinja2 import pass_context
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from holdcalc.core.clock import default_zone
from holdcalc.core.errors import HoldcalcError
from holdcalc.core.holiday_calendar import HOLIDAY_SETS
from holdcalc.core.law_table import AGENCIES
from holdcalc.core.rules import RULES
from holdcalc.output.records import DISCLAIMER
from holdcalc.web.case import answer_case
from holdcalc.web.forms import CaseForm, lang_of
from holdcalc.web.roster import RosterForm, check_upload
from holdcalc.web.words import TEXT

LOG = logging.getLogger("holdcalc.web")
# The common US zones, listed first with cities a person looks for (a select finds an
# option by the letters typed, and the page's search box by any word of its label).
US_ZONES = {
    "America/New_York": "New York, Miami, Atlanta, Boston",
    "America/Chicago": "Chicago, Houston, Dallas, New Orleans",
    "America/Denver": "Denver, Salt Lake City, Albuquerque",
    "America/Phoenix": "Phoenix, Arizona (no daylight saving)",
    "America/Los_Angeles": "Los Angeles, San Francisco, Seattle, Las Vegas",
    "America/Anchorage": "Anchorage, Alaska",
    "Pacific/Honolulu": "Honolulu, Hawaii",
    "America/Puerto_Rico": "San Juan, Puerto Rico",
    "America/Detroit": "Detroit, Michigan",
    "America/Indiana/Indianapolis": "Indianapolis, Indiana",
    "America/Kentucky/Louisville": "Louisville, Kentucky",
    "America/Boise": "Boise, Idaho",
    "America/Adak": "Adak, Aleutian Islands",
    "Pacific/Guam": "Guam",
    "Pacific/Pago_Pago": "American Samoa",
    "America/St_Thomas": "U.S. Virgin Islands",
}
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
    places: tuple[str, ...]
    zones: tuple[str, ...]


def create_app(settings: WebSettings | None = None) -> Flask:
    """The web application (a WSGI app; `holdcalc serve` runs it with waitress)."""
    settings = settings or WebSettings()
    folder = importlib.resources.files("holdcalc").joinpath("data/web")
    app = Flask(__name__, template_folder=str(folder))
    app.jinja_env.autoescape = True
    app.jinja_env.filters.update(when=_when, clock=_clock, day_text=_day_text)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
    )
    app.extensions["holdcalc"] = _State(settings, _places(), _zones())
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
    state = _state()
    form = request.form if form is None else form
    lang = lang_of({**request.args, **form})
    token = session.setdefault("csrf", secrets.token_urlsafe(32))
    html = render_template(
        name,
        t=TEXT[lang],
        lang=lang,
        csrf=token,
        zones=state.zones,
        us_zones=US_ZONES,
        places=state.places,
        rules=tuple(RULES),
        holiday_sets=HOLIDAY_SETS,
        agencies=AGENCIES,
        default_zone=default_zone()[0] or "",
        disclaimer=DISCLAIMER,
        limit=state.settings.max_upload_mb,
        form=form,
        **values,
    )
    return html, status


def _csrf_ok() -> bool:
    sent, kept = request.form.get("csrf_token", ""), session.get("csrf", "")
    return bool(kept) and hmac.compare_digest(sent.encode(), kept.encode())


def case_page() -> tuple[str, int]:
    return page("case.html")


def expire() -> tuple[str, int]:
    """One case judged, as `holdcalc expire` judges it."""
    text = TEXT[lang_of(request.values)]
    if not _csrf_ok():
        return page("case.html", 400, error=text["csrf"])
    state = _state()
    try:
        form = CaseForm.read(request.form, state.places)
        view = answer_case(form, state.settings.now(), text, lang_of(request.values))
    except HoldcalcError as exc:
        return _refused("case.html", exc)
    return page("case.html", result=view)


def roster_page() -> tuple[str, int]:
    return page("roster.html")


def check() -> tuple[str, int]:
    """A roster checked, as `holdcalc check` checks it."""
    text = TEXT[lang_of(request.values)]
    if not _csrf_ok():
        return page("roster.html", 400, error=text["csrf"])
    state = _state()
    upload = request.files.get("roster")
    began = time.monotonic()
    try:
        name = (upload.filename or "") if upload is not None else ""
        form = RosterForm.read(request.form, name, state.places)
        assert upload is not None
        settings = state.settings
        view = check_upload(form, upload.save, settings.now(), text, settings.unpacked_limit)
    except HoldcalcError as exc:
        return _refused("roster.html", exc)
    finally:
        if upload is not None:
            upload.close()
    LOG.info("checked %d rows in %.1f s", view.total, time.monotonic() - began)
    return page("roster.html", result=view)


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


@pass_context
def _when(context: Any, iso: str, zone: str | None = None) -> str:
    from holdcalc.web.words import human_time  # noqa: PLC0415

    return human_time(iso, zone, context["t"])


@pass_context
def _clock(context: Any, iso: str | None, zone: str | None = None) -> str:
    if not iso:
        return ""
    from holdcalc.web.words import clock_text  # noqa: PLC0415

    moment = dt.datetime.fromisoformat(iso)
    return clock_text(moment.astimezone(ZoneInfo(zone)) if zone else moment, context["t"])


@pass_context
def _day_text(context: Any, iso: str) -> str:
    from holdcalc.web.words import day_text  # noqa: PLC0415

    return day_text(dt.date.fromisoformat(iso), context["t"])


def _refused(name: str, error: HoldcalcError) -> tuple[str, int]:
    """The form again with the engine's message, worded for the page, and the field it
    names marked (a form's own error says which)."""
    return page(name, 400, error=_worded(error), bad_field=error.fields.get("field"))


def _worded(error: HoldcalcError) -> str:
    from holdcalc.web.words import FIELD_WORDS  # noqa: PLC0415

    return error.render(FIELD_WORDS)


def _places() -> tuple[str, ...]:
    from holdcalc.core.law_table import load_policies  # noqa: PLC0415

    return tuple(load_policies().jurisdictions)


def _zones() -> tuple[str, ...]:
    """Every IANA zone after the common US ones (with the machine's own, and UTC)."""
    rest = sorted(zoneinfo.available_timezones() - set(US_ZONES))
    named = [zone for zone in rest if "/" in zone and not zone.startswith("Etc/")]
    own = default_zone()[0]
    extra = [own] if own and own not in US_ZONES and own not in named else []
    return (*extra, "UTC", *named)
