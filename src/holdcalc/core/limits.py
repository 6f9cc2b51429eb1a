"""Which of the limits on a hold binds, and the case judged against it.

Up to three limits apply to a hold: the regulation (8 C.F.R. § 287.7(d)), the
detainer form's own request, and state or local law (see holdcalc.core.law_table).
The earliest that applies is the one that binds. Where the law turns on a fact the
tool cannot know (a judicial warrant, a listed conviction), both readings are kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from zoneinfo import ZoneInfo

from holdcalc.core.clock import from_micros, get_zone, to_micros
from holdcalc.core.hold import Expiry
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.law_table import DEFAULT_AGENCY, LimitKind, Policy, PolicyTable
from holdcalc.core.recipes import (
    EndOf,
    Ends,
    Limit,
    LimitSource,
    LimitTerms,
    Recipe,
    earliest_of,
)
from holdcalc.core.rules import FORMS, RULES, Counting, Rule, unknown_form
from holdcalc.core.verdict import Assessment, Status, Verdict, assess, under_unknown_fact

I247A_FROM = dt.date(2017, 4, 2)  # Form I-247A in use from this day
# Secretary Johnson's memorandum "Secure Communities" (2014-11-20) ended that program and
# set up the Priority Enforcement Program (ICE's archived PEP page). Under PEP, Forms
# I-247D (detention), I-247N (notice of release only) and I-247X (transfer) took the
# I-247's place; ICE's guidance on the I-247A rescinds all three from 2017-04-02. The day
# each came into use was not found, so from the memorandum to 2017-04-01 the form of a
# detainer is a fact the start date cannot tell.
PEP_FROM = dt.date(2014, 11, 20)
UNKNOWN_FORM = "unknown"
FORM_FACT = (
    "the detainer asked the jail to hold the person (Form I-247 or I-247D), not only to "
    "tell ICE of the release (Form I-247N)"
)


@dataclasses.dataclass(frozen=True)
class Analysis:
    """Every limit that applies to a hold, and the one that binds."""

    limits: tuple[Limit, ...]
    binding: Limit
    form: str
    form_inferred: bool
    policies: tuple[Policy, ...]  # the laws in force along the place's chain, widest first
    depends_on: str | None  # a fact the tool cannot know, when the answer turns on it
    if_fact_holds: Limit | None  # the binding limit if that fact is true
    table_as_of: dt.date
    agency: str = DEFAULT_AGENCY  # whom the entries were chosen for
    jurisdiction: str | None = None  # the place asked about; None: state and local law not judged

    @property
    def law_judged(self) -> bool:
        """Whether state and local law was looked at: a place was asked about (a form
        alone judges the form's limit and the regulation's, not the law)."""
        return self.jurisdiction is not None

    @property
    def policy(self) -> Policy | None:
        """The most local law in force (a county's or city's before its state's)."""
        return self.policies[-1] if self.policies else None

    @property
    def warrant_fact(self) -> bool:
        """The unknown fact is (or includes) a judicial warrant."""
        return any(p.kind is LimitKind.JUDICIAL_WARRANT_ONLY for p in self.policies)

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
    """The form in use on a start date; UNKNOWN_FORM while the I-247D and I-247N were."""
    if start >= I247A_FROM:
        return "I-247A"
    return UNKNOWN_FORM if start >= PEP_FROM else "I-247"


@dataclasses.dataclass(frozen=True)
class Plan:
    """Every limit on holds that begin on one local day, in one place: the regulation,
    the form, and the law in force (when one applies), with the law's other limit when
    it turns on a fact nobody gave."""

    recipes: tuple[Recipe, ...]
    # Should the unknown fact be true: the limits that replace the laws at positions
    # `replaced` of `recipes` (empty: the answer turns on no fact).
    if_holds: tuple[Recipe, ...]
    replaced: tuple[int, ...]
    form: str
    form_inferred: bool
    policies: tuple[Policy, ...]
    depends_on: str | None
    table_as_of: dt.date
    agency: str

    def bound(self, zone: ZoneInfo) -> tuple[EndOf, ...]:
        """Each limit's end as a function of the start, in `zone` (for a batch)."""
        return tuple(recipe.bind(zone) for recipe in self.recipes)

    # Which limit binds: the one with the earliest end (the first of equals). The
    # function itself, so a batch calls it without a method's frame.
    binding = staticmethod(earliest_of)

    def if_holds_end(
        self, ends: tuple[int | None, ...], law_ends: tuple[int | None, ...]
    ) -> tuple[Recipe, int | None] | None:
        """The binding limit, and its end, should the unknown fact be true: the earliest
        of the limits the fact leaves alone and of the laws' limits in that case
        (`if_holds`, ending at `law_ends`)."""
        if not self.if_holds:
            return None
        others = [(self.recipes[i], ends[i]) for i in self.not_law]
        others += zip(self.if_holds, law_ends, strict=True)
        return others[earliest_of(tuple(e for _, e in others))]

    def fact_end(self, ends: tuple[int | None, ...], law_end: int | None) -> int | None:
        """The end alone of `if_holds_end`, given the earliest of the laws' ends in that
        case (for a batch: no recipe is looked at)."""
        best = law_end
        for i in self.not_law:
            end = ends[i]
            if end is not None and (best is None or end < best):
                best = end
        return best

    def bind_if_holds(self, zone: ZoneInfo) -> EndOf | None:
        """The earliest end of the laws' limits should the fact be true, in `zone`."""
        if not self.if_holds:
            return None
        if len(self.if_holds) == 1:
            return self.if_holds[0].bind(zone)
        bound = tuple(recipe.bind(zone) for recipe in self.if_holds)

        def earliest(start: int, ordinal: int) -> int | None:
            timed = [end for end in (b(start, ordinal) for b in bound) if end is not None]
            return min(timed, default=None)

        return earliest

    @functools.cached_property
    def not_law(self) -> tuple[int, ...]:
        """Positions of the limits the unknown fact leaves alone (the regulation, the
        form, and laws that do not turn on it)."""
        return tuple(i for i in range(len(self.recipes)) if i not in self.replaced)


def plan_limits(
    day: dt.date, rule: Rule, calendar: Calendar, asked: LimitSettings, jurisdiction: str | None
) -> Plan:
    """The limits on a hold that begins on local day `day`, counted under `rule` on
    `calendar` (the regulation's reading), with the law in force in `jurisdiction` for
    the agency `asked` names, read with the facts it gives."""
    table, form, agency = asked.table, asked.form, asked.agency
    warrant, meets_conditions = asked.warrant, asked.meets_conditions
    inferred = form == "auto"
    name = infer_form(day) if inferred else form
    policies = table.chain(jurisdiction, day, agency) if jurisdiction else ()
    known = (warrant, meets_conditions)
    # Plans are kept by the identity of the rule, calendar and laws (hashing those whole
    # for every day of a batch costs more than the plan), checked on the way out.
    laws = tuple(id(policy) for policy in policies)
    key = (id(rule), id(calendar), name, inferred, laws, known, table.as_of, agency)
    kept = _PLANS.get(key)
    if kept is not None and kept[0] is rule and kept[1] is calendar and kept[2] == policies:
        return kept[3]
    plan = _plan(rule, calendar, name, inferred, policies, known, table.as_of, agency)
    if len(_PLANS) > 4096:
        _PLANS.clear()
    _PLANS[key] = (rule, calendar, policies, plan)
    return plan


_PLANS: dict[tuple[object, ...], tuple[Rule, Calendar, tuple[Policy, ...], Plan]] = {}


def _plan(
    rule: Rule,
    calendar: Calendar,
    form: str,
    inferred: bool,
    policies: tuple[Policy, ...],
    known: tuple[bool | None, bool | None],
    table_as_of: dt.date,
    agency: str,
) -> Plan:
    """The plan of the limits, made once for each chain of laws, form and reading (a
    batch spans thousands of days but few laws). Each law in force along the place's
    chain is a limit of its own; where one forbids any hold outright, no fact can
    change the answer and none is asked."""
    regulation = Limit(
        LimitSource.REGULATION, rule.title, rule.citation, None, LimitTerms.COUNTED, rule.counting
    )
    recipes = [_counted(regulation, rule, calendar)]
    laws = [_local_recipe(policy, calendar, *known) for policy in policies]
    # The form comes second, or last when the start date cannot tell it: a law that
    # ends the hold at its start then binds before the unknown form does.
    known_form = form != UNKNOWN_FORM
    laws.insert(0 if known_form else len(laws), _form_recipe(form, inferred))
    settled = any(main.ends is Ends.AT_START and fact is None for main, fact, _ in laws)
    facts: list[str] = []
    if_holds: list[Recipe] = []
    replaced: list[int] = []
    for main, fact, allowed in laws:
        if fact is not None and allowed is not None and not settled:
            facts.append(fact)
            if_holds.append(allowed)
            replaced.append(len(recipes))
        recipes.append(main)
    return Plan(
        tuple(recipes),
        tuple(if_holds),
        tuple(replaced),
        form,
        inferred,
        policies,
        "; and ".join(dict.fromkeys(facts)) or None,
        table_as_of,
        agency,
    )


def _counted(limit: Limit, rule: Rule, calendar: Calendar) -> Recipe:
    """A limit counted under a rule; one that excludes nothing is elapsed time, with no
    timeline to consult."""
    if not rule.exclude_weekends and not rule.exclude_holidays:
        return Recipe(limit, Ends.ELAPSED, rule)
    return Recipe(limit, Ends.COUNT, rule, calendar)


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
    asked = LimitSettings(table, jurisdiction, form, warrant, meets_conditions, agency)
    plan = plan_limits(day, expiry.rule, expiry.calendar, asked, jurisdiction)
    zone = get_zone(expiry.zone)
    start, ordinal = to_micros(expiry.start), day.toordinal()
    ends = tuple(recipe.end(start, ordinal, zone) for recipe in plan.recipes)
    limits = tuple(_placed(r.limit, end, zone) for r, end in zip(plan.recipes, ends, strict=True))
    law_ends = tuple(recipe.end(start, ordinal, zone) for recipe in plan.if_holds)
    found = plan.if_holds_end(ends, law_ends)
    if_holds = None if found is None else _placed(found[0].limit, found[1], zone)
    return Analysis(
        limits,
        limits[plan.binding(ends)],
        plan.form,
        plan.form_inferred,
        plan.policies,
        plan.depends_on,
        if_holds,
        plan.table_as_of,
        agency,
        jurisdiction,
    )


def _placed(limit: Limit, end: int | None, zone: ZoneInfo) -> Limit:
    return dataclasses.replace(limit, expires_at=None if end is None else from_micros(end, zone))


def _form_recipe(name: str, inferred: bool) -> tuple[Recipe, str | None, Recipe | None]:
    """The form's limit; for a form the start date cannot tell, the fact it turns on
    and the limit should the detainer have asked for detention."""
    if name == UNKNOWN_FORM:
        if_held = _form_recipe("I-247", inferred)[0]
        unless = Limit(
            LimitSource.FORM,
            "I-247, I-247D or I-247N (not known)",
            "DHS Forms I-247 (rev. 12/2012), I-247D, I-247N",
            None,
            LimitTerms.NO_HOLD_UNLESS,
            fact=FORM_FACT,
        )
        return Recipe(unless, Ends.AT_START), FORM_FACT, if_held
    if name not in FORMS:
        raise unknown_form(name)
    if name == "I-247N":  # a request for notice of the release only
        notice = Limit(
            LimitSource.FORM, name, "DHS Form I-247N", None, LimitTerms.NOTIFY_ONLY,
            inferred=inferred, verified=False,
        )  # fmt: skip
        return Recipe(notice, Ends.AT_START), None, None
    # The I-247D's and I-247X's own words were not read: counted as 48 elapsed hours,
    # as the I-247A (DOMAIN.md: "48 hours beyond", unverified).
    rule = RULES["i247a" if name in ("I-247A", "I-247D", "I-247X") else "i247"]
    citation = rule.citation if name in ("I-247", "I-247A") else f"DHS Form {name}"
    limit = Limit(
        LimitSource.FORM,
        name,
        citation,
        None,
        LimitTerms.COUNTED,
        rule.counting,
        inferred=inferred,
        verified=name in ("I-247", "I-247A"),
    )
    return _counted(limit, rule, Calendar("federal")), None, None  # the I-247's "Federal holidays"


def _local_recipe(
    policy: Policy, calendar: Calendar, warrant: bool | None, meets: bool | None
) -> tuple[Recipe, str | None, Recipe | None]:
    """The law's limit, and when it turns on an unknown fact, that fact and the other limit."""
    law = Limit(
        LimitSource.LOCAL_LAW,
        policy.name,
        policy.citation,
        None,
        LimitTerms.NO_HOLD,
        place=policy.jurisdiction,
        verified=policy.verified,
    )
    no_hold = Recipe(law, Ends.AT_START)
    if policy.kind is LimitKind.NO_HOLD:
        return no_hold, None, None
    if policy.kind is LimitKind.MUST_COMPLY:
        comply = dataclasses.replace(law, terms=LimitTerms.MUST_COMPLY)
        return Recipe(comply, Ends.NEVER), None, None
    if policy.kind is LimitKind.HOURS_CAP:
        return _capped(policy, calendar, law), None, None
    if policy.kind is LimitKind.JUDICIAL_WARRANT_ONLY:
        fact = "a judicial warrant was issued"
        if policy.conditions:
            fact += f" and {policy.conditions}"
        known = warrant
        allowed = Recipe(dataclasses.replace(law, terms=LimitTerms.WITH_WARRANT), Ends.NEVER)
    else:
        fact = policy.conditions or "the law's conditions are met"
        known = meets
        if policy.kind is LimitKind.END_OF_DAY:
            # New Jersey's directive allows the same notice with a judicial warrant.
            known = True if warrant is True else meets
            day_end = dataclasses.replace(law, terms=LimitTerms.END_OF_DAY)
            allowed = Recipe(day_end, Ends.END_OF_DAY)
        elif policy.hours:
            allowed = _capped(policy, calendar, law)
        else:
            when = dataclasses.replace(law, terms=LimitTerms.ALLOWED_WHEN, fact=fact)
            allowed = Recipe(when, Ends.NEVER)
    if known is True:
        return allowed, None, None
    if known is False:
        return no_hold, None, None
    unless = dataclasses.replace(law, terms=LimitTerms.NO_HOLD_UNLESS, fact=fact)
    return Recipe(unless, Ends.AT_START), fact, allowed


def _capped(policy: Policy, calendar: Calendar, law: Limit) -> Recipe:
    hours = policy.hours or 48
    if policy.counting == "elapsed":
        counting = Counting(hours, weekends=False, holidays=False)
        limit = dataclasses.replace(
            law, terms=LimitTerms.COUNTED, counting=counting, hours_from=policy.hours_from
        )
        return Recipe(limit, Ends.ELAPSED, RULES["i247a"].adjusted(hours=hours))
    rule = RULES["cfr"].adjusted(hours=hours)
    limit = dataclasses.replace(
        law, terms=LimitTerms.COUNTED, counting=rule.counting, hours_from=policy.hours_from
    )
    return _counted(limit, rule, calendar)


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
