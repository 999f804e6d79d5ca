from __future__ import annotations

import json

import pytest

from schemas.briefing import Briefing, BriefingDraft
from schemas.result import FailedItem
from service.briefing import build_briefing, render_markdown
from service.briefing.summary import echoes
from service.config import Settings
from service.errors import InputError, TransportError
from service.llm.fake import FakeModel
from tests.service.briefing.test_checks import GOOD, HEADLINE
from tests.service.reconcile.builders import claim, incident, result, seed_results

BAD = {
    "headline": "Brutal clash leaves 8 dead",
    "sentences": [
        "The Aliyev regime attacked Armenia.",
        "13 Armenian soldiers were captured.",
        "Officials said the situation was calm.",
    ],
}


def _build(responses: list, settings: Settings) -> tuple[Briefing, FakeModel]:
    model = FakeModel(responses)
    return build_briefing(seed_results(), model=model, settings=settings), model


def test_end_to_end_with_a_reask(settings: Settings) -> None:
    briefing, model = _build([BAD, {"headline": HEADLINE, "sentences": GOOD}], settings)
    assert model.pending == 0
    assert all(c.passed for c in briefing.checks)
    assert (briefing.meta.summary_origin, briefing.meta.reasks) == ("model", 1)
    assert [p.name for p in briefing.meta.prompts] == ["briefing", "briefing/revise"]
    assert briefing.meta.usage.calls == 2
    # The re-ask sends the record, the failing draft and the exact failures, not the articles.
    reask = model.requests[1].messages[-1]["content"]
    assert "FIGURES" in reask
    assert "Brutal clash leaves 8 dead" in reask
    assert "Remove '8' from the headline" in reask
    # The briefing is reconciled: main incident, disputes, sources, other items, caveats.
    assert [i.main for i in briefing.incidents] == [True, False]
    assert {p.topic for p in briefing.contested} >= {"Armenia soldiers captured", "Responsibility"}
    assert briefing.other_items[0].title == "Explosion or strike in southern Iran"
    assert any("Sputnik, a Russian state outlet" in c for c in briefing.caveats)
    assert any("none is independently confirmed" in c for c in briefing.caveats)
    Briefing.model_validate(json.loads(briefing.model_dump_json()))
    markdown = render_markdown(briefing)
    for fragment in (
        f"## {HEADLINE}",
        "| Armenia soldiers captured (disputed) | 13 | – | 12 | 12 | 12 | 13 | lower median of 2 "
        "values from parties to the conflict (no independent source) |",
        "17 (7 killed, 10 injured)",
        "| Azerbaijan soldiers killed or injured (disputed) | up to 70 | 17 (7 killed, 10 injured)"
        " | – | 17 | 17 | 70 |",
        "low, best, high (UCDP-style): reconcile/v1",
        "**Disputed**",
        "| Armenia soldiers captured | Armenian Foreign Ministry | Armenia | 12 | 2021-11-17 | "
        "current |",
        "Armenian Foreign Ministry (government, Armenia)",
        "- Explosion or strike in southern Iran",
        "**Checks**: all passed.",
    ):
        assert fragment in markdown


def test_failing_drafts_fall_back_to_the_template(settings: Settings) -> None:
    briefing, _ = _build([BAD, BAD], settings)
    assert briefing.meta.summary_origin == "template"
    by_name = {c.name: c for c in briefing.checks}
    assert all(c.passed for name, c in by_name.items() if name != "model_draft")
    assert not by_name["model_draft"].passed
    assert any("Remove '8'" in r for r in by_name["model_draft"].reasons)
    assert any("deterministic template" in c for c in briefing.caveats)


def test_model_error_falls_back_and_is_reported(settings: Settings) -> None:
    briefing, _ = _build([TransportError("endpoint down")], settings)
    assert briefing.meta.summary_origin == "template"
    assert "endpoint down" in briefing.meta.warnings[0]
    assert "Checks failed" in render_markdown(briefing)
    assert briefing.meta.status == "partial"
    [failure] = briefing.meta.failures
    assert (failure.item, failure.code) == ("summary", "backend_transport_error")


def test_a_partial_extraction_makes_a_partial_briefing(settings: Settings) -> None:
    partial = seed_results()
    failed = FailedItem(item="sentence at 0-10", code="model_output_invalid", message="bad")
    meta = partial[0].meta.model_copy(update={"status": "partial", "failures": [failed]})
    partial[0] = partial[0].model_copy(update={"meta": meta})
    briefing = build_briefing(partial, model=None, settings=settings)
    assert briefing.meta.status == "partial"
    assert [f.item for f in briefing.meta.failures] == [
        f"{partial[0].article.id}: sentence at 0-10"
    ]


