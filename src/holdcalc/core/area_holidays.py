"""Holidays the `holidays` package gives a whole state that the law gives only part of.

python-holidays lists Inauguration Day among Maryland's and Virginia's holidays. The
statute that makes it one, 5 U.S.C. § 6103(c), gives it only to the "Inauguration Day
area": the District of Columbia, Montgomery and Prince George's Counties in Maryland,
Arlington and Fairfax Counties and the cities of Alexandria and Falls Church in
Virginia (OPM counts the City of Fairfax with Fairfax County). It is not among the
legal holidays of either state's own code (Md. Code, Gen. Prov. § 1-111; Va. Code
§ 2.2-3300). Excluding it statewide would lengthen a hold in
Baltimore or Richmond by a day that stops no clock there, so such a day is not
excluded with `state` alone: it is named, with its area, and counted the other way
in the readings shown beside the answer. A jail inside the area adds it as a local
closure day.
"""

from __future__ import annotations

import dataclasses

_6103C = "5 U.S.C. § 6103(c)"


@dataclasses.dataclass(frozen=True)
class AreaHoliday:
    """A holiday of part of a state: its name as the package gives it, where it is one,
    and the law that says so."""

    name: str
    area: str
    source: str

    def names(self, part: str) -> bool:
        """Whether one name the package gives a day is this holiday (observed too)."""
        return part == self.name or part.startswith(f"{self.name} (")

    def describe(self, part: str) -> str:
        """The package's name for the day (`part`), with where the day is a holiday."""
        return f"{part}: a holiday only in {self.area} ({self.source})"


AREA_ONLY: dict[str, tuple[AreaHoliday, ...]] = {
    "MD": (AreaHoliday("Inauguration Day", "Montgomery and Prince George's Counties", _6103C),),
    "VA": (
        AreaHoliday(
            "Inauguration Day",
            "Arlington and Fairfax Counties and the cities of Alexandria and Falls Church "
            "(the City of Fairfax counted with Fairfax County)",
            _6103C,
        ),
    ),
}


def split_name(state: str, name: str) -> tuple[str, str]:
    """A state holiday's name (the package joins a day's names with "; ") cut in two:
    the names that hold statewide, and the area holidays described; "" for none."""
    area = AREA_ONLY.get(state, ())
    kept, found = [], []
    for part in name.split("; "):
        holiday = next((h for h in area if h.names(part)), None)
        if holiday is None:
            kept.append(part)
        else:
            found.append(holiday.describe(part))
    return "; ".join(kept), "; ".join(found)
