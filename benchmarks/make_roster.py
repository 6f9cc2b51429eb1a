#!/usr/bin/env python3
"""Make a synthetic jail roster (CSV on stdout) for the benchmarks and load tests.

Standard library only; the same --seed always gives the same file. The columns and
the draws are those of the workplace's shared roster maker (shared/bench), so a
roster made here with a seed is the roster the issues measured with that seed:

  booking_id  BK and eight digits
  name        a given and a family name
  facility    one of twelve jails, each with its IANA zone in `tz`
  eligible_at when criminal custody ended, the hold's start
  released_at when the person left; blank for about one in twenty (still held)

Times are written as exports write them: mostly ``2024-03-05 14:07``, some
``03/05/2024 02:07 PM``, a few dates alone. About --bad-rate of the rows carry one
fault: a value that is no date, an impossible date, a departure five hours before the
start, or a zone that does not exist.

    python benchmarks/make_roster.py --rows 1000000 --seed 7 > roster.csv

With --last-first each name is written "Family, Given", in quote marks, as many exports
write names; with --crlf lines end in CRLF, as Windows writes them (the rest of the file
is the same).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from typing import TextIO

JAILS = (
    ("King County Correctional Facility", "America/Los_Angeles"),
    ("Orleans Parish Prison", "America/Chicago"),
    ("Rikers Island (RMSC)", "America/New_York"),
    ("Cook County Jail", "America/Chicago"),
    ("Santa Clara Main Jail", "America/Los_Angeles"),
    ("Travis County Jail", "America/Chicago"),
    ("Suffolk County Nashua Street Jail", "America/New_York"),
    ("Maricopa County 4th Avenue Jail", "America/Phoenix"),
    ("Denver County Jail", "America/Denver"),
    ("Anchorage Correctional Complex", "America/Anchorage"),
    ("Oahu Community Correctional Center", "Pacific/Honolulu"),
    ("San Juan Metropolitan Detention", "America/Puerto_Rico"),
)
GIVEN = ("Maria", "Jose", "Ibrahim", "David", "Mirabela", "Antonio", "Mario", "Ana", "Luis",
         "Fatima", "Nguyen", "Olga", "Wei", "Amadou")  # fmt: skip
FAMILY = ("Garcia", "Lopez", "Hassan", "Ocampo", "Cacho", "Tran", "Diallo", "Kowalski", "Chen",
          "Ramirez", "O'Brien", "Nunez-Ortiz")  # fmt: skip
NOT_DATES = ("not a date", "2023-02-30 10:00", "13/45/2020 9:00 PM", "", "yesterday")
FIRST = dt.datetime(2012, 1, 1)
LAST = dt.datetime(2026, 10, 31)
HEADER = ("booking_id", "name", "facility", "tz", "eligible_at", "released_at")


def written(moment: dt.datetime, draw: random.Random) -> str:
    """A time as one of the three layouts exports use, chosen 75 : 20 : 5."""
    pick = draw.random()
    layout = "%Y-%m-%d %H:%M" if pick < 0.75 else "%m/%d/%Y %I:%M %p" if pick < 0.95 else "%Y-%m-%d"
    return moment.strftime(layout)


def time_held(draw: random.Random) -> dt.timedelta | None:
    """Seven in ten leave within 60 hours, a quarter within 40 days, the rest remain."""
    pick = draw.random()
    if pick < 0.70:
        return dt.timedelta(minutes=draw.randrange(60 * 60))
    if pick < 0.95:
        return dt.timedelta(minutes=draw.randrange(60 * 60, 60 * 24 * 40))
    return None


def one_row(number: int, draw: random.Random, bad_rate: float) -> list[str]:
    minutes = int((LAST - FIRST).total_seconds() // 60)
    start = FIRST + dt.timedelta(minutes=draw.randrange(minutes))
    held = time_held(draw)
    eligible = written(start, draw)
    released = "" if held is None else written(start + held, draw)
    facility, zone = draw.choice(JAILS)
    if draw.random() < bad_rate:
        fault = draw.randrange(4)
        if fault == 0:
            eligible = draw.choice(NOT_DATES)
        elif fault == 1:
            released = draw.choice(NOT_DATES[:3])
        elif fault == 2 and held is not None:
            released = written(start - dt.timedelta(hours=5), draw)
        else:
            zone = "Mars/Olympus_Mons"
    name = f"{draw.choice(GIVEN)} {draw.choice(FAMILY)}"
    return [f"BK{number:08d}", name, facility, zone, eligible, released]


def write_roster(
    out: TextIO,
    rows: int,
    seed: int = 7,
    bad_rate: float = 0.01,
    *,
    last_first: bool = False,
    crlf: bool = False,
) -> None:
    """The roster; with `last_first`, each name written "Family, Given", so quoted, as
    many exports write names; with `crlf`, lines ending in CRLF, as Windows writes them
    (the draws, and every other cell, are the same)."""
    draw = random.Random(seed)
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(HEADER)
    for number in range(rows):
        row = one_row(number, draw, bad_rate)
        if last_first:
            given, family = row[1].split(" ", 1)
            row[1] = f"{family}, {given}"
        writer.writerow(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bad-rate", type=float, default=0.01)
    parser.add_argument(
        "--last-first", action="store_true", help='names as "Family, Given", in quote marks'
    )
    parser.add_argument("--crlf", action="store_true", help="lines ending in CRLF")
    args = parser.parse_args()
    write_roster(
        sys.stdout, args.rows, args.seed, args.bad_rate, last_first=args.last_first, crlf=args.crlf
    )


if __name__ == "__main__":
    main()
