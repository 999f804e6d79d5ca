"""Disputes: contested figures and contradictory accusations, each side's position listed.

A non-numeric dispute is flagged per incident when accusations or denials come from at least two
sides and at least one of them accuses: mutual blame, or one side's accusation against another
side's denial. A lone accusation nobody contradicts is a claim, not a dispute.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from schemas.briefing import BriefClaim, ContestedPoint, Position, ReconciledFigure, SourceEntry

SAME_SIDE_NOTE = (
    "The disagreeing sources belong to the same side ({side}); "
    "one figure may be an update from the same government."
)


def _dated(text: str, published_at: str | None) -> str:
    return f"{text} ({published_at[:10]})" if published_at else text


def figure_disputes(figures: Iterable[ReconciledFigure]) -> list[ContestedPoint]:
    points = []
    for fig in figures:
        if not fig.contested:
            continue
        current = [v for v in fig.values if v.status == "current"]
        sides = {v.side for v in current}
        same_side = len(sides) == 1 and None not in sides
        note = SAME_SIDE_NOTE.format(side=current[0].side) if same_side else None
        points.append(
            ContestedPoint(
                incident_id=fig.incident_id,
                kind="figure",
                topic=fig.label,
                figure_id=fig.id,
                positions=[
                    Position(
                        side=v.side,
                        source_ids=[v.source_id],
                        statements=[_dated(v.text, v.published_at)],
                        claims=v.claims,
                    )
                    for v in sorted(current, key=lambda v: v.published_at or "")
                ],
                note=note,
            )
        )
    return points


def claim_disputes(
    claims: Sequence[BriefClaim], sources: dict[str, SourceEntry], incident_ids: Iterable[str]
) -> list[ContestedPoint]:
    points = []
    for incident_id in incident_ids:
        blame = [
            c for c in claims if c.incident_id == incident_id and c.kind in ("accusation", "denial")
        ]
        sides = list(dict.fromkeys(sources[c.source_id].side for c in blame))
        accusers = {sources[c.source_id].side for c in blame if c.kind == "accusation"}
        if len(sides) < 2 or not accusers:
            continue
        positions = []
        for side in sides:
            mine = [c for c in blame if sources[c.source_id].side == side]
            positions.append(
                Position(
                    side=side,
                    source_ids=list(dict.fromkeys(c.source_id for c in mine)),
                    statements=[c.statement for c in mine],
                    claims=[c.ref for c in mine],
                )
            )
        deniers = [s for s in sides if s not in accusers]
        note = (
            "Each side blames the other."
            if not deniers
            else f"{', '.join(str(s) for s in deniers)} denies what the other side says."
        )
        points.append(
            ContestedPoint(
                incident_id=incident_id,
                kind="claim",
                topic="Responsibility",
                figure_id=None,
                positions=positions,
                note=note,
            )
        )
    return points
