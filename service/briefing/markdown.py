"""Rendering a `Briefing` as Markdown, laid out like shared/specs/briefing-example.md."""

from __future__ import annotations

from schemas.briefing import Briefing, ContestedPoint, ReconciledFigure
from service.text.dates import date_text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def range_text(fig: ReconciledFigure) -> str:
    if fig.low is None and fig.high is None:
        text = "–"
    elif fig.low is None:
        text = f"up to {fig.high}"
    elif fig.high is None or fig.high == fig.low:
        text = f"{fig.low}+" if fig.high_open else str(fig.low)
    else:
        text = f"{fig.low}–{fig.high}" + ("+" if fig.high_open else "")
    return text + (" (disputed)" if fig.contested else "")


def _figures_table(briefing: Briefing) -> list[str]:
    source_ids = list(dict.fromkeys(v.source_id for f in briefing.figures for v in f.values))
    names = {s.id: s.name for s in briefing.sources}
    header = ["figure", *(names[s] for s in source_ids), "range (low–high)"]
    lines = ["| " + " | ".join(map(_cell, header)) + " |", "|" + "---|" * len(header)]
    for fig in briefing.figures:
        cells = [fig.label]
        for source_id in source_ids:
            mine = [v for v in fig.values if v.source_id == source_id]
            current = [v.text for v in mine if v.status == "current"]
            earlier = [v.text for v in mine if v.status == "superseded"]
            text = "; ".join(current) or "–"
            cells.append(text + (f" (earlier: {', '.join(earlier)})" if earlier else ""))
        cells.append(range_text(fig))
        lines.append("| " + " | ".join(map(_cell, cells)) + " |")
    return lines


def _dispute(point: ContestedPoint, names: dict[str, str]) -> str:
    parts = []
    for p in point.positions:
        who = ", ".join(names[s] for s in p.source_ids)
        said = "; ".join(s.rstrip(". ") for s in p.statements)
        if point.kind == "figure":
            parts.append(f"{said} according to the {who}")
        else:
            parts.append(f"{p.side or 'third party'} ({who}): {said}")
    note = f" {point.note}" if point.note else ""
    return f"- *{point.topic}*: " + "; ".join(parts) + "." + note


def render_markdown(briefing: Briefing) -> str:
    """The briefing as Markdown: summary, figures by source, disputes, sources, caveats."""
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
    if briefing.contested:
        lines += ["**Disputed**", *(_dispute(p, names) for p in briefing.contested), ""]
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
