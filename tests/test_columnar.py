"""The columnar path (roster.columnar, roster.column_limits) against the row engine:
random rosters (zones with odd offsets and clock changes, every shape of value,
clock-change nights, blanks, bad values, dates alone, binding limits) give the same
verdicts both ways, row by row; the array `decide` is the kernel's on every branch, and
each way a limit ends over arrays is the recipe's own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")

from holdcalc.core.verdict import decide  # noqa: E402
from holdcalc.frame import judge  # noqa: E402
from holdcalc.roster import columnar  # noqa: E402
from holdcalc.roster.column_reading import NONE  # noqa: E402

ZONES = [
    "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Phoenix",
    "Pacific/Honolulu", "America/St_Johns", "Europe/London", "Australia/Lord_Howe",
    "Asia/Kathmandu", "Pacific/Chatham", "", "Not/A_Zone",
    # Clocks that change at midnight: a day that begins at 01:00, or an 11 p.m. hour
    # lived twice (New Jersey's 11:59 p.m. limit cannot be placed then).
    "America/Santiago", "America/Havana", "Asia/Tehran",
]  # fmt: skip
# Clock-change nights (spring and autumn, US and Europe; Santiago's and Tehran's at
# midnight) and ordinary days around them.
NIGHTS = [dt.date(2024, 3, 10), dt.date(2024, 11, 3), dt.date(2025, 3, 30),
          dt.date(2025, 10, 26), dt.date(2024, 11, 28), dt.date(2025, 7, 4),
          dt.date(2024, 4, 6), dt.date(2024, 9, 8), dt.date(2021, 3, 22),
          dt.date(2021, 9, 21)]  # fmt: skip
AS_OF = "2025-12-01T12:00Z"
NOW = dt.datetime(2025, 12, 1, 12, tzinfo=dt.UTC)


@st.composite
def moments(draw: Any) -> dt.datetime:
    if draw(st.booleans()):
        day = draw(st.sampled_from(NIGHTS)) + dt.timedelta(days=draw(st.integers(-2, 2)))
        hour = draw(st.sampled_from([0, 1, 2, 3, 23]))
    else:
        day = dt.date(2023, 6, 1) + dt.timedelta(days=draw(st.integers(0, 900)))
        hour = draw(st.integers(0, 23))
    minute = draw(st.sampled_from([0, 1, 15, 30, 59]))
    return dt.datetime.combine(day, dt.time(hour, minute))


def written(moment: dt.datetime, layout: str) -> str:
    return {
        "iso": moment.strftime("%Y-%m-%d %H:%M"),
        "us": moment.strftime("%m/%d/%Y %I:%M %p"),
        "us_short": moment.strftime("%m/%d/%Y %H:%M"),
        "t": moment.strftime("%Y-%m-%dT%H:%M"),
        "seconds": moment.strftime("%Y-%m-%d %H:%M:%S"),
        "date": moment.strftime("%Y-%m-%d"),
        "us_date": moment.strftime("%m/%d/%Y"),
        "padded": f"  {moment:%Y-%m-%d %H:%M} ",
        "unicode_padded": f"{SPACES[moment.minute % 13]}{moment:%Y-%m-%d %H:%M}"
        f"{SPACES[moment.hour % 13]}",
        "offset": moment.strftime("%Y-%m-%dT%H:%M-05:00"),
        # As spreadsheets save them: no leading zeros.
        "sheet": f"{moment.month}/{moment.day}/{moment.year} {moment.hour}:{moment:%M}",
        "sheet_12": f"{moment.month}/{moment.day}/{moment.year} {moment:%I:%M %p}".replace(
            " 0", " "
        ),
        "us_date_sheet": f"{moment.month}/{moment.day}/{moment.year}",
        "fraction": moment.strftime("%Y-%m-%dT%H:%M:%S.250"),
    }[layout]


LAYOUTS = ["iso", "iso", "iso", "us", "us_short", "t", "seconds", "date", "us_date",
           "padded", "offset", "unicode_padded", "sheet", "sheet_12", "us_date_sheet",
           "fraction"]  # fmt: skip
# Characters Python's str.strip takes for whitespace (and one it does not, U+200B), which
# pyarrow's trim must take alike for the engines to read a padded cell alike.
SPACES = "\x1c\x1f\x85\xa0\u1680\u2000\u2009\u2028\u202f\u3000\u200b\x0b\x0c"
ODD = ["", "", "not a date", "2024-02-30 10:00", "13/45/2024 10:00", "0000-01-01 00:00",
       "2024-11-27 16:30:00 +0000 UTC", "2024-11-27 16:30:00 -0500 EST", "11/27/2024 16",
       "2024-11-27 16:30:00.123456789", "1732746600", "1732746600000", "45623.6875",
       "2024-11-27T16:30-06:00[America/Chicago]",
       "2024-07-04T16:30-06:00[America/Chicago]", "NULL", " null ", "n/a", "NaT"]  # fmt: skip


@st.composite
def rows(draw: Any) -> tuple[str, str, str]:
    start = draw(moments())
    start_text = (
        draw(st.sampled_from(ODD))
        if draw(st.integers(0, 15)) == 0
        else written(start, draw(st.sampled_from(LAYOUTS)))
    )
    pick = draw(st.integers(0, 9))
    if pick < 2:
        left_text = ""
    elif pick == 2:
        left_text = draw(st.sampled_from(ODD))
    else:
        held = dt.timedelta(minutes=draw(st.integers(-600, 60 * 24 * 12)))
        left_text = written(start + held, draw(st.sampled_from(LAYOUTS)))
    return start_text, left_text, draw(st.sampled_from(ZONES))


def both_ways(table: Any, **settings: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The verdicts of both engines (a departure drawn past the as-of time is warned of,
    as it should be; the warning is not what is compared here)."""
    import warnings

    from holdcalc.frame import FrameWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FrameWarning)
        fast = judge(table, as_of=AS_OF, now=NOW, zone="America/Denver", **settings)
        slow = judge(table, as_of=AS_OF, now=NOW, zone="America/Denver", engine="row", **settings)
    return fast.to_pylist(), slow.to_pylist()


