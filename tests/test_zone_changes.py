"""What a day table's `steady` days rest on, checked against the installed zone data.

Timeline marks a day steady (local and UTC times convert by plain arithmetic) when it
is 24 hours long and has one offset at its start and at its end: right only if no zone
changes its clocks twice within a day. The data says so today (the two changes nearest
each other are four days apart); these tests say so again of whatever data is
installed, and hold the steady days to a sampling of each day's offsets.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import pytest

from holdcalc.core.clock import DAY, HOUR, MICROS, from_micros
from holdcalc.core.hold import Timeline

# The standard library's own reader of the zone files, which lists their changes.
_reader = pytest.importorskip("zoneinfo._zoneinfo")

TWO_DAYS = 2 * 86_400  # seconds


def offset_changes(name: str) -> list[int]:
    """The instants (Unix seconds) at which the zone's UTC offset changes: those its file
    lists, then those of the rule it gives for later years, up to 2100."""
    zone = _reader.ZoneInfo.no_cache(name)
    changes, offset = [], None
    for when, kind in zip(zone._trans_utc, zone._ttinfos, strict=True):
        if kind.utcoff != offset:
            changes.append(when)
        offset = kind.utcoff
    rule = zone._tz_after
    if isinstance(rule, _reader._TZStr):
        listed_until = changes[-1] if changes else 0
        first_year = dt.datetime.fromtimestamp(listed_until, dt.UTC).year
        for year in range(first_year, 2101):
            # The rule's changes in local time: within a day of UTC, and the gaps
            # looked for are two days.
            changes += [when for when in rule.transitions(year) if when > listed_until + 86_400]
    return sorted(changes)


def test_no_zone_changes_its_clocks_twice_within_two_days() -> None:
    close = []
    for name in sorted(zoneinfo.available_timezones()):
        changes = offset_changes(name)
        close += [(name, one) for one, then in itertools.pairwise(changes) if then - one < TWO_DAYS]
    assert close == []


def test_the_reader_finds_the_changes_it_is_asked_about() -> None:
    # New York in 2024: clocks forward on 10 March at 07:00 UTC, back on 3 November at
    # 06:00 UTC (the second from the rule, not the file, with slim zone data).
    changes = offset_changes("America/New_York")
    forward = int(dt.datetime(2024, 3, 10, 7, tzinfo=dt.UTC).timestamp())
    back = int(dt.datetime(2024, 11, 3, 6, tzinfo=dt.UTC).timestamp())
    assert forward in changes
    assert back in changes


@pytest.mark.parametrize(
    "name",
    [
        "America/New_York",
        "America/Sao_Paulo",  # changed at midnight: days that began at 01:00
        "America/Havana",  # at midnight too
        "Europe/Dublin",  # a negative summer offset, in the zone data
        "Australia/Lord_Howe",  # a half-hour change
        "Antarctica/Troll",  # a two-hour change
        "Africa/Casablanca",  # clocks back and forward again around Ramadan
        "Pacific/Apia",  # a day skipped (30 December 2011)
        "Asia/Gaza",
    ],
)
def test_steady_days_are_those_whose_offset_never_changes(name: str) -> None:
    zone = zoneinfo.ZoneInfo(name)
    timeline = Timeline(zone, lambda day: None)
    timeline.cover(1975, 2030)
    table = timeline.table

    def offset(instant: int) -> dt.timedelta | None:
        return from_micros(instant, zone).utcoffset()

    for index in range(table.days):
        begins, ends = table.starts[index], table.starts[index + 1]
        # Sampled hourly, at the day's last second and at its end (the next day's start,
        # whose offset a steady day shares): one offset all day long.
        samples = {offset(at) for at in range(begins, ends, HOUR)}
        samples |= {offset(ends - MICROS), offset(ends)}
        expected = ends - begins == DAY and len(samples) == 1
        assert table.steady[index] == expected, (name, dt.date.fromordinal(table.first + index))
