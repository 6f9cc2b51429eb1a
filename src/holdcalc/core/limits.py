"""Which of the limits on a hold binds, and the case judged against it.

Up to three limits apply to a hold: the regulation (8 C.F.R. § 287.7(d)), the
detainer form's own request, and state or local law (see holdcalc.core.law_table).
The earliest that applies is the one that binds. Where the law turns on a fact the
tool cannot know (a judicial warrant, a listed conviction), both readings are kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum

from holdcalc.core.clock import HOUR, from_micros, get_zone, to_micros
from holdcalc.core.errors import InputError
from holdcalc.core.hold import Expiry, hold_expiry
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.law_table import DEFAULT_AGENCY, LimitKind, Policy, PolicyTable
from holdcalc.core.parsing import localize
from holdcalc.core.phrases import phrase
from holdcalc.core.rules import RULES, Counting
from holdcalc.core.verdict import Assessment, Status, Verdict, assess, under_unknown_fact

I247A_FROM = dt.date(2017, 4, 2)  # Form I-247A in use from this day
FORMS = ("I-247", "I-247A")


class LimitSource(enum.Enum):
    REGULATION = "regulation"
    FORM = "form"
    LOCAL_LAW = "local-law"


class LimitTerms(enum.Enum):
    """What a limit says, each worded from the phrase catalog."""

    COUNTED = "counted"  # a length of time, counted as `Limit.counting` says
    NO_HOLD = "no_hold"
    NO_HOLD_UNLESS = "no_hold_unless"  # turns on `Limit.fact`
    WITH_WARRANT = "with_warrant"
    ALLOWED_WHEN = "allowed_when"
    MUST_COMPLY = "must_comply"
    END_OF_DAY = "end_of_day"  # until 11:59 p.m. local time on the day the hold began


@dataclasses.dataclass(frozen=True)
class Limit:
    """One limit on a hold: where it comes from and when it ends (None: no limit from it)."""

    source: LimitSource
    name: str  # the rule's title, the form ("I-247A"), or the law's name
    citation: str
    expires_at: dt.datetime | None
    terms: LimitTerms
    counting: Counting | None = None
    fact: str = ""  # the condition a law's hold depends on, as the table words it
    inferred: bool = False  # a form inferred from the start date
    place: str = ""  # the jurisdiction's code, for local law
    verified: bool = True

    @property
    def title(self) -> str:
        return self.title_in("en")

    @property
    def detail(self) -> str:
        return self.detail_in("en")

    def title_in(self, lang: str) -> str:
        if self.source is LimitSource.FORM:
            return f"Form {self.name}" + (phrase("inferred", lang) if self.inferred else "")
        if self.source is LimitSource.LOCAL_LAW:
            return f"{self.name} ({self.place})"
        return self.name

    def detail_in(self, lang: str) -> str:
        if self.terms is LimitTerms.COUNTED:
            assert self.counting is not None
            text = self.counting.describe(lang)
        else:
            text = phrase(self.terms.value, lang, fact=self.fact)
        return text if self.verified else f"{text}; {phrase('unverified', lang)}"


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
    agency: str = DEFAULT_AGENCY  # whom the entries were chosen for

    @property
    def deadline(self) -> dt.datetime:
        assert self.binding.expires_at is not None
        return self.binding.expires_at

    @property
    def deadline_if_fact_holds(self) -> dt.datetime | None:
        """The binding limit's end should the unknown fact be true (None: no such fact)."""
        if not self.depends_on or self.if_fact_holds is None:
            return None
        return self.if_fact_holds.expires_at or self.deadline


def infer_form(start: dt.date) -> str:
    return "I-247A" if start >= I247A_FROM else "I-247"


def _earliest(limits: list[Limit]) -> Limit:
    timed = [limit for limit in limits if limit.expires_at is not None]
    return min(timed, key=lambda limit: to_micros(limit.expires_at))  # type: ignore[arg-type]


def analyse(
    expiry: Expiry,
    *,
    table: PolicyTable,
    jurisdiction: str | None = None,
    form: str = "auto",
    warrant: bool | None = None,
    meets_conditions: bool | None = None,
    agency: str = DEFAULT_AGENCY,
) -> Analysis:
    """The limits on this hold and the binding one. `expiry` is the regulation's;
    `agency` is who holds the person (a county jail unless said otherwise)."""
    day = expiry.start.date()
    rule = expiry.rule
    limits = [
        Limit(
            LimitSource.REGULATION,
            rule.title,
            rule.citation,
            expiry.expires_at,
            LimitTerms.COUNTED,
            rule.counting,
        )
    ]
    limits.append(_form_limit(expiry, form))
    policy = table.for_start(jurisdiction, day, agency) if jurisdiction else None
    depends_on: str | None = None
    if_holds: Limit | None = None
    if policy is not None:
        local, depends_on, if_holds = _local_limit(policy, expiry, warrant, meets_conditions)
        limits.append(local)
    if if_holds is not None:
        others = [lim for lim in limits if lim.source is not LimitSource.LOCAL_LAW]
        if_holds = _earliest([*others, if_holds])
    form_limit = limits[1]
    return Analysis(
        tuple(limits),
        _earliest(limits),
        form_limit.name,
        form_limit.inferred,
        policy,
        depends_on,
        if_holds,
        table.as_of,
        agency,
    )


