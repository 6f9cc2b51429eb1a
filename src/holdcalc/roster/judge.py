"""Batch checking of roster rows: every row kept, a verdict appended to each.

The per-row path is the hot loop of `holdcalc check`. Values in the common shapes
("YYYY-MM-DD HH:MM", "MM/DD/YYYY hh:mm AM", date-only) are read through small caches
of date and time pieces, each filled once by the canonical parser, and placed on the
zone's `Timeline` by arithmetic on days whose UTC offset is steady. Anything else
(other formats, seconds, daylight-saving days, unknown values) goes through the full
parser, so both paths give the same answer and the same error messages.
"""

from __future__ import annotations

import array
import bisect
import dataclasses
import datetime as dt
import re
import statistics
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from holdcalc.core.clock import HOUR, MICROS, from_micros, get_zone, to_micros
from holdcalc.core.errors import ColumnError, InputError
from holdcalc.core.hold import Status, Timeline, hold_expiry, timeline_for
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.parsing import DateOnly, parse_when, read_naive
from holdcalc.core.rules import Rule

if TYPE_CHECKING:
    from holdcalc.core.limits import PolicySettings

OUTPUT_COLUMNS = ("hold_expires_at", "hold_status", "over_detained_hours", "hold_error")

# Header names each role is found under, after normalising (lower case, runs of
# spaces and punctuation to "_"). The first is the documented default.
START_NAMES = (
    "eligible_at",
    "release_eligible",
    "release_eligible_at",
    "eligible_for_release",
    "criminal_custody_ended",
    "custody_ended_at",
    "bond_posted_at",
    "bail_posted_at",
    "hold_start",
    "hold_started_at",
    "charge_release_dt",
)
RELEASED_NAMES = (
    "released_at",
    "release_dt",
    "released",
    "release_datetime",
    "transferred_at",
    "transferred_to_ice_at",
    "left_custody_at",
    "departed_at",
)
TZ_NAMES = ("tz", "time_zone", "timezone", "zone")
JURISDICTION_NAMES = ("jurisdiction", "jurisdiction_code")


def normalize_name(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.replace("\ufeff", "").strip().lower()).strip("_")


@dataclasses.dataclass(frozen=True)
class Columns:
    """Where each value is found in a row (positions in the header)."""

    header: tuple[str, ...]
    start: int
    released: int | None
    tz: int | None
    start_time: int | None = None
    released_time: int | None = None
    jurisdiction: int | None = None

    def values(self, row: Sequence[str]) -> tuple[str, str, str]:
        """(start, departure, zone) texts of a row, with split time columns joined.

        Raises IndexError for a row too short to hold the columns.
        """
        start = row[self.start].strip()
        if self.start_time is not None:
            start = f"{start} {row[self.start_time].strip()}".strip()
        released = "" if self.released is None else row[self.released].strip()
        if self.released_time is not None and released:
            released = f"{released} {row[self.released_time].strip()}".strip()
        return start, released, "" if self.tz is None else row[self.tz]

    def label(self, index: int | None, time_index: int | None = None) -> str:
        if index is None:
            return "column ?"
        name = self.header[index]
        if time_index is not None:
            return f"columns {name}+{self.header[time_index]}"
        return f"column {name}"


def find_columns(
    header: Sequence[str],
    *,
    start: str | None = None,
    released: str | None = None,
    tz: str | None = None,
    start_time: str | None = None,
    released_time: str | None = None,
) -> Columns:
    """Find the columns by name (case and spacing ignored); options name them exactly."""
    normal = [normalize_name(name) for name in header]
    found_list = ", ".join(repr(name) for name in header) or "none"

    def pick(
        given: str | None, aliases: tuple[str, ...], option: str, required: bool
    ) -> int | None:
        if given is not None:
            wanted = normalize_name(given)
            if wanted in normal:
                return normal.index(wanted)
            raise ColumnError(f"{option} {given!r}: no such column; the columns are: {found_list}")
        for alias in aliases:
            if alias in normal:
                return normal.index(alias)
        if required:
            raise ColumnError(
                f"no hold-start column (looked for {', '.join(aliases[:4])}, ...); "
                f"the columns are: {found_list}; name it with {option}"
            )
        return None

    start_index = pick(start, START_NAMES, "--start-col", True)
    assert start_index is not None
    return Columns(
        header=tuple(header),
        start=start_index,
        released=pick(released, RELEASED_NAMES, "--released-col", False),
        tz=pick(tz, TZ_NAMES, "--tz-col", False),
        start_time=pick(start_time, (), "--start-time-col", False) if start_time else None,
        released_time=(
            pick(released_time, (), "--released-time-col", False) if released_time else None
        ),
        jurisdiction=pick(None, JURISDICTION_NAMES, "", False),
    )


