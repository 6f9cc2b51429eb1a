"""Readable terminal output (rich). CLI-side only: the core never imports this module."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.table import Table

from holdcalc.hold import Assessment, DayKind, Expiry, Status
from holdcalc.report import DISCLAIMER, Alternative, hours


def console(stderr: bool = False) -> Console:
    # rich honours NO_COLOR and drops styling when the stream is not a terminal.
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def when(moment: dt.datetime) -> str:
    """'Mon 2024-12-02 4:30 PM CST': weekday, date, clock time and the zone's abbreviation."""
    clock = moment.strftime("%I:%M %p").lstrip("0")
    return f"{moment.strftime('%a %Y-%m-%d')} {clock} {moment.tzname()}"


def _clock(moment: dt.datetime) -> str:
    return moment.strftime("%I:%M %p").lstrip("0")


def print_expiry(
    expiry: Expiry, assessment: Assessment | None, others: tuple[Alternative, ...]
) -> None:
    out = console()
    rule = expiry.rule
    out.print(f"[bold]Hold start[/]   {when(expiry.start)}  ({expiry.zone})")
    if expiry.clock_starts != expiry.start:
        out.print(f"[bold]Clock starts[/] {when(expiry.clock_starts)} (the start day is excluded)")
    out.print(f"[bold]Rule[/]         {rule.citation}: {rule.describe()}")
    if rule.note:
        out.print(f"             {rule.note}")
    if rule.exclude_holidays:
        out.print(f"[bold]Holidays[/]     {expiry.calendar.label}")
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("Day")
    table.add_column("Counted")
    table.add_column("Hours", justify="right")
    table.add_column("Total", justify="right")
    for day in expiry.ledger:
        label = day.date.strftime("%a %Y-%m-%d")
        if day.kind is DayKind.EXCLUDED:
            table.add_row(
                label, f"[yellow]excluded: {day.reason}[/]", "-", f"{hours(day.running):.2f}"
            )
        else:
            assert day.counted_from is not None and day.counted_to is not None
            span = f"{_clock(day.counted_from)} - {_clock(day.counted_to)}"
            if day.counted_to.date() != day.date:
                span = f"{_clock(day.counted_from)} - midnight"
            table.add_row(label, span, f"{hours(day.counted):.2f}", f"{hours(day.running):.2f}")
    out.print()
    out.print(table)
    out.print()
    out.print(f"[bold]Expires[/]      [bold]{when(expiry.expires_at)}[/]")
    if assessment is not None:
        out.print(f"[bold]Status[/]       {_status_line(assessment)}")
    differing = [other for other in others if other.differs]
    if differing:
        out.print()
        out.print("[bold]Other readings[/]")
        for other in differing:
            calendar = f", {other.holidays} holidays" if other.rule.exclude_holidays else ""
            out.print(f"  {other.rule.citation}{calendar}: {when(other.expires_at)}")
    out.print()
    out.print(f"[dim]{DISCLAIMER}[/]")


def _status_line(assessment: Assessment) -> str:
    status = assessment.status
    if status is Status.WITHIN_HOLD:
        assert assessment.released is not None
        return f"[green]within-hold[/]: left {when(assessment.released)}"
    if status is Status.OVER_DETAINED:
        assert assessment.released is not None
        return (
            f"[red bold]over-detained[/] by {hours(assessment.over_by):.2f} hours: "
            f"left {when(assessment.released)}"
        )
    if status is Status.ACTIVE:
        assert assessment.as_of is not None and assessment.remaining is not None
        return (
            f"[cyan]active[/]: {hours(assessment.remaining):.2f} hours left as of "
            f"{when(assessment.as_of)}"
        )
    assert assessment.as_of is not None
    return (
        f"[red bold]expired[/]: still held {hours(assessment.over_by):.2f} hours past "
        f"expiry as of {when(assessment.as_of)}"
    )
