"""Readable terminal output (rich). CLI-side only: the core never imports this module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from holdcalc.core.hold import DayKind, Expiry
from holdcalc.core.law_table import notice
from holdcalc.core.limits import UNKNOWN_FORM, Analysis, Judgement
from holdcalc.core.readings import Alternative
from holdcalc.core.verdict import Assessment, Status
from holdcalc.output.records import DISCLAIMER, hours


class _Console(Console):
    """rich's console, except that a reader going away (`| head`) is left to the command
    line's one exit-code mapping instead of rich's own exit status 1 ("flagged")."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def console(stderr: bool = False) -> Console:
    # rich honours NO_COLOR and drops styling when the stream is not a terminal.
    # emoji=False: a ":ok:" in a roster cell stays as typed.
    return _Console(stderr=stderr, highlight=False, soft_wrap=False, emoji=False)


def when(moment: dt.datetime) -> str:
    """'Mon 2024-12-02 4:30 PM CST': weekday, date, clock time and the zone's abbreviation."""
    clock = moment.strftime("%I:%M %p").lstrip("0")
    return f"{moment.strftime('%a %Y-%m-%d')} {clock} {moment.tzname()}"


def _clock(moment: dt.datetime) -> str:
    return moment.strftime("%I:%M %p").lstrip("0")


def print_expiry(
    expiry: Expiry,
    assessment: Assessment | None,
    others: tuple[Alternative, ...],
    analysis: Analysis | None = None,
    judgement: Judgement | None = None,
) -> None:
    out = console()
    rule = expiry.rule
    out.print(f"[bold]Hold start[/]   {when(expiry.start)}  ({escape(expiry.zone)})")
    if expiry.clock_starts != expiry.start:
        out.print(f"[bold]Clock starts[/] {when(expiry.clock_starts)} (the start day is excluded)")
    out.print(f"[bold]Rule[/]         {escape(rule.citation)}")
    out.print(f"[bold]Counting[/]     {escape(rule.describe())}")
    if rule.note:
        out.print(f"             {escape(rule.note)}")
    if rule.exclude_holidays:
        out.print(f"[bold]Holidays[/]     {escape(expiry.calendar.label)}")
    table = _ledger_table(expiry)
    out.print()
    out.print(table)
    out.print()
    expires = when(expiry.expires_at)
    if expiry.expires_at.time() == dt.time(0):
        before = expiry.expires_at.date() - dt.timedelta(days=1)
        expires += f" (the midnight ending {before.strftime('%A')})"
    out.print(f"[bold]Expires[/]      [bold]{expires}[/]")
    if analysis is not None:
        _print_limits(out, analysis)
    if analysis is None or not analysis.law_judged:
        alone = "the regulation alone" if analysis is None else "the limits above alone"
        out.print(f"[bold]Law[/]          {alone}; state and local law not judged")
        out.print("             (some forbid or shorten holds: add --jurisdiction CODE)")
    if judgement is not None and judgement.if_fact_holds is not None:
        fact = judgement.if_fact_holds
        out.print(
            f"[bold]Status[/]       [yellow]{judgement.status.value}[/]: depends on "
            f"whether {escape(analysis.depends_on or 'a fact') if analysis else 'a fact'}"
        )
        out.print(f"  if not:      {_status_line(judgement.main)}")
        out.print(f"  if so:       {_status_line(fact)}")
    elif assessment is not None:
        out.print(f"[bold]Status[/]       {_status_line(assessment)}")
    differing = [other for other in others if other.differs]
    if differing:
        out.print()
        out.print("[bold]Other readings[/]")
        for other in differing:
            if other.rule.exclude_holidays:
                label = f"{other.rule.citation}, {other.holidays} holidays"
            else:
                label = f"{other.rule.name}, every hour counted"
            if other.note:
                label += f", {other.note}"
            out.print(f"  {escape(label)}: {when(other.expires_at)}")
    out.print()
    out.print(f"[dim]{DISCLAIMER}[/]")