@dataclasses.dataclass(frozen=True)
class CheckOptions:
    rule: Rule
    calendar: Calendar
    as_of: dt.datetime
    zone: str | None = None
    dayfirst: bool = False
    policies: PolicySettings | None = None  # the binding-limit analysis, when asked for


def output_columns(options: CheckOptions) -> tuple[str, ...]:
    """The columns appended to every row."""
    return (*OUTPUT_COLUMNS, "binding_limit") if options.policies else OUTPUT_COLUMNS


class RowError(Exception):
    """A row that cannot be judged; its message becomes the row's hold_error."""


_MISSING = object()
_CACHE_LIMIT = 100_000  # pieces per table: a bound on memory for files of odd values


class Pieces:
    """Date and time pieces of values in the common shapes, each read once.

    Shapes: 16 characters, "YYYY-MM-DD HH:MM" or "MM/DD/YYYY HH:MM"; 19 characters,
    "MM/DD/YYYY hh:mm AM"; " " or "T" between date and time. Keys keep the shape
    apart (a 19-character date piece is only ever a US one), and every piece is read
    by the canonical parser on a sample of its own shape, so the cache can only
    repeat what the parser says. None marks a piece the parser refused.
    """

    def __init__(self, *, dayfirst: bool) -> None:
        self.dayfirst = dayfirst
        self.d16: dict[str, int | None] = {}  # also date-only values
        self.t16: dict[str, int | None] = {}  # " HH:MM" -> microseconds since midnight
        self.d19: dict[str, int | None] = {}
        self.t19: dict[str, int | None] = {}  # " hh:mm AM"

    def learn_date(self, piece: str, us_only: bool = False) -> int | None:
        table = self.d19 if us_only else self.d16
        if piece in table:
            return table[piece]
        ordinal = None
        if not us_only or piece[2:3] == "/":
            try:
                value = read_naive(piece, dayfirst=self.dayfirst)
            except InputError:
                value = None
            if isinstance(value, DateOnly):
                ordinal = value.date.toordinal()
        if len(table) < _CACHE_LIMIT:
            table[piece] = ordinal
        return ordinal

    def learn(self, text: str) -> tuple[int | None, int | None]:
        """(local day ordinal, microseconds since midnight) of a 16- or 19-character value."""
        us_only = len(text) == 19
        ordinal = self.learn_date(text[:10], us_only)
        tail = text[10:]
        table = self.t19 if us_only else self.t16
        if tail in table:
            return ordinal, table[tail]
        since = None
        if tail[:1] in (" ", "T"):
            sample = ("01/01/2000" if us_only else "2000-01-01") + tail
            try:
                value = read_naive(sample)
            except InputError:
                value = None
            if isinstance(value, dt.datetime) and value.tzinfo is None:
                since = (value.hour * 3600 + value.minute * 60 + value.second) * MICROS
        if len(table) < _CACHE_LIMIT:
            table[tail] = since
        return ordinal, since


