from __future__ import annotations

from typing import Any

import pytest

from schemas.article import ArticleIn
from schemas.result import verify_spans
from service.config import Settings
from service.errors import InvalidOutput
from service.extract import extract
from service.llm.fake import FakeModel

TEXT = (
    "Armenia said up to 70 Azerbaijani troops were killed or injured. "
    "Baku said seven soldiers were killed."
)
INCIDENT = {
    "title": "Border clash", "event_type": "battles", "date": "2021-11-16",
    "location": "border", "country": "Armenia", "actors": ["Armenia", "Azerbaijan"],
}  # fmt: skip


def _claim(evidence: str, **extra: Any) -> dict[str, Any]:
    return {
        "source": "Armenian Defence Ministry", "source_type": "military", "side": "Armenia",
        "kind": "casualty_report", "statement": "Up to 70 killed or injured.",
        "evidence": evidence, "incident": 2,
        "figures": [{"category": "killed_or_injured", "party": "Azerbaijan", "group": "troops",
                     "low": None, "high": 70, "qualifier": "up_to"}],
        **extra,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("evidence", "kept"),
    [
        ("up to 70 Azerbaijani troops were killed or injured", True),
        ("up to 70 Azerbaijani soldiers were killed or injured", False),  # not verbatim
        ("Up to 70 azerbaijani troops were killed or injured", False),  # case differs
    ],
)
def test_baseline_keeps_only_verbatim_evidence(
    settings: Settings, evidence: str, kept: bool
) -> None:
    answer = {"incidents": [INCIDENT, INCIDENT], "claims": [_claim(evidence)]}
    model = FakeModel([answer])
    result = extract(ArticleIn(text=TEXT), model=model, settings=settings, pipeline="baseline")
    assert len(model.requests) == 1
    assert verify_spans(result, TEXT) == []
    assert len(result.claims) == int(kept)
    assert result.meta.dropped.ungrounded_evidence == int(not kept)
    # Two identical incidents merge; the claim's "incident 2" follows the merge.
    assert len(result.incidents) == 1
    assert result.meta.dropped.duplicates == 1
    if kept:
        claim = result.claims[0]
        assert claim.incident_id == "i1"
        assert (claim.figures[0].low, claim.figures[0].high) == (None, 70)
    assert result.meta.pipeline == "baseline"
    assert [p.name for p in result.meta.prompts] == ["baseline"]


def test_baseline_prompt_holds_the_whole_article(settings: Settings) -> None:
    model = FakeModel([{"incidents": [], "claims": []}])
    extract(ArticleIn(text=TEXT, title="T"), model=model, settings=settings, pipeline="baseline")
    assert TEXT in model.requests[0].messages[-1]["content"]


def test_baseline_failed_call_is_a_failed_run_not_an_empty_result(settings: Settings) -> None:
    model = FakeModel([InvalidOutput("bad")])
    with pytest.raises(InvalidOutput, match="no model call succeeded") as caught:
        extract(ArticleIn(text=TEXT), model=model, settings=settings, pipeline="baseline")
    assert caught.value.details["outcome"] == "failed"
    assert [f["item"] for f in caught.value.details["failures"]] == ["whole article"]


def test_settings_choose_the_pipeline(settings: Settings) -> None:
    model = FakeModel([{"incidents": [], "claims": []}])
    chosen = settings.model_copy(update={"pipeline": "baseline"})
    assert extract(ArticleIn(text=TEXT), model=model, settings=chosen).meta.pipeline == "baseline"
