"""Denials of a figure read as a zero from the denying source.

"No Korvenian serviceman has been taken prisoner" and "denied that any of its soldiers had been
captured" say: captured, Korvenia, soldiers = 0. Against another source's "four captured" that
zero is a dispute, and the briefing must show both. Extraction often types such a sentence as
an event report and gives no figure, so the words decide: a negation ("no", "none of", "not a
single", "denied that any", "no one") whose noun the parse finds captured, killed... (the
reading that types a number: `service.extract.checks.cued_category`); the party is the first
party named after the negation, or the source's own side for "its", "our", "their".
"""

from __future__ import annotations

import re

from schemas.result import Claim, Figure
from schemas.vocab import FigureCategory
from service.extract.checks import cued_category
from service.nlp.analyzer import analyzer_for
from service.reconcile.groups import people_word
from service.reconcile.names import fold
from service.reconcile.parties import PartyIndex

_NEGATION = re.compile(
    r"\b(?:no(?!\s+(?:comment|immediate|longer|doubt|one\s+claimed))|none\s+of|"
    r"not\s+(?:a\s+single|any)|denied\s+(?:that\s+)?any|nobody|no\s+one)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[.;:!?,]|\s(?:and|but|while)\s")
_OWN = frozenset({"its", "our", "their", "his", "her"})
PEOPLE_CATEGORIES: frozenset[FigureCategory] = frozenset(
    {"killed", "injured", "killed_or_injured", "captured", "missing", "arrested"}
)


def _party(clause: str, own: str | None, parties: PartyIndex) -> str | None:
    for word in fold(clause).split():
        if word in _OWN:
            return own
        party = parties.named_in([word])
        if party is not None:
            return party
    return None


def denied_figures(claim: Claim, own: str | None, parties: PartyIndex) -> list[Figure]:
    """A zero figure for each category the claim's evidence denies, party and group as worded."""
    out: list[Figure] = []
    for evidence in claim.evidence:
        text = evidence.text
        negations = list(_NEGATION.finditer(text))
        if not negations:
            continue
        document = analyzer_for(None).parse(text)
        for match in negations:
            category = cued_category(document, match.start(), match.end())
            if category not in PEOPLE_CATEGORIES:
                continue
            rest = text[match.end() :]
            stop = _CLAUSE.search(rest)
            clause = rest[: stop.start() if stop else len(rest)]
            figure = Figure(
                category=category,
                party=_party(clause, own, parties),
                group=people_word(fold(clause).split()),
                low=0,
                high=0,
                qualifier="exact",
                text=match.group(),
            )
            if figure not in out:
                out.append(figure)
    return out
