"""The managed loopback llama.cpp server: one subprocess per process and weights, started lazily.

Why a subprocess speaking HTTP rather than a model loaded in-process:
- one code path: the embedded model is just another OpenAI-compatible endpoint, so it goes
  through the same transport and validation layers, and the same loopback tests cover it;
- the model loads once and can be shared: `evenhand model serve` runs the same server for several
  API workers or eval processes (``EVENHAND_BASE_URL``) instead of one 1.1 GB copy each;
- a crash in native code (it happens: see `service.llm.local.launch`) kills the server, not the
  service; the next call reports it with the log tail and starts a fresh server.

The server is llama.cpp's own ``llama-server`` (built by `scripts/build-llama-server.sh`), with
``settings.concurrency`` parallel slots and continuous batching: the independent questions of one
article are decoded together. Each slot keeps the KV cache of its last prompt, so a call that
shares a prefix with it (instructions, then the article) only evaluates its own suffix; its RAM
prompt cache (``--cache-ram``) brings a prefix back into a slot that served something else since.
`ManagedServer.share_slot` copies a slot's state into the other slots, so that concurrent calls on
a fresh article do not each evaluate the article again.

Each server writes its own log file under ``data_dir/logs`` (named after our pid and its port);
when it dies or never gets ready, the last lines of that log are part of the error. It is stopped
at interpreter exit, and it stops itself if its parent disappears without saying so (see
`service.llm.local.launch`).
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
from service.llm.local.binary import binary_problem, server_binary
from service.llm.local.launch import EXIT_WITH_PARENT_ENV
from service.llm.local.weights import CATALOGUE

_LOG_TAIL_LINES = 15
_SLOT_FILE = "shared-prefix.bin"


@dataclass(frozen=True)
class ServerConfig:
    model_path: Path
    alias: str
    n_ctx: int  # per slot
    threads: int
    binary: Path = Path("llama-server")
    parallel: int = 1
    host: str = "127.0.0.1"
    port: int | None = None
    cache_ram_mb: int = 0
    slot_dir: Path | None = None  # where slot states are saved to be copied into other slots

    @classmethod
    def from_settings(cls, settings: Settings, model_path: Path) -> ServerConfig:
        return cls(
            model_path=model_path,
            alias=CATALOGUE[settings.local_model].alias,
            n_ctx=settings.local_n_ctx,
            # Decoding here is CPU-bound: every core.
            threads=settings.local_threads or os.cpu_count() or 1,
            binary=server_binary(settings),
            parallel=settings.concurrency,
            port=settings.local_port,
            cache_ram_mb=settings.local_prompt_cache_mb,
            slot_dir=settings.cache_dir / "llama-slots",
        )

    def prepare(self) -> None:
        """Folders the server refuses to start without."""
        if self.slot_dir is not None:
            self.slot_dir.mkdir(parents=True, exist_ok=True)

    def command(self, port: int) -> list[str]:
        slots = ["--slot-save-path", str(self.slot_dir)] if self.slot_dir else []
        return [
            sys.executable, "-m", "service.llm.local.launch", str(self.binary),
            "--model", str(self.model_path),
            "--alias", self.alias,
            "--host", self.host,
            "--port", str(port),
            # Without a unified KV cache the context is split evenly between the slots.
            "--ctx-size", str(self.n_ctx * self.parallel),
            "--parallel", str(self.parallel),
            "--no-kv-unified",
            "--threads", str(self.threads),
            "--threads-batch", str(self.threads),
            "--cache-ram", str(self.cache_ram_mb),
            "--metrics",
            "--slots",
            *slots,
            "--no-webui",
        ]  # fmt: skip


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
    def __init__(self, config: ServerConfig, *, log_dir: Path, startup_timeout_s: float) -> None:
        self.config = config
        self._log_dir = log_dir
        self.log_path = log_dir / "llama-server.log"  # until started: then one file per process
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
        self.log_path = self._log_dir / f"llama-server-{os.getpid()}-{port}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.config.prepare()
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
                # /health answers 503 while the model loads, 200 once it can serve.
                if httpx.get(f"{base_url[:-3]}/health", timeout=2.0).status_code == 200:
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

    def share_slot(self) -> None:
        """Copy the prompt state of the most recently used idle slot into every other idle slot
        (llama-server's slot save and restore, a file of ~30 kB per token): concurrent calls that
        share its prefix then all start warm instead of each evaluating it. Best effort: a failure
        only costs the other slots their prefix evaluation."""
        base_url, slot_dir = self._base_url, self.config.slot_dir
        if self.config.parallel < 2 or slot_dir is None or base_url is None:
            return
        body = {"filename": f"{os.getpid()}-{threading.get_ident()}-{_SLOT_FILE}"}
        try:
            with httpx.Client(base_url=base_url.removesuffix("/v1"), timeout=60.0) as client:
                idle = [s for s in client.get("/slots").json() if not s.get("is_processing")]
                if len(idle) < 2:
                    return
                source = max(idle, key=lambda s: int(s.get("id_task", -1)))["id"]
                client.post(f"/slots/{source}", params={"action": "save"}, json=body)
                for slot in idle:
                    if slot["id"] != source:
                        client.post(f"/slots/{slot['id']}", params={"action": "restore"}, json=body)
        except (httpx.HTTPError, ValueError, KeyError, TypeError):
            return
        finally:
            (slot_dir / body["filename"]).unlink(missing_ok=True)


_servers: dict[tuple[ServerConfig, Path], ManagedServer] = {}
_servers_lock = threading.Lock()


def shared_server(settings: Settings, model_path: Path) -> ManagedServer:
    """The process-wide server for these weights and server settings (not started yet)."""
    if problem := binary_problem(settings):
        raise BackendUnavailable(problem)
    config = ServerConfig.from_settings(settings, model_path)
    log_dir = settings.data_dir / "logs"
    with _servers_lock:
        server = _servers.get((config, log_dir))
        if server is None:
            server = ManagedServer(
                config, log_dir=log_dir, startup_timeout_s=settings.local_startup_timeout_s
            )
            _servers[(config, log_dir)] = server
        return server


def stop_all() -> None:
    with _servers_lock:
        servers = list(_servers.values())
        _servers.clear()
    for server in servers:
        server.stop()
