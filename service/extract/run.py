"""One extraction run: the model calls it makes, what they cost and what was dropped.

Failure policy: a call that fails after its retries (invalid or truncated output, a transport
error) costs only its own item; it is counted in `meta.dropped.failed_calls` and the run goes
on. A backend that is unavailable or refuses the key, or transport failing several calls in a
row, means nothing can proceed: that error propagates.
"""

from __future__ import annotations

import re
import time
from typing import Any

from schemas.result import Dropped, Meta, PromptRef
from service.config import Settings
from service.errors import AuthenticationFailed, BackendUnavailable, ModelError, TransportError
from service.llm.base import StructuredModel, T, UsageMeter
from service.llm.profiles import profile_for
from service.prompts import Prompt, load_prompt

MAX_TRANSPORT_FAILURES_IN_A_ROW = 3
_FENCE = re.compile(r"<{3,}|>{3,}")


def untrusted(text: str) -> str:
    """Article text for a prompt: it cannot close or open the <<< >>> data markers."""
    return _FENCE.sub(lambda m: m.group()[:2], text)


class Run:
    def __init__(self, model: StructuredModel, settings: Settings, pipeline: str) -> None:
        self.model = model
        self.settings = settings
        self.pipeline = pipeline
        self.profile = profile_for(model.info.name, settings.model_profile)
        self.meter = UsageMeter()
        self.dropped = Dropped()
        self.warnings: list[str] = []
        self.prompt_refs: dict[str, PromptRef] = {}
        self.started = time.perf_counter()
        self._transport_failures = 0

    def prompt(self, name: str) -> Prompt:
        prompt = load_prompt(name, self.settings.prompt_version, self.settings.prompts_dir)
        self.prompt_refs[name] = prompt.ref
        return prompt

    def ask(
        self,
        prompt: Prompt,
        response_model: type[T],
        *,
        max_tokens: int,
        what: str,
        **values: Any,
    ) -> T | None:
        """One model call; None when it failed and the item is to be skipped."""
        messages = prompt.messages(**values)
        try:
            answer = self.model.generate(
                response_model, messages, max_tokens=max_tokens, usage=self.meter
            )
        except (BackendUnavailable, AuthenticationFailed):
            raise
        except TransportError as exc:
            self._transport_failures += 1
            if self._transport_failures >= MAX_TRANSPORT_FAILURES_IN_A_ROW:
                raise
            self._failed(what, exc)
            return None
        except ModelError as exc:
            self._failed(what, exc)
            return None
        self._transport_failures = 0
        return answer

    def _failed(self, what: str, exc: ModelError) -> None:
        self.dropped.failed_calls += 1
        self.warnings.append(f"{what}: skipped after a failed model call ({exc.code}: {exc})")

    def meta(self, pipeline_version: str) -> Meta:
        info = self.model.info
        return Meta(
            model=info.name,
            backend=info.backend,
            mode=info.mode,
            prompt_version=self.settings.prompt_version,
            prompts=list(self.prompt_refs.values()),
            pipeline=self.pipeline,
            pipeline_version=pipeline_version,
            model_profile=self.profile.name,
            usage=self.meter.snapshot(),
            latency_s=time.perf_counter() - self.started,
            model_time_s=self.meter.model_time_s,
            dropped=self.dropped,
            warnings=self.warnings,
        )
