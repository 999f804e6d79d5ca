"""Deterministic reconciliation of figures across sources (no model).

For each (merged incident, category, party, group) every source's value is kept with its claims,
evidence and article. Rules (also written into each figure's `rule` field):

- Supersession: values of one canonical source are ordered by article `published_at`, then
  article order, then position in the article; the last is current, an earlier different value
  is `superseded`, an earlier equal one `repeated`. Both stay visible. Different sources of one
  government are different sources.
- Combined vs split: when a source gives `killed_or_injured`, each other source's current
  `killed` + `injured` for the same incident, party and group is summed into a `derived` value
  (an open bound when only one of the two is given).
- Denials: "no serviceman has been taken prisoner" is a zero from the denying source
  (`denials`), compared like any value, so it disputes another source's number.
- Not incident figures: a number whose noun is a place or a span of time ("two villages") is
  left out and listed (`groups.counts_nothing`).
- Intervals: exact [v, v]; about [0.9v, 1.1v]; at_least and vague [low, open); up_to [0, high];
  range [low, high].
- Contested, between current values of different sources, when (a) their intervals do not
  overlap, or (b) both are exact and differ ('about' clashes only beyond its interval), or
  (c) one says 'up to H' and the other's firm value or range ends below H/2: central claims differ
  (the analyst's "17–70 (disputed)"). 'At least 12' against 13 is not contested.
- low = lowest known lower bound; high = highest known upper bound, or an open value's own
  number when that is higher (then `high_open`); best = the lower median of the point values
  (exact/about/at_least/vague: the number; up_to: high; range: midpoint) of independent sources
  (no side) when any, else of all sources. Never an average: every value stays listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import inf

from schemas.briefing import ClaimRef, LinkedBy, ReconciledFigure, SourceEntry, SourceValue
from schemas.result import ExtractionResult, Figure
from schemas.vocab import FIGURE_CATEGORIES, FigureCategory
from service.reconcile.denials import PEOPLE_CATEGORIES, denied_figures
from service.reconcile.groups import NAMED_GROUPS, counts_nothing, group_class
from service.reconcile.parties import PartyIndex

RULE = (
    "reconcile/v1: per-source values kept; later report by the same source supersedes; "
    "low = lowest lower bound, high = highest upper bound (open bounds flagged), "
    "best = lower median of point values, independent sources preferred; "
    "contested = intervals disjoint, exact values differ, or 'up to H' vs a value below H/2; "
    "killed_or_injured compared with killed + injured of other sources"
)
ABOUT = 0.1


@dataclass(frozen=True)
class Key:
    incident_id: str
    category: FigureCategory
    party: str | None
    group: str | None


@dataclass
class Stated:
    """One figure as one source stated it, with where and when."""

    key: Key
    figure: Figure
    source: SourceEntry
    ref: ClaimRef
    evidence: str
    published_at: str | None
    order: tuple[str, int, int]
    denied: bool = False


def key_of(incident_id: str, figure: Figure, parties: PartyIndex) -> Key:
    return Key(
        incident_id,
        figure.category,
        parties.canonical(figure.party),
        group_class(figure.category, figure.group),
    )


def _interval(v: SourceValue) -> tuple[float, float]:
    if v.qualifier == "about" and v.low is not None:
        return v.low * (1 - ABOUT), v.low * (1 + ABOUT)
    return (v.low if v.low is not None else 0), (v.high if v.high is not None else inf)


def point(v: SourceValue) -> int | None:
    """The number a value stands for (see module doc); None when it has no number."""
    if v.qualifier == "up_to":
        return v.high
    if v.qualifier == "range" and v.low is not None and v.high is not None:
        return (v.low + v.high) // 2
    return v.low if v.low is not None else v.high


def _firm(v: SourceValue) -> bool:
    return v.qualifier in ("exact", "about") and v.low is not None


def clash(a: SourceValue, b: SourceValue) -> str | None:
    """Why two current values of different sources are contested, or None."""
    (a_lo, a_hi), (b_lo, b_hi) = _interval(a), _interval(b)
    if a_hi < b_lo or b_hi < a_lo:
        return f"{a.text} ({a.source}) and {b.text} ({b.source}) do not overlap"
    if a.qualifier == b.qualifier == "exact" and a.low != b.low:
        return f"{a.text} ({a.source}) differs from {b.text} ({b.source})"
    for up, other in ((a, b), (b, a)):
        firmish = _firm(other) or other.qualifier == "range" or other.derived
        if (
            up.qualifier == "up_to"
            and up.high
            and firmish
            and other.high is not None
            and other.high * 2 < up.high
        ):
            return (
                f"{up.text} ({up.source}) against {other.text} ({other.source}): "
                "the central claims differ"
            )
    return None


def value_text(figure: Figure) -> str:
    low, high, q = figure.low, figure.high, figure.qualifier
    if q == "up_to":
        return f"up to {high}"
    if q in ("at_least", "vague") or high is None:
        return f"at least {low}"
    if q == "range" or (low is not None and low != high):
        return f"{low}-{high}"
    return f"about {low}" if q == "about" else str(low)


def _value(stated: Stated, status: str) -> SourceValue:
    f = stated.figure
    return SourceValue.model_validate(
        {
            "source_id": stated.source.id,
            "source": stated.source.name,
            "side": stated.source.side,
            "low": f.low,
            "high": f.high,
            "qualifier": f.qualifier,
            "text": "0 (denial)" if stated.denied else value_text(f),
            "denied": stated.denied,
            "claims": [stated.ref],
            "evidence": [stated.evidence],
            "published_at": stated.published_at,
            "status": status,
        }
    )


def _per_source(items: list[Stated]) -> list[SourceValue]:
    values: list[SourceValue] = []
    for source_id in dict.fromkeys(s.source.id for s in items):
        mine = sorted((s for s in items if s.source.id == source_id), key=lambda s: s.order)
        last = mine[-1].figure
        for stated in mine[:-1]:
            f = stated.figure
            same = (f.low, f.high, f.qualifier) == (last.low, last.high, last.qualifier)
            values.append(_value(stated, "repeated" if same else "superseded"))
        values.append(_value(mine[-1], "current"))
    return values


def _derived_sum(killed: SourceValue | None, injured: SourceValue | None) -> SourceValue:
    parts = [p for p in (killed, injured) if p is not None]
    low = sum(p.low or 0 for p in parts)
    high = None
    if killed is not None and injured is not None and None not in (killed.high, injured.high):
        high = (killed.high or 0) + (injured.high or 0)
    if all(p.qualifier == "up_to" for p in parts):
        qualifier, number = "up_to", f"up to {high}"
    elif high is None:
        qualifier, number = "at_least", f"at least {low}"
    else:
        qualifier, number = ("exact", str(low)) if high == low else ("range", f"{low}-{high}")
    shown = ", ".join(
        f"{p.text} {name}" for p, name in ((killed, "killed"), (injured, "injured")) if p
    )
    return SourceValue.model_validate(
        {
            "source_id": parts[0].source_id,
            "source": parts[0].source,
            "side": parts[0].side,
            "low": None if qualifier == "up_to" else low,
            "high": high,
            "qualifier": qualifier,
            "text": f"{number} ({shown})",
            "claims": list(
                {(c.article_id, c.claim_id): c for p in parts for c in p.claims}.values()
            ),
            "evidence": list(dict.fromkeys(e for p in parts for e in p.evidence)),
            "published_at": max((p.published_at or "" for p in parts), default="") or None,
            "derived": True,
            "status": "current",
        }
    )


def _derive(
    key: Key, combined: list[SourceValue], by_key: dict[Key, list[SourceValue]]
) -> list[SourceValue]:
    """Other sources' killed + injured, summed to compare with a killed_or_injured figure."""
    have = {v.source_id for v in combined}

    def current(category: FigureCategory) -> dict[str, SourceValue]:
        part = by_key.get(Key(key.incident_id, category, key.party, key.group), [])
        return {v.source_id: v for v in part if v.status == "current" and v.source_id not in have}

    killed, injured = current("killed"), current("injured")
    return [
        _derived_sum(killed.get(source_id), injured.get(source_id))
        for source_id in dict.fromkeys([*killed, *injured])
    ]


