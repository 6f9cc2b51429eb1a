"""The frame API (`holdcalc.frame.judge`) gives every row the verdict `holdcalc check`
gives it, in pandas, polars and Arrow, and inside DuckDB and Dask by record batches
and partitions. The reference is the command's own checked CSV for the same rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

pa = pytest.importorskip("pyarrow")

from holdcalc.core.errors import HoldcalcError, InputError  # noqa: E402
from holdcalc.frame import judge  # noqa: E402

# The random rosters hold departures after the as-of time and day-first dates: the
# warnings they draw are checked by test_what_check_warns_of_is_warned alone.
pytestmark = pytest.mark.filterwarnings("ignore::holdcalc.frame.tables.FrameWarning")
ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "examples" / "sample-roster.csv"
AS_OF = "2026-11-01T12:00Z"
NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_roster import write_roster  # noqa: E402


def library_words(text: str) -> str:
    """A reason as the library words it: each setting by its keyword, not its flag."""
    from holdcalc.cli import FLAG_WORDS

    for setting, flag in sorted(FLAG_WORDS.items(), key=lambda item: -len(item[1])):
        # A flag alone, not the "-o" inside "the as-of time".
        text = re.sub(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", setting.value, text)
    return text


def command_verdicts(path: Path, *options: str) -> list[tuple[Any, ...]]:
    """`holdcalc check --format csv`'s verdict columns, as the frame API types them (its
    reasons name settings as the library does)."""
    _, out, _ = run_cli("check", str(path), "--as-of", AS_OF, "--format", "csv", *options)
    rows = list(csv.DictReader(io.StringIO(out)))
    return [
        (
            dt.datetime.fromisoformat(row["hold_expires_at"]).astimezone(dt.UTC)
            if row["hold_expires_at"]
            else None,
            row["hold_status"],
            float(row["over_detained_hours"]) if row["over_detained_hours"] else None,
            library_words(row["hold_error"]) or None,
        )
        for row in rows
    ]


def arrow_verdicts(table: Any) -> list[tuple[Any, ...]]:
    names = ("hold_expires_at", "hold_status", "over_detained_hours", "hold_error")
    columns = [table.column(name).to_pylist() for name in names]
    return list(zip(*columns, strict=True))


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 rows from the benchmark's roster maker: three layouts, bad values, zones."""
    path = tmp_path_factory.mktemp("frame") / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_roster(handle, 3000, seed=23, bad_rate=0.05)
    return path


def text_table(path: Path) -> Any:
    from pyarrow import csv as arrow_csv

    every = arrow_csv.ConvertOptions(column_types={}, strings_can_be_null=False)
    table = arrow_csv.read_csv(path, convert_options=every)
    return table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))


def test_arrow_table_and_batch_are_the_command(roster: Path) -> None:
    table = text_table(roster)
    expected = command_verdicts(roster)
    assert arrow_verdicts(judge(table, as_of=AS_OF, now=NOW)) == expected
    batch = table.to_batches()[0] if table.num_rows == len(table.to_batches()[0]) else None
    if batch is not None:
        got = judge(batch, as_of=AS_OF, now=NOW)
        assert isinstance(got, pa.RecordBatch)
        assert arrow_verdicts(pa.Table.from_batches([got])) == expected


