from __future__ import annotations

from collections.abc import Sequence

import pytest

from schemas.briefing import ReconciledFigure
from schemas.result import Figure
from service.reconcile import reconcile
from tests.service.reconcile.builders import claim, fig, incident, result, seed_results

ARM, AZE = "Armenia", "Azerbaijan"


def _two_sources(a: Sequence[Figure], b: Sequence[Figure], *, third_party: bool = False) -> list:
    return [
        result(
            "a1",
            [incident()],
            [
                claim("c1", "Armenian Defence Ministry", side=ARM, figures=a, at=10),
                claim(
                    "c2",
                    "UN monitors" if third_party else "Azerbaijani Defence Ministry",
                    side=None if third_party else AZE,
                    type="international_org" if third_party else "military",
                    figures=b,
                    at=90,
                ),
            ],
        )
    ]


def _figure(results: list, category: str) -> ReconciledFigure:
    return next(f for f in reconcile(results).figures if f.category == category)


@pytest.mark.parametrize(
    ("a", "b", "contested", "low", "best", "high"),
    [
        # agreeing
        (fig("killed", AZE, 7), fig("killed", AZE, 7), False, 7, 7, 7),
        # exact 12 vs exact 13: contested, lower median as best
        (fig("captured", ARM, 13), fig("captured", ARM, 12), True, 12, 12, 13),
        # at_least 12 vs 13: compatible
        (fig("captured", ARM, 12, None, "at_least"), fig("captured", ARM, 13), False, 12, 12, 13),
        # up_to 10 vs exact 8: compatible (8 is not below half of 10)
        (fig("killed", AZE, None, 10, "up_to"), fig("killed", AZE, 8), False, 8, 8, 10),
        # up_to 70 vs exact 17: central claims differ
        (fig("killed", AZE, None, 70, "up_to"), fig("killed", AZE, 17), True, 17, 17, 70),
        # about 100 vs 105: within 'about'
        (fig("killed", AZE, 100, 100, "about"), fig("killed", AZE, 105), False, 100, 100, 105),
        # about 100 vs 150: beyond 'about'
        (fig("killed", AZE, 100, 100, "about"), fig("killed", AZE, 150), True, 100, 100, 150),
        # vague 'dozens' (>= 24) vs exact 10: intervals do not overlap
        (fig("killed", AZE, 24, None, "vague"), fig("killed", AZE, 10), True, 10, 10, 24),
        # range 10-20 vs exact 15: inside the range
        (fig("killed", AZE, 10, 20, "range"), fig("killed", AZE, 15), False, 10, 15, 20),
        # range 10-20 vs exact 30: outside
        (fig("killed", AZE, 10, 20, "range"), fig("killed", AZE, 30), True, 10, 15, 30),
    ],
)
def test_qualifiers(a: Figure, b: Figure, contested: bool, low: int, best: int, high: int) -> None:
    figure = _figure(_two_sources([a], [b]), a.category)
    assert (figure.contested, figure.low, figure.best, figure.high) == (contested, low, best, high)
    assert len(figure.values) == 2  # never averaged away
    assert figure.rule.startswith("reconcile/v1")
    assert (figure.contested_reason is not None) is contested


def test_open_upper_bound_is_flagged() -> None:
    figure = _figure(
        _two_sources([fig("killed", AZE, 30, None, "at_least")], [fig("killed", AZE, 12)]),
        "killed",
    )
    # "at least 30" against exactly 12 is a contradiction; the open bound is flagged on high.
    assert (figure.low, figure.high, figure.high_open, figure.contested) == (12, 30, True, True)


def test_independent_source_preferred_for_best() -> None:
    figure = _figure(
        _two_sources([fig("killed", AZE, 40)], [fig("killed", AZE, 20)], third_party=True),
        "killed",
    )
    assert figure.best == 20  # the UN figure, not the lower median of both


def test_combined_figure_compared_with_sum_of_split() -> None:
    figure = _figure(
        _two_sources(
            [fig("killed_or_injured", AZE, None, 70, "up_to", "troops")],
            [fig("killed", AZE, 7, group="servicemen"), fig("injured", AZE, 10)],
        ),
        "killed_or_injured",
    )
    derived = next(v for v in figure.values if v.derived)
    assert (derived.low, derived.high, derived.text) == (17, 17, "17 (7 killed, 10 injured)")
    assert [c.claim_id for c in derived.claims] == ["c2"]
    assert (figure.low, figure.high, figure.contested) == (17, 70, True)


def test_split_with_one_part_gives_open_sum() -> None:
    figure = _figure(
        _two_sources(
            [fig("killed_or_injured", AZE, 20, None, "at_least")], [fig("killed", AZE, 7)]
        ),
        "killed_or_injured",
    )
    derived = next(v for v in figure.values if v.derived)
    assert (derived.low, derived.high, derived.qualifier) == (7, None, "at_least")
    assert not figure.contested


@pytest.mark.parametrize(
    ("earlier", "later", "status"),
    [(2, 7, "superseded"), (7, 7, "repeated")],
)
def test_later_report_by_same_source_supersedes(earlier: int, later: int, status: str) -> None:
    reports = (
        ("early", "Azerbaijani Defence Ministry", earlier, "2021-11-16T10:00:00Z"),
        ("late", "Azerbaijan's Defense Ministry", later, "2021-11-17T10:00:00Z"),
    )
    results = [
        result(aid, [incident()], [claim("c1", name, side=AZE, figures=[fig("killed", AZE, n)])],
               published_at=when)
        for aid, name, n, when in reports
    ]  # fmt: skip
    figure = _figure(results, "killed")
    assert [(v.low, v.status) for v in figure.values] == [(earlier, status), (later, "current")]
    assert not figure.contested
    assert figure.best == later


def test_seed_disputes_match_the_analyst_example() -> None:
    record = reconcile(seed_results())
    disputed = {p.topic: p for p in record.contested}
    captured = disputed["Armenia soldiers captured"]
    assert sorted(s for p in captured.positions for s in p.statements) == [
        "12 (2021-11-17)",
        "13 (2021-11-17)",
    ]
    assert captured.note is not None
    assert "update from the same government" in captured.note
    casualties = disputed["Azerbaijan soldiers killed or injured"]
    assert {p.side for p in casualties.positions} == {ARM, AZE}
    blame = disputed["Responsibility"]
    assert (blame.kind, {p.side for p in blame.positions}) == ("claim", {ARM, AZE})
    assert blame.note == "Each side blames the other."


@pytest.mark.parametrize(
    ("kinds", "disputed"),
    [
        (("accusation", "denial"), True),
        (("accusation", "accusation"), True),
        (("accusation", "position"), False),
        (("denial", "denial"), False),
    ],
)
def test_non_numeric_disputes(kinds: tuple[str, str], disputed: bool) -> None:
    results = [
        result(
            "a1",
            [incident()],
            [
                claim("c1", "Armenian Foreign Ministry", side=ARM, kind=kinds[0], at=10),
                claim("c2", "Azerbaijani Foreign Ministry", side=AZE, kind=kinds[1], at=90),
            ],
        )
    ]
    points = [p for p in reconcile(results).contested if p.kind == "claim"]
    assert bool(points) is disputed
