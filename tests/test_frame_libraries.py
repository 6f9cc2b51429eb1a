"""The frame API's edges: what pandas, polars and Arrow hand in, and how the verdicts go
back (a pandas frame's own index, its columns kept, check's names for a clash)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

from holdcalc.core.errors import HoldcalcError, InputError  # noqa: E402
from holdcalc.frame import judge  # noqa: E402

AS_OF = "2026-11-01T12:00Z"
NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
ROWS = {
    "booking_id": ["A", "B", "C", "D"],
    "eligible_at": ["2026-07-05 09:50", "2026-01-03 10:00", "2026-07-06 10:00", "2026-03-06 08:00"],
    "released_at": ["2026-07-05 12:23", "2026-03-01 10:00", "2026-07-13 11:00", ""],
    "tz": ["America/Chicago", "America/Chicago", "America/Denver", "America/New_York"],
}


def one_by_one(frame: Any) -> dict[str, tuple[object, ...]]:
    """Each booking's verdict, judged alone."""
    found: dict[str, tuple[object, ...]] = {}
    for position in range(len(frame)):
        row = frame.iloc[[position]].reset_index(drop=True)
        verdict = judge(row, as_of=AS_OF, now=NOW).iloc[0]
        found[row.booking_id[0]] = (verdict.hold_status, verdict.over_detained_hours)
    return found


def test_pandas_verdicts_line_up_with_a_filtered_and_sorted_frame() -> None:
    frame = pd.DataFrame(ROWS)
    alone = one_by_one(frame)
    # A filtered, reversed frame: its index is 3, 2, 0, not 0, 1, 2.
    picked = frame[frame.booking_id != "B"].iloc[::-1]
    verdicts = judge(picked, as_of=AS_OF, now=NOW)
    assert list(verdicts.index) == list(picked.index)
    joined = picked.assign(**{name: verdicts[name] for name in verdicts.columns})
    for row in joined.itertuples():
        assert (row.hold_status, row.over_detained_hours) == alone[row.booking_id]
    appended = judge(picked, as_of=AS_OF, now=NOW, append=True)
    assert list(appended.index) == list(picked.index)
    assert [tuple(row) for row in appended[["hold_status", "over_detained_hours"]].values] == [
        alone[booking] for booking in picked.booking_id
    ]


def test_appending_keeps_the_frame_and_names_a_clash_as_check_does() -> None:
    frame = pd.DataFrame(ROWS).assign(
        hold_status=["x", "y", "z", "w"],  # a checked file checked again
        count=pd.array([1, None, 3, 4], dtype="Int64"),
        unit=pd.Categorical(["a", "b", "a", "b"]),
    )
    got = judge(frame, as_of=AS_OF, now=NOW, append=True)
    assert list(got.columns[:7]) == [*ROWS, "input_hold_status", "count", "unit"]
    assert list(got.input_hold_status) == ["x", "y", "z", "w"]
    assert str(got["count"].dtype) == "Int64" and str(got["unit"].dtype) == "category"
    assert list(got.columns[7:]) == [
        "hold_expires_at",
        "hold_status",
        "over_detained_hours",
        "hold_error",
    ]
    assert list(frame.hold_status) == ["x", "y", "z", "w"]  # the caller's frame untouched
    table = judge(pa.Table.from_pandas(frame, preserve_index=False), as_of=AS_OF, append=True)
    assert table.column_names == list(got.columns)
    pl = pytest.importorskip("polars")
    assert judge(pl.from_pandas(frame), as_of=AS_OF, append=True).columns == list(got.columns)


def test_columns_not_judged_do_not_stop_a_pandas_frame() -> None:
    frame = pd.DataFrame(ROWS)
    expected = judge(frame, as_of=AS_OF, now=NOW)
    odd = frame.assign(notes=["text", 5, dt.date(2026, 1, 1), None])  # mixed types
    odd.insert(0, "dup", 1)
    odd.insert(1, "dup", 2, allow_duplicates=True)  # a name twice
    got = judge(odd, as_of=AS_OF, now=NOW)
    pd.testing.assert_frame_equal(got, expected)
    mixed = frame.assign(eligible_at=["2026-07-05 09:50", 5, None, "2026-03-06 08:00"])
    with pytest.raises(InputError, match=r"column eligible_at: pandas values .* one type"):
        judge(mixed, as_of=AS_OF, now=NOW)
    twice = frame.rename(columns={"tz": "eligible_at"})
    with pytest.raises(HoldcalcError, match="2 columns 'eligible_at'"):
        judge(twice, as_of=AS_OF, now=NOW)


def test_a_column_without_a_value_is_blank_whatever_its_type() -> None:
    frame = pd.DataFrame(ROWS)
    blank = frame.assign(released_at="")
    nan = frame.assign(released_at=float("nan"))  # pandas' read of a column of empty cells
    expected = judge(blank, as_of=AS_OF, now=NOW)
    assert list(expected.hold_status) == ["expired"] * 4
    pd.testing.assert_frame_equal(judge(nan, as_of=AS_OF, now=NOW), expected)
    nothing = pd.DataFrame({"eligible_at": [], "released_at": [], "tz": []})  # floats
    assert len(judge(nothing, as_of=AS_OF, now=NOW)) == 0
    nulls = pa.table({"eligible_at": ROWS["eligible_at"], "released_at": pa.nulls(4)})
    got = judge(nulls, as_of=AS_OF, now=NOW, zone="America/Chicago").column("hold_status")
    assert got.to_pylist() == ["expired"] * 4


