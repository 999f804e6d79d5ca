"""Hand-written extraction results for reconciliation and briefing tests.

`seed_results()` is the founding example (the Sputnik article of 17 November 2021) plus a
second, invented article from the Azerbaijani side one day earlier.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schemas.result import (
    Article,
    Claim,
    Evidence,
    ExtractionResult,
    Figure,
    Incident,
    Location,
    Meta,
    Source,
)


def fig(
    category: str,
    party: str | None,
    low: int | None,
    high: Any = "same",
    qualifier: str = "exact",
    group: str | None = "soldiers",
) -> Figure:
    return Figure.model_validate(
        {
            "category": category,
            "party": party,
            "group": group,
            "low": low,
            "high": low if high == "same" else high,
            "qualifier": qualifier,
        }
    )


def claim(
    cid: str,
    source: str,
    *,
    side: str | None,
    type: str = "military",
    kind: str = "casualty_report",
    incident: str | None = "i1",
    figures: Sequence[Figure] = (),
    at: int = 0,
    statement: str | None = None,
    evidence: str | None = None,
) -> Claim:
    quote = evidence or f"quote of {cid}"
    return Claim.model_validate(
        {
            "id": cid,
            "incident_id": incident,
            "source": Source.model_validate({"name": source, "type": type, "side": side}),
            "kind": kind,
            "statement": statement or f"{source} statement {cid}.",
            "evidence": [Evidence(text=quote, start=at, end=at + len(quote))],
            "figures": list(figures),
        }
    )


def incident(
    iid: str = "i1",
    title: str = "Armenia-Azerbaijan border clash",
    *,
    event_type: str = "battles",
    date: str | None = "2021-11-16",
    place: str | None = "eastern Armenia-Azerbaijan border",
    country: str | None = "Armenia",
    actors: Sequence[str] = ("Armed Forces of Armenia", "Armed Forces of Azerbaijan"),
) -> Incident:
    return Incident.model_validate(
        {
            "id": iid,
            "title": title,
            "event_type": event_type,
            "date": date,
            "location": Location(name=place, country=country),
            "actors": list(actors),
        }
    )


def result(
    aid: str,
    incidents: Sequence[Incident],
    claims: Sequence[Claim],
    *,
    published_at: str | None = "2021-11-17T07:46:00Z",
    publisher: str | None = None,
    title: str | None = None,
) -> ExtractionResult:
    return ExtractionResult(
        article=Article(
            id=aid,
            title=title,
            publisher=publisher,
            published_at=published_at,
            sha256="0" * 64,
            chars=4000,
        ),
        incidents=list(incidents),
        claims=list(claims),
        meta=Meta(
            model="hand-written",
            backend="fake",
            prompt_version="v1",
            pipeline="default",
            pipeline_version="test",
            latency_s=0.0,
        ),
    )


def one_article(*claims: Claim) -> list[ExtractionResult]:
    """One article about the default incident with these claims."""
    return [result("a1", [incident()], claims)]


def sputnik() -> ExtractionResult:
    """The seed article as a careful extractor would return it (incl. the stray headline)."""
    arm, aze = "Armenia", "Azerbaijan"
    return result(
        "sputnik-2021-11-17",
        [
            incident(),
            incident(
                "i2",
                "Oil pipeline explosion in southern Iran",
                event_type="explosions_remote_violence",
                date=None,
                place="southern Iran",
                country="Iran",
                actors=(),
            ),
        ],
        [
            claim("c1", "Sputnik", side=None, type="media", kind="event_report", incident="i2"),
            claim(
                "c2",
                "Armenian Defence Ministry",
                side=arm,
                figures=[fig("killed", arm, 1), fig("captured", arm, 13), fig("missing", arm, 24)],
                at=300,
                statement="One Armenian soldier was killed, 13 were captured and 24 are missing.",
                evidence="On the Armenian side, one killed, 13 soldiers captured.",
            ),
            claim(
                "c3",
                "Armenian Defense Ministry",
                side=arm,
                figures=[
                    fig("killed_or_injured", aze, None, 70, "up_to", "troops"),
                    fig("materiel", aze, 4, group="armoured personnel carriers"),
                ],
                at=700,
                evidence="up to 70 Azerbaijani troops were killed or injured",
            ),
            claim("c4", "the ministry", side=arm, kind="position", at=900),
            claim("c5", "Armenian Defenсe Ministry", side=arm, kind="position", at=1100),
            claim("c6", "Vardan Toghanyan", side=arm, type="government", kind="position", at=1500),
            claim(
                "c7",
                "Azerbaijani Defence Ministry",
                side=aze,
                figures=[fig("killed", aze, 7, group="servicemen"), fig("injured", aze, 10)],
                at=2300,
                statement="Seven Azerbaijani soldiers were killed and ten were wounded.",
                evidence="Seven Azerbaijani servicemen were killed in the clashes",
            ),
            claim("c8", "the ministry", side=aze, kind="position", at=2450),
            claim(
                "c9",
                "Armenian Foreign Ministry",
                side=arm,
                type="government",
                kind="accusation",
                figures=[fig("captured", arm, 12)],
                at=2600,
                statement="Azerbaijani forces invaded Armenian territory in the east.",
                evidence="the Azerbaijani armed forces invaded Armenian territory in the east",
            ),
            claim(
                "c10",
                "Baku",
                side=aze,
                type="government",
                kind="accusation",
                at=2800,
                statement="Armenia deliberately aggravated the situation.",
                evidence="Baku, in turn, accused Yerevan of purposely aggravating the situation",
            ),
        ],
        publisher="Sputnik",
        title="Armenian Defense Ministry Says 24 Soldiers Missing After Border Clash",
    )


def caspian() -> ExtractionResult:
    """An invented earlier report of the same clash from the Azerbaijani side."""
    return result(
        "caspian-2021-11-16",
        [
            incident(
                title="Clash on the Azerbaijan-Armenia border",
                place="Kalbajar section of the state border",
                country="Azerbaijan",
                actors=("Azerbaijani Army", "Armenian armed forces"),
            )
        ],
        [
            claim(
                "c1",
                "Ministry of Defence of Azerbaijan",
                side="Azerbaijan",
                kind="accusation",
                at=120,
                statement="Armenian units attacked Azerbaijani positions.",
            ),
            claim(
                "c2",
                "Azerbaijan's Defense Ministry",
                side="Azerbaijani",
                figures=[fig("killed", "Azerbaijan", 2)],
                at=400,
            ),
        ],
        published_at="2021-11-16T18:00:00Z",
        publisher="Caspian Daily",
    )


def seed_results() -> list[ExtractionResult]:
    return [sputnik(), caspian()]
