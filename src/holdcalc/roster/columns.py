"""Which column holds what: one alias table per role, and one finder for all of them.

Header names are compared after normalising (lower case; runs of spaces and
punctuation become "_"). A name the user gives must exist; otherwise the first alias
found wins, and the first alias of each role is its documented default.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Mapping, Sequence

from holdcalc.core.errors import ColumnError, Setting


class Role(enum.Enum):
    """What a column holds."""

    START = "start"
    RELEASED = "released"
    TZ = "tz"
    START_TIME = "start_time"
    RELEASED_TIME = "released_time"
    JURISDICTION = "jurisdiction"
    NAME = "name"
    FACILITY = "facility"
    BOOKING = "booking"
    CASE = "case"


# The setting that names each column a user may name.
NAMED_BY: Mapping[Role, Setting] = {
    Role.START: Setting.START_COLUMN,
    Role.RELEASED: Setting.RELEASED_COLUMN,
    Role.TZ: Setting.TZ_COLUMN,
    Role.START_TIME: Setting.START_TIME_COLUMN,
    Role.RELEASED_TIME: Setting.RELEASED_TIME_COLUMN,
    Role.NAME: Setting.NAME_COLUMN,
    Role.FACILITY: Setting.FACILITY_COLUMN,
}


ALIASES: Mapping[Role, tuple[str, ...]] = {
    Role.START: (
        "eligible_at",
        "release_eligible",
        "release_eligible_at",
        "eligible_for_release",
        "criminal_custody_ended",
        "custody_ended_at",
        "bond_posted_at",
        "bail_posted_at",
        "hold_start",
        "hold_started_at",
        "charge_release_dt",
    ),
    Role.RELEASED: (
        "released_at",
        "release_dt",
        "released",
        "release_datetime",
        "transferred_at",
        "transferred_to_ice_at",
        "left_custody_at",
        "departed_at",
    ),
    Role.TZ: ("tz", "time_zone", "timezone", "zone"),
    Role.START_TIME: (),  # split time columns are only ever named by the user
    Role.RELEASED_TIME: (),
    Role.JURISDICTION: ("jurisdiction", "jurisdiction_code"),
    Role.NAME: ("name", "full_name", "inmate_name", "detainee", "person", "detainee_name"),
    Role.FACILITY: ("facility", "facility_name", "jail", "institution", "agency"),
    Role.BOOKING: ("booking_id", "booking_number", "booking_no", "booking_num", "booking"),
    Role.CASE: ("case_number", "case_no", "case_id", "case"),
}


def normalize_name(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.replace("\ufeff", "").strip().lower()).strip("_")


def find_column(header: Sequence[str], role: Role, given: str | None = None) -> int | None:
    """Where `role` is in `header`: the column named `given`, else the first alias found."""
    normal = [normalize_name(name) for name in header]
    if given is not None:
        wanted = normalize_name(given)
        if wanted in normal:
            return normal.index(wanted)
        raise ColumnError(
            NAMED_BY[role],
            f" {given!r}: no such column; the columns are: {_listed(header)}",
            role=role,
            given=given,
            header=tuple(header),
        )
    return next((normal.index(alias) for alias in ALIASES[role] if alias in normal), None)


def _listed(header: Sequence[str]) -> str:
    return ", ".join(repr(name) for name in header) or "none"


@dataclasses.dataclass(frozen=True)
class Columns:
    """Where each value of a hold is found in a row (positions in the header)."""

    header: tuple[str, ...]
    start: int
    released: int | None
    tz: int | None
    start_time: int | None = None
    released_time: int | None = None
    jurisdiction: int | None = None

    def values(self, row: Sequence[str]) -> tuple[str, str, str]:
        """(start, departure, zone) texts of a row, with split time columns joined.

        Raises IndexError for a row too short to hold the columns.
        """
        start = row[self.start].strip()
        if self.start_time is not None:
            start = f"{start} {row[self.start_time].strip()}".strip()
        released = "" if self.released is None else row[self.released].strip()
        if self.released_time is not None and released:
            released = f"{released} {row[self.released_time].strip()}".strip()
        return start, released, "" if self.tz is None else row[self.tz]

    def label(self, index: int | None, time_index: int | None = None) -> str:
        if index is None:
            return "column ?"
        name = self.header[index]
        if time_index is not None:
            return f"columns {name}+{self.header[time_index]}"
        return f"column {name}"

    @property
    def start_label(self) -> str:
        return self.label(self.start, self.start_time)

    @property
    def released_label(self) -> str:
        return self.label(self.released, self.released_time)


@dataclasses.dataclass(frozen=True)
class ColumnNames:
    """Column names the user gave, by role (None: find it by its aliases)."""

    start: str | None = None
    released: str | None = None
    tz: str | None = None
    start_time: str | None = None
    released_time: str | None = None


def find_columns(header: Sequence[str], names: ColumnNames | None = None) -> Columns:
    """Find the hold's columns by name (case and spacing ignored)."""
    names = names or ColumnNames()
    start = find_column(header, Role.START, names.start)
    if start is None:
        aliases = ALIASES[Role.START]
        raise ColumnError(
            f"no hold-start column (looked for {', '.join(aliases[:4])}, ...); "
            f"the columns are: {_listed(header)}; name it with ",
            Setting.START_COLUMN,
            role=Role.START,
            header=tuple(header),
        )
    return Columns(
        header=tuple(header),
        start=start,
        released=find_column(header, Role.RELEASED, names.released),
        tz=find_column(header, Role.TZ, names.tz),
        start_time=find_column(header, Role.START_TIME, names.start_time),
        released_time=find_column(header, Role.RELEASED_TIME, names.released_time),
        jurisdiction=find_column(header, Role.JURISDICTION),
    )
