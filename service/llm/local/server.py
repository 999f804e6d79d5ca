"""The managed loopback llama.cpp server: one subprocess per process and weights, started lazily.

Why a subprocess speaking HTTP rather than ``llama_cpp.Llama`` in-process:
- one code path: the embedded model is just another OpenAI-compatible endpoint, so it goes
  through the same transport and validation layers, and the same loopback tests cover it;
- the model loads once and can be shared: `evenhand model serve` runs the same server for several
  API workers or eval processes (``EVENHAND_BASE_URL``) instead of one 1.1 GB copy each;
- a crash in native code (it happens: see `service.llm.local.launch`) kills the server, not the
  service; the next call reports it with the log tail and starts a fresh server.
The server keeps the KV cache of the previous prompt, so consecutive calls that share a prompt
prefix (system prompt + schema) only evaluate the new suffix, and a RAM cache of saved states
brings a prefix back after a call with another prompt came in between.

Its output goes to a log file under ``data_dir/logs``; when it dies or never gets ready, the last
lines of that log are part of the error. It is stopped at interpreter exit, and it stops itself
if its parent disappears without saying so (see `service.llm.local.launch`).
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from service.config import Settings
from service.errors import BackendUnavailable
from service.llm.local.launch import EXIT_WITH_PARENT_ENV
from service.llm.local.weights import CATALOGUE

_LOG_TAIL_LINES = 15


@dataclass(frozen=True)
class ServerConfig:
    model_path: Path
    alias: str
    n_ctx: int
    threads: int
    host: str = "127.0.0.1"
    port: int | None = None
    prompt_cache_mb: int = 0

    @classmethod
    def from_settings(cls, settings: Settings, model_path: Path) -> ServerConfig:
        return cls(
            model_path=model_path,
            alias=CATALOGUE[settings.local_model].alias,
            n_ctx=settings.local_n_ctx,
            # llama_cpp.server defaults to half the cores; decoding here is CPU-bound.
            threads=settings.local_threads or os.cpu_count() or 1,
            port=settings.local_port,
            prompt_cache_mb=settings.local_prompt_cache_mb,
        )

    def command(self, port: int) -> list[str]:
        return [
            sys.executable, "-m", "service.llm.local.launch",
            "--model", str(self.model_path),
            "--model_alias", self.alias,
            "--host", self.host,
            "--port", str(port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.threads),
            "--n_threads_batch", str(self.threads),
            "--verbose", "False",
            *self._cache_args(),
        ]  # fmt: skip

    def _cache_args(self) -> list[str]:
        # The server reuses the previous prompt's KV state only; the incident call between two
        # articles' claim calls evicts the shared claim prefix (~1,700 tokens, ~55 s here). A RAM
        # cache of saved states restores it: measured outputs identical, first claim call of an
        # article 78 s -> 21 s. llama-cpp-python counts only the KV state (35-55 MB) against the
        # limit, not the logits copy in each state (311 MB): at 1 GiB the server grew past 22 GB
        # and was OOM-killed; at 160 MB it stays near 7 GB with the model.
        if self.prompt_cache_mb == 0:
            return []
        size = str(self.prompt_cache_mb << 20)
        return ["--cache", "True", "--cache_type", "ram", "--cache_size", size]


def child_env() -> dict[str, str]:
    """The server's environment: ours, plus our pid so it exits if we die without stopping it."""
    return {**os.environ, EXIT_WITH_PARENT_ENV: str(os.getpid())}


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def log_tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        with path.open("rb") as stream:
            stream.seek(max(stream.seek(0, os.SEEK_END) - 8192, 0))
            text = stream.read().decode("utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.strip().splitlines()[-lines:]) or "(empty log)"


class ManagedServer:
    def __init__(self, config: ServerConfig, *, log_path: Path, startup_timeout_s: float) -> None:
        self.config = config
        self.log_path = log_path
        self._startup_timeout_s = startup_timeout_s
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._base_url: str | None = None
        self._atexit_registered = False

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def ensure_running(self) -> str:
        """Base URL of a ready server, starting (or restarting after a crash) if needed."""
        with self._lock:
            if self.running and self._base_url is not None:
                return self._base_url
            self._stop_locked()
            self._base_url = self._start_locked()
            return self._base_url

    def failure(self, what: str) -> BackendUnavailable:
        code = self._process.poll() if self._process is not None else None
        status = f"exited with code {code}" if code is not None else "is not answering"
        return BackendUnavailable(
            f"{what}: the embedded model server {status}; last lines of {self.log_path}:\n"
            f"{log_tail(self.log_path)}"
        )

    def _start_locked(self) -> str:
        port = self.config.port or free_port(self.config.host)
        base_url = f"http://{self.config.host}:{port}/v1"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                self.config.command(port),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=child_env(),
            )
        if not self._atexit_registered:
            atexit.register(self.stop)
            self._atexit_registered = True
        deadline = time.monotonic() + self._startup_timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise self.failure("cannot start")
            try:
                if httpx.get(f"{base_url}/models", timeout=2.0).status_code == 200:
                    return base_url
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        error = self.failure(f"not ready within {self._startup_timeout_s:g} s")
        self._stop_locked()
        raise error

    def _stop_locked(self) -> None:
        process, self._process, self._base_url = self._process, None, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()


_servers: dict[tuple[ServerConfig, Path], ManagedServer] = {}
_servers_lock = threading.Lock()


def shared_server(settings: Settings, model_path: Path) -> ManagedServer:
    """The process-wide server for these weights and server settings (not started yet)."""
    config = ServerConfig.from_settings(settings, model_path)
    log_path = settings.data_dir / "logs" / "llama-server.log"
    with _servers_lock:
        server = _servers.get((config, log_path))
        if server is None:
            server = ManagedServer(
                config, log_path=log_path, startup_timeout_s=settings.local_startup_timeout_s
            )
            _servers[(config, log_path)] = server
        return server


def stop_all() -> None:
    with _servers_lock:
        servers = list(_servers.values())
        _servers.clear()
    for server in servers:
        server.stop()
