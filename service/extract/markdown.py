"""A readable rendering of one `ExtractionResult`: incidents, then claims grouped by source."""

from __future__ import annotations

from schemas.result import Claim, ExtractionResult, Figure

MAX_EVIDENCE_CHARS = 240


def _bounds(figure: Figure) -> str:
    low, high = figure.low, figure.high
    match figure.qualifier:
        case "at_least" | "vague":
            return f"at least {low}"
        case "up_to":
            return f"up to {high}"
        case "about":
            return f"about {low}"
        case "range":
            return f"{low}-{high}"
    return str(low)


def _figure(figure: Figure) -> str:
    who = " ".join(p for p in (figure.party, figure.group) if p)
    written = f' ("{figure.text}")' if figure.text else ""
    return f"{figure.category} {_bounds(figure)}{f' ({who})' if who else ''}{written}"


def _claim_lines(claim: Claim) -> list[str]:
    tags = ", ".join(t for t in (claim.kind, claim.incident_id) if t)
    lines = [f"- [{tags}] {claim.statement}"]
    if claim.figures:
        lines.append("  - figures: " + "; ".join(_figure(f) for f in claim.figures))
    for evidence in claim.evidence:
        quote = evidence.text.replace("\n", " ")
        if len(quote) > MAX_EVIDENCE_CHARS:
            quote = quote[: MAX_EVIDENCE_CHARS - 1] + "…"
        lines.append(f"  - evidence ({evidence.start}-{evidence.end}): {quote}")
    return lines


def render_result(result: ExtractionResult) -> str:
    article, meta = result.article, result.meta
    about = " · ".join(x for x in (article.publisher, article.published_at) if x)
    lines = [
        f"# {article.title or article.id}",
        "",
        f"{about + ' · ' if about else ''}pipeline {meta.pipeline} · model {meta.model}"
        f"{' · cached' if meta.cached else ''} · {len(result.incidents)} incidents, "
        f"{len(result.claims)} claims",
        "",
        "## Incidents",
        "",
    ]
    for incident in result.incidents or []:
        place = ", ".join(p for p in (incident.location.name, incident.location.country) if p)
        actors = f"; actors: {', '.join(incident.actors)}" if incident.actors else ""
        lines.append(
            f"- **{incident.id}** {incident.title} ({incident.event_type}, "
            f"{incident.date or 'date unknown'}, {place or 'place unknown'}){actors}"
        )
    if not result.incidents:
        lines.append("None found.")
    lines += ["", "## Claims by source"]
    by_source: dict[str, list[Claim]] = {}
    for claim in result.claims:
        by_source.setdefault(claim.source.name, []).append(claim)
    for name, claims in by_source.items():
        source = claims[0].source
        detail = ", ".join(x for x in (source.type, source.side) if x)
        lines += ["", f"### {name} ({detail})", ""]
        for claim in claims:
            lines += _claim_lines(claim)
    if not result.claims:
        lines += ["", "None found."]
    dropped = {k: v for k, v in meta.dropped.model_dump().items() if v}
    if dropped or meta.warnings:
        lines += ["", "## Notes", ""]
        lines += [f"- dropped {k.replace('_', ' ')}: {v}" for k, v in dropped.items()]
        lines += [f"- {w}" for w in meta.warnings]
    return "\n".join(lines) + "\n"
