"""Holds counted from several threads at once (the web page answers in four) get the
answers one thread alone gets: no thread reads a day table another is extending."""

from __future__ import annotations

import datetime as dt
import random
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest

from holdcalc.core.hold import hold_expiry
from holdcalc.core.holiday_calendar import Calendar
from tests.reference import US_ZONES, expiry_by_days

THREADS = 8
CALLS = 4_000
ROUNDS = 10


def _cases(seed: int, count: int) -> list[dt.datetime]:
    """Starts scattered over 2011-2026 in the US zones, in a random order, so a thread's
    tables grow backwards as well as forwards while others read them."""
    draw = random.Random(seed)
    first = dt.datetime(2011, 1, 1, tzinfo=dt.UTC)
    span = int((dt.datetime(2026, 12, 31, tzinfo=dt.UTC) - first).total_seconds() // 60)
    zones = [ZoneInfo(name) for name in US_ZONES]
    return [
        (first + dt.timedelta(minutes=draw.randrange(span))).astimezone(draw.choice(zones))
        for _ in range(count)
    ]


def _fresh_calendar(tag: str) -> Calendar:
    """The federal calendar with one closure in 1990, named by `tag`: the same answers
    for 2011-2026, but a calendar no cache has seen, so its tables start empty even if
    a cache were shared by every thread."""
    return Calendar(extra=((dt.date(1990, 6, 1), f"closure {tag}"),))


def _expiry(start: dt.datetime, calendar: Calendar | None = None) -> dt.datetime:
    return hold_expiry(start, calendar=calendar, explain=False).expires_at


@contextmanager
def _switching_often() -> Iterator[None]:
    """Threads take turns every few microseconds, so a race shows within a round."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _in_threads(work: Callable[[int], list[dt.datetime]]) -> list[list[dt.datetime]]:
    """Run work(i) in THREADS fresh threads started together; re-raise the first failure."""
    results: list[list[dt.datetime]] = [[] for _ in range(THREADS)]
    failures: list[BaseException] = []
    gate = threading.Barrier(THREADS)

    def body(i: int) -> None:
        try:
            gate.wait()
            results[i] = work(i)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results


def test_the_cases_are_right_alone() -> None:
    """The expected answers come from one thread; a sample is checked day by day."""
    for start in _cases(0, 60):
        assert _expiry(start) == expiry_by_days(start, start.tzinfo)  # type: ignore[arg-type]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_threads_share_no_half_built_table(round_: int) -> None:
    cases = [_cases(round_ * THREADS + i, CALLS) for i in range(THREADS)]
    alone = _fresh_calendar(f"{round_} alone")
    expected = [[_expiry(start, alone) for start in mine] for mine in cases]
    together = _fresh_calendar(f"{round_} together")
    with _switching_often():
        got = _in_threads(lambda i: [_expiry(start, together) for start in cases[i]])
    for i in range(THREADS):
        assert got[i] == expected[i], f"thread {i} answered differently"