def test_pandas_is_the_command(roster: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(roster, dtype=str, keep_default_na=False)
    got = judge(frame, as_of=AS_OF, now=NOW)
    assert isinstance(got, pd.DataFrame) and len(got) == len(frame)
    assert arrow_verdicts(pa.Table.from_pandas(got)) == command_verdicts(roster)
    both = judge(frame, as_of=AS_OF, now=NOW, append=True)
    assert list(both.columns[:6]) == list(frame.columns) and "hold_status" in both.columns


def test_polars_is_the_command(roster: Path) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.read_csv(roster, infer_schema_length=0)
    got = judge(frame, as_of=AS_OF, now=NOW)
    assert isinstance(got, pl.DataFrame)
    assert arrow_verdicts(got.to_arrow()) == command_verdicts(roster)


def test_timestamps_dates_and_text_agree(tmp_path: Path) -> None:
    """Typed columns are read as their text would be: a naive timestamp in the row's
    zone, an aware one at its instant, a date as the window of its day."""
    path = tmp_path / "typed.csv"
    path.write_text(
        "eligible_at,released_at,tz\n"
        "2024-11-27 16:30:00,2024-12-03 09:00:00,America/Chicago\n"
        "2025-03-08 01:30:00,2025-03-12 09:00:00,America/New_York\n"
        "2024-11-27,2024-12-03 09:00:00,America/Chicago\n"
        ",2024-12-03 09:00:00,America/Chicago\n",
        encoding="utf-8",
    )
    expected = command_verdicts(path)
    starts = [dt.datetime(2024, 11, 27, 16, 30), dt.datetime(2025, 3, 8, 1, 30), None, None]
    left = [dt.datetime(2024, 12, 3, 9), dt.datetime(2025, 3, 12, 9)] * 2
    zones = ["America/Chicago", "America/New_York", "America/Chicago", "America/Chicago"]
    naive = pa.table({"eligible_at": starts, "released_at": left, "tz": zones})
    got = arrow_verdicts(judge(naive, as_of=AS_OF, now=NOW))
    assert got[:2] == expected[:2] and got[3] == expected[3]
    dates = pa.table({"eligible_at": pa.array([dt.date(2024, 11, 27)]), "released_at": left[:1],
                      "tz": zones[:1]})  # fmt: skip
    assert arrow_verdicts(judge(dates, as_of=AS_OF, now=NOW)) == expected[2:3]
    chicago = dt.timezone(dt.timedelta(hours=-6))
    aware = pa.table({"eligible_at": [starts[0].replace(tzinfo=chicago)],  # type: ignore[union-attr]
                      "released_at": left[:1], "tz": zones[:1]})  # fmt: skip
    assert arrow_verdicts(judge(aware, as_of=AS_OF, now=NOW)) == expected[:1]


def test_binding_law_is_the_commands(roster: Path) -> None:
    table = text_table(roster)
    got = judge(table, as_of=AS_OF, now=NOW, jurisdiction="CA")
    _, out, _ = run_cli("check", str(roster), "--as-of", AS_OF, "--format", "csv",
                        "--jurisdiction", "CA")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert got.column("binding_limit").to_pylist() == [row["binding_limit"] or None for row in rows]
    assert arrow_verdicts(got) == command_verdicts(roster, "--jurisdiction", "CA")


@pytest.mark.parametrize(
    ("keywords", "options"),
    [
        ({"form": "i-247a"}, ("--form", "I-247A")),  # a form alone, in any case, as --form
        ({"form": "Auto", "jurisdiction": " nj "}, ("--form", "auto", "--jurisdiction", "NJ")),
        ({"jurisdiction": "co", "warrant": True}, ("--jurisdiction", "CO", "--warrant")),
    ],
)
def test_forms_places_and_facts_are_read_as_check_reads_them(
    roster: Path, keywords: dict[str, Any], options: tuple[str, ...]
) -> None:
    got = judge(text_table(roster), as_of=AS_OF, now=NOW, **keywords)
    _, out, _ = run_cli("check", str(roster), "--as-of", AS_OF, "--format", "csv", *options)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert got.column("binding_limit").to_pylist() == [row["binding_limit"] or None for row in rows]
    assert arrow_verdicts(got) == command_verdicts(roster, *options)


def test_a_form_or_fact_that_cannot_be_used_is_refused() -> None:
    table = pa.table({"eligible_at": ["2024-11-27 16:30"], "tz": ["America/Chicago"]})
    with pytest.raises(InputError, match="unknown form 'I-248'"):
        judge(table, as_of=AS_OF, still_held=True, form="I-248")
    with pytest.raises(InputError, match="need a jurisdiction"):
        judge(table, as_of=AS_OF, still_held=True, warrant=True)
    with pytest.raises(InputError, match="'ZZ' is not in the law table"):
        judge(table, as_of=AS_OF, still_held=True, jurisdiction="zz")


def test_what_cannot_be_judged_is_refused_or_named() -> None:
    numbers = pa.table({"eligible_at": [20241127], "tz": ["America/Chicago"]})
    with pytest.raises(InputError, match="eligible_at: int64 values are neither dates nor times"):
        judge(numbers, as_of=AS_OF, still_held=True)
    with pytest.raises(HoldcalcError, match="no hold-start column"):
        judge(pa.table({"when": ["2024-11-27 16:30"]}), as_of=AS_OF)
    with pytest.raises(InputError, match="give an Arrow table"):
        judge([["2024-11-27 16:30"]], as_of=AS_OF)
    bad_zone = pa.table({"eligible_at": ["2024-11-27 16:30"], "tz": ["Mars/Base"]})
    got = judge(bad_zone, as_of=AS_OF, still_held=True).to_pylist()
    assert got[0]["hold_status"] == "error" and "Mars/Base" in got[0]["hold_error"]


def test_duckdb_batches_are_the_command(roster: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    query = f"select * from read_csv('{roster}', all_varchar = true) order by booking_id"
    relation = connection.sql(query)
    # DuckDB 1.4 and later name it to_arrow_reader; earlier, fetch_record_batch.
    reader = getattr(relation, "to_arrow_reader", relation.fetch_record_batch)(1000)
    judged = [judge(batch, as_of=AS_OF, now=NOW) for batch in reader]
    assert all(isinstance(batch, pa.RecordBatch) for batch in judged) and len(judged) == 3
    got = arrow_verdicts(pa.Table.from_batches(judged))
    ordered = sorted(
        zip(text_table(roster).column("booking_id").to_pylist(), command_verdicts(roster),
            strict=True)
    )  # fmt: skip
    assert got == [verdict for _, verdict in ordered]


def test_dask_partitions_on_two_workers_are_the_command(roster: Path) -> None:
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(roster, dtype=str, keep_default_na=False)
    meta = judge(frame.head(1), as_of=AS_OF, now=NOW).iloc[:0]
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    with cluster, distributed.Client(cluster):
        parts = dd.from_pandas(frame, npartitions=4)
        got = parts.map_partitions(judge, as_of=AS_OF, now=NOW, meta=meta).compute()
    assert arrow_verdicts(pa.Table.from_pandas(got, preserve_index=False)) == command_verdicts(
        roster
    )


@pytest.mark.parametrize(("zone", "said"), [
    (None, "no row had a zone to be judged in"),
    ("America/Chicago", "every row was read in America/Chicago"),
])  # fmt: skip
def test_a_column_named_like_a_zone_and_not_read_is_warned_of(zone: str | None, said: str) -> None:
    from holdcalc.frame import FrameWarning

    table = pa.table({"eligible_at": ["2024-11-27 16:30"], "FacilityTZ": ["America/Denver"]})
    with pytest.warns(FrameWarning, match=said) as caught:
        got = judge(table, as_of=AS_OF, now=NOW, zone=zone, still_held=True)
    assert "judge again with tz='FacilityTZ'" in str(caught[0].message)
    if zone is None:  # no zone, no guess: the row's error says why
        assert got.column("hold_error").to_pylist() == [
            "no time zone: no zone column; give the jail's zone with zone="
        ]
    named = judge(table, as_of=AS_OF, now=NOW, zone=zone, still_held=True, tz="FacilityTZ")
    assert named.column("hold_expires_at").to_pylist()[0].isoformat() == "2024-12-02T23:30:00+00:00"


@pytest.mark.parametrize("engine", ["auto", "row"])
def test_timestamps_on_the_day_databases_write_for_no_time_are_errors(engine: str) -> None:
    stamps = [dt.datetime(1900, 1, 1), dt.datetime(1900, 1, 1, 9), dt.datetime(1900, 1, 2, 10)]
    table = pa.table({"eligible_at": stamps, "tz": ["America/Chicago"] * 3})
    got = judge(table, as_of=AS_OF, now=NOW, still_held=True, engine=engine)
    assert got.column("hold_status").to_pylist() == ["error", "error", "expired"]
    error = got.column("hold_error").to_pylist()[0]
    assert error.startswith("column eligible_at: '1900-01-01 00:00:00' is what databases")


def test_what_check_warns_of_is_warned() -> None:
    from holdcalc.frame import FrameWarning

    table = pa.table(
        {
            "eligible_at": ["2024-11-27 16:30", "27/11/2024 16:30"],
            "released_at": ["2027-01-05 10:00", ""],
            "tz": ["America/Chicago"] * 2,
        }
    )
    with pytest.warns(FrameWarning) as caught:
        judge(table, as_of=AS_OF, now=NOW)
    said = " ".join(str(warning.message) for warning in caught)
    assert "1 row(s) have a departure after the as-of time" in said
    assert "1 row(s) hold a date that reads only day first" in said
    for engine in ("row", "auto"):  # both ways, the same warnings
        with pytest.warns(FrameWarning) as again:
            judge(table, as_of=AS_OF, now=NOW, engine=engine)
        assert " ".join(str(warning.message) for warning in again) == said


@pytest.mark.parametrize("engine", ["auto", "row"])
def test_a_table_of_one_row_per_charge_is_warned_of(engine: str) -> None:
    """A booking on rows one under another with different starts (a booking number held
    as a number, as pandas reads one): each row is still judged, and a warning says so."""
    from holdcalc.frame import FrameWarning

    table = pa.table(
        {
            "booking_id": [7, 7, 8],
            "charge_release_dt": [
                dt.datetime(2024, 3, 1, 9),
                dt.datetime(2024, 3, 18, 10),
                dt.datetime(2024, 4, 1, 9),
            ],
            "release_dt": ["2024-03-20 08:00", "2024-03-20 08:00", "2024-04-02 09:00"],
        }
    )
    with pytest.warns(FrameWarning) as caught:
        got = judge(table, as_of=AS_OF, now=NOW, zone="America/Chicago", engine=engine,
                    start="charge_release_dt", released="release_dt")  # fmt: skip
    assert got.num_rows == 3
    (said,) = [str(warning.message) for warning in caught]
    assert said.startswith(
        "booking_id '7' has 2 rows with different starts (1 such "
        "booking(s) in the first rows), as a table of one row per charge has"
    )
    single = table.slice(1)  # one row a booking: nothing to say
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrameWarning)
        judge(single, as_of=AS_OF, now=NOW, zone="America/Chicago", engine=engine,
              start="charge_release_dt", released="release_dt")  # fmt: skip


@pytest.mark.parametrize("engine", ["auto", "row"])
def test_a_row_past_its_limit_by_over_a_year_is_warned_of(engine: str) -> None:
    """As check warns: released or still held more than a year past the limit, and not
    stale (a hold begun in 1999 with no departure is stale: no warning for it)."""
    from holdcalc.frame import FrameWarning

    table = pa.table(
        {
            "eligible_at": [
                "1970-01-01 09:00",
                "2023-11-27 16:30",
                "2024-11-27 16:30",
                "1999-11-27 16:30",
            ],
            "released_at": ["2024-12-03 09:00", "2024-12-03 09:00", "2024-12-03 09:00", ""],
            "tz": ["America/Chicago"] * 4,
        }
    )
    with pytest.warns(FrameWarning) as caught:
        got = judge(table, as_of=AS_OF, now=NOW, engine=engine)
    assert got.column("hold_status").to_pylist() == ["over-detained"] * 3 + ["expired"]
    (said,) = [str(warning.message) for warning in caught]
    assert said.startswith("2 row(s) are past the limit by more than a year (the most: 20,055")
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrameWarning)
        judge(table.slice(2), as_of=AS_OF, now=NOW, engine=engine)


