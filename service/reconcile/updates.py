"""A source's figure changing over time, as a timeline of updates rather than a dispute.

`figures` already orders one canonical source's values by publication time, article and
position and marks the earlier ones `superseded` (or `repeated`); only current values are
compared between sources. Here each source whose figure changed becomes a `FigureUpdate`: a
toll rising 21 -> 31 in the same ministry's reports reads as one timeline, oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable

from schemas.briefing import FigureUpdate, ReconciledFigure, UpdateStep


def updates(figures: Iterable[ReconciledFigure]) -> list[FigureUpdate]:
    """One timeline per (figure, source) with a superseded value; derived sums are not reports."""
    out = []
    for fig in figures:
        for source_id in dict.fromkeys(v.source_id for v in fig.values):
            mine = [v for v in fig.values if v.source_id == source_id and not v.derived]
            if not any(v.status == "superseded" for v in mine):
                continue
            out.append(
                FigureUpdate(
                    figure_id=fig.id,
                    incident_id=fig.incident_id,
                    label=fig.label,
                    source_id=source_id,
                    source=mine[0].source,
                    steps=[
                        UpdateStep(
                            text=v.text,
                            low=v.low,
                            high=v.high,
                            published_at=v.published_at,
                            article_id=v.claims[0].article_id,
                            claims=v.claims,
                            evidence=v.evidence,
                            status=v.status,
                        )
                        for v in mine
                    ],
                )
            )
    return out
