"""What a batch run says on stderr as it goes and when it ends: progress, the summary,
the letters written. rich is imported only when stderr is a terminal: a run into a
pipe or a file (the usual batch) does not pay for it."""

from __future__ import annotations

import atexit
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from holdcalc.roster.summary import Group

if TYPE_CHECKING:
    from holdcalc.roster.summary import RunFigures


def _terminal() -> bool:
    return sys.stderr.isatty() or bool(os.environ.get("FORCE_COLOR"))


def _stderr_console() -> Any:
    from holdcalc.output.terminal import console  # noqa: PLC0415  (rich: slow)

    return console(stderr=True)


class Progress:
    """A progress line on stderr, only on a terminal, only once a run takes a moment."""

    def __init__(self) -> None:
        self._began = time.monotonic()
        self._live: Any = None

    def stop(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    @classmethod
    def maybe(cls) -> Progress | None:
        if not sys.stderr.isatty() or os.environ.get("CI"):
            return None
        return cls()

    def __call__(self, rows: int) -> None:
        if self._live is None:
            if time.monotonic() - self._began < 0.5:
                return
            from rich.progress import Progress as RichProgress  # noqa: PLC0415
            from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn  # noqa: PLC0415

            self._live = RichProgress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=_stderr_console(),
                transient=True,
            )
            self._live.start()
            self._task = self._live.add_task("checking")
            atexit.register(self.stop)
        self._live.update(self._task, description=f"checked {rows:,} rows")


def print_summary(figures: RunFigures) -> None:
    """The batch summary on stderr: a table on a terminal, plain lines otherwise."""
    over = figures.over_detention_hours
    lines = [("rows read", f"{figures.rows:,}")]
    lines += [(status, f"{count:,}") for status, count in figures.statuses.items()]
    if figures.blank_lines_skipped:
        lines.append(("blank lines skipped", f"{figures.blank_lines_skipped:,}"))
    lines += group_lines(figures)
    stale = figures.groups.get(Group.STALE)
    both = " (stale rows included)" if stale is not None and stale.rows else ""
    lines += [
        (f"over-detention hours, total{both}", f"{over.total:,.2f}"),
        (f"over-detention hours, median{both}", f"{over.median:,.2f}"),
        (f"over-detention hours, max{both}", f"{over.max:,.2f}"),
    ]
    if figures.policy_notice is not None:
        lines.append(("binding limits", figures.policy_notice))
    if figures.bed_cost_per_day is not None and figures.over_detention_cost is not None:
        cost = f"cost at ${figures.bed_cost_per_day:,.2f}/day{both}"
        lines.append((cost, f"${figures.over_detention_cost:,.2f}"))
    reasons = _labelled(_reason_lines(figures))
    if _terminal():
        from holdcalc.output.terminal import summary_table  # noqa: PLC0415  (rich: slow)

        if summary_table(lines):
            sys.stderr.write(reasons)  # whole lines, under the table: messages are long
            return
    sys.stderr.write(_labelled(lines) + reasons)


def _labelled(lines: list[tuple[str, str]]) -> str:
    """`label: value` lines, as the summary writes them where there is no table."""
    return "".join(f"{label}: {value}\n" for label, value in lines)


def _reason_lines(figures: RunFigures) -> list[tuple[str, str]]:
    """Why rows could not be judged: the commonest kinds of reason, each with the first
    row's number (among the rows judged, as the output has them) and message, then the
    others together."""
    return [
        (
            f"error rows ({rows:,})" + (f" like row {row:,}" if first else ""),
            first or "other reasons (each row's is in its hold_error cell)",
        )
        for rows, first, row in figures.error_reasons
    ]


GROUP_LABELS = {
    Group.RELEASED_LATE: "released late (over-detained)",
    Group.STILL_HELD: "still held past the limit (expired)",
    Group.STALE: "no departure recorded, probably released (expired, stale)",
}


def group_lines(figures: RunFigures) -> list[tuple[str, str]]:
    """The kinds of excess, each apart: rows, and hours and days past the limit (none
    counted for stale rows, whose departure is unknown)."""
    lines = []
    for group, hours in figures.groups.items():
        if group is Group.STALE:
            if hours.rows:
                after = figures.stale_after_days
                began = f"hold began over {after:g} days before the as-of time"
                lines.append((GROUP_LABELS[group], f"{hours.rows:,} ({began})"))
            continue
        text = f"{hours.rows:,}, {hours.total:,.2f} hours ({hours.days:,.2f} days)"
        if hours.cost is not None:
            text += f", ${hours.cost:,.0f}"
        lines.append((GROUP_LABELS[group], text))
    held = figures.held
    if held.holds:
        text = f"{held.holds:,} holds, {held.days:,.2f} days"
        if held.cost is not None:
            text += f", ${held.cost:,.0f}"
        lines.append(("days held on holds that ended", text))
    return lines


def print_letters(records: Sequence[Any], index: str) -> None:
    """Which letters were written (and which rows got none, and why) on stderr."""
    written = [r for r in records if r.path]
    skipped = [r for r in records if not r.path]
    lines = [f"letters written: {len(written)} (index: {index})"]
    lines += [f"  {r.path}" for r in written[:20]]
    if len(written) > 20:
        lines.append(f"  ... and {len(written) - 20} more, listed in the index")
    for record in skipped[:20]:
        lines.append(f"  row {record.row} ({record.booking or 'no booking'}): {record.note}")
    if len(skipped) > 20:
        lines.append(f"  ... and {len(skipped) - 20} more rows without a letter, in the index")
    sys.stderr.write("\n".join(lines) + "\n")
