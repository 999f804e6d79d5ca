"""One-to-one assignment of predicted to gold items (Hungarian algorithm).

Greedy matching lets one good prediction steal the partner of another; the assignment that
maximises total similarity does not. Pairs below `min_similarity` are not matches at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

G = TypeVar("G")
P = TypeVar("P")

# Optional gold items lose ties so a required item is never left unmatched in their favour.
OPTIONAL_DISCOUNT = 0.999


def assign(
    gold: Sequence[G],
    pred: Sequence[P],
    similarity: Callable[[G, P], float],
    *,
    min_similarity: float,
    optional: Callable[[G], bool] = lambda _: False,
) -> list[tuple[int, int]]:
    """Return matched (gold index, pred index) pairs, each index used at most once."""
    if not gold or not pred:
        return []
    sim = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        weight = OPTIONAL_DISCOUNT if optional(g) else 1.0
        for j, p in enumerate(pred):
            sim[i, j] = similarity(g, p) * weight
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return [
        (int(r), int(c))
        for r, c in zip(rows, cols, strict=True)
        if sim[r, c] >= min_similarity * (OPTIONAL_DISCOUNT if optional(gold[r]) else 1.0)
    ]
