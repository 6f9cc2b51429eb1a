"""Demand letters and grievances: template language, phrases, fields, batch writing."""

from holdcalc.core.phrases import LANGUAGES
from holdcalc.letters.fields import Parties, fields_for, ready_for_demand
from holdcalc.letters.phrases import written, written_date
from holdcalc.letters.template import (
    FIELDS,
    KINDS,
    builtin_template,
    check_template,
    load_template,
    render,
)

__all__ = [
    "FIELDS",
    "KINDS",
    "LANGUAGES",
    "Parties",
    "builtin_template",
    "check_template",
    "fields_for",
    "load_template",
    "ready_for_demand",
    "render",
    "written",
    "written_date",
]
