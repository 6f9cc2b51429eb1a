"""Which column holds what: one alias table per role, and one finder for all of them.

Header names are compared after normalising (lower case; runs of spaces and
punctuation become "_"). A name the user gives must exist; otherwise the first alias
found wins, and the first alias of each role is its documented default.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
import re
from collections.abc import Mapping, Sequence

from holdcalc.core.errors import ColumnError, Part, Setting


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
    BOOKED = "booked"  # when a booking began (per-charge rosters)
    DISPOSITION = "disposition"  # how a charge or booking ended (per-charge rosters)
    HOLD_FLAG = "hold_flag"  # whether a booking had an immigration hold (yes/no)


# The setting that names each column a user may name.
NAMED_BY: Mapping[Role, Setting] = {
    Role.START: Setting.START_COLUMN,
    Role.RELEASED: Setting.RELEASED_COLUMN,
    Role.TZ: Setting.TZ_COLUMN,
    Role.START_TIME: Setting.START_TIME_COLUMN,
    Role.RELEASED_TIME: Setting.RELEASED_TIME_COLUMN,
    Role.NAME: Setting.NAME_COLUMN,
    Role.FACILITY: Setting.FACILITY_COLUMN,
    Role.BOOKED: Setting.BOOKED_COLUMN,
    Role.DISPOSITION: Setting.DISPOSITION_COLUMN,
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
    # The names jails and records offices give the moment someone left: an actual
    # release, never a scheduled or eligible one (those are hold starts, above).
    Role.RELEASED: (
        "released_at",
        "release_dt",
        "released",
        "release_datetime",
        "release_date_time",
        "release_date",
        "releasedate",
        "released_date",
        "date_released",
        "datetime_released",
        "actual_release_date",
        "actual_release",
        "out_date",
        "out_date_time",
        "date_out",
        "book_out_date_time",
        "book_out_date",
        "bookout_date",
        "booked_out_at",
        "discharge_date",
        "discharged_at",
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
    Role.BOOKING: (
        "booking_id",
        "booking_number",
        "booking_no",
        "booking_num",
        "booking_nbr",
        "bookingid",
        "bookingnumber",
        "bookingno",
        "book_no",
        "booking",
    ),
    Role.CASE: ("case_number", "case_no", "case_id", "case"),
    Role.BOOKED: (
        "booking_dt",
        "booking_date",
        "booking_datetime",
        "book_in_date_time",
        "booked_at",
    ),
    Role.DISPOSITION: (
        "release_disposition_desc",
        "disposition_type",
        "disposition",
        "disposition_desc",
        "release_disposition",
        "release_reason",
        "release_type",
    ),
    Role.HOLD_FLAG: (
        "ice_hold",
        "immigration_hold",
        "ice_detainer",
        "has_detainer",
        "detainer",
        "detainer_flag",
        "hold_flag",
        "ice_hold_flag",
    ),
}


def normalize_name(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.replace("\ufeff", "").strip().lower()).strip("_")


def position(header: Sequence[str], name: str) -> int | None:
    """Where the column called `name` is (case and spacing ignored), if anywhere."""
    normal = [normalize_name(column) for column in header]
    wanted = normalize_name(name)
    return normal.index(wanted) if wanted in normal else None


def named_column(
    header: Sequence[str], given: str, setting: Setting, role: Role | None = None
) -> int:
    """Where the column the user named is; an error naming `setting` if it is missing."""
    found = position(header, given)
    if found is None:
        raise ColumnError(
            setting,
            f" {given!r}: no such column; the columns are: {_listed(header)}",
            role=role,
            given=given,
            header=tuple(header),
        )
    return found


# How a hold-flag cell says yes or no (any case); a blank or any other value says
# neither, and the row is judged (or, in the report, not counted either way).
_FLAG_WORDS = dict.fromkeys(("y", "yes", "true", "1", "x", "hold"), True) | dict.fromkeys(
    ("n", "no", "false", "0", "none"), False
)


def hold_flag(text: str) -> bool | None:
    """What a hold-flag cell says: a hold, no hold, or (None) neither."""
    return _FLAG_WORDS.get(text.strip().lower())


def cell(row: Sequence[str], index: int | None) -> str:
    """A row's cell at `index`, stripped ("" when there is no such column or cell)."""
    return row[index].strip() if index is not None and index < len(row) else ""


