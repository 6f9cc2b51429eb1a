"""A roster run's report page, with the sentences that say how the run counted."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from holdcalc.roster.bookings import HOLD_ENDED

if TYPE_CHECKING:
    from holdcalc.core.holiday_calendar import Calendar
    from holdcalc.core.limits import LimitSettings
    from holdcalc.core.parsing import WallClock
    from holdcalc.core.rules import Rule
    from holdcalc.output.report_data import ReportFigures
    from holdcalc.output.report_html import Method, ReportSettings
    from holdcalc.roster.columns import Columns
    from holdcalc.roster.summary import RunFigures


@dataclasses.dataclass(frozen=True)
class ReportRun:
    """How the run counted, as the report states it. `zone_from` says where the default
    zone came from, in the front end's words (an option, a form field, a variable)."""

    rule: Rule
    calendar: Calendar
    zone: str | None
    zone_from: str
    as_of: dt.datetime | WallClock
    limits: LimitSettings | None
    per_charge: bool


def report_page(
    found: ReportFigures, figures: RunFigures, run: ReportRun, settings: ReportSettings
) -> str:
    """The whole HTML page of the run."""
    from holdcalc.output.report_html import render_report  # noqa: PLC0415

    return render_report(found, figures, method_of(run, found.columns), settings)


def method_of(run: ReportRun, columns: Columns) -> Method:
    from holdcalc.output.report_html import Method  # noqa: PLC0415

    limits = run.limits
    return Method(
        rule=run.rule.describe(),
        citation=run.rule.citation,
        calendar=calendar_words(run.calendar),
        zones=_zone_words(columns, run.zone, run.zone_from),
        as_of=_as_of_words(run.as_of),
        as_of_iso=run.as_of.isoformat() if isinstance(run.as_of, dt.datetime) else None,
        limits=limits.table.notice if limits else None,
        agency=limits.agency if limits else None,
        per_charge=run.per_charge,
        ended_by_hold_row=run.per_charge and HOLD_ENDED in columns.header,
        jurisdiction=limits.jurisdiction if limits else None,
        as_of_moment=_moment(run),
    )


def _moment(run: ReportRun) -> dt.datetime | None:
    """The as-of time in the run's zone (as given when rows name their own zones), or
    None for a wall-clock time read in each row's zone."""
    if not isinstance(run.as_of, dt.datetime):
        return None
    if run.zone is None:
        return run.as_of
    from holdcalc.core.clock import get_zone  # noqa: PLC0415

    return run.as_of.astimezone(get_zone(run.zone))


def _as_of_words(as_of: dt.datetime | WallClock) -> str:
    if isinstance(as_of, dt.datetime):
        return as_of.isoformat(timespec="minutes")
    return f"{as_of.text} (each row's local time)"


def calendar_words(calendar: Calendar) -> str:
    """Which days the calendar excludes, in a sentence."""
    sets = {
        "federal": "US federal holidays (5 U.S.C. § 6103) and their observed days",
        "federal+closures": "US federal holidays and their observed days, and the days "
        "federal offices were closed by executive order",
        "none": "no holidays (weekends only, where the rule excludes them)",
    }
    words = sets[calendar.holidays]
    if calendar.state:
        words += f", with the state holidays of {calendar.state}"
    if calendar.extra:
        words += f", and {len(calendar.extra)} local closure day(s) from a holiday file"
    return f"{words}; from the python-holidays package ({calendar.label})."


def _zone_words(columns: Columns, zone: str | None, source: str) -> str:
    if columns.tz is None:
        words = f"Every row was read in {zone} (from {source})"
        unread = columns.zone_like()
        if unread:
            words += f"; the column {unread[0]!r}, named like a zone, was not read"
    else:
        words = f"Each row was read in the zone named in its {columns.header[columns.tz]!r} cell"
        if zone:
            words += f"; a row with a blank cell, in {zone} (from {source})"
    return words + ". Local times are wall-clock times in that zone; durations are counted in UTC."
