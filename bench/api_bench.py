"""Service overhead of `POST /v1/extractions`: throughput and latency with the fake model.

Runs two servers on loopback, one after the other, each in its own uvicorn subprocess:
- `bare`: a FastAPI endpoint that validates the same `ArticleIn` body and answers a fixed JSON
  (the ceiling: HTTP + JSON + pydantic, nothing else);
- `evenhand`: the real app (auth off, rate limit off), real extraction pipeline with an empty
  FakeModel, results stored in a fresh SQLite database.
and drives each with a bounded async httpx client loop (concurrency C, at most N requests or T
seconds). Targets: evenhand >= half the bare throughput, evenhand p99 < 50 ms.

    .venv/bin/python bench/api_bench.py [--concurrency 8] [--requests 3000] [--seconds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from schemas.article import ArticleIn

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # the load generator only ever targets loopback
ARTICLE = {
    "text": "Seven soldiers were killed on Tuesday, the ministry said. "
    "Rebels denied any attack and said their positions had been shelled.",
    "title": "Seven soldiers killed",
    "publisher": "Example Wire",
}


def bare_app() -> Any:
    from fastapi import FastAPI

    app = FastAPI()

    @app.post("/v1/extractions")
    def extraction(article: ArticleIn) -> dict[str, Any]:
        return {"id": "ex_0", "article_id": article.resolved_id, "claims": 0}

    return app


def evenhand_app(data_dir: str) -> Any:
    from service.api.app import create_app
    from service.llm.fake import FakeModel

    # Settings through the environment, as `evenhand serve` gets them: explicit settings would
    # add FastAPI's per-request dependency-override cost, which the server does not pay.
    os.environ.update(
        EVENHAND_DATA_DIR=data_dir,
        EVENHAND_DATABASE_URL=f"sqlite:///{data_dir}/evenhand.db",
        EVENHAND_RATE_LIMIT_PER_MINUTE="0",
        EVENHAND_RESULT_CACHE="false",
    )
    model = FakeModel.empty()
    return create_app(model_provider=lambda: model)


def serve(kind: str, port: int, data_dir: str) -> None:
    import uvicorn

    app = bare_app() if kind == "bare" else evenhand_app(data_dir)
    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False)


@dataclass
class Figures:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    server_cpu_s: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def line(self) -> str:
        return (
            f"{self.name:9s} {self.rps:8.1f} req/s  p50 {self.pct(0.50):6.1f} ms  "
            f"p99 {self.pct(0.99):6.1f} ms  mean {statistics.fmean(self.latencies_ms):6.1f} ms  "
            f"server CPU {self.server_cpu_s / self.requests * 1000:5.2f} ms/req  "
            f"({self.requests} requests, {self.errors} errors, {self.seconds:.1f} s)"
        )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start in {timeout:.0f} s")


async def _load(url: str, concurrency: int, limit: int, seconds: float, warmup: int) -> Figures:
    body = json.dumps(ARTICLE).encode()
    headers = {"Content-Type": "application/json"}
    latencies: list[float] = []
    errors = 0
    sent = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:
        for _ in range(warmup):
            await client.post(url, content=body, headers=headers)
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client() -> None:
            nonlocal errors, sent
            while sent < limit and time.perf_counter() < deadline:
                sent += 1
                t0 = time.perf_counter()
                response = await client.post(url, content=body, headers=headers)
                latencies.append((time.perf_counter() - t0) * 1000)
                if response.status_code != 200:
                    errors += 1

        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return Figures("", len(latencies), errors, elapsed, latencies)


def run(kind: str, args: argparse.Namespace) -> Figures:
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="evenhand-bench-") as data_dir:
        proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve",
                kind,
                "--port",
                str(port),
                "--data-dir",
                data_dir,
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            _wait_until_up(f"http://{HOST}:{port}/docs", proc)
            url = f"http://{HOST}:{port}/v1/extractions"
            cpu_before = _cpu_seconds(proc.pid)
            figures = asyncio.run(
                _load(url, args.concurrency, args.requests, args.seconds, args.warmup)
            )
            figures.server_cpu_s = _cpu_seconds(proc.pid) - cpu_before
        finally:
            proc.terminate()
            proc.wait(10)
    figures.name = kind
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=8, help="Requests in flight.")
    parser.add_argument("--requests", type=int, default=3000, help="Upper bound per server.")
    parser.add_argument("--seconds", type=float, default=15.0, help="Upper bound per server.")
    parser.add_argument("--warmup", type=int, default=50, help="Unmeasured first requests.")
    parser.add_argument("--serve", choices=["bare", "evenhand"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.data_dir)
        return
    args.requests = min(args.requests, 20_000)
    args.seconds = min(args.seconds, 60.0)
    bare, evenhand = run("bare", args), run("evenhand", args)
    load = os.getloadavg()[0]
    print(
        f"concurrency {args.concurrency}, loopback, fake model, SQLite store, "
        f"{os.cpu_count()} CPUs, load average {load:.1f} at the end"
    )
    print(bare.line())
    print(evenhand.line())
    ratio = evenhand.rps / bare.rps
    print(
        f"evenhand/bare throughput {ratio:.2f} (target >= 0.50); "
        f"evenhand p99 {evenhand.pct(0.99):.1f} ms (target < 50 ms)"
    )


if __name__ == "__main__":
    main()
