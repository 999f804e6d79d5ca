"""The embedded local model extracts the two-sides example and writes the briefing summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.briefing import build_briefing, render_markdown
from service.config import Settings
from service.extract import extract
from service.io.articles import load_articles
from service.llm.factory import get_model

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "two-sides"


@pytest.mark.live
def test_two_sides_briefing_with_the_embedded_model(live_settings: Settings) -> None:
    model = get_model(live_settings)
    articles = list(load_articles(sorted(EXAMPLES.glob("*.json"))))
    results = [extract(a, model=model, settings=live_settings) for a in articles]
    briefing = build_briefing(results, model=model, settings=live_settings)
    assert len(briefing.summary) >= 3
    assert {c.name for c in briefing.checks} >= {"numbers_attributed", "sides_present"}
    assert briefing.meta.article_ids == [a.resolved_id for a in articles]
    markdown = render_markdown(briefing)
    assert "Kestria" in markdown
    assert "Dolmar" in markdown
