"""Time `holdcalc check` on a printed-report workbook against a plain pass of its reader.

Makes (deterministic by seed) a workbook in the shape of a county jail's "inmates with
a detainer added" report: a title block, a booking header, then for each booking a
booking line (its number zero-padded text, its date a date cell), a repeated charge
sub-header, its charge lines (1.67 a booking on average) and a hold line (charge 4200,
ICE DETAINER, with a disposition date cell and type), and a blank line; a footer at the
end. By default
9,500 bookings, about 53,000 rows, as the Travis County report has. Then runs,
alternating so machine noise hits both alike:

  holdcalc check report.xlsx --group-by "Booking No" --start-col "Disposition Date"
      --booked-col "Booking Date" --tz America/Chicago --as-of 2016-10-04T12:00 --format csv
  a plain python-calamine pass: every row read, every cell made text, written as CSV

and reports the medians and their ratio (target <= 2.5) and the peak RSS of each.

    python benchmarks/bench_stacked.py [--bookings 9500] [--rounds 5] [--workbook PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from bench_check import OUT, alternate, peak_rss_mb
from bench_xlsx import PLAIN

BOOKING_HEAD = ("Booking No", "Booking Name", "Race", "Sex", "", "Age", "Booking Date",
                "Place of Birth")  # fmt: skip
CHARGE_HEAD = ("Charge", "Charge Literal", "Level", "Sentence", "", "Disposition Date",
               "Disposition Type")  # fmt: skip
CHARGES = (("0600", "THEFT"), ("2201", "DRIVING WHILE INTOXICATED"), ("3299", "CITY ORDINANCE"),
           ("1301", "ASSAULT W/BODILY INJURY"), ("5404", "POSS MARIJUANA <2OZ"))  # fmt: skip
ENDS = ("RELEASED TO PAY", "SENTENCE COMPLETE", "BOND-SURETY", "DISMISSED", "TIME SERVED")
HOLD_ENDS = ("RELEASED TO ICE",) * 8 + ("WARRANT WITHDRAWN", "RELEASED TO TDCJ-ID")
# Criminal charges a booking: 1.67 on average, as the county's report has (24,839 charge
# lines, 9,602 of them holds, over 9,533 bookings).
CHARGE_COUNTS = (1, 1, 1, 2, 2, 3)


def report(bookings: int, folder: Path = OUT, seed: int = 7) -> Path:
    """The report workbook of `bookings` bookings, made once."""
    path = folder / f"stacked-{bookings}-seed{seed}.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    folder.mkdir(exist_ok=True)
    draw = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("ICE - Detainer Added")
    day = book.add_format({"num_format": "m/d/yyyy"})
    sheet.write_string(0, 1, "Sheriff's Office\nIn Custody Inmates with an INS Detainer added")
    row = 3
    sheet.write_row(row, 1, BOOKING_HEAD)
    first = dt.datetime(2000, 1, 1)
    for number in range(bookings):
        booked = first + dt.timedelta(days=draw.randrange(16 * 365))
        row += 1
        sheet.write_string(row, 1, f"{draw.randrange(10**7):07d}")
        sheet.write_row(row, 2, ("NAME WITHHELD", draw.choice("WBHA"), draw.choice("MF")))
        sheet.write_number(row, 6, 18 + draw.randrange(50))
        sheet.write_datetime(row, 7, booked, day)
        sheet.write_string(row, 8, "Mexico" if number % 3 else "Texas")
        row += 1
        sheet.write_row(row, 1, CHARGE_HEAD)
        released = booked
        for _ in range(draw.choice(CHARGE_COUNTS)):
            code, literal = draw.choice(CHARGES)
            released = booked + dt.timedelta(days=draw.randrange(30))
            row += 1
            sheet.write_row(row, 1, (code, literal.ljust(40), draw.choice("ABCM")))
            sheet.write_datetime(row, 6, released, day)
            sheet.write_string(row, 7, draw.choice(ENDS))
        row += 1
        sheet.write_row(row, 1, ("4200", "ICE DETAINER", "F"))
        left = released + dt.timedelta(days=draw.choice((0, 1, 2, 3, 5, 20)))
        sheet.write_datetime(row, 6, left, day)
        sheet.write_string(row, 7, draw.choice(HOLD_ENDS))
        row += 1  # the blank line after each booking
    sheet.write_string(row + 2, 1, "This is a list of all inmates with an INS Detainer added.")
    book.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=9_500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT, help="where the inputs are made")
    parser.add_argument(
        "--workbook",
        type=Path,
        help="time this report instead of a made one (the county's own, if you have it)",
    )
    args = parser.parse_args()
    path = args.workbook or report(args.bookings, args.out)
    ours = [
        sys.executable, "-m", "holdcalc", "check", str(path), "--group-by", "Booking No",
        "--start-col", "Disposition Date", "--booked-col", "Booking Date",
        "--tz", "America/Chicago", "--as-of", "2016-10-04T12:00", "--format", "csv",
    ]  # fmt: skip
    plain = [sys.executable, "-c", PLAIN, str(path)]
    m, t = alternate(ours, plain, args.rounds)
    made = f"{args.bookings:,} bookings, " if args.workbook is None else ""
    print(f"workbook              : {path.name} ({made}{path.stat().st_size / 1e6:.1f} MB)")
    print(f"holdcalc check        : median {m:6.2f} s")
    print(f"plain calamine pass   : median {t:6.2f} s")
    print(
        f"ratio                 : {m / t:.2f}   (target <= 2.5; {args.rounds} rounds, alternating)"
    )
    print(f"peak RSS, holdcalc    : {peak_rss_mb(ours):6.1f} MB")
    print(f"peak RSS, plain pass  : {peak_rss_mb(plain):6.1f} MB")


if __name__ == "__main__":
    main()
