from __future__ import annotations

import re

from service.html.highlight import Mark, highlight
from service.html.svg import Interval, range_chart, step_line


def test_overlapping_marks_split_and_carry_every_claim() -> None:
    html = highlight(
        "a <b> c",
        [Mark(0, 5, "src-0", "A", {"claim": "c1"}), Mark(2, 7, "src-1", "B", {"claim": "c2"})],
        tag="mark",
    )
    assert html == (
        '<mark class="src-0" title="A" data-claim="c1">a </mark>'
        '<mark class="src-0 src-1" title="A | B" data-claim="c1 c2">&lt;b&gt;</mark>'
        '<mark class="src-1" title="B" data-claim="c2"> c</mark>'
    )


def test_range_chart_draws_points_ranges_open_bounds_and_the_dispute() -> None:
    svg = range_chart(
        "Armenia soldiers captured",
        [
            Interval("Ministry A", 13, 13, "#E69F00"),
            Interval("Ministry B", 10, 14, "#56B4E9"),
            Interval("Outlet", None, 70, "#009E73", note="superseded"),
        ],
        best=13,
        disputed=True,
    )
    assert 'aria-label="Armenia soldiers captured (disputed)"' in svg
    assert svg.count("<circle") == 1
    assert len(re.findall(r'class="value range', svg)) == 2
    assert 'class="value range open superseded"' in svg
    assert 'class="best"' in svg


def test_step_line_steps_through_a_source_s_updates_in_order() -> None:
    svg = step_line(
        "Ministry: updates", [("2021-11-16", 12), ("2021-11-17", 13)], colour_hex="#000"
    )
    path = re.search(r'<path d="([^"]+)"', svg)
    assert path is not None
    assert path[1].startswith("M")
    assert "H" in path[1]
    assert "V" in path[1]
    assert ">12<" in svg
    assert ">13<" in svg