@pytest.mark.parametrize("engine", ["auto", "row"])
def test_null_values_are_read_as_blank_when_named(engine: str) -> None:
    starts = ["2024-11-27 16:30", "2024-11-27 16:30", "NULL", "2024-11-27 16:30"]
    named = pa.table({"eligible_at": starts, "released_at": ["NULL", " n/a ", "", "None"]})
    blank_starts = [start.replace("NULL", "") for start in starts]
    blank = pa.table({"eligible_at": blank_starts, "released_at": ["", "", "", "None"]})
    settings: dict[str, Any] = {"zone": "America/Chicago", "as_of": AS_OF, "engine": engine}
    read = judge(named, null_values=("null", "N/A"), now=NOW, **settings).to_pylist()
    assert read == judge(blank, now=NOW, **settings).to_pylist()
    assert read[0]["hold_status"] == "expired" and read[2]["hold_status"] == "error"
    assert "'None' is a word for no value" in read[3]["hold_error"]
    one = judge(named, null_values="NULL", now=NOW, **settings).to_pylist()
    assert one[0] == read[0] and one[1]["hold_status"] == "error"
    with pytest.raises(InputError, match="null_values: 7 is not a word or a tuple of them"):
        judge(named, null_values=7, now=NOW, **settings)


@pytest.mark.parametrize(
    ("layout", "problem"),
    [
        ("%m/%d %H:%M", "formats: '%m/%d %H:%M' has no year"),
        ("%Y %m %m", r"formats: '%Y %m %m' reads %m twice"),
        ("%Y-%m-%d %q", r"formats: '%Y-%m-%d %q' is not a strptime format"),
    ],
)
def test_a_format_check_refuses_is_refused_by_the_frame_too(layout: str, problem: str) -> None:
    """As `check --date-format` refuses it, before a row is read: a format without a
    year, one naming a field twice (an internal error of strptime's before), one with a
    bad directive (it never fitted, without a word)."""
    table = pa.table({"eligible_at": ["2024-11-27 16:30"], "released_at": [""]})
    with pytest.raises(InputError, match=problem):
        judge(table, zone="America/Chicago", as_of=AS_OF, now=NOW, formats=layout)
