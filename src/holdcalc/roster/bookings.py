"""Per-charge rosters: rows grouped into bookings, one verdict per booking.

A county's booking export has one row per charge, the immigration hold among them.
Each charge's own release time is not when the hold began: the hold begins when the
last criminal charge is released, and the person leaves at the booking's release.
Rows of one booking may be anywhere in the file, so bookings are kept open until the
end; memory grows with the number of bookings, not of rows.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from holdcalc.core.clock import HOUR, day_start, from_micros, get_zone, to_micros
from holdcalc.core.errors import InputError, Setting
from holdcalc.core.parsing import DateOnly, parse_when
from holdcalc.core.verdict import Status
from holdcalc.roster.columns import (
    Columns,
    Role,
    find_column,
    named_column,
)
from holdcalc.roster.markers import (
    DEFAULT_MARKERS,
    Marker,
    charge_columns,
    found_in,
    is_denied,
    placed,
)
from holdcalc.roster.verdicts import NO_HOLD, RowVerdict, failed

if TYPE_CHECKING:  # settings.py names BookingSettings, defined here
    from holdcalc.roster.settings import JudgeSettings

BOOKING_COLUMNS = ("hold_started_at", "charges", "dispositions")
HOLD_ENDED = "hold_ended_at"  # without a departure column: the hold row's own release


@dataclasses.dataclass(frozen=True)
class BookingSettings:
    """How rows become bookings: which column groups them, what marks a hold row."""

    group_by: str
    markers: tuple[Marker, ...] = DEFAULT_MARKERS
    booked: str | None = None  # the booking time's column (else found by its aliases)
    all_bookings: bool = False  # bookings with no hold row come back as no-hold
    disposition: str | None = None  # how each charge ended (else found by its aliases)
    layout: str = "auto"  # "stacked": a printed report; "table": never; "auto": as it looks


@dataclasses.dataclass(slots=True)
class Booking:
    """One booking's facts, gathered from its rows wherever they are in the file."""

    first: list[str]
    charges: int = 0
    holds: int = 0
    start: int | None = None  # the latest criminal charge release, in microseconds
    start_text: str = ""
    open_charge: bool = False
    hold_releases: list[int | None] = dataclasses.field(default_factory=list)
    released: str = ""
    hold_end: int | None = None  # the latest hold row's own release, and its text
    hold_end_text: str = ""
    zone: str = ""  # the jail's zone, as its rows give it
    read_before_zone: bool = False  # a charge time was read before any row gave the zone
    dispositions: list[str] = dataclasses.field(default_factory=list)
    error: str = ""


