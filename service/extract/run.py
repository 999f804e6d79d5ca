"""One extraction run: the model calls it makes, what they cost and what was dropped.

Failure policy (the one place it is decided; README "Errors" repeats it):

- A call that fails after its retries (invalid or truncated output, a transport error) costs
  only its own item: the item is listed in `meta.failures`, counted in
  `meta.dropped.failed_calls`, and the run goes on.
- A backend that is unavailable or refuses the key, or transport failing
  `MAX_TRANSPORT_FAILURES_IN_A_ROW` calls in a row, means nothing can proceed: that error
  propagates at once.
- At the end, the run's status is `complete` when every call answered and `partial` when at
  least one failed and at least one answered. When calls were made and **none** answered, the
  run has failed: `Run.finish` raises the last call's error class (a `ModelError`, so API 502,
  CLI exit 1, job item failed and retried) with every failure in its details, and no result
  exists to store or cache. Only `complete` results are cached; a `partial` one is returned and
  stored with its status.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any

from schemas.result import Dropped, FailedItem, Meta, PromptRef, RunStatus
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


# Told (stage, calls finished in the stage, calls the stage will make) after each model call.
ProgressHook = Callable[[str, int, int], None]


class Run:
    def __init__(
        self,
        model: StructuredModel,
        settings: Settings,
        pipeline: str,
        progress: ProgressHook | None = None,
    ) -> None:
        self.model = model
        self.settings = settings
        self.pipeline = pipeline
        self.profile = profile_for(model.info.name, settings.model_profile)
        self.meter = UsageMeter()
        self.dropped = Dropped()
        self.warnings: list[str] = []
        self.failures: list[FailedItem] = []
        self.answered = 0
        self._last_error: ModelError | None = None
        self.prompt_refs: dict[str, PromptRef] = {}
        self.started = time.perf_counter()
        self._transport_failures = 0
        self._progress = progress
        self._stage = ("", 0, 0)
        self._lock = threading.Lock()

    def stage(self, name: str, calls: int) -> None:
        """The pipeline is about to make `calls` model calls for `name` (for progress only)."""
        with self._lock:
            self._stage = (name, 0, calls)
        if self._progress is not None:
            self._progress(name, 0, calls)

    def _advance(self) -> None:
        with self._lock:
            name, done, total = self._stage
            self._stage = (name, done + 1, max(total, done + 1))
            stage = self._stage
        if self._progress is not None:
            self._progress(*stage)

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
            self._failed(what, exc)
            if self._transport_failures >= MAX_TRANSPORT_FAILURES_IN_A_ROW:
                raise self._run_failed(
                    f"{self._transport_failures} model calls in a row failed in transport"
                ) from exc
            return None
        except ModelError as exc:
            self._failed(what, exc)
            return None
        finally:
            self._advance()
        self._transport_failures = 0
        with self._lock:
            self.answered += 1
        return answer

    def _failed(self, what: str, exc: ModelError) -> None:
        with self._lock:
            self.dropped.failed_calls += 1
            self.failures.append(FailedItem(item=what, code=exc.code, message=exc.message))
            self._last_error = exc

    @property
    def status(self) -> RunStatus:
        return "partial" if self.failures else "complete"

    def finish(self) -> None:
        """Raise when the run failed (calls were made and none answered); see the policy above."""
        if self.failures and not self.answered:
            raise self._run_failed(f"no model call succeeded ({len(self.failures)} failed)")

    def _run_failed(self, reason: str) -> ModelError:
        """The last failure's error class, saying why the run failed and listing every failure."""
        last = self._last_error
        assert last is not None
        return type(last)(
            f"{reason}; last: {last.message}",
            attempts=last.attempts,
            status=last.status,
            outcome="failed",
            failures=[f.model_dump() for f in self.failures],
        )

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
            status=self.status,
            failures=self.failures,
            warnings=self.warnings,
        )
