"""The forms as typed settings: each field read, checked and named in its errors."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from holdcalc.core.errors import InputError
from holdcalc.core.holiday_calendar import HOLIDAY_SETS
from holdcalc.core.law_table import AGENCIES, DEFAULT_AGENCY
from holdcalc.core.rules import RULES
from holdcalc.web.words import LANGS


class FormError(InputError):
    """A field that is missing or cannot be used; `field` names it for the page."""


def text(form: Mapping[str, str], name: str, limit: int = 300) -> str:
    value = (form.get(name) or "").strip()
    if len(value) > limit:
        raise FormError(f"{name}: longer than {limit} characters", field=name)
    return value


def choice(form: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = text(form, name) or default
    if value not in allowed:
        raise FormError(f"{name}: {value!r} is not one of {', '.join(allowed)}", field=name)
    return value


def box(form: Mapping[str, str], name: str) -> bool:
    return (form.get(name) or "") in {"on", "1", "yes", "true"}


def answer(form: Mapping[str, str], name: str) -> bool | None:
    """A yes / no / not known question."""
    return {"yes": True, "no": False}.get(choice(form, name, ("", "yes", "no"), ""))


def lang_of(values: Mapping[str, str]) -> str:
    lang = (values.get("lang") or "en").strip().lower()
    return lang if lang in LANGS else "en"


@dataclasses.dataclass(frozen=True)
class Counting:
    """How a hold is counted, as the form says."""

    zone: str
    rule: str = "cfr"
    holidays: str = "federal"
    dayfirst: bool = False
    jurisdiction: str = ""
    agency: str = DEFAULT_AGENCY
    warrant: bool | None = None
    serious: bool | None = None

    @classmethod
    def read(
        cls, form: Mapping[str, str], jurisdictions: tuple[str, ...], zone_required: bool = True
    ) -> Counting:
        zone = text(form, "tz")
        if not zone and zone_required:
            raise FormError("no time zone: choose the jail's zone in the list", field="tz")
        place = text(form, "jurisdiction").upper()
        if place and place not in jurisdictions:
            raise FormError(
                f"jurisdiction: {place!r} is not in the law table", field="jurisdiction"
            )
        return cls(
            zone=zone,
            rule=choice(form, "rule", tuple(RULES), "cfr"),
            holidays=choice(form, "holidays", HOLIDAY_SETS, "federal"),
            dayfirst=box(form, "dayfirst"),
            jurisdiction=place,
            agency=choice(form, "agency", AGENCIES, DEFAULT_AGENCY),
            warrant=answer(form, "warrant"),
            serious=answer(form, "serious"),
        )


@dataclasses.dataclass(frozen=True)
class CaseForm:
    """One case, as typed."""

    start: str
    counting: Counting
    released: str
    still_held: bool
    as_of: str
    name: str
    facility: str
    booking: str

    @classmethod
    def read(cls, form: Mapping[str, str], jurisdictions: tuple[str, ...]) -> CaseForm:
        start = text(form, "start")
        if not start:
            raise FormError(
                "start: give the time criminal custody ended (e.g. 2024-11-27 16:30)",
                field="start",
            )
        released, still_held, as_of = (
            text(form, "released"),
            box(form, "still_held"),
            text(form, "as_of"),
        )
        if released and (still_held or as_of):
            raise FormError(
                "give either when the person left, or that the person is still held, not both",
                field="released",
            )
        return cls(
            start=start,
            counting=Counting.read(form, jurisdictions),
            released=released,
            still_held=still_held or bool(as_of),
            as_of=as_of,
            name=text(form, "name"),
            facility=text(form, "facility"),
            booking=text(form, "booking"),
        )
