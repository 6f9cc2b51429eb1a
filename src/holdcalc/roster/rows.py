"""Judging one row: its values found, its zone's judge chosen, its verdict returned.

A row never raises: a value that cannot be used gives a verdict with status error and
the reason, so every row comes back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from holdcalc.core.clock import from_micros
from holdcalc.core.errors import InputError, Setting, UnknownZoneError
from holdcalc.core.hold import Expiry, hold_expiry
from holdcalc.core.law_table import unknown_place
from holdcalc.core.limits import Analysis, Plan
from holdcalc.core.verdict import Assessment, Status, Verdict, assess
from holdcalc.roster.columns import Columns, Role, cell, find_column, hold_flag
from holdcalc.roster.settings import JudgeSettings
from holdcalc.roster.shapes import kept_for_thread
from holdcalc.roster.summary import Summary
from holdcalc.roster.verdicts import NO_HOLD, RowVerdict, failed
from holdcalc.roster.zone_judge import RowError, ZoneJudge, left_before_start

HEADER_AGAIN = failed(
    "the header row again (a page break in the export, or files joined with their "
    "headers): not a hold; delete the row"
)


class RowJudge:
    """Appends hold_expires_at, hold_status, over_detained_hours, hold_error to rows."""

    def __init__(self, columns: Columns, settings: JudgeSettings) -> None:
        self.columns = columns
        self.settings = settings
        self.shapes = kept_for_thread(dayfirst=settings.dayfirst, enabled=not settings.formats)
        self._judges: dict[str, ZoneJudge | RowVerdict] = {}
        self._day_plans: dict[tuple[int, str | None], Plan] = {}  # shared by the zones
        self._run_arrays: dict[str, Any] = {}  # the columnar path's, shared by the zones
        self.labels = (columns.start_label, columns.released_label)
        self.width = len(columns.header)
        self._known_places = (
            frozenset(settings.limits.table.jurisdictions) if settings.limits else frozenset()
        )
        # Rows in error for a date that reads only day first (27/11/2024): evidence that
        # the file writes the day first, while slash dates are read month first.
        self.day_first_rows = 0
        # The verdict of one row (never raises for a bad value), chosen once a run.
        self.verdict: Callable[[Sequence[str]], RowVerdict] = (
            self._plain_verdict if settings.limits is None else self._limits_verdict
        )
        # A roster of every booking says in a hold-flag column which had a hold: a row
        # whose flag says none has no hold to judge (never an error for its blank start).
        self._flag = find_column(columns.header, Role.HOLD_FLAG)
        if self._flag is not None:
            self._judged, self.verdict = self.verdict, self._flagged_verdict
        # An error row that is the header again is said to be so (an export's page
        # break, or files joined with their headers), not a value its cells fail as.
        self._header = tuple(name.strip().casefold() for name in columns.header)
        self._unchecked, self.verdict = self.verdict, self._header_checked

    @property
    def flag_column(self) -> int | None:
        """Where the hold-flag column is (a roster of every booking), if any."""
        return self._flag

    def window_note(self, row: Sequence[str], verdict: RowVerdict) -> str | None:
        """For a start known only by its day: between when and when the limit ends, in
        the row's zone (a team watching the hold must act by the earliest)."""
        if verdict.due_from is None or verdict.due is None:
            return None
        judge = self.zone_judge(self.columns.values(row)[2])
        if isinstance(judge, RowVerdict):
            return None
        early, late = judge.stamp_of(verdict.due_from), judge.stamp_of(verdict.due)
        return f"the start is a date alone: the limit ends between {early} and {late}"

    def zone_judge(self, zone_text: str) -> ZoneJudge | RowVerdict:
        """The judge of a zone cell's zone, or the error verdict of every row with it."""
        judge = self._judges.get(zone_text)
        if judge is None:
            name = zone_text.strip() or self.settings.zone
            try:
                if not name:
                    blank = (
                        "the tz cell is blank" if self.columns.tz is not None else "no zone column"
                    )
                    raise UnknownZoneError(
                        f"no time zone: {blank}; give the jail's zone with ", Setting.ZONE
                    )
                judge = ZoneJudge(
                    self.settings, self.shapes, name, self._day_plans, self._run_arrays
                )
            except InputError as exc:
                message = exc.render(self.settings.words)
                if self.columns.tz is not None and isinstance(exc, UnknownZoneError):
                    message = f"{self.columns.label(self.columns.tz)}: {message}"
                judge = failed(message)
            self._judges[zone_text] = judge
        return judge

    def hand_over(self, summary: Summary) -> None:
        """Add to `summary` what was counted beside the verdicts since the last call (a
        worker's judge lives on from block to block): rows with a date that reads only
        day first, rows whose departure came after the as-of time, and whether a zone
        cell was blank (such a row is read in the run's own zone)."""
        summary.day_first += self.day_first_rows
        self.day_first_rows = 0
        for text, judge in self._judges.items():
            if isinstance(judge, ZoneJudge):
                summary.departures_after += judge.departures_after
                judge.departures_after = 0
                summary.blank_zone |= not text.strip()

    def _plain_verdict(self, row: Sequence[str]) -> RowVerdict:
        """A row judged against the rule alone."""
        try:
            start_text, released_text, zone_text = self.columns.values(row)
        except IndexError:
            return self._short(row)
        judge = self.zone_judge(zone_text)
        if isinstance(judge, RowVerdict):  # the zone cannot be used
            return judge
        return self._general(judge, start_text, released_text)

    def _general(self, judge: ZoneJudge, start_text: str, released_text: str) -> RowVerdict:
        try:
            return judge.judge(start_text, released_text, self.labels)
        except RowError as exc:
            self.day_first_rows += exc.day_first
            return failed(str(exc))
        except InputError as exc:  # the calendar cannot tell the row's years
            return failed(f"{self.labels[0]}: {exc.render(self.settings.words)}")

    def _limits_verdict(self, row: Sequence[str]) -> RowVerdict:
        """A row judged against the binding limits."""
        place = "" if self.columns.jurisdiction is None else self.jurisdiction(row)
        if place and place not in self._known_places:
            return self._unknown_place(place)
        try:
            start_text, released_text, zone_text = self.columns.values(row)
        except IndexError:
            return self._short(row)
        judge = self.zone_judge(zone_text)
        if isinstance(judge, RowVerdict):
            return judge
        return self._against_limits(place, judge, start_text, released_text)

    def _flagged_verdict(self, row: Sequence[str]) -> RowVerdict:
        if hold_flag(cell(row, self._flag)) is False:
            return NO_HOLD
        return self._judged(row)

    def left_before_start(self, row: Sequence[str]) -> RowVerdict:
        """The verdict of a row judged against the rule alone whose values the columnar
        engine read, and found the departure before the start (columnar.judge_zone's
        `early`): the error the general path raises for it, without reading the values
        and counting the limit again."""
        start_text, released_text, _ = self.columns.values(row)
        if self._is_header(row):
            return HEADER_AGAIN
        return failed(left_before_start(self.labels[1], released_text, start_text))

    def _header_checked(self, row: Sequence[str]) -> RowVerdict:
        verdict = self._unchecked(row)
        if verdict.status is Status.ERROR and self._is_header(row):
            return HEADER_AGAIN
        return verdict

    def _is_header(self, row: Sequence[str]) -> bool:
        """Whether the row is the header again: its first cell alone looked at first (an
        error row seldom is the header: a tenth of the time of comparing every cell)."""
        if len(row) != self.width or row[0].strip().casefold() != self._header[0]:
            return False
        return all(
            cell.strip().casefold() == name for cell, name in zip(row, self._header, strict=True)
        )

    def _short(self, row: Sequence[str]) -> RowVerdict:
        return failed(f"row has {len(row)} fields, the header has {self.width}")

    def _against_limits(
        self, place: str, judge: ZoneJudge, start_text: str, released_text: str
    ) -> RowVerdict:
        limits = self.settings.limits
        assert limits is not None
        try:
            return judge.judge_limits(
                start_text, released_text, self.labels, place or limits.jurisdiction
            )
        except (RowError, InputError) as exc:
            text = exc.render(self.settings.words) if isinstance(exc, InputError) else str(exc)
            self.day_first_rows += isinstance(exc, RowError) and exc.day_first
            return failed(text)

    def _unknown_place(self, place: str) -> RowVerdict:
        where = self.columns.label(self.columns.jurisdiction)
        known = self.settings.limits.table.jurisdictions if self.settings.limits else []
        return failed(
            InputError(
                f"{where}: {place!r} is not in the policy table (see ",
                Setting.POLICY_LIST,
                "; add it with ",
                Setting.POLICY_FILE,
                f"){unknown_place(place, known)}",
            ).render(self.settings.words)
        )

    def jurisdiction(self, row: Sequence[str]) -> str:
        """The row's jurisdiction cell, upper-cased ("" when there is none)."""
        return cell(row, self.columns.jurisdiction).upper()

    def account(self, row: Sequence[str], verdict: RowVerdict) -> Account | None:
        """The full account of a judged row, for letters: the hold's expiry with its
        day-by-day ledger and the binding-limit analysis, beside the row's verdict.
        None when a value has no time of day (a letter needs the hour)."""
        zone_text = self.columns.values(row)[2]
        judge = self.zone_judge(zone_text)
        if isinstance(judge, RowVerdict):
            return None
        settings = self.settings
        if verdict.began is None or not verdict.exact:  # not judged, or a date alone
            return None
        start = from_micros(verdict.began, judge.zone)  # as the judge read it: not again
        left = None if verdict.ended is None else from_micros(verdict.ended, judge.zone)
        expiry = hold_expiry(start, rule=settings.rule, calendar=settings.calendar, zone=judge.zone)
        limits = settings.limits
        analysis = limits.analyse(expiry, self.jurisdiction(row) or None) if limits else None
        return Account(expiry, verdict, left, judge.as_of_moment, analysis)


@dataclasses.dataclass(frozen=True)
class Account:
    """A judged row, explained: what a letter states. The verdict is the row's own."""

    expiry: Expiry
    verdict: RowVerdict
    released: dt.datetime | None
    as_of: dt.datetime
    analysis: Analysis | None

    @property
    def assessment(self) -> Assessment:
        """The verdict as a letter states it. Where the law turns on a fact nobody gave
        and both readings agree the hold was overrun, the letter states the main
        reading (the law's limit as written), which the kernel decides here."""
        analysis = self.analysis
        if analysis is not None and analysis.depends_on:
            as_of = None if self.released is not None else self.as_of
            return assess(
                self.expiry, released=self.released, as_of=as_of, deadline=analysis.deadline
            )
        zone, row = self.expiry.start.tzinfo, self.verdict
        assert zone is not None and row.due is not None
        return Assessment(
            self.expiry,
            Verdict(row.status, row.over, None),
            self.released,
            None if self.released is not None else self.as_of.astimezone(zone),
            from_micros(row.due, zone),
        )
