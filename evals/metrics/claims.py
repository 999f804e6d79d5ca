"""Source attribution (claims) and figures, paired within paired incidents.

A claim is right when it is paired with a gold claim (same incident, overlapping evidence) and
names the gold source or one of its aliases. A figure is paired on category and party and is right
when low and high are equal. Figures are paired across the incident rather than inside claims, so
one gold claim split into two predicted claims still gets its figures counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from evals.gold import GoldClaim, GoldFigure
from evals.matching import assign
from evals.metrics.matches import Pairing, Prediction, Tally
from evals.metrics.ratio import Ratio, accuracy, prf
from evals.metrics.spans import Span, dice, gold_spans, located
from evals.textnorm import name_similarity, same_name, same_party
from schemas.result import Claim, Figure

MIN_CLAIM_SIMILARITY = 1e-6  # any evidence overlap inside a compatible incident
_CLAIM_WEIGHTS = (0.5, 0.3, 0.2)  # evidence overlap, source, figures


@dataclass(frozen=True)
class _GoldClaim:
    index: int
    claim: GoldClaim
    spans: list[Span]
    optional: bool  # labelled optional, or under an optional incident nobody predicted


@dataclass(frozen=True)
class _PredClaim:
    claim: Claim
    spans: list[Span]


def figures_agree(gold: list[GoldFigure], pred: list[Figure]) -> float:
    """Share of figures (by category and party) the two claims have in common."""
    if not gold and not pred:
        return 1.0
    common = sum(
        any(g.category == p.category and same_party(g.party, p.party) for p in pred) for g in gold
    )
    return common / max(len(gold), len(pred))


def same_values(gold: GoldFigure, pred: Figure) -> bool:
    return gold.low == pred.low and gold.high == pred.high


def _gold_claims(pairing: Pairing) -> list[_GoldClaim]:
    text = pairing.fixture.text
    return [
        _GoldClaim(i, c, gold_spans(text, c.evidence), c.optional or c.incident in pairing.ignored)
        for i, c in enumerate(pairing.fixture.claims)
    ]


def score_claims(
    pairing: Pairing, pred: Prediction
) -> tuple[dict[str, Ratio], Tally, dict[int, str]]:
    """Claim metrics, item records and the claim pairs (gold index -> predicted claim id)."""
    text = pairing.fixture.text
    gold = _gold_claims(pairing)
    preds = [_PredClaim(c, located(c, text)) for c in pred.claims]

    def similarity(g: _GoldClaim, p: _PredClaim) -> float:
        if not pairing.compatible(g.claim.incident, p.claim.incident_id):
            return 0.0
        overlap = dice(g.spans, p.spans)
        if not overlap:
            return 0.0
        w_ev, w_src, w_fig = _CLAIM_WEIGHTS
        source = name_similarity(p.claim.source.name, g.claim.source.names)
        return (
            w_ev * overlap
            + w_src * source
            + w_fig * figures_agree(g.claim.figures, p.claim.figures)
        )

    pairs = dict(
        assign(
            gold,
            preds,
            similarity,
            min_similarity=MIN_CLAIM_SIMILARITY,
            optional=lambda g: g.optional,
        )
    )
    tally = Tally("claim")
    kind_right = type_right = judged = 0
    for g in gold:
        ref = f"claims[{g.index}]"
        if g.index not in pairs:
            tally.add("ignored" if g.optional else "missed", ref, None)
            continue
        p = preds[pairs[g.index]].claim
        if g.optional:
            tally.add("ignored", ref, p.id, "optional")
            continue
        judged += 1
        kind_right += p.kind == g.claim.kind
        type_right += p.source.type == g.claim.source.type
        if same_name(p.source.name, g.claim.source.names):
            tally.add("matched", ref, p.id)
        else:
            tally.add(
                "wrong", ref, p.id, f"source {p.source.name!r} is not {g.claim.source.name!r}"
            )
    paired = set(pairs.values())
    for j, spurious in enumerate(preds):
        if j not in paired:
            tally.add("spurious", None, spurious.claim.id)
    metrics = prf("claims", tally.tp, tally.fp, tally.fn)
    metrics |= accuracy("claims.kind_accuracy", kind_right, judged)
    metrics |= accuracy("claims.source_type_accuracy", type_right, judged)
    return metrics, tally, {i: preds[j].claim.id for i, j in pairs.items()}


@dataclass(frozen=True)
class _GoldFigure:
    ref: str
    claim: _GoldClaim
    figure: GoldFigure


@dataclass(frozen=True)
class _PredFigure:
    ref: str
    claim: Claim
    figure: Figure


def score_figures(
    pairing: Pairing, pred: Prediction, claim_pairs: dict[int, str]
) -> tuple[dict[str, Ratio], Tally]:
    gold = [
        _GoldFigure(f"claims[{g.index}].figures[{k}]", g, f)
        for g in _gold_claims(pairing)
        for k, f in enumerate(g.claim.figures)
    ]
    preds = [
        _PredFigure(f"{c.id}.figures[{k}]", c, f)
        for c in pred.claims
        for k, f in enumerate(c.figures)
    ]

    def similarity(g: _GoldFigure, p: _PredFigure) -> float:
        gf, pf = g.figure, p.figure
        if not (
            gf.category == pf.category
            and same_party(gf.party, pf.party)
            and pairing.compatible(g.claim.claim.incident, p.claim.incident_id)
        ):
            return 0.0
        # Same category and party: prefer equal values, then the same source, then the same claim.
        return (
            1.0
            + 1.0 * same_values(gf, pf)
            + 0.5 * same_name(p.claim.source.name, g.claim.claim.source.names)
            + 0.25 * (claim_pairs.get(g.claim.index) == p.claim.id)
        ) / 2.75

    pairs = dict(
        assign(gold, preds, similarity, min_similarity=0.3, optional=lambda g: g.claim.optional)
    )
    tally = Tally("figure")
    for i, g in enumerate(gold):
        if i not in pairs:
            tally.add("ignored" if g.claim.optional else "missed", g.ref, None)
            continue
        p = preds[pairs[i]]
        if g.claim.optional:
            tally.add("ignored", g.ref, p.ref, "optional")
        elif same_values(g.figure, p.figure):
            tally.add("matched", g.ref, p.ref)
        else:
            note = f"{p.figure.low}-{p.figure.high} instead of {g.figure.low}-{g.figure.high}"
            tally.add("wrong", g.ref, p.ref, note)
    paired = set(pairs.values())
    for j, p in enumerate(preds):
        if j not in paired:
            tally.add("spurious", None, p.ref)
    return prf("figures", tally.tp, tally.fp, tally.fn), tally
