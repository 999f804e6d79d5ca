from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from schemas.result import ExtractionResult
from service.briefing.build import build_briefing
from service.briefing.markdown import render_markdown
from service.config import Settings
from service.store.briefings import save_briefing
from tests.service.api.conftest import services
from tests.service.review.conftest import import_seed


def test_every_evidence_span_is_a_mark_in_its_source_colour(
    client: TestClient, seeded: str, seed_result: ExtractionResult
) -> None:
    html = client.get(f"/review/extractions/{seeded}").text
    for claim in seed_result.claims:
        marks = re.findall(
            rf'<mark class="(src-\d)[^"]*"[^>]*data-claim="[^"]*\b{claim.id}\b', html
        )
        assert marks, f"no mark for {claim.id}"
    # the two Armenian Defence Ministry spans share a colour only after a correction; here
    # five sources give five colours
    assert len(set(re.findall(r'<mark class="(src-\d)', html))) == 5
    assert "figures-table" in html
    assert "class='disputed'" in html


def test_list_searches_title_publisher_and_date(
    client: TestClient, seeded: str, seed_json: dict[str, Any], seed_text: str
) -> None:
    assert seeded in client.get("/review").text
    assert seeded in client.get("/review", params={"q": "border clash"}).text
    assert seeded in client.get("/review", params={"q": "sputnik", "date": "2021-11"}).text
    assert seeded not in client.get("/review", params={"q": "earthquake"}).text
    assert seeded not in client.get("/review", params={"date": "2019"}).text


def test_list_is_paginated(client: TestClient, seed_json: dict[str, Any], seed_text: str) -> None:
    ids = [import_seed(client, seed_json, seed_text) for _ in range(3)]
    first = client.get("/review", params={"limit": 2}).text
    assert ids[2] in first
    assert ids[0] not in first
    cursor = re.search(r"extractions_cursor=([\w-]+)", first)
    assert cursor is not None
    second = client.get("/review", params={"limit": 2, "extractions_cursor": cursor[1]}).text
    assert ids[0] in second


def test_briefing_page_links_sentences_and_draws_figures(
    client: TestClient, seeded: str, seed_result: ExtractionResult, settings: Settings
) -> None:
    briefing = build_briefing([seed_result], model=None, settings=settings)
    with services(client).db.session(write=True) as session:
        row = save_briefing(
            session,
            briefing=briefing.model_dump(mode="json"),
            markdown=render_markdown(briefing),
            extraction_ids=[seeded],
            model="none",
        )
        briefing_id = row.id
    html = client.get(f"/review/briefings/{briefing_id}").text
    assert html.count("class='claim-link'") >= 1
    assert '<svg class="range-chart disputed"' in html
    assert f"/review/extractions/{seeded}" in html
