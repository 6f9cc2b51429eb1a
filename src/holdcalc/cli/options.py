"""Option groups shared by the commands. Each group turns its options into one frozen
settings object, so a command takes a handful of typed values, not thirty flags."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from holdcalc.core.clock import UTC, default_zone, get_zone
from holdcalc.core.errors import Part, Setting
from holdcalc.core.holiday_calendar import (
    HOLIDAY_SETS,
    Calendar,
    parse_extra_holiday,
    read_holiday_file,
    validate_state,
)
from holdcalc.core.phrases import LANGUAGES
from holdcalc.core.rules import DEFAULT_RULE, FORMS, RULES, Rule, form_named
from holdcalc.letters.template import KINDS, LetterSettings

if TYPE_CHECKING:
    from holdcalc.core.limits import LimitSettings
    from holdcalc.core.parsing import WallClock

F = TypeVar("F", bound=Callable[..., Any])


def option_group(
    target: str, options: Sequence[Callable[[F], F]], build: Callable[..., Any]
) -> Callable[[F], F]:
    """Add `options` to a command and hand it `build(**their values)` as `target`."""

    def decorate(command: F) -> F:
        names: list[str] = []

        @functools.wraps(command)
        def wrapper(**values: Any) -> Any:
            taken = {name: values.pop(name) for name in names}
            return command(**values, **{target: build(**taken)})

        decorated: Any = wrapper
        for option in reversed(options):
            decorated = option(decorated)
        params = decorated.__click_params__
        names.extend(param.name for param in params[-len(options) :])
        return decorated  # type: ignore[no-any-return]

    return decorate


class FiniteFloat(click.FloatRange):
    """A number in a range that is also finite: "nan" and "inf" are usage errors."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


class Days(FiniteFloat):
    """A number of days at least 1, or "never" (None)."""

    name = "days"

    def __init__(self) -> None:
        super().__init__(min=1)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value is None or (isinstance(value, str) and value.strip().lower() == "never"):
            return None
        return super().convert(value, param, ctx)


def input_files() -> tuple[str, ...]:
    """The files this command reads besides its main input (holiday, policy and template
    files), so that no output is ever written over one of them."""
    params = click.get_current_context().params
    keys = ("holiday_file", "policy_file", "template_path")
    return tuple(str(params[key]) for key in keys if params.get(key))


def write_text(path: str | None, text: str, what: Part = Setting.OUTPUT) -> None:
    """A text output, written whole or not at all, never over an input; `what` names it
    should the write fail."""
    from holdcalc.core.files import atomic_output  # noqa: PLC0415

    with atomic_output(path, inputs=input_files(), what=what) as handle:
        handle.write(text)


def now() -> dt.datetime:
    return dt.datetime.now(UTC)


# --- the rule and calendar ------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RuleSettings:
    """How a hold is counted, and in which zone its values are read."""

    rule: Rule
    calendar: Calendar
    zone: str | None  # the jail's IANA zone, if given or known
    dayfirst: bool
    formats: tuple[str, ...] = ()  # --date-format, tried in order before the usual ones
    zone_from: str = "--tz"  # where the zone came from, for an account of the run

    def required_zone(self) -> str:
        if not self.zone:
            raise click.UsageError(
                "no time zone: pass --tz ZONE (e.g. --tz America/Chicago) or set HOLDCALC_TZ"
            )
        return self.zone


def _default_zone() -> tuple[str | None, str]:
    """The zone from the environment, checked, with the variable named if it is wrong;
    and where it came from."""
    from holdcalc.core.errors import UnknownZoneError  # noqa: PLC0415

    zone, source = default_zone()
    if zone:
        try:
            get_zone(zone)
        except UnknownZoneError as exc:
            raise UnknownZoneError(
                f"{source}={zone!r} (used as the zone, as no --tz was given): ",
                *exc.parts,
                "; or pass --tz ZONE",
                value=zone,
            ) from None
    return zone, source


def calendar_of(
    holiday_set: str, state: str | None, extra: tuple[str, ...], holiday_file: str | None
) -> Calendar:
    days = tuple(parse_extra_holiday(text, source="--extra-holiday") for text in extra)
    if holiday_file:
        days += read_holiday_file(holiday_file)
    return Calendar(holiday_set, validate_state(state) if state else None, days)


