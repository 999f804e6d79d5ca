"""Paired bootstrap comparison on hand-built per-fixture scores."""

from __future__ import annotations

import pytest

from evals.compare import compare, regressed
from evals.metrics.ratio import Ratio, prf
from evals.metrics.score import FixtureScore
from service.errors import InputError


def _score(fid: str, tp: int, fp: int, fn: int, tokens: float = 100.0) -> FixtureScore:
    metrics = prf("claims", tp, fp, fn)
    metrics["cost.tokens"] = Ratio(num=tokens, den=1)
    return FixtureScore(fixture_id=fid, failed=False, metrics=metrics)


BASE = [_score("a", 4, 0, 0), _score("b", 2, 2, 2), _score("c", 0, 1, 3)]


def test_identical_runs_have_zero_delta() -> None:
    result = compare(BASE, BASE)
    delta = result.get("claims.f1")
    assert (delta.delta, delta.low, delta.high) == (0.0, 0.0, 0.0)
    assert result.shared == ["a", "b", "c"]


def test_micro_and_macro_point_estimates() -> None:
    cand = [_score("a", 4, 0, 0), _score("b", 4, 0, 0), _score("c", 3, 0, 0)]
    micro = compare(BASE, cand).get("claims.recall")
    # base: 6 of 11 gold (4 + 4 + 3); candidate: all 11. A resample of only "a" gives delta 0.
    assert micro.base == pytest.approx(6 / 11)
    assert micro.cand == 1.0
    macro = compare(BASE, cand, average="macro").get("claims.recall")
    assert macro.base == pytest.approx((1 + 0.5 + 0) / 3)
    assert micro.low is not None
    assert micro.high is not None
    assert 0 <= micro.low <= micro.delta <= micro.high  # type: ignore[operator]


def test_bootstrap_is_seeded() -> None:
    cand = [_score("a", 3, 1, 1), _score("b", 3, 1, 1), _score("c", 1, 0, 2)]
    first = compare(BASE, cand).get("claims.f1")
    again = compare(BASE, cand).get("claims.f1")
    assert (first.low, first.high) == (again.low, again.high)


@pytest.mark.parametrize(
    ("metric", "cand", "max_drop", "expected"),
    [
        (
            "claims.f1",
            [_score("a", 4, 0, 0), _score("b", 2, 2, 2), _score("c", 0, 1, 3)],
            0.02,
            False,
        ),
        (
            "claims.f1",
            [_score("a", 2, 2, 2), _score("b", 2, 2, 2), _score("c", 0, 1, 3)],
            0.02,
            True,
        ),
        (
            "claims.f1",
            [_score("a", 2, 2, 2), _score("b", 2, 2, 2), _score("c", 0, 1, 3)],
            0.5,
            False,
        ),
        # Cost is lower-is-better: more tokens is the regression.
        ("cost.tokens", [_score(f, 4, 0, 0, tokens=150) for f in "abc"], 10.0, True),
        ("cost.tokens", [_score(f, 4, 0, 0, tokens=50) for f in "abc"], 10.0, False),
    ],
)
def test_regression_gate(
    metric: str, cand: list[FixtureScore], max_drop: float, expected: bool
) -> None:
    assert regressed(compare(BASE, cand).get(metric), max_drop) is expected


def test_only_shared_fixtures_are_compared() -> None:
    result = compare(BASE, [_score("b", 2, 2, 2), _score("d", 1, 0, 0)])
    assert result.shared == ["b"]
    assert (result.only_base, result.only_cand) == (["a", "c"], ["d"])


@pytest.mark.parametrize(
    ("cand", "metric", "message"),
    [
        ([_score("z", 1, 0, 0)], "claims.f1", "share no fixture"),
        (BASE, "claims.nope", "no metric 'claims.nope'"),
    ],
)
def test_bad_comparisons(cand: list[FixtureScore], metric: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        compare(BASE, cand).get(metric)
