"""Claims: candidate sentences asked in small groups after the article prefix, concurrently.

The evidence of a claim is its candidate sentence, located by the segmenter, so its span is
right by construction, and its statement is that evidence (the model writes no prose). The model
labels each sentence of a group (`schemas.llm.SentenceLabel`: who, kind, what each listed number
counts); code pairs its figures with the numbers detected in the sentence, drops figures it cannot
pair, resolves the source (falling back on the speaker the sentence names when the model says
"the outlet"), and gives every sentence of a quoted passage the speaker named with the quotation.

Groups hold up to `MAX_GROUP` consecutive sentences of one part, evenly: every call repeats the
article prefix (reused from the server's cache, but counted), so fewer, larger groups cost fewer
tokens, while a few calls still decode together in the server's parallel slots. The grouping
does not depend on ``settings.concurrency``, so neither do the answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from schemas.llm import (
    MAX_GROUP,
    ClaimDraft,
    FigureDraft,
    SentenceLabel,
    sentence_group,
    sentence_key,
)
from schemas.result import Claim, Evidence, Figure, Incident, Source
from schemas.vocab import SIDED_SOURCE_TYPES
from service.extract.attribution import Speaker, Speakers, guess_type
from service.extract.candidates import Candidate
from service.extract.checks import (
    counted_group,
    cued_category,
    match_number,
    supported,
    to_figure,
    worded,
)
from service.extract.concerns import Concerns
from service.extract.layout import Layout
from service.extract.parties import (
    ArticleParties,
    as_armed_group,
    cued_party,
    figure_party,
    side_named,
)
from service.extract.reading import Reading
from service.extract.run import Run, untrusted
from service.extract.sources import KnownSources, same_speaker

# Per sentence, room for four figures; a cap, not a cost: decoding stops at the closing brace.
SENTENCE_MAX_TOKENS = 200
_FOLLOWING_WORDS = re.compile(r"(?:[\s,]+[\w'’-]+){0,3}")
_QUOTES = '"“”'


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
    """The model's figures paired with the numbers found in the sentence, plus (under a profile
    with `figures_from_parse`) the numbers whose parse names what they count but the model left
    out; in the order the sentence gives them."""
    document = article.document
    profile = run.profile
    used: set[int] = set()
    labelled = [(match_number(w.number, candidate.numbers, used), w) for w in draft.figures]
    run.dropped.unsupported_figures += sum(mention is None for mention, _ in labelled)
    found = [(m, w) for m, w in labelled if m is not None]
    if profile.figures_from_parse:
        for i, m in enumerate(candidate.numbers):
            category = cued_category(document, m.start, m.end)
            if i not in used and category is not None:
                group = counted_group(document, m.start, m.end)
                found.append((m, FigureDraft(number=m.text, category=category, group=group)))
    figures: list[Figure] = []
    cue: str | bool | None = None
    lemmas = {t.lemma_.lower() for t in document.span(candidate.start, candidate.end)}
    for mention, wanted in sorted(found, key=lambda mw: mw[0].start):
        # "four Marenlander soldiers were killed and seven wounded": a bare number goes on
        # counting the party named before it in the sentence.
        cue = cued_party(document, mention.start, mention.end, article) or cue
        party = (
            figure_party(cue, wanted.party, source, article, country)
            if profile.party_from_code or wanted.party is None
            else wanted.party
        )
        category = None
        if profile.category_from_code:
            category = cued_category(document, mention.start, mention.end) or (
                None if worded(wanted.category, lemmas, document.vocabulary) else "other"
            )
        figure = to_figure(wanted, mention, category, document.vocabulary).model_copy(
            update={"party": party}
        )
        if not supported(figure, candidate.text):
            run.dropped.unsupported_figures += 1
            continue
        figures.append(figure)
    return figures


def _statement(evidence: str) -> str:
    """What the sentence claims, as it says it: the evidence without its outer quotation marks."""
    return " ".join(evidence.split()).strip(_QUOTES + " ")[:300] or evidence


def _groups(candidates: Sequence[Candidate], reading: Reading) -> list[list[Candidate]]:
    """Consecutive candidates of one part, in groups of about equal size, at most MAX_GROUP."""
    by_part: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        by_part.setdefault(reading.part_of(candidate.start), []).append(candidate)
    groups: list[list[Candidate]] = []
    for members in by_part.values():
        size = math.ceil(len(members) / math.ceil(len(members) / MAX_GROUP))
        groups.extend(members[i : i + size] for i in range(0, len(members), size))
    return groups


def _sentence_lines(text: str, group: Sequence[Candidate]) -> str:
    return "\n".join(
        f"{sentence_key(n)}: <<<{untrusted(c.text)}>>> numbers: {untrusted(_numbers_line(text, c))}"
        for n, c in enumerate(group, 1)
    )


class _Claims:
    """Turns each sentence's label into a claim, in article order, once the incidents are known."""

    def __init__(self, run: Run, layout: Layout, incidents: Sequence[Incident]) -> None:
        self.run = run
        self.sources = KnownSources(layout.publisher)
        self.speakers = Speakers(layout.document, layout.publisher)
        self.countries = {i.id: i.location.country for i in incidents}
        self.article = ArticleParties(
            layout.document, layout.publisher, {c for c in self.countries.values() if c}
        )
        self.concerns = Concerns.of(incidents, layout.document)
        self.found: list[tuple[int, Claim]] = []  # (candidate index, claim), in article order
        self.next_group = 0

    def add(self, index: int, candidate: Candidate, label: SentenceLabel) -> None:
        draft = label.draft(_statement(candidate.text))
        asserted = _quoted(candidate.text) or self.speakers.asserts(candidate.start, candidate.end)
        if not (draft.is_claim or (self.run.profile.claims_from_parse and asserted)):
            return
        closing = candidate.attributed_by
        speaker = self.speakers.credited(candidate.start, candidate.end) or (
            self.speakers.credited(closing.start, closing.end) if closing else None
        )
        source = as_armed_group(
            _source(self.run, self.sources, speaker, self.article, draft), self.article
        )
        if source.side:
            self.article.sides.add(source.side)
        incident_id = self.concerns.incident_of(
            self.article.document, candidate.start, candidate.end, counts=bool(candidate.numbers)
        )
        country = self.countries.get(incident_id or "")
        claim = Claim(
            id="c",  # numbered in article order once all answers are in
            incident_id=incident_id,
            source=source,
            kind=draft.kind,
            statement=draft.statement,
            evidence=[Evidence(text=candidate.text, start=candidate.start, end=candidate.end)],
            figures=_figures(self.run, draft, candidate, source, self.article, country),
        )
        self.found.append((index, claim))
        self.run.emit(claim)


