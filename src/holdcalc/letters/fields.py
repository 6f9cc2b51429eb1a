"""Demand letters and grievances, filled from a computed hold.

Templates use `{{ field }}` placeholders and nothing else: no expressions, no
attribute access, no loops. Each placeholder must name a documented field; values
are inserted in one pass, literally, so a value that looks like a placeholder or a
shell variable appears exactly as typed. Built-in templates are Markdown; the text
format drops the Markdown emphasis.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
from importlib import resources
from typing import TYPE_CHECKING

from holdcalc.core.clock import get_zone
from holdcalc.core.errors import InputError
from holdcalc.core.hold import Assessment, Expiry, Status
from holdcalc.core.parsing import DateOnly, parse_when
from holdcalc.roster.files import atomic_output

if TYPE_CHECKING:
    from holdcalc.core.limits import Analysis
    from holdcalc.roster.judge import CheckOptions, Columns

KINDS = ("demand", "grievance")
LANGUAGES = ("en", "es")

FIELDS: dict[str, str] = {
    "name": "the detained person's full name (--name)",
    "facility": "the jail or facility (--facility)",
    "booking": "booking number (--booking), or 'not given'",
    "case_number": "criminal case number (--case), or 'not given'",
    "addressee": "to whom the letter goes (--addressee; default: the facility's administrator)",
    "sender": "who signs (--sender; default: the person's name)",
    "date": "the letter's date, written out (--date; default: today)",
    "custody_ended_by": "what ended criminal custody (--custody-ended-by), e.g. 'bail was posted'",
    "start": "when the hold started, written out in the jail's zone",
    "zone": "the jail's IANA time zone",
    "rule_citation": "the rule's citation, e.g. 8 C.F.R. § 287.7(d)",
    "rule_wording": "the rule's own words, quoted in English",
    "rule_summary": "the rule in a phrase, e.g. '48 hours excluding Saturdays, Sundays "
    "and holidays'",
    "hold_hours": "the hold's length in hours",
    "holidays": "the holiday calendar used, e.g. 'federal'",
    "excluded_days": "a list, one line per day not counted, with its reason",
    "expires_at": "when the hold ended under the binding limit, written out in the jail's zone",
    "rule_expires_at": "when the hold expired under the rule (the regulation), written out",
    "binding_note": "a sentence on a stricter limit that binds (state or local law, the form), "
    "or nothing",
    "status": "the assessment: expired, over-detained, active or within-hold",
    "hours_over": "hours held past expiry so far, two decimals",
    "time_over": "the same in words, e.g. '16 hours and 30 minutes'",
    "checked_at": "when the person was released, or the as-of time if still held",
    "situation": "a sentence: still held as of when, or released when",
    "demand": "a sentence: what is demanded (release, or an explanation if released)",
    "situation_self": "the same as situation, in the first person (for grievances)",
    "demand_self": "the same as demand, in the first person (for grievances)",
}

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"[a-z_]+")

_ES_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_ES_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKEND = {"en": "weekend", "es": "fin de semana"}

_PHRASES = {
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
        "demand_release": "I demand that {name} be released immediately.",
        "demand_account": "Although {name} has now left your custody, I demand a written "
        "account of why the hold was not ended when it expired.",
        "no_days": "- none: no weekend day or holiday fell inside the hold",
        "hour": "hour",
        "hours": "hours",
        "minute": "minute",
        "minutes": "minutes",
        "and": "and",
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
        "demand_release": "Exijo la liberación inmediata de {name}.",
        "demand_account": "Aunque {name} ya salió de su custodia, exijo una explicación por "
        "escrito de por qué no se puso fin a la retención cuando venció.",
        "no_days": "- ninguno: ningún fin de semana ni día feriado cayó dentro de la retención",
        "hour": "hora",
        "hours": "horas",
        "minute": "minuto",
        "minutes": "minutos",
        "and": "y",
    },
}


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


class TemplateError(InputError):
    """A template that uses something other than the documented fields."""


def written(moment: dt.datetime, lang: str) -> str:
    """A date and time as people read them, in the moment's own zone."""
    clock = moment.strftime("%I:%M").lstrip("0")
    zone = moment.tzname() or ""
    if lang == "es":
        half = "a. m." if moment.hour < 12 else "p. m."
        return (
            f"{_ES_DAYS[moment.weekday()]}, {moment.day} de {_ES_MONTHS[moment.month - 1]}"
            f" de {moment.year}, a las {clock} {half} ({zone})"
        )
    half = "AM" if moment.hour < 12 else "PM"
    return (
        f"{_EN_DAYS[moment.weekday()]}, {_EN_MONTHS[moment.month - 1]} {moment.day}, "
        f"{moment.year} at {clock} {half} {zone}"
    )


