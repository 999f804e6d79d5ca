"""`evenhand eval ...` end to end with a FakeModel behind the real extraction pipelines."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.runs import runner
from service.cli.main import app
from tests.evals.conftest import DATA
from tests.evals.fakes import fake_factory

cli = CliRunner()


@pytest.fixture(autouse=True)
def _fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "cached_model", fake_factory)


def _run(tmp_path: Path, pipeline: str) -> Path:
    out = tmp_path / pipeline
    result = cli.invoke(
        app,
        ["eval", "run", "--fixtures", str(DATA), "--pipeline", pipeline, "--out", str(out),
         "--quiet"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "claims.f1" in result.output
    return out


def test_check_fixtures(tmp_path: Path) -> None:
    ok = cli.invoke(app, ["eval", "check-fixtures", str(DATA)])
    assert ok.exit_code == 0
    assert "2 fixture(s)" in ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: bad\narticle: {text: hi}\nincidents: [{key: x}]\n")
    refused = cli.invoke(app, ["eval", "check-fixtures", str(tmp_path)])
    assert refused.exit_code == 1
    assert f"{bad}: incidents[0].title: Field required" in refused.output
    assert "Traceback" not in refused.output


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        # baseline (the fake returns gold figures) vs default (the fake gives no figures)
        (["--metric", "figures.f1"], 1, "figures.f1 regressed"),
        (["--metric", "figures.f1", "--max-drop", "1.0"], 0, "figures.f1"),
        (["--metric", "cost.calls"], 1, "cost.calls regressed"),
        ([], 0, "claims.f1"),
        (["--metric", "nonsense"], 2, "no metric 'nonsense'"),  # input error, not a regression
    ],
)
def test_compare_exit_codes(tmp_path: Path, args: list[str], code: int, text: str) -> None:
    base, cand = _run(tmp_path, "baseline"), _run(tmp_path, "default")
    result = cli.invoke(app, ["eval", "compare", str(base), str(cand), *args])
    assert result.exit_code == code, result.output
    assert text in result.output


def test_compare_improvement_passes(tmp_path: Path) -> None:
    base, cand = _run(tmp_path, "default"), _run(tmp_path, "baseline")
    result = cli.invoke(app, ["eval", "compare", str(base), str(cand), "--metric", "figures.f1"])
    assert result.exit_code == 0, result.output


def test_rescore_and_report(tmp_path: Path) -> None:
    run = _run(tmp_path, "baseline")
    rescored = cli.invoke(app, ["eval", "rescore", str(run)])
    assert rescored.exit_code == 0, rescored.output
    assert "2 fixture(s) rescored, 0 failed" in rescored.output
    html = tmp_path / "report.html"
    made = cli.invoke(app, ["eval", "report", str(run), "--html", str(html)])
    assert made.exit_code == 0, made.output
    assert "fx-clash-north" in html.read_text(encoding="utf-8")


def test_sweep_writes_runs_index_and_report(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(
        f"name: t\nfixtures: {DATA}\nout: out\nmodels: [{{name: fake}}]\n"
        "pipelines: [baseline, default]\nconcurrency: 2\n"
    )
    result = cli.invoke(app, ["eval", "sweep", str(sweep), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "sweep.json").is_file()
    assert (tmp_path / "out" / "report.html").is_file()
    assert (tmp_path / "out" / "fake-default-v4" / "run.sqlite").is_file()


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["eval", "rescore", "nowhere"], "not a run folder"),
        (["eval", "report", "nowhere", "--html", "x.html"], "not a run folder"),
        (["eval", "run", "--fixtures", "nowhere", "--out", "o"], "fixtures folder not found"),
        (
            ["eval", "run", "--fixtures", str(DATA), "--out", "o", "--pipeline", "x"],
            "unknown pipeline",
        ),
        (["eval", "sweep", "missing.yaml"], "no such sweep file"),
    ],
)
def test_user_errors_are_one_line(args: list[str], text: str) -> None:
    result = cli.invoke(app, args)
    assert result.exit_code != 0
    assert text in result.output
    assert "Traceback" not in result.output