def best_basis(independent: list[SourceValue], current: list[SourceValue]) -> str:
    """Which values the best estimate comes from, in words a reader can check."""
    chosen = independent or current
    sources = list(dict.fromkeys(v.source for v in chosen))
    if len(chosen) == 1:
        kind = "independent source" if independent else "only source"
        return f"{kind}: {sources[0]}"
    if independent:
        return f"lower median of {len(chosen)} independent values ({', '.join(sources)})"
    parties = f"lower median of {len(chosen)} values from parties to the conflict"
    return parties + " (no independent source)"


def summarise(key: Key, values: list[SourceValue], label: str, number: int) -> ReconciledFigure:
    current = [v for v in values if v.status == "current"]
    independent = [v for v in current if v.side is None]
    points = sorted(p for v in (independent or current) if (p := point(v)) is not None)
    lows = [v.low for v in current if v.low is not None]
    highs = [v.high if v.high is not None else v.low for v in current]
    known_highs = [h for h in highs if h is not None]
    high = max(known_highs, default=None)
    high_open = any(v.high is None and v.low is not None and v.low == high for v in current)
    reasons = [r for i, a in enumerate(current) for b in current[i + 1 :] if (r := clash(a, b))]
    return ReconciledFigure(
        id=f"f{number}",
        incident_id=key.incident_id,
        category=key.category,
        party=key.party,
        group=key.group,
        label=label,
        values=values,
        low=min(lows, default=None),
        best=points[(len(points) - 1) // 2] if points else None,
        high=high,
        high_open=high_open,
        rule=RULE,
        best_basis=best_basis(independent, current),
        contested=bool(reasons),
        contested_reason="; ".join(reasons) or None,
    )


def label(key: Key) -> str:
    category = key.category.replace("_", " ")
    if key.category in NAMED_GROUPS:
        return " ".join(p for p in (key.party, category + ":", key.group) if p).rstrip(":")
    group = "" if key.group in (None, "", "people") else key.group
    return " ".join(p for p in (key.party, group, category) if p)


def reconcile_figures(stated: Iterable[Stated]) -> list[ReconciledFigure]:
    """One `ReconciledFigure` per key, ordered by incident, category, party and group."""
    grouped: dict[Key, list[Stated]] = {}
    for item in stated:
        grouped.setdefault(item.key, []).append(item)
    by_key = {key: _per_source(items) for key, items in grouped.items()}
    for key, values in by_key.items():
        if key.category == "killed_or_injured":
            values.extend(_derive(key, values, by_key))
    order = sorted(
        by_key,
        key=lambda k: (
            int(k.incident_id[1:]) if k.incident_id[1:].isdigit() else 0,
            FIGURE_CATEGORIES.index(k.category),
            k.party or "",
            k.group or "",
        ),
    )
    return [summarise(k, by_key[k], label(k), n) for n, k in enumerate(order, start=1)]


def stated_figures(
    results: Sequence[ExtractionResult],
    incident_of: dict[tuple[str, str], tuple[str | None, LinkedBy]],
    source_of: dict[tuple[str, str], SourceEntry],
    parties: PartyIndex,
) -> tuple[list[Stated], list[str]]:
    """Every figure of every claim linked to a merged incident, with its provenance, plus a zero
    for each figure a claim denies (`denials`); and what was left out as not an incident figure
    ("two villages")."""
    out, left_out = [], []
    for index, result in enumerate(results):
        aid = result.article.id
        for claim in result.claims:
            incident_id = incident_of[(aid, claim.id)][0]
            if incident_id is None:
                continue
            source = source_of[(aid, claim.id)]
            stated = [(f, False) for f in claim.figures]
            stated += [(f, True) for f in denied_figures(claim, source.side, parties)]
            for figure, denied in stated:
                if figure.low is None and figure.high is None:
                    continue  # a figure without a number cannot be compared
                if figure.category not in PEOPLE_CATEGORIES and counts_nothing(figure.group):
                    left_out.append(
                        f"{figure.text or figure.low} {figure.group} ({source.name}, {aid}/"
                        f"{claim.id}): counts {figure.group}, not people or materiel"
                    )
                    continue
                out.append(
                    Stated(
                        key=key_of(incident_id, figure, parties),
                        figure=figure,
                        source=source,
                        ref=ClaimRef(article_id=aid, claim_id=claim.id),
                        evidence=claim.evidence[0].text,
                        published_at=result.article.published_at,
                        order=(result.article.published_at or "", index, claim.evidence[0].start),
                        denied=denied,
                    )
                )
    return out, left_out
