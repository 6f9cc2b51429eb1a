"""The table of state and local laws on holds: loading and checking it.

The table ships as data (data/policies.toml), each entry with its dates, its kind of
limit and its source; a policy file may add entries or replace same-named ones. It
is information, not legal advice, and entries not checked against the law's text
say so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from holdcalc.core.errors import PolicyError
from holdcalc.core.small_files import read_small_file

NOT_ADVICE = "Information, not legal advice"


def notice(as_of: dt.date) -> str:
    """The one line shown wherever the table is used."""
    return f"{NOT_ADVICE}; policy table as of {as_of.isoformat()}"


AGENCIES = ("jail", "prison", "police")  # who holds: a county jail, a state prison, police
DEFAULT_AGENCY = "jail"


class Evidence(enum.Enum):
    """How sure an entry is: read in the law's own text or an official record, read in
    secondary reporting (news, advocates', law firms' summaries), or neither."""

    TEXT = "text"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"


class LimitKind(enum.Enum):
    NO_HOLD = "no-hold"  # a kind of law, not a status
    JUDICIAL_WARRANT_ONLY = "judicial-warrant-only"
    CONDITIONAL = "conditional"
    HOURS_CAP = "hours-cap"
    MUST_COMPLY = "must-comply"
    END_OF_DAY = "end-of-day"  # when `conditions` are met, until 11:59 p.m. that day


@dataclasses.dataclass(frozen=True)
class Policy:
    """One law or policy on holds, with the dates it was in force and its source."""

    jurisdiction: str
    name: str
    level: str
    effective_from: dt.date
    effective_to: dt.date | None
    kind: LimitKind
    citation: str
    sources: tuple[str, ...]  # public documents it was read in, named with their kind
    evidence: Evidence
    note: str = ""
    conditions: str = ""
    hours: float | None = None
    counting: str = "cfr"
    agencies: tuple[str, ...] = AGENCIES  # whom it binds: county jails, state prisons, police
    hours_from: str = ""  # where `hours` come from when the law sets none of its own

    @property
    def verified(self) -> bool:
        """Read in the law's own text (not only in a summary of it)."""
        return self.evidence is Evidence.TEXT

    @property
    def source(self) -> str:
        return "; ".join(self.sources)

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


@dataclasses.dataclass(frozen=True)
class PolicyTable:
    as_of: dt.date
    policies: tuple[Policy, ...]

    def in_force(self, day: dt.date, jurisdiction: str | None = None) -> list[Policy]:
        code = jurisdiction.upper() if jurisdiction else None
        return [
            p for p in self.policies if p.in_force(day) and (code is None or p.jurisdiction == code)
        ]

    def listing(self, day: dt.date | None, jurisdiction: str | None) -> list[Policy]:
        """Entries in force on `day` (every entry when None), for one place or all."""
        code = jurisdiction.upper() if jurisdiction else None
        return [
            p
            for p in self.policies
            if (day is None or p.in_force(day)) and (code is None or p.jurisdiction == code)
        ]

    @property
    def notice(self) -> str:
        return notice(self.as_of)

    def for_start(
        self, jurisdiction: str, day: dt.date, agency: str = DEFAULT_AGENCY
    ) -> Policy | None:
        """The entry that binds `agency` in `jurisdiction` on `day`, if any (the first in
        the table's order, among the place's own entries)."""
        for policy in self._by_place.get(jurisdiction.upper(), ()):
            if agency in policy.agencies and policy.in_force(day):
                return policy
        return None

    def chain(
        self, jurisdiction: str, day: dt.date, agency: str = DEFAULT_AGENCY
    ) -> tuple[Policy, ...]:
        """Every entry that binds `agency` on `day` along the place's chain, the widest
        first: the state's, then the county's or city's (US-IL-COOK lies in IL). A local
        entry never hides its state's: each applies, and the earliest limit binds."""
        found = []
        for place in places_of(jurisdiction):
            policy = self.for_start(place, day, agency)
            if policy is not None:
                found.append(policy)
        return tuple(found)

    @functools.cached_property
    def _by_place(self) -> dict[str, tuple[Policy, ...]]:
        """Each place's entries in the table's order (a batch asks for every row)."""
        places: dict[str, list[Policy]] = {}
        for policy in self.policies:
            places.setdefault(policy.jurisdiction, []).append(policy)
        return {code: tuple(found) for code, found in places.items()}

    @property
    def jurisdictions(self) -> list[str]:
        return sorted({p.jurisdiction for p in self.policies})


