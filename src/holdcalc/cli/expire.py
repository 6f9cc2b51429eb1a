"""`holdcalc expire`: one hold's expiry, its day-by-day count, and its verdict."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import click

from holdcalc.cli import Flagged, main
from holdcalc.cli.options import (
    Departure,
    RuleSettings,
    departure_moments,
    departure_options,
    limit_options,
    now,
    read_instant,
    rule_options,
)

if TYPE_CHECKING:
    from holdcalc.core.hold import Expiry
    from holdcalc.core.limits import LimitSettings


@main.command()
@click.argument("start")
@rule_options
@departure_options("With --still-held: judge as of this time [default: now].")
@limit_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--ics",
    metavar="FILE",
    help="Also write a calendar file (.ics) with an event at the deadline and reminders "
    "2 hours before and at it (the calendar extra).",
)
@click.option(
    "--label", default="", metavar="TEXT", help="With --ics: the person or booking, for the title."
)
def expire(
    start: str,
    counting: RuleSettings,
    departure: Departure,
    limits: LimitSettings | None,
    fmt: str,
    ics: str | None,
    label: str,
) -> None:
    """Compute when a hold expires, with the day-by-day count, and judge a release.

    START is when criminal custody ended, in the jail's local time (or with an offset):
    ISO 8601, "YYYY-MM-DD HH:MM", "MM/DD/YYYY hh:mm AM", or "now".

    With --jurisdiction CODE (or --form), each limit on the hold is shown (the
    regulation, the detainer form, state or local law in force on the start date)
    and the case is judged against the earliest, the binding one.

    Exit status: 0 done; 1 the hold was overrun (over-detained or expired);
    2 usage error; 3 a value could not be used.

    Example:

        holdcalc expire "2024-11-27 16:30" --tz America/Chicago --released "12/03/2024 9:00 AM"
    """
    from holdcalc.core.hold import hold_expiry  # noqa: PLC0415
    from holdcalc.core.readings import alternatives  # noqa: PLC0415
    from holdcalc.core.verdict import judge_case  # noqa: PLC0415

    departure.check(required=False)
    zone_name = counting.required_zone()
    begin = read_instant(
        start, zone_name, dayfirst=counting.dayfirst, what="START", formats=counting.formats
    )
    expiry = hold_expiry(begin, rule=counting.rule, calendar=counting.calendar, zone=zone_name)
    left, moment = departure_moments(departure, counting, zone_name)
    case = judge_case(expiry, limits, released=left, as_of=moment)
    others = alternatives(expiry)
    if fmt == "json":
        from holdcalc.output.records import case_record  # noqa: PLC0415

        record = case_record(expiry, case.assessment, others, case.analysis, case.judgement)
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        from holdcalc.output.terminal import print_expiry  # noqa: PLC0415  (rich is slow)

        print_expiry(expiry, case.assessment, others, case.analysis, case.judgement)
    if ics:
        _write_ics(ics, expiry, case.analysis.deadline if case.analysis else None, label)
    if case.status is not None and case.status.flagged:
        raise Flagged


def _write_ics(path: str, expiry: Expiry, binding: dt.datetime | None, label: str) -> None:
    """The hold's deadline as a calendar event (the binding limit's, when there is one)."""
    from holdcalc.cli.options import write_text  # noqa: PLC0415
    from holdcalc.output.ics import calendar_text, case_event  # noqa: PLC0415

    write_text(path, calendar_text([case_event(expiry, binding, label, now())]))