class _ZoneJudge:
    """Judges rows of one time zone against that zone's timeline."""

    def __init__(self, checker: Checker, zone_name: str) -> None:
        self.checker = checker
        self.zone = get_zone(zone_name)
        options = checker.options
        self.timeline: Timeline = timeline_for(self.zone, options.rule, options.calendar)
        self.length = round(options.rule.hours * HOUR)
        self.as_of = to_micros(options.as_of)
        self._day_texts: dict[int, str] = {}
        self._offset_texts: dict[int, str] = {}
        self._refresh()

    fast: Callable[[str, str], tuple[str, str, str, str] | None]

    def _refresh(self) -> None:
        timeline = self.timeline
        self.first = timeline.first
        self.starts = timeline.starts
        self.prefix = timeline.prefix
        self.reasons = timeline.reasons
        self.offsets = timeline.offsets
        self.steady = timeline.steady
        self.days = len(timeline.reasons)
        # Per day, as used by the fast path: the counted time before the day with the
        # day's first instant taken off where the day counts (so a start's counted time
        # is one addition), the date text of an ISO stamp and the offset text after it.
        self.base = [
            p - start if reason is None else p
            for p, start, reason in zip(self.prefix, self.starts, self.reasons, strict=False)
        ]
        self.counts = [reason is None for reason in self.reasons]
        texts = self._day_texts
        self.day_text = [
            texts.get(ordinal)
            or texts.setdefault(ordinal, dt.date.fromordinal(ordinal).isoformat())
            for ordinal in range(self.first, self.first + self.days + 1 if self.days else 0)
        ]
        zones = self._offset_texts
        self.offset_text = [
            zones.get(offset) or zones.setdefault(offset, _offset_text(offset))
            for offset in self.offsets
        ]

        self.fast = self._build_fast()

    def _build_fast(self) -> Callable[[str, str], tuple[str, str, str, str] | None]:
        """The common case in one pass, or None to take the general path (`judge`).

        Both values in a learned shape with a time of day, on days with a steady UTC
        offset inside the table: the answer is then the same arithmetic as `judge`
        does, on locals bound here (the table's lists are rebuilt, and this function
        with them, whenever the table grows).
        """
        pieces = self.checker.pieces
        d16, t16, d19, t19 = pieces.d16, pieces.t16, pieces.d19, pieces.t19
        first, days, steady, starts, prefix = (
            self.first,
            self.days,
            self.steady,
            self.starts,
            self.prefix,
        )
        base, counts, day_text, offset_text = (
            self.base,
            self.counts,
            self.day_text,
            self.offset_text,
        )
        clock_text = self.checker.clock_text
        length, now, ends = self.length, self.as_of, len(self.prefix)
        find = bisect.bisect_left

        def fast(start_text: str, released_text: str) -> tuple[str, str, str, str] | None:
            size = len(start_text)
            if size == 16:
                ordinal = d16.get(start_text[:10])
                since = t16.get(start_text[10:])
            elif size == 19:
                ordinal = d19.get(start_text[:10])
                since = t19.get(start_text[10:])
            else:
                return None
            if ordinal is None or since is None:
                return None
            i = ordinal - first
            if i < 0 or i >= days or not steady[i]:
                return None
            start = starts[i] + since
            target = base[i] + length + (start if counts[i] else 0)
            k = find(prefix, target)
            if k >= ends - 1 or k == 0:  # at the table's edge: the general path extends it
                return None
            j = k - 1
            expiry = starts[j] + target - prefix[j]
            if expiry == starts[k]:
                j = k
            if not steady[j]:
                return None
            clock = clock_text.get(expiry - starts[j])
            if clock is None:
                return None
            stamp = day_text[j] + clock + offset_text[j]
            if not released_text:
                if now < start:
                    return None
                if now <= expiry:
                    return stamp, "active", "0.00", ""
                return stamp, "expired", f"{(now - expiry) / HOUR:.2f}", ""
            size = len(released_text)
            if size == 16:
                ordinal = d16.get(released_text[:10])
                since = t16.get(released_text[10:])
            elif size == 19:
                ordinal = d19.get(released_text[:10])
                since = t19.get(released_text[10:])
            else:
                return None
            if ordinal is None or since is None:
                return None
            r = ordinal - first
            if r < 0 or r >= days or not steady[r]:
                return None
            left = starts[r] + since
            if left < start:
                return None
            if left <= expiry:
                return stamp, "within-hold", "0.00", ""
            return stamp, "over-detained", f"{(left - expiry) / HOUR:.2f}", ""

        return fast

    def _index(self, ordinal: int) -> int:
        index = ordinal - self.first
        if index < 0 or index >= self.days:
            index = self.timeline.index(ordinal)
            self._refresh()
            index = ordinal - self.first
        return index

    # -- reading values ------------------------------------------------------------------

    def moment(self, text: str, label: str) -> tuple[int, int, int]:
        """(earliest instant, latest instant, local day ordinal of the earliest)."""
        size = len(text)
        checker = self.checker
        ordinal: int | None = None
        since: int | None = None
        if size in (16, 19):
            ordinal, since = checker.pieces.learn(text)
        elif size == 10:
            ordinal = checker.pieces.learn_date(text)
            if ordinal is not None:
                index = self._index(ordinal)
                return self.starts[index], self.starts[index + 1], ordinal
        if ordinal is not None and since is not None:
            index = self._index(ordinal)
            if self.steady[index]:
                instant = self.starts[index] + since
                return instant, instant, ordinal
        return self._moment_slow(text, label)

    def _moment_slow(self, text: str, label: str) -> tuple[int, int, int]:
        try:
            value = parse_when(text, self.zone, dayfirst=self.checker.options.dayfirst, what=label)
        except InputError as exc:
            raise RowError(str(exc)) from None
        if isinstance(value, DateOnly):
            ordinal = value.date.toordinal()
            index = self._index(ordinal)
            return self.starts[index], self.starts[index + 1], ordinal
        instant = to_micros(value)
        return instant, instant, value.date().toordinal()

    # -- the hold ------------------------------------------------------------------------

    def expiry(self, start: int, ordinal: int) -> tuple[int, int]:
        """(expiry instant, index of the day in which the count completes)."""
        index = self._index(ordinal)
        prefix = self.prefix
        target = prefix[index] + self.length
        if self.reasons[index] is None:
            target += start - self.starts[index]
        k = bisect.bisect_left(prefix, target)
        if k >= len(prefix):
            self.timeline.expiry(start, ordinal, self.length)  # extends the table
            self._refresh()
            return self.expiry(start, ordinal)
        return self.starts[k - 1] + target - prefix[k - 1], k - 1

    def stamp(self, instant: int, index: int) -> str:
        """ISO 8601 with offset, in this zone, of an instant in or at the end of day `index`."""
        starts = self.starts
        if instant == starts[index + 1]:
            index += 1
        since = instant - starts[index]
        if index < self.days and self.steady[index] and since % MICROS == 0:
            clock = self.checker.clock_text.get(since) or _clock(since // MICROS)
            return self.day_text[index] + clock + self.offset_text[index]
        return from_micros(instant, self.zone).isoformat()

    def judge(
        self, start_text: str, released_text: str, start_label: str, released_label: str
    ) -> tuple[str, str, str, str]:
        s_lo, s_hi, s_ordinal = self.moment(start_text, start_label)
        e_lo, e_day = self.expiry(s_lo, s_ordinal)
        if s_hi != s_lo:
            e_hi, e_day = self.expiry(s_hi, s_ordinal + 1)
        else:
            e_hi = e_lo
        left = self._left(released_text, released_label, start_text, s_lo)
        status, over = self._verdict(left, s_lo, e_lo, e_hi, start_text, start_label)
        return self.stamp(e_hi, e_day), status, _hours(over) if over is not None else "0.00", ""

    def judge_limits(
        self,
        start_text: str,
        released_text: str,
        start_label: str,
        released_label: str,
        settings: PolicySettings,
        jurisdiction: str | None,
    ) -> tuple[str, str, str, str, str]:
        """As `judge`, against the binding limit (regulation, form, state or local law)."""
        s_lo, s_hi, _ = self.moment(start_text, start_label)
        options = self.checker.options
        analyses = [
            settings.analyse(
                hold_expiry(
                    from_micros(s, self.zone),
                    rule=options.rule,
                    calendar=options.calendar,
                    explain=False,
                ),
                jurisdiction,
            )
            for s in ((s_lo,) if s_hi == s_lo else (s_lo, s_hi))
        ]
        first, last = analyses[0], analyses[-1]
        left = self._left(released_text, released_label, start_text, s_lo)
        status, over = self._verdict(
            left, s_lo, to_micros(first.deadline), to_micros(last.deadline), start_text, start_label
        )
        binding = f"{last.binding.source}: {last.binding.title}"
        if last.depends_on:
            lo, hi = (
                a.if_fact_holds.expires_at
                if a.if_fact_holds and a.if_fact_holds.expires_at
                else a.deadline
                for a in (first, last)
            )
            other, other_over = self._verdict(
                left, s_lo, to_micros(lo), to_micros(hi), start_text, start_label
            )
            if other != status:
                status = "possibly-over-detained"
            over = min(over or 0, other_over or 0)
            binding += f" (depends on whether {last.depends_on})"
        hours = _hours(over) if over else "0.00"
        return last.deadline.isoformat(), status, hours, "", binding

    def _left(
        self, released_text: str, label: str, start_text: str, start: int
    ) -> tuple[int, int] | None:
        """The earliest and latest possible departure, or None while still held."""
        if not released_text:
            return None
        r_lo, r_hi, _ = self.moment(released_text, label)
        if r_hi < start or (r_hi == r_lo and r_lo < start):
            raise RowError(
                f"{label}: {released_text!r} is before the hold started "
                f"({start_text!r}); check both values"
            )
        return r_lo, r_hi

    def _verdict(
        self,
        left: tuple[int, int] | None,
        start: int,
        e_lo: int,
        e_hi: int,
        start_text: str,
        start_label: str,
    ) -> tuple[str, int | None]:
        """The status, and the certain time past the expiry (None when there is none)."""
        if left is not None:
            r_lo, r_hi = left
            if r_lo > e_hi:
                return "over-detained", r_lo - e_hi
            if r_hi <= e_lo:
                return "within-hold", None
            return "possibly-over-detained", None
        now = self.as_of
        if now < start:
            raise RowError(
                f"{start_label}: {start_text!r} is after the as-of time; the hold has not begun"
            )
        if now <= e_lo:
            return "active", None
        if now > e_hi:
            return "expired", now - e_hi
        return "possibly-over-detained", None


def _hours(micros: int) -> str:
    return f"{micros / HOUR:.2f}"


class Checker:
    """Judges rows: appends hold_expires_at, hold_status, over_detained_hours, hold_error."""

    def __init__(self, columns: Columns, options: CheckOptions) -> None:
        self.columns = columns
        self.options = options
        self.pieces = Pieces(dayfirst=options.dayfirst)
        self._judges: dict[str, _ZoneJudge | str] = {}
        # "THH:MM:00" for each whole minute of a day, by microseconds since midnight.
        self.clock_text = {second * MICROS: _clock(second) for second in range(0, 86_400, 60)}
        c = columns
        self._start_label = c.label(c.start, c.start_time)
        self._released_label = c.label(c.released, c.released_time)
        self._tz_label = c.label(c.tz)
        self.width = len(c.header)

    # -- rows ----------------------------------------------------------------------------

    def judge_for(self, zone_text: str) -> _ZoneJudge | str:
        judge = self._judges.get(zone_text)
        if judge is None:
            name = zone_text.strip() or self.options.zone
            try:
                if not name:
                    raise InputError("no time zone: the tz cell is blank and no --tz was given")
                judge = _ZoneJudge(self, name)
            except InputError as exc:
                judge = f"{self._tz_label}: {exc}" if self.columns.tz is not None else str(exc)
            self._judges[zone_text] = judge
        return judge

    def check(self, row: Sequence[str]) -> tuple[str, str, str, str]:
        """The four appended values for one row (never raises for a bad value)."""
        try:
            start_text, released_text, zone_text = self.columns.values(row)
        except IndexError:
            return "", "error", "", f"row has {len(row)} fields, the header has {self.width}"
        judge = self._judges.get(zone_text) or self.judge_for(zone_text)
        if isinstance(judge, str):
            return "", "error", "", judge
        return judge.fast(start_text, released_text) or self._general(
            judge, start_text, released_text
        )

    def check_limits(self, row: Sequence[str]) -> tuple[str, ...]:
        """As `check`, judged against the binding limit, with a binding_limit value."""
        settings = self.options.policies
        assert settings is not None
        c = self.columns
        cell = row[c.jurisdiction].strip().upper() if c.jurisdiction is not None else ""
        if cell and cell not in settings.table.jurisdictions:
            return (
                "",
                "error",
                "",
                f"column {c.header[c.jurisdiction or 0]}: {cell!r} is not "
                "in the policy table (see holdcalc policies; add it with --policy-file)",
                "",
            )
        verdict = self.check(row)  # reads the values, and reports their errors first
        if verdict[1] == "error":
            return (*verdict, "")
        start_text, released_text, zone_text = c.values(row)
        judge = self.judge_for(zone_text)
        assert not isinstance(judge, str)
        try:
            return judge.judge_limits(
                start_text,
                released_text,
                self._start_label,
                self._released_label,
                settings,
                cell or settings.jurisdiction,
            )
        except (RowError, InputError) as exc:
            return "", "error", "", str(exc), ""

    def _general(
        self, judge: _ZoneJudge, start_text: str, released_text: str
    ) -> tuple[str, str, str, str]:
        try:
            return judge.judge(start_text, released_text, self._start_label, self._released_label)
        except RowError as exc:
            return "", "error", "", str(exc)


def _clock(second: int) -> str:
    """ "THH:MM:SS" of a second of the day."""
    return f"T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"


def _offset_text(micros: int) -> str:
    sign = "-" if micros < 0 else "+"
    seconds = abs(micros) // MICROS
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


# --- the summary ---------------------------------------------------------------------------

FLAGGED = ("over-detained", "possibly-over-detained", "expired")


class Summary:
    """Running totals of a batch; keeps 4 bytes per overrun row for an exact median."""

    def __init__(self) -> None:
        self.rows = 0
        self.counts: dict[str, int] = {status.value: 0 for status in Status}
        self.centi = array.array("i")  # centi-hours: 21 million hours fit
        self.blank_lines = 0

    def part(self) -> tuple[int, dict[str, int], int, bytes]:
        """The totals as plain values, to send from a worker process."""
        return self.rows, self.counts, self.blank_lines, self.centi.tobytes()

    def merge(self, part: tuple[int, dict[str, int], int, bytes]) -> None:
        rows, counts, blank_lines, centi = part
        self.rows += rows
        for status, count in counts.items():
            self.counts[status] += count
        self.blank_lines += blank_lines
        self.centi.frombytes(centi)

    def add(self, status: str, hours: str) -> None:
        self.rows += 1
        self.counts[status] += 1
        if status in ("over-detained", "expired"):
            self.centi.append(round(float(hours) * 100))

    def figures(self, bed_cost: float | None = None) -> dict[str, object]:
        centi = self.centi
        total = sum(centi) / 100
        figures: dict[str, object] = {
            "rows": self.rows,
            "statuses": dict(self.counts),
            "errors": self.counts["error"],
            "flagged": sum(self.counts[s] for s in FLAGGED),
            "blank_lines_skipped": self.blank_lines,
            "over_detention_hours": {
                "rows": len(centi),
                "total": round(total, 2),
                "median": round(statistics.median(centi) / 100, 2) if centi else 0.0,
                "max": max(centi) / 100 if centi else 0.0,
            },
        }
        if bed_cost is not None:
            figures["bed_cost_per_day"] = bed_cost
            figures["over_detention_cost"] = round(total / 24 * bed_cost, 2)
        return figures
