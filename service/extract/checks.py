"""Figures: the model labels a number, code supplies its bounds and checks it is in the evidence.

The model names a number as written ("13", "up to 70", "seven"); code pairs it with a number
detected in the sentence and takes low/high/qualifier from that detection, never from the
model. A figure whose number is not in its evidence is dropped and counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from schemas.llm import FigureDraft
from schemas.result import Figure
from schemas.vocab import FigureCategory
from service.nlp import ENGLISH, Document, Vocabulary
from service.nlp.analyzer import NOT_COUNTS
from service.nlp.grammar import counted_noun, event_lemmas, number_token
from service.text.normalize import normalize
from service.text.numbers import NumberMention, find_numbers, parse_count


def _category_of(lemmas: set[str], vocabulary: Vocabulary) -> FigureCategory | None:
    for category, verb, objects in vocabulary.category_pairs:
        if verb in lemmas and lemmas & objects:
            return category
    found = [c for c, cues in vocabulary.category_cues if lemmas & cues]
    if "killed" in found and "injured" in found:
        return "killed_or_injured"
    return found[0] if found else None


def worded(category: FigureCategory, lemmas: set[str], vocabulary: Vocabulary) -> bool:
    """Whether a sentence with these lemmas has a word for `category` ("killed": kill, die,
    dead...; "materiel": a vehicle or weapon; "other" needs none). The 1.5B model labels counts
    that nothing happened to as killed ("a three-judge bench", "2,000 firefighters", "7.1 million
    people in need"), so under a profile that lets the parse decide, a category the sentence does
    not word is "other"."""
    if category == "other":
        return True
    if category == "materiel":
        return bool(lemmas & vocabulary.materiel)
    if any(verb in lemmas and lemmas & objects
           for c, verb, objects in vocabulary.category_pairs if c == category):  # fmt: skip
        return True
    cues = dict(vocabulary.category_cues)
    if category == "killed_or_injured" and lemmas & cues["killed"] and lemmas & cues["injured"]:
        return True
    return bool(lemmas & cues.get(category, frozenset()))


def is_materiel(words: str, vocabulary: Vocabulary) -> bool:
    return any(w.removesuffix("s") in vocabulary.materiel or w in vocabulary.materiel
               for w in normalize(words, lower=True).text.split())  # fmt: skip


def cued_category(document: Document, start: int, end: int) -> FigureCategory | None:
    """What the parse says the number at ``start:end`` counts, if it says it.

    The counted noun decides materiel ("destroyed three tanks"); then what happened to it, read
    from its modifiers and governing verb ("13 soldiers captured", "communication was lost with
    24 servicemen"); then the noun itself ("95 prisoners", "casualties"). Measured on the
    fixtures, the 1.5B model's category is a guess ("95 prisoners were released" labelled
    killed_or_injured), so the model profile lets this beat it.
    """
    number = number_token(document, start, end)
    if number is None:
        return None
    vocabulary = document.vocabulary
    noun = counted_noun(number)
    if noun.lemma_.lower() in vocabulary.materiel:
        return "materiel"
    for lemmas in event_lemmas(noun):
        if category := _category_of(lemmas, vocabulary):
            return category
    own = {noun.lemma_.lower(), *(c.lemma_.lower() for c in noun.children if c.dep_ == "amod")}
    return _category_of(own, vocabulary)


def counted_group(document: Document, start: int, end: int) -> str | None:
    """The noun the number at ``start:end`` counts ("soldiers"), None when it stands alone."""
    number = number_token(document, start, end)
    if number is None:
        return None
    noun = counted_noun(number)
    return noun.text if noun.i != number.i else None


def _in_speaker(noun: Token, reporting_verbs: frozenset[str]) -> bool:
    """The noun is (inside) the subject of a reporting verb: "two officials said", "residents
    of two villages said"."""
    token = noun
    while token.dep_ in ("pobj", "prep", "compound", "amod", "nmod", "appos"):
        token = token.head
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in reporting_verbs


def is_incident_count(document: Document, start: int, end: int) -> bool:
    """False for numbers whose structure says they count no people or things of an incident:
    dates, ages, durations, money, percentages and ordinals (by entity), a family ("her two
    children", "the mother of four"), the speakers themselves ("two officials said", "residents
    of two villages said")."""
    number = number_token(document, start, end)
    if number is None:
        return False
    if number.ent_type_ in NOT_COUNTS:
        return False
    vocabulary = document.vocabulary
    noun = counted_noun(number)
    if any(c.dep_ == "poss" and c.lower_ in vocabulary.family_possessives for c in noun.children):
        return False
    if _in_speaker(noun, vocabulary.reporting_verbs):
        return False  # the speakers ("Two U.S. defense officials told VOA"), not a figure
    owner = number.head.head if number.dep_ == "pobj" and number.head.lower_ == "of" else None
    return not (
        owner is not None
        and owner.pos_ == "NOUN"
        and _category_of({owner.lemma_.lower()}, vocabulary) is None
        and number.i == noun.i
    )


def _folded(text: str) -> str:
    return normalize(text, lower=True).text.strip()


def match_number(
    written: str, mentions: Sequence[NumberMention], used: set[int]
) -> NumberMention | None:
    """The detected mention the model meant: same words first, then same value; each once."""
    wanted = _folded(written)
    value = parse_count(written)
    free = [(i, m) for i, m in enumerate(mentions) if i not in used]
    same_words = [(i, m) for i, m in free if _folded(m.text) == wanted]
    # "70" for "up to 70": the qualifier is part of the mention, not of what the model wrote.
    same_tail = [(i, m) for i, m in free if _folded(m.text).endswith(" " + wanted)]
    same_value = [
        (i, m) for i, m in free if value is not None and value in (m.value, m.low, m.high)
    ]
    for i, mention in [*same_words, *same_tail, *same_value][:1]:
        used.add(i)
        return mention
    return None


def to_figure(
    draft: FigureDraft,
    mention: NumberMention,
    cue: FigureCategory | None = None,
    vocabulary: Vocabulary = ENGLISH,
) -> Figure:
    """The model's labels with code's bounds; the item, then the sentence's cue, beat its label."""
    # Equipment counted as "captured" or "displaced" is a common slip; the item decides.
    equipment = bool(draft.group and is_materiel(draft.group, vocabulary))
    return Figure(
        category="materiel" if equipment else cue or draft.category,
        party=draft.party,
        group=draft.group,
        low=mention.low,
        high=mention.high,
        qualifier=mention.qualifier,
        text=mention.text,
    )


def supported(figure: Figure, evidence: str) -> bool:
    """True when the figure's number stands in the evidence, in digits or in words."""
    bounds = {b for b in (figure.low, figure.high) if b is not None}
    return bool(bounds) and any(bounds & {m.value, m.low, m.high} for m in find_numbers(evidence))
