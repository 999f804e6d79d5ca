"""What a scorer records about each gold and predicted item, for counting and for the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from evals.gold import Fixture
from schemas.result import Claim, Incident

Level = Literal["incident", "claim", "figure", "contested"]
Status = Literal["matched", "wrong", "missed", "spurious", "ignored"]


class ItemMatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: Level = Field(description="Which kind of item.")
    status: Status = Field(
        description="matched: right; wrong: paired but an attribute is wrong (counts as a miss "
        "and a spurious item); missed; spurious; ignored: optional gold item."
    )
    gold: str | None = Field(default=None, description="Gold item path, e.g. 'claims[2]'.")
    pred: str | None = Field(default=None, description="Predicted item id, e.g. 'c3'.")
    note: str = Field(default="", description="Why, for a human reading the report.")


@dataclass
class Tally:
    """True positives, false positives and false negatives, plus the per-item record."""

    level: Level
    tp: int = 0
    fp: int = 0
    fn: int = 0
    items: list[ItemMatch] = field(default_factory=list)

    def add(self, status: Status, gold: str | None, pred: str | None, note: str = "") -> None:
        if status == "matched":
            self.tp += 1
        elif status == "wrong":
            self.fp += 1
            self.fn += 1
        elif status == "missed":
            self.fn += 1
        elif status == "spurious":
            self.fp += 1
        self.items.append(
            ItemMatch(level=self.level, status=status, gold=gold, pred=pred, note=note)
        )


@dataclass
class Prediction:
    """What the system produced for one fixture (nothing, when it failed)."""

    incidents: Sequence[Incident] = ()
    claims: Sequence[Claim] = ()


@dataclass
class Pairing:
    """Incident pairs; claims, figures and contested entries only pair within them."""

    fixture: Fixture
    incidents: dict[str, str] = field(default_factory=dict)  # gold key -> predicted incident id
    ignored: set[str] = field(default_factory=set)  # optional gold incidents not predicted

    def compatible(self, gold_incident: str | None, pred_incident: str | None) -> bool:
        # A gold claim tied to no incident may sit under any predicted one: whether a general
        # statement "concerns" the event is a labelling judgement, not a system error.
        if gold_incident is None:
            return True
        return pred_incident is not None and self.incidents.get(gold_incident) == pred_incident
