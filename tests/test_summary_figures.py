"""A run's figures of hours over, from parts merged as workers send them, against the
statistics module on the same hours (the median taken from sorted hours, not sorted
again for each figure)."""

from __future__ import annotations

import statistics

from hypothesis import given
from hypothesis import strategies as st

from holdcalc.roster.summary import Group, OverHours, Summary

hours = st.lists(st.integers(0, 2_000_000_000), max_size=40)


@given(st.lists(st.tuples(hours, hours, hours), max_size=5), st.none() | st.floats(1, 500))
def test_figures_of_hours_over_are_the_statistics_modules(
    parts: list[tuple[list[int], list[int], list[int]]], bed_cost: float | None
) -> None:
    whole = Summary()
    for late, held, stale in parts:
        part = Summary()
        for group, values in zip(Group, (late, held, stale), strict=True):
            part.centihours[group].extend(values)
        whole.merge(part.to_part())
    figures = whole.figures(bed_cost=bed_cost)
    every: list[int] = []
    for group in Group:
        values = [v for part in parts for v in part[list(Group).index(group)]]
        every += values
        _agree(figures.groups[group], values)
    _agree(figures.over_detention_hours, every)


def _agree(figure: OverHours, values: list[int]) -> None:
    assert figure.rows == len(values)
    assert figure.total == round(sum(values) / 100, 2)
    median = round(statistics.median(values) / 100, 2) if values else 0.0
    assert figure.median == median
    assert figure.max == (max(values) / 100 if values else 0.0)
