"""State and local limits on holds, and which of the limits on a hold binds.

Up to three limits apply to a hold: the regulation (8 C.F.R. § 287.7(d)), the
detainer form's own request, and state or local law. The earliest that applies is
the one that binds. The table of laws ships as data (data/policies.toml); it is
information, not legal advice, and entries not checked against the law's text say so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import itertools
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from holdcalc.core.clock import HOUR, from_micros, to_micros
from holdcalc.core.errors import InputError
from holdcalc.core.hold import Assessment, Expiry, Status, assess, hold_expiry
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.rules import RULES, Rule

I247A_FROM = dt.date(2017, 4, 2)  # Form I-247A in use from this day
FORMS = ("I-247", "I-247A")
NOT_ADVICE = "Information, not legal advice"


class PolicyError(InputError):
    """A policy table entry or policy file that cannot be used."""


class LimitKind(enum.Enum):
    NO_HOLD = "no-hold"
    JUDICIAL_WARRANT_ONLY = "judicial-warrant-only"
    CONDITIONAL = "conditional"
    HOURS_CAP = "hours-cap"
    MUST_COMPLY = "must-comply"


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
    source: str
    verified: bool
    note: str = ""
    conditions: str = ""
    hours: float | None = None
    counting: str = "cfr"

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    @property
    def caveat(self) -> str:
        return "" if self.verified else "not verified against the law's text"


@dataclasses.dataclass(frozen=True)
class PolicyTable:
    as_of: dt.date
    policies: tuple[Policy, ...]

    def in_force(self, day: dt.date, jurisdiction: str | None = None) -> list[Policy]:
        code = jurisdiction.upper() if jurisdiction else None
        return [
            p for p in self.policies if p.in_force(day) and (code is None or p.jurisdiction == code)
        ]

    def for_start(self, jurisdiction: str, day: dt.date) -> Policy | None:
        found = self.in_force(day, jurisdiction)
        return found[0] if found else None

    @property
    def jurisdictions(self) -> list[str]:
        return sorted({p.jurisdiction for p in self.policies})


def load_policies(extra: str | None = None) -> PolicyTable:
    """The shipped table, with a policy file's entries added (or replacing same-named ones)."""
    text = (resources.files("holdcalc") / "data" / "policies.toml").read_text(encoding="utf-8")
    table = _parse(text, "the shipped policy table")
    if extra is None:
        return table
    try:
        with open(extra, "rb") as handle:
            extra_text = handle.read().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read policy file {extra!r}: {exc}") from None
    added = _parse(extra_text, extra)
    keys = {(p.jurisdiction, p.name) for p in added.policies}
    kept = [p for p in table.policies if (p.jurisdiction, p.name) not in keys]
    merged = PolicyTable(max(table.as_of, added.as_of), (*kept, *added.policies))
    _check_overlaps(merged.policies, extra)
    return merged


def _parse(text: str, source: str) -> PolicyTable:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML ({exc})") from None
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
    "source",
    "verified",
)


def _entry(entry: Mapping[str, Any], where: str) -> Policy:
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise PolicyError(f"{where}: missing {', '.join(missing)}")
    known = {f.name for f in dataclasses.fields(Policy)}
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
    hours = entry.get("hours")
    counting = entry.get("counting", "cfr")
    if kind is LimitKind.HOURS_CAP and (not isinstance(hours, int | float) or hours <= 0):
        raise PolicyError(f"{where}: an hours-cap needs hours, a positive number")
    if counting not in ("cfr", "elapsed"):
        raise PolicyError(f"{where}: counting {counting!r} must be 'cfr' or 'elapsed'")
    if not isinstance(entry["verified"], bool):
        raise PolicyError(f"{where}: verified must be true or false")
    return Policy(
        jurisdiction=str(entry["jurisdiction"]).upper(),
        name=str(entry["name"]),
        level=str(entry["level"]),
        effective_from=start,
        effective_to=end,
        kind=kind,
        citation=str(entry["citation"]),
        source=str(entry["source"]),
        verified=entry["verified"],
        note=str(entry.get("note", "")),
        conditions=str(entry.get("conditions", "")),
        hours=float(hours) if hours is not None else None,
        counting=counting,
    )


