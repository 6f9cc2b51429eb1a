"""The letters' own phrases in English and Spanish, and dates written out in full.

Rules, limits and excluded days are worded from their structured parts (see
holdcalc.core.phrases and the keys here); nothing is translated by rewriting English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from holdcalc.core.hold import Exclusion

_DAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
_MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
}  # fmt: skip

PHRASES: Mapping[str, Mapping[str, str]] = {
    "en": {
        "not_given": "not given",
        "administrator": "Jail Administrator, {facility}",
        "custody_ended_by": "the criminal case no longer required custody",
        "still_held_self": "As of {when}, I was still being held.",
        "released_self": "I was held until {when}.",
        "demand_release_self": "I ask to be released now.",
        "demand_account_self": "I ask for a written explanation of why I was not released "
        "when the hold ended.",
        "still_held": "As of {when}, {name} was still being held.",
        "released": "{name} was held until {when}.",
        "custody_still_held": "who is in your custody",
        "custody_released": "who was held in your custody",
        "demand_release": "I demand that {name} be released immediately.",
        "demand_account": "Although {name} has now left your custody, I demand a written "
        "account of why the hold was not ended when it expired.",
        "no_days": "- none: no weekend day or holiday fell inside the hold",
        "weekend": "weekend",
        "holiday": "{name}",
        "hour": "hour",
        "hours": "hours",
        "minute": "minute",
        "minutes": "minutes",
        "and": "and",
        "binding_no_hold": " But {title} ({citation}) allowed no hold at all, so holding {name} "
        "on the detainer was unlawful from the start, {start}.",
        "binding_local_law": " But a shorter limit binds here: {title} ({citation}), under which "
        "the hold ended on {ends}.",
        "binding_secondary": " (What this law says was read in secondary sources, not in its own "
        "text.)",
        "binding_form": " The detainer form itself ({title}) asked for no more than {detail}, so "
        "the hold ended on {ends}.",
        "detainer_request": "A detainer is a request from an immigration officer. It is not a "
        "warrant, it is not signed by a judge, and it does not oblige you to keep anyone.",
        "detainer_unknown_state": "A detainer is a request from an immigration officer. It is "
        "not a warrant and it is not signed by a judge; federal law does not oblige you to keep "
        "anyone on it, and where a state's law requires honouring detainers it does so only "
        "within the hold's limit.",
        "detainer_must_comply": "A detainer is a request from an immigration officer, not a "
        "warrant signed by a judge. {law} ({citation}) requires this facility to honour such "
        "a request, but only within the hold's limit: nothing in it, or in federal law, "
        "authorizes keeping {name} once the hold has expired.",
        "case_law": "The Third Circuit held that a detainer is only a request, so that a county "
        "which keeps someone on one may be liable for it, and reinstated such a claim against "
        "a county (Galarza v. Szalczyk, 745 F.3d 634 (3d Cir. 2014)); a federal court found a "
        "county liable for keeping a woman in its jail on a detainer (Miranda-Olivares v. "
        "Clackamas County (D. Or. 2014)).",
    },
    "es": {
        "not_given": "no consta",
        "administrator": "Dirección del centro de detención, {facility}",
        "custody_ended_by": "el caso penal ya no justificaba la custodia",
        "still_held_self": "El {when} yo seguía detenido/a.",
        "released_self": "Estuve detenido/a hasta el {when}.",
        "demand_release_self": "Pido que me liberen de inmediato.",
        "demand_account_self": "Pido una explicación por escrito de por qué no me liberaron "
        "cuando venció la retención.",
        "still_held": "El {when}, {name} seguía detenido/a.",
        "released": "{name} estuvo detenido/a hasta el {when}.",
        "custody_still_held": "que se encuentra bajo su custodia",
        "custody_released": "que estuvo bajo su custodia",
        "demand_release": "Exijo la liberación inmediata de {name}.",
        "demand_account": "Aunque {name} ya salió de su custodia, exijo una explicación por "
        "escrito de por qué no se puso fin a la retención cuando venció.",
        "no_days": "- ninguno: ningún fin de semana ni día feriado cayó dentro de la retención",
        "weekend": "fin de semana",
        "holiday": "{name} (día feriado)",
        "hour": "hora",
        "hours": "horas",
        "minute": "minuto",
        "minutes": "minutos",
        "and": "y",
        "binding_no_hold": " Pero {title} ({citation}) no permitía ninguna retención, así que "
        "mantener a {name} detenido/a por la orden de retención fue ilegal desde el principio, "
        "el {start}.",
        "binding_local_law": " Pero aquí rige un límite más corto: {title} ({citation}), según "
        "el cual la retención terminó el {ends}.",
        "binding_secondary": " (Lo que dice esta ley se leyó en fuentes secundarias, no en su "
        "propio texto.)",
        "binding_form": " El propio formulario de la orden ({title}) pedía como máximo {detail}, "
        "así que la retención terminó el {ends}.",
        "detainer_request": "Una orden de retención migratoria es una solicitud de un agente de "
        "inmigración. No es una orden judicial, no la firma un juez y no obliga a nadie a "
        "mantener a una persona detenida.",
        "detainer_unknown_state": "Una orden de retención migratoria es una solicitud de un "
        "agente de inmigración. No es una orden judicial y no la firma un juez; la ley federal "
        "no obliga a mantener a nadie detenido por ella, y donde la ley de un estado exige "
        "cumplir estas solicitudes, lo exige solo dentro del límite de la retención.",
        "detainer_must_comply": "Una orden de retención migratoria es una solicitud de un "
        "agente de inmigración, no una orden judicial firmada por un juez. {law} ({citation}) "
        "exige que este centro cumpla esa solicitud, pero solo dentro del límite de la "
        "retención: ni esa ley ni la ley federal autorizan mantener detenido/a a {name} una "
        "vez vencida la retención.",
        "case_law": "El Tercer Circuito resolvió que una orden de retención es solo una "
        "solicitud, de modo que un condado que mantiene detenida a una persona por ella puede "
        "ser responsable, y restableció una demanda así contra un condado (Galarza v. "
        "Szalczyk, 745 F.3d 634 (3d Cir. 2014)); un tribunal federal declaró responsable a un "
        "condado por mantener a una mujer en su cárcel por una orden de retención "
        "(Miranda-Olivares v. Clackamas County (D. Or. 2014)).",
    },
}


def written(moment: dt.datetime, lang: str) -> str:
    """A date and time as people read them, in the moment's own zone."""
    clock = moment.strftime("%I:%M").lstrip("0")
    zone = moment.tzname() or ""
    if lang == "es":
        half = "a. m." if moment.hour < 12 else "p. m."
        return f"{written_date(moment.date(), lang)}, a las {clock} {half} ({zone})"
    half = "AM" if moment.hour < 12 else "PM"
    return f"{written_date(moment.date(), lang)} at {clock} {half} {zone}"


def written_date(day: dt.date, lang: str) -> str:
    weekday, month = _DAYS[lang][day.weekday()], _MONTHS[lang][day.month - 1]
    if lang == "es":
        return f"{weekday}, {day.day} de {month} de {day.year}"
    return f"{weekday}, {month} {day.day}, {day.year}"


def duration(delta: dt.timedelta, lang: str) -> str:
    """'16 hours and 30 minutes'."""
    words = PHRASES[lang]
    minutes = round(delta.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours:,} {words['hours' if hours != 1 else 'hour']}")
    if minutes or not hours:
        parts.append(f"{minutes} {words['minutes' if minutes != 1 else 'minute']}")
    return f" {words['and']} ".join(parts)


def excluded_because(exclusion: Exclusion, lang: str) -> str:
    """Why a day was excluded; the weekday is already in the written date."""
    parts = []
    if exclusion.weekend is not None:
        parts.append(PHRASES[lang]["weekend"])
    if exclusion.holiday is not None:
        parts.extend(
            PHRASES[lang]["holiday"].format(name=name) for name in exclusion.holiday.split("; ")
        )
    return "; ".join(parts)
