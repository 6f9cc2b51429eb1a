"""The values of a letter's fields, from a judged case and who the letter is about."""

from __future__ import annotations

import dataclasses
import datetime as dt

from holdcalc.core.errors import InputError
from holdcalc.core.hold import Expiry
from holdcalc.core.law_table import LimitKind
from holdcalc.core.limits import Analysis
from holdcalc.core.phrases import LANGUAGES
from holdcalc.core.recipes import LimitSource
from holdcalc.core.verdict import Assessment
from holdcalc.letters.phrases import PHRASES, duration, excluded_because, written, written_date


@dataclasses.dataclass(frozen=True)
class Parties:
    """Who the letter is about, from and to; blank values get the defaults."""

    name: str
    facility: str
    booking: str = ""
    case_number: str = ""
    addressee: str = ""
    sender: str = ""
    custody_ended_by: str = ""
    date: dt.date | None = None


def _given(parties: Parties, lang: str, today: dt.date | None) -> dict[str, str]:
    """The fields the user supplies, with their defaults."""
    words = PHRASES[lang]
    name, facility = parties.name.strip(), parties.facility.strip()
    letter_day = parties.date or today
    if letter_day is None:
        raise ValueError("give the letter's date: Parties(date=...) or today=")
    return {
        "name": name,
        "facility": facility,
        "booking": parties.booking.strip() or words["not_given"],
        "case_number": parties.case_number.strip() or words["not_given"],
        "addressee": parties.addressee.strip() or words["administrator"].format(facility=facility),
        "sender": parties.sender.strip() or name,
        "date": written_date(letter_day, lang),
        "custody_ended_by": parties.custody_ended_by.strip() or words["custody_ended_by"],
    }


def _situation(assessment: Assessment, name: str, lang: str) -> dict[str, str]:
    """Where the person stands, and what the letter asks for."""
    words = PHRASES[lang]
    released = assessment.released
    checked = released if released is not None else assessment.as_of
    assert checked is not None
    when = written(checked, lang)
    state = "released" if released is not None else "still_held"
    ask = "demand_account" if released is not None else "demand_release"
    return {
        "checked_at": when,
        "situation": words[state].format(name=name, when=when),
        "custody_status": words[f"custody_{state}"],
        "demand": words[ask].format(name=name),
        "situation_self": words[f"{state}_self"].format(when=when),
        "demand_self": words[f"{ask}_self"],
    }


def fields_for(
    assessment: Assessment,
    parties: Parties,
    lang: str = "en",
    today: dt.date | None = None,
    analysis: Analysis | None = None,
) -> dict[str, str]:
    """Every template field's value for one case."""
    if lang not in LANGUAGES:
        raise InputError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    given = _given(parties, lang, today)
    expiry = assessment.expiry
    rule = expiry.rule
    days = [
        f"- {written_date(day.date, lang)}: {excluded_because(day.exclusion, lang)}"
        for day in expiry.excluded
    ]
    return {
        **given,
        "start": written(expiry.start, lang),
        "zone": expiry.zone,
        "rule_citation": rule.citation,
        "rule_wording": rule.wording.for_letter(),
        "rule_summary": rule.describe(lang),
        "hold_hours": f"{rule.hours:g}",
        "holidays": expiry.calendar.label if rule.exclude_holidays else "none",
        "excluded_days": "\n".join(days) or PHRASES[lang]["no_days"],
        "expires_at": written(assessment.deadline, lang),
        "rule_expires_at": written(expiry.expires_at, lang),
        "binding_note": binding_note(analysis, expiry, lang, given["name"]),
        "detainer_law": detainer_law(analysis, lang, given["name"]),
        "case_law": PHRASES[lang]["case_law"],
        "status": assessment.status.value,
        "hours_over": f"{assessment.over_by_hours:.2f}",
        "time_over": duration(assessment.over_by, lang),
        **_situation(assessment, given["name"], lang),
    }


def binding_note(analysis: Analysis | None, expiry: Expiry, lang: str, name: str) -> str:
    """A sentence naming the binding limit when it ends before the rule's expiry."""
    if analysis is None or analysis.binding.source is LimitSource.REGULATION:
        return ""
    binding = analysis.binding
    if binding.expires_at is None or binding.expires_at >= expiry.expires_at:
        return ""
    if binding.source is LimitSource.FORM:
        key, title = "binding_form", f"Form {binding.name}"
    else:
        forbids = binding.expires_at == expiry.start
        key, title = ("binding_no_hold" if forbids else "binding_local_law"), binding.name
    detail = binding.counting.describe(lang) if binding.counting is not None else ""
    caveat = "" if binding.verified else PHRASES[lang]["binding_secondary"]
    return (
        PHRASES[lang][key].format(
            title=title,
            citation=binding.citation,
            name=name,
            start=written(expiry.start, lang),
            ends=written(binding.expires_at, lang),
            detail=detail,
        )
        + caveat
    )


def detainer_law(analysis: Analysis | None, lang: str, name: str) -> str:
    """What a detainer obliges the jail to do, from the law of the case's place: where
    state law requires honouring detainers, only within the hold's limit; elsewhere
    nothing; with no place given, both said as they hold everywhere."""
    words = PHRASES[lang]
    if analysis is None or not analysis.policies:  # no law of the place known
        return words["detainer_unknown_state"]
    comply = [p for p in analysis.policies if p.kind is LimitKind.MUST_COMPLY]
    if comply:
        law = comply[0]
        return words["detainer_must_comply"].format(law=law.name, citation=law.citation, name=name)
    return words["detainer_request"]


def ready_for_demand(assessment: Assessment) -> bool:
    """A demand makes sense only once the hold has run out."""
    return assessment.status.overrun