@given(
    st.lists(rows(), min_size=1, max_size=60),
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, "CA", "NJ", "TX", "CO", "US-IL-COOK"]),
    st.booleans(),
    st.booleans(),
)
def test_the_columnar_path_is_the_row_engine(
    drawn: list[tuple[str, str, str]],
    dayfirst: bool,
    departures: bool,
    place: str | None,
    place_column: bool,
    nulls: bool,
) -> None:
    """Against the rule, or the binding limits of a place (and of a jurisdiction column
    whose cells are blank, known, lower-case or unknown); with words for no value read
    as blank, or not."""
    starts, lefts, zones = (list(column) for column in zip(*drawn, strict=True))
    columns = {"eligible_at": starts, "tz": zones}
    if departures:
        columns["released_at"] = lefts
    if place is not None and place_column:
        cells = ["", "nj", "CA", " TX ", "ZZ", "US-IL-COOK"]
        columns["jurisdiction"] = [cells[number % len(cells)] for number in range(len(starts))]
    settings: dict[str, Any] = {"dayfirst": dayfirst, "still_held": not departures}
    if nulls:
        settings["null_values"] = ("null", "N/A")
    if place is not None:
        settings["jurisdiction"] = place
    fast, slow = both_ways(pa.table(columns), **settings)
    assert fast == slow


@given(st.lists(st.tuples(moments(), st.integers(-600, 60 * 24 * 12)), min_size=1, max_size=40))
def test_timestamps_over_columns_are_the_row_engine(drawn: list[tuple[dt.datetime, int]]) -> None:
    starts = [start for start, _ in drawn]
    lefts = [start + dt.timedelta(minutes=held) if held % 3 else None for start, held in drawn]
    zones = [ZONES[number % 4] for number in range(len(drawn))]
    table = pa.table({"eligible_at": starts, "released_at": lefts, "tz": zones})
    fast, slow = both_ways(table)
    assert fast == slow


TIMES = st.integers(-10, 10)


@given(TIMES, TIMES, TIMES, TIMES, st.booleans(), TIMES)
def test_decide_over_arrays_is_the_kernels(
    lo: int, width: int, left_lo: int, left_width: int, held: bool, now: int
) -> None:
    due_lo, due_hi = lo, lo + abs(width)
    left_hi = left_lo + abs(left_width)
    kernel = decide(due_lo, due_hi, None if held else left_lo, left_hi, now)
    code, over = columnar.decide(
        (np.array([due_lo]), np.array([due_hi])),
        (np.array([left_lo]), np.array([left_hi])),
        np.array([held]),
        now,
    )
    assert columnar.CODES[int(code[0])] is kernel.status
    assert int(over[0]) == kernel.over


# Half a hundredth of an hour is 18 seconds: an odd multiple of it is a tie, which the
# text's rounding decides (a value read to the second can be one).
TIES = st.integers(0, 10**7).map(lambda k: (2 * k + 1) * 18 * 10**6)


