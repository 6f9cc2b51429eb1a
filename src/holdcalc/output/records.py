"""Plain-data views of results: dicts ready for JSON, with stable field names."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from holdcalc.core.hold import DayKind, Expiry
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.readings import Alternative
from holdcalc.core.verdict import Assessment

if TYPE_CHECKING:  # imported only for types: the analysis is not loaded unless asked for
    from holdcalc.core.law_table import Policy
    from holdcalc.core.limits import Analysis, Judgement

DISCLAIMER = (
    "holdcalc is a calculator, not legal advice: check the start time, the zone and "
    "the calendar, and have a lawyer review anything filed."
)


def hours(delta: dt.timedelta) -> float:
    """A duration in hours, to two decimals."""
    return round(delta.total_seconds() / 3600, 2)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def expiry_record(
    expiry: Expiry,
    assessment: Assessment | None = None,
    others: tuple[Alternative, ...] = (),
) -> dict[str, Any]:
    """Everything about one hold, as JSON-ready data (field names are a stable contract)."""
    rule = expiry.rule
    status = assessment.status.value if assessment else None
    return {
        "start": expiry.start.isoformat(),
        "clock_starts": expiry.clock_starts.isoformat(),
        "expires_at": expiry.expires_at.isoformat(),
        "tz": expiry.zone,
        "rule": rule.key,
        "rule_title": rule.title,
        "rule_summary": rule.describe(),
        "hours": _number(rule.hours),
        "holidays": expiry.calendar.label if rule.exclude_holidays else "none",
        "state": expiry.calendar.state,
        "citation": rule.citation,
        "wording": rule.wording.quoted,
        "wording_source": rule.wording.source,
        "description": rule.wording.plain,
        "rule_note": rule.note or None,
        "excluded": [
            {"date": day.date.isoformat(), "reason": day.reason} for day in expiry.excluded
        ],
        "ledger": [
            {
                "date": day.date.isoformat(),
                "counted": day.kind is DayKind.COUNTED,
                "reason": day.reason,
                "from": day.counted_from.isoformat() if day.counted_from else None,
                "to": day.counted_to.isoformat() if day.counted_to else None,
                "hours": hours(day.counted),
                "running_hours": hours(day.running),
            }
            for day in expiry.ledger
        ],
        "status": status,
        "released": assessment.released.isoformat() if assessment and assessment.released else None,
        "as_of": assessment.as_of.isoformat() if assessment and assessment.as_of else None,
        "over_by_hours": hours(assessment.over_by) if assessment else None,
        "remaining_hours": (
            hours(assessment.remaining) if assessment and assessment.remaining is not None else None
        ),
        "alternatives": [
            {
                "rule": other.rule.key,
                "holidays": other.holidays,
                "expires_at": other.expires_at.isoformat(),
                "citation": other.rule.citation,
                "differs": other.differs,
                "note": other.note or None,
            }
            for other in others
        ],
        "disclaimer": DISCLAIMER,
    }


def calendar_record(calendar: Calendar, year: int) -> dict[str, Any]:
    days = calendar.year(year)
    return {
        "year": year,
        "holidays": calendar.label,
        "state": calendar.state,
        "days": [
            {"date": day.isoformat(), "weekday": day.strftime("%A"), "name": name}
            for day, name in sorted(days.items())
        ],
        "area_only": [
            {"date": day.isoformat(), "weekday": day.strftime("%A"), "name": text}
            for day, text in sorted(calendar.area_only(year).items())
        ],
    }


def case_record(
    expiry: Expiry,
    assessment: Assessment | None,
    others: tuple[Alternative, ...],
    analysis: Analysis | None = None,
    judgement: Judgement | None = None,
) -> dict[str, Any]:
    """Everything about one case: with an analysis, `expires_at` is the binding limit's
    end and `rule_expires_at` the rule's. `law_judged`: whether state and local law was
    looked at (a place was asked about), so that a reader can tell an answer that found
    no such law from one that did not look."""
    record = expiry_record(expiry, assessment, others)
    record["law_judged"] = analysis is not None and analysis.law_judged
    if analysis is not None:
        record["rule_expires_at"] = record["expires_at"]
        record["expires_at"] = analysis.deadline.isoformat()
        record.update(analysis_record(analysis, judgement))
    return record


def policy_record(policy: Policy) -> dict[str, Any]:
    """One entry of the law table."""
    return {
        "jurisdiction": policy.jurisdiction,
        "name": policy.name,
        "level": policy.level,
        "effective_from": policy.effective_from.isoformat(),
        "effective_to": policy.effective_to.isoformat() if policy.effective_to else None,
        "kind": policy.kind.value,
        "conditions": policy.conditions or None,
        "hours": policy.hours,
        "counting": policy.counting if policy.hours else None,
        "citation": policy.citation,
        "sources": list(policy.sources),
        "evidence": policy.evidence.value,
        "agencies": list(policy.agencies),
        "hours_from": policy.hours_from or None,
        "source": policy.source,  # the sources in one line, as before
        "verified": policy.verified,
        "note": policy.note,
    }


def analysis_record(analysis: Analysis, judgement: Judgement | None) -> dict[str, Any]:
    """The binding-limit fields added to `expiry_record` when a jurisdiction or form is given."""
    from holdcalc.core.law_table import notice  # noqa: PLC0415  (only with an analysis)

    policy = analysis.policy
    record: dict[str, Any] = {
        "limits": [
            {
                "source": limit.source.value,
                "title": limit.title,
                "citation": limit.citation,
                "expires_at": limit.expires_at.isoformat() if limit.expires_at else None,
                "detail": limit.detail,
            }
            for limit in analysis.limits
        ],
        "binding": analysis.binding.source.value,
        "binding_title": analysis.binding.title,
        "binding_citation": analysis.binding.citation,
        "form": analysis.form,
        "form_inferred": analysis.form_inferred,
        "agency": analysis.agency,  # the entries were chosen for this kind of agency
        "policy": None
        if policy is None
        else {
            "jurisdiction": policy.jurisdiction,
            "name": policy.name,
            "kind": policy.kind.value,
            "citation": policy.citation,
            "effective_from": policy.effective_from.isoformat(),
            "effective_to": policy.effective_to.isoformat() if policy.effective_to else None,
            "evidence": policy.evidence.value,
            "sources": list(policy.sources),
            "verified": policy.verified,
            "note": policy.note,
        },
        # Every law in force along the place's chain (a state's, then its county's or
        # city's), each with its source; `policy` above is the most local of them.
        "policies": [policy_record(found) for found in analysis.policies],
        "depends_on": analysis.depends_on,
        "policy_notice": notice(analysis.table_as_of),
    }
    if judgement is not None:
        record["status"] = judgement.status.value
        record["over_by_hours"] = hours(judgement.certain_over)
        record["status_if_fact_holds"] = (
            judgement.if_fact_holds.status.value if judgement.if_fact_holds else None
        )
    return record
