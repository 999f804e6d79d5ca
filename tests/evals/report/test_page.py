"""The HTML report: every fixture present, well-formed, self-contained, article text escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from evals.report.page import load_run, render_report, write_report
from evals.runs.config import RunConfig
from evals.runs.runner import default_backends, execute, plan_run
from service.config import Settings
from service.errors import InputError
from tests.evals.conftest import DATA
from tests.evals.fakes import fake_factory

HOSTILE = """format: 1
id: hostile
article:
  title: "<script>alert(1)</script>"
  text: |
    Rebels said <b>10</b> police were killed & "nobody" <script>alert('x')</script> survived.
incidents: []
claims:
  - incident: null
    source: {name: "Rebels <i>", type: armed_group}
    kind: casualty_report
    statement: "Ten police killed."
    evidence: "Rebels said <b>10</b> police were killed"
"""

_VOID = {"meta", "br", "wbr", "rect", "img", "input", "link", "hr"}


class _Checker(HTMLParser):
    """Counts elements, ids and external references; checks tags nest."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.external: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for key in ("src", "href"):
            value = found.get(key)
            if value and not value.startswith("#"):
                self.external.append(value)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        assert self.stack[-1:] == [tag], f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


@pytest.fixture
def runs(tmp_path: Path, settings: Settings) -> list[Path]:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for name in ("clash-north.yaml", "clash-north.txt", "flood-delta.yaml"):
        (fixtures / name).write_bytes((DATA / name).read_bytes())
    (fixtures / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    plans = [
        plan_run(RunConfig(label=p, fixtures=fixtures, pipeline=p), tmp_path / p, settings)
        for p in ("default", "baseline")
    ]
    outcomes = execute(plans, backends=default_backends(fake_factory), quiet=True)
    return [o.folder for o in outcomes]


def test_report_has_every_fixture_and_parses(runs: list[Path], tmp_path: Path) -> None:
    out = write_report(runs, tmp_path / "report" / "index.html")
    html = out.read_text(encoding="utf-8")
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == []
    assert {"fx-clash-north", "fx-flood-delta", "fx-hostile"} <= checker.ids
    assert checker.external == []  # self-contained: only in-page anchors
    assert "svg" in checker.tags
    assert "script" not in checker.tags
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<i>" not in html
    assert "<b>10</b>" not in html
    assert "Rebels said &lt;b&gt;10&lt;/b&gt;" in html
    for label in ("default", "baseline"):
        assert label in html


def test_same_label_twice_is_told_apart_by_folder(runs: list[Path]) -> None:
    view = load_run(runs[0])
    html = render_report([view, view])
    assert f"default ({runs[0]})" in html


def test_no_runs_is_an_error() -> None:
    with pytest.raises(InputError):
        render_report([])