@given(st.one_of(st.integers(0, 10**12), TIES))
def test_hours_are_the_texts_check_writes(over: int) -> None:
    from holdcalc.core.clock import HOUR

    assert columnar.hours(np.array([over], np.int64))[0] == float(f"{over / HOUR:.2f}")


def test_the_columnar_path_takes_the_common_rows() -> None:
    """Not a vacuous agreement: the benchmark's shapes are taken by the columnar path."""
    table = pa.table(
        {
            "eligible_at": ["2024-11-27 16:30", "11/27/2024 04:30 PM", "2024-11-27"],
            "released_at": ["2024-12-03 09:00", "", "12/03/2024 09:00 AM"],
            "tz": ["America/Chicago"] * 3,
        }
    )
    from holdcalc.frame.api import FrameSettings
    from holdcalc.frame.tables import Verdicts, _fast_rows
    from holdcalc.roster.columns import find_columns
    from holdcalc.roster.rows import RowJudge

    settings = FrameSettings(as_of=AS_OF).judging(NOW)
    found = find_columns(table.column_names)
    rest = _fast_rows(table, found, RowJudge(found, settings), Verdicts.empty(3))
    assert rest.tolist() == []
    for place in ("CA", "NJ"):  # under a state's law too
        settings = FrameSettings(as_of=AS_OF, jurisdiction=place).judging(NOW)
        verdicts = Verdicts.empty(3)
        assert _fast_rows(table, found, RowJudge(found, settings), verdicts).tolist() == []
        # Each row's binding text, from the columnar path (a number into its texts).
        assert (verdicts.labels != NONE).tolist() == [True, True, True]
        assert all(verdicts.table(True).column("binding_limit").to_pylist())
    # On clock-change days: a time after the change is placed; a time the change skips
    # or repeats is left to the row engine, whose parser refuses it.
    changes = pa.table(
        {
            "eligible_at": ["2024-03-10 08:30", "2024-11-03 00:30", "2024-03-10 02:30",
                            "2024-11-03 01:30"],
            "released_at": ["2024-03-14 09:00", "2024-11-03 01:00", "", ""],
            "tz": ["America/Chicago"] * 4,
        }
    )  # fmt: skip
    found = find_columns(changes.column_names)
    rest = _fast_rows(changes, found, RowJudge(found, settings), Verdicts.empty(4))
    assert rest.tolist() == [1, 2, 3]  # 01:00 on 3 November is repeated too