class Grouper:
    """Gathers rows into bookings; `bookings()` then gives one output row each."""

    def __init__(
        self,
        header: Sequence[str],
        columns: Columns,
        settings: BookingSettings,
        reading: JudgeSettings,
    ) -> None:
        self.header = list(header)
        self.columns = columns
        self.zone = reading.zone
        self.reading = reading  # how charge releases are read: day first, formats, words
        self.day_first_rows = 0  # charge rows with a date that reads only day first
        self.key = named_column(header, settings.group_by, Setting.GROUP_BY)
        defaults = settings.markers == DEFAULT_MARKERS
        self.markers = [placed(header, marker, given=not defaults) for marker in settings.markers]
        self.booked = find_column(header, Role.BOOKED, settings.booked)
        self.disposition = find_column(header, Role.DISPOSITION, settings.disposition)
        self.settings = settings
        self._blank_key = (
            f"column {header[self.key]}: blank, so this charge row cannot be grouped into "
            "a booking; fill in its booking"
        )
        self.open: dict[str, Booking] = {}
        self.marker_counts: dict[tuple[int, int], int] = {}  # (marker, column): rows
        self.no_hold = 0
        self.denied_rows = 0  # rows whose only mention of a hold denies it
        self.first_denied = ""  # the first such cell, for the summary
        self.elsewhere_rows = 0  # rows that mention a hold only outside a charge column
        self.first_elsewhere = ""
        self.charge_columns, self.other_columns = charge_columns(header, self.key)
        self._starts: dict[tuple[dt.date, ZoneInfo], int] = {}  # local days' first instants
        self._reads: dict[tuple[str, ZoneInfo], tuple[int, int]] = {}  # values read
        self._month_of: dict[tuple[int, ZoneInfo], str] = {}  # "2016-09" of an instant
        # One search for every default marker: most charge rows name none.
        texts = [re.escape(text) for column, text, _ in self.markers if column is None]
        self._any_marker = re.compile("|".join(texts)) if texts else None
        self._given = any(c is not None and c >= 0 for c, _, _ in self.markers)  # by column
        # Bookings with a hold, by the month their hold began and the month they were booked.
        self.months: dict[str, collections.Counter[str]] = {
            "by_hold_start": collections.Counter(),
            "by_booking_date": collections.Counter(),
        }

    def add(self, row: list[str]) -> None:
        if not row:
            return
        if len(row) < len(self.header):  # a short row is padded with blanks, as rows are
            row = [*row, *[""] * (len(self.header) - len(row))]
        key = row[self.key].strip() if self.key < len(row) else ""
        if not key:  # no booking to join: the row comes back alone, as an error
            key = f"\0row {len(self.open)}"  # a key no cell can hold
            self.open[key] = Booking(first=list(row), error=self._blank_key)
        booking = self.open.get(key)
        if booking is None:
            booking = self.open[key] = Booking(first=list(row))
        booking.charges += 1
        start_text, released, zone_text = self.columns.values(row)
        if zone_text:
            self._zone_of(booking, zone_text.strip())
        if released and not booking.released:
            booking.released = released
        elif released and released != booking.released and not booking.error:
            booking.error = (  # which one is the person's departure cannot be told
                f"{self.columns.released_label}: the booking's rows give two departures "
                f"({booking.released!r} and {released!r}); correct the file"
            )
        if self.disposition is not None and self.disposition < len(row):
            note = row[self.disposition].strip()
            if note and note not in booking.dispositions:
                booking.dispositions.append(note)
        when = self._instant(start_text, booking) if start_text else None
        if self._is_hold(row):
            booking.holds += 1
            booking.hold_releases.append(when)
            if when is not None and (booking.hold_end is None or when > booking.hold_end):
                booking.hold_end, booking.hold_end_text = when, start_text
        elif not start_text:
            booking.open_charge = True
        elif when is not None and (booking.start is None or when > booking.start):
            booking.start, booking.start_text = when, start_text

    def _zone_of(self, booking: Booking, zone: str) -> None:
        """A booking is in one jail: the zone any of its rows gives, or an error when two
        rows give different ones (which rows' times were local to which cannot be told)."""
        if not zone or zone == booking.zone:
            return
        if not booking.zone:
            booking.zone = zone
            if booking.read_before_zone and zone != (self.zone or "") and not booking.error:
                booking.error = (
                    f"{self.columns.label(self.columns.tz)}: blank on the booking's first "
                    f"rows and {zone!r} on a later one, so its times cannot all be read in "
                    "one zone; fill in the zone on every row"
                )
        elif not booking.error:
            booking.error = (
                f"{self.columns.label(self.columns.tz)}: the booking's rows give two zones "
                f"({booking.zone!r} and {zone!r}); correct the file"
            )

    def _is_hold(self, row: Sequence[str]) -> bool:
        """Whether a row is the hold: a marker in its charge columns (the default ones)
        or in the column a given marker names, not denied in the same cell. A row that
        mentions a hold only elsewhere (a disposition, a note) is counted, not taken."""
        named = self._any_marker is not None and self._any_marker.search("\x1f".join(row).upper())
        if not named and not self._given:  # most charge rows: nothing to look for
            return False
        upper = [cell.upper() for cell in row]
        charges = "\x1f".join(upper[at] for at in self.charge_columns if at < len(upper))
        found, denied = False, ""
        for n, (column, text, whole) in enumerate(self.markers):
            if column is None:  # not inside a word: "PRICE HOLDINGS" is no ICE HOLD
                if not named or text not in charges:
                    continue
                hits = found_in(upper, self.charge_columns, text)
            elif column < 0 or column >= len(row):
                continue  # a default marker's column this file does not have
            else:
                cell = upper[column].strip()
                hits = [(column, cell)] if (cell == text if whole else text in cell) else []
            affirmed = [at for at, cell in hits if not is_denied(cell, text)]
            if affirmed:
                key = (n, affirmed[0])
                self.marker_counts[key] = self.marker_counts.get(key, 0) + 1
                found = True
            elif hits:
                denied = denied or hits[0][1]
        if found:
            return True
        if denied:  # "NO ICE HOLD": counted and named, not taken
            self.denied_rows += 1
            self.first_denied = self.first_denied or denied
            return False
        elsewhere = self._elsewhere(row, upper) if named else ""
        if elsewhere:  # "ICE DETAINER RELEASED" as a theft's disposition
            self.elsewhere_rows += 1
            self.first_elsewhere = self.first_elsewhere or elsewhere
        return False

    def _elsewhere(self, row: Sequence[str], upper: Sequence[str]) -> str:
        """'column: cell' of the first default marker outside the charge columns."""
        others = "\x1f".join(upper[at] for at in self.other_columns if at < len(upper))
        for column, text, _ in self.markers:
            if column is not None or text not in others:
                continue
            for at, cell in found_in(upper, self.other_columns, text):
                if not is_denied(cell, text):
                    return f"{self.header[at]}: {row[at].strip()!r}"
        return ""

    def _instant(self, text: str, booking: Booking) -> int | None:
        """A charge release as an instant (a date alone: the end of its day, the latest),
        read in the booking's zone."""
        reading = self.reading
        booking.read_before_zone |= not booking.zone
        try:
            return self._read(text, self._zone(booking), self.columns.start_label)[1]
        except InputError as exc:
            booking.error = booking.error or exc.render(reading.words)
            self.day_first_rows += exc.fields.get("day_first") is True
            return None

    def _read(self, text: str, zone: ZoneInfo, what: str) -> tuple[int, int]:
        """The first and last instant a value names (a date alone: its whole local day),
        each text read once: an export's dates repeat. Raises InputError, uncached."""
        key = (text, zone)
        found = self._reads.get(key)
        if found is not None:
            return found
        reading = self.reading
        value = parse_when(
            text, zone, dayfirst=reading.dayfirst, what=what, formats=reading.formats
        )
        if isinstance(value, DateOnly):
            following = value.date + dt.timedelta(days=1)
            found = self._day_start(value.date, zone), self._day_start(following, zone)
        else:
            moment = to_micros(value)
            found = moment, moment
        self._reads[key] = found
        return found

    def rows(self) -> Iterator[tuple[list[str], RowVerdict | None]]:
        """Each booking's output row, and its verdict when it is not judged by the hold
        rule (no hold, not started, lifted, an error); None: judge the row."""
        for booking in self.open.values():
            if not booking.holds and booking.error != self._blank_key:
                self.no_hold += 1
                if not self.settings.all_bookings:
                    continue
            yield self._row(booking)

    def _row(self, booking: Booking) -> tuple[list[str], RowVerdict | None]:
        start_text = booking.start_text
        if booking.holds and booking.charges == booking.holds and self.booked is not None:
            start_text = self.columns.time_text(booking.first[self.booked])  # hold-only
        row = list(booking.first)
        released = self.columns.released
        if released is not None and released < len(row):
            row[released] = booking.released
        tz = self.columns.tz
        if tz is not None and tz < len(row):
            row[tz] = booking.zone  # from whichever of its rows gave it
        if booking.holds:
            self._count_month("by_hold_start", start_text, booking)
            if self.booked is not None and self.booked < len(booking.first):
                self._count_month("by_booking_date", booking.first[self.booked], booking)
        row += [start_text, str(booking.charges), "; ".join(booking.dispositions)]
        if released is None:  # no departure column: the hold ended at its row's release
            row.append(booking.hold_end_text)
        return row, _fixed(booking) or self._left_before(booking, start_text)

    def _left_before(self, booking: Booking, start_text: str) -> RowVerdict | None:
        """A booking whose person left before its hold could begin: no time was held on
        the hold (an export's charge release is often rounded up past the departure)."""
        start = self._window(start_text, booking)
        left_text = booking.released if self.columns.released is not None else ""
        left = self._window(left_text, booking)
        if start is None or left is None or left[1] >= start[0]:
            return None
        gap = (start[0] - left[1]) / HOUR
        return _verdict(
            Status.LEFT_BEFORE_HOLD,
            f"{self.columns.released_label}: {booking.released!r} is {gap:.2f} h before the "
            f"hold could begin ({start_text!r}), so no time was held on it",
        )

    def _zone(self, booking: Booking) -> ZoneInfo:
        """The zone a booking's values are read in: its rows', else the run's."""
        return get_zone(booking.zone or self.zone or "")

    def _day_start(self, day: dt.date, zone: ZoneInfo) -> int:
        """The first instant of a local day, kept: an export's dates repeat."""
        key = (day, zone)
        found = self._starts.get(key)
        if found is None:
            found = self._starts[key] = day_start(day, zone)
        return found

    def _count_month(self, kind: str, text: str, booking: Booking) -> None:
        """Count a booking's hold in the local month `text` falls in (if it can be read)."""
        window = self._window(self.columns.time_text(text), booking)
        if window is None:
            return
        zone = self._zone(booking)
        month = self._month_of.get((window[0], zone))
        if month is None:
            day = from_micros(window[0], zone)
            month = self._month_of[window[0], zone] = f"{day.year}-{day.month:02d}"
        self.months[kind][month] += 1

    def _window(self, text: str, booking: Booking) -> tuple[int, int] | None:
        """The first and last instant a value may name, in the booking's zone; None for
        a blank or a value the judge will refuse with its own message."""
        if not text:
            return None
        try:
            return self._read(text, self._zone(booking), "")
        except InputError:
            return None


