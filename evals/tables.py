"""Terminal tables for `evenhand eval` (rich): a run's scores and a comparison of two runs."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from evals.compare import Comparison, regressed
from evals.metrics.score import HEADLINE
from evals.runs.runner import RunOutcome
from evals.runs.scoring import group_sizes
from evals.splits import shown_groups


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.3f}"


def outcomes_tables(outcomes: Sequence[RunOutcome]) -> list[Table]:
    """Per group of fixtures (real test first), one column per configuration, one row per
    headline metric (fits a narrow terminal). A failed configuration shows no scores."""
    tables = []
    for group in shown_groups(group_sizes([o.aggregate for o in outcomes])) or ["all"]:
        table = Table(title=f"{group} fixtures: scores (micro averages; cost per article)")
        table.add_column("metric")
        aggs = [None if o.failure else o.aggregate.group(group) for o in outcomes]
        for outcome in outcomes:
            table.add_column(outcome.label, justify="right", overflow="fold")
        table.add_row("fixtures", *(str(a.fixtures) if a else "–" for a in aggs))
        table.add_row(
            "failed",
            *(
                "CONFIGURATION FAILED" if o.failure else str(a.failed) if a else "–"
                for o, a in zip(outcomes, aggs, strict=True)
            ),
        )
        for metric in HEADLINE:
            if any(a is not None and metric in a.micro for a in aggs):
                table.add_row(metric, *(_fmt(a.micro.get(metric) if a else None) for a in aggs))
        tables.append(table)
    return tables


def comparison_table(
    comparison: Comparison, *, group: str, average: str, gate: str | None, max_drop: float
) -> Table:
    table = Table(
        title=f"{group} fixtures: candidate - base ({average}; {len(comparison.shared)} shared "
        "fixtures; 95% paired bootstrap interval)"
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
