"""The campaign report: one self-contained HTML page, its charts static SVG.

Charts are drawn by matplotlib and the page by a Jinja2 template that escapes every
value (the `report` extra, imported only when a report is asked for). Roster text
reaches the page only as escaped text: in the template by autoescaping, in a chart
by matplotlib's SVG writer, with `$` escaped first so that no label is read as
mathematics. The page makes no network request and runs no script.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.resources
import io
import re
from typing import Any

from holdcalc.core.extras import extra
from holdcalc.output.headline import Scope, holds_judged, human_day, sentence
from holdcalc.output.records import DISCLAIMER
from holdcalc.output.report_data import ReportFigures
from holdcalc.output.report_series import (
    Series,
    facility_series,
    hours_series,
    longest,
    month_series,
    stale_cases,
    stays,
    weekday_series,
)
from holdcalc.roster.summary import RunFigures

MISSING = "the report needs the report extra: pip install 'holdcalc[report]'"
LABEL_CHARS = 40  # a chart's bar label is cut here; the table beside it has it whole
BAR, LIGHT = "#1f5f8b", "#a9c6dc"  # the bars, and a whole beside its marked part


@dataclasses.dataclass(frozen=True)
class ReportSettings:
    """What the page says of itself: its title, whether names are shown, the bed cost."""

    title: str = "ICE hold over-detention report"
    names: bool = False
    bed_cost: float | None = None
    lang: str = "en"  # the headline sentence's language (en, es)


@dataclasses.dataclass(frozen=True)
class Method:
    """How the run counted, in sentences a reader can check."""

    rule: str  # the rule's name and what it counts
    citation: str
    calendar: str
    zones: str
    as_of: str  # the time rows still held were judged at, as the page shows it
    as_of_iso: str | None  # the same, for a <time> element; None for a local wall-clock time
    limits: str | None = None  # the law-table notice, when binding limits were judged
    agency: str | None = None
    per_charge: bool = False
    ended_by_hold_row: bool = False  # no departure column: holds ended at their rows' release
    jurisdiction: str | None = None  # the place whose law was judged, when one was given
    as_of_moment: dt.datetime | None = None  # the as-of time, when not a wall-clock time


def render_report(
    figures: ReportFigures, summary: RunFigures, method: Method, settings: ReportSettings
) -> str:
    """The whole page."""
    jinja2 = _library("jinja2")
    series = [hours_series(figures), *month_series(figures), weekday_series(figures)]
    by_facility = facility_series(figures)
    if by_facility is not None:
        series.append(by_facility)
    environment = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    source = importlib.resources.files("holdcalc").joinpath("data/report.html.j2")
    template = environment.from_string(source.read_text(encoding="utf-8"))
    markup = _library("markupsafe").Markup
    charts = [(one, markup(chart_svg(one))) for one in series]
    return str(
        template.render(
            settings=settings,
            method=method,
            summary=summary,
            as_of=_as_of_text(method),
            headline=sentence(
                summary, scope_of(figures, summary, method, settings.lang), settings.lang
            ),
            groups={group.name.lower(): hours for group, hours in summary.groups.items()},
            holds=holds_judged(summary),
            charts=charts,
            longest=longest(figures),
            stale=stale_cases(figures),
            stays=stays(figures),
            errors=error_lines(figures),
            disclaimer=DISCLAIMER,
        )
    )


def _as_of_text(method: Method) -> str:
    moment = method.as_of_moment
    return method.as_of if moment is None else human_day(moment, "en")


def scope_of(figures: ReportFigures, summary: RunFigures, method: Method, lang: str) -> Scope:
    """The period, place and as-of time the headline sentence names."""
    months = sorted(key for key, tally in figures.months.items() if tally.holds)
    named = {name for name in figures.facilities if name.strip()}
    place = named.pop() if len(named) == 1 else method.jurisdiction
    moment = method.as_of_moment
    as_of = method.as_of if moment is None else human_day(moment, lang)
    first, last = (months[0], months[-1]) if months else (None, None)
    return Scope(first, last, place, as_of, summary.stale_after_days)


ERROR_LINES = 30  # reasons listed one by one; the rest are counted together


def error_lines(figures: ReportFigures) -> list[tuple[str, int]]:
    """Why rows could not be judged, the commonest reasons first."""
    reasons = figures.errors.most_common()
    if len(reasons) <= ERROR_LINES:
        return reasons
    rest = sum(count for _, count in reasons[ERROR_LINES - 1 :])
    others = f"{len(reasons) - ERROR_LINES + 1:,} other reasons (see the hold_error column)"
    return [*reasons[: ERROR_LINES - 1], (others, rest)]


def chart_svg(series: Series) -> str:
    """A bar chart of the series as an SVG element, its title and description inside."""
    matplotlib = _library("matplotlib")
    matplotlib.use("Agg")
    style = {"svg.fonttype": "none", "svg.hashsalt": series.key, "font.size": 11}
    with matplotlib.rc_context(style):  # the text is sized as it is made
        figure = _figure(series)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _inline(buffer.getvalue(), series)


def _figure(series: Series) -> Any:
    from matplotlib.figure import Figure  # noqa: PLC0415  (the report extra)
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    labels = [_chart_label(label) for label in series.labels]
    horizontal = series.key == "facilities"
    # Drawn about as wide as a phone's page, so that its text stays legible there.
    height = max(3.0, 0.3 * len(labels) + 1) if horizontal else 3.2
    figure = Figure(figsize=(5.0, height), layout="constrained")
    axes = figure.subplots()
    places = range(len(labels))
    if horizontal:
        axes.barh(places, series.values, color=BAR)
        axes.set_yticks(places, labels)
        axes.invert_yaxis()
        axes.set_xlabel(series.value_name)
    else:
        axes.bar(places, series.values, color=LIGHT if series.marked else BAR)
        if series.marked:
            axes.bar(places, series.marked, color=BAR)
            axes.legend([series.value_name, series.marked_name], loc="upper left", frameon=False)
        step = max(1, len(labels) // 12)
        axes.set_xticks(places[::step], labels[::step], rotation=45 if step > 1 else 0)
        axes.set_ylabel(series.value_name)
        if len(labels) > 5:
            axes.tick_params(axis="x", labelrotation=45)
    value_axis = axes.xaxis if horizontal else axes.yaxis
    value_axis.set_major_locator(MaxNLocator(integer=True))  # counts of holds are whole
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def _chart_label(text: str) -> str:
    cut = text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
    return cut.replace("\\", "\\\\").replace("$", r"\$")


def _inline(svg: str, series: Series) -> str:
    """The <svg> element alone, sized by the page, labelled for a screen reader."""
    from markupsafe import escape  # noqa: PLC0415  (Jinja2's own escaper)

    body = svg[svg.index("<svg") :]
    body = re.sub(r'<svg [^>]*?width="[^"]*" height="[^"]*"', _open_tag(series), body, count=1)
    key, title, description = series.key, escape(series.title), escape(series.description)
    head = f'<title id="{key}-title">{title}</title><desc id="{key}-desc">{description}</desc>'
    return body.replace(">", ">" + head, 1)


def _open_tag(series: Series) -> str:
    return (
        f'<svg role="img" aria-labelledby="{series.key}-title {series.key}-desc" '
        'class="chart" preserveAspectRatio="xMinYMin meet"'
    )


def require() -> None:
    """Fail before any work is done when the report extra is missing."""
    for name in ("jinja2", "markupsafe", "matplotlib"):
        _library(name)


def _library(name: str) -> Any:
    return extra(name, MISSING)