def ask_claims(
    run: Run,
    reading: Reading,
    candidates: Sequence[Candidate],
    incidents: Callable[[], Sequence[Incident]],
) -> list[Claim]:
    """The sentences question for every group, asked while the incidents question may still be
    out: `incidents` waits for its answer, needed only to turn labels into claims."""
    prompt = run.prompt("claim")
    layout = reading.layout
    groups = _groups(candidates, reading)
    first = {id(group[0]): n for n, group in enumerate(groups)}
    offsets = {id(c): n for n, c in enumerate(candidates)}
    requests: list[Mapping[str, Any]] = [
        {
            **reading.prefix(reading.part_of(group[0].start)),
            "sentences": _sentence_lines(layout.text, group),
            "_group": first[id(group[0])],
        }
        for group in groups
    ]
    made: _Claims | None = None  # at the first answer: the incidents are needed from then on
    arrived: dict[int, BaseModel | None] = {}

    def done(n: int, answer: BaseModel | None) -> None:
        # Answers are turned into claims in article order, as soon as all earlier groups are in:
        # what one claim teaches (a side named by its source) must reach the next the same way
        # whichever call comes back first.
        nonlocal made
        arrived[n] = answer
        if made is None:
            made = _Claims(run, layout, incidents())
        while made.next_group in arrived:
            group = made.next_group
            made.next_group += 1
            if (ready := arrived.pop(group)) is not None:
                for k, candidate in enumerate(groups[group], 1):
                    made.add(offsets[id(candidate)], candidate, getattr(ready, sentence_key(k)))

    run.stage("claims", len(groups))
    run.ask_many(
        prompt,
        lambda values: sentence_group(len(groups[values["_group"]])),
        requests,
        max_tokens=lambda values: SENTENCE_MAX_TOKENS * len(groups[values["_group"]]),
        what=lambda values: (
            "sentences at " + ", ".join(f"{c.start}-{c.end}" for c in groups[values["_group"]])
        ),
        done=done,
    )
    if made is None:
        return []
    numbered = [
        c.model_copy(update={"id": f"c{n}", "source": made.sources.final(c.source)})
        for n, (_, c) in enumerate(made.found, 1)
    ]
    units = [candidates[i].sentence.unit for i, _ in made.found]
    paragraphs = [candidates[i].sentence.paragraph for i, _ in made.found]
    return _quotes_continue(_quotes_keep_their_speaker(numbered, units), paragraphs)


def _source(
    run: Run,
    sources: KnownSources,
    speaker: Speaker | None,
    article: ArticleParties,
    draft: ClaimDraft,
) -> Source:
    """The speaker the parse credits beats the model's source under the `small` profile, and
    stands in for "the outlet" under any profile; a model's fuller name of the same speaker
    ("Azerbaijani Defence Ministry" for "the ministry") is kept. A side left open is the party
    the speaker's name or title names ("Kestrian Foreign Minister", "ministry spokesman" after
    "the Dolmari Ministry of Defense")."""
    source = sources.resolve(draft.source, draft.source_type, draft.side)
    if speaker is None:
        return source
    if (run.profile.speaker_from_code or source.type == "media") and (
        source.type == "media" or not same_speaker(source.name, speaker.name)
    ):
        kind = guess_type(speaker.description, article.document.vocabulary)
        source = sources.resolve(speaker.name, kind, None)
    if (
        source.side is None
        and source.type in SIDED_SOURCE_TYPES
        and same_speaker(source.name, speaker.name)
        and (side := side_named(article, speaker.ranges))
    ):
        source = sources.resolve(source.name, source.type, side)
    return source


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