def written_date(day: dt.date, lang: str) -> str:
    if lang == "es":
        return f"{_ES_DAYS[day.weekday()]}, {day.day} de {_ES_MONTHS[day.month - 1]} de {day.year}"
    return f"{_EN_DAYS[day.weekday()]}, {_EN_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _duration(delta: dt.timedelta, lang: str) -> str:
    words = _PHRASES[lang]
    minutes = round(delta.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours:,} {words['hours' if hours != 1 else 'hour']}")
    if minutes or not hours:
        parts.append(f"{minutes} {words['minutes' if minutes != 1 else 'minute']}")
    return f" {words['and']} ".join(parts)


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
    words = _PHRASES[lang]
    expiry: Expiry = assessment.expiry
    rule = expiry.rule
    name = parties.name.strip()
    facility = parties.facility.strip()
    released = assessment.released
    checked = released if released is not None else assessment.as_of
    assert checked is not None
    when = written(checked, lang)
    state = "released" if released is not None else "still_held"
    ask = "demand_account" if released is not None else "demand_release"
    days = [
        f"- {written_date(day.date, lang)}: {_reason(day.reason, lang)}" for day in expiry.excluded
    ]
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
        "start": written(expiry.start, lang),
        "zone": expiry.zone,
        "rule_citation": rule.citation,
        "rule_wording": rule.wording,
        "rule_summary": _summary(rule.describe(), lang),
        "hold_hours": f"{rule.hours:g}",
        "holidays": expiry.calendar.label if rule.exclude_holidays else "none",
        "excluded_days": "\n".join(days) or words["no_days"],
        "expires_at": written(assessment.deadline, lang),
        "rule_expires_at": written(expiry.expires_at, lang),
        "binding_note": _binding_note(analysis, expiry, lang).replace("{name}", name),
        "status": assessment.status.value,
        "hours_over": f"{assessment.over_by_hours:.2f}",
        "time_over": _duration(assessment.over_by, lang),
        "checked_at": when,
        "situation": words[state].format(name=name, when=when),
        "demand": words[ask].format(name=name),
        "situation_self": words[f"{state}_self"].format(when=when),
        "demand_self": words[f"{ask}_self"],
    }


_BINDING = {
    "en": {
        "no-hold": " But {title} ({citation}) allowed no hold at all, so holding {name} on the "
        "detainer was unlawful from the start, {start}.",
        "local-law": " But a shorter limit binds here: {title} ({citation}), under which the "
        "hold ended on {ends}.",
        "form": " The detainer form itself ({title}) asked for no more than {detail}, so the "
        "hold ended on {ends}.",
    },
    "es": {
        "no-hold": " Pero {title} ({citation}) no permitía ninguna retención, así que mantener "
        "a {name} detenido/a por la orden de retención fue ilegal desde el principio, "
        "el {start}.",
        "local-law": " Pero aquí rige un límite más corto: {title} ({citation}), según el cual "
        "la retención terminó el {ends}.",
        "form": " El propio formulario de la orden ({title}) pedía como máximo {detail}, así que "
        "la retención terminó el {ends}.",
    },
}


def _binding_note(analysis: Analysis | None, expiry: Expiry, lang: str) -> str:
    """A sentence naming the binding limit when it is not the rule itself."""
    if analysis is None or analysis.binding.source == "regulation":
        return ""
    binding = analysis.binding
    if binding.expires_at is None or binding.expires_at >= expiry.expires_at:
        return ""
    key = binding.source
    if key == "local-law" and binding.expires_at == expiry.start:
        key = "no-hold"
    title = binding.title.replace(" (inferred from the start date)", "")
    if analysis.policy is not None and key != "form":
        title = analysis.policy.name
    detail = _summary(binding.detail, lang)
    return _BINDING[lang][key].format(
        title=title,
        citation=binding.citation,
        name="{name}",
        start=written(expiry.start, lang),
        ends=written(binding.expires_at, lang),
        detail=detail,
    )


def _reason(reason: str | None, lang: str) -> str:
    """The reason a day was excluded; the weekday is already in the written date."""
    parts = []
    for part in (reason or "").split("; "):
        if part in ("Saturday", "Sunday"):
            parts.append(_WEEKEND[lang])
        else:
            parts.append(part if lang == "en" else f"{part} (día feriado)")
    return "; ".join(parts)


