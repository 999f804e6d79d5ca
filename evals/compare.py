"""Compare two runs metric by metric with paired bootstrap confidence intervals.

The fixtures both runs scored are resampled with replacement (the same resample for both runs,
which is what makes it paired), the aggregate is recomputed from the counts of the resample, and
the 2.5th and 97.5th percentiles of candidate - base give the 95% interval. Seeded: the same two
runs always give the same interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from evals.metrics.ratio import Ratio, aggregate
from evals.metrics.score import FixtureScore, lower_is_better
from evals.splits import group_counts, in_group, shown_groups
from service.errors import InputError

RESAMPLES = 2000
SEED = 20211117


@dataclass(frozen=True)
class Delta:
    metric: str
    base: float | None
    cand: float | None
    delta: float | None
    low: float | None  # 95% interval of the delta
    high: float | None
    fixtures: int  # fixtures both runs have the metric for

    @property
    def worse_by(self) -> float | None:
        """How much worse the candidate is (positive = regression), direction-aware."""
        if self.delta is None:
            return None
        return self.delta if lower_is_better(self.metric) else -self.delta


@dataclass(frozen=True)
class Comparison:
    deltas: list[Delta]
    shared: list[str]
    only_base: list[str]
    only_cand: list[str]

    def get(self, metric: str) -> Delta:
        for delta in self.deltas:
            if delta.metric == metric:
                return delta
        known = ", ".join(d.metric for d in self.deltas)
        raise InputError(f"no metric {metric!r} in both runs; known: {known}")


def _arrays(ratios: Sequence[Ratio]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    num = np.array([r.num for r in ratios], dtype=float)
    den = np.array([r.den for r in ratios], dtype=float)
    value = np.array([np.nan if r.value is None else r.value for r in ratios], dtype=float)
    return num, den, value


def _resampled(ratios: Sequence[Ratio], idx: np.ndarray, average: str) -> np.ndarray:
    """The aggregate of each resample (rows of `idx`); NaN where undefined."""
    num, den, value = _arrays(ratios)
    with np.errstate(invalid="ignore", divide="ignore"):
        if average == "micro":
            nums, dens = num[idx].sum(axis=1), den[idx].sum(axis=1)
            empties = [r.empty for r in ratios if r.empty is not None]
            fallback = min(empties) if empties else np.nan
            return np.where(dens > 0, nums / np.where(dens > 0, dens, 1), fallback)
        picked = value[idx]
        defined = (~np.isnan(picked)).sum(axis=1)
        total = np.nansum(picked, axis=1)
        return np.where(defined > 0, total / np.maximum(defined, 1), np.nan)


def compare(
    base: Sequence[FixtureScore],
    cand: Sequence[FixtureScore],
    *,
    average: str = "micro",
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> Comparison:
    if average not in ("micro", "macro"):
        raise InputError(f"average must be 'micro' or 'macro', got {average!r}")
    by_base = {s.fixture_id: s for s in base}
    by_cand = {s.fixture_id: s for s in cand}
    shared = sorted(by_base.keys() & by_cand.keys())
    if not shared:
        raise InputError("the two runs share no fixture; nothing to compare")
    metrics = sorted({m for f in shared for m in by_base[f].metrics.keys() & by_cand[f].metrics})
    deltas = []
    for metric in metrics:
        ids = [f for f in shared if metric in by_base[f].metrics and metric in by_cand[f].metrics]
        rb = [by_base[f].metrics[metric] for f in ids]
        rc = [by_cand[f].metrics[metric] for f in ids]
        b = aggregate([{metric: r} for r in rb], average)[metric]
        c = aggregate([{metric: r} for r in rc], average)[metric]
        low = high = None
        if b is not None and c is not None:
            # One resample matrix per fixture count: the same draw for both runs (paired).
            idx = np.random.default_rng(seed).integers(0, len(ids), size=(resamples, len(ids)))
            diffs = _resampled(rc, idx, average) - _resampled(rb, idx, average)
            diffs = diffs[~np.isnan(diffs)]
            if diffs.size:
                low, high = (float(x) for x in np.percentile(diffs, [2.5, 97.5]))
        delta = None if b is None or c is None else c - b
        deltas.append(Delta(metric, b, c, delta, low, high, len(ids)))
    return Comparison(
        deltas=deltas,
        shared=shared,
        only_base=sorted(by_base.keys() - by_cand.keys()),
        only_cand=sorted(by_cand.keys() - by_base.keys()),
    )


def compare_groups(
    base: Sequence[FixtureScore],
    cand: Sequence[FixtureScore],
    *,
    average: str = "micro",
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> dict[str, Comparison]:
    """`compare` per group of fixtures both runs share (real test first, then all)."""
    shared = {s.fixture_id for s in base} & {s.fixture_id for s in cand}
    if not shared:
        raise InputError("the two runs share no fixture; nothing to compare")
    splits = {s.fixture_id: s.split for s in cand if s.fixture_id in shared}
    return {
        group: compare(
            [s for s in base if in_group(group, splits.get(s.fixture_id))],
            [s for s in cand if in_group(group, splits.get(s.fixture_id))],
            average=average,
            resamples=resamples,
            seed=seed,
        )
        for group in shown_groups(group_counts(splits.values()))
    }


def regressed(delta: Delta, max_drop: float) -> bool:
    """True when the candidate is worse than the base by more than `max_drop` (point estimate)."""
    worse = delta.worse_by
    return worse is not None and worse > max_drop
