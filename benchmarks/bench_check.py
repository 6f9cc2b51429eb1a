"""Throughput and memory of `holdcalc check` against a plain csv pass over the same roster.

Makes its input with benchmarks/make_roster.py (deterministic by seed), then runs,
alternating in one process tree so machine noise hits both alike:

  holdcalc check roster.csv --tz America/New_York --as-of 2026-11-01T00:00:00Z --format csv
  a plain csv.reader -> csv.writer pass appending four constant columns

and reports the medians, their ratio (target <= 2.5), rows per second, and the peak RSS
of the largest holdcalc process at 10,000 and at 1,000,000 rows (target: within 10 MB).

    python benchmarks/bench_check.py [--rows 1000000] [--rounds 5] [--jurisdiction CA]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKER = HERE / "make_roster.py"
OUT = HERE / "out"
PLAIN = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    w = csv.writer(sys.stdout, lineterminator="\\n")
    for row in csv.reader(f):
        row.extend(("a", "b", "c", "d"))
        w.writerow(row)
"""


def roster(rows: int, folder: Path = OUT) -> Path:
    path = folder / f"roster-{rows}-seed7.csv"
    if not path.exists():
        folder.mkdir(exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            subprocess.run(
                [sys.executable, str(MAKER), "--rows", str(rows), "--seed", "7"],
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


def timed(command: list[str]) -> float:
    begin = time.perf_counter()
    result = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command} failed with {result.returncode}")
    return time.perf_counter() - begin


def alternate(ours: list[str], theirs: list[str], rounds: int) -> tuple[float, float]:
    """The medians of `rounds` runs of each command, taken in turn after one warm-up
    run of ours (the holiday cache and the OS page cache), so machine noise hits both."""
    timed(ours)
    mine, others = [], []
    for _ in range(rounds):
        mine.append(timed(ours))
        others.append(timed(theirs))
    return statistics.median(mine), statistics.median(others)


def peak_rss_mb(command: list[str]) -> float:
    """Largest resident set of the command or any process it started, in MB."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
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
    args = parser.parse_args()
    if args.jurisdiction:
        compare_jurisdiction(roster(args.rows, args.out), args.jurisdiction, args.rounds)
        return
    big, small = roster(args.rows, args.out), roster(10_000, args.out)
    ours, plain = holdcalc(big), [sys.executable, "-c", PLAIN, str(big)]
    m, t = alternate(ours, plain, args.rounds)
    print(f"rows                 : {args.rows:,}")
    print(f"holdcalc check       : median {m:6.2f} s   {args.rows / m:,.0f} rows/s")
    print(f"plain csv pass       : median {t:6.2f} s   {args.rows / t:,.0f} rows/s")
    print(
        f"ratio                : {m / t:.2f}   (target <= 2.5; {args.rounds} rounds, alternating)"
    )
    rss_small, rss_big = peak_rss_mb(holdcalc(small)), peak_rss_mb(ours)
    print(f"peak RSS, 10,000 rows: {rss_small:6.1f} MB")
    change = rss_big - rss_small
    print(f"peak RSS, {args.rows:,} rows: {rss_big:6.1f} MB   ({change:+.1f} MB, target within 10)")


def compare_jurisdiction(path: Path, code: str, rounds: int) -> None:
    """check --jurisdiction CODE beside the plain check, alternating (target <= 1.5)."""
    plain, limits = holdcalc(path), holdcalc(path, "--jurisdiction", code)
    m, t = alternate(limits, plain, rounds)
    print(f"check --jurisdiction {code}: median {m:6.2f} s")
    print(f"check (plain)          : median {t:6.2f} s")
    print(f"ratio                  : {m / t:.2f}   (target <= 1.5; {rounds} rounds)")


if __name__ == "__main__":
    main()
