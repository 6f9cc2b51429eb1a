"""`holdcalc expire`: one hold's expiry, its day-by-day count, and its verdict."""

from __future__ import annotations

import json
from typing import Any

import click

from holdcalc.cli import Flagged, main
from holdcalc.cli.options import (
    Departure,
    RuleSettings,
    departure_moments,
    departure_options,
    limit_options,
    read_instant,
    rule_options,
)
from holdcalc.core.limits import LimitSettings


@main.command()
@click.argument("start")
@rule_options
@departure_options("With --still-held: judge as of this time [default: now].")
@limit_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def expire(
    start: str,
    counting: RuleSettings,
    departure: Departure,
    limits: LimitSettings | None,
    fmt: str,
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

    departure.check(required=False)
    zone_name = counting.required_zone()
    begin = read_instant(start, zone_name, dayfirst=counting.dayfirst, what="START")
    expiry = hold_expiry(begin, rule=counting.rule, calendar=counting.calendar, zone=zone_name)
    left, moment = departure_moments(departure, counting, zone_name)
    assessment, analysis, judgement = _judged(expiry, left, moment, limits)
    others = alternatives(expiry)
    if fmt == "json":
        from holdcalc.output.records import case_record  # noqa: PLC0415

        record = case_record(expiry, assessment, others, analysis, judgement)
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        from holdcalc.output.terminal import print_expiry  # noqa: PLC0415  (rich is slow)

        print_expiry(expiry, assessment, others, analysis, judgement)
    status = judgement.status if judgement else assessment.status if assessment else None
    if status is not None and status.flagged:
        raise Flagged


def _judged(expiry: Any, left: Any, moment: Any, limits: LimitSettings | None) -> tuple[Any, ...]:
    """(assessment, analysis, judgement): the case judged against the rule, or against
    the binding limit when the analysis is asked for."""
    if limits is None:
        from holdcalc.core.verdict import assess  # noqa: PLC0415

        if left is None and moment is None:
            return None, None, None
        return assess(expiry, released=left, as_of=moment), None, None
    from holdcalc.core.limits import judge  # noqa: PLC0415

    analysis = limits.analyse(expiry)
    if left is None and moment is None:
        return None, analysis, None
    judgement = judge(expiry, analysis, released=left, as_of=moment)
    return judgement.main, analysis, judgement
