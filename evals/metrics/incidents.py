"""Incident detection: one-to-one pairs on event type, date, location, actors (and title)."""

from __future__ import annotations

from rapidfuzz import fuzz

from evals.gold import GoldIncident, GoldLocation
from evals.matching import assign
from evals.metrics.matches import Pairing, Prediction, Tally
from evals.metrics.ratio import Ratio, accuracy, prf
from evals.textnorm import fold, same_party
from schemas.result import Incident, Location

# Weights of the pairing similarity; a pair needs MIN_SIMILARITY (e.g. right type and date).
_WEIGHTS = {"type": 0.25, "date": 0.2, "location": 0.2, "actors": 0.2, "title": 0.15}
MIN_SIMILARITY = 0.4
_FUZZY = 80.0  # token-set ratio at which two place or actor names are the same


def _date_similarity(gold: str | None, pred: str | None) -> float:
    if gold is None or pred is None:
        return 1.0 if gold is pred else 0.25
    if gold == pred:
        return 1.0
    return 0.5 if gold.startswith(pred) or pred.startswith(gold) else 0.0


def date_correct(gold: str | None, pred: str | None) -> bool:
    """Right when equal; a more precise date inside a partial gold date ('2021-11') is right too."""
    if gold is None or pred is None:
        return gold is pred
    return pred == gold or pred.startswith(gold + "-")


def _names_close(a: str, b: str) -> float:
    return fuzz.token_set_ratio(fold(a), fold(b)) / 100.0


def _location_similarity(gold: GoldLocation, pred: Location) -> float:
    parts = []
    if gold.country is not None:
        parts.append(float(pred.country is not None and same_party(gold.country, pred.country)))
    if gold.name is not None:
        parts.append(_names_close(gold.name, pred.name) if pred.name else 0.0)
    return sum(parts) / len(parts) if parts else 0.5


def location_correct(gold: GoldLocation, pred: Location) -> bool:
    country_ok = gold.country is None or (
        pred.country is not None and same_party(gold.country, pred.country)
    )
    name_ok = gold.name is None or (
        pred.name is not None and _names_close(gold.name, pred.name) * 100 >= _FUZZY
    )
    return country_ok and name_ok


def _actor_similarity(gold: list[str], pred: list[str]) -> float:
    if not gold or not pred:
        return 0.5 if not gold and not pred else 0.0
    hits_gold = sum(any(_names_close(g, p) * 100 >= _FUZZY for p in pred) for g in gold)
    hits_pred = sum(any(_names_close(g, p) * 100 >= _FUZZY for g in gold) for p in pred)
    return (hits_gold + hits_pred) / (len(gold) + len(pred))


def incident_similarity(gold: GoldIncident, pred: Incident) -> float:
    parts = {
        "type": float(gold.event_type == pred.event_type),
        "date": _date_similarity(gold.date, pred.date),
        "location": _location_similarity(gold.location, pred.location),
        "actors": _actor_similarity(gold.actors, pred.actors),
        "title": _names_close(gold.title, pred.title),
    }
    return sum(_WEIGHTS[k] * v for k, v in parts.items())


def score_incidents(pairing: Pairing, pred: Prediction) -> tuple[dict[str, Ratio], Tally]:
    """Fill `pairing.incidents`/`pairing.ignored`; return incident metrics and item records."""
    gold = pairing.fixture.incidents
    pairs = dict(
        assign(
            gold,
            pred.incidents,
            incident_similarity,
            min_similarity=MIN_SIMILARITY,
            optional=lambda g: g.optional,
        )
    )
    tally = Tally("incident")
    right = {"event_type": 0, "date": 0, "location": 0}
    judged = 0
    for i, g in enumerate(gold):
        ref = f"incidents[{i}] {g.key}"
        if i not in pairs:
            if g.optional:
                pairing.ignored.add(g.key)
                tally.add("ignored", ref, None, "optional, not predicted")
            else:
                tally.add("missed", ref, None)
            continue
        p = pred.incidents[pairs[i]]
        pairing.incidents[g.key] = p.id
        if g.optional:
            tally.add("ignored", ref, p.id, "optional")
            continue
        judged += 1
        checks = {
            "event_type": g.event_type == p.event_type,
            "date": date_correct(g.date, p.date),
            "location": location_correct(g.location, p.location),
        }
        for name, ok in checks.items():
            right[name] += ok
        wrong = [name for name, ok in checks.items() if not ok]
        tally.add("matched", ref, p.id, f"wrong {', '.join(wrong)}" if wrong else "")
    paired = set(pairs.values())
    for j, p in enumerate(pred.incidents):
        if j not in paired:
            tally.add("spurious", None, p.id)
    metrics = prf("incidents", tally.tp, tally.fp, tally.fn)
    for name, count in right.items():
        metrics |= accuracy(f"incidents.{name}_accuracy", count, judged)
    return metrics, tally
