"""The frame API against what a researcher writes in polars instead, on one roster.

Makes its input with benchmarks/make_roster.py (deterministic by seed) and runs each
of these in its own process, alternating round by round, timing the whole process and
reading its peak memory:

  naive   polars reads the CSV, parses both columns in the two common layouts, and
          takes the hours between them minus 48: no weekends, holidays or zones, and
          no dates alone (a wrong answer, the speed a researcher gets today)
  frame   polars reads the CSV, holdcalc.frame.judge gives every row its verdict
  row     the same with engine="row": the row engine for every row
  batches the frame judged in slices of 122,880 rows, one call each, as the DuckDB
          recipe judges its record batches (docs/researchers.md)

and reports medians, ratios to the naive pass, and peak RSS.

    python benchmarks/bench_frame.py [--rows 1000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from bench_check import NAIVE_HOURS, roster

AS_OF = "2026-11-01T00:00:00Z"
COMMON = """
import resource, sys
import polars as pl
frame = pl.read_csv(sys.argv[1], infer_schema_length=0)
"""
NAIVE = (
    COMMON
    + NAIVE_HOURS
    + """
out = frame.with_columns(hours.alias("over_detained_hours"))
assert out.height == frame.height
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
)
FRAME = (
    COMMON
    + """
from holdcalc.frame import judge
out = judge(frame, as_of=%r, zone="America/New_York", engine=sys.argv[2])
assert out.height == frame.height
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
)
BATCHES = (
    COMMON
    + """
from holdcalc.frame import judge
parts = [judge(part, as_of=%r, zone="America/New_York") for part in frame.iter_slices(122_880)]
assert sum(part.height for part in parts) == frame.height
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
)


def run(script: str, *args: str) -> tuple[float, float]:
    """Seconds and peak MiB of one whole process."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - began, int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    path = str(roster(args.rows))
    kinds = {
        "naive": (NAIVE,),
        "frame": (FRAME % AS_OF, "auto"),
        "row": (FRAME % AS_OF, "row"),
        "batches": (BATCHES % AS_OF,),
    }
    seen: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    for _ in range(args.rounds):
        for kind, (script, *extra) in kinds.items():
            seen[kind].append(run(script, path, *extra))
    naive = statistics.median(wall for wall, _ in seen["naive"])
    figures = {
        kind: {
            "wall_s": round(statistics.median(wall for wall, _ in runs), 2),
            "peak_mib": round(max(peak for _, peak in runs)),
            "vs_naive": round(statistics.median(wall for wall, _ in runs) / naive, 2),
        }
        for kind, runs in seen.items()
    }
    print(json.dumps({"rows": args.rows, "rounds": args.rounds, **figures}, indent=2))


if __name__ == "__main__":
    main()
