"""What the CLI tells a user: its version, bad settings in one line, progress on stderr (never
stdout), `--quiet`, failed runs as errors and partial ones as warnings, briefings cached."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import service
from schemas.briefing import BriefingDraft
from service.cli.main import app
from service.cli.progress import StageProgress
from service.errors import InvalidOutput
from service.llm import factory
from service.llm.fake import FakeModel
from tests.service.extract.conftest import responder

# Nine candidate sentences: two grouped claim calls, so progress has an ETA between them.
STORY = " ".join(f"The ministry said {n} soldiers were captured on Tuesday." for n in range(2, 11))
OTHER = "Rebels said 2 fighters were killed on Tuesday. The ministry said the talks failed."


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "one.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def _use(monkeypatch: pytest.MonkeyPatch, model: FakeModel) -> FakeModel:
    monkeypatch.setattr(factory, "get_model", lambda settings: model)
    return model


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"evenhand {service.__version__}\n"


@pytest.mark.parametrize(
    ("variable", "value", "fragments"),
    [
        ("EVENHAND_TEMPERATURE", "abc", ["EVENHAND_TEMPERATURE='abc'", "a number", "at most 2"]),
        ("EVENHAND_API_KEYS", "notjson", ["EVENHAND_API_KEYS='notjson'", "a JSON list"]),
        ("EVENHAND_PIPELINE", "fancy", ["EVENHAND_PIPELINE='fancy'", "one of default, baseline"]),
        ("EVENHAND_MAX_CANDIDATES", "-3", ["EVENHAND_MAX_CANDIDATES='-3'", "above 0"]),
    ],
)
def test_a_bad_setting_is_one_line_naming_variable_and_expected_value(
    monkeypatch: pytest.MonkeyPatch, story: Path, variable: str, value: str, fragments: list[str]
) -> None:
    monkeypatch.setenv(variable, value)
    result = CliRunner().invoke(app, ["extract", str(story)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("evenhand: error: ")
    for fragment in fragments:
        assert fragment in line


def test_one_article_shows_stage_progress_on_stderr_only(
    monkeypatch: pytest.MonkeyPatch, story: Path
) -> None:
    _use(monkeypatch, FakeModel(responder=responder()))
    result = CliRunner().invoke(app, ["extract", str(story)])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # nothing but the result on stdout
    lines = result.stderr.splitlines()
    # The incidents and the sentences go out together: a stage begun while the other is out
    # joins it ("incidents, claims 1/3").
    stages = [line.split(" · ")[0] for line in lines]
    assert any("incidents" in stage for stage in stages)
    assert any("claims" in stage for stage in stages)
    assert any(" · ETA " in line for line in lines)
    done, total = stages[-1].rsplit(" ", 1)[1].split("/")
    assert done == total


def test_quiet_silences_progress(monkeypatch: pytest.MonkeyPatch, story: Path) -> None:
    _use(monkeypatch, FakeModel(responder=responder()))
    result = CliRunner().invoke(app, ["extract", str(story), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_run_where_every_call_fails_exits_non_zero_in_one_line(
    monkeypatch: pytest.MonkeyPatch, story: Path
) -> None:
    _use(monkeypatch, FakeModel(responder=lambda m, msgs: InvalidOutput("prose, not JSON")))
    result = CliRunner().invoke(app, ["extract", str(story), "--quiet"])
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "no model call succeeded" in line


def test_a_partial_run_is_printed_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, story: Path
) -> None:
    answer = responder()
    calls: list[Any] = []

    def second_fails(response_model: Any, messages: Any) -> Any:
        calls.append(response_model)
        return InvalidOutput("bad") if len(calls) == 2 else answer(response_model, messages)

    _use(monkeypatch, FakeModel(responder=second_fails, max_retries=0))
    result = CliRunner().invoke(app, ["extract", str(story), "--quiet"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["meta"]["status"] == "partial"
    assert "warning: one is partial: 1 model call(s) failed" in result.stderr


def test_brief_shows_progress_and_is_instant_the_second_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = []
    for name, text in (("kestria", STORY), ("dolmar", OTHER)):
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    extraction = responder()
    draft = {
        "headline": "Ministry and rebels report losses",
        "sentences": [
            "The ministry said 13 soldiers were captured.",
            "Rebels said 2 fighters were killed.",
            "The two sides' accounts differ.",
        ],
    }

    def answer(response_model: Any, messages: Any) -> Any:
        return draft if response_model is BriefingDraft else extraction(response_model, messages)

    model = _use(monkeypatch, FakeModel(responder=answer))
    first = CliRunner().invoke(app, ["brief", *map(str, paths), "--format", "json"])
    assert first.exit_code == 0, first.output
    assert "article 1/2 kestria: incidents" in first.stderr
    assert "article 2/2 dolmar: incidents" in first.stderr
    assert "briefing: reconciling and writing the summary" in first.stderr
    assert json.loads(first.stdout)["meta"]["status"] == "complete"
    asked = len(model.requests)
    second = CliRunner().invoke(app, ["brief", *map(str, paths), "--format", "json", "-q"])
    assert second.exit_code == 0, second.output
    assert len(model.requests) == asked, "extractions and briefing both come from the cache"
    assert json.loads(second.stdout)["meta"]["cached"] is True
    assert second.stderr == ""


class _Terminal:
    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_on_a_terminal_progress_rewrites_one_line() -> None:
    now = [0.0]
    out = _Terminal()
    progress = StageProgress(stream=out, clock=lambda: now[0])  # type: ignore[arg-type]
    progress("claims", 0, 4)
    now[0] = 10.0
    progress("claims", 1, 4)
    progress.close()
    assert out.text == (
        "\r\x1b[Kclaims 0/4 · 0:00 elapsed\r\x1b[Kclaims 1/4 · 0:10 elapsed · ETA 0:30\n"
    )


def test_in_a_batch_a_failed_article_costs_itself_and_the_exit_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    corpus = tmp_path / "many.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"id": f"s{i}", "text": f"In story {i}, the ministry said 13 were hurt."})
            for i in range(3)
        ),
        encoding="utf-8",
    )
    answer = responder()

    def fail_s1(response_model: Any, messages: Any) -> Any:
        if "story 1," in messages[-1]["content"]:
            return InvalidOutput("prose, not JSON")
        return answer(response_model, messages)

    _use(monkeypatch, FakeModel(responder=fail_s1, max_retries=0))
    result = CliRunner().invoke(app, ["extract", str(corpus), "--quiet"])
    assert result.exit_code == 1
    assert [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()] == [
        "s0",
        "s2",
    ]
    assert "evenhand: error: s1: no model call succeeded" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "evenhand: error: 1 of 3 articles failed: s1"
