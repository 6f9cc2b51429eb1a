"""Phrases for the structured parts of rules, limits and excluded days, by language.

Everything holdcalc says about how a hold is counted is built here from parts (hours,
which days are excluded, why a day is excluded), in English or Spanish, so no output
is ever parsed back into its parts. The letter templates hold the rest of the prose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

LANGUAGES = ("en", "es")

_CATALOG: Mapping[str, Mapping[str, str]] = {
    "en": {
        "saturdays": "Saturdays",
        "sundays": "Sundays",
        "holidays": "holidays",
        "and": " and ",
        "every_hour": "{hours} hours, every hour counted",
        "excluding": "{hours} hours excluding {days}",
        "no_hold": "no hold allowed",
        "no_hold_unless": "no hold unless {fact}",
        "with_warrant": "hold allowed with a judicial warrant",
        "allowed_when": "hold allowed when {fact}",
        "must_comply": "jails must honour detainers; no shorter limit",
        "end_of_day": "hold allowed until 11:59 p.m. on the day it began",
        "unverified": "not verified against the law's text",
        "inferred": " (inferred from the start date)",
        "notify_only": "asks only to be told of the release: no detention asked for",
        "form_unread": "the form's own words were not read",
        "hours_from": " (the hours of {source}: the law sets none of its own)",
    },
    "es": {
        "saturdays": "sábados",
        "sundays": "domingos",
        "holidays": "días feriados",
        "and": " ni ",
        "every_hour": "{hours} horas, contando todas las horas",
        "excluding": "{hours} horas sin contar {days}",
        "no_hold": "no se permite ninguna retención",
        "no_hold_unless": "ninguna retención salvo que {fact}",
        "with_warrant": "retención permitida con una orden judicial",
        "allowed_when": "retención permitida cuando {fact}",
        "must_comply": "las cárceles deben cumplir las órdenes de retención; sin límite más corto",
        "end_of_day": "retención permitida hasta las 11:59 p. m. del día en que empezó",
        "unverified": "no verificado con el texto de la ley",
        "inferred": " (deducido de la fecha de inicio)",
        "notify_only": "solo pide que se avise de la liberación: no pide ninguna detención",
        "form_unread": "no se leyó el texto del formulario",
        "hours_from": " (las horas de {source}: la ley no fija ninguna)",
    },
}


def phrase(key: str, lang: str = "en", **values: str) -> str:
    """The phrase `key` in `lang`, with its blanks filled."""
    return _CATALOG[lang][key].format(**values)


def hours_text(hours: float) -> str:
    """48 -> '48', 1.5 -> '1.5'."""
    return str(int(hours)) if float(hours).is_integer() else f"{hours:g}"


def listed(items: Sequence[str], lang: str = "en") -> str:
    """'a', 'a and b', 'a, b and c' (in Spanish, 'ni' for 'and' after 'sin contar')."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + _CATALOG[lang]["and"] + items[-1]