def _check_overlaps(policies: Iterable[Policy], source: str) -> None:
    by_place: dict[str, list[Policy]] = {}
    for policy in policies:
        by_place.setdefault(policy.jurisdiction, []).append(policy)
    for place, entries in by_place.items():
        entries.sort(key=lambda p: p.effective_from)
        for before, after in itertools.pairwise(entries):
            if before.effective_to is None or before.effective_to >= after.effective_from:
                raise PolicyError(
                    f"{source}: {place}: {before.name!r} and {after.name!r} overlap (the first "
                    f"must end before {after.effective_from}); set effective_to"
                )


# --- the binding limit -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Limit:
    """One limit on a hold: where it comes from and when it ends (None: no limit from it)."""

    source: str  # "regulation", "form" or "local-law"
    title: str
    citation: str
    expires_at: dt.datetime | None
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class Analysis:
    """Every limit that applies to a hold, and the one that binds."""

    limits: tuple[Limit, ...]
    binding: Limit
    form: str
    form_inferred: bool
    policy: Policy | None
    depends_on: str | None  # a fact the tool cannot know, when the answer turns on it
    if_fact_holds: Limit | None  # the binding limit if that fact is true
    table_as_of: dt.date

    @property
    def deadline(self) -> dt.datetime:
        assert self.binding.expires_at is not None
        return self.binding.expires_at


def infer_form(start: dt.date) -> str:
    return "I-247A" if start >= I247A_FROM else "I-247"


def analyse(
    expiry: Expiry,
    *,
    table: PolicyTable,
    jurisdiction: str | None = None,
    form: str = "auto",
    warrant: bool | None = None,
    meets_conditions: bool | None = None,
) -> Analysis:
    """The limits on this hold and the binding one. `expiry` is the regulation's."""
    start = expiry.start
    day = start.date()
    limits = [
        Limit(
            "regulation",
            expiry.rule.title,
            expiry.rule.citation,
            expiry.expires_at,
            expiry.rule.describe(),
        )
    ]
    inferred = form == "auto"
    form_name = infer_form(day) if inferred else form
    if form_name not in FORMS:
        raise InputError(f"unknown form {form!r}; use I-247, I-247A or auto")
    form_rule = RULES["i247a" if form_name == "I-247A" else "i247"]
    form_calendar = Calendar("federal")  # the I-247 excluded "Federal holidays"
    form_expiry = hold_expiry(
        start, rule=form_rule, calendar=form_calendar, explain=False
    ).expires_at
    limits.append(
        Limit(
            "form",
            f"Form {form_name}" + (" (inferred from the start date)" if inferred else ""),
            form_rule.citation,
            form_expiry,
            form_rule.describe(),
        )
    )
    policy = table.for_start(jurisdiction, day) if jurisdiction else None
    depends_on: str | None = None
    if_holds: Limit | None = None
    if policy is not None:
        local, depends_on, if_holds = _local_limit(policy, expiry, warrant, meets_conditions)
        limits.append(local)
    candidates = [lim for lim in limits if lim.expires_at is not None]
    binding = min(candidates, key=lambda lim: to_micros(lim.expires_at))  # type: ignore[arg-type]
    if if_holds is not None:
        others = [lim for lim in limits if lim.source != "local-law" and lim.expires_at]
        if if_holds.expires_at is not None:
            others.append(if_holds)
        if_holds = min(others, key=lambda lim: to_micros(lim.expires_at))  # type: ignore[arg-type]
    return Analysis(
        tuple(limits), binding, form_name, inferred, policy, depends_on, if_holds, table.as_of
    )