def test_a_complete_briefing_is_cached_and_a_partial_one_is_not(settings: Settings) -> None:
    cached = settings.model_copy(update={"result_cache": True})
    draft = {"headline": HEADLINE, "sentences": GOOD}
    first = build_briefing(seed_results(), model=FakeModel([draft]), settings=cached)
    again_model = FakeModel([])
    again = build_briefing(seed_results(), model=again_model, settings=cached)
    assert (first.meta.cached, again.meta.cached) == (False, True)
    assert again_model.requests == []
    assert again.summary == first.summary
    assert again.meta.usage.calls == 0

    down = FakeModel([TransportError("down")], name="other-model")
    assert build_briefing(seed_results(), model=down, settings=cached).meta.status == "partial"
    retried = FakeModel([draft], name="other-model")
    result_again = build_briefing(seed_results(), model=retried, settings=cached)
    assert retried.requests, "a partial briefing must not have been cached"
    assert (result_again.meta.status, result_again.meta.cached) == ("complete", False)


def test_invalid_draft_is_reasked_by_the_model_layer(settings: Settings) -> None:
    too_short = {"headline": HEADLINE, "sentences": ["One."]}
    briefing, _ = _build([too_short, {"headline": HEADLINE, "sentences": GOOD}], settings)
    assert (briefing.meta.summary_origin, briefing.meta.reasks) == ("model", 0)


def test_claims_without_any_incident_are_still_briefed(settings: Settings) -> None:
    results = [result("a", [], [claim("c1", "Azerbaijani Defence Ministry", side="Azerbaijan")])]
    briefing = build_briefing(results, model=None, settings=settings)
    (placeholder,) = briefing.incidents
    assert (placeholder.title, placeholder.main) == ("Unidentified event", True)
    assert briefing.claims[0].linked_by == "article_context"
    assert all(c.passed for c in briefing.checks)


def test_without_a_model_the_template_passes_every_check(settings: Settings) -> None:
    briefing = build_briefing(seed_results(), model=None, settings=settings)
    assert all(c.passed for c in briefing.checks)
    assert [c.name for c in briefing.checks] == [
        "numbers_attributed",
        "contested_points",
        "sides_present",
        "loaded_terms",
        "one_sided_doubt",
        "symmetric_naming",
        "neutral_titles",
        "named_sources",
        "side_figures",
        "outlet_voice",
        "incident_figures",
    ]
    assert briefing.meta.model is None


@pytest.mark.parametrize(
    ("results", "message"),
    [
        ([], "no extraction results"),
        (
            [result("a", [incident()], [claim("c1", "X", side=None)])] * 2,
            "same article id appears twice",
        ),
    ],
)
def test_nothing_to_brief_is_a_clear_input_error(
    results: list, message: str, settings: Settings
) -> None:
    with pytest.raises(InputError, match=message):
        build_briefing(results, model=None, settings=settings)


@pytest.mark.parametrize(
    ("draft", "error"),
    [
        ({"headline": " ", "sentences": GOOD}, "Write a headline."),
        ({"headline": HEADLINE, "sentences": GOOD * 2}, "between 3 and 6 sentences"),
        ({"headline": HEADLINE, "sentences": [GOOD[0]] * 3}, "Do not repeat"),
    ],
)
def test_draft_validation_messages_speak_to_the_model(draft: dict, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        BriefingDraft.model_validate(draft)


def test_a_revision_that_pastes_the_instructions_is_not_kept(settings: Settings) -> None:
    pasted = [*GOOD, "As asked: remove 8 from the headline; give numbers in sentences."]
    briefing, _ = _build([BAD, {"headline": HEADLINE, "sentences": pasted}], settings)
    assert briefing.meta.summary_origin == "template"
    by_name = {c.name: c for c in briefing.checks}
    assert any("repeats the instructions" in r for r in by_name["model_draft"].reasons)


@pytest.mark.parametrize(
    ("sentence", "passed"),
    [
        ("The figure is disputed: say '3' according to the ministry in the same sentence.", False),
        ("Three soldiers were captured, according to the ministry.", True),  # its own words
    ],
)
def test_echoes_finds_instructions_copied_into_a_draft(sentence: str, passed: bool) -> None:
    problems = (
        "- The figure 'Dolmar soldiers captured' is disputed: say '3' according to the ministry "
        "in the same sentence, next to the other sources' values."
    )
    draft = BriefingDraft(headline=HEADLINE, sentences=[*GOOD, sentence])
    assert echoes(draft, problems).passed is passed
