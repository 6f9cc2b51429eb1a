"""One case's letter: whether it may be written, and its text.

A demand or a grievance states that a hold ran out. It is refused (unless a draft is
asked for) while the hold is still within its limit, and while the answer turns on a
fact nobody gave (a judicial warrant, a serious offence)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from holdcalc.core.errors import InputError, Setting
from holdcalc.core.limits import Analysis
from holdcalc.core.verdict import Assessment, Case
from holdcalc.letters.fields import Parties, fields_for, ready_for_demand
from holdcalc.letters.template import LetterSettings, load_template, render


@dataclasses.dataclass(frozen=True)
class Letter:
    """A letter's text, and the law-table entry it cites when one binds."""

    text: str
    analysis: Analysis | None


def letter_judgement(case: Case, *, draft: bool) -> tuple[Assessment, Analysis | None]:
    """The assessment a letter states, against the binding limit when one was asked for."""
    assert case.assessment is not None  # a letter always has a departure or an as-of
    if case.analysis is None or case.judgement is None:
        return case.assessment, None
    if case.judgement.undecided and not draft:
        raise InputError(
            f"whether the hold was overrun depends on whether {case.analysis.depends_on}; "
            "settle it with ",
            Setting.FACTS,
            " (or use ",
            Setting.DRAFT,
            ")",
        )
    return case.assessment, case.analysis


def write_letter(
    case: Case,
    parties: Parties,
    settings: LetterSettings,
    today: dt.date,
    *,
    draft: bool = False,
) -> Letter:
    """The letter for one judged case (an InputError when it may not be written)."""
    template, source = load_template(settings.kind, settings.lang, settings.template_path)
    assessment, analysis = letter_judgement(case, draft=draft)
    if not ready_for_demand(assessment) and not draft:
        raise InputError(
            f"the hold has not expired: it expires {assessment.deadline.isoformat()} "
            f"({assessment.status.value}); a {settings.kind} now would be wrong. Use ",
            Setting.DRAFT,
            " to write it anyway",
        )
    fields = fields_for(assessment, parties, settings.lang, today=today, analysis=analysis)
    return Letter(render(template, fields, fmt=settings.fmt, source=source), analysis)
