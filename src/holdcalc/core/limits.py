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
import functools
from collections.abc import Callable
from zoneinfo import ZoneInfo

from holdcalc.core.clock import HOUR, from_micros, get_zone, to_micros
from holdcalc.core.errors import InputError
from holdcalc.core.hold import Expiry, timeline_for
from holdcalc.core.holiday_calendar import Calendar
from holdcalc.core.law_table import DEFAULT_AGENCY, LimitKind, Policy, PolicyTable
from holdcalc.core.parsing import localize
from holdcalc.core.phrases import phrase
from holdcalc.core.rules import RULES, Counting, Rule
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


class Ends(enum.Enum):
    """How a limit's end follows from the hold's start."""

    COUNT = "count"  # a rule's count of hours on a calendar
    ELAPSED = "elapsed"  # hours of elapsed time
    AT_START = "at_start"  # no hold at all: the limit is the start itself
    END_OF_DAY = "end_of_day"  # 11:59 p.m. on the start's local day
    NEVER = "never"  # no end from this limit


@dataclasses.dataclass(frozen=True)
class Recipe:
    """One limit, and how its end follows from the start. The start's local day decides
    every recipe (which law is in force, which form), so a batch reuses them."""

    limit: Limit  # expires_at is None until the end is known
    ends: Ends
    rule: Rule | None = None
    calendar: Calendar | None = None

    def end(self, start: int, ordinal: int, zone: ZoneInfo) -> int | None:
        """The limit's end in microseconds, for a start on local day `ordinal`."""
        return self.bind(zone)(start, ordinal)

    @property
    def count(self) -> tuple[object, ...]:
        """What the end depends on: recipes with the same count end together (the I-247
        counts as the regulation does on the federal calendar)."""
        rule = self.rule
        if rule is None or self.ends not in (Ends.COUNT, Ends.ELAPSED):
            return (self.ends,)
        calendar = self.calendar if self.ends is Ends.COUNT else None
        return (self.ends, rule.hours, rule.exclude_weekends, rule.exclude_holidays, calendar)

    def bind(self, zone: ZoneInfo) -> EndOf:
        """How the limit's end follows from a start in `zone`: (start, its local day
        ordinal) to the end in microseconds, or None (for a batch, made once a zone)."""
        if self.ends is Ends.COUNT:
            assert self.rule is not None and self.calendar is not None
            count = timeline_for(zone, self.rule, self.calendar).expiry_and_day
            length = round(self.rule.hours * HOUR)
            return lambda start, ordinal: count(start, ordinal, length)[0]
        if self.ends is Ends.ELAPSED:
            assert self.rule is not None
            hours = round(self.rule.hours * HOUR)
            return lambda start, ordinal: start + hours
        if self.ends is Ends.AT_START:
            return lambda start, ordinal: start
        if self.ends is Ends.END_OF_DAY:
            days: dict[int, int] = {}  # 11:59 p.m. of each local day, placed once

            def end_of_day(start: int, ordinal: int) -> int:
                end = days.get(ordinal)
                if end is None:
                    end = days[ordinal] = _end_of_day(ordinal, zone)
                return max(end, start)

            return end_of_day
        return lambda start, ordinal: None


EndOf = Callable[[int, int], "int | None"]


def earliest_of(ends: tuple[int | None, ...]) -> int:
    """The position of the earliest end (the first of equals); one at least is timed."""
    best, found = None, -1
    for i, end in enumerate(ends):
        if end is not None and (best is None or end < best):
            best, found = end, i
    return found


