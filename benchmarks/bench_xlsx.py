"""Time `holdcalc check` on a workbook against a plain pass of its reader over the same file.

Makes a roster with benchmarks/make_roster.py (deterministic by seed), writes it as
an .xlsx with XlsxWriter (start and departure as real date cells where the roster's text
is a plain ISO time, as a records office's export has them; other values as text), then
runs, alternating in one process tree so machine noise hits both alike:

  holdcalc check roster.xlsx --tz America/New_York --as-of 2026-11-01T00:00:00Z --format csv
  a plain python-calamine pass: every row read, every cell made text, written as CSV

and reports the medians and their ratio (target <= 2) and the peak RSS of each.

    python benchmarks/bench_xlsx.py [--rows 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

from bench_check import OUT, alternate, peak_rss_mb, roster

PLAIN = """
import csv, sys
from python_calamine import CalamineWorkbook
sheet = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0)
w = csv.writer(sys.stdout, lineterminator="\\n")
for row in sheet.iter_rows():
    w.writerow([c if isinstance(c, str) else str(c) for c in row])
"""


def workbook(rows: int, folder: Path = OUT) -> Path:
    """The roster of `rows` rows as an .xlsx, made once."""
    path = folder / f"roster-{rows}-seed7.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("roster")
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    with roster(rows, folder).open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle)):
            for column, value in enumerate(row):
                moment = _iso_minute(value) if number and column in (4, 5) else None
                if moment is not None:
                    sheet.write_datetime(number, column, moment, when)
                elif value:
                    sheet.write_string(number, column, value)
    book.close()
    return path


def _iso_minute(text: str) -> dt.datetime | None:
    if len(text) != 16:
        return None
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT, help="where the inputs are made")
    args = parser.parse_args()
    path = workbook(args.rows, args.out)
    ours = [
        sys.executable, "-m", "holdcalc", "check", str(path), "--tz", "America/New_York",
        "--as-of", "2026-11-01T00:00:00Z", "--format", "csv",
    ]  # fmt: skip
    plain = [sys.executable, "-c", PLAIN, str(path)]
    m, t = alternate(ours, plain, args.rounds)
    print(f"rows                  : {args.rows:,} (workbook {path.stat().st_size / 1e6:.1f} MB)")
    print(f"holdcalc check        : median {m:6.2f} s   {args.rows / m:,.0f} rows/s")
    print(f"plain calamine pass   : median {t:6.2f} s   {args.rows / t:,.0f} rows/s")
    print(f"ratio                 : {m / t:.2f}   (target <= 2; {args.rounds} rounds, alternating)")
    print(f"peak RSS, holdcalc    : {peak_rss_mb(ours):6.1f} MB")
    print(f"peak RSS, plain pass  : {peak_rss_mb(plain):6.1f} MB")


if __name__ == "__main__":
    main()