def _summary(summary: str, lang: str) -> str:
    if lang != "es":
        return summary
    hours, _, rest = summary.partition(" hours")
    if "every hour counted" in rest:
        return f"{hours} horas, contando todas las horas"
    spanish = (
        rest.replace(" excluding ", "sin contar ")
        .replace("Saturdays", "sábados")
        .replace("Sundays", "domingos")
        .replace("holidays", "días feriados")
        .replace(" and ", " ni ")
    )
    return f"{hours} horas {spanish.strip()}"


def builtin_template(kind: str, lang: str) -> str:
    if kind not in KINDS:
        raise InputError(f"unknown letter kind {kind!r}; use one of: {', '.join(KINDS)}")
    if lang not in LANGUAGES:
        raise InputError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    return (resources.files("holdcalc") / "data" / "letters" / f"{kind}.{lang}.md").read_text(
        encoding="utf-8"
    )


def check_template(template: str, source: str = "template") -> None:
    """Refuse a template that names anything but a documented field."""
    for match in _PLACEHOLDER.finditer(template):
        inner = match.group(1).strip()
        line = template.count("\n", 0, match.start()) + 1
        if not _NAME.fullmatch(inner):
            raise TemplateError(
                f"{source}, line {line}: {match.group(0)!r} is not a field; a placeholder "
                "holds one field name such as {{ name }} (see holdcalc letter --fields)"
            )
        if inner not in FIELDS:
            close = difflib.get_close_matches(inner, FIELDS, n=1)
            hint = f"; did you mean {{{{ {close[0]} }}}}?" if close else ""
            raise TemplateError(
                f"{source}, line {line}: unknown field {inner!r}{hint} "
                "(holdcalc letter --fields lists them)"
            )


def render(
    template: str, fields: dict[str, str], *, fmt: str = "text", source: str = "template"
) -> str:
    """Fill a template in one pass; values are inserted literally."""
    check_template(template, source)
    filled = _PLACEHOLDER.sub(lambda m: fields[m.group(1).strip()], template)
    if fmt == "markdown":
        return filled
    return to_text(filled)


