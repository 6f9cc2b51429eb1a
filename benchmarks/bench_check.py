"""Throughput and memory of `holdcalc check`, both engines, against a plain csv pass
and the naive polars pass over the same roster.

Makes its input with benchmarks/make_roster.py (deterministic by seed), then runs,
alternating round by round in one process tree so machine noise hits all alike:

  holdcalc check roster.csv --tz America/New_York --as-of 2026-11-01T00:00:00Z --format csv
      with HOLDCALC_ENGINE=columnar, and with HOLDCALC_ENGINE=row
  a plain csv.reader -> csv.writer pass appending four constant columns
  the naive polars pass (when polars is installed): hours between the two columns
      minus 48, written out as CSV (no weekends, holidays, zones: a wrong answer)

and reports the medians, rows per second, each one's ratio to the plain pass (target
for the columnar check: <= 0.67), the columnar check's ratio to the polars pass, and
each engine's peak RSS at 10,000 rows and at the size asked (target: under 300 MB).
With --jurisdiction CODE, the check with that law beside the plain check (target:
within 1.3). With --quoted, the roster's names are written "Family, Given", in quote
marks, as many exports write them; with --crlf, its lines end in CRLF, as Windows
writes them. With --bad-rate R, about R of the rows carry a fault (a value that is no
date, a departure before the start, a zone that does not exist), as real exports do
(a third of the rows of one county's records-request export): such rows go to the row
engine, for their messages. holdcalc's modules are compiled to bytecode first, as an
install does.

    python benchmarks/bench_check.py [--rows 1000000] [--rounds 5] [--jurisdiction CA]
                                     [--quoted] [--crlf] [--bad-rate 0.3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKER = HERE / "make_roster.py"
OUT = HERE / "out"
# What a researcher writes in polars instead: hours between the two columns minus 48,
# in the two common layouts, with no weekends, holidays, zones or dates alone: wrong.
# (bench_frame.py measures the same pass: `frame` read by polars, `hours` made so.)
NAIVE_HOURS = """
def parsed(column):
    text = pl.col(column)
    return pl.coalesce(
        text.str.strptime(pl.Datetime, "%Y-%m-%d %H:%M", strict=False),
        text.str.strptime(pl.Datetime, "%m/%d/%Y %I:%M %p", strict=False),
    )
hours = (parsed("released_at") - parsed("eligible_at")).dt.total_minutes() / 60 - 48
"""
NAIVE_POLARS = (
    """
import sys
import polars as pl
frame = pl.read_csv(sys.argv[1], infer_schema_length=0)
"""
    + NAIVE_HOURS
    + """
frame.with_columns(hours.alias("over_detained_hours")).write_csv(sys.stdout)
"""
)
PLAIN = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    w = csv.writer(sys.stdout, lineterminator="\\n")
    for row in csv.reader(f):
        row.extend(("a", "b", "c", "d"))
        w.writerow(row)
"""


def roster(rows: int, folder: Path = OUT, shape: tuple[str, ...] = ()) -> Path:
    """The roster of `rows` rows (seed 7), made once; `shape`: make_roster.py's options
    for its names, line ends and faults (--last-first, --crlf, --bad-rate R)."""
    path = folder / f"roster-{rows}-seed7{''.join(shape).replace('--', '-')}.csv"
    if not path.exists():
        folder.mkdir(exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            subprocess.run(
                [sys.executable, str(MAKER), "--rows", str(rows), "--seed", "7", *shape],
                stdout=handle,
                check=True,
            )
    return path


def holdcalc(path: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "holdcalc",
        "check",
        str(path),
        "--tz",
        "America/New_York",
        "--as-of",
        "2026-11-01T00:00:00Z",
        "--format",
        "csv",
        *extra,
    ]


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    begin = time.perf_counter()
    result = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command} failed with {result.returncode}")
    return time.perf_counter() - begin


def alternate(ours: list[str], theirs: list[str], rounds: int) -> tuple[float, float]:
    """The medians of `rounds` runs of each command, taken in turn after one warm-up
    run of ours (the holiday cache and the OS page cache), so machine noise hits both."""
    found = alternate_many({"ours": (ours, None), "theirs": (theirs, None)}, rounds)
    return found["ours"], found["theirs"]


Run = tuple[list[str], dict[str, str] | None]  # a command and its environment