def _rule_settings(
    tz: str | None,
    rule_key: str,
    hours: float | None,
    count_weekends: bool,
    holiday_set: str,
    state: str | None,
    extra: tuple[str, ...],
    holiday_file: str | None,
    dayfirst: bool,
    formats: tuple[str, ...],
) -> RuleSettings:
    zone, zone_from = (tz, "--tz") if tz else _default_zone()
    rule = RULES[rule_key].adjusted(hours=hours, weekends=False if count_weekends else None)
    calendar = calendar_of(holiday_set, state, extra, holiday_file)
    return RuleSettings(rule, calendar, zone, dayfirst, _checked_formats(formats), zone_from)


def _checked_formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    from holdcalc.core.parsing import format_problem  # noqa: PLC0415

    for layout in formats:
        problem = format_problem(layout)
        if problem is not None:
            raise click.BadParameter(
                f"{problem}, e.g. '%d-%b-%y %I.%M.%S.%f %p'", param_hint="--date-format"
            )
    return formats


def calendar_options() -> list[Callable[[F], F]]:
    return [
        click.option(
            "--holidays",
            "holiday_set",
            type=click.Choice(HOLIDAY_SETS),
            default="federal",
            show_default=True,
            help="Holidays that stop the clock: federal (5 U.S.C. § 6103 and observed "
            "days), federal+closures (also executive-order closures), none.",
        ),
        click.option("--state", metavar="XX", help="Also exclude this state's holidays (e.g. CA)."),
        click.option(
            "--extra-holiday",
            "extra",
            multiple=True,
            metavar="DATE",
            help="A local closure day, YYYY-MM-DD (repeatable).",
        ),
        click.option(
            "--holiday-file",
            type=click.Path(dir_okay=False),
            metavar="PATH",
            help="File of closure days: one YYYY-MM-DD per line, optional name, # comments.",
        ),
    ]


rule_options = option_group(
    "counting",
    [
        click.option(
            "--tz",
            "tz",
            metavar="ZONE",
            help="The jail's IANA time zone [default: $HOLDCALC_TZ, else this machine's].",
        ),
        click.option(
            "--rule",
            "rule_key",
            type=click.Choice(sorted(RULES)),
            default=DEFAULT_RULE,
            show_default=True,
            help="cfr: 8 C.F.R. § 287.7(d), weekends and holidays excluded; "
            "i247a: Form I-247A, 48 elapsed hours; i247: the pre-2017 form.",
        ),
        click.option(
            "--hours",
            type=FiniteFloat(min=0, min_open=True, max=24 * 365),
            help="Override the hold's length in hours (e.g. a local 24-hour cap).",
        ),
        click.option(
            "--count-weekends",
            is_flag=True,
            help="Count Saturdays and Sundays instead of excluding them.",
        ),
        *calendar_options(),
        click.option(
            "--dayfirst", is_flag=True, help="Read ambiguous dates like 03/04/2025 as day/month."
        ),
        click.option(
            "--date-format",
            "formats",
            multiple=True,
            metavar="FORMAT",
            help="A strptime format to try first (repeatable), e.g. '%d-%b-%y %I.%M.%S.%f %p' "
            "for Oracle's 05-JAN-18 02.14.33.000000 PM; a two-digit year is read only so.",
        ),
    ],
    _rule_settings,
)


# --- state and local law --------------------------------------------------------------


def _limit_settings(
    jurisdiction: str | None,
    form: str | None,
    warrant: bool | None,
    meets: bool | None,
    policy_file: str | None,
    agency: str,
) -> LimitSettings | None:
    """The analysis settings, or None when neither --jurisdiction nor --form is given."""
    if jurisdiction is None and form is None:
        if policy_file or warrant is not None or meets is not None:
            raise click.UsageError(
                "--policy-file, --warrant and --meets-conditions need --jurisdiction (or --form)"
            )
        return None
    from holdcalc.core.law_table import load_policies  # noqa: PLC0415
    from holdcalc.core.limits import LimitSettings  # noqa: PLC0415

    table = load_policies(policy_file)
    code = jurisdiction.upper() if jurisdiction else None
    if code is not None and code not in table.jurisdictions:
        from holdcalc.core.law_table import unknown_place  # noqa: PLC0415

        raise click.BadParameter(
            f"{jurisdiction!r} is not in the policy table; known: {', '.join(table.jurisdictions)}"
            f" (add it with --policy-file){unknown_place(code, table.jurisdictions)}",
            param_hint="--jurisdiction",
        )
    return LimitSettings(table, code, form_named(form or "auto"), warrant, meets, agency)