def _ledger_table(expiry: Expiry) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("Day")
    table.add_column("Counted")
    table.add_column("Hours", justify="right")
    table.add_column("Total", justify="right")
    for day in expiry.ledger:
        label = day.date.strftime("%a %Y-%m-%d")
        if day.kind is DayKind.EXCLUDED:
            table.add_row(
                label,
                f"[yellow]excluded: {escape(str(day.reason))}[/]",
                "-",
                f"{hours(day.running):.2f}",
            )
        else:
            assert day.counted_from is not None and day.counted_to is not None
            from_midnight = day.counted_from.time() == dt.time(0)
            to_midnight = day.counted_to.date() != day.date
            begin = "midnight" if from_midnight else _clock(day.counted_from)
            end = "midnight" if to_midnight else _clock(day.counted_to)
            span = "all day" if from_midnight and to_midnight else f"{begin} - {end}"
            table.add_row(label, span, f"{hours(day.counted):.2f}", f"{hours(day.running):.2f}")
    return table


def _print_limits(out: Console, analysis: Analysis) -> None:
    out.print()
    table = Table(
        title="Limits on this hold (the earliest binds)",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
        box=None,
        header_style="bold",
    )
    table.add_column("", no_wrap=True)
    table.add_column("Limit", ratio=1)
    table.add_column("Ends", no_wrap=True)
    for limit in analysis.limits:
        mark = "[bold]binds[/]" if limit is analysis.binding else ""
        ends = when(limit.expires_at) if limit.expires_at else "no limit"
        title, citation, detail = escape(limit.title), escape(limit.citation), escape(limit.detail)
        table.add_row(mark, f"[bold]{title}[/]\n{citation}: {detail}", ends)
    out.print(table)
    if analysis.depends_on:
        flags = (
            "--warrant or --no-warrant"
            if analysis.warrant_fact
            else "--meets-conditions or --fails-conditions"
        )
        if analysis.form == UNKNOWN_FORM:
            flags = "--form I-247D, I-247N or I-247" + (
                f", and {flags}" if analysis.policies else ""
            )
        depends = escape(analysis.depends_on)
        out.print(f"[yellow]Depends on whether {depends}.[/] Settle it with {flags}.")
    binding = analysis.binding.source.value
    out.print(f"[bold]Binding[/]      [bold]{when(analysis.deadline)}[/] ({escape(binding)})")
    out.print(f"[bold]Held by[/]      a {_AGENCY_WORDS[analysis.agency]} (--agency to change)")
    out.print(f"[dim]{escape(notice(analysis.table_as_of))}.[/]")


_AGENCY_WORDS = {"jail": "county jail", "prison": "state prison", "police": "police agency"}


def _status_line(assessment: Assessment) -> str:
    status = assessment.status
    if status is Status.WITHIN_HOLD:
        assert assessment.released is not None
        return f"[green]{status.value}[/]: left {when(assessment.released)}"
    if status is Status.OVER_DETAINED:
        assert assessment.released is not None
        return (
            f"[red bold]{status.value}[/] by {hours(assessment.over_by):.2f} hours: "
            f"left {when(assessment.released)}"
        )
    if status is Status.ACTIVE:
        assert assessment.as_of is not None and assessment.remaining is not None
        return (
            f"[cyan]{status.value}[/]: {hours(assessment.remaining):.2f} hours left as of "
            f"{when(assessment.as_of)}"
        )
    assert assessment.as_of is not None
    return (
        f"[red bold]{status.value}[/]: still held {hours(assessment.over_by):.2f} hours past "
        f"expiry as of {when(assessment.as_of)}"
    )


# --- check ---------------------------------------------------------------------------------

_TABLE_COLUMNS = ("booking", "name", "start", "released", "tz")


def summary_table(lines: Sequence[tuple[str, str]]) -> bool:
    """The batch summary as a table on a terminal's stderr; False when stderr is not one
    (rich decides, honouring FORCE_COLOR and the like)."""
    err = console(stderr=True)
    if not err.is_terminal:
        return False
    table = Table(title="holdcalc check", show_header=False, box=None)
    table.add_column(justify="left")
    table.add_column(justify="right")
    for label, value in lines:
        table.add_row(Text(label), Text(value))
    err.print(table)
    return True