def find_column(header: Sequence[str], role: Role, given: str | None = None) -> int | None:
    """Where `role` is in `header`: the column named `given`, else the first alias found."""
    if given is not None:
        return named_column(header, given, NAMED_BY[role], role)
    normal = [normalize_name(name) for name in header]
    return next((normal.index(alias) for alias in ALIASES[role] if alias in normal), None)


def _title_hint(header: Sequence[str]) -> tuple[Part, ...]:
    """For a header row of one cell (a printed report's title, read as the header when
    no row below names a start column): how to name the header's row."""
    if sum(1 for name in header if name.strip()) > 1:
        return ()
    return (
        " (the row read as the header has one cell, a title perhaps: give the header's row with ",
        Setting.HEADER_ROW,
        ")",
    )


_ZONE_WORDS = frozenset({"tz", "tzid", "tzname", "timezone", "timezones", "iana", "olson"})


def _names_a_zone(name: str) -> bool:
    """Whether a column's name says it holds a time zone: a word of _ZONE_WORDS, or
    "time" then "zone" (camel case split into words: FacilityTZ, TimeZoneName)."""
    words = normalize_name(re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)).split("_")
    return bool(_ZONE_WORDS.intersection(words)) or ("time", "zone") in itertools.pairwise(words)


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
    # Time columns found beside their date columns by name, not named by the user
    # (Release Date, Release Time), as (role, date column, time column): a run says so.
    paired: tuple[tuple[Role, str, str], ...] = ()
    # Words the user said stand for no value in a time cell (NULL), upper-cased: such a
    # cell is read as blank (a blank departure: still held).
    nulls: frozenset[str] = frozenset()

    def used(self) -> list[tuple[Role, int]]:
        """The columns a row's verdict is read from, by role."""
        roles = (
            (Role.START, self.start),
            (Role.RELEASED, self.released),
            (Role.TZ, self.tz),
            (Role.START_TIME, self.start_time),
            (Role.RELEASED_TIME, self.released_time),
            (Role.JURISDICTION, self.jurisdiction),
        )
        return [(role, index) for role, index in roles if index is not None]

    def values(self, row: Sequence[str]) -> tuple[str, str, str]:
        """(start, departure, zone) texts of a row, with split time columns joined.

        Raises IndexError for a row too short to hold the columns.
        """
        start = self.time_text(row[self.start])
        if self.start_time is not None:
            start = f"{start} {self.time_text(row[self.start_time])}".strip()
        released = "" if self.released is None else self.time_text(row[self.released])
        if self.released_time is not None and released:
            released = f"{released} {self.time_text(row[self.released_time])}".strip()
        return start, released, "" if self.tz is None else row[self.tz]

    def time_text(self, cell: str) -> str:
        """A time cell's text as read: stripped, and blank if it is a word for no value
        the user named."""
        text = cell.strip()
        return "" if self.nulls and text.upper() in self.nulls else text

    def label(self, index: int | None, time_index: int | None = None) -> str:
        if index is None:
            return "column ?"
        name = self.header[index]
        if time_index is not None:
            return f"columns {name}+{self.header[time_index]}"
        return f"column {name}"

    def zone_like(self) -> tuple[str, ...]:
        """Without a zone column: the header's names that look like one all the same
        (facility_tz, TimeZoneName, iana_zone), which a run must say it did not read: a
        roster of several zones read in one would be wrong without a word."""
        if self.tz is not None:
            return ()
        used = {index for _, index in self.used()}
        return tuple(
            name for n, name in enumerate(self.header) if n not in used and _names_a_zone(name)
        )

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
    still_held: bool = False  # no departure column: everyone is still in custody
    nulls: tuple[str, ...] = ()  # words that stand for no value in a time cell (NULL)


