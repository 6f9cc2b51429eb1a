"""The calendar of holidays that stop a hold's clock.

Holidays come from the `holidays` package, never from a hand-kept list. Importing
that package and building a year's table costs more than everything else a single
`holdcalc expire` does, so each year's table is kept in a small on-disk cache whose
key names the package version and location, the options and the year: a cached
table can only be served to the exact question that produced it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import re
import stat
import zlib

from holdcalc import __version__
from holdcalc.core.area_holidays import AREA_ONLY, split_name
from holdcalc.core.errors import CalendarError, Setting
from holdcalc.core.small_files import read_small_file

HOLIDAY_SETS = ("federal", "federal+closures", "none")
_CACHE_SCHEMA = 6  # bump when the stored names or merge rules change


@dataclasses.dataclass(frozen=True)
class Calendar:
    """Which holidays count: a set from the `holidays` package plus local closures.

    `holidays`: "federal" (5 U.S.C. § 6103(a) and observed days), "federal+closures"
    (also executive-order closures, the package's "government" category) or "none".
    `state`: a US state or territory code whose own holidays are added.
    `extra`: local closure days, each with its reason.
    """

    holidays: str = "federal"
    state: str | None = None
    extra: tuple[tuple[dt.date, str], ...] = ()
    _years: dict[int, dict[dt.date, str]] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _refused: dict[int, CalendarError] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if self.holidays not in HOLIDAY_SETS:
            raise CalendarError(
                f"unknown holiday set {self.holidays!r}; use one of: {', '.join(HOLIDAY_SETS)}"
            )
        if self.state is not None:
            object.__setattr__(self, "state", self.state.upper())

    @property
    def label(self) -> str:
        """Short name as shown in output: "federal", "federal+closures+CA", ..."""
        parts = [self.holidays]
        if self.state:
            parts.append(self.state)
        if self.extra:
            parts.append(f"{len(self.extra)} local")
        return "+".join(parts)

    def with_holidays(self, holidays: str) -> Calendar:
        return Calendar(holidays=holidays, state=self.state, extra=self.extra)

    def year(self, year: int) -> dict[dt.date, str]:
        """Every holiday of `year` in this calendar, by date."""
        table = self._years.get(year)
        if table is None:
            refused = self._refused.get(year)
            if refused is not None:
                raise refused
            try:
                table = dict(_package_year(self.holidays, self.state, year))
            except CalendarError as exc:
                self._refused[year] = exc
                raise
            for day, reason in self.extra:
                if day.year == year:
                    table[day] = f"{table[day]}; {reason}" if day in table else reason
            self._years[year] = table
        return table

    def holiday(self, day: dt.date) -> str | None:
        """The holiday's name if `day` is one, else None."""
        return self.year(day.year).get(day)

    def area_days(self, year: int) -> dict[dt.date, str]:
        """The state's holidays of `year` that are holidays only in part of it (see
        core.area_holidays), described."""
        if self.state not in AREA_ONLY:
            return {}
        return _package_year(_AREA, self.state, year)

    def area_only(self, year: int) -> dict[dt.date, str]:
        """The area days of `year` (`area_days`) that this calendar does not exclude."""
        excluded = self.year(year)
        return {day: text for day, text in self.area_days(year).items() if day not in excluded}


def validate_state(code: str) -> str:
    """The upper-cased code if the `holidays` package knows it as a US subdivision."""
    from holidays.countries.united_states import UnitedStates  # noqa: PLC0415  (heavy)

    upper = code.strip().upper()
    if upper not in UnitedStates.subdivisions:
        known = ", ".join(UnitedStates.subdivisions)
        raise CalendarError(f"unknown state {code!r}; use a two-letter code such as: {known}")
    return upper


def parse_extra_holiday(text: str, *, source: str = "extra holiday") -> tuple[dt.date, str]:
    """Read "YYYY-MM-DD" or "YYYY-MM-DD name" into a date and its reason."""
    match = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})(?:\s*[=\s]\s*(.*?))?\s*", text)
    if not match:
        raise CalendarError(f"{source}: {text!r} is not a date; write it as YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise CalendarError(
            f"{source}: {match.group(1)!r} is not a real date; check the month and day"
        ) from None
    name = match.group(2) or ""
    return day, (f"local closure: {name}" if name else "local closure")


