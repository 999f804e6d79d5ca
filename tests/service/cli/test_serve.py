from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from service.cli.main import app
from service.store.migrate import head_revision

ROOT = Path(__file__).resolve().parents[3]


def test_db_upgrade_reports_the_revision() -> None:
    first = CliRunner().invoke(app, ["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert "was empty" in first.output
    again = CliRunner().invoke(app, ["db", "upgrade"])
    assert f"(was {head_revision()})" in again.output


def test_db_upgrade_with_a_bad_url_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENHAND_DATABASE_URL", "postgresql+psycopg://x@127.0.0.1:1/none")
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_binds_loopback_and_answers(tmp_path: Path) -> None:
    port = _port()
    env = {**os.environ, "EVENHAND_BASE_URL": "http://127.0.0.1:9/v1", "EVENHAND_MODEL": "m"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli.main", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert health.json()["status"] == "ok"
        ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
        assert ready.status_code == 503  # the configured model endpoint does not exist
        assert ready.json()["error"]["details"]["checks"]["database"] == "ok"
    finally:
        proc.terminate()
        proc.wait(15)
