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

from holdcalc.core.errors import InputError

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


def _library() -> Any:
    try:
        import icalendar  # noqa: PLC0415  (the calendar extra)
    except ImportError:
        raise InputError(MISSING) from None
    return icalendar
