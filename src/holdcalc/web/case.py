"""One case on the page: the same expiry, verdict and record as the expire command
prints as JSON, with the letters and the calendar file to download."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from holdcalc.core.errors import InputError
from holdcalc.core.hold import Expiry, hold_expiry
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.limits import LimitSettings
from holdcalc.core.readings import alternatives
from holdcalc.core.rules import RULES
from holdcalc.core.verdict import Case, judge_case
from holdcalc.jobs.moments import read_instant
from holdcalc.letters.fields import Parties
from holdcalc.letters.single import write_letter
from holdcalc.letters.template import LetterSettings
from holdcalc.output.records import case_record
from holdcalc.web.downloads import Download, safe_name
from holdcalc.web.forms import CaseForm, Counting
from holdcalc.web.words import FIELD_WORDS

# Each letter offered: its key on the page (and in the page's words), kind and language.
LETTERS = (
    ("demand", "demand", "en"),
    ("grievance", "grievance", "en"),
    ("grievance_es", "grievance", "es"),
)


@dataclasses.dataclass(frozen=True)
class CaseView:
    """What the page shows of one case."""

    record: dict[str, Any]  # the record the expire command prints as JSON
    downloads: tuple[Download, ...]
    letter_note: str  # why there are no letters, when there are none
    summary: str  # the rule in a phrase, in the page's language


def limit_settings(counting: Counting) -> LimitSettings | None:
    if not counting.jurisdiction:
        return None
    from holdcalc.core.law_table import load_policies  # noqa: PLC0415

    return LimitSettings(
        load_policies(),
        counting.jurisdiction,
        "auto",
        counting.warrant,
        counting.serious,
        counting.agency,
    )


def answer_case(
    form: CaseForm, now: dt.datetime, text: dict[str, str], lang: str = "en"
) -> CaseView:
    """Judge the case as `expire` does, and make its downloads."""
    counting = form.counting

    def at(value: str, what: str) -> dt.datetime:
        return read_instant(value, counting.zone, dayfirst=counting.dayfirst, what=what, now=now)

    rule, calendar = RULES[counting.rule], Calendar(counting.holidays)
    expiry = hold_expiry(at(form.start, "start"), rule=rule, calendar=calendar, zone=counting.zone)
    left = at(form.released, "released") if form.released else None
    moment = None
    if form.still_held:
        moment = at(form.as_of, "as_of") if form.as_of else now
    case = judge_case(expiry, limit_settings(counting), released=left, as_of=moment)
    record = case_record(
        expiry, case.assessment, alternatives(expiry), case.analysis, case.judgement
    )
    downloads, note = _letters(form, case, now, text)
    event = _calendar(expiry, case, form, now, text)
    return CaseView(record, tuple(downloads + event), note, rule.describe(lang))


def _letters(
    form: CaseForm, case: Case, now: dt.datetime, text: dict[str, str]
) -> tuple[list[Download], str]:
    if case.assessment is None:
        return [], ""
    if not form.name or not form.facility:
        return [], text["no_letter"] + text["need_name"]
    parties = Parties(name=form.name, facility=form.facility, booking=form.booking)
    today = now.astimezone(case.assessment.expiry.start.tzinfo).date()
    downloads = []
    for key, kind, lang in LETTERS:
        try:
            letter = write_letter(case, parties, LetterSettings(kind, lang), today)
        except InputError as exc:
            return [], text["no_letter"] + exc.render(FIELD_WORDS)
        name = safe_name(f"{kind}-{lang}-{form.booking or form.name}", ".txt")
        body = letter.text.encode("utf-8")
        downloads.append(Download(key, text[key], name, "text/plain;charset=utf-8", body))
    return downloads, ""


def _calendar(
    expiry: Expiry, case: Case, form: CaseForm, now: dt.datetime, text: dict[str, str]
) -> list[Download]:
    try:
        from holdcalc.output.ics import calendar_text, case_event  # noqa: PLC0415

        binding = case.analysis.deadline if case.analysis else None
        label = " ".join(part for part in (form.booking, form.name) if part)
        body = calendar_text([case_event(expiry, binding, label, now)])
    except InputError:  # the calendar extra is not installed: no calendar file
        return []
    name = safe_name(f"hold-{form.booking or form.name or 'deadline'}", ".ics")
    return [Download("ics", text["ics"], name, "text/calendar;charset=utf-8", body.encode())]
