"""The command line: options become settings objects, the core is called, results are
rendered. No hold logic lives here. This module holds the group, the one place that
maps errors to exit codes, and how the command line names each setting."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, NoReturn

import click

from holdcalc import __version__
from holdcalc.core.errors import (
    WRITE_ERRNOS,
    ColumnError,
    HoldcalcError,
    OutputError,
    Setting,
    WorkerLost,
)

# Exit codes, documented in the README. Mapped in HoldcalcGroup.invoke and nowhere else.
EXIT_OK = 0
EXIT_FLAGGED = 1  # over-detained, possibly over-detained or expired
EXIT_USAGE = 2  # click's own code for usage errors
EXIT_INVALID = 3  # a value (date, zone, holiday line, row) cannot be used
EXIT_IO = 4  # an output file could not be written
EXIT_INTERNAL = 70  # a bug: please report it
EXIT_SIGNAL = 128  # plus the signal's number: 130 for Ctrl-C, 143 for SIGTERM, 129 SIGHUP

# How error messages name each setting on the command line.
FLAG_WORDS: dict[Setting, str] = {
    Setting.ZONE: "--tz",
    Setting.DAYFIRST: "--dayfirst",
    Setting.HOURS: "the --hours value",
    Setting.ENCODING: "--encoding",
    Setting.START_COLUMN: "--start-col",
    Setting.RELEASED_COLUMN: "--released-col",
    Setting.TZ_COLUMN: "--tz-col",
    Setting.START_TIME_COLUMN: "--start-time-col",
    Setting.RELEASED_TIME_COLUMN: "--released-time-col",
    Setting.NAME_COLUMN: "--name-col",
    Setting.FACILITY_COLUMN: "--facility-col",
    Setting.POLICY_FILE: "--policy-file",
    Setting.POLICY_LIST: "holdcalc policies",
    Setting.FIELD_LIST: "holdcalc letter --fields",
    Setting.OUTPUT: "-o",
    Setting.HOLIDAYS: "--holidays none",
    Setting.STILL_HELD: "--still-held",
    Setting.OVERWRITE: "--overwrite",
    Setting.SUMMARY_FILE: "--summary-json",
    Setting.DATE_FORMAT: "--date-format",
    Setting.GROUP_BY: "--group-by",
    Setting.BOOKED_COLUMN: "--booked-col",
    Setting.DISPOSITION_COLUMN: "--disposition-col",
    Setting.HOLD_MATCH: "--hold-match",
    Setting.CALENDAR_FILE: "--ics",
    Setting.REPORT_FILE: "--report",
    Setting.DRAFT: "--draft",
    Setting.FACTS: "--warrant/--no-warrant or --meets-conditions/--fails-conditions",
    Setting.HEADER_ROW: "--header-row N",
    Setting.NULL_VALUE: "--null-value",
}


class Interrupted(BaseException):
    """A signal asked the run to stop (SIGTERM, SIGHUP): unwound like Ctrl-C, so every
    partial output is removed, then exit 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def _catch_signals() -> None:
    import signal  # noqa: PLC0415

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            try:
                signal.signal(number, _interrupted)
            except ValueError:  # not the main thread (an embedding program): leave them
                return


class Flagged(Exception):
    """A command found an overrun hold: exit 1 once its output is written."""


class RowsInError(Exception):
    """A batch had rows that could not be judged and none flagged: exit 3."""


# Each command lives in its own module, imported only when that command runs (click's
# lazy-loading pattern), so `holdcalc expire` never loads the roster or letter machinery.
COMMANDS = {
    "check": "holdcalc.cli.check",
    "completion": "holdcalc.cli.completion",
    "expire": "holdcalc.cli.expire",
    "holidays": "holdcalc.cli.holidays",
    "letter": "holdcalc.cli.letter",
    "policies": "holdcalc.cli.policies",
    "serve": "holdcalc.cli.serve",
}


class HoldcalcGroup(click.Group):
    """Maps errors and outcomes to exit codes with a one-line message: the only such place.

    HOLDCALC_DEBUG=1 shows the traceback of an internal error instead of the one line.
    Commands are loaded on first use; each registers itself on `main` when imported.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            importlib.import_module(COMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # the group's own options (holdcalc --bogus)
            _usage(exc)

    def invoke(self, ctx: click.Context) -> Any:
        _catch_signals()
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            _usage(exc)
        except KeyboardInterrupt:
            _fail("interrupted; nothing was written over", EXIT_SIGNAL + 2)
        except Interrupted as exc:
            _fail(
                f"stopped by signal {exc.signum}; nothing was written over",
                EXIT_SIGNAL + exc.signum,
            )
        except Flagged:
            sys.exit(EXIT_FLAGGED)
        except RowsInError:
            sys.exit(EXIT_INVALID)
        except OutputError as exc:
            _fail(exc.render(FLAG_WORDS), EXIT_IO)
        except WorkerLost as exc:  # as if the run itself had been stopped by that signal
            _fail(exc.render(FLAG_WORDS), EXIT_SIGNAL + exc.signum if exc.signum else EXIT_INTERNAL)
        except ColumnError as exc:
            _fail(exc.render(FLAG_WORDS), EXIT_USAGE)
        except HoldcalcError as exc:  # InputError and the rest: a value cannot be used
            _fail(exc.render(FLAG_WORDS), EXIT_INVALID)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as other Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except OSError as exc:
            if exc.errno not in WRITE_ERRNOS:
                _internal(exc)
            _fail(f"standard output cannot be written: {exc.strerror}", EXIT_IO)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            _internal(exc)


def _internal(exc: Exception) -> NoReturn:
    if os.environ.get("HOLDCALC_DEBUG"):
        raise exc
    _fail(
        f"internal error ({type(exc).__name__}: {exc}); please report it, and rerun "
        "with HOLDCALC_DEBUG=1 for the details",
        EXIT_INTERNAL,
    )


def _usage(exc: click.UsageError) -> NoReturn:
    """A usage error as one line, the help to read named at its end (click prints three)."""
    message = " ".join(exc.format_message().split())
    where = exc.ctx.command_path if exc.ctx is not None else "holdcalc"
    _fail(f"{message} (see '{where} --help')", exc.exit_code)


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


def run() -> None:
    """Entry point for `python -m holdcalc`."""
    main(prog_name="holdcalc")


__all__ = [
    "COMMANDS",
    "EXIT_FLAGGED",
    "EXIT_INTERNAL",
    "EXIT_INVALID",
    "EXIT_IO",
    "EXIT_OK",
    "EXIT_SIGNAL",
    "EXIT_USAGE",
    "FLAG_WORDS",
    "main",
    "run",
]
