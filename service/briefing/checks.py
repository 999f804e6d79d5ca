"""Code checks of a briefing summary against the reconciled record.

Each check returns a `Check` whose reasons are written to the model (they are sent back verbatim
on the re-ask): short, specific, imperative.

- numbers_attributed: every number (digits or words; dates and times excepted) is a figure of the
  record and a source that gives it is named in the same sentence, with an attribution verb.
- contested_points: every disputed figure is given with each disagreeing source and its value;
  every side of a non-numeric dispute is named.
- sides_present: every side with claims is named.
- loaded_terms: no value-laden label or intensifier from the lexicon.
- one_sided_doubt: doubt words ("claimed", "alleged") are used for all sides or for none.
- symmetric_naming: if one party is named by its capital, every party with a known capital is.
- neutral_titles: no side is named before a side's verb ("Kestrian troops attack Dolmari
  patrol") in the headline or a main incident's title.
- named_sources: a person is named, never "the Oskar"; "according to" is followed by a name.
- side_figures: every side that gives figures has at least one of them in the summary.
- outlet_voice: an unattributed sentence neither repeats the outlet's own assertions nor states
  one side's account ("Kestrian troops attacked") as fact.
- incident_figures: no number that counts places or spans of time ("two villages", "six hours").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from schemas.briefing import Check, ReconciledFigure, SourceValue
from service.briefing.lexicon import find_terms
from service.briefing.mentions import (
    Spot,
    capital_spots,
    has_attribution,
    side_spots,
    source_spots,
    words_of,
)
from service.briefing.template import the
from service.reconcile.groups import counts_nothing
from service.reconcile.names import fold, tokens
from service.reconcile.record import Record
from service.reconcile.sources import person_words, same_person
from service.reconcile.tables import capitals
from service.text.numbers import find_numbers

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_THE_NAME = re.compile(r"\b[Tt]he\s+((?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’.-]*)")
_ACCORDING = re.compile(r"\baccording\s+to\b", re.I)
# How close an unattributed sentence must be to the outlet's own assertion to repeat it.
OUTLET_MIN = 80
_SIDES_COUNT = re.compile(
    r"^\s+(?:\w+\s+)?(?:sides|parties|countries|governments|ministries|neighbou?rs)\b", re.I
)


@dataclass
class Summary:
    """A headline and summary split into sentences, with who each sentence names."""

    headline: str
    sentences: list[str]
    record: Record
    sources: list[set[str]] = field(default_factory=list)
    sides: list[set[str]] = field(default_factory=list)

    @classmethod
    def of(cls, headline: str, paragraphs: Sequence[str], record: Record) -> Summary:
        sentences = [s for p in paragraphs for s in _SENTENCE_END.split(p.strip()) if s]
        summary = cls(headline, sentences, record)
        for sentence in [headline, *sentences]:
            spots = summary.spots(sentence)
            summary.sources.append({s.who for s in spots if s.who in summary.source_ids})
            sides = {summary.side_of(s.who) for s in spots}
            summary.sides.append({side for side in sides if side is not None})
        return summary

    @property
    def source_ids(self) -> set[str]:
        return {s.id for s in self.record.sources}

    def side_of(self, who: str) -> str | None:
        return self.record.source(who).side if who in self.source_ids else who

    def spots(self, sentence: str) -> list[Spot]:
        words = words_of(sentence)
        found = [spot for src in self.record.sources for spot in source_spots(words, src)]
        found += [spot for side in self.record.sides for spot in side_spots(words, side)]
        return sorted(found, key=lambda s: s.start)

    def numbered(self) -> list[tuple[str, str, set[str]]]:
        """(label, sentence, source ids named) for the headline and each sentence."""
        labels = ["the headline"] + [f"Sentence {i}" for i in range(1, len(self.sentences) + 1)]
        return list(zip(labels, [self.headline, *self.sentences], self.sources, strict=True))


def _check(name: str, reasons: list[str]) -> Check:
    return Check(name=name, passed=not reasons, reasons=list(dict.fromkeys(reasons)))


def _owners(record: Record) -> dict[int, set[str]]:
    owners: dict[int, set[str]] = {}
    for fig in record.figures:
        for v in fig.values:
            for n in (v.low, v.high):
                if n is not None:
                    owners.setdefault(n, set()).add(v.source_id)
    return owners


def numbers_attributed(summary: Summary) -> Check:
    owners, reasons = _owners(summary.record), []
    for label, sentence, named in summary.numbered():
        for m in find_numbers(sentence):
            if _SIDES_COUNT.match(sentence[m.end :]) and m.value <= len(summary.record.sides):
                continue
            if label == "the headline":
                reasons.append(f"Remove {m.text!r} from the headline; give numbers in sentences.")
                continue
            for n in {x for x in (m.low, m.high) if x is not None}:
                who = owners.get(n, set())
                if not who:
                    reasons.append(
                        f"{label}: {m.text!r} is not a figure in the record; "
                        "use only the record's figures."
                    )
                elif not (who & named and has_attribution(sentence)):
                    name = the(summary.record.source(sorted(who)[0]))
                    reasons.append(
                        f"{label}: attribute {m.text!r} to its source in the same sentence "
                        f"('according to {name}' or '{name} said')."
                    )
    return _check("numbers_attributed", reasons)


def _accepted(fig: ReconciledFigure, value: SourceValue, record: Record) -> set[int]:
    """Numbers that state `value`: its bounds, and for a derived sum its parts."""
    numbers = {n for n in (value.low, value.high) if n is not None}
    if value.derived:
        for other in record.figures:
            if (other.incident_id, other.party, other.group) == (
                fig.incident_id,
                fig.party,
                fig.group,
            ) and other.category in ("killed", "injured"):
                numbers |= {
                    n
                    for v in other.values
                    if v.source_id == value.source_id and v.status == "current"
                    for n in (v.low, v.high)
                    if n is not None
                }
    return numbers


def contested_points(summary: Summary) -> Check:
    record, reasons = summary.record, []
    stated = [
        (named, {n for m in find_numbers(sentence) for n in (m.low, m.high) if n is not None})
        for _, sentence, named in summary.numbered()[1:]
    ]
    for fig in record.figures:
        if not fig.contested:
            continue
        for v in (v for v in fig.values if v.status == "current"):
            accepted = _accepted(fig, v, record)
            if not any(v.source_id in named and accepted & nums for named, nums in stated):
                reasons.append(
                    f"The figure '{fig.label}' is disputed: say '{v.text}' according to "
                    f"{the(record.source(v.source_id))} in the same sentence, next to the other "
                    "sources' values."
                )
    named_sides = set().union(*summary.sides) if summary.sides else set()
    for point in record.contested:
        if point.kind != "claim":
            continue
        for pos in point.positions:
            if pos.side is not None and pos.side not in named_sides:
                names = ", ".join(record.source(s).name for s in pos.source_ids)
                reasons.append(
                    f"'{point.topic}' is disputed: give {pos.side}'s position ({names}) too."
                )
    return _check("contested_points", reasons)


def sides_present(summary: Summary) -> Check:
    named = set().union(*summary.sides) if summary.sides else set()
    return _check(
        "sides_present",
        [
            f"{side} has claims in the record but is not named: include {side}'s account."
            for side in summary.record.sides
            if side not in named
        ],
    )


def loaded_terms(summary: Summary) -> Check:
    reasons = []
    for label, sentence, _ in summary.numbered():
        for hit in find_terms(sentence, ("value_laden", "intensifiers")):
            kind = "a value-laden label" if hit.category == "value_laden" else "an intensifier"
            reasons.append(
                f"{label} uses {hit.term!r}, {kind}: replace it with a neutral, factual word."
            )
    return _check("loaded_terms", reasons)


def one_sided_doubt(summary: Summary) -> Check:
    hedged: dict[str, set[str]] = {}
    voiced: set[str] = set()
    for _, sentence, _ in summary.numbered():
        spots = [(s.start, summary.side_of(s.who)) for s in summary.spots(sentence)]
        spots = [(start, side) for start, side in spots if side is not None]
        if has_attribution(sentence):
            voiced |= {side for _, side in spots if side}
        for hit in find_terms(sentence, ("hedged_doubt",)):
            before = [side for start, side in spots if start < hit.start]
            after = [side for start, side in spots if start >= hit.start]
            side = before[-1] if before else (after[0] if after else None)
            if side:
                hedged.setdefault(hit.term, set()).add(side)
    reasons = []
    for term, sides in hedged.items():
        others = sorted(voiced - sides)
        if others:
            reasons.append(
                f"{term!r} is used for {', '.join(sorted(sides))} but not for "
                f"{', '.join(others)}: use the same neutral verb ('said') for every side."
            )
    return _check("one_sided_doubt", reasons)


def symmetric_naming(summary: Summary) -> Check:
    words = [w for _, sentence, _ in summary.numbered() for w in words_of(sentence)]
    sides = summary.record.sides
    by_capital = [s for s in sides if capital_spots(words, s)]
    reasons = []
    if by_capital:
        for side in sides:
            if side not in by_capital and capitals(side):
                reasons.append(
                    f"{', '.join(by_capital)} is named by its capital but {side} is not: "
                    "name every party the same way, by country."
                )
    return _check("symmetric_naming", reasons)


def _side_verbs(summary: Summary, text: str) -> list[tuple[str, str]]:
    """(side, verb) for each side's verb with a side named before it in `text`."""
    spots = summary.spots(text)
    found = []
    for hit in find_terms(text, ("side_verbs",)):
        before = [side for s in spots if s.start < hit.start and (side := summary.side_of(s.who))]
        if before:
            found.append((before[-1], hit.term))
    return found


