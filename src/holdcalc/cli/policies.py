"""`holdcalc policies`: the table of state and local laws on holds."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import click

from holdcalc.cli import main
from holdcalc.cli.options import policy_file_option
from holdcalc.core.errors import InputError

if TYPE_CHECKING:
    from holdcalc.core.law_table import Policy


@main.command()
@click.option(
    "--at",
    "at_date",
    metavar="YYYY-MM-DD",
    help="List the policies in force on this day [default: all entries].",
)
@click.option("--jurisdiction", metavar="CODE", help="Only this jurisdiction (CA, US-NY-NYC, ...).")
@policy_file_option()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def policies(
    at_date: str | None, jurisdiction: str | None, policy_file: str | None, fmt: str
) -> None:
    """List state and local laws on holds, with their dates, kinds and citations.

    Entries not checked against the law's own text say so. Information, not legal
    advice: check the current law before relying on it.

    Example:

        holdcalc policies --at 2019-05-01 --jurisdiction CA
    """
    from holdcalc.core.law_table import load_policies  # noqa: PLC0415
    from holdcalc.output.records import policy_record  # noqa: PLC0415

    table = load_policies(policy_file)
    try:
        day = dt.date.fromisoformat(at_date) if at_date else None
    except ValueError:
        raise InputError(f"--at {at_date!r} is not a date; write it as YYYY-MM-DD") from None
    chosen = table.listing(day, jurisdiction)
    if fmt == "json":
        record = {
            "as_of": table.as_of.isoformat(),
            "notice": table.notice,
            "at": day.isoformat() if day else None,
            "policies": [policy_record(p) for p in chosen],
        }
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    click.echo(f"{table.notice}.")
    if not chosen:
        where = f" for {jurisdiction.upper()}" if jurisdiction else ""
        click.echo(f"No policy in force{where}" + (f" on {day}" if day else "") + ".")
    for policy in chosen:
        _print_policy(policy)


def _print_policy(p: Policy) -> None:
    until = p.effective_to.isoformat() if p.effective_to else "in force"
    click.echo(f"\n{p.jurisdiction}  {p.name} ({p.level})")
    click.echo(
        f"  {p.effective_from.isoformat()} to {until}; {p.kind.value}"
        + (f": {p.conditions}" if p.conditions else "")
        + (f"; {p.hours:g} hours ({p.counting})" if p.hours else "")
    )
    click.echo(f"  {p.citation}" + ("" if p.verified else " [not verified against the law's text]"))
    if p.note:
        click.echo(f"  {p.note}")
    click.echo(f"  Evidence: {p.evidence.value}; binds: {', '.join(p.agencies)}")
    for source in p.sources:
        click.echo(f"  Source: {source}")
