"""Start-up cost of one `holdcalc expire` call against importing `holidays` and building a year.

Runs both commands alternately in one process tree so machine noise hits both alike,
and reports the medians and their ratio. The target is a ratio of at most 0.75.

    python benchmarks/bench_expire.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HOLDCALC = [
    "expire",
    "2024-11-27 16:30",
    "--tz",
    "America/Chicago",
    "--format",
    "json",
]
BASELINE = [sys.executable, "-c", "import holidays; holidays.US(years=2024)"]


def holdcalc_command() -> list[str]:
    script = Path(sys.executable).with_name("holdcalc")
    if script.exists():
        return [str(script), *HOLDCALC]
    found = shutil.which("holdcalc")
    return [found, *HOLDCALC] if found else [sys.executable, "-m", "holdcalc", *HOLDCALC]


def timed(command: list[str]) -> float:
    begin = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    ours = holdcalc_command()
    env_note = os.environ.get("HOLDCALC_CACHE_DIR", "default cache dir")
    timed(ours)  # warm the holiday cache and the OS file cache for both
    timed(BASELINE)
    mine, theirs = [], []
    for _ in range(args.rounds):
        mine.append(timed(ours))
        theirs.append(timed(BASELINE))
    m, t = statistics.median(mine), statistics.median(theirs)
    print(f"holdcalc expire --format json : median {m * 1000:7.1f} ms  ({args.rounds} runs)")
    print(f"import holidays; US(2024)     : median {t * 1000:7.1f} ms  ({args.rounds} runs)")
    print(f"ratio                          : {m / t:.2f}  (target <= 0.75; cache: {env_note})")


if __name__ == "__main__":
    main()