def find_columns(
    header: Sequence[str], names: ColumnNames | None = None, *, departure_optional: bool = False
) -> Columns:
    """Find the hold's columns by name (case and spacing ignored).

    A missing departure column is refused unless the caller says everyone is still
    held (judging released people as still held would call every hold expired), or the
    departure can come from elsewhere (a per-charge roster's hold rows).
    """
    names = names or ColumnNames()
    start = _one_column(header, Role.START, names.start)
    if start is None:
        aliases = ALIASES[Role.START]
        raise ColumnError(
            f"no hold-start column (looked for {', '.join(aliases[:4])}, ...); "
            f"the columns are: {_listed(header)}; name it with ",
            Setting.START_COLUMN,
            *_title_hint(header),
            role=Role.START,
            header=tuple(header),
        )
    released = _departure(header, names, departure_optional)
    start_time = find_column(header, Role.START_TIME, names.start_time)
    released_time = find_column(header, Role.RELEASED_TIME, names.released_time)
    paired: list[tuple[Role, str, str]] = []
    if start_time is None and names.start_time is None:
        start_time = _time_beside(header, start)
        if start_time is not None:
            paired.append((Role.START_TIME, header[start], header[start_time]))
    if released_time is None and names.released_time is None and released is not None:
        released_time = _time_beside(header, released)
        if released_time is not None:
            paired.append((Role.RELEASED_TIME, header[released], header[released_time]))
    columns = Columns(
        header=tuple(header),
        start=start,
        released=released,
        tz=_one_column(header, Role.TZ, names.tz),
        start_time=start_time,
        released_time=released_time,
        jurisdiction=_one_column(header, Role.JURISDICTION, None),
        paired=tuple(paired),
        nulls=frozenset(word.strip().upper() for word in names.nulls),
    )
    for role, index in columns.used():
        _only_one(header, role, index)
    return columns


_NOUNS = {
    Role.START: "hold's start",
    Role.RELEASED: "departure",
    Role.TZ: "time zone",
    Role.START_TIME: "start's time of day",
    Role.RELEASED_TIME: "departure's time of day",
}


def _only_one(header: Sequence[str], role: Role, index: int) -> None:
    """Refuse a column whose name the header has twice: which of the two holds the
    value cannot be told, and reading the first would judge on a guess."""
    wanted = normalize_name(header[index])
    same = [n for n, name in enumerate(header) if normalize_name(name) == wanted]
    if len(same) > 1:
        places = " and ".join(str(n + 1) for n in same)
        raise ColumnError(
            f"the header names {len(same)} columns {header[index]!r} (columns {places}), and "
            f"the {_NOUNS.get(role, role.value)} is read from that name; rename all but one "
            "of them in the file",
            role=role,
            header=tuple(header),
        )


def _time_beside(header: Sequence[str], date: int) -> int | None:
    """The time half of a date split over two columns: the column named as the date's
    with "time" for "date" ("Release Date" and "Release Time"), or with "time" after it
    ("Released" and "Released Time"), if the header has one. Left unread, its times
    would be lost and each value taken as a whole day."""
    name = normalize_name(header[date])
    words = name.split("_")
    if "date" in words:
        wanted = "_".join("time" if word == "date" else word for word in words)
    elif "time" in words or "datetime" in words or words[-1] == "at":
        return None  # the column holds the time already (released_at, release_datetime)
    else:
        wanted = f"{name}_time"
    found = position(header, wanted)
    return found if found != date else None


def _one_column(header: Sequence[str], role: Role, given: str | None) -> int | None:
    """As find_column, refusing a header where two aliases of the role are present: which
    one holds the value is the user's call, never the alias list's order."""
    if given is not None:
        return find_column(header, role, given)
    normal = [normalize_name(name) for name in header]
    found = [normal.index(alias) for alias in ALIASES[role] if alias in normal]
    if len(found) > 1:
        names = " and ".join(repr(header[i]) for i in sorted(found))
        raise ColumnError(
            f"the columns {names} could each be the {role.value.replace('_', ' ')} column; "
            "say which with ",
            NAMED_BY[role],
            role=role,
            header=tuple(header),
        )
    return found[0] if found else None


def _departure(header: Sequence[str], names: ColumnNames, optional: bool) -> int | None:
    released = _one_column(header, Role.RELEASED, names.released)
    if names.still_held:
        if released is not None:
            raise ColumnError(
                f"the roster has a departure column ({header[released]!r}) but ",
                Setting.STILL_HELD,
                " says no one has left; drop one or the other",
                role=Role.RELEASED,
                header=tuple(header),
            )
        return None
    if released is None and optional:
        return None
    if released is None:
        raise ColumnError(
            f"no departure column (looked for {', '.join(ALIASES[Role.RELEASED][:5])}, ...); "
            f"the columns are: {_listed(header)}; name it with ",
            Setting.RELEASED_COLUMN,
            ", or pass ",
            Setting.STILL_HELD,
            " if everyone in the roster is still held",
            role=Role.RELEASED,
            header=tuple(header),
        )
    return released
