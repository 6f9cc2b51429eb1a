"""Where the two engines of `holdcalc check` cross, and which one the default takes.

Judging over columns needs numpy and pyarrow imported (about 0.3 s a process), which
a small roster does not win back; by default `check` judges an input under
SMALL_INPUT bytes (holdcalc.roster.column_blocks) row by row. This times `check` on
rosters from benchmarks/make_roster.py (seed 7) of a few sizes, as a user runs it
(worker processes where the input is large enough), with HOLDCALC_ENGINE=row,
=columnar and unset (the default), alternating round by round, and prints the
medians and the engine the default took.

    python benchmarks/bench_engines.py [--sizes 100,1000,5000,10000,20000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bench_check import OUT, Run, alternate_many, holdcalc, roster

from holdcalc.roster.column_blocks import SMALL_INPUT


def engine(name: str) -> dict[str, str]:
    found = {**os.environ, "HOLDCALC_ENGINE": name}
    if not name:
        found.pop("HOLDCALC_ENGINE")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="100,1000,5000,10000,20000", help="rows, comma-separated"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT, help="where the rosters are made")
    args = parser.parse_args()
    print(f"the default judges over columns from {SMALL_INPUT:,} bytes of input on")
    print(f"{'rows':>8} {'bytes':>11} {'row':>8} {'columnar':>9} {'default':>8}  default took")
    for rows in (int(size) for size in args.sizes.split(",")):
        path = roster(rows, args.out)
        runs: dict[str, Run] = {
            name: (holdcalc(path), engine(name)) for name in ("row", "columnar", "")
        }
        medians = alternate_many(runs, args.rounds)
        size = path.stat().st_size
        header = len(path.read_bytes().split(b"\n", 1)[0]) + 1
        took = "columnar" if size - header >= SMALL_INPUT else "row"
        print(f"{rows:>8,} {size:>11,} {medians['row']:>7.2f}s {medians['columnar']:>8.2f}s "
              f"{medians['']:>7.2f}s  {took}")  # fmt: skip


if __name__ == "__main__":
    main()