def _local_limit(
    policy: Policy, expiry: Expiry, warrant: bool | None, meets: bool | None
) -> tuple[Limit, str | None, Limit | None]:
    start = expiry.start
    title = f"{policy.name} ({policy.jurisdiction})"
    caveat = f"; {policy.caveat}" if policy.caveat else ""
    no_hold = Limit("local-law", title, policy.citation, start, f"no hold allowed{caveat}")
    if policy.kind is LimitKind.NO_HOLD:
        return no_hold, None, None
    if policy.kind is LimitKind.MUST_COMPLY:
        return (
            Limit(
                "local-law",
                title,
                policy.citation,
                None,
                f"jails must honour detainers; no shorter limit{caveat}",
            ),
            None,
            None,
        )
    if policy.kind is LimitKind.HOURS_CAP:
        return _capped(policy, expiry, title, caveat), None, None
    # Judicial-warrant-only and conditional: the answer turns on a fact.
    if policy.kind is LimitKind.JUDICIAL_WARRANT_ONLY:
        fact = "a judicial warrant was issued"
        if policy.conditions:
            fact += f" and {policy.conditions}"
        known = warrant
        allowed = Limit(
            "local-law",
            title,
            policy.citation,
            None,
            f"hold allowed with a judicial warrant{caveat}",
        )
    else:
        fact = policy.conditions or "the law's conditions are met"
        known = meets
        allowed = (
            _capped(policy, expiry, title, caveat)
            if policy.hours
            else Limit(
                "local-law", title, policy.citation, None, f"hold allowed when {fact}{caveat}"
            )
        )
    if known is True:
        return allowed, None, None
    if known is False:
        return no_hold, None, None
    return dataclasses.replace(no_hold, detail=f"no hold unless {fact}{caveat}"), fact, allowed


def _capped(policy: Policy, expiry: Expiry, title: str, caveat: str) -> Limit:
    hours = policy.hours or 48
    if policy.counting == "elapsed":
        ends = from_micros(to_micros(expiry.start) + round(hours * HOUR), expiry.start.tzinfo)  # type: ignore[arg-type]
        rule_text = f"{hours:g} hours, every hour counted"
    else:
        rule: Rule = RULES["cfr"].adjusted(hours=hours)
        ends = hold_expiry(
            expiry.start, rule=rule, calendar=expiry.calendar, explain=False
        ).expires_at
        rule_text = rule.describe()
    return Limit("local-law", title, policy.citation, ends, f"{rule_text}{caveat}")


@dataclasses.dataclass(frozen=True)
class PolicySettings:
    """What the binding-limit analysis needs besides the case itself."""

    table: PolicyTable
    jurisdiction: str | None
    form: str = "auto"
    warrant: bool | None = None
    meets_conditions: bool | None = None

    def analyse(self, expiry: Expiry, jurisdiction: str | None = None) -> Analysis:
        return analyse(
            expiry,
            table=self.table,
            jurisdiction=jurisdiction or self.jurisdiction,
            form=self.form,
            warrant=self.warrant,
            meets_conditions=self.meets_conditions,
        )


@dataclasses.dataclass(frozen=True)
class Judgement:
    """A case judged against the binding limit, and against the other reading when the
    answer turns on a fact the tool cannot know."""

    main: Assessment
    if_fact_holds: Assessment | None
    status: Status  # possibly-over-detained when the two readings disagree

    @property
    def undecided(self) -> bool:
        """The verdict turns on the unknown fact: the two readings disagree."""
        return self.status is not self.main.status

    @property
    def certain_over(self) -> dt.timedelta:
        if self.if_fact_holds is None:
            return self.main.over_by
        return min(self.main.over_by, self.if_fact_holds.over_by)


def judge(
    expiry: Expiry,
    analysis: Analysis,
    *,
    released: dt.datetime | None = None,
    as_of: dt.datetime | None = None,
) -> Judgement:
    main = assess(expiry, released=released, as_of=as_of, deadline=analysis.deadline)
    other = None
    status = main.status
    fact = analysis.if_fact_holds
    if analysis.depends_on and fact is not None and fact.expires_at is not None:
        other = assess(expiry, released=released, as_of=as_of, deadline=fact.expires_at)
        if other.status is not main.status:
            status = Status.POSSIBLY_OVER_DETAINED
    return Judgement(main, other, status)


def notice(table: PolicyTable) -> str:
    return f"{NOT_ADVICE}; policy table as of {table.as_of.isoformat()}"
