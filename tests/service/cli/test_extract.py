"""`evenhand extract` through typer's CliRunner, with the model factory replaced by a fake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli.main import app
from service.llm import factory
from service.llm.fake import FakeModel
from tests.service.extract.conftest import responder

STORY = "The ministry said 13 soldiers were captured on Tuesday. Officials said talks continue."


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeModel:
    model = FakeModel(responder=responder())
    monkeypatch.setattr(factory, "get_model", lambda settings: model)
    return model


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    one = tmp_path / "one.txt"
    one.write_text(STORY, encoding="utf-8")
    many = tmp_path / "many.jsonl"
    many.write_text(
        "\n".join(json.dumps({"id": f"s{i}", "text": f"{STORY} Story {i}."}) for i in range(3)),
        encoding="utf-8",
    )
    return [one, many]


def test_one_article_prints_one_json_object(fake: FakeModel, files: list[Path]) -> None:
    result = CliRunner().invoke(app, ["extract", str(files[0])])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article"]["id"] == "one"
    assert data["claims"][0]["figures"][0]["low"] == 13


def test_several_articles_print_json_lines(fake: FakeModel, files: list[Path]) -> None:
    result = CliRunner().invoke(app, ["extract", str(files[1]), "--ids", "s0,s2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ["s0", "s2"]


def test_stream_prints_each_claim_then_the_result(fake: FakeModel, files: list[Path]) -> None:
    result = CliRunner().invoke(app, ["extract", str(files[1]), "--ids", "s0,s1", "--stream"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.strip().splitlines()]
    results = [n for n, e in enumerate(events) if e["type"] == "result"]
    assert len(results) == 2
    spans = [(0, results[0]), (results[0] + 1, results[1])]
    for article, (start, end) in zip(("s0", "s1"), spans, strict=True):
        assert events[end]["result"]["article"]["id"] == article
        claims = events[start:end]
        assert {(e["type"], e["article"]) for e in claims} == {("claim", article)}
        assert len(claims) == len(events[end]["result"]["claims"])
    assert events[results[0]]["result"]["claims"][0]["figures"][0]["low"] == 13


def test_stream_is_json_lines_only(fake: FakeModel, files: list[Path]) -> None:
    result = CliRunner().invoke(app, ["extract", str(files[0]), "--stream", "--format", "md"])
    assert result.exit_code != 0
    assert "--stream" in result.stderr


def test_markdown_groups_claims_by_source(fake: FakeModel, files: list[Path]) -> None:
    result = CliRunner().invoke(app, ["extract", str(files[0]), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "## Claims by source" in result.stdout
    assert "### Defence Ministry (military, Armenia)" in result.stdout
    assert "captured 13 (Armenia soldiers)" in result.stdout


def test_out_writes_one_file_per_article(
    fake: FakeModel, files: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["extract", *map(str, files), "--out", str(out), "--limit", "2"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["one.json", "s0.json"]
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "missing.txt: no such file"),
        (["{one}", "--format", "xml"], "--format must be json or md"),
        (["{one}", "--pipeline", "fancy"], "--pipeline must be default or baseline"),
        (["{one}", "--ids", "nope"], "no article with id nope"),
        (["{one}", "--out", "{one}"], "exists and is not a directory"),
    ],
)
def test_user_errors_end_with_one_line(
    fake: FakeModel, files: list[Path], args: list[str], message: str
) -> None:
    argv = [a.replace("{one}", str(files[0])) for a in args]
    result = CliRunner().invoke(app, ["extract", *argv])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
