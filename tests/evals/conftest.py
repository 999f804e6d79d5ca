"""Shared test material: the tiny invented fixtures in `data/` and results built from them."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from evals.gold import Fixture, GoldClaim
from evals.loader import LoadedFixture, load_fixture
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
    Usage,
)

DATA = Path(__file__).parent / "data"
# Invented texts standing in for corpus stories, with their own splits file (one test, one dev).
REAL_DATA = Path(__file__).parent / "real_data"


def load(name: str) -> LoadedFixture:
    return load_fixture(DATA / f"{name}.yaml")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A fixture folder laid out like evals/fixtures: invented ones, and real ones in real/."""
    root = tmp_path / "fixtures"
    shutil.copytree(DATA, root)
    shutil.copytree(REAL_DATA, root / "real")
    return root


@pytest.fixture
def clash() -> Fixture:
    return load("clash-north").fixture


@pytest.fixture
def flood() -> Fixture:
    return load("flood-delta").fixture


def pred_claim(
    fixture: Fixture, gold: GoldClaim, claim_id: str, *, source: str | None = None
) -> Claim:
    """A predicted claim equal to `gold` (optionally under another source name)."""
    text = fixture.text
    quote = gold.evidence[0]
    start = text.index(quote)
    incident_id = None if gold.incident is None else f"i-{gold.incident}"
    return Claim(
        id=claim_id,
        incident_id=incident_id,
        source=Source(
            name=source or gold.source.name, type=gold.source.type, side=gold.source.side
        ),
        kind=gold.kind,
        statement=gold.statement,
        evidence=[Evidence(text=quote, start=start, end=start + len(quote))],
        figures=[Figure(**f.model_dump()) for f in gold.figures],
    )


def result_of(
    fixture: Fixture,
    claims: list[Claim] | None = None,
    *,
    incidents: list[Incident] | None = None,
    usage: Usage | None = None,
) -> ExtractionResult:
    """A result for `fixture`: by default exactly the gold incidents (required ones) and claims."""
    if incidents is None:
        incidents = [
            Incident(
                id=f"i-{g.key}",
                title=g.title,
                event_type=g.event_type,
                date=g.date,
                location=Location(**g.location.model_dump()),
                actors=g.actors,
            )
            for g in fixture.incidents
            if not g.optional
        ]
    if claims is None:
        claims = [pred_claim(fixture, g, f"c{i}") for i, g in enumerate(fixture.claims)]
    return ExtractionResult(
        article=Article(
            id=fixture.id,
            sha256=hashlib.sha256(fixture.text.encode()).hexdigest(),
            chars=len(fixture.text),
        ),
        incidents=incidents,
        claims=claims,
        meta=Meta(
            model="test",
            backend="fake",
            prompt_version="v1",
            pipeline="default",
            pipeline_version="1",
            latency_s=0.5,
            usage=usage or Usage(prompt_tokens=100, completion_tokens=20, calls=2, retries=1),
        ),
    )
