"""The managed server's lifecycle, with small stand-in processes instead of llama.cpp."""

from __future__ import annotations

import dataclasses
import http.server
import json
import sys
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from service.config import Settings
from service.errors import BackendUnavailable
from service.llm.local.binary import default_server_binary
from service.llm.local.server import ManagedServer, ServerConfig, shared_server


@dataclasses.dataclass(frozen=True)
class StandIn(ServerConfig):
    """Runs ``script`` (``{port}`` filled in) instead of the llama.cpp server."""

    script: str = ""

    def command(self, port: int) -> list[str]:
        return [sys.executable, "-c", self.script.format(port=port)]


def _server(tmp_path: Path, script: str, timeout_s: float = 10.0) -> ManagedServer:
    config = StandIn(model_path=tmp_path / "m.gguf", alias="x", n_ctx=512, threads=1, script=script)
    return ManagedServer(config, log_dir=tmp_path / "logs", startup_timeout_s=timeout_s)


# Answers GET /health like the real server does once the model is loaded.
SERVES_MODELS = (
    "import http.server, os, sys; "
    "open('health', 'w').write('{{}}'); print('ready', flush=True); "
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


def test_each_server_process_writes_its_own_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first, second = _server(tmp_path, SERVES_MODELS), _server(tmp_path, SERVES_MODELS)
    try:
        first.ensure_running()
        second.ensure_running()
        assert first.log_path != second.log_path
        assert {first.log_path.parent, second.log_path.parent} == {tmp_path / "logs"}
        assert "ready" in first.log_path.read_text()
    finally:
        first.stop()
        second.stop()


def test_real_server_reports_a_bad_model_file(tmp_path: Path) -> None:
    binary = default_server_binary(Settings())
    if not binary.is_file():
        pytest.skip(f"llama-server not built ({binary})")
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a gguf file")
    config = ServerConfig(model_path=bad, alias="bad", n_ctx=512, threads=1, binary=binary)
    server = ManagedServer(config, log_dir=tmp_path, startup_timeout_s=60)
    with pytest.raises(BackendUnavailable, match="exited with code") as caught:
        server.ensure_running()
    assert str(server.log_path) in caught.value.message


def test_command_serves_parallel_slots_with_the_context_of_each(tmp_path: Path) -> None:
    config = ServerConfig(
        model_path=tmp_path / "m.gguf", alias="x", n_ctx=4096, threads=2, parallel=4,
        binary=tmp_path / "llama-server", cache_ram_mb=512, slot_dir=tmp_path / "slots",
    )  # fmt: skip
    command = config.command(8080)
    assert command[:4] == [sys.executable, "-m", "service.llm.local.launch", str(config.binary)]

    def flag(name: str) -> str:
        return command[command.index(name) + 1]

    assert (flag("--parallel"), flag("--ctx-size"), flag("--cache-ram")) == ("4", "16384", "512")
    assert flag("--slot-save-path") == str(tmp_path / "slots")
    assert "--metrics" in command


def test_missing_binary_names_the_build_command(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, local_server_binary=None)
    with pytest.raises(BackendUnavailable, match="make llama-server"):
        shared_server(settings, tmp_path / "m.gguf")


class _Slots(http.server.BaseHTTPRequestHandler):
    """llama-server's /slots API: slot 1 served last; slot 2 is busy."""

    actions: ClassVar[list[tuple[str, str, str]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _reply(self, body: object) -> None:
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        self._reply([
            {"id": 0, "id_task": 3, "is_processing": False},
            {"id": 1, "id_task": 9, "is_processing": False},
            {"id": 2, "id_task": 7, "is_processing": True},
            {"id": 3, "id_task": -1, "is_processing": False},
        ])  # fmt: skip

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        self.actions.append((path, query, body["filename"]))
        self._reply({})


def test_share_slot_copies_the_last_used_slot_into_the_idle_ones(tmp_path: Path) -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Slots)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    config = ServerConfig(
        model_path=tmp_path / "m.gguf", alias="x", n_ctx=512, threads=1, parallel=4,
        slot_dir=tmp_path,
    )  # fmt: skip
    server = ManagedServer(config, log_dir=tmp_path, startup_timeout_s=1)
    server._base_url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    try:
        server.share_slot()
    finally:
        httpd.shutdown()
    assert [(path, query) for path, query, _ in _Slots.actions] == [
        ("/slots/1", "action=save"), ("/slots/0", "action=restore"), ("/slots/3", "action=restore")
    ]  # fmt: skip
    assert len({name for _, _, name in _Slots.actions}) == 1
    assert list(tmp_path.glob("*.bin")) == []