def neutral_titles(summary: Summary) -> Check:
    titled = [("the headline", summary.headline)]
    titled += [(f"the incident title {i.title!r}", i.title) for i in summary.record.main]
    reasons = [
        f"{label} takes {side}'s verb {verb!r}: name the event, place and date instead "
        "('Armed clash near Harlo, 3 June 2024')."
        for label, text in titled
        for side, verb in _side_verbs(summary, text)
    ]
    return _check("neutral_titles", reasons)


def named_sources(summary: Summary) -> Check:
    persons = [
        (source, words)
        for source in summary.record.sources
        if (words := person_words(source.name, source.side))
    ]
    reasons = []
    for label, sentence, _ in summary.numbered():
        for match in _THE_NAME.finditer(sentence):
            for source, words in persons:
                if same_person(person_words(match.group(1), source.side), words):
                    reasons.append(
                        f"{label} writes {match.group()!r}: name the person as "
                        f"'{source.name}' or by surname, without 'the'."
                    )
        for match in _ACCORDING.finditer(sentence):
            after = sentence[match.end() :].split(",")[0]
            if not summary.spots(" ".join(after.split()[:6])):
                reasons.append(
                    f"{label}: 'according to{after[:40]}' names no source: give the source's "
                    "name as the record has it."
                )
    return _check("named_sources", reasons)


