"""Claims: one short model call per candidate sentence, evidence and bounds from code.

The evidence of a claim is its candidate sentence, located by the segmenter, so its span is
right by construction. The model answers a small `ClaimDraft`; code pairs its figures with the
numbers detected in the sentence, drops figures it cannot pair, resolves the source (falling
back on the speaker the sentence names when the model says "the outlet"), and gives every
sentence of a quoted passage the speaker named with the quotation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from schemas.llm import ClaimDraft
from schemas.result import Claim, Evidence, Figure, Incident, Source
from service.extract.attribution import Speakers, guess_type
from service.extract.candidates import Candidate
from service.extract.checks import cued_category, match_number, supported, to_figure
from service.extract.layout import Layout
from service.extract.parties import ArticleParties, as_armed_group, cued_party, figure_party
from service.extract.run import Run, untrusted
from service.extract.sources import KnownSources, same_speaker
from service.nlp import Document

# Room for four figures; a cap, not a cost: decoding stops at the closing brace.
CLAIM_MAX_TOKENS = 320
_FOLLOWING_WORDS = re.compile(r"(?:[\s,]+[\w'’-]+){0,3}")
_QUOTES = '"“”'
# The earlier sentence is shown only when the candidate needs it to say who speaks: shown
# always, the 1.5B model copied it into statements of self-contained sentences.
_NEEDS_CONTEXT = frozenset({"PRON", "DET"})


def _incident_lines(incidents: Sequence[Incident]) -> str:
    """The numbered incident list, only when there is a choice to make."""
    if len(incidents) < 2:
        return ""
    return "Incidents (answer with the number):\n" + "\n".join(
        f"{n}. {i.title} ({i.date or 'date unknown'}, {i.location.name or 'place unknown'})"
        for n, i in enumerate(incidents, 1)
    )


def _numbers_line(text: str, candidate: Candidate) -> str:
    """Each number with the words after it, which say whose people it counts."""
    if not candidate.numbers:
        return "none"
    shown = []
    for m in candidate.numbers:
        after = _FOLLOWING_WORDS.match(text, m.end, candidate.end)
        words = text[m.start : after.end() if after else m.end]
        shown.append(f'"{m.text}" ({" ".join(words.split())})')
    return ", ".join(shown)


def _figures(
    run: Run,
    draft: ClaimDraft,
    candidate: Candidate,
    source: Source,
    article: ArticleParties,
    country: str | None,
) -> list[Figure]:
    figures: list[Figure] = []
    used: set[int] = set()
    cue: str | bool | None = None
    document = article.document
    profile = run.profile
    for wanted in draft.figures:
        mention = match_number(wanted.number, candidate.numbers, used)
        figure = None
        if mention is not None:
            # "four Marenlander soldiers were killed and seven wounded": a bare number goes on
            # counting the party named before it in the sentence.
            cue = cued_party(document, mention.start, mention.end, article) or cue
            party = (
                figure_party(cue, wanted.party, source, article, country)
                if profile.party_from_code or wanted.party is None
                else wanted.party
            )
            category = cued_category(document, mention.start, mention.end)
            figure = to_figure(
                wanted,
                mention,
                category if profile.category_from_code else None,
                document.vocabulary,
            )
            figure = figure.model_copy(update={"party": party})
        if figure is None or not supported(figure, candidate.text):
            run.dropped.unsupported_figures += 1
            continue
        figures.append(figure)
    return figures


def _incident_id(draft: ClaimDraft, incidents: Sequence[Incident]) -> str | None:
    if len(incidents) == 1:
        return incidents[0].id
    if draft.incident is not None and draft.incident <= len(incidents):
        return incidents[draft.incident - 1].id
    return None


def ask_claims(
    run: Run, layout: Layout, candidates: Sequence[Candidate], incidents: Sequence[Incident]
) -> list[Claim]:
    prompt = run.prompt("claim")
    sources = KnownSources(layout.publisher)
    speakers = Speakers(layout.document, layout.publisher)
    incident_list = _incident_lines(incidents)
    countries = {i.id: i.location.country for i in incidents}
    article = ArticleParties(
        layout.document, layout.publisher, {c for c in countries.values() if c}
    )
    claims: list[Claim] = []
    units: list[int] = []
    paragraphs: list[int] = []
    run.stage("claims", len(candidates))
    for candidate in candidates:
        draft = run.ask(
            prompt,
            ClaimDraft,
            max_tokens=CLAIM_MAX_TOKENS,
            what=f"sentence at {candidate.start}-{candidate.end}",
            publisher=untrusted(layout.publisher or "unknown"),
            incidents=untrusted(incident_list),
            sentence=untrusted(candidate.text),
            context=_context(candidate, layout.document),
            numbers=untrusted(_numbers_line(layout.text, candidate)),
        )
        if draft is None or not draft.is_claim:
            continue
        units.append(candidate.sentence.unit)
        paragraphs.append(candidate.sentence.paragraph)
        source = as_armed_group(_source(run, sources, speakers, draft, candidate), article)
        if source.side:
            article.sides.add(source.side)
        incident_id = _incident_id(draft, incidents)
        country = countries.get(incident_id or "")
        claims.append(
            Claim(
                id=f"c{len(claims) + 1}",
                incident_id=incident_id,
                source=source,
                kind=draft.kind,
                statement=draft.statement.strip(),
                evidence=[Evidence(text=candidate.text, start=candidate.start, end=candidate.end)],
                figures=_figures(run, draft, candidate, source, article, country),
            )
        )
    return _quotes_continue(_quotes_keep_their_speaker(claims, units), paragraphs)


def _source(
    run: Run, sources: KnownSources, speakers: Speakers, draft: ClaimDraft, candidate: Candidate
) -> Source:
    """The speaker the parse credits beats the model's source under the `small` profile, and
    stands in for "the outlet" under any profile; a model's fuller name of the same speaker
    ("Azerbaijani Defence Ministry" for "the ministry") is kept."""
    source = sources.resolve(draft.source, draft.source_type, draft.side)
    speaker = speakers.credited(candidate.start, candidate.end)
    if speaker is None or not (run.profile.speaker_from_code or source.type == "media"):
        return source
    if source.type != "media" and same_speaker(source.name, speaker.name):
        return source
    kind = guess_type(speaker.description, speakers.document.vocabulary)
    return sources.resolve(speaker.name, kind, None)


def _context(candidate: Candidate, document: Document) -> str:
    lines = []
    # A pronoun or "the ministry" as a subject needs the earlier sentence to say who it is.
    needs = any(
        (t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in _NEEDS_CONTEXT)
        or (t.lower_ == "the" and t.head.dep_ in ("nsubj", "nsubjpass"))
        for t in document.span(candidate.start, candidate.end)
    )
    if candidate.previous and (candidate.attribution or needs or candidate.text[0] in '"“'):
        lines.append(f"Earlier sentence: <<<{untrusted(candidate.previous)}>>>")
    if candidate.attribution:
        lines.append(f"End of the quotation: <<<{untrusted(candidate.attribution)}>>>")
    return "\n".join(lines)


def _quotes_keep_their_speaker(claims: list[Claim], units: list[int]) -> list[Claim]:
    """A quoted passage is never the outlet's own voice: its sentences take the speaker named
    with the quotation, which the model often misses for sentences before the attribution."""
    speakers = {
        unit: claim.source
        for claim, unit in zip(claims, units, strict=True)
        if claim.source.type != "media"
    }
    group = {unit: units.count(unit) for unit in units}
    return [
        claim.model_copy(update={"source": speakers[unit]})
        if claim.source.type == "media" and group[unit] > 1 and unit in speakers
        else claim
        for claim, unit in zip(claims, units, strict=True)
    ]


def _quoted(text: str) -> bool:
    return text[:1] in _QUOTES or text.rstrip()[-1:] in _QUOTES


def _quotes_continue(claims: list[Claim], paragraphs: list[int]) -> list[Claim]:
    """'"...," Dresner said. "Two of our soldiers were wounded. None was killed."': a quotation
    that goes on after its attribution, in the same paragraph, keeps the speaker."""
    kept: list[Claim] = []
    for n, claim in enumerate(claims):
        previous = kept[-1] if kept and paragraphs[n - 1] == paragraphs[n] else None
        if (
            previous is not None
            and claim.source.type == "media"
            and previous.source.type != "media"
            and _quoted(claim.evidence[0].text)
            and _quoted(previous.evidence[0].text)
        ):
            claim = claim.model_copy(update={"source": previous.source})
        kept.append(claim)
    return kept