def test_what_the_library_cannot_take_is_named() -> None:
    pl = pytest.importorskip("polars")
    with pytest.raises(InputError, match=r"LazyFrame .* \.collect\(\)"):
        judge(pl.DataFrame(ROWS).lazy(), as_of=AS_OF)
    with pytest.raises(InputError, match=r"not pandas\..*Series"):
        judge(pd.DataFrame(ROWS).eligible_at, as_of=AS_OF)
    no_zone = pa.table({"eligible_at": ["2026-07-05 09:50"], "released_at": [""]})
    error = judge(no_zone, as_of=AS_OF, now=NOW).column("hold_error")[0].as_py()
    assert error == "no time zone: no zone column; give the jail's zone with zone="


def test_a_split_time_column_of_times_of_day_is_read_as_its_text() -> None:
    """polars' try_parse_dates makes a split file's columns a Date and a Time: the time
    column was refused as "time64[ns] values are not times"."""
    text = {
        "eligible_date": ["2026-07-05", "2026-07-03", ""],
        "eligible_time": ["09:50:00", "10:00:00.000500", "01:00:00"],
        "released_at": ["2026-07-05 12:23", "", ""],
        "tz": ["America/Chicago"] * 3,
    }
    split: dict[str, Any] = {
        "start": "eligible_date",
        "start_time": "eligible_time",
        "as_of": AS_OF,
    }
    expected = judge(pa.table(text), now=NOW, **split)
    assert expected.column("hold_status").to_pylist() == ["within-hold", "expired", "error"]
    typed = pa.table(
        {
            **text,
            "eligible_date": pa.array([dt.date(2026, 7, 5), dt.date(2026, 7, 3), None]),
            "eligible_time": pa.array([dt.time(9, 50), dt.time(10, 0, 0, 500), dt.time(1)]),
        }
    )
    assert judge(typed, now=NOW, **split).equals(expected)
    pl = pytest.importorskip("polars")
    parsed = pl.from_arrow(pa.table(text)).with_columns(
        pl.col("eligible_date").str.to_date(strict=False),
        pl.col("eligible_time").str.to_time("%H:%M:%S%.f"),
    )
    assert parsed.schema["eligible_time"] == pl.Time
    got = judge(parsed, now=NOW, **split).to_arrow()
    assert got.column("hold_status").to_pylist() == ["within-hold", "expired", "error"]
    assert got.column("hold_expires_at").equals(expected.column("hold_expires_at"))


@pytest.mark.parametrize(
    ("setting", "value", "wanted"),
    [
        ("warrant", "no", "True or False"),  # a truthy text was a warrant
        ("dayfirst", "false", "True or False"),
        ("still_held", 1, "True or False"),
        ("stale_after", "30", "a number of days"),  # ran out of memory
        ("stale_after", 0.5, "a number of days"),
        ("as_of", dt.date(2026, 11, 1), "ISO text or an aware datetime"),
        ("formats", ("%d/%m/%Y %H:%M", 5), "a strptime format or a tuple of them"),
        ("jurisdiction", 5, "a text"),
        ("zone", 5, "a text"),
        ("rule", None, "a text"),
    ],
)
def test_a_setting_of_the_wrong_kind_is_refused_naming_it(
    setting: str, value: object, wanted: str
) -> None:
    table = pa.table({"eligible_at": ["05/07/2026 09:50"], "released_at": [""]})
    settings: dict[str, Any] = {"as_of": AS_OF, "zone": "America/Chicago", "jurisdiction": "CO"}
    settings[setting] = value
    with pytest.raises(InputError, match=f"^{setting}: .* is not {wanted}"):
        judge(table, now=NOW, **settings)


def test_one_format_alone_is_that_format_and_numpy_values_pass() -> None:
    """A format given alone was tried as its characters, none of which fits, so the
    value was read month first: 5 July read as 7 May, silently."""
    np = pytest.importorskip("numpy")
    table = pa.table({"eligible_at": ["05/07/2026 09:50"], "released_at": [""]})
    settings: dict[str, Any] = {"as_of": AS_OF, "zone": "America/Chicago"}
    day_first = judge(table, now=NOW, formats=("%d/%m/%Y %H:%M",), **settings)
    assert judge(table, now=NOW, formats="%d/%m/%Y %H:%M", **settings).equals(day_first)
    assert judge(table, now=NOW, formats=["%d/%m/%Y %H:%M"], **settings).equals(day_first)
    assert not judge(table, now=NOW, **settings).equals(day_first)  # month first: 7 May
    assert judge(table, now=NOW, dayfirst=np.bool_(True), **settings).equals(day_first)
    never = judge(table, now=NOW, stale_after=None, **settings)
    assert never.equals(judge(table, now=NOW, stale_after=np.int64(30), **settings))
