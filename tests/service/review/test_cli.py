from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.loader import load_fixture
from evals.runs import runner as eval_runner
from service.cli.main import app
from tests.evals.fakes import fake_factory
from tests.paths import SEED
from tests.service.review.conftest import SEED_EXTRACTION

runner = CliRunner()


def test_push_then_import_review_writes_a_fixture_that_eval_run_scores(
    server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pushed = runner.invoke(
        app, ["push", str(SEED_EXTRACTION), "--text", str(SEED), "--server", server_url]
    )
    assert pushed.exit_code == 0, pushed.output
    extraction_id = pushed.stdout.strip().splitlines()[0]
    assert extraction_id.startswith("ex_")
    out = tmp_path / "fixtures"
    imported = runner.invoke(
        app,
        [
            "eval",
            "import-review",
            extraction_id,
            "--out",
            str(out),
            "--server",
            server_url,
            "--fixture-id",
            "seed-reviewed",
        ],
    )
    assert imported.exit_code == 0, imported.output
    assert load_fixture(out / "seed-reviewed.yaml").fixture.id == "seed-reviewed"
    monkeypatch.setattr(eval_runner, "cached_model", fake_factory)
    scored = runner.invoke(
        app,
        ["eval", "run", "--fixtures", str(out), "--out", str(tmp_path / "run"), "--quiet"],
    )
    assert scored.exit_code == 0, scored.output
    assert "seed-reviewed" in (tmp_path / "run" / "manifest.json").read_text(encoding="utf-8")


def test_push_without_text_to_a_server_that_lacks_it_says_so(server_url: str) -> None:
    pushed = runner.invoke(app, ["push", str(SEED_EXTRACTION), "--server", server_url])
    assert pushed.exit_code == 2
    assert "send its text" in pushed.output


def test_push_to_no_server_is_one_clear_line() -> None:
    pushed = runner.invoke(app, ["push", str(SEED_EXTRACTION), "--server", "http://127.0.0.1:9"])
    assert pushed.exit_code == 1
    assert "cannot reach the server" in pushed.output
