"""A scripted OpenAI-compatible HTTP server on 127.0.0.1 (real sockets, random port).

Each POST to ``/v1/chat/completions`` takes the next queued `Reply` (or, with nothing queued, the
`responder`'s reply to its body); every request is recorded
with its arrival time, so tests can assert what the client sent and how long it waited. With
``upstream`` set and nothing queued, requests are forwarded there and the exchange is kept
(that is how `record_responses` captures real llama.cpp answers).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

RECORDINGS = Path(__file__).with_name("recordings")


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass
class Received:
    at: float
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


def completion(
    content: str | None,
    *,
    finish_reason: str = "stop",
    prompt_tokens: int = 10,
    completion_tokens: int = 5,
    tool_arguments: str | None = None,
) -> Reply:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_arguments is not None:
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "Figure", "arguments": tool_arguments},
            }
        ]
    return Reply(
        body={
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": 0,
            "model": "stub",
            "choices": [
                {"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


def error(status: int, message: str = "scripted failure", **headers: str) -> Reply:
    return Reply(status=status, body={"error": {"message": message}}, headers=headers)


def recorded(name: str) -> list[Reply]:
    """The real llama.cpp response bodies saved by `record_responses`, in order."""
    saved = json.loads((RECORDINGS / f"{name}.json").read_text())
    return [Reply(body=exchange["response"]) for exchange in saved["exchanges"]]


class OpenAIStub:
    def __init__(
        self,
        upstream: str | None = None,
        responder: Callable[[dict[str, Any]], Reply] | None = None,
    ) -> None:
        self.responder = responder
        self.replies: deque[Reply] = deque()
        self.received: list[Received] = []
        self.exchanges: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.upstream = upstream
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def queue(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [request.body for request in self.received]

    def __enter__(self) -> OpenAIStub:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> Reply:
        with self._lock:
            self.received.append(Received(time.monotonic(), path, headers, body))
            reply = self.replies.popleft() if self.replies else None
        if reply is not None:
            return reply
        if self.responder is not None:
            return self.responder(body)
        if self.upstream is None:
            return error(500, "OpenAIStub: no reply queued for this request")
        response = httpx.post(f"{self.upstream}/chat/completions", json=body, timeout=600)
        self.exchanges.append((body, response.json()))
        return Reply(status=response.status_code, body=response.json())


def _handler(stub: OpenAIStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

        def _send(self, reply: Reply) -> None:
            if reply.delay_s:
                time.sleep(reply.delay_s)
            payload = json.dumps(reply.body).encode()
            try:
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def do_GET(self) -> None:
            self._send(Reply(body={"object": "list", "data": [{"id": "stub", "object": "model"}]}))

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            self._send(stub.answer(self.path, dict(self.headers), body))

    return Handler
