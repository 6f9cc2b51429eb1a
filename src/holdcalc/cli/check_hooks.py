"""The files a `check` run writes after its rows: the summary figures, the calendar and
the report (the watchers that gather them are holdcalc.jobs.watchers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from holdcalc.cli.options import write_text

if TYPE_CHECKING:
    from holdcalc.cli.check import SummarySettings
    from holdcalc.jobs.report import ReportRun
    from holdcalc.jobs.watchers import Gathered


def write_files(
    summary: SummarySettings, figures: dict[str, Any], gathered: Gathered, run: ReportRun
) -> None:
    """The summary figures, the calendar and the report, when asked for."""
    import json  # noqa: PLC0415

    if summary.summary_json:
        write_text(summary.summary_json, json.dumps(figures, indent=2) + "\n")
    if gathered.calendars:
        write_text(summary.ics, gathered.calendars[0].text())
    if gathered.reports:
        from holdcalc.jobs.report import report_page  # noqa: PLC0415
        from holdcalc.output.report_html import ReportSettings  # noqa: PLC0415

        settings = ReportSettings(
            title=summary.report_title or ReportSettings.title,
            names=summary.report_names,
            bed_cost=summary.bed_cost,
        )
        write_text(summary.report, report_page(gathered.reports[0], figures, run, settings))