def _form_limit(expiry: Expiry, form: str) -> Limit:
    inferred = form == "auto"
    name = infer_form(expiry.start.date()) if inferred else form
    if name not in FORMS:
        raise InputError(f"unknown form {form!r}; use I-247, I-247A or auto")
    rule = RULES["i247a" if name == "I-247A" else "i247"]
    calendar = Calendar("federal")  # the I-247 excluded "Federal holidays"
    ends = hold_expiry(expiry.start, rule=rule, calendar=calendar, explain=False).expires_at
    return Limit(
        LimitSource.FORM,
        name,
        rule.citation,
        ends,
        LimitTerms.COUNTED,
        rule.counting,
        inferred=inferred,
    )


def _local_limit(
    policy: Policy, expiry: Expiry, warrant: bool | None, meets: bool | None
) -> tuple[Limit, str | None, Limit | None]:
    """The law's limit, and when it turns on an unknown fact, that fact and the other limit."""
    law = Limit(
        LimitSource.LOCAL_LAW,
        policy.name,
        policy.citation,
        expiry.start,
        LimitTerms.NO_HOLD,
        place=policy.jurisdiction,
        verified=policy.verified,
    )
    no_hold = law
    if policy.kind is LimitKind.NO_HOLD:
        return no_hold, None, None
    if policy.kind is LimitKind.MUST_COMPLY:
        return dataclasses.replace(law, expires_at=None, terms=LimitTerms.MUST_COMPLY), None, None
    if policy.kind is LimitKind.HOURS_CAP:
        return _capped(policy, expiry, law), None, None
    if policy.kind is LimitKind.JUDICIAL_WARRANT_ONLY:
        fact = "a judicial warrant was issued"
        if policy.conditions:
            fact += f" and {policy.conditions}"
        known = warrant
        allowed = dataclasses.replace(law, expires_at=None, terms=LimitTerms.WITH_WARRANT)
    else:
        fact = policy.conditions or "the law's conditions are met"
        known = meets
        if policy.kind is LimitKind.END_OF_DAY:
            allowed = _end_of_day(expiry, law)
        elif policy.hours:
            allowed = _capped(policy, expiry, law)
        else:
            allowed = dataclasses.replace(
                law, expires_at=None, terms=LimitTerms.ALLOWED_WHEN, fact=fact
            )
    if known is True:
        return allowed, None, None
    if known is False:
        return no_hold, None, None
    return dataclasses.replace(no_hold, terms=LimitTerms.NO_HOLD_UNLESS, fact=fact), fact, allowed


END_OF_DAY = dt.time(23, 59)


def _end_of_day(expiry: Expiry, law: Limit) -> Limit:
    """11:59 p.m. local time on the day the hold began (New Jersey's directive 2018-6),
    placed in the jail's zone like any wall-clock time (a clock change that day moves
    the instant, never the wall-clock minute)."""
    zone = get_zone(expiry.zone)
    start = expiry.start.astimezone(zone)
    ends = localize(dt.datetime.combine(start.date(), END_OF_DAY), zone, what="11:59 p.m.")
    return dataclasses.replace(law, expires_at=max(ends, start), terms=LimitTerms.END_OF_DAY)


def _capped(policy: Policy, expiry: Expiry, law: Limit) -> Limit:
    hours = policy.hours or 48
    start = expiry.start
    if policy.counting == "elapsed":
        assert start.tzinfo is not None
        ends = from_micros(to_micros(start) + round(hours * HOUR), start.tzinfo)
        counting = Counting(hours, weekends=False, holidays=False)
    else:
        rule = RULES["cfr"].adjusted(hours=hours)
        ends = hold_expiry(start, rule=rule, calendar=expiry.calendar, explain=False).expires_at
        counting = rule.counting
    return dataclasses.replace(law, expires_at=ends, terms=LimitTerms.COUNTED, counting=counting)


@dataclasses.dataclass(frozen=True)
class LimitSettings:
    """What the binding-limit analysis needs besides the case itself."""

    table: PolicyTable
    jurisdiction: str | None
    form: str = "auto"
    warrant: bool | None = None
    meets_conditions: bool | None = None
    agency: str = DEFAULT_AGENCY

    def analyse(self, expiry: Expiry, jurisdiction: str | None = None) -> Analysis:
        return analyse(
            expiry,
            table=self.table,
            jurisdiction=jurisdiction or self.jurisdiction,
            form=self.form,
            warrant=self.warrant,
            meets_conditions=self.meets_conditions,
            agency=self.agency,
        )


@dataclasses.dataclass(frozen=True)
class Judgement:
    """A case judged against the binding limit, and against the other reading when the
    answer turns on a fact the tool cannot know."""

    main: Assessment
    if_fact_holds: Assessment | None
    verdict: Verdict  # the kernel's verdict over both readings

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def undecided(self) -> bool:
        """The verdict turns on the unknown fact: the two readings disagree."""
        return self.status is not self.main.status

    @property
    def certain_over(self) -> dt.timedelta:
        return dt.timedelta(microseconds=self.verdict.over)


def judge(
    expiry: Expiry,
    analysis: Analysis,
    *,
    released: dt.datetime | None = None,
    as_of: dt.datetime | None = None,
) -> Judgement:
    main = assess(expiry, released=released, as_of=as_of, deadline=analysis.deadline)
    other_deadline = analysis.deadline_if_fact_holds
    if other_deadline is None:
        return Judgement(main, None, main.verdict)
    other = assess(expiry, released=released, as_of=as_of, deadline=other_deadline)
    return Judgement(main, other, under_unknown_fact(main.verdict, other.verdict))
