"""The command line: parse options, call the core once, render. No hold logic lives here."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from holdcalc import __version__
from holdcalc.core.clock import UTC, default_zone_name, get_zone
from holdcalc.core.errors import ColumnError, HoldcalcError, InputError, OutputError
from holdcalc.core.holiday_calendar import (
    HOLIDAY_SETS,
    Calendar,
    parse_extra_holiday,
    read_holiday_file,
    validate_state,
)
from holdcalc.core.parsing import DateOnly, parse_when
from holdcalc.core.rules import DEFAULT_RULE, RULES, Rule

# Exit codes, documented in the README. Mapped in HoldcalcGroup.invoke and nowhere else.
EXIT_OK = 0
EXIT_FLAGGED = 1  # over-detained, possibly over-detained or expired
EXIT_USAGE = 2  # click's own code for usage errors
EXIT_INVALID = 3  # a value (date, zone, holiday line, row) cannot be used
EXIT_IO = 4  # an output file could not be written
EXIT_INTERNAL = 70  # a bug: please report it

F = TypeVar("F", bound=Callable[..., Any])


class HoldcalcGroup(click.Group):
    """Maps core errors to exit codes with a one-line message: the only such place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OutputError as exc:
            _fail(str(exc), EXIT_IO)
        except ColumnError as exc:
            _fail(str(exc), EXIT_USAGE)
        except InputError as exc:
            _fail(str(exc), EXIT_INVALID)
        except HoldcalcError as exc:
            _fail(str(exc), EXIT_INVALID)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as other Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("HOLDCALC_DEBUG"):
                raise
            _fail(
                f"internal error ({type(exc).__name__}: {exc}); please report it, and rerun "
                "with HOLDCALC_DEBUG=1 for the details",
                EXIT_INTERNAL,
            )


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"holdcalc: error: {message}", err=True)
    sys.exit(code)


@click.group(cls=HoldcalcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="holdcalc")
def main() -> None:
    """When does an ICE hold (immigration detainer) expire, and was someone held past it?

    A hold starts when criminal custody ends (bail posted, charges dropped, sentence
    served). By 8 C.F.R. § 287.7(d) it lasts 48 hours excluding Saturdays, Sundays
    and holidays, counted in the jail's local time zone.

    Not legal advice: check the inputs, and have a lawyer review anything filed.

    Example:

        holdcalc expire "2024-11-27 16:30" --tz America/Chicago --released "2024-12-03 09:00"
    """


# --- shared options ------------------------------------------------------------------------


