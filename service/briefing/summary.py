"""Writing the summary: model draft, code checks, one re-ask with the failures, template fallback.

Two retry layers stay separate: `StructuredModel.generate` re-asks on schema validation
(instructor, `settings.validation_retries`); this module re-asks at most `CHECK_REASKS` times
when a valid draft fails the content checks, sending the record, the draft and the failures
(never the raw articles). If the draft still fails, or the model fails, the deterministic
template summary is used and the model's failures are kept in the `model_draft` check.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Literal

from schemas.briefing import BriefingDraft, Check
from schemas.result import PromptRef
from service.briefing.checks import failures, run_checks
from service.briefing.record_text import record_text
from service.briefing.template import template_summary
from service.config import Settings
from service.errors import ModelError
from service.llm.base import StructuredModel, UsageMeter
from service.prompts import load_prompt
from service.reconcile.record import Record

CHECK_REASKS = 1
MAX_TOKENS = 400
# A revised draft that repeats this many consecutive words of the failures sent back pasted the
# instructions instead of following them (the 1.5B model wrote "say '3' according to the Kestrian
# Defence Ministry in the same sentence, next to the other sources' values" into a summary).
ECHO_WORDS = 8


@dataclass
class Outcome:
    draft: BriefingDraft
    checks: list[Check]
    origin: Literal["model", "template"]
    reasks: int = 0
    prompts: list[PromptRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    model_error: ModelError | None = None


def _draft_text(draft: BriefingDraft) -> str:
    return "\n".join([f"headline: {draft.headline}", *(f"- {s}" for s in draft.sentences)])


def _words(text: str) -> list[str]:
    return [w for w in (w.strip(string.punctuation) for w in text.lower().split()) if w]


def echoes(draft: BriefingDraft, problems: str) -> Check:
    """Whether the draft copies the failures it was sent rather than acting on them."""
    words = _words(problems)
    runs = {tuple(words[i : i + ECHO_WORDS]) for i in range(len(words) - ECHO_WORDS + 1)}
    copied = [
        line
        for line in [draft.headline, *draft.sentences]
        for w in [_words(line)]
        if any(tuple(w[i : i + ECHO_WORDS]) in runs for i in range(len(w) - ECHO_WORDS + 1))
    ]
    return Check(
        name="own_words",
        passed=not copied,
        reasons=[f"This repeats the instructions instead of following them: {c!r}" for c in copied],
    )


def _from_model(
    record: Record, model: StructuredModel, settings: Settings, usage: UsageMeter
) -> Outcome:
    prompt = load_prompt("briefing", settings.prompt_version, settings.prompts_dir)
    revise = load_prompt("briefing/revise", settings.prompt_version, settings.prompts_dir)
    text = record_text(record)
    outcome = Outcome(
        draft=model.generate(
            BriefingDraft, prompt.messages(record=text), max_tokens=MAX_TOKENS, usage=usage
        ),
        checks=[],
        origin="model",
        prompts=[prompt.ref],
    )
    outcome.checks = run_checks(outcome.draft.headline, outcome.draft.sentences, record)
    while failures(outcome.checks) and outcome.reasks < CHECK_REASKS:
        outcome.reasks += 1
        if revise.ref not in outcome.prompts:
            outcome.prompts.append(revise.ref)
        problems = "\n".join(f"- {r}" for r in failures(outcome.checks))
        messages = revise.messages(record=text, draft=_draft_text(outcome.draft), problems=problems)
        outcome.draft = model.generate(BriefingDraft, messages, max_tokens=MAX_TOKENS, usage=usage)
        outcome.checks = [
            *run_checks(outcome.draft.headline, outcome.draft.sentences, record),
            echoes(outcome.draft, problems),
        ]
    return outcome


def write_summary(
    record: Record, *, model: StructuredModel | None, settings: Settings, usage: UsageMeter
) -> Outcome:
    """A summary that passes the checks when anything can: the model's, else the template's."""
    model_failures: list[str] = []
    warnings: list[str] = []
    outcome: Outcome | None = None
    model_error: ModelError | None = None
    if model is not None:
        try:
            outcome = _from_model(record, model, settings, usage)
        except ModelError as exc:
            model_error = exc
            warnings.append(f"summary model failed ({exc.code}): {exc.message}")
            model_failures = [f"The model failed: {exc.message}"]
        else:
            if not failures(outcome.checks):
                return outcome
            model_failures = failures(outcome.checks)
    draft = template_summary(record)
    checks = run_checks(draft.headline, draft.sentences, record)
    if model is not None:
        # The model's failures stay visible even though its draft was replaced.
        checks.append(Check(name="model_draft", passed=False, reasons=model_failures))
    return Outcome(
        draft=draft,
        checks=checks,
        origin="template",
        reasks=outcome.reasks if outcome else 0,
        prompts=outcome.prompts if outcome else [],
        warnings=warnings,
        model_error=model_error,
    )