def read_holiday_file(path: str | os.PathLike[str]) -> tuple[tuple[dt.date, str], ...]:
    """Read a holiday file: one date per line, optional name after it, `#` starts a comment."""
    try:
        text = read_small_file(str(path), "holiday file").decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CalendarError(f"cannot read holiday file {str(path)!r}: {exc}") from None
    days: list[tuple[dt.date, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if content:
            days.append(parse_extra_holiday(content, source=f"{path}, line {number}"))
    return tuple(days)


# --- the package and its cache ------------------------------------------------------------


_AREA = "area"  # a cached table of the state's area-only holidays, described


def _package_year(kind: str, state: str | None, year: int) -> dict[dt.date, str]:
    if kind == "none" and state is None:
        return {}
    key = _cache_key(kind, state, year)
    path = _cache_path(key, kind, state, year)
    if path is not None:
        cached = _read_cache(path, key)
        if cached is not None:
            return cached
    table = _build_year(kind, state, year)
    if path is not None:
        _write_cache(path, key, table)
    return table


def _build_year(kind: str, state: str | None, year: int) -> dict[dt.date, str]:
    import holidays  # noqa: PLC0415  (import costs ~40 ms; only on a cache miss)

    # Neighbour years too: New Year's Day 2022 was observed on Friday 2021-12-31.
    years = [year - 1, year, year + 1]

    from holidays.countries.united_states import UnitedStates  # noqa: PLC0415

    first, last = UnitedStates.start_year, UnitedStates.end_year
    if not first <= year <= last:
        # Past its last year the package returns no holidays at all: counting on would
        # treat every weekday as a working day, a silent wrong answer.
        raise CalendarError(
            f"no holiday data for {year}: the holidays package covers the US from {first} "
            f"to {last}; check the year, or count no holidays with ",
            Setting.HOLIDAYS,
            year=year,
            covered=(first, last),
        )

    def query(categories: tuple[str, ...], subdiv: str | None) -> dict[dt.date, str]:
        found = holidays.country_holidays("US", years=years, categories=categories, subdiv=subdiv)
        return {day: name for day, name in found.items() if day.year == year}

    table: dict[dt.date, str] = {}
    if kind == _AREA:
        federal = query(("public",), None)
        for day, name in query(("public",), state).items():
            area = split_name(str(state), name)[1]
            if area and day not in federal:
                table[day] = area
        return table
    if kind in ("federal", "federal+closures"):
        table.update(query(("public",), None))
    if kind == "federal+closures":
        for day, name in query(("government",), None).items():
            # Same day, other wording ("Birthday of Martin Luther King, Jr."): keep the first.
            table.setdefault(day, f"{name} (executive-order closure){_half_day(name)}")
    if state is not None:
        federal = query(("public",), None)
        for day, name in query(("public",), state).items():
            statewide = split_name(state, name)[0]  # a holiday of part of it is not
            if statewide and day not in federal:
                table.setdefault(day, f"{statewide} ({state} holiday)")
    return dict(sorted(table.items()))


def _half_day(name: str) -> str:
    """The choice made for a half-day closing, named where it is excluded."""
    if "half-day" not in name.lower():
        return ""
    return (
        "; excluded as a whole day: whether a half-day closing is a holiday under "
        "8 C.F.R. § 287.7(d) is not settled (the other readings count it until noon "
        "where that changes the expiry)"
    )


def _holidays_fingerprint() -> str:
    """Version, location and file stamps of the installed `holidays` package.

    Found without importing the package (its import is the cost the cache avoids): the
    version from the name of its dist-info folder, the stamps from the files that hold
    the US rules, so a reinstall or an upgrade always misses the cache.
    """
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        raise CalendarError("the 'holidays' package is not installed; run: pip install holidays")
    package_dir = os.path.dirname(spec.origin)
    version = None
    try:
        for entry in os.listdir(os.path.dirname(package_dir)):
            if entry.startswith("holidays-") and entry.endswith(".dist-info"):
                version = entry[len("holidays-") : -len(".dist-info")]
                break
        stamps = [
            os.stat(os.path.join(package_dir, name)).st_mtime_ns
            for name in ("__init__.py", "holiday_base.py", "countries/united_states.py")
        ]
    except OSError:
        version = None
    if version is None:
        import holidays  # noqa: PLC0415  (unusual layout: ask the package itself)

        return f"{getattr(holidays, '__version__', 'unknown')}@{package_dir}"
    return f"{version}@{package_dir}@{stamps}"


_fingerprint: str | None = None


def _cache_key(kind: str, state: str | None, year: int) -> str:
    global _fingerprint  # noqa: PLW0603  (computed once per process)
    if _fingerprint is None:
        _fingerprint = _holidays_fingerprint()
    return json.dumps(
        [_CACHE_SCHEMA, __version__, _fingerprint, kind, state, year], ensure_ascii=True
    )


def cache_dir() -> str | None:
    """Where holiday tables are cached; None when caching is switched off."""
    if os.environ.get("HOLDCALC_NO_CACHE"):
        return None
    explicit = os.environ.get("HOLDCALC_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "holdcalc")


def _cache_path(key: str, kind: str, state: str | None, year: int) -> str | None:
    folder = cache_dir()
    if folder is None:
        return None
    # Readable name plus a checksum of the key; the full key inside the file is what counts.
    name = f"{kind}-{state or 'US'}-{year}-{zlib.crc32(key.encode()):08x}.json"
    return os.path.join(folder, name)


_CACHE_MAX_BYTES = 1 << 20  # a year of holidays is a few hundred bytes


def _read_cache(path: str, key: str) -> dict[dt.date, str] | None:
    try:
        # Never wait on a FIFO or device put where a cache file was: a cache entry is
        # only ever a small regular file, and anything else is rebuilt.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as raw:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > _CACHE_MAX_BYTES:
                return None
            data = json.loads(raw.read(_CACHE_MAX_BYTES).decode("utf-8"))
        if data["key"] != key:
            return None
        return {dt.date.fromisoformat(day): str(name) for day, name in data["days"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: rebuild from the package


def _write_cache(path: str, key: str, table: dict[dt.date, str]) -> None:
    import tempfile  # noqa: PLC0415  (only on a cache miss)

    payload = json.dumps({"key": key, "days": [[d.isoformat(), n] for d, n in table.items()]})
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    except OSError:
        return  # a read-only home only costs speed, never correctness
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