def unknown_place(jurisdiction: str, known: Sequence[str]) -> str:
    """Words to add where a place is not in the table: for a county or city of a state
    that is, how to judge the state's law alone (the table cannot tell whether the
    place has a law of its own, which may be stricter)."""
    state = places_of(jurisdiction)[0]
    if state != jurisdiction.upper() and state in known:
        return (
            f"; the table has no entry of {jurisdiction.upper()}'s own, and cannot tell "
            f"whether it has a law on holds: give {state} to judge {state}'s law alone"
        )
    return ""


def places_of(jurisdiction: str) -> tuple[str, ...]:
    """A place and the places that contain it, the widest first: "US-IL-COOK" (a county
    or city, coded US-<state>-<name>) lies in "IL"; a state's code stands alone (the
    federal rule above every state is the regulation itself, not a table entry)."""
    code = jurisdiction.upper()
    parts = code.split("-")
    if len(parts) >= 3 and parts[0] == "US":
        return (parts[1], code)
    return (code,)


def load_policies(extra: str | None = None) -> PolicyTable:
    """The shipped table, with a policy file's entries added (or replacing same-named ones)."""
    from importlib import resources  # noqa: PLC0415  (only when the table is used)

    text = (resources.files("holdcalc") / "data" / "policies.toml").read_text(encoding="utf-8")
    table = _parse(text, "the shipped policy table")
    if extra is None:
        return table
    try:
        extra_text = read_small_file(extra, "policy file").decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read policy file {extra!r}: {exc}") from None
    added = _parse(extra_text, extra)
    keys = {(p.jurisdiction, p.name) for p in added.policies}
    kept = [p for p in table.policies if (p.jurisdiction, p.name) not in keys]
    merged = PolicyTable(max(table.as_of, added.as_of), (*kept, *added.policies))
    _check_overlaps(merged.policies, extra)
    return merged


def _parse(text: str, source: str) -> PolicyTable:
    import tomllib  # noqa: PLC0415  (only when the table is used)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML ({exc})") from None
    except RecursionError:  # arrays or tables within each other a thousand times over
        raise PolicyError(f"{source}: not valid TOML (nested too deeply to be read)") from None
    as_of = data.get("as_of", dt.date.min)
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise PolicyError(f"{source}: as_of must be a date such as 2026-11-28")
    entries = data.get("policy", [])
    if not isinstance(entries, list):
        raise PolicyError(f"{source}: policies go in [[policy]] tables")
    policies = tuple(
        _entry(entry, f"{source}, policy {n}") for n, entry in enumerate(entries, start=1)
    )
    _check_overlaps(policies, source)
    return PolicyTable(as_of, policies)


_REQUIRED = (
    "jurisdiction",
    "name",
    "level",
    "effective_from",
    "kind",
    "citation",
)


