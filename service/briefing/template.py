"""The deterministic summary: written from the record alone when the model's draft fails.

It names every side, gives each source's figures in a sentence that attributes them (sources in
disputes first), and names the parties by country, so it passes the checks by construction;
it is checked all the same and any failure is reported.
"""

from __future__ import annotations

from schemas.briefing import BriefingDraft, ReconciledFigure, SourceEntry, SourceValue
from service.reconcile.record import Record
from service.reconcile.sources import person_words
from service.text.dates import date_text
from service.text.numbers import find_numbers

MAX_SENTENCES = 6
MAX_PARTS = 4
_EVENTS = {
    "battles": "an armed clash",
    "explosions_remote_violence": "an explosion or strike",
    "violence_against_civilians": "violence against civilians",
    "protests": "a protest",
    "riots": "a riot",
    "strategic_developments": "a security development",
    "disaster": "a disaster",
    "other": "an event",
}
_VERBS = {
    "killed": "killed",
    "injured": "injured",
    "killed_or_injured": "killed or injured",
    "captured": "captured",
    "missing": "missing",
    "arrested": "arrested",
    "displaced": "displaced",
}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _part(fig: ReconciledFigure, value: SourceValue) -> str:
    number = value.text.split(" (")[0]
    owner = f" of {fig.party}" if fig.party else ""
    if fig.category not in _VERBS:
        return f"{number} {fig.group or fig.category}{owner} ({fig.category})"
    group = fig.group if fig.group and fig.group != "people" else "people"
    one = value.low == 1 and value.high == 1
    if one and group.endswith("s"):
        group = group[:-1]
    return f"{number} {group}{owner} {'was' if one else 'were'} {_VERBS[fig.category]}"


def the(source: SourceEntry) -> str:
    """'the Kestrian Defence Ministry' but 'Colonel Daven Oskar', never 'the Oskar'."""
    name = source.name
    if name.lower().startswith("the ") or person_words(name, source.side):
        return name
    return f"the {name}"


def _intro(record: Record) -> str:
    main = record.main[0]
    sides = record.sides
    who = f"Sources from {_and(sides)}" if sides else "Sources"
    when = f" on {date_text(main.date)}" if main.date and len(main.date) == 10 else ""
    if main.date and len(main.date) < 10:
        when = f" in {date_text(main.date)}"
    place = main.location.name or main.location.country
    where = f", at a place given as {place}" if place and not find_numbers(place) else ""
    return f"{who} reported {_EVENTS[main.event_type]}{when}{where}."


def _source_sentences(record: Record) -> list[str]:
    parts: dict[str, list[tuple[bool, str]]] = {}
    for fig in record.figures:
        for v in fig.values:
            if v.status == "current" and not v.derived:
                parts.setdefault(v.source_id, []).append((fig.contested, _part(fig, v)))
    disputed = {v.source_id for f in record.figures if f.contested for v in f.values}
    order = sorted(parts, key=lambda s: (s not in disputed, int(s[1:])))
    sentences = []
    for source_id in order[: MAX_SENTENCES - 2]:
        chosen = sorted(parts[source_id], key=lambda p: not p[0])[:MAX_PARTS]
        sentences.append(
            f"According to {the(record.source(source_id))}, {_and([p for _, p in chosen])}."
        )
    return sentences


def _dispute_sentence(record: Record) -> str | None:
    for point in record.contested:
        if point.kind != "claim":
            continue
        sides = [
            f"{p.side or 'a third party'} ("
            + ", ".join(record.source(s).name for s in p.source_ids)
            + ")"
            for p in point.positions
        ]
        return f"Sources from {_and(sides)} gave opposing accounts of who was responsible."
    return None


def template_summary(record: Record) -> BriefingDraft:
    main = record.main[0]
    event = _EVENTS[main.event_type]
    event = event.split(" ", 1)[1] if event.startswith(("a ", "an ")) else event
    involving = f" involving {_and(record.sides)}" if record.sides else ""
    when = date_text(main.date)
    headline = f"{event[0].upper()}{event[1:]}{involving}" + (f", {when}" if when else "")
    sentences = [_intro(record), *_source_sentences(record)]
    dispute = _dispute_sentence(record)
    if dispute:
        sentences.append(dispute)
    if len(sentences) < 3:
        sentences.append(
            "No other figures or statements were reported."
            if record.figures
            else "No figures were reported."
        )
    if len(sentences) < 3:
        sentences.append("The record lists each source and claim below.")
    return BriefingDraft(headline=headline, sentences=sentences[:MAX_SENTENCES])
