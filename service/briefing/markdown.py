"""Rendering a `Briefing` as Markdown, laid out like shared/specs/briefing-example.md."""

from __future__ import annotations

from schemas.briefing import Briefing, ContestedPoint, FigureUpdate
from service.text.dates import date_text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _number(value: int | None) -> str:
    return "–" if value is None else str(value)


def _figures_table(briefing: Briefing) -> list[str]:
    """Each source's value, then UCDP-style low, best and high and how best was chosen."""
    source_ids = list(dict.fromkeys(v.source_id for f in briefing.figures for v in f.values))
    names = {s.id: s.name for s in briefing.sources}
    header = ["figure", *(names[s] for s in source_ids), "low", "best", "high", "best from"]
    lines = ["| " + " | ".join(map(_cell, header)) + " |", "|" + "---|" * len(header)]
    for fig in briefing.figures:
        cells = [fig.label + (" (disputed)" if fig.contested else "")]
        for source_id in source_ids:
            mine = [v for v in fig.values if v.source_id == source_id]
            current = [v.text for v in mine if v.status == "current"]
            earlier = [v.text for v in mine if v.status == "superseded"]
            text = "; ".join(current) or "–"
            cells.append(text + (f" (earlier: {', '.join(earlier)})" if earlier else ""))
        high = _number(fig.high) + ("+" if fig.high_open else "")
        cells += [_number(fig.low), _number(fig.best), high, fig.best_basis]
        lines.append("| " + " | ".join(map(_cell, cells)) + " |")
    return lines


def _disputed_table(briefing: Briefing) -> list[str]:
    """One row per source value of each disputed figure, superseded values included."""
    figures = {f.id: f for f in briefing.figures}
    sides = {s.id: s.side for s in briefing.sources}
    lines = [
        "| disputed figure | source | side | value | reported | status |",
        "|---|---|---|---|---|---|",
    ]
    for point in briefing.contested:
        if point.figure_id is None:
            continue
        for v in figures[point.figure_id].values:
            cells = [
                point.topic,
                v.source,
                sides[v.source_id] or "third party",
                v.text,
                (v.published_at or "")[:10] or "–",
                v.status,
            ]
            lines.append("| " + " | ".join(map(_cell, cells)) + " |")
    return lines


def _claim_dispute(point: ContestedPoint, names: dict[str, str]) -> str:
    parts = []
    for p in point.positions:
        who = ", ".join(names[s] for s in p.source_ids)
        said = "; ".join(s.rstrip(". ") for s in p.statements)
        parts.append(f"{p.side or 'third party'} ({who}): {said}")
    note = f" {point.note}" if point.note else ""
    return f"- *{point.topic}*: " + "; ".join(parts) + "." + note


def _update(update: FigureUpdate) -> str:
    steps = " → ".join(
        f"{step.text} ({(step.published_at or '')[:10] or 'date unknown'}, {step.article_id})"
        for step in update.steps
    )
    return f"- *{update.label}*, {update.source}: {steps}"


def render_markdown(briefing: Briefing) -> str:
    """The briefing as Markdown: summary, figures by source, disputes, updates, sources,
    caveats."""
    names = {s.id: s.name for s in briefing.sources}
    main = [i for i in briefing.incidents if i.main]
    main_ids = {i.id for i in main}
    lines = [f"## {briefing.headline}", ""]
    lines += [f"**Summary.** {' '.join(briefing.summary)}", ""]
    if main:
        when = "; ".join(
            f"{i.title} ({i.event_type}, {date_text(i.date) or 'date unknown'})" for i in main
        )
        lines += [f"**Incident.** {when}", ""]
    if briefing.figures:
        lines += ["**Figures by source**", "", *_figures_table(briefing), ""]
        lines += [f"*low, best, high (UCDP-style): {briefing.figures[0].rule}.*", ""]
    if briefing.contested:
        claims = [
            _claim_dispute(p, names) if p.kind == "claim" else f"- *{p.topic}*: {p.note}"
            for p in briefing.contested
            if p.kind == "claim" or p.note
        ]
        lines += ["**Disputed**", ""]
        if any(p.figure_id for p in briefing.contested):
            lines += [*_disputed_table(briefing), ""]
        lines += [*claims, ""] if claims else []
    if briefing.updates:
        lines += ["**Updates** (a source changed its own figure: not a dispute)"]
        lines += [*(_update(u) for u in briefing.updates), ""]
    sources = "; ".join(
        f"{s.name} ({s.type}, {s.side or 'third party'})"
        for s in briefing.sources
        if any(c.source_id == s.id and c.incident_id in main_ids for c in briefing.claims)
    )
    lines += [f"**Sources**: {sources}.", ""]
    if briefing.caveats:
        lines += ["**Caveats**", *(f"- {c}" for c in briefing.caveats), ""]
    if briefing.other_items:
        lines += ["**Other items**"]
        lines += [f"- {o.title} ({', '.join(o.articles)})" for o in briefing.other_items]
        lines.append("")
    failed = [c for c in briefing.checks if not c.passed]
    if failed:
        lines += ["**Checks failed**"]
        lines += [f"- {c.name}: {' '.join(c.reasons)}" for c in failed]
    else:
        lines.append("**Checks**: all passed.")
    meta = briefing.meta
    prompt = ", ".join(f"{p.name} {p.version} ({p.sha256})" for p in meta.prompts) or "none"
    lines += [
        "",
        f"*Summary by {meta.summary_origin} (model: {meta.model or 'none'}; prompts: {prompt}; "
        f"re-asks: {meta.reasks}). Articles: {', '.join(meta.article_ids)}.*",
    ]
    return "\n".join(lines) + "\n"
