"""The reconciled record as compact text: what the model reads to write the summary.

Only the main incident(s) appear; every number stands next to its source, disputes are marked,
and the claim list is bounded so the prompt fits a small model's context.
"""

from __future__ import annotations

from service.reconcile.record import Record
from service.text.dates import date_text

MAX_CLAIMS = 12
MAX_STATEMENT_CHARS = 200


def record_text(record: Record) -> str:
    lines = []
    for inc in record.main:
        place = ", ".join(p for p in (inc.location.name, inc.location.country) if p)
        lines.append(
            f"EVENT: {inc.title} | {inc.event_type} | {date_text(inc.date) or 'date unknown'}"
            f" | {place or 'place unknown'}"
        )
    lines.append("SIDES: " + (", ".join(record.sides) or "none named"))
    lines.append("SOURCES:")
    main_sources = {c.source_id for c in record.main_claims}
    lines += [
        f"- {s.name} ({s.type}, {s.side or 'third party'})"
        for s in record.sources
        if s.id in main_sources
    ]
    if record.figures:
        lines.append("FIGURES (each number belongs to the source named with it):")
    for fig in record.figures:
        values = "; ".join(f"{v.source} {v.text}" for v in fig.values if v.status == "current")
        lines.append(f"- {fig.label}: {values}" + (" [DISPUTED]" if fig.contested else ""))
    lines.append("CLAIMS:")
    for claim in record.main_claims[:MAX_CLAIMS]:
        source = record.source(claim.source_id).name
        lines.append(f"- {source} ({claim.kind}): {claim.statement[:MAX_STATEMENT_CHARS]}")
    for point in record.contested:
        if point.kind == "claim":
            sides = "; ".join(f"{p.side}: {' '.join(p.statements)}" for p in point.positions)
            lines.append(f"DISPUTED {point.topic}: {sides[: 2 * MAX_STATEMENT_CHARS]}")
    return "\n".join(lines)