@given(
    st.sampled_from(["America/New_York", "Europe/London", "Australia/Lord_Howe"]),
    st.lists(st.integers(0, 800 * 24 * 60), min_size=1, max_size=30),
)
def test_each_limits_end_over_arrays_is_recipe_bind(zone_name: str, minutes: list[int]) -> None:
    """Every way a limit ends, over arrays (column_plans.kind_ends), against the
    recipe's own `bind`, the row engine's: starts over two years of a zone with clock
    changes (and one whose change is half an hour), 11:59 p.m. on change days too."""
    from holdcalc.core.clock import MICROS, get_zone
    from holdcalc.core.recipes import Ends, Recipe
    from holdcalc.core.rules import RULES
    from holdcalc.frame.api import FrameSettings
    from holdcalc.roster.column_plans import ENDLESS, kind_ends, kind_of
    from holdcalc.roster.columns import find_columns
    from holdcalc.roster.rows import RowJudge
    from holdcalc.roster.zone_judge import ZoneJudge

    zone = get_zone(zone_name)
    base = int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp()) * MICROS
    starts = np.array([base + minute * 60 * MICROS for minute in minutes], np.int64)
    ordinals = np.array(
        [dt.datetime.fromtimestamp(int(s) // MICROS, zone).toordinal() for s in starts], np.int64
    )
    regulation = starts + 7  # a stand-in: a recipe counted as the regulation takes it
    settings = FrameSettings(as_of=AS_OF, zone=zone_name).judging(NOW)
    found = find_columns(["eligible_at", "released_at", "tz"])
    judge = RowJudge(found, settings).zone_judge(zone_name)
    assert isinstance(judge, ZoneJudge)
    limit: Any = None  # the ends need no limit's text
    rule = RULES["i247a"]
    count = ("counted", "as the regulation")
    for recipe in (
        Recipe(limit, Ends.ELAPSED, rule),
        Recipe(limit, Ends.AT_START),
        Recipe(limit, Ends.END_OF_DAY),
        Recipe(limit, Ends.NEVER),
    ):
        kind = kind_of(recipe, count)
        assert kind is not None
        arrays = kind_ends(kind, judge, (starts, ordinals, regulation))
        bound = recipe.bind(zone)
        expected = [bound(int(s), int(o)) for s, o in zip(starts, ordinals, strict=True)]
        assert [None if end == ENDLESS else int(end) for end in arrays] == expected
    same = Recipe(limit, Ends.ELAPSED, rule)
    kind = kind_of(same, same.count)
    assert kind is not None and kind_ends(kind, judge, (starts, ordinals, regulation)) is regulation


def test_a_tables_texts_and_arrays_are_made_once_for_the_thread() -> None:
    """A later run in the same thread (a frame's next batch, a server's next upload)
    takes the day texts and arrays its timeline's table already has; once the table
    grows, both are made again from the new one, and the verdicts stay the row
    engine's. Run in a thread of its own, whose timelines start empty (another test's
    may already reach back to the calendar's first year, past which none can grow)."""
    import threading

    failed: list[BaseException] = []

    def run() -> None:
        try:
            _texts_and_arrays_made_once()
        except BaseException as exc:  # raised again in the test's thread
            failed.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if failed:
        raise failed[0]


def _texts_and_arrays_made_once() -> None:
    from holdcalc.frame.api import FrameSettings
    from holdcalc.roster.columns import find_columns
    from holdcalc.roster.rows import RowJudge
    from holdcalc.roster.zone_judge import ZoneJudge

    settings = FrameSettings(as_of=AS_OF, zone="America/Chicago").judging(NOW)
    found = find_columns(["eligible_at", "released_at", "tz"])

    def judged(year: int) -> tuple[ZoneJudge, Any]:
        judge = RowJudge(found, settings).zone_judge("America/Chicago")
        assert isinstance(judge, ZoneJudge)
        judge.window(f"{year}-11-27 16:30", "eligible_at")  # tabulates the year
        return judge, columnar._Days.of(judge)

    first, days = judged(2024)
    second, again = judged(2024)
    assert second is not first and second.texts is first.texts and again is days
    old = first.timeline.table
    year = first.timeline.first_year - 1  # before the table: it grows
    grown, new_days = judged(year)
    assert grown.timeline is first.timeline and grown.timeline.table is not old
    assert grown.texts.table is grown.timeline.table and grown.texts is not first.texts
    assert new_days is not days and new_days.days == grown.timeline.table.days
    starts, lefts = [f"{year}-11-27 16:30", "2024-11-27 16:30"], [f"{year}-12-03 09:00", ""]
    table = pa.table({"eligible_at": starts, "released_at": lefts, "tz": ["America/Chicago"] * 2})
    row, over_columns = both_ways(table)
    assert over_columns == row


def test_a_zones_rows_grow_its_table_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows of many years (and the year after the last, where limits may end) are
    tabulated in one growth of the zone's table, not one for each end in turn (each
    growth builds the table, its texts and its arrays again); the verdicts stay the row
    engine's. Run in a thread of its own, whose timelines start empty."""
    import threading

    from holdcalc.core.hold import Timeline

    grown: list[tuple[int, int]] = []
    install = Timeline._install

    def counted(self: Timeline, first: int, columns: Any) -> None:
        grown.append((first, len(columns[0]) - 1))  # the first day, and how many
        install(self, first, columns)

    monkeypatch.setattr(Timeline, "_install", counted)
    starts = ["2019-07-04 10:00", "2013-01-02 10:00", "2024-12-30 22:00"]
    lefts = ["", "2013-01-09 10:00", "2025-01-06 09:00"]
    table = pa.table({"eligible_at": starts, "released_at": lefts, "tz": ["America/Denver"] * 3})
    found: dict[str, Any] = {}

    def run() -> None:
        found["columns"] = judge(table, as_of=AS_OF, now=NOW, engine="columnar").to_pylist()
        found["grown"] = list(grown)
        found["row"] = judge(table, as_of=AS_OF, now=NOW, engine="row").to_pylist()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    first, last = dt.date(2013, 1, 1).toordinal(), dt.date(2026, 1, 1).toordinal()
    assert found["grown"] == [(first, last - first)]
    assert found["columns"] == found["row"]


# Values built from the characters dates and times are written with, and their near
# misses: the cut where a time begins (first space or T) taken over arrays, where a T
# is looked for only where no space comes early, must read as ShapeCache.read reads.
PIECES = st.lists(
    st.sampled_from(["2024-11-27", "11/27/2024", "1/5/2025", "12/5/2025", " ", "T", "  ",
                     "16:30", "4:30", "16:30:59", ".250", " PM", "am", "x", "1", "/", "-",
                     "\u00e9"]),
    min_size=1, max_size=5,
).map("".join)  # fmt: skip
SHAPED = st.tuples(
    st.sampled_from(["2024-11-27", "11/27/2024", "1/5/2025", "12/5/2025", "2024-1-5", "x"]),
    st.sampled_from(["", " ", "T", "  ", "T ", " T"]),
    st.sampled_from(["", "16:30", "4:30", "16:30:59", "16:30:59.250", "4:30 PM", "4:30pm"]),
    st.sampled_from(["", "", " PM", "Z", " x", "T"]),
).map("".join)


@given(st.lists(st.one_of(SHAPED, PIECES), min_size=1, max_size=30), st.booleans())
def test_values_read_over_columns_as_one_by_one(texts: list[str], dayfirst: bool) -> None:
    import pyarrow as pa

    from holdcalc.roster.column_reading import pieces
    from holdcalc.roster.shapes import ShapeCache

    cache = ShapeCache(dayfirst=dayfirst)
    read = pieces(pa.array(texts, pa.string()), cache)
    for number, text in enumerate(texts):
        one = cache.read(text.strip())
        ordinal, since = int(read.ordinal[number]), int(read.since[number])
        taken = ordinal != NONE and (bool(read.whole[number]) or since != NONE)
        if one is None:
            assert not taken, text
        else:
            assert taken and ordinal == one[0], text
            assert (since if not read.whole[number] else None) == one[1], text


SPLIT_DAYS = ["%Y-%m-%d", "%m/%d/%Y", " %Y-%m-%d ", "%Y-%m-%d %H:%M"]
SPLIT_CLOCKS = ["%H:%M", "%I:%M %p", "%H:%M:%S", " %H:%M ", "", "NULL", "25:00", None]


@given(st.lists(st.tuples(moments(), st.integers(-600, 60 * 24 * 12), st.data()), max_size=30))
def test_split_text_columns_over_columns_are_the_row_engine(
    drawn: list[tuple[dt.datetime, int, Any]],
) -> None:
    """A date column and a text time column beside it, for the start and the departure
    (a missing value, a word for no value, padded, odd): joined over arrays as `check`
    joins each pair of cells, the verdicts the row engine's."""
    columns: dict[str, list[str | None]] = {name: [] for name in SPLIT_TABLE}
    for start, held, data in drawn:
        left = start + dt.timedelta(minutes=held)
        for name, moment, layouts in (
            ("start_day", start, SPLIT_DAYS),
            ("start_clock", start, SPLIT_CLOCKS),
            ("left_day", left, [*SPLIT_DAYS, None, ""]),
            ("left_clock", left, SPLIT_CLOCKS),
        ):
            layout = data.draw(st.sampled_from(layouts))
            columns[name].append(
                layout if layout in (None, "", "NULL") else moment.strftime(layout)
            )
        columns["tz"].append(data.draw(st.sampled_from(ZONES)))
    fast, slow = both_ways(pa.table(columns, schema=SPLIT_SCHEMA), **SPLIT_SETTINGS)
    assert fast == slow


SPLIT_TABLE = ("start_day", "start_clock", "left_day", "left_clock", "tz")
SPLIT_SCHEMA = pa.schema([(name, pa.string()) for name in SPLIT_TABLE])
SPLIT_SETTINGS = {
    "start": "start_day",
    "start_time": "start_clock",
    "released": "left_day",
    "released_time": "left_clock",
    "tz": "tz",
    "null_values": ["NULL"],
}


def test_split_text_columns_are_read_over_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a vacuous agreement: such a table takes the columnar path, its rows read
    there, none left to the row engine."""
    from holdcalc.frame import tables

    left: list[int] = []
    fast_rows = tables._fast_rows

    def spy(*args: Any) -> Any:
        rest = fast_rows(*args)
        left.append(len(rest))
        return rest

    monkeypatch.setattr(tables, "_fast_rows", spy)
    columns = {
        "start_day": ["2024-11-27", "11/27/2024"],
        "start_clock": ["16:30", None],
        "left_day": ["2024-12-03", None],
        "left_clock": ["09:00", "12:00"],
        "tz": ["America/Chicago", ""],
    }
    fast, slow = both_ways(pa.table(columns), **SPLIT_SETTINGS)
    assert fast == slow and left == [0]
    assert [row["hold_status"] for row in fast] == ["over-detained", "expired"]
