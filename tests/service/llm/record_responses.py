"""Re-record `recordings/*.json` from a real llama.cpp server, through the real client path.

    evenhand model serve --port 8101 &   # or any llama.cpp server with the Qwen GGUF
    python -m tests.service.llm.record_responses http://127.0.0.1:8101/v1

Each file keeps, per HTTP exchange, the request our client sent and the server's raw response.
"""

from __future__ import annotations

import json
import sys

from pydantic import BaseModel

from service.config import Settings
from service.errors import ModelError
from service.llm.base import UsageMeter
from service.llm.openai_backend import LLAMA_CPP_SCHEMA, OpenAICompatibleModel
from tests.service.llm.models import MESSAGES, Figure, ShortFigure
from tests.service.llm.openai_stub import RECORDINGS, OpenAIStub

# name: (response model, max_tokens, validation re-asks)
SCENARIOS: dict[str, tuple[type[BaseModel], int, int]] = {
    "figure_ok": (Figure, 80, 0),
    "figure_truncated": (Figure, 6, 0),
    # The model shortens the quote by deleting words in the middle: re-asked, still invalid.
    "figure_reask": (ShortFigure, 80, 2),
}


def record(upstream: str) -> None:
    for name, (response_model, max_tokens, reasks) in SCENARIOS.items():
        settings = Settings(validation_retries=reasks, transport_retries=0)
        with OpenAIStub(upstream=upstream) as stub:
            model = OpenAICompatibleModel(
                base_url=stub.base_url, model="recording", wire=LLAMA_CPP_SCHEMA, settings=settings
            )
            try:
                model.generate(response_model, MESSAGES, max_tokens=max_tokens, usage=UsageMeter())
                outcome = "ok"
            except ModelError as exc:
                outcome = type(exc).__name__
        exchanges = [{"request": req, "response": resp} for req, resp in stub.exchanges]
        path = RECORDINGS / f"{name}.json"
        path.write_text(json.dumps({"exchanges": exchanges}, indent=2, ensure_ascii=False) + "\n")
        print(f"{name}: {outcome} after {len(exchanges)} exchange(s)", file=sys.stderr)


if __name__ == "__main__":
    record(sys.argv[1])