def _fixed(booking: Booking) -> RowVerdict | None:
    """The verdict of a booking that the hold rule does not judge, if it is one."""
    if booking.error:
        return failed(booking.error)
    if not booking.holds:
        return NO_HOLD
    if booking.open_charge:
        return _verdict(Status.NOT_STARTED, "a criminal charge is not yet released")
    start = booking.start
    lifted = booking.hold_releases and all(r is not None for r in booking.hold_releases)
    if lifted and start is not None and all(r < start for r in booking.hold_releases if r):
        return _verdict(
            Status.HOLD_LIFTED,
            "the hold was lifted before the last criminal charge was released",
        )
    return None


def _verdict(status: Status, note: str) -> RowVerdict:
    """A booking the hold rule does not judge: nothing past a limit, and why."""
    return NO_HOLD._replace(status=status, error=note)


def booking_names(columns: Columns) -> tuple[str, ...]:
    """The columns a booking's row adds to its first row's: hold_ended_at too when the
    roster has no departure column."""
    return BOOKING_COLUMNS if columns.released is not None else (*BOOKING_COLUMNS, HOLD_ENDED)


def booking_columns(header: Sequence[str], columns: Columns) -> Columns:
    """Where the hold's values are in an output row: the start is hold_started_at; the
    departure, without a departure column, hold_ended_at."""
    out = (*header, *booking_names(columns))
    released = columns.released
    if released is None:
        released = len(header) + len(BOOKING_COLUMNS)
    return dataclasses.replace(
        columns,
        header=out,
        start=len(header),
        released=released,
        start_time=None,
        released_time=None,
    )