def rule_options(command: F) -> F:
    """The rule and calendar options shared by every command that computes a hold."""
    decorators = [
        click.option(
            "--tz",
            "tz",
            envvar="HOLDCALC_TZ",
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
            type=click.FloatRange(min=0, min_open=True, max=24 * 365),
            help="Override the hold's length in hours (e.g. a local 24-hour cap).",
        ),
        click.option(
            "--count-weekends",
            is_flag=True,
            help="Count Saturdays and Sundays instead of excluding them.",
        ),
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
        click.option(
            "--dayfirst", is_flag=True, help="Read ambiguous dates like 03/04/2025 as day/month."
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def policy_options(command: F) -> F:
    """Options that turn on the binding-limit analysis (state and local law, the form)."""
    decorators = [
        click.option(
            "--jurisdiction",
            metavar="CODE",
            help="Apply this place's law on holds (CA, IL, US-NY-NYC, ...; see "
            "holdcalc policies) and report the binding limit.",
        ),
        click.option(
            "--form",
            "form",
            type=click.Choice(["I-247", "I-247A", "auto"], case_sensitive=False),
            help="The detainer form; auto infers it from the start date "
            "(I-247A from 2017-04-02). Turns on the binding-limit analysis.",
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
        click.option(
            "--policy-file",
            type=click.Path(dir_okay=False),
            metavar="PATH",
            help="TOML file of policies that adds to or overrides the shipped table.",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def letter_options(command: F) -> F:
    """Which letter, in which language, from which template: for `letter` and `check`."""
    decorators = [
        click.option(
            "--kind",
            type=click.Choice(["demand", "grievance"]),
            default="demand",
            show_default=True,
            help="demand: to the jail's administrator; grievance: the person's own.",
        ),
        click.option(
            "--lang",
            type=click.Choice(["en", "es"]),
            default="en",
            show_default=True,
            help="The letter's language.",
        ),
        click.option(
            "--template",
            "template_path",
            type=click.Path(dir_okay=False),
            metavar="PATH",
            help="Your own template with {{ field }} placeholders (see holdcalc letter --fields).",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def _policy_settings(
    jurisdiction: str | None,
    form: str | None,
    warrant: bool | None,
    meets: bool | None,
    policy_file: str | None,
) -> Any:
    """The analysis settings, or None when neither --jurisdiction nor --form is given."""
    if jurisdiction is None and form is None:
        if policy_file or warrant is not None or meets is not None:
            raise click.UsageError(
                "--policy-file, --warrant and --meets-conditions need --jurisdiction (or --form)"
            )
        return None
    from holdcalc.core.limits import PolicySettings, load_policies  # noqa: PLC0415

    table = load_policies(policy_file)
    code = jurisdiction.upper() if jurisdiction else None
    if code is not None and code not in table.jurisdictions:
        raise click.BadParameter(
            f"{jurisdiction!r} is not in the policy table; known: {', '.join(table.jurisdictions)}"
            " (add it with --policy-file)",
            param_hint="--jurisdiction",
        )
    canonical = {"i-247": "I-247", "i-247a": "I-247A", "auto": "auto"}[(form or "auto").lower()]
    return PolicySettings(table, code, canonical, warrant, meets)


def _calendar(
    holiday_set: str, state: str | None, extra: tuple[str, ...], holiday_file: str | None
) -> Calendar:
    days = tuple(parse_extra_holiday(text) for text in extra)
    if holiday_file:
        days += read_holiday_file(holiday_file)
    return Calendar(holiday_set, validate_state(state) if state else None, days)


def _rule(rule_key: str, hours: float | None, count_weekends: bool) -> Rule:
    return RULES[rule_key].adjusted(hours=hours, weekends=False if count_weekends else None)


def _zone_name(tz: str | None) -> str:
    name = tz or default_zone_name()
    if not name:
        raise click.UsageError(
            "no time zone: pass --tz ZONE (e.g. --tz America/Chicago) or set HOLDCALC_TZ"
        )
    return name


def _now() -> dt.datetime:
    return dt.datetime.now(UTC)


def _instant(text: str, zone_name: str, *, dayfirst: bool, what: str) -> dt.datetime:
    value = parse_when(text, get_zone(zone_name), dayfirst=dayfirst, now=_now(), what=what)
    if isinstance(value, DateOnly):
        raise InputError(
            f"{what}: {text!r} has no time of day; give the time too (e.g. "
            f"'{value.date.isoformat()} 16:30'); `holdcalc check` reports date-only rows as ranges"
        )
    return value


def _check_departure(
    released: str | None, still_held: bool, as_of: str | None, *, required: bool
) -> None:
    if released and (still_held or as_of):
        raise click.UsageError("give either --released or --still-held/--as-of, not both")
    if required and not (released or still_held or as_of):
        raise click.UsageError("say whether the person was --released WHEN or is --still-held")


def _departure(
    released: str | None, still_held: bool, as_of: str | None, zone_name: str, dayfirst: bool
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(when the person left, or None; the as-of moment if still held, or None)."""
    if released:
        return _instant(released, zone_name, dayfirst=dayfirst, what="--released"), None
    if still_held or as_of:
        moment = _instant(as_of, zone_name, dayfirst=dayfirst, what="--as-of") if as_of else _now()
        return None, moment
    return None, None


# --- expire --------------------------------------------------------------------------------


@main.command()
@click.argument("start")
@rule_options
@click.option(
    "--released",
    metavar="WHEN",
    help="When the person actually left local custody (released or taken by ICE).",
)
@click.option("--still-held", is_flag=True, help="The person is still held (as of --as-of).")
@click.option(
    "--as-of", metavar="WHEN", help="With --still-held: judge as of this time [default: now]."
)
@policy_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def expire(
    start: str,
    tz: str | None,
    rule_key: str,
    hours: float | None,
    count_weekends: bool,
    holiday_set: str,
    state: str | None,
    extra: tuple[str, ...],
    holiday_file: str | None,
    dayfirst: bool,
    released: str | None,
    still_held: bool,
    as_of: str | None,
    jurisdiction: str | None,
    form: str | None,
    warrant: bool | None,
    meets: bool | None,
    policy_file: str | None,
    fmt: str,
) -> None:
    """Compute when a hold expires, with the day-by-day count, and judge a release.

    START is when criminal custody ended, in the jail's local time (or with an offset):
    ISO 8601, "YYYY-MM-DD HH:MM", "MM/DD/YYYY hh:mm AM", or "now".

    With --jurisdiction CODE (or --form), each limit on the hold is shown (the
    regulation, the detainer form, state or local law in force on the start date)
    and the case is judged against the earliest, the binding one.

    Exit status: 0 done; 1 the hold was overrun (over-detained or expired);
    2 usage error; 3 a value could not be used.

    Example:

        holdcalc expire "2024-11-27 16:30" --tz America/Chicago --released "12/03/2024 9:00 AM"
    """
    _check_departure(released, still_held, as_of, required=False)
    from holdcalc.core.hold import assess, hold_expiry  # noqa: PLC0415
    from holdcalc.output.records import alternatives, expiry_record  # noqa: PLC0415

    zone_name = _zone_name(tz)
    get_zone(zone_name)
    rule = _rule(rule_key, hours, count_weekends)
    calendar = _calendar(holiday_set, state, extra, holiday_file)
    settings = _policy_settings(jurisdiction, form, warrant, meets, policy_file)
    begin = _instant(start, zone_name, dayfirst=dayfirst, what="START")
    expiry = hold_expiry(begin, rule=rule, calendar=calendar, zone=zone_name)
    left, moment = _departure(released, still_held, as_of, zone_name, dayfirst)
    analysis = judgement = None
    if settings is not None:
        from holdcalc.core.limits import judge  # noqa: PLC0415

        analysis = settings.analyse(expiry)
        if left is not None or moment is not None:
            judgement = judge(expiry, analysis, released=left, as_of=moment)
        assessment = judgement.main if judgement else None
    else:
        assessment = (
            None if left is None and moment is None else assess(expiry, released=left, as_of=moment)
        )
    others = alternatives(expiry)
    if fmt == "json":
        record = expiry_record(expiry, assessment, others)
        if analysis is not None:
            from holdcalc.output.records import analysis_record  # noqa: PLC0415

            record["rule_expires_at"] = record["expires_at"]
            record["expires_at"] = analysis.deadline.isoformat()
            record.update(analysis_record(analysis, judgement))
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        from holdcalc.output.terminal import print_expiry  # noqa: PLC0415  (rich is slow to import)

        print_expiry(expiry, assessment, others, analysis, judgement)
    status = judgement.status if judgement else assessment.status if assessment else None
    if status is not None and status.flagged:
        sys.exit(EXIT_FLAGGED)


# --- holidays ------------------------------------------------------------------------------


@main.command("holidays")
@click.option("--year", type=click.IntRange(1900, 2199), required=True, help="Calendar year.")
@click.option(
    "--holidays",
    "holiday_set",
    type=click.Choice(HOLIDAY_SETS),
    default="federal",
    show_default=True,
    help="Which holiday set to list.",
)
@click.option("--state", metavar="XX", help="Also list this state's holidays.")
@click.option(
    "--extra-holiday",
    "extra",
    multiple=True,
    metavar="DATE",
    help="A local closure day, YYYY-MM-DD (repeatable).",
)
@click.option(
    "--holiday-file",
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="File of closure days: one YYYY-MM-DD per line.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def holidays_command(
    year: int,
    holiday_set: str,
    state: str | None,
    extra: tuple[str, ...],
    holiday_file: str | None,
    fmt: str,
) -> None:
    """List the holidays a calendar would exclude in a year, so you can check it.

    Weekends are not listed: under the cfr rule every Saturday and Sunday is excluded too.

    Example:

        holdcalc holidays --year 2025 --holidays federal+closures
    """
    from holdcalc.output.records import calendar_record  # noqa: PLC0415

    record = calendar_record(_calendar(holiday_set, state, extra, holiday_file), year)
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    click.echo(f"Holidays in {year} ({record['holidays']}):")
    for day in record["days"]:
        click.echo(f"  {day['date']}  {day['weekday']:<9}  {day['name']}")
    if not record["days"]:
        click.echo("  (none)")


# --- check --------------------------------------------------------------------------------


@main.command()
@click.argument("file", default="-", metavar="[FILE|-]")
@rule_options
@click.option(
    "--as-of",
    metavar="WHEN",
    help="Judge rows still held (blank release) as of this time [default: now].",
)
@click.option("--start-col", metavar="NAME", help="Column with the hold start [eligible_at, ...].")
@click.option(
    "--released-col", metavar="NAME", help="Column with the actual departure [released_at, ...]."
)
@click.option("--tz-col", metavar="NAME", help="Column with each row's zone [tz].")
@click.option(
    "--start-time-col",
    metavar="NAME",
    help="Separate time column for the start (date in --start-col).",
)
@click.option("--released-time-col", metavar="NAME", help="Separate time column for the departure.")
@click.option(
    "--delimiter",
    type=click.Choice(["auto", ",", ";", "tab", "|"]),
    default="auto",
    show_default=True,
    help="Input delimiter.",
)
@click.option(
    "--encoding",
    default="utf-8-sig",
    show_default=True,
    help="Input encoding (utf-8 with or without a byte-order mark by default).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "tsv", "jsonl", "json", "table"]),
    help="Output format [default: table on a terminal, csv otherwise].",
)
@click.option(
    "-o", "--output", metavar="FILE", help="Write here, whole or not at all (never over the input)."
)
@click.option(
    "--only",
    type=click.Choice(["all", "flagged"]),
    default="all",
    show_default=True,
    help="flagged: keep only over-detained, possibly over-detained and expired rows.",
)
@click.option(
    "--spreadsheet-safe",
    is_flag=True,
    help="Prefix cells starting with = + - @ with ' so spreadsheets do not run them.",
)
@click.option(
    "--bed-cost",
    type=click.FloatRange(min=0),
    metavar="DOLLARS",
    help="The jail's daily bed cost, to price the over-detention.",
)
@click.option("--summary-json", metavar="FILE", help="Also write the summary figures as JSON.")
@click.option(
    "--letters",
    "letters_dir",
    metavar="DIR",
    help="Write a letter for each over-detained or expired row into DIR.",
)
@letter_options
@click.option(
    "--letter-format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="With --letters: plain text or Markdown files.",
)
@click.option("--name-col", metavar="NAME", help="With --letters: the person's name column.")
@click.option("--facility-col", metavar="NAME", help="With --letters: the facility column.")
@policy_options
def check(
    file: str,
    tz: str | None,
    rule_key: str,
    hours: float | None,
    count_weekends: bool,
    holiday_set: str,
    state: str | None,
    extra: tuple[str, ...],
    holiday_file: str | None,
    dayfirst: bool,
    as_of: str | None,
    start_col: str | None,
    released_col: str | None,
    tz_col: str | None,
    start_time_col: str | None,
    released_time_col: str | None,
    delimiter: str,
    encoding: str,
    fmt: str | None,
    output: str | None,
    only: str,
    spreadsheet_safe: bool,
    bed_cost: float | None,
    summary_json: str | None,
    letters_dir: str | None,
    kind: str,
    lang: str,
    letter_format: str,
    template_path: str | None,
    name_col: str | None,
    facility_col: str | None,
    jurisdiction: str | None,
    form: str | None,
    warrant: bool | None,
    meets: bool | None,
    policy_file: str | None,
) -> None:
    """Check a roster for over-detention: every row comes back with its verdict.

    FILE is a CSV (comma, semicolon, tab or pipe; gzipped or not; "-" for stdin).
    Columns are found by name: the hold start (eligible_at, release_eligible,
    bond_posted_at, ...), the actual departure (released_at, release_dt, ...;
    blank means still held), and the zone (tz; else --tz). Four columns are
    appended: hold_expires_at, hold_status, over_detained_hours, hold_error.
    A summary goes to stderr.

    With --letters DIR, a demand letter (or --kind grievance) is written for each
    over-detained or expired row, named after its booking number, with an
    index.csv beside them.

    Exit status: 0 nothing flagged; 1 a row is over-detained, possibly
    over-detained or expired; 2 usage error (such as a missing column);
    3 some rows had bad values and none was flagged.

    Example:

        holdcalc check examples/sample-roster.csv --tz America/New_York --only flagged
    """
    from holdcalc.output.terminal import Progress, TableSink, print_summary  # noqa: PLC0415
    from holdcalc.roster.judge import CheckOptions  # noqa: PLC0415
    from holdcalc.roster.pipeline import run_check  # noqa: PLC0415

    zone_name = tz or default_zone_name()
    if zone_name:
        get_zone(zone_name)
    moment = (
        _instant(as_of, zone_name or "UTC", dayfirst=dayfirst, what="--as-of") if as_of else _now()
    )
    options = CheckOptions(
        rule=_rule(rule_key, hours, count_weekends),
        calendar=_calendar(holiday_set, state, extra, holiday_file),
        as_of=moment,
        zone=zone_name,
        dayfirst=dayfirst,
        policies=_policy_settings(jurisdiction, form, warrant, meets, policy_file),
    )
    if fmt is None:
        fmt = "table" if output is None and sys.stdout.isatty() else "csv"
    writers = []

    def letters_for(header: list[str], found: Any) -> Any:
        if letters_dir is None:
            return None
        from holdcalc.letters.fields import LetterWriter, plan_letters  # noqa: PLC0415

        try:
            os.makedirs(letters_dir, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot make the letters folder {letters_dir!r}: {exc}") from None
        # Dated the day of --as-of (default: today), in the jail's zone.
        today = moment.astimezone(get_zone(zone_name or "UTC")).date()
        plan = plan_letters(
            header,
            folder=letters_dir,
            kind=kind,
            lang=lang,
            fmt=letter_format,
            template_path=template_path,
            name_col=name_col,
            facility_col=facility_col,
            today=today,
        )
        writer = LetterWriter(plan, found, options)
        writers.append(writer)
        return writer

    progress = Progress.maybe()
    outcome = run_check(
        file,
        options,
        columns={
            "start": start_col,
            "released": released_col,
            "tz": tz_col,
            "start_time": start_time_col,
            "released_time": released_time_col,
        },
        delimiter={"auto": None, "tab": "\t"}.get(delimiter, delimiter),
        encoding=encoding,
        fmt=fmt,
        output=output,
        only_flagged=only == "flagged",
        spreadsheet_safe_cells=spreadsheet_safe,
        table=TableSink() if fmt == "table" else None,
        progress=progress,
        on_header=letters_for,
    )
    if progress is not None:
        progress.stop()
    figures = outcome.summary.figures(bed_cost)
    if options.policies is not None:
        from holdcalc.core.limits import notice  # noqa: PLC0415

        figures["policy_notice"] = notice(options.policies.table)
    print_summary(figures)
    if writers:
        from holdcalc.output.terminal import print_letters  # noqa: PLC0415

        print_letters(writers[0].records, writers[0].write_index())
    if summary_json:
        from holdcalc.roster.files import atomic_output  # noqa: PLC0415

        with atomic_output(summary_json) as handle:
            handle.write(json.dumps(figures, indent=2) + "\n")
    if figures["flagged"]:
        sys.exit(EXIT_FLAGGED)
    if figures["errors"]:
        sys.exit(EXIT_INVALID)


# --- policies -----------------------------------------------------------------------------


@main.command()
@click.option(
    "--at",
    "at_date",
    metavar="YYYY-MM-DD",
    help="List the policies in force on this day [default: all entries].",
)
@click.option("--jurisdiction", metavar="CODE", help="Only this jurisdiction (CA, US-NY-NYC, ...).")
@click.option(
    "--policy-file",
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="TOML file of policies that adds to or overrides the shipped table.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def policies(
    at_date: str | None, jurisdiction: str | None, policy_file: str | None, fmt: str
) -> None:
    """List state and local laws on holds, with their dates, kinds and citations.

    Entries not checked against the law's own text say so. Information, not legal
    advice: check the current law before relying on it.

    Example:

        holdcalc policies --at 2019-05-01 --jurisdiction CA
    """
    from holdcalc.core.limits import load_policies, notice  # noqa: PLC0415

    table = load_policies(policy_file)
    try:
        day = dt.date.fromisoformat(at_date) if at_date else None
    except ValueError:
        raise InputError(f"--at {at_date!r} is not a date; write it as YYYY-MM-DD") from None
    code = jurisdiction.upper() if jurisdiction else None
    chosen = [
        p
        for p in table.policies
        if (day is None or p.in_force(day)) and (code is None or p.jurisdiction == code)
    ]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "as_of": table.as_of.isoformat(),
                    "notice": notice(table),
                    "at": day.isoformat() if day else None,
                    "policies": [
                        {
                            "jurisdiction": p.jurisdiction,
                            "name": p.name,
                            "level": p.level,
                            "effective_from": p.effective_from.isoformat(),
                            "effective_to": p.effective_to.isoformat() if p.effective_to else None,
                            "kind": p.kind.value,
                            "conditions": p.conditions or None,
                            "hours": p.hours,
                            "counting": p.counting if p.hours else None,
                            "citation": p.citation,
                            "source": p.source,
                            "verified": p.verified,
                            "note": p.note,
                        }
                        for p in chosen
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"{notice(table)}.")
    if not chosen:
        where = f" for {code}" if code else ""
        click.echo(f"No policy in force{where}" + (f" on {day}" if day else "") + ".")
    for p in chosen:
        until = p.effective_to.isoformat() if p.effective_to else "in force"
        click.echo(f"\n{p.jurisdiction}  {p.name} ({p.level})")
        click.echo(
            f"  {p.effective_from.isoformat()} to {until}; {p.kind.value}"
            + (f": {p.conditions}" if p.conditions else "")
            + (f"; {p.hours:g} hours ({p.counting})" if p.hours else "")
        )
        click.echo(
            f"  {p.citation}" + ("" if p.verified else " [not verified against the law's text]")
        )
        if p.note:
            click.echo(f"  {p.note}")


# --- letter -------------------------------------------------------------------------------


@main.command()
@click.argument("start", required=False)
@rule_options
@click.option("--released", metavar="WHEN", help="When the person left local custody.")
@click.option("--still-held", is_flag=True, help="The person is still held (as of --as-of).")
@click.option("--as-of", metavar="WHEN", help="With --still-held: as of this time [default: now].")
@click.option("--name", help="The detained person's full name.")
@click.option("--facility", help="The jail or facility.")
@click.option("--booking", default="", help="Booking number.")
@click.option("--case", "case_number", default="", help="Criminal case number.")
@click.option("--addressee", default="", help="To whom [default: the facility's administrator].")
@click.option("--sender", default="", help="Who signs [default: the person].")
@click.option(
    "--custody-ended-by", default="", help='What ended criminal custody, e.g. "bail was posted".'
)
@click.option(
    "--date", "letter_date", metavar="YYYY-MM-DD", help="The letter's date [default: today]."
)
@letter_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True
)
@click.option("-o", "--output", metavar="FILE", help="Write the letter here (whole or not at all).")
@click.option("--draft", is_flag=True, help="Write it even though the hold has not expired.")
@click.option("--fields", "list_fields", is_flag=True, help="List the template fields and exit.")
@policy_options
def letter(
    start: str | None,
    tz: str | None,
    rule_key: str,
    hours: float | None,
    count_weekends: bool,
    holiday_set: str,
    state: str | None,
    extra: tuple[str, ...],
    holiday_file: str | None,
    dayfirst: bool,
    released: str | None,
    still_held: bool,
    as_of: str | None,
    name: str | None,
    facility: str | None,
    booking: str,
    case_number: str,
    addressee: str,
    sender: str,
    custody_ended_by: str,
    letter_date: str | None,
    kind: str,
    lang: str,
    template_path: str | None,
    fmt: str,
    output: str | None,
    draft: bool,
    list_fields: bool,
    jurisdiction: str | None,
    form: str | None,
    warrant: bool | None,
    meets: bool | None,
    policy_file: str | None,
) -> None:
    """Write a demand letter or a grievance for a hold that has run out.

    The demand goes to the jail's administrator: who is held, when criminal custody
    ended, the rule quoted and applied (expiry and excluded days), that a hold is a
    request and not a warrant, the hours held past expiry, and a demand for release
    and a written answer. The grievance is the person's own, in plain words. Both
    exist in English and Spanish (--lang es).

    Example:

    \b
        holdcalc letter "2024-11-27 16:30" --tz America/Chicago --still-held \\
            --name "Maria Garcia" --facility "Cook County Jail"
    """
    from holdcalc.letters.fields import (  # noqa: PLC0415
        FIELDS,
        Parties,
        fields_for,
        load_template,
        ready_for_demand,
        render,
    )

    if list_fields:
        width = max(len(field) for field in FIELDS)
        for field, meaning in FIELDS.items():
            click.echo(f"{field:<{width}}  {meaning}")
        return
    if start is None:
        raise click.UsageError("give START, the time criminal custody ended (or --fields)")
    if not name or not facility:
        raise click.UsageError("give --name and --facility: the letter needs both")
    _check_departure(released, still_held, as_of, required=True)
    from holdcalc.core.hold import hold_expiry  # noqa: PLC0415

    template, source = load_template(kind, lang, template_path)
    zone_name = _zone_name(tz)
    zone = get_zone(zone_name)
    expiry = hold_expiry(
        _instant(start, zone_name, dayfirst=dayfirst, what="START"),
        rule=_rule(rule_key, hours, count_weekends),
        calendar=_calendar(holiday_set, state, extra, holiday_file),
        zone=zone,
    )
    settings = _policy_settings(jurisdiction, form, warrant, meets, policy_file)
    left, when = _departure(released, still_held, as_of, zone_name, dayfirst)
    result, analysis = _letter_judgement(expiry, settings, left, when, draft=draft)
    if not ready_for_demand(result) and not draft:
        raise InputError(
            f"the hold has not expired: it expires {result.deadline.isoformat()} "
            f"({result.status.value}); a {kind} now would be wrong. Use --draft to write it anyway"
        )
    try:
        day = dt.date.fromisoformat(letter_date) if letter_date else _now().astimezone(zone).date()
    except ValueError:
        raise InputError(f"--date {letter_date!r} is not a date; write it as YYYY-MM-DD") from None
    parties = Parties(
        name=name,
        facility=facility,
        booking=booking,
        case_number=case_number,
        addressee=addressee,
        sender=sender,
        custody_ended_by=custody_ended_by,
        date=day,
    )
    text = render(
        template, fields_for(result, parties, lang, analysis=analysis), fmt=fmt, source=source
    )
    if output:
        from holdcalc.roster.files import atomic_output  # noqa: PLC0415

        with atomic_output(output) as handle:
            handle.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def _letter_judgement(
    expiry: Any, settings: Any, left: dt.datetime | None, when: dt.datetime | None, *, draft: bool
) -> tuple[Any, Any]:
    """The assessment a letter states, against the binding limit when one is asked for."""
    from holdcalc.core.hold import assess  # noqa: PLC0415

    if settings is None:
        return assess(expiry, released=left, as_of=when), None
    from holdcalc.core.limits import judge, notice  # noqa: PLC0415

    analysis = settings.analyse(expiry)
    judgement = judge(expiry, analysis, released=left, as_of=when)
    if judgement.undecided and not draft:
        raise InputError(
            f"whether the hold was overrun depends on whether {analysis.depends_on}; settle "
            "it with --warrant/--no-warrant or --meets-conditions/--fails-conditions "
            "(or use --draft)"
        )
    click.echo(f"holdcalc: {notice(settings.table)}.", err=True)
    policy = analysis.policy
    if policy is not None and not policy.verified:
        click.echo(
            f"holdcalc: the letter may cite {policy.name}, which is not verified against "
            "the law's text: check it before sending.",
            err=True,
        )
    return judgement.main, analysis


def run() -> None:
    """Entry point for `python -m holdcalc`."""
    main(prog_name="holdcalc")