def _entry(entry: Mapping[str, Any], where: str) -> Policy:
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise PolicyError(f"{where}: missing {', '.join(missing)}")
    known = {f.name for f in dataclasses.fields(Policy)} | {"source", "verified"}  # older files
    unknown = sorted(set(entry) - known)
    if unknown:
        raise PolicyError(
            f"{where}: unknown field {unknown[0]!r}; fields are {', '.join(sorted(known))}"
        )
    try:
        kind = LimitKind(entry["kind"])
    except ValueError:
        raise PolicyError(
            f"{where}: unknown kind {entry['kind']!r}; use one of: "
            + ", ".join(k.value for k in LimitKind)
        ) from None
    start, end = entry["effective_from"], entry.get("effective_to")
    for label, value in (("effective_from", start), ("effective_to", end)):
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise PolicyError(f"{where}: {label} {value!r} is not a date; write it as 2019-05-28")
    if end is not None and end < start:
        raise PolicyError(f"{where}: effective_to {end} is before effective_from {start}")
    hours = _hours(entry.get("hours"), kind, where)
    counting = entry.get("counting", "cfr")
    if counting not in ("cfr", "elapsed"):
        raise PolicyError(f"{where}: counting {counting!r} must be 'cfr' or 'elapsed'")
    return Policy(
        jurisdiction=str(entry["jurisdiction"]).upper(),
        name=str(entry["name"]),
        level=str(entry["level"]),
        effective_from=start,
        effective_to=end,
        kind=kind,
        citation=str(entry["citation"]),
        sources=_sources(entry, where),
        evidence=_evidence(entry, where),
        note=str(entry.get("note", "")),
        conditions=str(entry.get("conditions", "")),
        hours=hours,
        counting=counting,
        agencies=_agencies(entry.get("agencies", list(AGENCIES)), where),
        hours_from=str(entry.get("hours_from", "")),
    )


def _sources(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    """`sources`, a list of public documents (or an older file's one `source` line)."""
    value = entry.get("sources", [entry["source"]] if "source" in entry else None)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise PolicyError(f"{where}: sources must list the documents the entry was read in")
    return tuple(value)


def _evidence(entry: Mapping[str, Any], where: str) -> Evidence:
    """`evidence` (text, secondary or unverified), or an older file's `verified` flag."""
    if "evidence" not in entry and isinstance(entry.get("verified"), bool):
        return Evidence.TEXT if entry["verified"] else Evidence.UNVERIFIED
    try:
        return Evidence(entry.get("evidence"))
    except ValueError:
        raise PolicyError(
            f"{where}: evidence must be one of: {', '.join(e.value for e in Evidence)}"
        ) from None


def _agencies(value: object, where: str) -> tuple[str, ...]:
    """An entry's `agencies`: a list drawn from jail, prison and police."""
    if not isinstance(value, list) or not value or any(a not in AGENCIES for a in value):
        raise PolicyError(
            f"{where}: agencies = {value!r} must list some of {', '.join(AGENCIES)}",
            value=value,
        )
    return tuple(value)


MAX_HOURS = 24 * 365  # a hold limit longer than a year is a typing error, not a law


def _hours(value: object, kind: LimitKind, where: str) -> float | None:
    """An entry's hours: a finite number of hours above 0 and at most a year (TOML reads
    true, inf and nan as values, so each is refused here by name)."""
    if value is None:
        if kind is LimitKind.HOURS_CAP:
            raise PolicyError(f"{where}: an hours-cap needs hours, a positive number")
        return None
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if number is None or not math.isfinite(number) or not 0 < number <= MAX_HOURS:
        raise PolicyError(
            f"{where}: hours = {_shown(value)} is not a number of hours above 0 and at most "
            f"{MAX_HOURS}; write e.g. hours = 48",
            value=value,
        )
    return float(number)


def _shown(value: object) -> str:
    """A value as TOML writes it (true, not Python's True)."""
    return str(value).lower() if isinstance(value, bool) else repr(value)


def _check_overlaps(policies: Iterable[Policy], source: str) -> None:
    by_place: dict[str, list[Policy]] = {}
    for policy in policies:
        by_place.setdefault(policy.jurisdiction, []).append(policy)
    for place, entries in by_place.items():
        entries.sort(key=lambda p: p.effective_from)
        for before, after in itertools.combinations(entries, 2):
            if not set(before.agencies) & set(after.agencies):
                continue  # a city's jail law beside its police law: each binds its own
            if before.effective_to is None or before.effective_to >= after.effective_from:
                raise PolicyError(
                    f"{source}: {place}: {before.name!r} and {after.name!r} overlap (the first "
                    f"must end before {after.effective_from}); set effective_to"
                )
