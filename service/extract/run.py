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

Independent questions go out together (`Run.ask_many`): at most ``settings.concurrency`` calls in
flight, answers returned in the order asked; stages asked at the same time share that bound.
`Run.prime` lets a backend that can copy a warm prompt prefix into its other parallel slots (the
embedded server) evaluate the article once before its questions go out together.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from schemas.result import Claim, Dropped, FailedItem, Meta, PromptRef, RunStatus
from service.config import Settings
from service.errors import AuthenticationFailed, BackendUnavailable, ModelError, TransportError
from service.llm.base import SharesPrefix, StructuredModel, T, UsageMeter, recorded_as
from service.llm.profiles import profile_for
from service.prompts import Prompt, load_prompt

MAX_TRANSPORT_FAILURES_IN_A_ROW = 3
_FENCE = re.compile(r"<{3,}|>{3,}")


def untrusted(text: str) -> str:
    """Article text for a prompt: it cannot close or open the <<< >>> data markers."""
    return _FENCE.sub(lambda m: m.group()[:2], text)


# Told (stage, calls finished in the stage, calls the stage will make) after each model call.
ProgressHook = Callable[[str, int, int], None]
ClaimSink = Callable[[Claim], None]


class Run:
    def __init__(
        self,
        model: StructuredModel,
        settings: Settings,
        pipeline: str,
        progress: ProgressHook | None = None,
        on_claim: ClaimSink | None = None,
    ) -> None:
        self.model = model
        self.on_claim = on_claim  # sees each claim as soon as its answer is in (streaming)
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
        self._lock = threading.Lock()  # failure accounting and progress, from concurrent calls
        # Model calls in flight, over every stage asked at the same time.
        self._in_flight = threading.BoundedSemaphore(settings.concurrency)

    def stage(self, name: str, calls: int) -> None:
        """The pipeline is about to make `calls` model calls for `name` (for progress only); a
        stage begun while another is still out joins it ("incidents, claims")."""
        with self._lock:
            current, done, total = self._stage
            if current and done < total:
                self._stage = (f"{current}, {name}", done, total + calls)
            else:
                self._stage = (name, 0, calls)
            stage = self._stage
        if self._progress is not None:
            self._progress(*stage)

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
            with self._in_flight, recorded_as(prompt.name):
                answer = self.model.generate(
                    response_model, messages, max_tokens=max_tokens, usage=self.meter
                )
        except (BackendUnavailable, AuthenticationFailed):
            raise
        except TransportError as exc:
            with self._lock:
                self._transport_failures += 1
                in_a_row = self._transport_failures
            self._failed(what, exc)
            if in_a_row >= MAX_TRANSPORT_FAILURES_IN_A_ROW:
                raise self._run_failed(
                    f"{in_a_row} model calls in a row failed in transport"
                ) from exc
            return None
        except ModelError as exc:
            self._failed(what, exc)
            return None
        finally:
            self._advance()
        with self._lock:
            self._transport_failures = 0
            self.answered += 1
        return answer

    def ask_many(
        self,
        prompt: Prompt,
        response_model: Callable[[Mapping[str, Any]], type[T]] | type[T],
        requests: Sequence[Mapping[str, Any]],
        *,
        max_tokens: Callable[[Mapping[str, Any]], int] | int,
        what: Callable[[Mapping[str, Any]], str],
        done: Callable[[int, T | None], None] | None = None,
    ) -> list[T | None]:
        """`ask` for each request's template values, concurrently; answers in request order.

        `response_model` and `max_tokens` may depend on the request. `done(index, answer)` runs as
        each answer arrives (in the calling thread, one at a time). An error that stops the run
        (see `ask`) cancels the calls not yet sent and propagates.
        """

        def one(values: Mapping[str, Any]) -> T | None:
            model = response_model if isinstance(response_model, type) else response_model(values)
            tokens = max_tokens if isinstance(max_tokens, int) else max_tokens(values)
            return self.ask(prompt, model, max_tokens=tokens, what=what(values), **values)

        answers: list[T | None] = [None] * len(requests)
        workers = max(1, min(self.settings.concurrency, len(requests)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ask") as pool:
            futures = {pool.submit(one, values): n for n, values in enumerate(requests)}
            try:
                for future in as_completed(futures):
                    n = futures[future]
                    answers[n] = future.result()
                    if done is not None:
                        done(n, answers[n])
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        return answers

    def prime(self, prefix: str, **values: Any) -> None:
        """Let a backend with parallel slots evaluate the shared prefix prompt once, before the
        questions after it go out together (each would otherwise evaluate it in its own slot).
        Not recorded in `prompt_refs`: each question's hash covers its prefix."""
        if isinstance(self.model, SharesPrefix):
            prompt = load_prompt(prefix, self.settings.prompt_version, self.settings.prompts_dir)
            self.model.prime(prompt.messages(**values), self.meter)

    def emit(self, claim: Claim) -> None:
        if self.on_claim is not None:
            self.on_claim(claim)

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
            model_time_s=self.meter.busy_s(),  # concurrent calls overlap: not their sum
            dropped=self.dropped,
            status=self.status,
            failures=self.failures,
            warnings=self.warnings,
        )
