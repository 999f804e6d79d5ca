"""`/review/briefings/{id}`: the summary with each sentence linked to the claims it rests on,
the disputed points, and every figure drawn as each source's value on one axis."""

from __future__ import annotations

from html import escape

from schemas.briefing import BriefClaim, Briefing, ReconciledFigure
from service.briefing.checks import Summary
from service.html.svg import Interval, colour, range_chart, step_line
from service.reconcile.record import Record
from service.review.layout import page
from service.text.numbers import find_numbers


def _record(briefing: Briefing) -> Record:
    return Record(
        articles=[],
        incidents=briefing.incidents,
        sources=briefing.sources,
        claims=briefing.claims,
        figures=briefing.figures,
        contested=briefing.contested,
        linking=briefing.linking,
        left_out=[],
    )


def _anchor(claim: BriefClaim) -> str:
    return f"claim-{claim.ref.article_id}-{claim.ref.claim_id}"


def sentence_claims(briefing: Briefing, sentence: str) -> list[BriefClaim]:
    """Claims of the sources the sentence names; with numbers, those stating the numbers."""
    record = _record(briefing)
    named = set().union(*Summary.of(briefing.headline, [sentence], record).sources[1:])
    claims = [c for c in briefing.claims if c.source_id in named]
    numbers = {n for m in find_numbers(sentence) for n in (m.low, m.high) if n is not None}
    if numbers:
        stating = {
            (ref.article_id, ref.claim_id)
            for f in briefing.figures
            for v in f.values
            if v.source_id in named and ({v.low, v.high} & numbers)
            for ref in v.claims
        }
        narrowed = [c for c in claims if (c.ref.article_id, c.ref.claim_id) in stating]
        claims = narrowed or claims
    return claims


def _summary(briefing: Briefing) -> str:
    items = []
    for sentence in briefing.summary:
        links = "".join(
            f"<a class='claim-link' href='#{escape(_anchor(c))}'>{escape(c.ref.claim_id)}</a>"
            for c in sentence_claims(briefing, sentence)
        )
        rests = f" <span class='rests-on'>rests on {links}</span>" if links else ""
        items.append(f"<li>{escape(sentence)}{rests}</li>")
    return f"<ol class='summary'>{''.join(items)}</ol>"


def _contested(briefing: Briefing) -> str:
    if not briefing.contested:
        return "<p class='muted'>No disputed points.</p>"
    rows = []
    for point in briefing.contested:
        positions = "<br>".join(
            f"<strong>{escape(p.side or 'third party')}</strong>: {escape('; '.join(p.statements))}"
            for p in point.positions
        )
        rows.append(
            f"<tr><th scope='row'>{escape(point.topic)}</th><td>{escape(point.kind)}</td>"
            f"<td class='disputed'>{positions}</td><td>{escape(point.note or '')}</td></tr>"
        )
    return (
        "<table class='contested'><thead><tr><th>what</th><th>kind</th><th>positions</th>"
        f"<th>note</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _figure(figure: ReconciledFigure, source_index: dict[str, int]) -> str:
    rows = [
        Interval(
            label=f"{v.source}{' (sum)' if v.derived else ''}",
            low=v.low,
            high=v.high,
            colour=colour(source_index[v.source_id]),
            note="superseded" if v.status == "superseded" else "",
        )
        for v in figure.values
    ]
    chart = range_chart(figure.label, rows, best=figure.best, disputed=figure.contested)
    steps = []
    for source_id in dict.fromkeys(v.source_id for v in figure.values):
        values = [v for v in figure.values if v.source_id == source_id and not v.derived]
        points = [
            (v.published_at or "?", v.low if v.low is not None else v.high or 0) for v in values
        ]
        if len(points) >= 2:
            steps.append(
                step_line(
                    f"{values[0].source}: updates",
                    sorted(points),
                    colour_hex=colour(source_index[source_id]),
                )
            )
    reason = (
        f"<p class='disputed-note'>Disputed: {escape(figure.contested_reason)}</p>"
        if figure.contested and figure.contested_reason
        else ""
    )
    return f"<figure class='figure'>{chart}{''.join(steps)}{reason}</figure>"


def _claims(briefing: Briefing) -> str:
    names = {s.id: s.name for s in briefing.sources}
    items = "".join(
        f"<li id='{escape(_anchor(c))}' tabindex='-1'><strong>{escape(names[c.source_id])}</strong>"
        f" <span class='kind'>{escape(c.kind)}</span> {escape(c.statement)}"
        f"<blockquote>{escape(c.evidence)}</blockquote>"
        f"<small>{escape(c.ref.article_id)} · {escape(c.ref.claim_id)}</small></li>"
        for c in briefing.claims
    )
    return f"<ul class='brief-claims'>{items}</ul>"


def render_briefing(briefing_id: str, briefing: Briefing, extraction_ids: list[str]) -> str:
    source_index = {s.id: i for i, s in enumerate(briefing.sources)}
    figures = "".join(_figure(f, source_index) for f in briefing.figures)
    reviewed = "".join(
        f"<li><a href='/review/extractions/{escape(e)}'>{escape(e)}</a></li>"
        for e in extraction_ids
    )
    caveats = "".join(f"<li>{escape(c)}</li>" for c in briefing.caveats)
    body = (
        f"<header class='record'><h1>{escape(briefing.headline)}</h1>"
        f"<p class='muted'><code>{escape(briefing_id)}</code> · summary by "
        f"{escape(briefing.meta.summary_origin)}</p></header>"
        f"<section><h2>Summary</h2>{_summary(briefing)}</section>"
        f"<section><h2>Disputed</h2>{_contested(briefing)}</section>"
        f"<section><h2>Figures by source</h2><div class='figure-charts'>"
        f"{figures or '<p class=muted>No figures.</p>'}</div></section>"
        f"<section><h2>Claims</h2>{_claims(briefing)}</section>"
        f"<section><h2>Caveats</h2><ul>{caveats}</ul></section>"
        f"<section><h2>Extractions</h2><ul>{reviewed}</ul></section>"
    )
    return page(briefing.headline, body)
