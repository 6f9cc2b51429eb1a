"""`holdcalc letter`: a demand letter or a grievance for a hold that has run out."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

import click

from holdcalc.cli import main
from holdcalc.cli.options import (
    Departure,
    RuleSettings,
    departure_moments,
    departure_options,
    letter_options,
    limit_options,
    now,
    option_group,
    read_instant,
    rule_options,
    write_text,
)
from holdcalc.core.errors import InputError

if TYPE_CHECKING:
    from holdcalc.core.hold import Expiry
    from holdcalc.core.limits import Analysis, LimitSettings
    from holdcalc.letters.fields import Parties
    from holdcalc.letters.template import LetterSettings

# The option that supplies each field a user gives (the rest are computed).
FIELD_OPTIONS = {
    "name": "--name",
    "facility": "--facility",
    "booking": "--booking",
    "case_number": "--case",
    "addressee": "--addressee",
    "sender": "--sender",
    "date": "--date",
    "custody_ended_by": "--custody-ended-by",
}


@dataclasses.dataclass(frozen=True)
class PartyOptions:
    """Who the letter is about, from and to, as typed."""

    name: str | None
    facility: str | None
    booking: str
    case_number: str
    addressee: str
    sender: str
    custody_ended_by: str
    letter_date: str | None

    def parties(self, today: dt.date) -> Parties:
        from holdcalc.letters.fields import Parties  # noqa: PLC0415

        try:
            day = dt.date.fromisoformat(self.letter_date) if self.letter_date else today
        except ValueError:
            raise InputError(
                f"--date {self.letter_date!r} is not a date; write it as YYYY-MM-DD"
            ) from None
        return Parties(
            name=self.name or "",
            facility=self.facility or "",
            booking=self.booking,
            case_number=self.case_number,
            addressee=self.addressee,
            sender=self.sender,
            custody_ended_by=self.custody_ended_by,
            date=day,
        )


party_options = option_group(
    "party",
    [
        click.option("--name", help="The detained person's full name."),
        click.option("--facility", help="The jail or facility."),
        click.option("--booking", default="", help="Booking number."),
        click.option("--case", "case_number", default="", help="Criminal case number."),
        click.option(
            "--addressee", default="", help="To whom [default: the facility's administrator]."
        ),
        click.option("--sender", default="", help="Who signs [default: the person]."),
        click.option(
            "--custody-ended-by",
            default="",
            help='What ended criminal custody, e.g. "bail was posted".',
        ),
        click.option(
            "--date",
            "letter_date",
            metavar="YYYY-MM-DD",
            help="The letter's date [default: today].",
        ),
    ],
    PartyOptions,
)


@main.command()
@click.argument("start", required=False)
@rule_options
@departure_options("With --still-held: as of this time [default: now].")
@party_options
@letter_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True
)
@click.option("-o", "--output", metavar="FILE", help="Write the letter here (whole or not at all).")
@click.option("--draft", is_flag=True, help="Write it even though the hold has not expired.")
@click.option("--fields", "list_fields", is_flag=True, help="List the template fields and exit.")
@limit_options
def letter(
    start: str | None,
    counting: RuleSettings,
    departure: Departure,
    party: PartyOptions,
    letters: LetterSettings,
    fmt: str,
    output: str | None,
    draft: bool,
    list_fields: bool,
    limits: LimitSettings | None,
) -> None:
    """Write a demand letter or a grievance for a hold that has run out.

    The demand goes to the jail's administrator: who is held, when criminal custody
    ended, the rule quoted and applied (expiry and excluded days), that a hold is a
    request and not a warrant, the hours held past expiry, and a demand for release
    and a written answer. The grievance is the person's own, in plain words. Both
    exist in English and Spanish (--lang es).

    Example:

    \b
        holdcalc letter "2024-11-27 16:30" --tz America/Chicago --still-held \\
            --name "Maria Garcia" --facility "Cook County Jail"
    """
    from holdcalc.core.hold import hold_expiry  # noqa: PLC0415
    from holdcalc.core.verdict import judge_case  # noqa: PLC0415
    from holdcalc.letters.single import write_letter  # noqa: PLC0415
    from holdcalc.letters.template import load_template  # noqa: PLC0415

    if list_fields:
        _list_fields()
        return
    if start is None:
        raise click.UsageError("give START, the time criminal custody ended (or --fields)")
    if not (party.name or "").strip() or not (party.facility or "").strip():
        raise click.UsageError("give --name and --facility, not blank: the letter needs both")
    departure.check(required=True)
    load_template(letters.kind, letters.lang, letters.template_path)  # refused before any work
    zone_name = counting.required_zone()
    begin = read_instant(
        start, zone_name, dayfirst=counting.dayfirst, what="START", formats=counting.formats
    )
    expiry = hold_expiry(begin, rule=counting.rule, calendar=counting.calendar, zone=zone_name)
    left, when = departure_moments(departure, counting, zone_name)
    case = judge_case(expiry, limits, released=left, as_of=when)
    today = now().astimezone(expiry.start.tzinfo).date()
    chosen = dataclasses.replace(letters, fmt=fmt)
    written = write_letter(case, party.parties(today), chosen, today, draft=draft)
    analysis = written.analysis
    if limits is not None and analysis is not None:
        _law_notice(limits, analysis)
    if analysis is None or not analysis.law_judged:
        cites = "the regulation" if analysis is None else "the regulation and the form"
        click.echo(
            f"holdcalc: note: the letter cites {cites} alone; state and local law was "
            "not judged (some forbid or shorten holds: --jurisdiction CODE cites it)",
            err=True,
        )
    _area_notice(expiry)
    text = written.text
    if output:
        write_text(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def _list_fields() -> None:
    from holdcalc.letters.template import FIELDS  # noqa: PLC0415

    width = max(len(field) for field in FIELDS)
    for field, meaning in FIELDS.items():
        option = FIELD_OPTIONS.get(field)
        click.echo(f"{field:<{width}}  {meaning}" + (f" ({option})" if option else ""))


def _area_notice(expiry: Expiry) -> None:
    """On stderr: a day the count took as a working day that is a holiday in part of
    the state, and the expiry for a jail there (core.area_holidays)."""
    from holdcalc.core.readings import area_reading  # noqa: PLC0415

    area = area_reading(expiry)
    if area is None:
        return
    flags = " ".join(f"--extra-holiday {day}" for day in area.days)
    click.echo(
        f"holdcalc: note: the letter counts {area.note.removeprefix('excluding ')}; for a "
        f"jail there, add {flags} (the hold would then expire "
        f"{area.expires_at:%a %Y-%m-%d %I:%M %p %Z})",
        err=True,
    )


def _law_notice(limits: LimitSettings, analysis: Analysis) -> None:
    """On stderr: that the law table is information, and when the cited entry is unchecked."""
    click.echo(f"holdcalc: {limits.table.notice}.", err=True)
    policy = analysis.policy
    if policy is not None and not policy.verified:
        click.echo(
            f"holdcalc: the letter may cite {policy.name}, which is not verified against "
            "the law's text: check it before sending.",
            err=True,
        )
