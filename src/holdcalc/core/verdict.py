"""The verdict kernel: the one place that decides whether a hold was overrun.

Every path that judges a hold (a single case, the row engine, the columnar path over
arrays, the binding-limit analysis, letters) ends in `decide`, and `under_unknown_fact`
when the answer turns on a fact nobody gave. Times are integer microseconds since
the epoch (UTC), so the batch paths call the kernel without building datetimes.

An instant may be known only to within a window (a date without a time of day is
some instant of that local day); `decide` then says "possibly" wherever the window
leaves the answer open, and counts only the time certainly past the limit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import TYPE_CHECKING, NamedTuple

from holdcalc.core.clock import elapsed, to_micros
from holdcalc.core.errors import SequenceError
from holdcalc.core.hold import Expiry

if TYPE_CHECKING:  # the limits are loaded only when a case asks for them
    from holdcalc.core.limits import Analysis, Judgement, LimitSettings


class Status(enum.StrEnum):
    """What happened to a hold. Each status is spelled here and nowhere else.

    A StrEnum only for speed (hashing in C, on the batch hot path): compare members
    by identity and print `.value`."""

    WITHIN_HOLD = "within-hold"
    OVER_DETAINED = "over-detained"
    POSSIBLY_OVER_DETAINED = "possibly-over-detained"
    ACTIVE = "active"
    EXPIRED = "expired"
    ERROR = "error"
    # Per-charge rosters grouped into bookings: a booking whose hold never began, whose
    # hold was lifted while criminal charges still held the person, with no hold, or
    # whose person left before the hold could begin (a charge's release time rounded up
    # past the departure, as exports print them).
    NOT_STARTED = "not-started"
    HOLD_LIFTED = "hold-lifted"
    NO_HOLD = "no-hold"
    LEFT_BEFORE_HOLD = "left-before-hold"

    @property
    def flagged(self) -> bool:
        """Worth a second look: overrun, or possibly overrun."""
        return self in FLAGGED

    @property
    def overrun(self) -> bool:
        """Certainly held past the limit: what a letter demands an answer for."""
        return self in OVERRUN


# The same sets as frozensets, for loops that test a million statuses.
OVERRUN = frozenset({Status.OVER_DETAINED, Status.EXPIRED})
FLAGGED = OVERRUN | {Status.POSSIBLY_OVER_DETAINED}
# Holds that began and were judged against a limit (the report's "holds judged").
JUDGED = frozenset(
    {
        Status.WITHIN_HOLD,
        Status.OVER_DETAINED,
        Status.POSSIBLY_OVER_DETAINED,
        Status.ACTIVE,
        Status.EXPIRED,
    }
)
BOOKING_ONLY = frozenset(
    {Status.NOT_STARTED, Status.HOLD_LIFTED, Status.NO_HOLD, Status.LEFT_BEFORE_HOLD}
)


class Verdict(NamedTuple):
    """The kernel's answer: the status, the time certainly past the limit, the time left.

    `over` and `remaining` are microseconds; `remaining` is None once the person left
    or when it cannot be told.
    """

    status: Status
    over: int
    remaining: int | None


# Verdicts with nothing to count are the same value every time: made once.
_WITHIN = Verdict(Status.WITHIN_HOLD, 0, None)
_POSSIBLY = Verdict(Status.POSSIBLY_OVER_DETAINED, 0, None)


def decide(due_lo: int, due_hi: int, left_lo: int | None, left_hi: int, now: int) -> Verdict:
    """Judge a hold whose limit falls in [due_lo, due_hi].

    `left_lo`..`left_hi` is when the person left custody (`left_lo` None: still held,
    judged as of `now`). A point in time is a window with both ends equal.
    """
    if left_lo is not None:
        if left_lo > due_hi:
            return Verdict(Status.OVER_DETAINED, left_lo - due_hi, None)
        if left_hi <= due_lo:
            return _WITHIN
        return _POSSIBLY
    if now <= due_lo:
        return Verdict(Status.ACTIVE, 0, due_lo - now)
    if now > due_hi:
        return Verdict(Status.EXPIRED, now - due_hi, 0)
    return _POSSIBLY


# A roster row with no departure whose hold began this long before the as-of time is
# taken to lack its departure (`stale`). Thirty days: a hold that ran that long would be
# 25 or more days past any limit in the law table, far beyond the overruns in the cases
# the table cites; such a row is much likelier a release the export left out.
STALE_AFTER_DAYS = 30.0


def stale(status: Status, began: int, stale_before: int) -> bool:
    """Whether a roster row is stale: expired (still held past its limit, as the roster
    has it) with a hold that began before `stale_before`, so its departure was probably
    never recorded. Its verdict stands (the roster says still held); the run's figures
    count it apart from the holds still running, and in no headline total."""
    return status is Status.EXPIRED and began < stale_before


def under_unknown_fact(if_not: Verdict, if_so: Verdict) -> Verdict:
    """The verdict when the binding limit turns on a fact nobody gave.

    Where the two readings disagree the hold was possibly overrun; either way only the
    time past the limit under both readings is counted as certain.
    """
    status, over, remaining = if_not
    over = min(over, if_so.over)
    if status is if_so.status:
        return Verdict(status, over, remaining)
    return Verdict(Status.POSSIBLY_OVER_DETAINED, over, None)


# --- one case, in datetimes ------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Assessment:
    """Whether a hold was overrun: by a departure, or as of a moment while still held."""

    expiry: Expiry
    verdict: Verdict  # the kernel's answer; the properties below read it
    released: dt.datetime | None
    as_of: dt.datetime | None
    deadline: dt.datetime  # the limit judged against: the rule's expiry, or a binding limit's

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def over_by(self) -> dt.timedelta:
        return dt.timedelta(microseconds=self.verdict.over)

    @property
    def remaining(self) -> dt.timedelta | None:
        left = self.verdict.remaining
        return None if left is None else dt.timedelta(microseconds=left)

    @property
    def over_by_hours(self) -> float:
        return round(self.over_by.total_seconds() / 3600, 2)


def assess(
    expiry: Expiry,
    *,
    released: dt.datetime | None = None,
    as_of: dt.datetime | None = None,
    deadline: dt.datetime | None = None,
) -> Assessment:
    """Judge a case: `released` (when the person left local custody) or `as_of` (still held).

    The case is judged against `deadline` when given (a binding limit earlier than the
    rule's expiry, see holdcalc.core.limits), else against the expiry itself.
    """
    zone = expiry.start.tzinfo
    limit = (deadline or expiry.expires_at).astimezone(zone)
    moment = released if released is not None else as_of
    if moment is None:
        raise ValueError("give released= or as_of=")
    moment = moment.astimezone(zone)
    if elapsed(expiry.start, moment) < dt.timedelta(0):
        what = "release" if released is not None else "as-of time"
        raise SequenceError(
            f"{what} {moment.isoformat()} is before the hold started "
            f"({expiry.start.isoformat()}); check both times",
            role=what,
            value=moment,
        )
    due, at = to_micros(limit), to_micros(moment)
    verdict = decide(due, due, at if released is not None else None, at, at)
    if released is not None:
        return Assessment(expiry, verdict, moment, None, limit)
    return Assessment(expiry, verdict, None, moment, limit)


@dataclasses.dataclass(frozen=True)
class Case:
    """One hold judged as asked: against the rule alone, or against the binding limit.

    `assessment` is None when no departure or as-of time was given; with the analysis
    it is the main reading, and `judgement` holds both readings and the verdict.
    """

    assessment: Assessment | None
    analysis: Analysis | None
    judgement: Judgement | None

    @property
    def status(self) -> Status | None:
        if self.judgement is not None:
            return self.judgement.status
        return self.assessment.status if self.assessment is not None else None


def judge_case(
    expiry: Expiry,
    limits: LimitSettings | None,
    *,
    released: dt.datetime | None = None,
    as_of: dt.datetime | None = None,
) -> Case:
    """Judge a hold against the rule, or against the binding limit when `limits` is given."""
    timed = released is not None or as_of is not None
    if limits is None:
        return Case(assess(expiry, released=released, as_of=as_of) if timed else None, None, None)
    from holdcalc.core.limits import judge  # noqa: PLC0415  (the law table: only when asked)

    analysis = limits.analyse(expiry)
    if not timed:
        return Case(None, analysis, None)
    judgement = judge(expiry, analysis, released=released, as_of=as_of)
    return Case(judgement.main, analysis, judgement)
