"""Source-name comparison for scoring, on top of the reconciliation step's name folding.

Folding (look-alike letters, case, punctuation, possessives, British/US spelling) and party
equality come from `service.reconcile.names`, so the scorer and the briefing agree on what counts
as the same name; this module adds the fuzzy threshold the fixture spec asks for.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from service.reconcile.names import fold, repair, same_party

__all__ = ["NAME_THRESHOLD", "fold", "name_similarity", "repair", "same_name", "same_party"]

# On rapidfuzz's 0-100 scale: lets through "Armenia Defence Ministry" for "Armenian Defence
# Ministry" but not "Armenian Foreign Ministry" (about 84).
NAME_THRESHOLD = 90.0


def name_similarity(predicted: str, names: Iterable[str]) -> float:
    """Best similarity (0..1) of a predicted source name to a gold name or one of its aliases."""
    pred = fold(predicted)
    best = 0.0
    for name in names:
        gold = fold(name)
        if pred == gold:
            return 1.0
        best = max(best, fuzz.ratio(pred, gold), fuzz.token_sort_ratio(pred, gold))
    return best / 100.0


def same_name(predicted: str, names: Iterable[str]) -> bool:
    return name_similarity(predicted, names) * 100.0 >= NAME_THRESHOLD
