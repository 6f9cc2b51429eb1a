"""A run's figures of hours over, from parts merged as workers send them, against the
statistics module on the same hours (the median taken from sorted hours, not sorted
again for each figure)."""

from __future__ import annotations

import re
import statistics

from hypothesis import given
from hypothesis import strategies as st

from holdcalc.roster.summary import REASON_KINDS, Group, OverHours, Summary, reason_kind
from holdcalc.roster.verdicts import failed

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


def test_error_rows_are_counted_by_kind_of_reason_with_the_first_message() -> None:
    """Messages that differ only in their quoted values are one kind; the commonest kinds
    come first (of kinds as common, the first met), each with its first row's message,
    and the rest together."""
    summary = Summary()
    for message in (
        "column tz: unknown time zone 'Mars/Olympus_Mons'; give an IANA name",
        "column eligible_at: 'yesterday' is not a date and time with a year",
        "column tz: unknown time zone 'Moon'; give an IANA name",
        'column eligible_at: "it\'s" is not a date and time with a year',  # repr's quotes
        "column eligible_at: 'not a date' is not a date and time with a year",
        "row has 3 fields, the header has 4",
        "column released_at: '2024-08-22' is before the hold started ('2024-08-23')",
        "a kind of its own",
    ):
        summary.add(failed(message))
    assert summary.commonest_reasons() == (
        (3, "column eligible_at: 'yesterday' is not a date and time with a year", 2),
        (2, "column tz: unknown time zone 'Mars/Olympus_Mons'; give an IANA name", 1),
        (1, "row has 3 fields, the header has 4", 6),
        (2, "", 0),  # the two other kinds
    )
    reasons = summary.figures().as_json()["error_reasons"]
    assert isinstance(reasons, list)
    assert reasons[-1] == {"rows": 2, "first": None, "first_row": None}
    assert reasons[2] == {"rows": 1, "first": "row has 3 fields, the header has 4", "first_row": 6}


def test_reasons_merged_from_workers_keep_the_first_block_s_message() -> None:
    first, second, whole = Summary(), Summary(), Summary()
    first.add(failed("column tz: unknown time zone 'A'"))
    second.add(failed("column tz: unknown time zone 'B'"))
    second.add(failed("column tz: unknown time zone 'C'"))
    for part in (first, second):
        whole.merge(part.to_part())
    assert whole.commonest_reasons() == ((3, "column tz: unknown time zone 'A'", 1),)


def test_a_reason_s_first_row_is_numbered_among_the_run_s_rows() -> None:
    """A block's rows are numbered after the blocks merged before it, and a block whose
    rows were counted out of order (the columnar engine's) names each by its place."""
    first, second, whole = Summary(), Summary(reason_kinds=None), Summary()
    for _ in range(4):
        first.add(failed("column tz: unknown time zone 'A'"))
    second.add(failed("row has 3 fields, the header has 4"), 3)
    second.rows += 2  # the block's other two rows, judged over columns
    for part in (first, second):
        whole.merge(part.to_part())
    assert whole.rows == 7
    assert whole.commonest_reasons() == (
        (4, "column tz: unknown time zone 'A'", 1),
        (1, "row has 3 fields, the header has 4", 7),
    )


def test_kinds_of_reason_past_the_limit_are_counted_together() -> None:
    summary = Summary()
    for number in range(REASON_KINDS + 10):
        summary.add(failed("reason " + "x" * number))  # no two alike
    assert len(summary.reasons) == REASON_KINDS + 1  # the kinds kept, and one for the rest
    assert summary.reasons[""] == (10, "", REASON_KINDS + 1)
    shown = summary.commonest_reasons()
    assert shown[-1] == (REASON_KINDS + 10 - 3, "", 0)
    assert sum(rows for rows, _, _ in shown) == REASON_KINDS + 10


def test_a_kind_of_reason_is_the_message_without_its_values() -> None:
    assert reason_kind("a 'b' \"c\" d") == "a '...' '...' d"
    assert (
        reason_kind(
            "column tz: unknown time zone 'Amrica/Chicago' (did you mean America/Chicago?); "
            "give an IANA name"
        )
        == "column tz: unknown time zone '...'; give an IANA name"
    )
    assert (
        reason_kind("row has 3 fields, the header has 14") == "row has # fields, the header has #"
    )
    escaped = "cell 'it\\'s' and \"a \\\" b\" end"  # cell 'it\'s' and "a \" b" end
    assert reason_kind(escaped) == "cell '...' and '...' end"


# A quoted value as the plainest pattern says it: any character but the quote mark or a
# backslash, or a backslash and the character after it, one at a time.
PLAIN_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


@given(st.text(st.sampled_from("ab '\"\\()1\n"), max_size=24))
def test_a_kind_of_reason_finds_quoted_values_as_the_plainest_pattern(message: str) -> None:
    """The quoted values reason_kind removes are those the plainest pattern finds, for
    texts of quote marks, backslashes, brackets, digits and line ends in any order."""
    expected = re.sub(r"\d+", "#", re.sub(r" ?\([^()]*\)", "", PLAIN_QUOTED.sub("'...'", message)))
    assert reason_kind(message) == expected


@given(
    st.lists(st.integers(0, REASON_KINDS + 40), max_size=400),
    st.lists(st.integers(1, 60), min_size=1, max_size=12),
)
def test_blocks_merged_in_order_count_reasons_as_one_summary_does(
    kinds: list[int], sizes: list[int]
) -> None:
    """However the rows are cut into blocks (a block's summary keeps every kind), the
    run's figures of reasons are those of the rows added to one summary."""
    messages = [f"reason {'x' * kind} of row {row}" for row, kind in enumerate(kinds)]
    one = Summary()
    for message in messages:
        one.add(failed(message))
    merged, at = Summary(), 0
    while at < len(messages):
        block = Summary(reason_kinds=None)
        for message in messages[at : at + sizes[at % len(sizes)]]:
            block.add(failed(message))
        at += sizes[at % len(sizes)]
        merged.merge(block.to_part())
    assert merged.reasons == one.reasons
    assert merged.commonest_reasons() == one.commonest_reasons()


def test_a_block_of_more_kinds_than_a_run_keeps_merges_as_one_summary_does() -> None:
    first = [f"early {'y' * n}" for n in range(5)]
    second = [f"late {'x' * n}" for n in range(REASON_KINDS + 10)] + first
    one, merged = Summary(), Summary()
    for message in first + second:
        one.add(failed(message))
    for messages in (first, second):
        block = Summary(reason_kinds=None)
        for message in messages:
            block.add(failed(message))
        merged.merge(block.to_part())
    assert merged.reasons == one.reasons
    assert merged.reasons[first[0]] == (2, first[0], 1)  # a kept kind counts every block's rows
