"""A hand-labelled fixture as the extraction result a perfect extractor would return.

Each claim's source is written as the article writes it: the longest of its name and aliases
found in the claim's evidence, else its full name at its first claim and its shortest alias
("Oskar", "the ministry") after that, so that
reconciliation has to merge the forms one speaker takes across claims and articles.
"""

from __future__ import annotations

import hashlib

from evals.gold import Fixture, GoldSource
from schemas.result import (
    Article,
    Claim,
    Evidence,
    ExtractionResult,
    Figure,
    Incident,
    Location,
    Meta,
    Source,
)
from service.errors import InputError
from service.text.align import locate


def written_name(source: GoldSource, evidence: str, first: bool) -> str:
    found = [n for n in source.names if n.lower() in evidence.lower()]
    if found:
        return max(found, key=len)
    return min(source.aliases, key=len) if source.aliases and not first else source.name


def as_result(fixture: Fixture) -> ExtractionResult:
    text = fixture.text
    claims = []
    seen: set[str] = set()
    for number, gold in enumerate(fixture.claims, start=1):
        evidence = []
        for quote in gold.evidence:
            found = locate(quote, text)
            if found is None:
                raise InputError(f"{fixture.id}: evidence not in the text: {quote!r}")
            evidence.append(
                Evidence(text=text[found.start : found.end], start=found.start, end=found.end)
            )
        first = gold.source.name not in seen
        seen.add(gold.source.name)
        claims.append(
            Claim(
                id=f"c{number}",
                incident_id=gold.incident,
                source=Source(
                    name=written_name(gold.source, " ".join(gold.evidence), first),
                    type=gold.source.type,
                    side=gold.source.side,
                ),
                kind=gold.kind,
                statement=gold.statement,
                evidence=evidence,
                figures=[Figure.model_validate(f.model_dump()) for f in gold.figures],
            )
        )
    return ExtractionResult(
        article=Article(
            id=fixture.id,
            title=fixture.article.title,
            publisher=fixture.article.publisher,
            published_at=fixture.article.published_at,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            chars=len(text),
        ),
        incidents=[
            Incident(
                id=i.key,
                title=i.title,
                event_type=i.event_type,
                date=i.date,
                location=Location(name=i.location.name, country=i.location.country),
                actors=list(i.actors),
            )
            for i in fixture.incidents
        ],
        claims=claims,
        meta=Meta(
            model="hand-labelled",
            backend="fake",
            prompt_version="-",
            pipeline="gold",
            pipeline_version="1",
            latency_s=0.0,
        ),
    )
