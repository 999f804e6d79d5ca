"""`/review/extractions/{id}`: the article with every evidence span marked in its source's colour,
claims grouped by source, incident cards, figures by source, and the correction dialogs."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from schemas.briefing import ReconciledFigure
from schemas.result import Claim, ExtractionResult, Figure, Incident
from schemas.vocab import CLAIM_KINDS, EVENT_TYPES, FIGURE_CATEGORIES, QUALIFIERS, SOURCE_TYPES
from service.html.highlight import Mark, highlight
from service.html.svg import PALETTE
from service.reconcile.record import reconcile
from service.review.layout import options, page
from service.review.records import Reviewed
from service.store.models import ExtractionRevisionRow

SourceKey = tuple[str, str | None]


def _source_key(claim: Claim) -> SourceKey:
    return (claim.source.name, claim.source.side)


def source_order(result: ExtractionResult) -> dict[SourceKey, int]:
    """Colour index per source, in order of first appearance in the article."""
    claims = sorted(result.claims, key=lambda c: min((e.start for e in c.evidence), default=0))
    order: dict[SourceKey, int] = {}
    for claim in claims:
        order.setdefault(_source_key(claim), len(order))
    return order


def _marks(
    result: ExtractionResult, order: dict[SourceKey, int], status: Mapping[str, str]
) -> list[Mark]:
    marks = []
    for claim in result.claims:
        index = order[_source_key(claim)] % len(PALETTE)
        css = f"src-{index}" + (" rejected" if status.get(claim.id) == "rejected" else "")
        title = f"{claim.source.name} · {claim.kind} · {claim.id}"
        marks += [Mark(e.start, e.end, css, title, {"claim": claim.id}) for e in claim.evidence]
    return marks


def figure_text(figure: Figure) -> str:
    if figure.low == figure.high and figure.low is not None:
        value = str(figure.low)
    else:
        value = f"{figure.low if figure.low is not None else '…'}–" + (
            str(figure.high) if figure.high is not None else "…"
        )
    who = " ".join(p for p in (figure.party, figure.group) if p)
    return f"{figure.category}: {value} ({figure.qualifier}){' · ' + who if who else ''}"


def _claim(claim: Claim, status: str | None) -> str:
    figures = "".join(f"<li>{escape(figure_text(f))}</li>" for f in claim.figures)
    state = status or "unreviewed"
    quotes = " … ".join(escape(e.text) for e in claim.evidence)
    return (
        f"<article class='claim status-{state}' id='claim-{escape(claim.id)}' "
        f"data-claim='{escape(claim.id)}' tabindex='0' aria-label='claim {escape(claim.id)}'>"
        f"<header><span class='kind'>{escape(claim.kind)}</span>"
        f"<span class='status'>{state}</span><span class='cid'>{escape(claim.id)}</span>"
        f"{' · incident ' + escape(claim.incident_id) if claim.incident_id else ''}</header>"
        f"<p class='statement'>{escape(claim.statement)}</p>"
        f"<blockquote>{quotes}</blockquote>"
        f"{'<ul class=figures>' + figures + '</ul>' if figures else ''}"
        "<div class='actions'>"
        "<button type='button' data-op='accept' title='Accept (a)'>Accept</button>"
        "<button type='button' data-op='reject' title='Reject (r)'>Reject</button>"
        "<button type='button' data-op='edit' title='Edit (e)'>Edit</button></div></article>"
    )


def _claims(
    result: ExtractionResult, order: dict[SourceKey, int], status: Mapping[str, str]
) -> str:
    groups: dict[SourceKey, list[Claim]] = {key: [] for key in order}
    for claim in result.claims:
        groups[_source_key(claim)].append(claim)
    sections = []
    for key, claims in groups.items():
        name, side = key
        index = order[key] % len(PALETTE)
        kind = claims[0].source.type
        sections.append(
            f"<section class='source' data-source='{index}'>"
            f"<h3><span class='swatch src-{index}' aria-hidden='true'></span>{escape(name)} "
            f"<small>{escape(kind)}{' · ' + escape(side) if side else ''}</small></h3>"
            + "".join(_claim(c, status.get(c.id)) for c in claims)
            + "</section>"
        )
    return "".join(sections) or "<p class='muted'>No claims.</p>"


def _incident(incident: Incident, claims: int) -> str:
    place = ", ".join(p for p in (incident.location.name, incident.location.country) if p)
    return (
        f"<div class='incident' data-incident='{escape(incident.id)}'>"
        f"<h4>{escape(incident.title)} <small>{escape(incident.id)}</small></h4>"
        f"<dl><dt>type</dt><dd>{escape(incident.event_type)}</dd>"
        f"<dt>date</dt><dd>{escape(incident.date or '—')}</dd>"
        f"<dt>place</dt><dd>{escape(place or '—')}</dd>"
        f"<dt>actors</dt><dd>{escape(', '.join(incident.actors) or '—')}</dd>"
        f"<dt>claims</dt><dd>{claims}</dd></dl>"
        "<button type='button' data-op='edit-incident'>Edit incident</button></div>"
    )


def _figures_table(figures: list[ReconciledFigure]) -> str:
    if not figures:
        return "<p class='muted'>No figures.</p>"
    sources = list(dict.fromkeys(v.source for f in figures for v in f.values))
    head = "".join(f"<th scope='col'>{escape(s)}</th>" for s in sources)
    rows = []
    for figure in figures:
        cells = []
        for source in sources:
            values = [v for v in figure.values if v.source == source]
            if not values:
                cells.append("<td></td>")
                continue
            text = "; ".join(
                escape(v.text) if v.status != "superseded" else f"<s>{escape(v.text)}</s>"
                for v in values
            )
            disputed = figure.contested and any(v.status == "current" for v in values)
            css = " class='disputed' title='disputed'" if disputed else ""
            flag = " <span class='flag' aria-label='disputed'>⚑</span>" if disputed else ""
            cells.append(f"<td{css}>{text}{flag}</td>")
        rows.append(f"<tr><th scope='row'>{escape(figure.label)}</th>{''.join(cells)}</tr>")
    return (
        "<table class='figures-table'><thead><tr><th>figure</th>"
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _history(rows: list[ExtractionRevisionRow]) -> str:
    items = "".join(
        f"<li>revision {r.number}: {escape(r.action)} {escape(r.target or '')} by "
        f"<code>{escape(r.author)}</code> at {r.created_at:%Y-%m-%d %H:%M:%S} UTC</li>"
        for r in rows
    )
    return f"<ol class='history'><li>revision 0: the model's output</li>{items}</ol>"


def _dialogs(result: ExtractionResult) -> str:
    incidents = "<option value=''>(none)</option>" + "".join(
        f"<option value='{escape(i.id)}'>{escape(i.id)}: {escape(i.title)}</option>"
        for i in result.incidents
    )
    return (
        "<dialog id='claim-dialog' aria-labelledby='claim-dialog-title'><form method='dialog'>"
        "<h3 id='claim-dialog-title'>Claim</h3><p class='selection'></p>"
        "<label>Source <input name='source_name' required></label>"
        f"<label>Source type <select name='source_type'>{options(SOURCE_TYPES)}</select></label>"
        "<label>Side <input name='source_side' placeholder='none: third party'></label>"
        f"<label>Kind <select name='kind'>{options(CLAIM_KINDS)}</select></label>"
        "<label>Statement <textarea name='statement' rows='2' required></textarea></label>"
        f"<label>Incident <select name='incident_id'>{incidents}</select></label>"
        "<fieldset><legend>Figures</legend><div class='figure-rows'></div>"
        "<button type='button' data-op='add-figure'>Add figure</button></fieldset>"
        "<template id='figure-row'><div class='figure-row'>"
        f"<select name='category' aria-label='category'>{options(FIGURE_CATEGORIES)}</select>"
        "<input name='party' placeholder='party' aria-label='party'>"
        "<input name='group' placeholder='group' aria-label='group'>"
        "<input name='low' type='number' min='0' placeholder='low' aria-label='low'>"
        "<input name='high' type='number' min='0' placeholder='high' aria-label='high'>"
        f"<select name='qualifier' aria-label='qualifier'>{options(QUALIFIERS)}</select>"
        "<button type='button' data-op='remove-figure' aria-label='remove figure'>×</button>"
        "</div></template>"
        "<menu><button value='cancel' formnovalidate>Cancel</button>"
        "<button value='save' class='primary'>Save</button></menu></form></dialog>"
        "<dialog id='incident-dialog' aria-labelledby='incident-dialog-title'>"
        "<form method='dialog'><h3 id='incident-dialog-title'>Incident</h3>"
        "<label>Title <input name='title' required></label>"
        f"<label>Event type <select name='event_type'>{options(EVENT_TYPES)}</select></label>"
        "<label>Date <input name='date' placeholder='YYYY-MM-DD, YYYY-MM or empty'></label>"
        "<label>Place <input name='location_name'></label>"
        "<label>Country <input name='location_country'></label>"
        "<label>Actors <input name='actors' placeholder='comma-separated'></label>"
        "<menu><button value='cancel' formnovalidate>Cancel</button>"
        "<button value='save' class='primary'>Save</button></menu></form></dialog>"
    )


def render_extraction(reviewed: Reviewed, history: list[ExtractionRevisionRow]) -> str:
    state = reviewed.state
    result, status = state.result, state.status
    order = source_order(result)
    kept = result.model_copy(update={"claims": state.kept_claims()})
    figures = reconcile([kept]).figures if kept.claims else []
    article = result.article
    per_incident = {i.id: sum(c.incident_id == i.id for c in kept.claims) for i in result.incidents}
    legend = "".join(
        f"<li><span class='swatch src-{i % len(PALETTE)}'></span>{escape(name)}</li>"
        for (name, _), i in order.items()
    )
    meta = " · ".join(
        escape(x)
        for x in (article.publisher, article.published_at, result.meta.pipeline, result.meta.model)
        if x
    )
    row_id = reviewed.row.id
    marked = highlight(reviewed.text, _marks(result, order, status), tag="mark")
    body = (
        f"<header class='record'><h1>{escape(article.title or article.id)}</h1>"
        f"<p class='muted'>{meta} · <code>{escape(row_id)}</code> · revision "
        f"<span id='revision'>{state.number}</span></p>"
        f"<p class='tools'><a class='button' href='/v1/extractions/{escape(row_id)}/fixture' "
        "download>Export fixture (YAML)</a> "
        "<button type='button' id='add-claim' disabled>Add claim from selection</button> "
        "<span class='muted'>Keys: j/k next/previous claim, a accept, r reject, e edit</span></p>"
        "</header><div class='columns'>"
        f"<section class='article-pane'><h2>Article</h2><ul class='legend'>{legend}</ul>"
        f"<div class='article' id='article'>{marked}</div></section>"
        f"<section class='claims-pane' id='claims'><h2>Claims by source</h2>"
        f"{_claims(result, order, status)}</section></div>"
        "<section><h2>Incidents</h2><div class='incidents'>"
        + "".join(_incident(i, per_incident[i.id]) for i in result.incidents)
        + "<button type='button' data-op='new-incident'>Add incident</button></div></section>"
        f"<section><h2>Figures by source</h2>{_figures_table(figures)}</section>"
        f"<section><h2>History</h2>{_history(history)}</section>" + _dialogs(result)
    )
    data: dict[str, Any] = {
        "id": row_id,
        "revision": state.number,
        "claims": {c.id: c.model_dump(mode="json") for c in result.claims},
        "incidents": {i.id: i.model_dump(mode="json") for i in result.incidents},
    }
    return page(article.title or article.id, body, data=data)
