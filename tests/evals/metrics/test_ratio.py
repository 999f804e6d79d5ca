"""Micro and macro averaging of per-fixture ratios."""

from __future__ import annotations

import pytest

from evals.metrics.ratio import Ratio, aggregate, prf


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "precision", "recall", "f1"),
    [
        (0, 0, 0, 1.0, 1.0, 1.0),  # nothing to find, nothing predicted
        (0, 0, 3, 0.0, 0.0, 0.0),  # nothing predicted
        (0, 2, 0, 0.0, 1.0, 0.0),  # nothing to find, something predicted
        (3, 1, 2, 0.75, 0.6, 6 / 9),
    ],
)
def test_prf(tp: int, fp: int, fn: int, precision: float, recall: float, f1: float) -> None:
    m = prf("x", tp, fp, fn)
    assert m["x.precision"].value == pytest.approx(precision)
    assert m["x.recall"].value == pytest.approx(recall)
    assert m["x.f1"].value == pytest.approx(f1)


def test_micro_weighs_counts_macro_weighs_fixtures() -> None:
    fixtures = [{"m": Ratio(num=9, den=10)}, {"m": Ratio(num=0, den=2)}, {}]
    assert aggregate(fixtures, "micro")["m"] == pytest.approx(9 / 12)
    assert aggregate(fixtures, "macro")["m"] == pytest.approx(0.45)


def test_undefined_values_are_skipped_by_macro() -> None:
    fixtures = [{"m": Ratio(num=0, den=0)}, {"m": Ratio(num=1, den=2)}]
    assert aggregate(fixtures, "macro")["m"] == 0.5
    assert aggregate([{"m": Ratio(num=0, den=0)}], "micro")["m"] is None
