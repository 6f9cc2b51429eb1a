"""The report's headline: one sentence in plain words, English or Spanish, from the run's
figures, and the figures a county board asks for first.

Pure data and text: the template lays it out. Every number is one of the run's figures
(`RunFigures`, as in the summary file) or counted by the report from the same verdicts, so
the sentence can be checked against the checked file. The kinds of excess are never
added together: people released late, people still held past the limit as of the as-of
time, and rows with no departure recorded (stale) each have their own figure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Sequence

from holdcalc.core.verdict import JUDGED
from holdcalc.roster.summary import Group, OverHours, RunFigures

MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
        "septiembre", "octubre", "noviembre", "diciembre",
    ),
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Scope:
    """What the sentence says of the run besides its figures: the first and last month a
    hold began, the place (a facility, or a jurisdiction), the as-of time in words, and
    the days after which a still-held row was taken to be stale."""

    first: tuple[int, int] | None  # (year, month)
    last: tuple[int, int] | None
    place: str | None
    as_of: str
    stale_after: float | None = None


def holds_judged(figures: RunFigures) -> int:
    """Holds that began and were judged: every row but errors and bookings whose hold
    never ran (no hold, not started, lifted, left before it)."""
    return sum(figures.statuses.get(status.value, 0) for status in JUDGED)


def sentence(figures: RunFigures, scope: Scope, lang: str = "en") -> str:
    """The headline in plain words: who was released after the limit, how long past it
    in days (hours beside), and what it cost at the bed rate when one was given; then,
    each in its own sentence, who was still held past it and what was counted apart."""
    words = _ENGLISH if lang == "en" else _SPANISH
    late = figures.groups.get(Group.RELEASED_LATE, _NONE)
    held = figures.groups.get(Group.STILL_HELD, _NONE)
    stale = figures.groups.get(Group.STALE, _NONE)
    parts = [words.released(_period(scope, lang), holds_judged(figures), late, scope.place)]
    if late.rows and late.cost is not None and figures.bed_cost_per_day is not None:
        parts[0] = parts[0][:-1] + words.cost(late.cost, figures.bed_cost_per_day)
    if held.rows:
        parts.append(words.still_held(held, scope.as_of))
    if stale.rows:
        parts.append(words.stale(stale.rows, scope.stale_after or 0, scope.as_of))
    return " ".join(parts)


_NONE = OverHours(0, 0.0, 0.0, 0.0)


def _period(scope: Scope, lang: str) -> str:
    months = MONTHS[lang]
    if scope.first is None or scope.last is None:
        return "In this roster" if lang == "en" else "En este registro"
    (y1, m1), (y2, m2) = scope.first, scope.last
    if lang == "en":
        if (y1, m1) == (y2, m2):
            return f"In {months[m1 - 1]} {y1}"
        if y1 == y2:
            return f"From {months[m1 - 1]} to {months[m2 - 1]} {y2}"
        return f"From {months[m1 - 1]} {y1} to {months[m2 - 1]} {y2}"
    if (y1, m1) == (y2, m2):
        return f"En {months[m1 - 1]} de {y1}"
    if y1 == y2:
        return f"De {months[m1 - 1]} a {months[m2 - 1]} de {y2}"
    return f"De {months[m1 - 1]} de {y1} a {months[m2 - 1]} de {y2}"


def human_day(moment: dt.datetime, lang: str) -> str:
    """A moment as people read it: "1 January 2025, 00:00 UTC", "1 de enero de 2025, ..."."""
    month = MONTHS[lang][moment.month - 1]
    day = (
        f"{moment.day} {month} {moment.year}"
        if lang == "en"
        else (f"{moment.day} de {month} de {moment.year}")
    )
    return f"{day}, {moment:%H:%M} {moment.tzname() or ''}".rstrip()


def _days(hours: float) -> str:
    return f"{hours / 24:,.1f}"


class _English:
    @staticmethod
    def released(period: str, holds: int, late: OverHours, place: str | None) -> str:
        people = "person" if holds == 1 else "people"
        where = f" at {place}" if place else ""
        if not holds:
            return f"{period}, no hold on an ICE detainer{where} could be judged."
        if not late.rows and holds == 1:
            return (
                f"{period}, the one person held on an ICE detainer{where} was not released "
                "after the legal limit."
            )
        if not late.rows:
            return (
                f"{period}, none of the {holds:,} people held on ICE detainers{where} was "
                "released after the legal limit."
            )
        verb = "was" if late.rows == 1 else "were"
        return (
            f"{period}, {late.rows:,} of {holds:,} {people} held on ICE detainers{where} "
            f"{verb} released after the legal limit: {_days(late.total)} days in all "
            f"({late.total:,.1f} hours)."
        )

    @staticmethod
    def cost(cost: float, rate: float) -> str:
        return f", ${cost:,.0f} at ${rate:,.0f} a day."

    @staticmethod
    def still_held(held: OverHours, as_of: str) -> str:
        verb = "was" if held.rows == 1 else "were"
        return (
            f"As of {as_of}, {held.rows:,} more {verb} still held past the limit, per the "
            f"roster: {_days(held.total)} days so far ({held.total:,.1f} hours)."
        )

    @staticmethod
    def stale(rows: int, after: float, as_of: str) -> str:
        what = "row has" if rows == 1 else "rows have"
        its, counted = ("its", "it is") if rows == 1 else ("their", "they are")
        return (
            f"{rows:,} {what} no departure recorded though {its} hold began more than "
            f"{after:g} days before {as_of}: probably released, {counted} counted apart "
            "and in no total above."
        )


class _Spanish:
    @staticmethod
    def released(period: str, holds: int, late: OverHours, place: str | None) -> str:
        where = f" en {place}" if place else ""
        if not holds:
            return (
                f"{period}, no se pudo juzgar ninguna retención por una solicitud de "
                f"detención de ICE{where}."
            )
        if not late.rows and holds == 1:
            return (
                f"{period}, la única persona retenida por una solicitud de detención de "
                f"ICE{where} no fue liberada después del límite legal."
            )
        if not late.rows:
            return (
                f"{period}, ninguna de las {holds:,} personas retenidas por solicitudes de "
                f"detención de ICE{where} fue liberada después del límite legal."
            )
        people = "persona retenida" if holds == 1 else "personas retenidas"
        verb = "fue liberada" if late.rows == 1 else "fueron liberadas"
        return (
            f"{period}, {late.rows:,} de {holds:,} {people} por solicitudes de detención de "
            f"ICE{where} {verb} después del límite legal: {_days(late.total)} días en "
            f"total ({late.total:,.1f} horas)."
        )

    @staticmethod
    def cost(cost: float, rate: float) -> str:
        return f", ${cost:,.0f} a ${rate:,.0f} por día."

    @staticmethod
    def still_held(held: OverHours, as_of: str) -> str:
        verb = "seguía retenida" if held.rows == 1 else "seguían retenidas"
        more = "persona más" if held.rows == 1 else "personas más"
        return (
            f"Al {as_of}, {held.rows:,} {more} {verb} después del límite, según el "
            f"registro: {_days(held.total)} días hasta entonces ({held.total:,.1f} horas)."
        )

    @staticmethod
    def stale(rows: int, after: float, as_of: str) -> str:
        what = "fila no tiene" if rows == 1 else "filas no tienen"
        counted = "se cuenta" if rows == 1 else "se cuentan"
        return (
            f"{rows:,} {what} salida registrada aunque la retención comenzó más de "
            f"{after:g} días antes del {as_of}: probablemente la persona fue liberada; "
            f"{counted} aparte y en ningún total de arriba."
        )


_ENGLISH, _SPANISH = _English(), _Spanish()


@dataclasses.dataclass(frozen=True)
class Stays:
    """Days in jail from booking to departure, with a hold and without: how many
    bookings, the median and mean of each, and the differences (with less without)."""

    with_hold: int
    with_hold_median: float
    with_hold_mean: float
    without_hold: int
    without_hold_median: float
    without_hold_mean: float

    @property
    def median_difference(self) -> float:
        return round(self.with_hold_median - self.without_hold_median, 1)

    @property
    def mean_difference(self) -> float:
        return round(self.with_hold_mean - self.without_hold_mean, 1)


def stays_of(held: Sequence[float], free: Sequence[float]) -> Stays | None:
    """The comparison, when both groups have a stay (days each)."""
    if not held or not free:
        return None
    return Stays(
        len(held),
        round(statistics.median(held), 1),
        round(statistics.fmean(held), 1),
        len(free),
        round(statistics.median(free), 1),
        round(statistics.fmean(free), 1),
    )