def alternate_many(runs: dict[str, Run], rounds: int) -> dict[str, float]:
    """The median of `rounds` runs of each command, taken in turn round by round after
    one warm-up run of the first (caches), so machine noise hits all alike."""
    first = next(iter(runs.values()))
    compiled()
    timed(*first)
    seen: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, (command, env) in runs.items():
            seen[name].append(timed(command, env))
    return {name: statistics.median(times) for name, times in seen.items()}


def compiled() -> None:
    """holdcalc's modules compiled to bytecode, as installing a package compiles them.
    An editable install run where PYTHONDONTWRITEBYTECODE is set (as on the machine
    these figures come from) compiles them again at every start: 0.06 s a run that an
    installed copy never pays (`holdcalc check` of a two-row file, median of 7: 0.53 s
    without the bytecode, 0.47 s with it)."""
    import compileall

    import holdcalc

    compileall.compile_dir(str(Path(holdcalc.__file__).parent), quiet=1)


def engine(name: str) -> dict[str, str]:
    return {**os.environ, "HOLDCALC_ENGINE": name}


def peak_rss_mb(command: list[str], env: dict[str, str] | None = None) -> float:
    """Largest resident set of the command or any process it started, in MB."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return int(out.stdout.strip()) / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT, help="where the rosters are made")
    parser.add_argument(
        "--jurisdiction",
        metavar="CODE",
        help="also time check --jurisdiction CODE, and its ratio to the plain check",
    )
    parser.add_argument(
        "--quoted", action="store_true", help='names written "Family, Given", in quote marks'
    )
    parser.add_argument("--crlf", action="store_true", help="lines ending in CRLF (Windows)")
    parser.add_argument(
        "--bad-rate",
        type=float,
        metavar="R",
        help="the share of rows with a fault (make_roster.py's; its default: 0.01)",
    )
    args = parser.parse_args()
    if args.jurisdiction:
        compare_jurisdiction(roster(args.rows, args.out), args.jurisdiction, args.rounds)
        return
    shape = (
        *(["--last-first"] if args.quoted else []),
        *(["--crlf"] if args.crlf else []),
        *([] if args.bad_rate is None else ["--bad-rate", str(args.bad_rate)]),
    )
    big, small = roster(args.rows, args.out, shape), roster(10_000, args.out, shape)
    runs: dict[str, Run] = {
        "check, columnar engine": (holdcalc(big), engine("columnar")),
        "check, row engine": (holdcalc(big), engine("row")),
        "plain csv pass": ([sys.executable, "-c", PLAIN, str(big)], None),
    }
    if importlib.util.find_spec("polars") is not None:
        runs["naive polars pass"] = ([sys.executable, "-c", NAIVE_POLARS, str(big)], None)
    medians = alternate_many(runs, args.rounds)
    plain = medians["plain csv pass"]
    print(f"rows                 : {args.rows:,} ({args.rounds} rounds, alternating; medians)")
    for name, median in medians.items():
        print(f"{name:<21}: {median:6.2f} s   {args.rows / median:>12,.0f} rows/s   "
              f"ratio to the plain pass {median / plain:.2f}")  # fmt: skip
    print("ratio                : columnar check to the plain csv pass "
          f"{medians['check, columnar engine'] / plain:.2f} (target <= 0.67)")  # fmt: skip
    if "naive polars pass" in medians:
        print("ratio                : columnar check to the naive polars pass "
              f"{medians['check, columnar engine'] / medians['naive polars pass']:.2f} "
              "(issue 23 hoped for <= 2)")  # fmt: skip
    for name in ("columnar", "row"):
        rss_small = peak_rss_mb(holdcalc(small), engine(name))
        rss_big = peak_rss_mb(holdcalc(big), engine(name))
        print(f"peak RSS, {name} engine: {rss_small:6.1f} MB at 10,000 rows, "
              f"{rss_big:6.1f} MB at {args.rows:,} (target under 300)")  # fmt: skip


def compare_jurisdiction(path: Path, code: str, rounds: int) -> None:
    """check --jurisdiction CODE beside the plain check, alternating (target <= 1.3), in
    the engine HOLDCALC_ENGINE names (the default: columnar where installed)."""
    plain, limits = holdcalc(path), holdcalc(path, "--jurisdiction", code)
    m, t = alternate(limits, plain, rounds)
    print(f"check --jurisdiction {code}: median {m:6.2f} s")
    print(f"check (plain)          : median {t:6.2f} s")
    print(f"ratio                  : {m / t:.2f}   (target <= 1.3; {rounds} rounds)")


if __name__ == "__main__":
    main()
