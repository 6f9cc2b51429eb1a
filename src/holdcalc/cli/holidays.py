"""`holdcalc holidays`: the days a calendar excludes in a year, to check it."""

from __future__ import annotations

import json

import click

from holdcalc.cli import main
from holdcalc.cli.options import calendar_of, calendar_options, option_group
from holdcalc.core.holiday_calendar import Calendar


@main.command("holidays")
@click.option("--year", type=click.IntRange(1900, 2199), required=True, help="Calendar year.")
@option_group("calendar", calendar_options(), calendar_of)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def holidays_command(year: int, calendar: Calendar, fmt: str) -> None:
    """List the holidays a calendar would exclude in a year, so you can check it.

    Weekends are not listed: under the cfr rule every Saturday and Sunday is excluded too.

    Example:

        holdcalc holidays --year 2025 --holidays federal+closures
    """
    from holdcalc.output.records import calendar_record  # noqa: PLC0415

    record = calendar_record(calendar, year)
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    click.echo(f"Holidays in {year} ({record['holidays']}):")
    for day in record["days"]:
        click.echo(f"  {day['date']}  {day['weekday']:<9}  {day['name']}")
    if not record["days"]:
        click.echo("  (none)")
    if record["area_only"]:
        click.echo(
            "Not excluded: holidays of only part of the state (where the jail is in that "
            "part, add the day with --extra-holiday):"
        )
    for day in record["area_only"]:
        click.echo(f"  {day['date']}  {day['weekday']:<9}  {day['name']}")