def to_text(markdown: str) -> str:
    """Plain text from the Markdown subset the built-in templates use."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return re.sub(r"^#+\s+", "", text, flags=re.MULTILINE)


def ready_for_demand(assessment: Assessment) -> bool:
    """A demand makes sense only once the hold has run out."""
    return assessment.status in (Status.EXPIRED, Status.OVER_DETAINED)


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def safe_file_name(value: str, fallback: str, suffix: str) -> str:
    """A file name that stays inside its folder on any file system."""
    stem = _SAFE.sub("_", value.strip()).strip("._")[:80] or fallback
    if stem.lower().split(".")[0] in _RESERVED:
        stem = f"_{stem}"
    return f"letter-{stem}{suffix}"


# --- letters for the flagged rows of a roster ---------------------------------------------

NAME_COLUMNS = ("name", "full_name", "inmate_name", "detainee", "person", "detainee_name")
FACILITY_COLUMNS = ("facility", "facility_name", "jail", "institution", "agency")
BOOKING_COLUMNS = ("booking_id", "booking_number", "booking_no", "booking_num", "booking")
CASE_COLUMNS = ("case_number", "case_no", "case_id", "case")


@dataclasses.dataclass(frozen=True)
class LetterPlan:
    """How to write the letters of a batch: what, in which language, where, from which columns."""

    folder: str
    kind: str
    lang: str
    fmt: str
    template: str
    source: str
    name: int | None
    facility: int | None
    booking: int | None
    case: int | None
    today: dt.date


@dataclasses.dataclass(frozen=True)
class LetterRecord:
    row: int
    booking: str
    name: str
    status: str
    path: str | None
    note: str


def plan_letters(
    header: list[str],
    *,
    folder: str,
    kind: str,
    lang: str,
    fmt: str,
    template_path: str | None,
    name_col: str | None,
    facility_col: str | None,
    today: dt.date,
) -> LetterPlan:
    """Find the name and facility columns and load the template, before any row is read."""
    from holdcalc.core.errors import ColumnError  # noqa: PLC0415
    from holdcalc.roster.judge import normalize_name  # noqa: PLC0415

    normal = [normalize_name(name) for name in header]

    def find(given: str | None, names: tuple[str, ...], option: str) -> int | None:
        if given is not None:
            if normalize_name(given) not in normal:
                raise ColumnError(
                    f"{option} {given!r}: no such column; the columns are: "
                    + ", ".join(repr(h) for h in header)
                )
            return normal.index(normalize_name(given))
        return next((normal.index(n) for n in names if n in normal), None)

    template, source = load_template(kind, lang, template_path)
    return LetterPlan(
        folder,
        kind,
        lang,
        fmt,
        template,
        source,
        find(name_col, NAME_COLUMNS, "--name-col"),
        find(facility_col, FACILITY_COLUMNS, "--facility-col"),
        find(None, BOOKING_COLUMNS, ""),
        find(None, CASE_COLUMNS, ""),
        today,
    )


def load_template(kind: str, lang: str, path: str | None) -> tuple[str, str]:
    if path is None:
        return builtin_template(kind, lang), f"built-in {kind}.{lang}"
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read template {path!r}: {exc}") from None
    check_template(text, path)
    return text, path


class LetterWriter:
    """Writes one letter per over-detained or expired row, and keeps a record of each."""

    def __init__(self, plan: LetterPlan, columns: Columns, options: CheckOptions) -> None:
        self.plan = plan
        self.columns = columns
        self.options = options
        self.records: list[LetterRecord] = []
        self._used: set[str] = set()

    def __call__(self, number: int, row: list[str], status: str) -> None:
        plan = self.plan

        def cell(index: int | None) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        booking, name = cell(plan.booking), cell(plan.name)
        try:
            assessment, analysis = self._assess(row)
            if assessment is None:
                self.records.append(
                    LetterRecord(
                        number,
                        booking,
                        name,
                        status,
                        None,
                        "no letter: the start or release has no time",
                    )
                )
                return
            parties = Parties(
                name=name or "(name not given)",
                facility=cell(plan.facility) or "(facility not given)",
                booking=booking,
                case_number=cell(plan.case),
                date=plan.today,
            )
            text = render(
                plan.template,
                fields_for(assessment, parties, plan.lang, analysis=analysis),
                fmt=plan.fmt,
                source=plan.source,
            )
        except InputError as exc:
            self.records.append(LetterRecord(number, booking, name, status, None, str(exc)))
            return
        suffix = ".md" if plan.fmt == "markdown" else ".txt"
        file_name = safe_file_name(booking, f"row{number}", suffix)
        stem = file_name[: -len(suffix)]
        serial = 2
        while file_name in self._used:
            file_name = f"{stem}-{serial}{suffix}"
            serial += 1
        self._used.add(file_name)
        path = os.path.join(plan.folder, file_name)
        with atomic_output(path) as handle:
            handle.write(text)
        self.records.append(LetterRecord(number, booking, name, status, path, ""))

    def _assess(self, row: list[str]) -> tuple[Assessment | None, Analysis | None]:
        from holdcalc.core.hold import assess, hold_expiry  # noqa: PLC0415

        c = self.columns
        start_text, released_text, zone_text = c.values(row)
        zone = get_zone(zone_text.strip() or self.options.zone or "")
        start = parse_when(start_text, zone, dayfirst=self.options.dayfirst)
        if isinstance(start, DateOnly):
            return None, None
        expiry = hold_expiry(
            start, rule=self.options.rule, calendar=self.options.calendar, zone=zone
        )
        released: dt.datetime | None = None
        if released_text:
            value = parse_when(released_text, zone, dayfirst=self.options.dayfirst)
            if isinstance(value, DateOnly):
                return None, None
            released = value
        as_of = None if released is not None else self.options.as_of
        settings = self.options.policies
        if settings is None:
            return assess(expiry, released=released, as_of=as_of), None
        from holdcalc.core.limits import judge  # noqa: PLC0415

        place = row[c.jurisdiction].strip().upper() if c.jurisdiction is not None else ""
        analysis = settings.analyse(expiry, place or None)
        judgement = judge(expiry, analysis, released=released, as_of=as_of)
        if judgement.undecided:
            raise InputError(f"no letter: the answer depends on whether {analysis.depends_on}")
        return judgement.main, analysis

    def write_index(self) -> str:
        """An index.csv of the letters beside them; returns its path."""
        import csv  # noqa: PLC0415

        path = os.path.join(self.plan.folder, "index.csv")
        with atomic_output(path) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["row", "booking", "name", "hold_status", "letter", "note"])
            for record in self.records:
                writer.writerow(
                    [
                        record.row,
                        record.booking,
                        record.name,
                        record.status,
                        os.path.basename(record.path) if record.path else "",
                        record.note,
                    ]
                )
        return path
