"""Claims: one short model call per candidate sentence, evidence and bounds from code.

The evidence of a claim is its candidate sentence, located by the segmenter, so its span is
right by construction. The model answers a small `ClaimDraft`; code pairs its figures with the
numbers detected in the sentence, drops figures it cannot pair, and resolves the source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from schemas.llm import ClaimDraft
from schemas.result import Claim, Evidence, Figure, Incident
from service.extract.candidates import Candidate
from service.extract.checks import match_number, supported, to_figure
from service.extract.layout import Layout
from service.extract.run import Run, untrusted
from service.extract.sources import KnownSources

# Room for four figures; a cap, not a cost: decoding stops at the closing brace.
CLAIM_MAX_TOKENS = 320
_FOLLOWING_WORDS = re.compile(r"(?:[\s,]+[\w'’-]+){0,3}")


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


def _figures(run: Run, draft: ClaimDraft, candidate: Candidate) -> list[Figure]:
    figures: list[Figure] = []
    used: set[int] = set()
    for wanted in draft.figures:
        mention = match_number(wanted.number, candidate.numbers, used)
        figure = to_figure(wanted, mention) if mention else None
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
    incident_list = _incident_lines(incidents)
    claims: list[Claim] = []
    for candidate in candidates:
        attribution = (
            f"End of the quotation: <<<{untrusted(candidate.attribution)}>>>"
            if candidate.attribution
            else ""
        )
        draft = run.ask(
            prompt,
            ClaimDraft,
            max_tokens=CLAIM_MAX_TOKENS,
            what=f"sentence at {candidate.start}-{candidate.end}",
            publisher=untrusted(layout.publisher or "unknown"),
            incidents=untrusted(incident_list),
            previous=untrusted(candidate.previous or ""),
            sentence=untrusted(candidate.text),
            attribution=attribution,
            numbers=untrusted(_numbers_line(layout.text, candidate)),
        )
        if draft is None or not draft.is_claim:
            continue
        claims.append(
            Claim(
                id=f"c{len(claims) + 1}",
                incident_id=_incident_id(draft, incidents),
                source=sources.resolve(draft.source, draft.source_type, draft.side),
                kind=draft.kind,
                statement=draft.statement.strip(),
                evidence=[Evidence(text=candidate.text, start=candidate.start, end=candidate.end)],
                figures=_figures(run, draft, candidate),
            )
        )
    return claims
