"""Counts stated in news text: digits, number words and vague amounts, with their qualifiers.

Only counts are wanted (people, vehicles): dates, times, years, percentages, money, ages,
ordinals, durations and measures are skipped. `low`/`high` follow the fixture spec: exact and
about give low = high, at_least sets low only, up_to sets high only, range sets both, and vague
words take the spec's floor ("dozens" = 24, "tens" = 10, "hundreds" = 100, "several" = 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.vocab import Qualifier

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {
    "several": 3, "tens": 10, "dozens": 24, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000, "tens of thousands": 10_000, "hundreds of thousands": 100_000,
}  # fmt: skip
_QUALIFIERS: dict[str, Qualifier] = {
    "at least": "at_least", "more than": "at_least", "over": "at_least",
    "in excess of": "at_least", "upwards of": "at_least", "no fewer than": "at_least",
    "no less than": "at_least", "not less than": "at_least",
    "up to": "up_to", "as many as": "up_to", "at most": "up_to", "no more than": "up_to",
    "fewer than": "up_to", "less than": "up_to", "under": "up_to", "a maximum of": "up_to",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "some": "about", "nearly": "about", "almost": "about", "close to": "about",
    "an estimated": "about", "estimated": "about", "circa": "about",
}  # fmt: skip

_WORD = r"(?:" + "|".join(sorted([*_UNITS, *_SCALES, "dozen"], key=len, reverse=True)) + r")"
_VAGUE_RE = (
    r"(?:several\s+(?:hundred|thousand|million)|tens\s+of\s+thousands|hundreds\s+of\s+thousands"
    r"|dozens|tens|hundreds|thousands|millions|several)"
)
_TOKEN = re.compile(
    r"(?<![\w.,$€£¥])(?<![A-Za-z]-)(?:"
    rf"(?P<vague>{_VAGUE_RE})"
    r"|(?P<zero>none|nobody|no\s+one)(?!\s+(?:of|else|but|other)\b)"
    r"|(?P<digits>\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion))?"
    rf"|(?P<words>(?:half\s+a\s+|an?\s+(?=(?:hundred|thousand|million|dozen)\b))?{_WORD}"
    rf"(?:(?:\s+and\s+|\s+|-)(?:{_WORD}|point))*)"
    r")\b",
    re.IGNORECASE,
)
_QUALIFIER_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(_QUALIFIERS, key=len, reverse=True)).replace(" ", r"\s+") + r")\s+$",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|and|or)\s*", re.IGNORECASE)

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_UNIT_AFTER = re.compile(
    r"^(?:%|\s*-?\s*(?:percent|per\s+cent|percentage|dollars?|euros?|pounds?|yuan|rupees?|"
    r"usd|eur|seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|"
    r"km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|feet|foot|kg|kilograms?|tons?|tonnes?|"
    r"acres?|hectares?|square|degrees?|a\.m\.|p\.m\.|am\b|pm\b|gmt|utc|st\b|nd\b|rd\b|th\b|"
    rf"{_MONTHS}\b))",
    re.IGNORECASE,
)
_BEFORE_SKIP = re.compile(
    rf"(?:\b{_MONTHS}|\b(?:aged?|article|resolution|chapter|section|flight|route|no\.|number|"
    r"room|page|year|covid|g)|[$€£¥])\s*$",
    re.IGNORECASE,
)
# Dates and clock times, found first so their digits are never read as counts.
# Model designations: "SU 35", "F 16".
_DESIGNATION_BEFORE = re.compile(r"\b[A-Z]{1,4}\s$")
_DATE_OR_TIME = re.compile(
    r"(?<!\d)(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[:.]\d{2}(?!\d|\s*(?:million|billion)))"
)
_ONE_NOT_A_COUNT = re.compile(
    r"^\s+(?:of|another|day|time|way|side|thing|more|another|hand|by)\b", re.IGNORECASE
)
_COUNTED_NOUN = re.compile(
    r"^\s+(?:people|persons|soldiers|troops|civilians|fighters|militants|police|officers|"
    r"children|women|men|refugees|migrants|prisoners|hostages|students|workers|passengers|"
    r"deaths|dead|casualties|vehicles|tanks|aircraft|homes|houses)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberMention:
    start: int  # span of the whole expression, qualifier included, in the scanned text
    end: int
    text: str  # e.g. "up to 70"
    value: int  # the number itself (a range's low, a vague word's floor)
    low: int | None
    high: int | None
    qualifier: Qualifier


def _words_value(phrase: str) -> int | None:
    words = re.split(r"[\s-]+", phrase.lower().replace(" and ", " "))
    if words[:2] == ["half", "a"] and words[2:] == ["dozen"]:
        return 6
    if words[0] in _SCALES:
        return None  # "million" in "$200 million" is a scale, not a count
    total, current, seen = 0, 0, False
    # "seven-point-one million": digits after "point" are a fraction that only a scale makes whole.
    fraction: str | None = None
    for word in words:
        if word in ("a", "an"):
            current = current or 1
        elif word == "point":
            if fraction is not None or not seen:
                return None
            fraction = ""
        elif word in _UNITS and fraction is not None:
            if _UNITS[word] > 9:
                return None
            fraction += str(_UNITS[word])
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word == "dozen":
            current = (current or 1) * 12
            seen = True
        elif word in _SCALES:
            scale = _SCALES[word]
            if fraction:
                places = 10 ** len(fraction)
                scaled = (current * places + int(fraction)) * scale
                if scaled % places:
                    return None
                total, current, fraction = total + scaled // places, 0, None
            elif scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            seen = True
        elif word != "and":
            return None
    return total + current if seen and fraction is None else None


def _token_value(match: re.Match[str]) -> tuple[int, bool] | None:
    """(value, vague) of one matched token; None when it is not a whole count."""
    if match.group("zero"):
        return 0, False
    if vague := match.group("vague"):
        key = re.sub(r"\s+", " ", vague.lower())
        if key.startswith("several "):
            return 3 * _SCALES[key.split()[1]], True
        return _VAGUE[key], True
    if digits := match.group("digits"):
        number = float(digits.replace(",", ""))
        if scale := match.group("scale"):
            number *= _SCALES[scale.lower()]
        return (int(number), False) if number == int(number) else None
    value = _words_value(match.group("words"))
    return None if value is None else (value, False)


def _is_count(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 20) : match.start()]
    after = text[match.end() : match.end() + 16]
    token = match.group()
    if _UNIT_AFTER.match(after):
        return False
    if _DESIGNATION_BEFORE.search(before):
        return False
    if _BEFORE_SKIP.search(before):
        return bool(_COUNTED_NOUN.match(after))
    if token.isdigit() and len(token) == 4 and 1800 <= int(token) <= 2100:
        return bool(_COUNTED_NOUN.match(after))
    if match.group("zero"):
        return True
    if token.lower() == "one":
        return not _ONE_NOT_A_COUNT.match(after) and not re.search(
            r"\b(?:no|any|every|the|this|that|which)\s+$", before, re.IGNORECASE
        )
    return True


def find_numbers(text: str) -> list[NumberMention]:
    """Every count stated in `text`, in order of appearance."""
    blocked = [m.span() for m in _DATE_OR_TIME.finditer(text)]
    tokens: list[tuple[re.Match[str], int, bool]] = []
    for match in _TOKEN.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in blocked):
            continue
        parsed = _token_value(match)
        if parsed is not None and _is_count(text, match):
            tokens.append((match, *parsed))
    mentions: list[NumberMention] = []
    i = 0
    while i < len(tokens):
        match, value, vague = tokens[i]
        start, end = match.start(), match.end()
        qualifier: Qualifier = "vague" if vague else "exact"
        low: int | None = value
        high: int | None = None if vague else value
        before = text[max(0, start - 24) : start]
        if not vague and (q := _QUALIFIER_BEFORE.search(before)):
            qualifier = _QUALIFIERS[re.sub(r"\s+", " ", q.group(1).lower())]
            start -= len(before) - q.start()
            low = None if qualifier == "up_to" else value
            high = None if qualifier == "at_least" else value
        if i + 1 < len(tokens) and not vague and not tokens[i + 1][2]:
            nxt, nxt_value, _ = tokens[i + 1]
            join = _RANGE_JOIN.match(text[end : nxt.start()])
            between = re.search(r"\bbetween\s+$", before, re.IGNORECASE)
            word = join.group().strip().lower() if join else ""
            adjacent = join is not None and join.end() == nxt.start() - end
            joins = word in ("-", "–", "—", "to") or (word == "and" and between is not None)
            if adjacent and joins and nxt_value > value:
                qualifier, low, high, end = "range", value, nxt_value, nxt.end()
                start = match.start() - (len(before) - between.start() if between else 0)
                i += 1
        mentions.append(NumberMention(start, end, text[start:end], value, low, high, qualifier))
        i += 1
    return mentions


def parse_count(text: str) -> int | None:
    """The value of a number written alone ('13', 'seven', 'a dozen', 'dozens'), else None."""
    found = find_numbers(text.strip())
    return found[0].value if len(found) == 1 else None