def policy_file_option() -> Callable[[F], F]:
    return click.option(
        "--policy-file",
        type=click.Path(dir_okay=False),
        metavar="PATH",
        help="TOML file of policies that adds to or overrides the shipped table.",
    )


limit_options = option_group(
    "limits",
    [
        click.option(
            "--jurisdiction",
            metavar="CODE",
            help="Apply this place's law on holds (CA, IL, US-NY-NYC, ...; see "
            "holdcalc policies) and report the binding limit.",
        ),
        click.option(
            "--form",
            "form",
            type=click.Choice([*FORMS, "auto"], case_sensitive=False),
            help="The detainer form; auto infers it from the start date (I-247 before "
            "2014-11-20, I-247A from 2017-04-02; in between the answer says what it turns "
            "on). Turns on the binding-limit analysis.",
        ),
        click.option(
            "--warrant/--no-warrant",
            default=None,
            help="Whether a judicial warrant was issued (where the law requires one).",
        ),
        click.option(
            "--meets-conditions/--fails-conditions",
            "meets",
            default=None,
            help="Whether the law's conditions for a hold are met.",
        ),
        policy_file_option(),
        click.option(
            "--agency",
            type=click.Choice(["jail", "prison", "police"]),
            default="jail",
            show_default=True,
            help="Who holds the person: a county jail, a state prison or the police "
            "(laws differ: SB 54 does not bind state prisons). The output names it.",
        ),
    ],
    _limit_settings,
)


# --- letters ----------------------------------------------------------------------------


def _letter_settings(kind: str, lang: str, template_path: str | None) -> LetterSettings:
    return LetterSettings(kind, lang, "text", template_path)


letter_options = option_group(
    "letters",
    [
        click.option(
            "--kind",
            type=click.Choice(KINDS),
            default="demand",
            show_default=True,
            help="demand: to the jail's administrator; grievance: the person's own.",
        ),
        click.option(
            "--lang",
            type=click.Choice(LANGUAGES),
            default="en",
            show_default=True,
            help="The letter's language (and the report's headline sentence).",
        ),
        click.option(
            "--template",
            "template_path",
            type=click.Path(dir_okay=False),
            metavar="PATH",
            help="Your own template with {{ field }} placeholders (see holdcalc letter --fields).",
        ),
    ],
    _letter_settings,
)


# --- when the person left ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Departure:
    """What the user said of the person's departure, as typed."""

    released: str | None
    still_held: bool
    as_of: str | None

    def check(self, *, required: bool) -> None:
        if self.released and (self.still_held or self.as_of):
            raise click.UsageError("give either --released or --still-held/--as-of, not both")
        if required and not (self.released or self.still_held or self.as_of):
            raise click.UsageError("say whether the person was --released WHEN or is --still-held")


def departure_options(as_of_help: str) -> Callable[[F], F]:
    return option_group(
        "departure",
        [
            click.option(
                "--released",
                metavar="WHEN",
                help="When the person actually left local custody (released or taken by ICE).",
            ),
            click.option(
                "--still-held", is_flag=True, help="The person is still held (as of --as-of)."
            ),
            click.option("--as-of", metavar="WHEN", help=as_of_help),
        ],
        Departure,
    )


def read_instant(
    text: str, zone_name: str, *, dayfirst: bool, what: str, formats: tuple[str, ...] = ()
) -> dt.datetime:
    """A time given on the command line, read in the jail's zone; a date alone is refused."""
    from holdcalc.jobs.moments import read_instant as read  # noqa: PLC0415

    return read(text, zone_name, dayfirst=dayfirst, what=what, now=now(), formats=formats)


def read_as_of(
    text: str, *, dayfirst: bool, what: str, formats: tuple[str, ...] = ()
) -> dt.datetime | WallClock:
    """A batch's as-of time: an instant with an offset (or "now"), else a wall-clock time."""
    from holdcalc.jobs.moments import read_as_of as read  # noqa: PLC0415

    return read(text, dayfirst=dayfirst, what=what, now=now(), formats=formats)


def departure_moments(
    departure: Departure, counting: RuleSettings, zone_name: str
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(when the person left, or None; the as-of moment if still held, or None)."""
    dayfirst, formats = counting.dayfirst, counting.formats
    if departure.released:
        return read_instant(
            departure.released, zone_name, dayfirst=dayfirst, what="--released", formats=formats
        ), None
    if departure.still_held or departure.as_of:
        if not departure.as_of:
            return None, now()
        return None, read_instant(
            departure.as_of, zone_name, dayfirst=dayfirst, what="--as-of", formats=formats
        )
    return None, None
