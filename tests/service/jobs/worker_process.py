"""A worker process for the crash and multi-process tests: the real worker, a slow empty model.

    python -m tests.service.jobs.worker_process LOG DELAY_S

Settings (database URL, lease length) come from the environment. Before an item's work starts,
one line "<pid> <article id>" is appended to LOG.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from service.config import get_settings
from service.jobs.worker import run_until_signalled, worker_from_settings
from service.llm.fake import FakeModel, empty_responder


def main(log: Path, delay_s: float) -> None:
    answer = empty_responder()

    def slow(response_model: Any, messages: Any) -> Any:
        time.sleep(delay_s)
        return answer(response_model, messages)

    model = FakeModel(responder=slow)
    worker = worker_from_settings(get_settings(), lambda: model)
    run_item = worker.executor.prepare_item

    def logged(kind: str, payload: dict[str, Any], owner: str) -> Any:
        with log.open("a") as out:
            out.write(f"{os.getpid()} {payload['article']['meta']['id']}\n")
        return run_item(kind, payload, owner)

    worker.executor.prepare_item = logged  # type: ignore[method-assign]
    run_until_signalled(worker, grace_s=1.0)


if __name__ == "__main__":
    main(Path(sys.argv[1]), float(sys.argv[2]))
