"""Calendar files (RFC 5545) for hold deadlines, written with the icalendar library (the
`calendar` extra, imported only when a calendar file is asked for).

An event starts at the deadline, written in UTC so that no reader can place it at the
wrong one of two wall-clock times on a night the clocks fall back; its text names the
jail's zone and local time. Each event has two reminders (two hours before, and at the
deadline) and a UID made from what identifies the hold, so that importing a file again
updates the events instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from holdcalc.core.clock import from_micros
from holdcalc.core.extras import extra
from holdcalc.core.hold import Expiry
from holdcalc.core.verdict import Status
from holdcalc.roster.columns import Columns, Role, cell, find_column
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.verdicts import RowVerdict

MISSING = "calendar files need the calendar extra: pip install 'holdcalc[calendar]'"
REMINDERS = (dt.timedelta(hours=-2), dt.timedelta(0))


def stable_uid(*parts: str) -> str:
    """The same UID for the same hold on every run."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@holdcalc"


def deadline_event(
    uid: str, title: str, deadline: dt.datetime, description: Sequence[str], stamp: dt.datetime
) -> Any:
    """One event at `deadline` (an aware datetime), with its reminders."""
    icalendar = _library()
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", deadline.astimezone(dt.UTC))
    event.add("dtend", deadline.astimezone(dt.UTC) + dt.timedelta(minutes=15))
    event.add("summary", title)
    event.add("description", "\n".join(description))
    for trigger in REMINDERS:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", trigger)
        event.add_component(alarm)
    return event


def case_event(expiry: Expiry, binding: dt.datetime | None, label: str, stamp: dt.datetime) -> Any:
    """One case's deadline as an event (the binding limit's, when there is one), with
    the day-by-day count and the rule in its description."""
    deadline = binding or expiry.expires_at
    zone, rule = expiry.zone, expiry.rule
    local = deadline.astimezone(expiry.start.tzinfo)
    title = f"ICE hold ends: {label}" if label else "ICE hold ends"
    lines = [
        f"The hold ends {local.isoformat()} ({zone}).",
        f"It began {expiry.start.isoformat()}. Rule: {rule.citation}, {rule.describe()}.",
        *(
            f"{day.date.isoformat()}: {day.kind.value}" + (f" ({day.reason})" if day.reason else "")
            for day in expiry.ledger
        ),
        "holdcalc is a calculator, not legal advice.",
    ]
    uid = stable_uid(expiry.start.astimezone(dt.UTC).isoformat(), zone, rule.key, label)
    return deadline_event(uid, title, deadline, lines, stamp)


def calendar_text(events: Iterable[Any]) -> str:
    """A whole calendar file of the events."""
    icalendar = _library()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//holdcalc//hold deadlines//EN")
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(event)
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")


def require() -> None:
    """Fail before any work is done when the calendar extra is missing."""
    _library()


def _library() -> Any:
    return extra("icalendar", MISSING)


class RunningHolds:
    """A calendar event for each hold still running as of the run's time, gathered as a
    `check` run judges its rows (the deadlines a volunteer team must watch)."""

    statuses = frozenset({Status.ACTIVE})

    def __init__(self, header: Sequence[str], columns: Columns, judge: RowJudge) -> None:
        self.columns = columns
        self.judge = judge
        self.booking = find_column(header, Role.BOOKING)
        self.name = find_column(header, Role.NAME)
        self.events: list[Any] = []
        self._uids: set[str] = set()
        self._stamp = dt.datetime.now(dt.UTC)

    def __call__(self, number: int, row: list[str], verdict: RowVerdict) -> None:
        start_text, _, zone_text = self.columns.values(row)
        zone_judge = self.judge.zone_judge(zone_text)
        if verdict.due is None or isinstance(zone_judge, RowVerdict):
            return
        zone = zone_judge.zone
        booking = cell(row, self.booking) or f"row {number}"
        rule = self.judge.settings.rule
        uid = stable_uid(booking, start_text, zone.key, rule.key, str(rule.hours))
        if uid in self._uids:  # the same hold on two rows: one event
            return
        self._uids.add(uid)
        who = " ".join(part for part in (booking, cell(row, self.name)) if part)
        latest = from_micros(verdict.due, zone)
        if verdict.due_from is None:
            deadline, title = latest, f"ICE hold ends: {who}"
            when = f"The hold ends {latest.isoformat()} ({zone.key})."
        else:  # a whole-day start: the event at the earliest end, the window said
            deadline, title = from_micros(verdict.due_from, zone), f"ICE hold may end: {who}"
            when = (
                f"The hold ends between {deadline.isoformat()} and {latest.isoformat()} "
                f"({zone.key}): its start is known only by its day. Act by the earliest."
            )
        lines = [
            when,
            f"It began {start_text} ({zone.key}). Rule: {rule.citation}, {rule.describe()}.",
            "holdcalc is a calculator, not legal advice.",
        ]
        self.events.append(deadline_event(uid, title, deadline, lines, self._stamp))

    def text(self) -> str:
        return calendar_text(self.events)
