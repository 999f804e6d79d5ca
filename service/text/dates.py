"""Dates: publication times in datelines, and event days resolved against publication.

News writes "on Tuesday"; the model copies that and code turns it into an ISO date using
the publication date, which a small model gets wrong too often to be trusted with.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_ISO_PARTIAL = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
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
            name = parts["mname"].lower()
            found = [i + 1 for i, m in enumerate(_MONTHS) if m.startswith(name[:3])]
            if not found or len(name) < 3:
                continue
            month = str(found[0])
        day = _safe_date(parts["y"], month or "", parts["d"])
        if day is None:
            continue
        if parts.get("h") is not None:
            moment = datetime(day.year, day.month, day.day, int(parts["h"]), int(parts["mi"]))
            return moment.replace(tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")
        return day.isoformat()
    return None


def resolve_event_date(value: str | None, published: date | None) -> str | None:
    """ISO (possibly partial) date for a model's date answer; None when it cannot be trusted.

    Weekdays and 'yesterday'/'today' resolve against the publication date; an ISO date after
    publication is impossible for a reported event and is dropped.
    """
    if not value:
        return None
    text = value.strip().lower()
    if _ISO_PARTIAL.match(text):
        if published and text > published.isoformat()[: len(text)]:
            return None
        return text
    if published is None:
        return None
    if text in ("today", "this morning", "tonight", "this evening"):
        return published.isoformat()
    if text in ("yesterday", "last night"):
        return (published - timedelta(days=1)).isoformat()
    day = text.removeprefix("on ").removeprefix("last ").strip()
    if day in _WEEKDAYS:
        back = (published.weekday() - _WEEKDAYS.index(day)) % 7
        return (published - timedelta(days=back)).isoformat()
    return None
