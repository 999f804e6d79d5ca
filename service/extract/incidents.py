"""Incidents: one model call per chunk of the body, merged across chunks.

Chunks end at paragraph boundaries (at sentence boundaries inside a long paragraph, as in
single-paragraph web text), sized so prompt, chunk and answer fit the model's context: a long
article is read to its end, never cut. Dates the model leaves as written ("Tuesday") are
resolved against the publication date in code.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from schemas.llm import MAX_ACTORS, IncidentDraft, IncidentList
from schemas.result import Incident, Location
from service.extract.layout import Layout, dateline_country
from service.extract.parties import ArticleParties
from service.extract.places import date_near, named_place
from service.extract.run import Run, untrusted
from service.nlp import Document
from service.text.dates import parse_published, resolve_event_date
from service.text.normalize import normalize
from service.text.segment import paragraphs

INCIDENT_MAX_TOKENS = 400
MAX_INCIDENTS = 10
MAX_CHUNK_CHARS = 6_000
# Context taken by the system prompt, schema and answer; about 3.5 characters per token.
PROMPT_RESERVE_TOKENS = 1_300
CHARS_PER_TOKEN = 3.5
TITLE_SAME_EVENT = 85.0


def chunk_chars(n_ctx: int) -> int:
    return max(1_000, min(MAX_CHUNK_CHARS, int((n_ctx - PROMPT_RESERVE_TOKENS) * CHARS_PER_TOKEN)))


def _pieces(layout: Layout, limit: int) -> list[tuple[int, int]]:
    """Paragraphs, with any paragraph over `limit` cut into sentence runs (or hard cuts)."""
    sentences = layout.sentences
    pieces: list[tuple[int, int]] = []
    for start, end in paragraphs(layout.text[layout.body_start :]):
        start, end = start + layout.body_start, end + layout.body_start
        if end - start <= limit:
            pieces.append((start, end))
            continue
        inside = [(s.start, s.end) for s in sentences if start <= s.start < end]
        for s_start, s_end in inside or [(start, end)]:
            pieces.extend((a, min(a + limit, s_end)) for a in range(s_start, s_end, limit))
    return pieces


def chunk_body(layout: Layout, limit: int) -> list[tuple[int, int]]:
    """Spans of the body, each at most `limit` characters, covering every paragraph."""
    chunks: list[tuple[int, int]] = []
    for start, end in _pieces(layout, limit):
        if chunks and end - chunks[-1][0] <= limit:
            chunks[-1] = (chunks[-1][0], end)
        else:
            chunks.append((start, end))
    return chunks


def _same_event(a: IncidentDraft, b: IncidentDraft) -> bool:
    if a.event_type != b.event_type:
        return False
    titles = fuzz.token_set_ratio(
        normalize(a.title, lower=True).text, normalize(b.title, lower=True).text
    )
    same_place = bool(a.location and b.location and a.location.lower() == b.location.lower())
    return titles >= TITLE_SAME_EVENT or (same_place and a.date == b.date)


def merge_incidents(drafts: Sequence[IncidentDraft]) -> tuple[list[IncidentDraft], list[int]]:
    """Distinct incidents (actors pooled), and for each draft the index it was merged into."""
    merged: list[IncidentDraft] = []
    into: list[int] = []
    for draft in drafts:
        twin = next((i for i, m in enumerate(merged) if _same_event(m, draft)), None)
        if twin is None:
            into.append(len(merged))
            merged.append(draft)
            continue
        into.append(twin)
        kept = merged[twin]
        merged[twin] = kept.model_copy(
            update={
                "actors": list(dict.fromkeys([*kept.actors, *draft.actors]))[:MAX_ACTORS],
                "date": kept.date or draft.date,
                "location": kept.location or draft.location,
                "country": kept.country or draft.country,
            }
        )
    return merged, into


def ask_incidents(run: Run, layout: Layout) -> list[Incident]:
    prompt = run.prompt("incident")
    chunks = chunk_body(layout, chunk_chars(run.settings.local_n_ctx))
    drafts: list[IncidentDraft] = []
    run.stage("incidents", len(chunks))
    for part, (start, end) in enumerate(chunks, 1):
        answer = run.ask(
            prompt,
            IncidentList,
            max_tokens=INCIDENT_MAX_TOKENS,
            what=f"incidents in characters {start}-{end}",
            title=untrusted(layout.title or "unknown"),
            publisher=untrusted(layout.publisher or "unknown"),
            part=part,
            parts=len(chunks),
            text=untrusted(layout.text[start:end]),
        )
        if answer is not None:
            drafts.extend(answer.incidents)
    return to_incidents(run, drafts, layout.published_at, layout.document)[0]


def _country(run: Run, country: str | None, document: Document) -> str | None:
    if run.profile.country_from_entities:
        return named_place(country, document)
    return country if country and ArticleParties(document, None).mentions(country) else None


def to_incidents(
    run: Run, drafts: Sequence[IncidentDraft], published_at: str | None, document: Document
) -> tuple[list[Incident], list[str | None]]:
    """Merged, bounded public incidents with resolved dates, and each draft's incident id.

    A country the article does not name as a place is replaced by the dateline's ("PORT ADRIS,
    Pellaria (Meridian Wire) -"), or dropped: the 1.5B model filled unnamed countries with
    guesses ("Norway" for a fictional port, "Americans") and often left the dateline's out.
    """
    dateline = dateline_country(document.text)
    merged, into = merge_incidents(drafts)
    run.dropped.duplicates += len(drafts) - len(merged)
    if len(merged) > MAX_INCIDENTS:
        run.dropped.truncated += len(merged) - MAX_INCIDENTS
        merged = merged[:MAX_INCIDENTS]
    published = parse_published(published_at)
    incidents = [
        Incident(
            id=f"i{n}",
            title=d.title.strip(),
            event_type=d.event_type,
            date=(
                resolve_event_date(d.date, published) or date_near(document, d.location, published)
            ),
            location=Location(
                name=d.location, country=_country(run, d.country, document) or dateline
            ),
            actors=[a.strip() for a in d.actors if a.strip()],
        )
        for n, d in enumerate(merged, 1)
    ]
    return incidents, [f"i{i + 1}" if i < len(incidents) else None for i in into]
