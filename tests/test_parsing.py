"""The parsing edge: every accepted format, and every refusal with its message."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from holdcalc import (
    AmbiguousTimeError,
    DateOnly,
    InputError,
    NonexistentTimeError,
    TimeParseError,
    UnknownZoneError,
    get_zone,
    parse_when,
)

CHI = ZoneInfo("America/Chicago")


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=CHI)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-11-27 16:30", local(2024, 11, 27, 16, 30)),
        ("2024-11-27T16:30", local(2024, 11, 27, 16, 30)),
        ("2024-11-27T16:30:15", local(2024, 11, 27, 16, 30, 15)),
        ("  2024-11-27 16:30  ", local(2024, 11, 27, 16, 30)),
        ("11/27/2024 4:30 PM", local(2024, 11, 27, 16, 30)),
        ("11/27/2024 04:30 pm", local(2024, 11, 27, 16, 30)),
        ("11/27/2024 12:05 AM", local(2024, 11, 27, 0, 5)),
        ("11/27/2024 12:05 PM", local(2024, 11, 27, 12, 5)),
        ("11/27/2024 4:30 p.m.", local(2024, 11, 27, 16, 30)),
        ("11/27/2024 16:30", local(2024, 11, 27, 16, 30)),
        ("1/5/2025 9:00 AM", local(2025, 1, 5, 9, 0)),
        ("Nov 27, 2024 4:30 PM", local(2024, 11, 27, 16, 30)),
        ("27 November 2024 16:30", local(2024, 11, 27, 16, 30)),
        ("2024-11-27 4:30 PM", local(2024, 11, 27, 16, 30)),
        ("2024-11-27 12:15 am", local(2024, 11, 27, 0, 15)),
        ("11/27/2024 4:30:15 PM", local(2024, 11, 27, 16, 30, 15)),
    ],
)
def test_accepted_local_formats(text: str, expected: dt.datetime) -> None:
    value = parse_when(text, CHI)
    assert value == expected
    assert isinstance(value, dt.datetime)
    assert value.tzinfo is CHI


def test_offset_is_converted_into_the_jail_zone() -> None:
    value = parse_when("2024-11-27T22:30:00Z", CHI)
    assert isinstance(value, dt.datetime)
    assert value == local(2024, 11, 27, 16, 30)
    assert value.tzinfo is CHI
    assert parse_when("2024-11-27T17:30-05:00", CHI) == local(2024, 11, 27, 16, 30)


def test_dayfirst_swaps_day_and_month() -> None:
    assert parse_when("03/04/2025 10:00", CHI) == local(2025, 3, 4, 10)
    assert parse_when("03/04/2025 10:00", CHI, dayfirst=True) == local(2025, 4, 3, 10)


@pytest.mark.parametrize("text", ["2024-11-27", "11/27/2024", "Nov 27, 2024"])
def test_date_only_values(text: str) -> None:
    assert parse_when(text, CHI) == DateOnly(dt.date(2024, 11, 27))


def test_now_uses_the_given_clock() -> None:
    now = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    assert parse_when("now", CHI, now=now) == now
    with pytest.raises(TimeParseError):
        parse_when("now", CHI)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("not a date", "not a date and time"),
        ("yesterday", "not a date and time"),
        ("", "blank"),
        ("2023-02-30 10:00", "not a real date"),
        ("2024-11-27 25:00", "not a real date"),
        ("13/45/2020 9:00 PM", "month 13"),
        ("11/27/2024 13:30 PM", "hour 13"),
        ("0024-11-27 10:00", "outside 1900-2199"),
        ("Nov 2024", "lacks a full date"),
        ("11/27/2024 4:30 PM CST", "abbreviation 'CST'"),
        ("11/27/24 4:30 PM", "two-digit year"),
        ("2024-11-27 13:30 PM", "hour 13"),
        ("2024-11-27 24:00", "the midnight that ends the day as 24:00; write it as 00:00 of"),
        ("11/27/2024 24:00", "the midnight that ends the day as 24:00"),
        ("2024-11-27T24:00:00-06:00", "the midnight that ends the day as 24:00"),
        ("2024-11-27 24:30", "(hour must be in 0..23)"),
        ("2024-11-27 5", "(the time is not HH:MM, HH:MM:SS or HH:MM:SS.ffffff)"),
        ("2024-11-27 16:3", "(the time is not HH:MM"),
    ],
)
def test_refused_values_name_the_value(text: str, fragment: str) -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_when(text, CHI, what="START")
    message = str(caught.value)
    assert fragment in message
    assert message.startswith("START")
    assert "\n" not in message


def test_day_first_hint_for_european_dates() -> None:
    """The library names the setting in its own words; the CLI words it as its flag."""
    from holdcalc.cli import FLAG_WORDS
    from holdcalc.core.errors import Setting

    with pytest.raises(TimeParseError) as caught:
        parse_when("27/11/2024 10:00", CHI)
    assert Setting.DAYFIRST in caught.value.parts
    assert "--" not in str(caught.value) and "dayfirst=True" in str(caught.value)
    assert "(day first? add --dayfirst)" in caught.value.render(FLAG_WORDS)
    assert caught.value.fields == {"role": "time", "value": "27/11/2024 10:00", "day_first": True}
    with pytest.raises(TimeParseError) as again:  # no hint when the day cannot be first
        parse_when("13/13/2024 10:00", CHI)
    assert Setting.DAYFIRST not in again.value.parts


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("2025-03-09 02:30", "America/Chicago"),
        ("2024-03-10 02:00", "America/New_York"),
        ("2025-03-30 01:30", "Europe/London"),
    ],
)
def test_nonexistent_local_times_are_detected(text: str, zone: str) -> None:
    with pytest.raises(NonexistentTimeError, match="does not exist"):
        parse_when(text, ZoneInfo(zone))


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("2025-11-02 01:30", "America/Chicago"),
        ("11/03/2024 1:15 AM", "America/Los_Angeles"),
    ],
)
def test_ambiguous_local_times_are_detected(text: str, zone: str) -> None:
    with pytest.raises(AmbiguousTimeError, match="happens twice"):
        parse_when(text, ZoneInfo(zone))


def test_ambiguous_time_with_offset_is_accepted() -> None:
    first = parse_when("2025-11-02T01:30-05:00", CHI)
    second = parse_when("2025-11-02T01:30-06:00", CHI)
    assert isinstance(first, dt.datetime) and isinstance(second, dt.datetime)
    assert second.astimezone(dt.UTC) - first.astimezone(dt.UTC) == dt.timedelta(hours=1)


def test_unknown_zone_suggests_close_names() -> None:
    with pytest.raises(UnknownZoneError, match="America/Chicago"):
        get_zone("America/Chicag")
    with pytest.raises(UnknownZoneError):
        get_zone("Mars/Olympus_Mons")
    with pytest.raises(UnknownZoneError):
        get_zone("")


@given(
    st.datetimes(
        min_value=dt.datetime(1950, 1, 1),
        max_value=dt.datetime(2150, 1, 1),
        timezones=st.sampled_from([CHI, ZoneInfo("Asia/Kolkata"), dt.UTC]),
    )
)
def test_iso_with_offset_round_trips(moment: dt.datetime) -> None:
    parsed = parse_when(moment.isoformat(), CHI)
    assert isinstance(parsed, dt.datetime)
    assert parsed.astimezone(dt.UTC) == moment.astimezone(dt.UTC)


@given(st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2150, 1, 1)))
def test_us_format_agrees_with_iso(naive: dt.datetime) -> None:
    naive = naive.replace(second=0, microsecond=0)
    us = naive.strftime("%m/%d/%Y %I:%M %p")
    iso = naive.strftime("%Y-%m-%d %H:%M")
    try:
        expected = parse_when(iso, CHI)
    except (NonexistentTimeError, AmbiguousTimeError):
        with pytest.raises((NonexistentTimeError, AmbiguousTimeError)):
            parse_when(us, CHI)
        return
    assert parse_when(us, CHI) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27-NOV-24 04.30.00.000000 PM", dt.datetime(2024, 11, 27, 16, 30)),
        ("03-jan-18 02.14.33.5 am", dt.datetime(2018, 1, 3, 2, 14, 33, 500_000)),
        # a TIMESTAMP(9), and seven digits: those past the sixth (under a microsecond) cut
        ("27-NOV-24 04.30.00.123456789 PM", dt.datetime(2024, 11, 27, 16, 30, 0, 123_456)),
        ("27-NOV-24 04.30.00.9999999 PM", dt.datetime(2024, 11, 27, 16, 30, 0, 999_999)),
        ("27-NOV-24", None),  # a DATE: the day alone
    ],
)
def test_oracle_s_default_shapes_are_refused_naming_the_format_that_reads_them(
    text: str, expected: dt.datetime | None
) -> None:
    """Oracle shows dates and times in a two-digit year by default: refused, as every
    two-digit year is, the error naming the format; that format reads the value."""
    with pytest.raises(TimeParseError) as caught:
        parse_when(text, CHI, what="START")
    found = re.search(r"\(it is written as Oracle's default for a (?:TIMESTAMP|DATE): '(.+)'\)$",
                      str(caught.value))  # fmt: skip
    assert found, str(caught.value)
    value = parse_when(text, CHI, what="START", formats=(found.group(1),))
    if expected is None:
        assert isinstance(value, DateOnly) and value.date == dt.date(2024, 11, 27)
    else:
        assert isinstance(value, dt.datetime) and value.replace(tzinfo=None) == expected


def test_a_format_s_fraction_takes_no_more_than_nine_digits() -> None:
    """Ten digits is no shape any database writes: the format does not fit."""
    layout = ("%d/%m/%Y %H:%M:%S.%f",)
    read = parse_when("27/11/2024 16:30:00.123456789", CHI, formats=layout)
    assert isinstance(read, dt.datetime) and read.microsecond == 123_456
    with pytest.raises(TimeParseError):
        parse_when("27/11/2024 16:30:00.1234567890", CHI, formats=layout)


@pytest.mark.parametrize("text", ["11/27/2024 16", "11/27/2024 5", "27/11/2024 16"])
def test_a_slash_date_with_an_hour_alone_is_refused(text: str) -> None:
    """An hour with no minutes is a time cut short as often as an hour: refused (as the
    one-digit hour always was), unless a format says how to read it. A 12-hour clock's
    "4 PM" stays read, as an hour alone is its usual spelling."""
    with pytest.raises(TimeParseError, match="has an hour but no minutes; write the time as"):
        parse_when(text, CHI, what="START", dayfirst=text.startswith("27"))
    read = parse_when("11/27/2024 16", CHI, formats=("%m/%d/%Y %H",))
    assert isinstance(read, dt.datetime) and (read.hour, read.minute) == (16, 0)
    four = parse_when("11/27/2024 4 PM", CHI)
    assert isinstance(four, dt.datetime) and four.hour == 16


@pytest.mark.parametrize(
    "text",
    ["2024-11-27 16:30:00 +0000 UTC", "2024-11-27 16:30:00.123456789 +0000 UTC",
     "2024-11-27 16:30:00 +00:00 GMT"],
)  # fmt: skip
def test_go_s_utc_times_are_read_by_their_offset(text: str) -> None:
    """Go prints a time as '2006-01-02 15:04:05.999999999 -0700 MST': at a zero offset
    the name is UTC, which adds nothing to the offset. Other names stay refused."""
    read = parse_when(text, CHI)
    assert read == dt.datetime(2024, 11, 27, 16, 30, tzinfo=dt.UTC).replace(
        microsecond=123_456 if "123" in text else 0
    )
    for other in ("2024-11-27 16:30:00 -0500 EST", "2024-11-27 16:30:00.25 +0000 EST"):
        with pytest.raises(TimeParseError) as caught:
            parse_when(other, CHI)
        found = re.search(r"a zone name after its offset: '([^']+)' reads it", str(caught.value))
        assert found, str(caught.value)  # the format that reads it, by the offset
        read = parse_when(other, CHI, formats=(found.group(1),))
        assert read == dt.datetime.fromisoformat(other[:-4].replace(" +", "+").replace(" -", "-"))


NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-11-27T16:30-06:00[America/Chicago]", dt.datetime(2024, 11, 27, 16, 30, tzinfo=CHI)),
        ("2024-07-04T16:30:00-05:00[America/Chicago]", dt.datetime(2024, 7, 4, 16, 30, tzinfo=CHI)),
        ("2024-11-27T22:30:00Z[UTC]", dt.datetime(2024, 11, 27, 16, 30, tzinfo=CHI)),
        ("2024-11-27T16:30-06:00[!America/Chicago]", dt.datetime(2024, 11, 27, 16, 30, tzinfo=CHI)),
        # The second 01:30 of the night clocks fell back, told apart by its offset.
        ("2024-11-03T01:30-06:00[America/Chicago]",
         dt.datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=CHI)),
        # Without an offset, the local time of the zone in brackets (not the jail's).
        ("2024-11-27T17:30[America/New_York]", dt.datetime(2024, 11, 27, 16, 30, tzinfo=CHI)),
        ("2024-11-27 16:30 [America/Chicago]", dt.datetime(2024, 11, 27, 16, 30, tzinfo=CHI)),
    ],
)  # fmt: skip
def test_a_zone_in_brackets_rfc_9557_is_read(text: str, expected: dt.datetime) -> None:
    """Java's ZonedDateTime and RFC 9557 write the zone's name after the offset."""
    read = parse_when(text, CHI)
    assert isinstance(read, dt.datetime)
    assert read == expected and read.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2024-11-27T16:30-05:00[America/Chicago]",
         "gives the offset -05:00, but America/Chicago was at -06:00 at that time"),
        ("2024-07-04T16:30+00:00[America/New_York]",
         "gives the offset +00:00, but America/New_York was at -04:00"),
        ("2024-11-27T16:30[Foo/Bar]", "a zone in brackets that cannot be used: unknown time zone"),
        ("2024-11-27T16:30[EST]", "cannot be used: 'EST' is a fixed offset"),
        ("2024-11-27[America/Chicago]", "has a zone but no time of day"),
        ("2024-03-10T02:30[America/Chicago]", "does not exist in America/Chicago"),
        ("2024-11-03T01:30[America/Chicago]", "happens twice in America/Chicago"),
        ("2024-11-27T16:30-06:00[u-ca=gregory]", "is not a date and time"),
        ("2024-11-27T16:30-06:00[America/Chicago][u-ca=iso8601]", "is not a date and time"),
    ],
)  # fmt: skip
def test_a_zone_in_brackets_that_cannot_be_used_is_refused(text: str, words: str) -> None:
    with pytest.raises(InputError, match=re.escape(words)):
        parse_when(text, NY, what="START")


@pytest.mark.parametrize(
    "text",
    ["2024-11-27 16.30", "2024-11-27 16,30", "2024-11-27T16.5", "2024-11-27 16:30.5",
     "2024-11-27 16:30,5", "2024/11/27 16:30.5", "Nov 27 2024 16:30.5", "11/27/2024 4:30.5 PM"],
)  # fmt: skip
def test_a_fraction_after_the_hour_or_minute_is_refused(text: str) -> None:
    """Python read '2024-11-27 16.30' as 16:00:00.3, and dateutil '16:30.5' as 16:30:30:
    a dot for a colon, or a fraction of the hour or minute, read in more than one way."""
    with pytest.raises(TimeParseError, match="has a fraction after its hour or minute"):
        parse_when(text, CHI, what="START")
    read = parse_when("2024-11-27 16.30", CHI, formats=("%Y-%m-%d %H.%M",))
    assert read == dt.datetime(2024, 11, 27, 16, 30, tzinfo=CHI)


@pytest.mark.parametrize("text", ["2024-11-27Z", "2024-11-27 -06:00", "2024-11-27+0600"])
def test_an_iso_date_with_an_offset_and_no_time_is_refused(text: str) -> None:
    with pytest.raises(TimeParseError, match="has an offset but no time of day; give both"):
        parse_when(text, CHI)


@pytest.mark.parametrize(
    ("text", "micros"),
    [("2024-11-27 16:30:00.5", 500_000), ("2024-11-27 16:30:00,25", 250_000),
     ("Nov 27 2024 16:30:00.75", 750_000), ("2024-11-27T16:30:00.123-06:00", 123_000)],
)  # fmt: skip
def test_a_fraction_of_a_second_is_read(text: str, micros: int) -> None:
    read = parse_when(text, CHI)
    assert read == dt.datetime(2024, 11, 27, 16, 30, 0, micros, tzinfo=CHI)


def test_other_unread_values_name_no_format() -> None:
    for text in ("27-NOV-24 04.30.00.1234567890 PM", "blah 2024", "27/NOV/24"):
        with pytest.raises(TimeParseError) as caught:
            parse_when(text, CHI, what="START")
        assert "it is written as" not in str(caught.value)


def test_a_repeated_time_at_an_offset_with_seconds_is_offered_both_readably() -> None:
    """Dublin fell back from Irish summer time (+00:34:39, Dunsink mean time's) in 1916:
    each offset the error offers reads back as that instant."""
    dublin = ZoneInfo("Europe/Dublin")
    with pytest.raises(AmbiguousTimeError) as caught:
        parse_when("1916-10-01 02:30", dublin)
    offered = re.findall(r"'([^']+)' for the (?:first|second)", str(caught.value))
    assert offered == ["1916-10-01T02:30+00:34:39", "1916-10-01T02:30+00:00"]
    read = [parse_when(text, dublin) for text in offered]
    assert [r.utcoffset() for r in read if isinstance(r, dt.datetime)] == [
        dt.timedelta(seconds=2079),
        dt.timedelta(0),
    ]
