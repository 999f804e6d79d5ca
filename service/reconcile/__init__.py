"""Deterministic reconciliation of extraction results across sources and articles (no model).

- `names`, `parties`: folding names and party words so spellings of one name compare equal.
- `sources`: canonical sources with aliases and merge reasons.
- `linking`: incidents from several articles merged into one event, with the reasons.
- `figures`: per-source values, supersession, combined vs split, low/best/high, contested.
- `updates`: a source's figure changing over time, as a timeline (not a dispute).
- `disputes`: contested figures and contradictory accusations as each side's positions.
- `record`: `reconcile(results) -> Record`, everything a briefing states.
"""

from service.reconcile.record import Record, reconcile

__all__ = ["Record", "reconcile"]
