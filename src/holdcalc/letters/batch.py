"""Letters for the overrun rows of a roster: one file each, and an index beside them.

The writer is handed each over-detained or expired row with the row's own verdict;
it asks the roster for the account of that verdict (the expiry's day-by-day ledger
and the binding-limit analysis) and never judges a row itself.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Sequence

from holdcalc.core.errors import InputError, OutputError, Setting
from holdcalc.core.files import Claims, safe_stem
from holdcalc.core.verdict import OVERRUN
from holdcalc.letters.fields import Parties, fields_for
from holdcalc.letters.template import LetterSettings, load_template, render
from holdcalc.roster.columns import Role, cell, find_column
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.summary import is_long_overrun
from holdcalc.roster.verdicts import RowVerdict

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))} | {
    f"lpt{i}" for i in range(10)
}


def safe_file_name(value: str, fallback: str, suffix: str) -> str:
    """A file name that stays inside its folder on any file system."""
    stem = safe_stem(value, fallback)
    if stem.lower().split(".")[0] in _RESERVED:
        stem = f"_{stem}"
    return f"letter-{stem}{suffix}"


# Beside a letter for a row past its limit by over a year, in the index.
LONG_NOTE = (
    "check before sending: past the limit by more than a year, which a placeholder date "
    "or a mistyped year explains more often than a hold"
)


@dataclasses.dataclass(frozen=True)
class LetterPlan:
    """How to write the letters of a batch: where, what, and from which columns."""

    folder: str
    settings: LetterSettings
    template: str
    source: str
    cells: dict[Role, int | None]
    today: dt.date


@dataclasses.dataclass(frozen=True)
class LetterRecord:
    row: int
    booking: str
    name: str
    status: str
    path: str | None
    note: str


def plan_letters(
    header: Sequence[str],
    folder: str,
    settings: LetterSettings,
    named: dict[Role, str | None],
    today: dt.date,
) -> LetterPlan:
    """Find the name, facility, booking and case columns and load the template, before
    any row is read. `named` holds the column names the user gave, by role."""
    template, source = load_template(settings.kind, settings.lang, settings.template_path)
    roles = (Role.NAME, Role.FACILITY, Role.BOOKING, Role.CASE)
    cells = {role: find_column(header, role, named.get(role)) for role in roles}
    return LetterPlan(folder, settings, template, source, cells, today)


class LetterWriter:
    """Writes one letter per overrun row, and keeps a record of each.

    Letters are written into a staging folder inside the letters folder and moved into
    place by `commit` once the whole run has succeeded: a run that fails midway (or is
    interrupted) leaves the folder as it was. An existing file is replaced only with
    `overwrite`, and never when it is the run's input or another of its outputs."""

    statuses = OVERRUN  # the rows it is told of: over-detained and expired

    def __init__(self, plan: LetterPlan, judge: RowJudge, folder: LetterFolder) -> None:
        self.plan = plan
        self.judge = judge
        self.folder = folder
        self.records: list[LetterRecord] = []
        self._used: set[str] = set()
        self._staging = folder.staging()

    def _cell(self, row: Sequence[str], role: Role) -> str:
        return cell(row, self.plan.cells[role])

    def __call__(self, number: int, row: list[str], verdict: RowVerdict) -> None:
        booking, name = self._cell(row, Role.BOOKING), self._cell(row, Role.NAME)

        def record(path: str | None, note: str) -> None:
            status = verdict.status.value
            self.records.append(LetterRecord(number, booking, name, status, path, note))

        try:
            text = self._text(row, verdict, booking, name)
        except InputError as exc:  # worded as the run words its settings (the CLI: flags)
            record(None, exc.render(self.judge.settings.words))
            return
        if text is None:
            record(None, "no letter: the start or release has no time")
            return
        file_name = self._file_name(booking, number)
        with open(os.path.join(self._staging, file_name), "w", encoding="utf-8") as handle:
            handle.write(text)
        note = LONG_NOTE if is_long_overrun(verdict) else ""
        record(os.path.join(self.plan.folder, file_name), note)

    def _text(self, row: list[str], verdict: RowVerdict, booking: str, name: str) -> str | None:
        account = self.judge.account(row, verdict)
        if account is None:
            return None
        analysis = account.analysis
        plan = self.plan
        parties = Parties(
            name=name or "(name not given)",
            facility=self._cell(row, Role.FACILITY) or "(facility not given)",
            booking=booking,
            case_number=self._cell(row, Role.CASE),
            date=plan.today,
        )
        fields = fields_for(account.assessment, parties, plan.settings.lang, analysis=analysis)
        return render(plan.template, fields, fmt=plan.settings.fmt, source=plan.source)

    def _file_name(self, booking: str, number: int) -> str:
        suffix = ".md" if self.plan.settings.fmt == "markdown" else ".txt"
        file_name = safe_file_name(booking, f"row{number}", suffix)
        stem = file_name[: -len(suffix)]
        serial = 2
        while file_name in self._used:
            file_name = f"{stem}-{serial}{suffix}"
            serial += 1
        self._used.add(file_name)
        return file_name

    def commit(self) -> str:
        """Write index.csv beside the letters and move them all into the folder; returns
        the index's path."""
        with open(os.path.join(self._staging, INDEX), "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["row", "booking", "name", "hold_status", "letter", "note"])
            for r in self.records:
                letter = os.path.basename(r.path) if r.path else ""
                writer.writerow([r.row, r.booking, r.name, r.status, letter, r.note])
        self.folder.move_in(self._staging, [*self._used, INDEX])
        return os.path.join(self.plan.folder, INDEX)

    def discard(self) -> None:
        """Leave the folder as it was before the run."""
        self.folder.discard(self._staging)


INDEX = "index.csv"


@dataclasses.dataclass
class LetterFolder:
    """The folder a batch writes letters into, checked before any row is read."""

    path: str
    claims: Claims
    overwrite: bool = False
    created: bool = False

    def prepare(self) -> None:
        """Make the folder if needed; refuse one whose index would be replaced unasked."""
        if os.path.exists(self.path) and not os.path.isdir(self.path):
            raise OutputError(f"the letters folder {self.path!r} is a file; give a folder")
        index = os.path.join(self.path, INDEX)
        self._check(index)
        if not os.path.isdir(self.path):
            try:
                os.makedirs(self.path)
            except OSError as exc:
                raise OutputError(
                    f"cannot make the letters folder {self.path!r}: {exc.strerror}"
                ) from None
            self.created = True

    def _check(self, target: str) -> None:
        taken = self.claims.is_taken(target)
        if taken is not None:
            raise OutputError(f"{target!r} is ", *taken, "; write the letters to another folder")
        if os.path.lexists(target) and not self.overwrite:
            raise OutputError(
                f"{target!r} already exists; choose another folder, or pass ",
                Setting.OVERWRITE,
                " to replace the letters in it",
            )

    def staging(self) -> str:
        try:
            return tempfile.mkdtemp(dir=self.path, prefix=".holdcalc-letters-")
        except OSError as exc:
            raise OutputError(f"cannot write in {self.path!r}: {exc.strerror}") from None

    def move_in(self, staging: str, names: Sequence[str]) -> None:
        """Move the staged files into the folder, after checking every one of them."""
        try:
            for name in names:
                self._check(os.path.join(self.path, name))
        except OutputError:
            self.discard(staging)
            raise
        for name in names:
            os.replace(os.path.join(staging, name), os.path.join(self.path, name))
        os.rmdir(staging)

    def discard(self, staging: str) -> None:
        shutil.rmtree(staging, ignore_errors=True)
        if self.created:
            with contextlib.suppress(OSError):
                os.rmdir(self.path)
