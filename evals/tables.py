"""Terminal tables for `evenhand eval` (rich): a run's scores and a comparison of two runs."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from evals.compare import Comparison, regressed
from evals.metrics.score import HEADLINE
from evals.runs.runner import RunOutcome


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.3f}"


def outcomes_table(outcomes: Sequence[RunOutcome]) -> Table:
    """One column per configuration, one row per headline metric (fits a narrow terminal)."""
    table = Table(title="Scores (micro averages; cost per article)")
    table.add_column("metric")
    for outcome in outcomes:
        table.add_column(outcome.label, justify="right", overflow="fold")
    table.add_row("fixtures", *(str(o.aggregate.fixtures) for o in outcomes))
    table.add_row("failed", *(str(o.aggregate.failed) for o in outcomes))
    for metric in HEADLINE:
        if any(metric in o.aggregate.micro for o in outcomes):
            table.add_row(metric, *(_fmt(o.aggregate.micro.get(metric)) for o in outcomes))
    return table


def comparison_table(
    comparison: Comparison, *, average: str, gate: str | None, max_drop: float
) -> Table:
    table = Table(
        title=f"candidate - base ({average}; {len(comparison.shared)} shared fixtures; "
        "95% paired bootstrap interval)"
    )
    for name in ("metric", "base", "cand", "delta", "95% CI", "n"):
        table.add_column(name, justify="left" if name == "metric" else "right")
    for d in comparison.deltas:
        interval = "–" if d.low is None or d.high is None else f"[{d.low:+.3f}, {d.high:+.3f}]"
        delta = "–" if d.delta is None else f"{d.delta:+.3f}"
        style = "bold red" if d.metric == gate and regressed(d, max_drop) else None
        table.add_row(
            d.metric,
            _fmt(d.base),
            _fmt(d.cand),
            delta,
            interval,
            str(d.fixtures),
            style=style,
        )
    return table
