"""Letters for the overrun rows of a roster: one file each, and an index beside them.

The writer is handed each over-detained or expired row with the row's own verdict;
it asks the roster for the account of that verdict (the expiry's day-by-day ledger
and the binding-limit analysis) and never judges a row itself.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
import re
from collections.abc import Sequence

from holdcalc.core.errors import InputError
from holdcalc.letters.fields import Parties, fields_for
from holdcalc.letters.template import LetterSettings, load_template, render
from holdcalc.roster.columns import Role, find_column
from holdcalc.roster.files import atomic_output
from holdcalc.roster.rows import RowJudge
from holdcalc.roster.verdicts import RowVerdict

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))} | {
    f"lpt{i}" for i in range(10)
}


def safe_file_name(value: str, fallback: str, suffix: str) -> str:
    """A file name that stays inside its folder on any file system."""
    stem = _SAFE.sub("_", value.strip()).strip("._")[:80] or fallback
    if stem.lower().split(".")[0] in _RESERVED:
        stem = f"_{stem}"
    return f"letter-{stem}{suffix}"


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
    """Writes one letter per overrun row, and keeps a record of each."""

    def __init__(self, plan: LetterPlan, judge: RowJudge) -> None:
        self.plan = plan
        self.judge = judge
        self.records: list[LetterRecord] = []
        self._used: set[str] = set()

    def _cell(self, row: Sequence[str], role: Role) -> str:
        index = self.plan.cells[role]
        return row[index].strip() if index is not None and index < len(row) else ""

    def __call__(self, number: int, row: list[str], verdict: RowVerdict) -> None:
        booking, name = self._cell(row, Role.BOOKING), self._cell(row, Role.NAME)

        def record(path: str | None, note: str) -> None:
            status = verdict.status.value
            self.records.append(LetterRecord(number, booking, name, status, path, note))

        try:
            text = self._text(row, verdict, booking, name)
        except InputError as exc:
            record(None, str(exc))
            return
        if text is None:
            record(None, "no letter: the start or release has no time")
            return
        path = os.path.join(self.plan.folder, self._file_name(booking, number))
        with atomic_output(path) as handle:
            handle.write(text)
        record(path, "")

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

    def write_index(self) -> str:
        """An index.csv of the letters beside them; returns its path."""
        path = os.path.join(self.plan.folder, "index.csv")
        with atomic_output(path) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["row", "booking", "name", "hold_status", "letter", "note"])
            for r in self.records:
                letter = os.path.basename(r.path) if r.path else ""
                writer.writerow([r.row, r.booking, r.name, r.status, letter, r.note])
        return path
