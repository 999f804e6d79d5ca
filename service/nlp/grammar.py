"""What a number in a parsed sentence counts: its counted noun, the words that govern it.

Dependency labels are spaCy's English (ClearNLP) set; a language whose parser uses other labels
brings its own module next to this one.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from service.nlp.analyzer import Document

# Dependents of a verb that say what happened to its subject or object: "got injured",
# "taken captive", "lost contact".
_COMPLEMENTS = frozenset({"acomp", "xcomp", "oprd", "dobj", "nsubjpass", "nsubj", "prt", "attr"})
_MODIFIERS = frozenset({"acl", "amod", "relcl"})
# Parts of speech that say what a passage is about.
_CONTENT_POS = frozenset({"PROPN", "NOUN", "VERB", "ADJ"})
# Dependents of a verb that carry what was said or done ("announces martial law", "says 13
# soldiers captured").
_CONTENT = frozenset({"ccomp", "xcomp", "dobj", "dative", "attr", "oprd"})


def number_token(document: Document, start: int, end: int) -> Token | None:
    """The token holding the value of the number written at ``start:end``."""
    span = document.span(start, end)
    numbers = [t for t in span if t.like_num or t.pos_ == "NUM"]
    return numbers[-1] if numbers else (span[-1] if len(span) else None)


def counted_noun(number: Token) -> Token:
    """The noun a number counts: 'soldiers' in '13 soldiers', '1 million people' and 'two of
    its soldiers'; the number itself when it stands alone ('seven were wounded')."""
    token = number
    while token.dep_ in ("compound", "quantmod", "nummod") and token.head.pos_ == "NUM":
        token = token.head
    if token.dep_ == "nummod":
        return token.head
    if token.dep_ == "compound":  # mis-parsed "Seven Azerbaijani soldiers"
        while token.dep_ == "compound":
            token = token.head
        return token
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    objects = [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
    return objects[0] if objects else token


def governor(noun: Token) -> Token | None:
    """The verb or adjective the counted noun depends on ('lost' in 'lost with 24 servicemen')."""
    token = noun
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "ADJ", "AUX"):
            return token
    return None


def event_lemmas(noun: Token) -> list[set[str]]:
    """Lemma sets that may say what happened to the counted people, nearest first: the noun's
    own modifiers ('13 soldiers captured'), then its governing verb with its complements and
    the verbs joined by 'or' ('killed or injured')."""
    sets: list[set[str]] = []
    modifiers = [c for c in noun.children if c.dep_ in _MODIFIERS and c.pos_ in ("VERB", "ADJ")]
    for modifier in modifiers:
        sets.append({modifier.lemma_.lower(), *(c.lemma_.lower() for c in modifier.children
                                                 if c.dep_ in _COMPLEMENTS)})  # fmt: skip
    verb = governor(noun)
    if verb is not None:
        # The verb itself first: in "released 95 prisoners" the release, not the prisoners.
        lemmas = {verb.lemma_.lower()}
        if any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children):
            lemmas |= {c.lemma_.lower() for c in verb.children if c.dep_ == "conj"}
        sets.append(lemmas)
        sets.append(lemmas | {c.lemma_.lower() for c in verb.children if c.dep_ in _COMPLEMENTS})
    return sets


def carries_content(verb: Token) -> bool:
    """The verb governs what was said or done, not only who said it and when."""
    return any(c.dep_ in _CONTENT for c in verb.children)


def content_lemmas(tokens: Span, skip: frozenset[str]) -> dict[str, int]:
    """What the tokens are about: content-word lemmas (not stop words, not `skip`) with a
    weight, 2 for a proper name and 1 for another noun, verb or adjective."""
    weights: dict[str, int] = {}
    for token in tokens:
        lemma = token.lemma_.lower()
        if token.pos_ in _CONTENT_POS and not token.is_stop and lemma not in skip:
            weights[lemma] = max(weights.get(lemma, 0), 2 if token.pos_ == "PROPN" else 1)
    return weights
