"""What a campaign report's page shows, from the figures a run gathered
(report_data): each chart's numbers and the table beside it, the days in jail, and
the cases listed. Pure data, as there; report_html draws and writes them.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Sequence

from holdcalc.output.headline import Stays, stays_of
from holdcalc.output.report_data import (
    HOUR_BANDS,
    WEEKDAYS,
    LongCase,
    ReportFigures,
    StaleCase,
    Tally,
    band_label,
)


@dataclasses.dataclass(frozen=True)
class Series:
    """One chart's numbers: a label and a value for each bar, and the table beside it
    (its column heads, and one row of cells per label)."""

    key: str
    title: str
    description: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    value_name: str
    heads: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    marked: tuple[float, ...] = ()  # a part of each bar drawn apart (the flagged holds)
    marked_name: str = ""


def hours_series(figures: ReportFigures) -> Series:
    total = sum(figures.bands)
    labels = tuple(band_label(i) for i in range(len(HOUR_BANDS)))
    return Series(
        "hours",
        "Hours held past the limit",
        f"How long past the limit each of the {total:,} over-detained or expired holds ran, "
        "in bands of hours.",
        labels,
        tuple(float(n) for n in figures.bands),
        "holds",
        ("hours past the limit", "holds"),
        tuple((label, f"{n:,}") for label, n in zip(labels, figures.bands, strict=True)),
    )


def _tally_rows(names: Sequence[str], tallies: Sequence[Tally]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (name, f"{t.holds:,}", f"{t.flagged:,}", f"{t.overrun:,}", f"{t.centihours / 100:,.2f}")
        for name, t in zip(names, tallies, strict=True)
    )


TALLY_HEADS = (
    "",
    "holds judged",
    "flagged",
    "held past the limit",
    "hours past the limit",
)


def tally_series(
    key: str, title: str, description: str, items: dict[str, Tally], listed: bool = True
) -> Series:
    """Holds held past the limit counted by a key: a bar per key, a table row per key
    (with `listed` False, only keys with a hold: a long run of months stays readable)."""
    names = tuple(items)
    tallies = tuple(items.values())
    heads = (title.rsplit(" by ", maxsplit=1)[-1].capitalize(), *TALLY_HEADS[1:])
    shown = [(n, t) for n, t in zip(names, tallies, strict=True) if listed or t.holds]
    return Series(
        key,
        title,
        description,
        names,
        tuple(float(t.overrun) for t in tallies),
        "held past the limit",
        heads,
        _tally_rows([n for n, _ in shown], [t for _, t in shown]),
    )


def _holds_series(
    key: str, title: str, description: str, items: dict[str, Tally], listed: bool = True
) -> Series:
    """Every hold judged by a key, the flagged ones marked within each bar."""
    series = tally_series(key, title, description, items, listed)
    return dataclasses.replace(
        series,
        values=tuple(float(t.holds) for t in items.values()),
        value_name="holds judged",
        marked=tuple(float(t.flagged) for t in items.values()),
        marked_name="flagged",
    )


def month_series(figures: ReportFigures) -> list[Series]:
    """Every hold judged by month, from the first month to the last (empty months shown
    as 0), the flagged ones marked; by year too when the range is longer than two years."""
    if not figures.months:
        return []
    first, last = min(figures.months), max(figures.months)
    months: dict[str, Tally] = {}
    year, month = first
    while (year, month) <= last:
        months[f"{year}-{month:02d}"] = figures.months.get((year, month), Tally())
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    note = (
        "Every hold judged, counted in the month it began (the start column's date, in the "
        "row's zone); the darker part of each bar is the holds flagged (over-detained, "
        "possibly over-detained, or still held past the limit; stale rows are not)."
    )
    listed = len(months) <= 24
    if not listed:
        note += " The table lists the months in which a hold began."
    series = [_holds_series("months", "Holds by month", note, months, listed)]
    if len(months) > 24:
        years: dict[str, Tally] = collections.defaultdict(Tally)
        for label, tally in months.items():
            years[label[:4]].add(tally)
        note = note.replace("the month it began", "the year it began").replace(
            " The table lists the months in which a hold began.", ""
        )
        series.append(_holds_series("years", "Holds by year", note, dict(years)))
    return series


def weekday_series(figures: ReportFigures) -> Series:
    return tally_series(
        "weekdays",
        "Held past the limit, by weekday",
        "The weekday each hold began. A hold that starts before a weekend or a holiday "
        "runs longest under the rule that excludes them.",
        dict(zip(WEEKDAYS, figures.weekdays, strict=True)),
    )


def facility_series(figures: ReportFigures) -> Series | None:
    if figures.facility is None or not figures.facilities:
        return None
    ranked = sorted(figures.facilities.items(), key=lambda item: (-item[1].overrun, item[0]))
    return tally_series(
        "facilities",
        "Held past the limit, by facility",
        "Each facility named in the roster, most holds past the limit first.",
        {(name or "(blank)"): tally for name, tally in ranked},
    )


def stays(figures: ReportFigures) -> Stays | None:
    return stays_of(figures.stays[True], figures.stays[False])


def stale_cases(figures: ReportFigures) -> list[StaleCase]:
    """The stale rows listed, the earliest starts first."""
    return sorted(figures.stale, reverse=True)


def longest(figures: ReportFigures) -> list[LongCase]:
    return sorted(figures.longest, reverse=True)
