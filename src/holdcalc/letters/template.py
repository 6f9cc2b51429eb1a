"""The letter template language: `{{ field }}` placeholders and nothing else.

No expressions, no attribute access, no loops. Each placeholder must name a
documented field; values are inserted in one pass, literally, so a value that looks
like a placeholder or a shell variable appears exactly as typed. Built-in templates
are Markdown; the text format drops the Markdown emphasis.
"""

from __future__ import annotations

import dataclasses
import re

from holdcalc.core.errors import InputError, Setting, TemplateError
from holdcalc.core.phrases import LANGUAGES
from holdcalc.core.small_files import read_small_file

KINDS = ("demand", "grievance")


@dataclasses.dataclass(frozen=True)
class LetterSettings:
    """Which letter, in which language and format, from which template."""

    kind: str = "demand"
    lang: str = "en"
    fmt: str = "text"
    template_path: str | None = None


FIELDS: dict[str, str] = {
    "name": "the detained person's full name",
    "facility": "the jail or facility",
    "booking": "booking number, or 'not given'",
    "case_number": "criminal case number, or 'not given'",
    "addressee": "to whom the letter goes (default: the facility's administrator)",
    "sender": "who signs (default: the person's name)",
    "date": "the letter's date, written out (default: today)",
    "custody_ended_by": "what ended criminal custody, e.g. 'bail was posted'",
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
    "detainer_law": "what a detainer obliges the jail to do, from the binding law of the "
    "place: a request, or (where state law requires honouring it) only within its limit",
    "case_law": "what the courts held in Galarza v. Szalczyk and Miranda-Olivares",
    "status": "the assessment: expired, over-detained, active or within-hold",
    "hours_over": "hours held past expiry so far, two decimals",
    "time_over": "the same in words, e.g. '16 hours and 30 minutes'",
    "checked_at": "when the person was released, or the as-of time if still held",
    "situation": "a sentence: still held as of when, or released when",
    "custody_status": "a clause: 'who is in your custody', or 'who was held in your custody' "
    "once released",
    "demand": "a sentence: what is demanded (release, or an explanation if released)",
    "situation_self": "the same as situation, in the first person (for grievances)",
    "demand_self": "the same as demand, in the first person (for grievances)",
}

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"[a-z_]+")


def builtin_template(kind: str, lang: str) -> str:
    if kind not in KINDS:
        raise InputError(f"unknown letter kind {kind!r}; use one of: {', '.join(KINDS)}")
    if lang not in LANGUAGES:
        raise InputError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    from importlib import resources  # noqa: PLC0415  (only when a letter is written)

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
                "holds one field name such as {{ name }} (see ",
                Setting.FIELD_LIST,
                ")",
            )
        if inner not in FIELDS:
            import difflib  # noqa: PLC0415  (error path only)

            close = difflib.get_close_matches(inner, FIELDS, n=1)
            hint = f"; did you mean {{{{ {close[0]} }}}}?" if close else ""
            raise TemplateError(
                f"{source}, line {line}: unknown field {inner!r}{hint} (",
                Setting.FIELD_LIST,
                " lists them)",
            )


def render(
    template: str, fields: dict[str, str], *, fmt: str = "text", source: str = "template"
) -> str:
    """Fill a template in one pass; values are inserted literally, exactly as given.

    For plain text the template's own Markdown is removed before the values go in, so
    a value such as "**x**" or "*aka* Jones" is never restyled or stripped."""
    check_template(template, source)
    if fmt != "markdown":
        template = to_text(template)
    return _PLACEHOLDER.sub(lambda m: fields[m.group(1).strip()], template)


def to_text(markdown: str) -> str:
    """Plain text from the Markdown subset the built-in templates use."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return re.sub(r"^#+\s+", "", text, flags=re.MULTILINE)


def load_template(kind: str, lang: str, path: str | None) -> tuple[str, str]:
    if path is None:
        return builtin_template(kind, lang), f"built-in {kind}.{lang}"
    try:
        text = read_small_file(path, "template").decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read template {path!r}: {exc}") from None
    check_template(text, path)
    return text, path