def side_figures(summary: Summary) -> Check:
    record = summary.record
    numbers = [
        (named | sides, {n for m in find_numbers(s) for n in (m.low, m.high) if n is not None})
        for (_, s, named), sides in zip(summary.numbered(), summary.sides, strict=True)
    ]
    reasons = []
    for side in record.sides:
        values = [
            (fig, v)
            for fig in record.figures
            for v in fig.values
            if v.side == side and v.status == "current"
        ]
        if not values:
            continue
        mine = {v.source_id for _, v in values} | {side}
        given = {n for fig, v in values for n in _accepted(fig, v, record)}
        if not any(who & mine and nums & given for who, nums in numbers):
            examples = "; ".join(f"{v.text} {fig.label} ({v.source})" for fig, v in values[:3])
            reasons.append(
                f"{side}'s figures are missing from the summary: give them, attributed "
                f"({examples})."
            )
    return _check("side_figures", reasons)


def outlet_voice(summary: Summary) -> Check:
    record = summary.record
    outlet_claims = [c for c in record.main_claims if record.source(c.source_id).type == "media"]
    reasons = []
    for label, sentence, _ in summary.numbered()[1:]:
        if has_attribution(sentence):
            continue
        for side, verb in _side_verbs(summary, sentence):
            reasons.append(
                f"{label} states {side}'s action ({verb!r}) as fact: attribute it to the "
                "source that says so ('X said')."
            )
        for claim in outlet_claims:
            score = max(
                fuzz.token_set_ratio(fold(sentence), fold(t))
                for t in (claim.statement, claim.evidence)
            )
            if score >= OUTLET_MIN:
                outlet = record.source(claim.source_id).name
                reasons.append(
                    f"{label} repeats what {outlet} wrote as fact: attribute it "
                    f"('according to {outlet}') or leave it out."
                )
    return _check("outlet_voice", reasons)


def incident_figures(summary: Summary) -> Check:
    reasons = []
    for label, sentence, _ in summary.numbered():
        for m in find_numbers(sentence):
            rest = sentence[m.end :]
            if _SIDES_COUNT.match(rest):
                continue
            noun = tokens(rest)[:2]
            if any(counts_nothing(" ".join(noun[: n + 1])) for n in range(len(noun))):
                reasons.append(
                    f"{label}: {m.text!r} counts {' '.join(noun)}, not people or materiel: "
                    "it is not an incident figure; leave it out."
                )
    return _check("incident_figures", reasons)


CHECKS: tuple[Callable[[Summary], Check], ...] = (
    numbers_attributed,
    contested_points,
    sides_present,
    loaded_terms,
    one_sided_doubt,
    symmetric_naming,
    neutral_titles,
    named_sources,
    side_figures,
    outlet_voice,
    incident_figures,
)


def run_checks(headline: str, sentences: Sequence[str], record: Record) -> list[Check]:
    """Every check, in a fixed order."""
    summary = Summary.of(headline, sentences, record)
    return [check(summary) for check in CHECKS]


def failures(checks: Sequence[Check]) -> list[str]:
    return [reason for check in checks for reason in check.reasons]