@dataclasses.dataclass(frozen=True)
class Plan:
    """Every limit on holds that begin on one local day, in one place: the regulation,
    the form, and the law in force (when one applies), with the law's other limit when
    it turns on a fact nobody gave."""

    recipes: tuple[Recipe, ...]
    if_holds: Recipe | None
    form: str
    form_inferred: bool
    policy: Policy | None
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
        self, ends: tuple[int | None, ...], law_end: int | None
    ) -> tuple[Recipe, int | None] | None:
        """The binding limit, and its end, should the unknown fact be true: the earliest
        of the limits other than the law's and the law's own limit in that case
        (`if_holds`, ending at `law_end`)."""
        if self.if_holds is None:
            return None
        others = [(self.recipes[i], ends[i]) for i in self.not_law]
        others.append((self.if_holds, law_end))
        return others[earliest_of(tuple(e for _, e in others))]

    def fact_end(self, ends: tuple[int | None, ...], law_end: int | None) -> int | None:
        """The end alone of `if_holds_end` (for a batch: no recipe is looked at)."""
        best = law_end
        for i in self.not_law:
            end = ends[i]
            if end is not None and (best is None or end < best):
                best = end
        return best

    @functools.cached_property
    def not_law(self) -> tuple[int, ...]:
        """Positions of the limits that are not the law's (the regulation, the form)."""
        law = LimitSource.LOCAL_LAW
        return tuple(i for i, recipe in enumerate(self.recipes) if recipe.limit.source is not law)


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
    policy = table.for_start(jurisdiction, day, agency) if jurisdiction else None
    known = (warrant, meets_conditions)
    # Plans are kept by the identity of the rule, calendar and law (hashing those whole
    # for every day of a batch costs more than the plan), checked on the way out.
    key = (id(rule), id(calendar), name, inferred, id(policy), known, table.as_of, agency)
    kept = _PLANS.get(key)
    if kept is not None and kept[0] is rule and kept[1] is calendar and kept[2] is policy:
        return kept[3]
    plan = _plan(rule, calendar, name, inferred, policy, known, table.as_of, agency)
    if len(_PLANS) > 4096:
        _PLANS.clear()
    _PLANS[key] = (rule, calendar, policy, plan)
    return plan


_PLANS: dict[tuple[object, ...], tuple[Rule, Calendar, Policy | None, Plan]] = {}


def _plan(
    rule: Rule,
    calendar: Calendar,
    form: str,
    inferred: bool,
    policy: Policy | None,
    known: tuple[bool | None, bool | None],
    table_as_of: dt.date,
    agency: str,
) -> Plan:
    """The plan of the limits, made once for each law, form and reading (a batch spans
    thousands of days but few laws)."""
    regulation = Limit(
        LimitSource.REGULATION, rule.title, rule.citation, None, LimitTerms.COUNTED, rule.counting
    )
    form_recipe = _form_recipe(form, inferred)
    recipes = [_counted(regulation, rule, calendar), form_recipe]
    depends_on: str | None = None
    if_holds: Recipe | None = None
    if policy is not None:
        local, depends_on, if_holds = _local_recipe(policy, calendar, *known)
        recipes.append(local)
    return Plan(
        tuple(recipes),
        if_holds,
        form,
        inferred,
        policy,
        depends_on,
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
    law_end = plan.if_holds.end(start, ordinal, zone) if plan.if_holds else None
    found = plan.if_holds_end(ends, law_end)
    if_holds = None if found is None else _placed(found[0].limit, found[1], zone)
    return Analysis(
        limits,
        limits[plan.binding(ends)],
        plan.form,
        plan.form_inferred,
        plan.policy,
        plan.depends_on,
        if_holds,
        plan.table_as_of,
        agency,
    )


def _placed(limit: Limit, end: int | None, zone: ZoneInfo) -> Limit:
    return dataclasses.replace(limit, expires_at=None if end is None else from_micros(end, zone))


def _form_recipe(name: str, inferred: bool) -> Recipe:
    if name not in FORMS:
        raise InputError(f"unknown form {name!r}; use I-247, I-247A or auto")
    rule = RULES["i247a" if name == "I-247A" else "i247"]
    limit = Limit(
        LimitSource.FORM,
        name,
        rule.citation,
        None,
        LimitTerms.COUNTED,
        rule.counting,
        inferred=inferred,
    )
    return _counted(limit, rule, Calendar("federal"))  # the I-247's "Federal holidays"


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


END_OF_DAY = dt.time(23, 59)


def _end_of_day(ordinal: int, zone: ZoneInfo) -> int:
    """11:59 p.m. local time on local day `ordinal` (New Jersey's directive 2018-6),
    placed in the jail's zone like any wall-clock time (a clock change that day moves
    the instant, never the wall-clock minute)."""
    naive = dt.datetime.combine(dt.date.fromordinal(ordinal), END_OF_DAY)
    return to_micros(localize(naive, zone, what="11:59 p.m."))


def _capped(policy: Policy, calendar: Calendar, law: Limit) -> Recipe:
    hours = policy.hours or 48
    if policy.counting == "elapsed":
        counting = Counting(hours, weekends=False, holidays=False)
        limit = dataclasses.replace(law, terms=LimitTerms.COUNTED, counting=counting)
        return Recipe(limit, Ends.ELAPSED, RULES["i247a"].adjusted(hours=hours))
    rule = RULES["cfr"].adjusted(hours=hours)
    limit = dataclasses.replace(law, terms=LimitTerms.COUNTED, counting=rule.counting)
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
