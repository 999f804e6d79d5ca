"""The baseline pipeline, the yardstick: the whole article in one plain call.

No chunking, no candidates, no checks. The one grounding step is an exact substring search
for each evidence quote, because the public result promises spans that index the article:
a quote not found verbatim is dropped and counted, and a claim left without evidence goes.
"""

from __future__ import annotations

from schemas.article import ArticleIn
from schemas.llm import BaselineExtraction
from schemas.result import Claim, Evidence, Figure, Incident, Source
from service.extract.incidents import to_incidents
from service.extract.run import Run, untrusted
from service.nlp import analyzer_for
from service.text.align import locate

VERSION = "2"
PROMPTS = ("baseline",)
BASELINE_MAX_TOKENS = 1_500


def run_baseline(run: Run, article: ArticleIn) -> tuple[list[Incident], list[Claim]]:
    run.stage("whole article", 1)
    answer = run.ask(
        run.prompt("baseline"),
        BaselineExtraction,
        max_tokens=BASELINE_MAX_TOKENS,
        what="whole article",
        title=untrusted(article.title or "unknown"),
        publisher=untrusted(article.publisher or "unknown"),
        published=article.published_at or "unknown",
        text=untrusted(article.text),
    )
    if answer is None:
        return [], []
    document = analyzer_for(article.language).parse(article.text)
    incidents, ids = to_incidents(run, answer.incidents, article.published_at, document)
    claims: list[Claim] = []
    for draft in answer.claims:
        found = locate(draft.evidence, article.text, normalized=False, fuzzy=False)
        if found is None:
            run.dropped.ungrounded_evidence += 1
            continue
        index = draft.incident
        claims.append(
            Claim(
                id=f"c{len(claims) + 1}",
                incident_id=ids[index - 1] if index and index <= len(ids) else None,
                source=Source(name=draft.source, type=draft.source_type, side=draft.side),
                kind=draft.kind,
                statement=draft.statement,
                evidence=[Evidence(text=found.text, start=found.start, end=found.end)],
                figures=[Figure(**f.model_dump()) for f in draft.figures],
            )
        )
    return incidents, claims
