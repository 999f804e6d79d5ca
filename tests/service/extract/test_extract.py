"""`service.extract.extract`: input checks, failure policy, cache, meta and the span invariant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pydantic import BaseModel

from schemas.article import ArticleIn
from schemas.llm import IncidentList
from schemas.result import verify_spans
from service.config import Settings
from service.errors import (
    BackendUnavailable,
    InputError,
    InvalidOutput,
    ModelError,
    TransportError,
    TruncatedOutput,
)
from service.extract import default, extract
from service.llm.base import Message, UsageMeter
from service.llm.fake import FakeModel
from tests.service.extract.conftest import responder

TEXT = (
    "The ministry said 13 soldiers were captured on Tuesday. "
    "The army said 4 vehicles were lost. Officials said talks continue."
)
# Three groups of sentences, so three claim calls (MAX_GROUP sentences per call at most).
MANY = " ".join(f"The army said {n} soldiers were captured in the fighting." for n in range(2, 20))


def _failing_claims(error: ModelError, every: int = 1) -> Callable[..., Any]:
    base = responder()
    calls = {"claims": 0}

    def answer(response_model: type[BaseModel], messages: Sequence[Message]) -> Any:
        if response_model.__name__.startswith("SentenceGroup"):
            calls["claims"] += 1
            if calls["claims"] % every == 0:
                return error
        return base(response_model, messages)

    return answer


@pytest.mark.parametrize(
    "error",
    [
        InvalidOutput("still invalid"),
        TruncatedOutput("hit max_tokens"),
        TransportError("503 after retries"),
    ],
)
def test_a_failed_candidate_call_is_counted_and_the_run_goes_on(
    settings: Settings, error: ModelError
) -> None:
    model = FakeModel(responder=_failing_claims(error, every=2))
    result = extract(ArticleIn(text=MANY), model=model, settings=settings)
    assert result.meta.dropped.failed_calls == 1
    assert len(result.claims) == 12  # 18 sentences in three calls of 6, one of them failed
    assert result.meta.status == "partial"
    [failure] = result.meta.failures
    assert failure.code == error.code
    assert failure.item.startswith("sentences at ")


@pytest.mark.parametrize(
    "error",
    [
        InvalidOutput("prose instead of JSON"),
        TruncatedOutput("finish_reason=length"),
        TransportError("500 after retries"),
    ],
)
def test_a_run_where_no_call_succeeds_is_an_error_not_an_empty_result(
    settings: Settings, error: ModelError
) -> None:
    model = FakeModel(responder=lambda m, msgs: error)
    with pytest.raises(type(error), match=r"no model call succeeded|in a row failed") as caught:
        extract(ArticleIn(text=TEXT), model=model, settings=settings)
    assert caught.value.details["outcome"] == "failed"
    assert caught.value.details["failures"]
    assert not list((settings.data_dir / "results").rglob("*.json"))


def test_a_partial_result_is_never_cached(settings: Settings) -> None:
    partial = extract(
        ArticleIn(text=MANY),
        model=FakeModel(responder=_failing_claims(InvalidOutput("bad"), every=2)),
        settings=settings,
    )
    assert partial.meta.status == "partial"
    model = FakeModel(responder=responder())
    again = extract(ArticleIn(text=MANY), model=model, settings=settings)
    assert model.requests, "the partial result must not have been served from the cache"
    assert (again.meta.status, again.meta.cached) == ("complete", False)
    assert extract(ArticleIn(text=MANY), model=model, settings=settings).meta.cached


def test_progress_is_told_each_stage_and_call(settings: Settings) -> None:
    seen: list[tuple[str, int, int]] = []
    extract(
        ArticleIn(text=TEXT),
        model=FakeModel(responder=responder()),
        settings=settings.model_copy(update={"result_cache": False}),
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    # The two stages go out together; whichever starts second joins the first if it is still out.
    stages = {name for stage, _, _ in seen for name in stage.split(", ")}
    assert stages == {"incidents", "claims"}
    assert len([done for _, done, _ in seen if done]) == 2  # three sentences, one call
    assert seen[-1][1] == seen[-1][2]


@pytest.mark.parametrize(
    "error",
    [
        BackendUnavailable("cannot reach the endpoint"),
        TransportError("503 after retries"),  # three in a row: the backend is down
    ],
)
def test_errors_that_stop_everything_propagate(settings: Settings, error: ModelError) -> None:
    model = FakeModel(responder=lambda response_model, messages: error)
    with pytest.raises(type(error)):
        extract(ArticleIn(text=MANY), model=model, settings=settings)


def test_failed_incident_call_leaves_an_incident_coded_from_the_lead(settings: Settings) -> None:
    base = responder()

    def answer(response_model: type[BaseModel], messages: Sequence[Message]) -> Any:
        if response_model is IncidentList:
            return InvalidOutput("bad incidents")
        return base(response_model, messages)

    model = FakeModel(responder=answer)
    result = extract(ArticleIn(text=TEXT), model=model, settings=settings)
    [incident] = result.incidents
    assert incident.title == "The ministry said 13 soldiers were captured on Tuesday."
    assert result.claims
    assert all(c.incident_id == incident.id for c in result.claims)
    assert result.meta.dropped.failed_calls == 1


@pytest.mark.parametrize(
    ("update", "pipeline", "message"),
    [
        ({"max_article_chars": 20}, None, "limit is 20"),
        ({}, "fancy", "unknown pipeline 'fancy'"),
    ],
)
def test_unusable_requests_raise_input_error(
    settings: Settings, update: dict[str, Any], pipeline: str | None, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        extract(
            ArticleIn(text=TEXT),
            model=FakeModel(),
            settings=settings.model_copy(update=update),
            pipeline=pipeline,
        )


def test_second_run_is_served_from_the_cache(settings: Settings) -> None:
    model = FakeModel(responder=responder())
    first = extract(ArticleIn(text=TEXT), model=model, settings=settings)
    calls = len(model.requests)
    second = extract(ArticleIn(text=TEXT), model=model, settings=settings)
    assert len(model.requests) == calls
    assert second.meta.cached
    assert not first.meta.cached
    assert second.meta.usage.calls == 0
    assert second.claims == first.claims
    assert (settings.data_dir / "results").is_dir()


@pytest.mark.parametrize(
    ("change", "hits"),
    [
        ({"pipeline": "baseline"}, False),
        ({"article": ArticleIn(text=TEXT, title="Another title")}, False),
        ({"model": "other-model"}, False),
        ({"result_cache": False}, False),
        ({}, True),
    ],
)
def test_cache_key_covers_what_shapes_the_output(
    settings: Settings, change: dict[str, Any], hits: bool
) -> None:
    extract(ArticleIn(text=TEXT), model=FakeModel(responder=responder()), settings=settings)
    baseline_answer: dict[str, list[Any]] = {"incidents": [], "claims": []}
    model = FakeModel(
        responder=lambda m, msgs: (
            baseline_answer if m.__name__ == "BaselineExtraction" else responder()(m, msgs)
        ),
        name=change.get("model", "fake-model"),
    )
    again = extract(
        change.get("article", ArticleIn(text=TEXT)),
        model=model,
        settings=settings.model_copy(update={"result_cache": change.get("result_cache", True)}),
        pipeline=change.get("pipeline"),
    )
    assert again.meta.cached is hits


def test_damaged_cache_entry_is_ignored(settings: Settings) -> None:
    extract(ArticleIn(text=TEXT), model=FakeModel(responder=responder()), settings=settings)
    for path in (settings.data_dir / "results").rglob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    again = extract(ArticleIn(text=TEXT), model=FakeModel(responder=responder()), settings=settings)
    assert not again.meta.cached
    assert again.claims


def test_meta_records_provenance(settings: Settings) -> None:
    result = extract(
        ArticleIn(text=TEXT, id="story-1"),
        model=FakeModel(responder=responder()),
        settings=settings,
    )
    meta = result.meta
    assert (meta.model, meta.backend, meta.pipeline, meta.pipeline_version) == (
        "fake-model",
        "fake",
        "default",
        default.VERSION,
    )
    assert meta.prompt_version == "v4"
    assert all(len(p.sha256) == 16 for p in meta.prompts)
    assert meta.usage.calls == 2  # incidents, then all three sentences in one call
    assert meta.latency_s >= meta.model_time_s >= 0
    assert result.article.id == "story-1"
    assert result.article.chars == len(TEXT)


_FRAGMENTS = st.sampled_from(
    [
        "The ministry said 13 soldiers were captured.",
        '"One killed. Two captured," the army said.',
        "Officials told reporters that up to 70 were hurt.",
        "Defenсe Ministry officials added that dozens fled.",
        "\u201cWe will respond,\u201d he said.",
        "U.S. officials met Dr. Ahmed at 10.00 GMT.",
        "Nothing else happened.",
        "BREAKING: Something Else Entirely",
    ]
)


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(_FRAGMENTS, st.sampled_from([" ", "\n", "\n\n", "  \t", "\u00a0"])),
        min_size=1,
        max_size=12,
    )
)
def test_every_evidence_span_indexes_the_article(
    settings: Settings, parts: list[tuple[str, str]]
) -> None:
    text = "".join(fragment + gap for fragment, gap in parts)
    article = ArticleIn(text=text)
    result = extract(
        article,
        model=FakeModel(responder=responder()),
        settings=settings.model_copy(update={"result_cache": False}),
    )
    assert verify_spans(result, text) == []
    for claim in result.claims:
        for evidence in claim.evidence:
            assert text[evidence.start : evidence.end] == evidence.text


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\n"),
        min_size=1,
        max_size=300,
    ).filter(str.strip)
)
def test_spans_hold_for_arbitrary_text(settings: Settings, text: str) -> None:
    result = extract(
        ArticleIn(text=text),
        model=FakeModel(responder=responder()),
        settings=settings.model_copy(update={"result_cache": False}),
    )
    assert verify_spans(result, text) == []


class _Slots(FakeModel):
    """A fake with parallel slots: records the prefixes it is asked to evaluate."""

    def __init__(self) -> None:
        super().__init__(responder=responder())
        self.primed: list[list[Message]] = []

    def prime(self, messages: Sequence[Message], usage: UsageMeter) -> None:
        assert not self.requests, "the prefix is evaluated before any question goes out"
        self.primed.append(list(messages))


def test_the_article_prefix_is_evaluated_once_before_the_questions(settings: Settings) -> None:
    model = _Slots()
    extract(ArticleIn(text=TEXT, title="Clash"), model=model, settings=settings)
    [prefix] = model.primed
    assert [m["role"] for m in prefix] == ["system", "user"]
    for request in model.requests:  # every question continues it
        assert request.messages[1]["content"].startswith(prefix[1]["content"])
        assert request.messages[1]["content"] != prefix[1]["content"]
