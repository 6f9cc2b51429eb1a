"""What the two front ends of the page share: `holdcalc serve` (Flask, on a server)
and the browser build (Pyodide, in the visitor's own browser). Both render the same
templates with the same values and filters, and turn a form into an answer or a
refusal here; neither Flask nor the browser runtime is named in this module."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import gzip
import zlib
import zoneinfo
from collections.abc import Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import pass_context

from holdcalc.core.errors import HoldcalcError
from holdcalc.core.holiday_calendar import HOLIDAY_SETS
from holdcalc.core.law_table import AGENCIES
from holdcalc.core.rules import RULES
from holdcalc.output.records import DISCLAIMER
from holdcalc.web.case import answer_case
from holdcalc.web.forms import CaseForm, FormError
from holdcalc.web.roster import RosterForm, check_upload
from holdcalc.web.words import FIELD_WORDS, TEXT, clock_text, day_text, human_time

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


@dataclasses.dataclass(frozen=True)
class Links:
    """Where the page's links and forms lead, `{lang}` filled in: the server's paths,
    or the browser build's routes after `#` (a static site has one address)."""

    case: str
    roster: str
    expire: str
    check: str

    def to(self, page: str, lang: str) -> str:
        return (self.roster if page == "roster" else self.case).format(lang=lang)


SERVER_LINKS = Links("/?lang={lang}", "/roster?lang={lang}", "/expire", "/check?lang={lang}")
BROWSER_LINKS = Links("#case/{lang}", "#roster/{lang}", "#case/{lang}", "#roster/{lang}")


@dataclasses.dataclass(frozen=True)
class Site:
    """What every page offers, the same for every visitor: the zones, the places in
    the law table, where links lead, the upload limit."""

    links: Links
    limit_mb: int = 50
    places: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    in_browser: bool = False  # the browser build: say what needs the installed tool

    @classmethod
    def make(
        cls, links: Links, limit_mb: int = 50, own_zone: str | None = None, in_browser: bool = False
    ) -> Site:
        return cls(links, limit_mb, places(), zones(own_zone), in_browser)

    @property
    def keeps_uploads(self) -> bool:
        """Whether a refused roster goes back inside the page, so that it stays chosen
        (a browser keeps the file input of a page that is never reloaded itself)."""
        return not self.in_browser


KEEP_BYTES = 4 << 20  # a refused roster up to this size, compressed, stays in the page


@dataclasses.dataclass(frozen=True)
class Upload:
    """A roster as sent: its file name and bytes ("" and b"" when none was chosen)."""

    name: str
    data: bytes

    def kept(self) -> dict[str, str] | None:
        """The hidden fields that carry it back in a refused page, if small enough:
        compressed a piece at a time, and given up as soon as the compressed bytes are
        more than KEEP_BYTES of base64 can hold (a large refused roster is not
        compressed whole for nothing)."""
        if not self.name:
            return None
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip stream, as gzip writes
        room = KEEP_BYTES * 3 // 4  # base64 writes 4 characters for every 3 bytes
        parts: list[bytes] = []
        size = 0
        for at in range(0, len(self.data), 1 << 20):
            parts.append(packer.compress(self.data[at : at + (1 << 20)]))
            size += len(parts[-1])
            if size > room:
                return None
        packed = base64.b64encode(b"".join([*parts, packer.flush()])).decode("ascii")
        if len(packed) > KEEP_BYTES:
            return None
        return {"name": self.name, "data": packed}

    @classmethod
    def from_kept(cls, form: Mapping[str, str]) -> Upload:
        """The roster a refused page carried back (none when it carried none)."""
        name, packed = form.get("kept_name") or "", form.get("kept_data") or ""
        if not name or not packed:
            return cls("", b"")
        try:
            return cls(name, gzip.decompress(base64.b64decode(packed, validate=True)))
        except (ValueError, OSError, EOFError, zlib.error):
            damaged = "roster: the kept file was damaged; choose it again"
            raise FormError(damaged, field="roster") from None


def page_values(
    site: Site, page: str, lang: str, form: Mapping[str, str], **values: Any
) -> dict[str, Any]:
    """The values a template is rendered with (`page` is "case" or "roster")."""
    other = "es" if lang == "en" else "en"
    return {
        "t": TEXT[lang],
        "lang": lang,
        "other_lang_code": other,
        "links": site.links,
        "page_name": page,
        "zones": site.zones,
        "us_zones": US_ZONES,
        "places": site.places,
        "rules": tuple(RULES),
        "holiday_sets": HOLIDAY_SETS,
        "agencies": AGENCIES,
        "disclaimer": DISCLAIMER,
        "limit": site.limit_mb,
        "form": form,
        "csrf": "",
        "in_browser": site.in_browser,
        **values,
    }


def refused(error: HoldcalcError) -> dict[str, Any]:
    """A refusal's values: the engine's message worded for the page, and the field it
    names (a form's own error says which) to mark, open and focus."""
    return dict(error=error.render(FIELD_WORDS), bad_field=error.fields.get("field"))


def case_outcome(
    site: Site, form: Mapping[str, str], now: dt.datetime, lang: str
) -> tuple[int, dict[str, Any]]:
    """One case judged as `holdcalc expire` judges it: the page's status and values."""
    try:
        case = CaseForm.read(form, site.places)
        return 200, {"result": answer_case(case, now, TEXT[lang], lang)}
    except HoldcalcError as exc:
        return 400, refused(exc)


def roster_outcome(
    site: Site,
    form: Mapping[str, str],
    upload: Upload,
    now: dt.datetime,
    lang: str,
    unpacked_limit: int,
) -> tuple[int, dict[str, Any]]:
    """A roster checked as `holdcalc check` checks it. Without a file chosen, the one a
    refused page kept is checked; a refused roster is kept in the page in its turn."""
    try:
        if not upload.name and site.keeps_uploads:
            upload = Upload.from_kept(form)
        roster = RosterForm.read(form, upload.name, site.places)
        view = check_upload(roster, _saver(upload.data), now, TEXT[lang], unpacked_limit)
        return 200, {"result": view}
    except HoldcalcError as exc:
        values = refused(exc)
        if site.keeps_uploads:
            values["kept"] = upload.kept()
        return 400, values


def _saver(data: bytes) -> Callable[[str], None]:
    def save(path: str) -> None:
        with open(path, "wb") as handle:
            handle.write(data)

    return save


@pass_context
def _when(context: Any, iso: str, zone: str | None = None) -> str:
    return human_time(iso, zone, context["t"])


@pass_context
def _clock(context: Any, iso: str | None, zone: str | None = None) -> str:
    if not iso:
        return ""
    moment = dt.datetime.fromisoformat(iso)
    return clock_text(moment.astimezone(ZoneInfo(zone)) if zone else moment, context["t"])


@pass_context
def _day_text(context: Any, iso: str) -> str:
    return day_text(dt.date.fromisoformat(iso), context["t"])


# The templates' filters, for whichever Jinja environment renders them.
FILTERS = {"when": _when, "clock": _clock, "day_text": _day_text}


def places() -> tuple[str, ...]:
    from holdcalc.core.law_table import load_policies  # noqa: PLC0415

    return tuple(load_policies().jurisdictions)


def zones(own: str | None = None) -> tuple[str, ...]:
    """Every IANA zone after the common US ones (with the machine's own, and UTC)."""
    rest = sorted(zoneinfo.available_timezones() - set(US_ZONES))
    named = [zone for zone in rest if "/" in zone and not zone.startswith("Etc/")]
    extra = [own] if own and own not in US_ZONES and own not in named else []
    return (*extra, "UTC", *named)
