"""`holdcalc completion`: the shell's completion script, as click writes it."""

from __future__ import annotations

import click

from holdcalc.cli import main

SHELLS = ("bash", "zsh", "fish")


@main.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion_command(shell: str) -> None:
    """Print the completion script for SHELL (bash, zsh or fish).

    Install it once, e.g. for bash: add the line below to ~/.bashrc. Commands,
    options and their choices then complete with Tab.

    Example:

        eval "$(holdcalc completion bash)"
    """
    from click.shell_completion import get_completion_class  # noqa: PLC0415

    completion = get_completion_class(shell)
    assert completion is not None  # every shell offered is one click knows
    script = completion(main, {}, "holdcalc", "_HOLDCALC_COMPLETE").source()
    click.echo(script)
