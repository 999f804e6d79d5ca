from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli.main import app
from service.errors import TransportError
from tests.service.reconcile.builders import seed_results

runner = CliRunner()


@pytest.fixture
def results_file(tmp_path: Path) -> Path:
    path = tmp_path / "results.json"
    path.write_text(json.dumps([r.model_dump(mode="json") for r in seed_results()]))
    return path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--format", "md"], "**Figures by source**"),
        (["--format", "json"], '"summary_origin": "template"'),
    ],
)
def test_brief_from_extraction_json(results_file: Path, args: list[str], expected: str) -> None:
    outcome = runner.invoke(app, ["brief", str(results_file), "--no-model", *args])
    assert outcome.exit_code == 0, outcome.output
    assert expected in outcome.output


def test_brief_writes_output_file(results_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    outcome = runner.invoke(app, ["brief", str(results_file), "--no-model", "-o", str(target)])
    assert outcome.exit_code == 0, outcome.output
    assert target.read_text().startswith("## ")


def test_brief_from_articles_uses_extract_and_the_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import service.extract
    import service.llm.factory
    from service.llm.fake import FakeModel

    results = iter(seed_results())
    model = FakeModel([TransportError("endpoint down")])
    monkeypatch.setattr(service.llm.factory, "get_model", lambda settings: model)
    monkeypatch.setattr(service.extract, "extract", lambda article, **kw: next(results))
    articles = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path in articles:
        path.write_text("Text of an article.")
    outcome = runner.invoke(app, ["brief", *map(str, articles)])
    # The summary call fails: the template stands in, and says so.
    assert outcome.exit_code == 0, outcome.output
    assert "Summary by template" in outcome.output


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ["--no-model"], "no such file"),
        ('[{"article": {}, "meta": {}}]', ["--no-model"], "not a valid extraction result"),
        ("plain article text", ["--no-model"], "--no-model needs extraction JSON"),
        (None, ["--pipeline", "fancy"], "unknown pipeline"),
    ],
)
def test_brief_bad_input_is_one_line(
    tmp_path: Path, content: str | None, args: list[str], message: str
) -> None:
    path = tmp_path / ("in.json" if content and content.startswith("[") else "in.txt")
    if content is not None:
        path.write_text(content)
    outcome = runner.invoke(app, ["brief", str(path), *args])
    assert outcome.exit_code == 2
    assert message in outcome.output
    assert "Traceback" not in outcome.output


def test_explain_appends_every_decision_to_markdown(results_file: Path) -> None:
    outcome = runner.invoke(app, ["brief", str(results_file), "--no-model", "--explain"])
    assert outcome.exit_code == 0, outcome.output
    text = outcome.output
    assert text.index("**Checks**") < text.index("## How this briefing was reconciled")
    # the link, the non-link with the stray headline, and a source merge, each with reasons
    assert (
        "- sputnik-2021-11-17/i1 ~ caspian-2021-11-16/i1: **linked** (same event_type battles"
        in text
    )
    assert "- sputnik-2021-11-17/i2 ~ caspian-2021-11-16/i1: **not linked** (" in text
    assert "'Baku' is the capital of Azerbaijan: named as its government" in text


def test_explain_goes_to_stderr_with_json(results_file: Path) -> None:
    outcome = runner.invoke(
        app, ["brief", str(results_file), "--no-model", "--explain", "--format", "json"]
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["linking"]
    assert "**Linking decisions**" in outcome.stderr
