"""Claims said twice: same source with overlapping evidence, or same source and same figures.

News repeats a claim in reported and quoted form ("the ministry said seven were killed ...";
"'Seven servicemen were killed,' the ministry said"). They become one claim holding every
place the article states it (the fixture format's list of evidence), never two claims.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemas.result import Claim
from service.text.normalize import normalize

FigureKey = frozenset[tuple[str, int | None, int | None]]


def _source_key(claim: Claim) -> str:
    return normalize(claim.source.name, lower=True).text.strip()


def _figure_key(claim: Claim) -> FigureKey:
    return frozenset((f.category, f.low, f.high) for f in claim.figures)


def _overlaps(a: Claim, b: Claim) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a.evidence for y in b.evidence)


def _same(a: Claim, b: Claim) -> bool:
    if _source_key(a) != _source_key(b):
        return False
    return _overlaps(a, b) or (bool(a.figures) and _figure_key(a) == _figure_key(b))


def dedupe_claims(claims: Sequence[Claim]) -> tuple[list[Claim], int]:
    """Merged claims renumbered c1.., and how many were merged away."""
    kept: list[Claim] = []
    for claim in claims:
        twin = next((i for i, k in enumerate(kept) if _same(k, claim)), None)
        if twin is None:
            kept.append(claim)
            continue
        first = kept[twin]
        spans = {(e.start, e.end): e for e in [*first.evidence, *claim.evidence]}
        kept[twin] = first.model_copy(
            update={
                "evidence": [spans[k] for k in sorted(spans)],
                "figures": first.figures
                if len(first.figures) >= len(claim.figures)
                else claim.figures,
                "incident_id": first.incident_id or claim.incident_id,
            }
        )
    renumbered = [c.model_copy(update={"id": f"c{n}"}) for n, c in enumerate(kept, 1)]
    return renumbered, len(claims) - len(kept)
