"""The managed server's lifecycle, with small stand-in processes instead of llama.cpp."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path

import pytest

from service.errors import BackendUnavailable
from service.llm.local.server import ManagedServer, ServerConfig


@dataclasses.dataclass(frozen=True)
class StandIn(ServerConfig):
    """Runs ``script`` (``{port}`` filled in) instead of the llama.cpp server."""

    script: str = ""

    def command(self, port: int) -> list[str]:
        return [sys.executable, "-c", self.script.format(port=port)]


def _server(tmp_path: Path, script: str, timeout_s: float = 10.0) -> ManagedServer:
    config = StandIn(model_path=tmp_path / "m.gguf", alias="x", n_ctx=512, threads=1, script=script)
    return ManagedServer(
        config, log_path=tmp_path / "logs" / "server.log", startup_timeout_s=timeout_s
    )


# Answers GET /v1/models like the real server does once the model is loaded.
SERVES_MODELS = (
    "import http.server, os, sys; os.makedirs('v1', exist_ok=True); "
    "open('v1/models', 'w').write('{{}}'); print('ready', flush=True); "
    "http.server.test(http.server.SimpleHTTPRequestHandler, port={port}, bind='127.0.0.1')"
)


def test_starts_once_and_restarts_after_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    server = _server(tmp_path, SERVES_MODELS)
    try:
        url = server.ensure_running()
        assert url.startswith("http://127.0.0.1:")
        assert url.endswith("/v1")
        assert server.ensure_running() == url
        assert server._process is not None
        server._process.kill()
        server._process.wait()
        assert not server.running
        assert server.ensure_running().endswith("/v1")
        assert server.running
    finally:
        server.stop()
    assert not server.running


def test_early_exit_reports_the_log_tail(tmp_path: Path) -> None:
    server = _server(tmp_path, "import sys; print('loading model failed: bad magic'); sys.exit(3)")
    with pytest.raises(BackendUnavailable) as caught:
        server.ensure_running()
    message = caught.value.message
    assert "exited with code 3" in message
    assert "loading model failed: bad magic" in message


def test_startup_timeout_stops_the_process(tmp_path: Path) -> None:
    server = _server(
        tmp_path, "import time; print('still loading', flush=True); time.sleep(60)", 0.5
    )
    with pytest.raises(BackendUnavailable, match=r"not ready within 0.5 s") as caught:
        server.ensure_running()
    assert "still loading" in caught.value.message
    assert not server.running


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="needs llama_cpp")
def test_real_launcher_reports_a_bad_model_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a gguf file")
    config = ServerConfig(model_path=bad, alias="bad", n_ctx=512, threads=1)
    server = ManagedServer(config, log_path=tmp_path / "server.log", startup_timeout_s=60)
    with pytest.raises(BackendUnavailable, match="exited with code") as caught:
        server.ensure_running()
    assert str(tmp_path / "server.log") in caught.value.message


@pytest.mark.parametrize(
    ("cache_mb", "expected"),
    [
        (160, ["--cache", "True", "--cache_type", "ram", "--cache_size", str(160 << 20)]),
        (0, []),
    ],
)
def test_prompt_cache_flags(tmp_path: Path, cache_mb: int, expected: list[str]) -> None:
    config = ServerConfig(
        model_path=tmp_path / "m.gguf", alias="x", n_ctx=512, threads=1, prompt_cache_mb=cache_mb
    )
    command = config.command(8080)
    flags = command[command.index("--cache") :] if "--cache" in command else []
    assert flags == expected
