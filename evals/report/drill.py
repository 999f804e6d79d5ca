"""Drill-down of one fixture in one run: the article with gold and predicted evidence marked,
and every incident, claim, figure and contested entry with its outcome."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from evals.gold import GoldFigure
from evals.metrics.matches import ItemMatch
from evals.metrics.score import FixtureScore
from evals.metrics.spans import gold_spans, located
from evals.runs.store import RunRecord
from schemas.result import Figure
from service.html.highlight import Mark, highlight

_GOLD_CSS = {"matched": "gold-hit", "wrong": "gold-wrong", "missed": "gold-miss"}
_PRED_CSS = {"matched": "pred-hit", "wrong": "pred-wrong", "spurious": "pred-spurious"}


def _badge(status: str) -> str:
    return f'<span class="badge {escape(status)}">{escape(status)}</span>'


def _by(matches: Iterable[ItemMatch], key: str) -> dict[str, ItemMatch]:
    return {ref: m for m in matches if (ref := getattr(m, key)) is not None}


def _marks(record: RunRecord, score: FixtureScore) -> list[Mark]:
    claims = [m for m in score.matches if m.level == "claim"]
    gold_status, pred_status = _by(claims, "gold"), _by(claims, "pred")
    text = record.fixture.text
    marks = []
    for i, claim in enumerate(record.fixture.claims):
        match = gold_status.get(f"claims[{i}]")
        status = match.status if match else "missed"
        css = _GOLD_CSS.get(status, "gold-ignored")
        title = f"gold claims[{i}]: {claim.source.name} ({status})"
        marks += [Mark(s, e, css, title) for s, e in gold_spans(text, claim.evidence)]
    for pred in record.result.claims if record.result is not None else []:
        match = pred_status.get(pred.id)
        status = match.status if match else "spurious"
        css = _PRED_CSS.get(status, "pred-ignored")
        title = f"predicted {pred.id}: {pred.source.name} ({status})"
        marks += [Mark(s, e, css, title) for s, e in located(pred, text)]
    return marks


def _rows(matches: Iterable[ItemMatch], level: str) -> str:
    rows = [
        f"<tr><td>{_badge(m.status)}</td><td>{escape(m.gold or '')}</td>"
        f"<td>{escape(m.pred or '')}</td><td>{escape(m.note)}</td></tr>"
        for m in matches
        if m.level == level
    ]
    if not rows:
        return ""
    head = "<tr><th>outcome</th><th>gold</th><th>predicted</th><th>note</th></tr>"
    title = "contested figures" if level == "contested" else f"{level}s"
    return f"<h5>{title}</h5><table class='items'>{head}{''.join(rows)}</table>"


def _figures_text(figures: Sequence[GoldFigure | Figure]) -> str:
    return "; ".join(
        f"{f.category} {f.party or '-'} {f.low}-{f.high} ({f.qualifier})" for f in figures
    )


def _claims_table(record: RunRecord) -> str:
    if record.result is None or not record.result.claims:
        return ""
    rows = []
    for c in record.result.claims:
        figures = _figures_text(c.figures)
        rows.append(
            f"<tr><td>{escape(c.id)}</td><td>{escape(c.source.name)}</td>"
            f"<td>{escape(c.kind)}</td><td>{escape(c.statement)}</td><td>{escape(figures)}</td></tr>"
        )
    head = "<tr><th>id</th><th>source</th><th>kind</th><th>statement</th><th>figures</th></tr>"
    return f"<h5>predicted claims</h5><table class='items'>{head}{''.join(rows)}</table>"


def _gold_table(record: RunRecord) -> str:
    rows = []
    for i, c in enumerate(record.fixture.claims):
        figures = _figures_text(c.figures)
        optional = " (optional)" if c.optional else ""
        rows.append(
            f"<tr><td>claims[{i}]{optional}</td><td>{escape(c.source.name)}</td>"
            f"<td>{escape(c.kind)}</td><td>{escape(c.statement)}</td><td>{escape(figures)}</td></tr>"
        )
    head = "<tr><th>gold</th><th>source</th><th>kind</th><th>statement</th><th>figures</th></tr>"
    return f"<h5>gold claims</h5><table class='items'>{head}{''.join(rows)}</table>"


def render_drill(label: str, record: RunRecord, score: FixtureScore) -> str:
    error = (
        f"<p class='error'>failed: {escape(str(record.error))}</p>"
        if record.error is not None
        else ""
    )
    headline = " · ".join(
        f"{name.split('.')[0]} {v:.2f}"
        for name in ("incidents.f1", "claims.f1", "figures.f1")
        if (v := score.value(name)) is not None
    )
    article = highlight(record.fixture.text, _marks(record, score))
    tables = "".join(
        _rows(score.matches, level) for level in ("incident", "claim", "figure", "contested")
    )
    return (
        f"<details class='run-drill'><summary>{escape(label)} — {escape(headline)}</summary>"
        f"{error}<pre class='article'>{article}</pre>{tables}"
        f"{_gold_table(record)}{_claims_table(record)}</details>"
    )
