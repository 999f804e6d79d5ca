"""Figures: the model labels a number, code supplies its bounds and checks it is in the evidence.

The model names a number as written ("13", "up to 70", "seven"); code pairs it with a number
detected in the sentence and takes low/high/qualifier from that detection, never from the
model. A figure whose number is not in its evidence is dropped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from schemas.llm import FigureDraft
from schemas.result import Figure
from schemas.vocab import FigureCategory
from service.text.normalize import normalize
from service.text.numbers import NumberMention, find_numbers, parse_count

_EQUIPMENT = re.compile(
    r"\b(?:vehicles?|carriers?|tanks?|aircraft|planes?|jets?|helicopters?|drones?|trucks?|"
    r"artillery|guns?|howitzers?|launchers?|ships?|boats?|vessels?|missiles?|equipment|"
    r"weapons?)\b",
    re.IGNORECASE,
)


# The verb next to a number is evidence of what it counts; the 1.5B model's category is a guess
# (measured on the fixtures: "95 prisoners were released" labelled killed_or_injured). Ordered:
# the combined form before its parts, specific verbs before "killed".
_CUES: tuple[tuple[FigureCategory, str], ...] = (
    ("killed_or_injured", r"\b(?:killed|dead)\s+or\s+(?:injured|wounded|hurt)\b|\bcasualties"),
    (
        "captured",
        r"\b(?:captured|taken\s+(?:prisoner|captive|hostage)|prisoners?\s+of\s+war|abducted|"
        r"kidnapped|seized)\b",
    ),
    ("missing", r"\b(?:missing|unaccounted|lost\s+contact|fate\b.{0,30}\bunknown)"),
    ("missing", r"\b(?:communication|contact)\b.{0,20}\blost\b"),
    ("arrested", r"\b(?:arrested|detained|arrests?|detentions?)\b"),
    ("displaced", r"\b(?:displaced|fled|evacuated|homeless|refugees)\b"),
    ("other", r"\b(?:released|freed|exchanged|rescued)\b"),
    ("killed", r"\b(?:killed|dead|died|deaths?|bodies|lost\s+their\s+lives)\b"),
    ("injured", r"\b(?:injured|wounded|hurt|injuries)\b"),
)
_CATEGORY_CUES = tuple((category, re.compile(cue, re.IGNORECASE)) for category, cue in _CUES)
_CLAUSE_END = re.compile(r"[.;:!?,]|\s(?:and|but|while)\s|\d")
# The counted noun: up to two words ("armoured", "Pellarian fishing") before the item.
_ITEM_AFTER = re.compile(
    rf"^\s+(?:(?!(?:and|or)\b)[\w'’-]+\s+){{0,2}}?{_EQUIPMENT.pattern}", re.IGNORECASE
)


def cued_category(sentence: str, start: int, end: int) -> FigureCategory | None:
    """What the words around a number (``sentence[start:end]``) say it counts, if they say it.

    An item of equipment right after the number makes it materiel ("destroyed three tanks");
    then the words after the number up to the end of its clause ("13 soldiers captured"); then
    the clause before it ("communication was lost with 24 servicemen").
    """
    after = sentence[end:]
    if _ITEM_AFTER.match(after):
        return "materiel"
    stop = _CLAUSE_END.search(after)
    before = sentence[:start]
    starts = [m.end() for m in re.finditer(r"[.;:!?,]", before)]
    for clause in (after[: stop.start() if stop else len(after)], before[max([0, *starts]) :]):
        for category, cue in _CATEGORY_CUES:
            if cue.search(clause):
                return category
    return None


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
    draft: FigureDraft, mention: NumberMention, cue: FigureCategory | None = None
) -> Figure:
    """The model's labels with code's bounds; the item, then the sentence's cue, beat its label."""
    # Equipment counted as "captured" or "displaced" is a common slip; the item decides.
    equipment = bool(draft.group and _EQUIPMENT.search(draft.group))
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
