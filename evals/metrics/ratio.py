"""Every metric is a ratio of counts, so per-fixture values, micro and macro averages and the
bootstrap all come from the same numbers.

Micro: sum the numerators and denominators over fixtures (big fixtures weigh more).
Macro: average the per-fixture values (each fixture weighs the same; undefined values skipped).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field


class Ratio(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    num: float = Field(description="Numerator (e.g. true positives, tokens).")
    den: float = Field(description="Denominator (e.g. gold items, articles).")
    empty: float | None = Field(
        default=None, description="Value when den is 0; null: undefined (e.g. no matched pairs)."
    )

    @property
    def value(self) -> float | None:
        return self.num / self.den if self.den else self.empty


def prf(prefix: str, tp: int, fp: int, fn: int) -> dict[str, Ratio]:
    """Precision, recall, F1. Nothing predicted, nothing to find: 1. Nothing predicted: P = 0."""
    return {
        f"{prefix}.precision": Ratio(num=tp, den=tp + fp, empty=1.0 if fn == 0 else 0.0),
        f"{prefix}.recall": Ratio(num=tp, den=tp + fn, empty=1.0),
        f"{prefix}.f1": Ratio(num=2 * tp, den=2 * tp + fp + fn, empty=1.0),
    }


def accuracy(name: str, correct: int, total: int) -> dict[str, Ratio]:
    return {name: Ratio(num=correct, den=total)}


def per_article(name: str, amount: float) -> dict[str, Ratio]:
    return {name: Ratio(num=amount, den=1)}


def micro(ratios: Iterable[Ratio]) -> float | None:
    items = list(ratios)
    num = sum(r.num for r in items)
    den = sum(r.den for r in items)
    if den:
        return num / den
    empties = [r.empty for r in items if r.empty is not None]
    return min(empties) if empties else None


def macro(ratios: Iterable[Ratio]) -> float | None:
    values = [v for r in ratios if (v := r.value) is not None]
    return sum(values) / len(values) if values else None


def aggregate(
    per_fixture: Sequence[Mapping[str, Ratio]], average: str = "micro"
) -> dict[str, float | None]:
    """Average every metric that appears in any fixture; a fixture lacking it does not count."""
    combine = micro if average == "micro" else macro
    names = sorted({name for metrics in per_fixture for name in metrics})
    return {name: combine(m[name] for m in per_fixture if name in m) for name in names}
