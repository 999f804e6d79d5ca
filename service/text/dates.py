"""Dates: publication times in datelines, and event days resolved against publication.

News writes "on Tuesday"; the model copies that and code turns it into an ISO date using
the publication date, which a small model gets wrong too often to be trusted with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from spacy.tokens import Span

from service.nlp.analyzer import Document
from service.nlp.vocabulary import ENGLISH

_WEEKDAYS = ENGLISH.weekdays
_MONTHS = ENGLISH.months
_WHEN = frozenset({"DATE", "TIME"})
_MAX_DAY_WORDS = 3  # "late on Monday"; longer phrases say more than a day
_ISO_PARTIAL = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_DAY_MONTH = re.compile(r"(?P<d1>\d{1,2})\s+(?P<m1>[a-z]+)|(?P<m2>[a-z]+)\s+(?P<d2>\d{1,2})")
_DATELINE_PATTERNS = (
    # "07:46 GMT 17.11.2021"
    re.compile(
        r"(?P<h>\d{1,2}):(?P<mi>\d{2})\s*(?:GMT|UTC)\s+(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4})"
    ),
    # "2021-11-17 07:46" / "2021-11-17T07:46:00Z"
    re.compile(r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[ T](?P<h>\d{2}):(?P<mi>\d{2}))?"),
    # "17 November 2021" / "November 17, 2021"
    re.compile(r"(?P<d>\d{1,2})\s+(?P<mname>[A-Za-z]+)\s+(?P<y>\d{4})"),
    re.compile(r"(?P<mname>[A-Za-z]+)\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"),
)


def parse_published(value: str | None) -> date | None:
    """The calendar date of an ISO 8601 publication time (or a plain date), else None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
        return _safe_date(*match.groups()) if match else None


def _safe_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_dateline(line: str) -> str | None:
    """An ISO 8601 time for a dateline such as '07:46 GMT 17.11.2021', else None."""
    for pattern in _DATELINE_PATTERNS:
        match = pattern.search(line)
        if match is None:
            continue
        parts = match.groupdict()
        month = parts.get("mo")
        if parts.get("mname"):
            number = _month(parts["mname"])
            if number is None:
                continue
            month = str(number)
        day = _safe_date(parts["y"], month or "", parts["d"])
        if day is None:
            continue
        if parts.get("h") is not None:
            moment = datetime(day.year, day.month, day.day, int(parts["h"]), int(parts["mi"]))
            return moment.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")
        return day.isoformat()
    return None


def _month(name: str) -> int | None:
    name = name.lower()
    found = [i + 1 for i, m in enumerate(_MONTHS) if len(name) >= 3 and m.startswith(name[:3])]
    return found[0] if found else None


def _day_and_month(text: str, published: date) -> str | None:
    """'17 November' or 'November 17' in the year that puts it on or before publication."""
    match = _DAY_MONTH.fullmatch(text)
    if match is None:
        return None
    day, month = (
        match.group("d1") or match.group("d2"),
        _month(match.group("m1") or match.group("m2")),
    )
    if month is None:
        return None
    for year in (published.year, published.year - 1):
        found = _safe_date(str(year), str(month), day)
        if found and found <= published:
            return found.isoformat()
    return None


def resolve_event_date(value: str | None, published: date | None) -> str | None:
    """ISO (possibly partial) date for a model's date answer; None when it cannot be trusted.

    Weekdays, 'yesterday', 'last week' (a 'YYYY-MM-DD/YYYY-MM-DD' range) and '17 November'
    resolve against the publication date; a date after publication is impossible for a reported
    event and is dropped.
    """
    if not value:
        return None
    phrase = value.strip().lower().strip(" .,")
    text = re.sub(r"^(?:on|last)\s+", "", phrase)
    iso = text if _ISO_PARTIAL.match(text) else None
    if iso is None and (stamp := find_dateline(text)):
        iso = stamp[:10]
    if iso is not None:
        return None if published and iso > published.isoformat()[: len(iso)] else iso
    if published is None:
        return None
    if phrase in ("today", "this morning", "tonight", "this evening"):
        return published.isoformat()
    if phrase in ("yesterday", "last night"):
        return (published - timedelta(days=1)).isoformat()
    if phrase == "last week":  # Monday to Sunday before the week of publication
        monday = published - timedelta(days=published.weekday() + 7)
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
    # "Monday", "Monday evening", "late on Monday": the weekday leads, or ends after "on"
    # ("next Friday" is no past day).
    words = text.split()
    day = words[0] if words[0] in _WEEKDAYS else None
    if day is None and len(words) > 1 and words[-2] == "on":
        day = words[-1]
    one_day = sum(w in _WEEKDAYS for w in words) == 1
    if day in _WEEKDAYS and one_day and len(words) <= _MAX_DAY_WORDS:
        back = (published.weekday() - _WEEKDAYS.index(day)) % 7
        return (published - timedelta(days=back)).isoformat()
    if phrase == "last month":
        return (published.replace(day=1) - timedelta(days=1)).isoformat()[:7]
    if phrase == "this month":
        return published.isoformat()[:7]
    return _day_and_month(text, published)


def _statement_day(entity: Span, reporting_verbs: frozenset[str]) -> bool:
    """'said on Tuesday', 'in a statement on Tuesday': the day governed by a reporting verb is
    when something was said, not when it happened; 'by Tuesday morning' is a later state."""
    token = entity.root
    while token.head.i != token.i and token.pos_ not in ("VERB", "AUX"):
        token = token.head
        if token.pos_ == "ADP" and token.lower_ == "by":
            return True
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in reporting_verbs


def find_event_day(
    document: Document, published: date | None, where: Callable[[Span], bool] | None = None
) -> tuple[str, str] | None:
    """(the expression, its ISO date or 'YYYY-MM-DD/YYYY-MM-DD' week) for the first date or time
    entity of the parsed text (that `where` accepts) dating an event ("late on Monday", "Monday
    evening", "last week"), resolved against the publication date; the day of a statement is
    skipped."""
    if published is None:
        return None
    for entity in document.entities(_WHEN):
        if where is not None and not where(entity):
            continue
        if _statement_day(entity, document.vocabulary.reporting_verbs):
            continue
        # "Tuesday, March 11": the day word leads a longer entity.
        for text in (entity.text, entity[0].text):
            if resolved := resolve_event_date(text, published):
                return entity.text, resolved
    return None


def date_text(value: str | None) -> str:
    """'2021-11-16' -> '16 November 2021'; partial dates as far as known; a week
    '2024-05-27/2024-06-02' -> 'week of 27 May 2024'; '' when unknown."""
    if not value:
        return ""
    if "/" in value:
        return f"week of {date_text(value.split('/', 1)[0])}"
    parts = value[:10].split("-")
    try:
        if len(parts) == 3:
            return date(*map(int, parts)).strftime("%-d %B %Y")
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1).strftime("%B %Y")
    except ValueError:
        return value
    return parts[0]
