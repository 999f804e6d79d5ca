"""Load and check a folder of fixtures; every problem names the file, the field path and why.

A bad fixture must stop a run before any model is called: a label that cannot be scored would
otherwise turn into a silent zero (or a silent one) in the results.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from evals.gold import KEBAB_ID, Fixture
from evals.textnorm import fold
from service.errors import InputError
from service.text.align import locate

DEFAULT_FIXTURES_DIR = Path("evals/fixtures")
# Cross-reference checks run on the whole fixture and start their message with the field they name.
_NAMED_FIELD = re.compile(r"^([\w.\[\]]+): (.*)$", re.DOTALL)


@dataclass(frozen=True)
class LoadedFixture:
    path: Path
    fixture: Fixture  # article.text is always resolved (inline)
    sha256: str  # over the YAML file and the article text, so an edit to either shows up

    @property
    def id(self) -> str:
        return self.fixture.id


@dataclass(frozen=True)
class Problem:
    file: Path
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field or '(top level)'}: {self.reason}"


class FixtureError(InputError):
    """One or more fixtures are invalid; `problems` lists each (file, field path, reason)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} fixture problem(s):\n{lines}")
        self.problems = list(problems)


def field_path(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validation_problems(path: Path, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        reason = str(err["msg"]).removeprefix("Value error, ")
        where = field_path(err["loc"])
        if not where and (named := _NAMED_FIELD.match(reason)):
            where, reason = named.groups()
        problems.append(Problem(path, where, reason))
    return problems


def _read_text(path: Path, article: dict[str, Any]) -> str | Problem:
    name = article.get("text_file")
    if name is not None and article.get("text") is not None:
        return Problem(path, "article", "give exactly one of 'text' and 'text_file'")
    if not isinstance(name, str):
        text = article.get("text")
        return text if isinstance(text, str) else Problem(path, "article.text", "missing")
    text_path = path.parent / name
    try:
        return text_path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return Problem(path, "article.text_file", f"no such file: {text_path}")
    except UnicodeDecodeError as exc:
        return Problem(path, "article.text_file", f"{text_path} is not UTF-8 ({exc.reason})")
    except OSError as exc:
        return Problem(path, "article.text_file", f"cannot read {text_path}: {exc.strerror}")


def _evidence_problems(path: Path, fixture: Fixture) -> list[Problem]:
    text = fixture.text
    problems = []
    for i, claim in enumerate(fixture.claims):
        for j, quote in enumerate(claim.evidence):
            if quote in text:
                continue
            near = locate(quote, text)
            reason = (
                f"not a verbatim substring of the article text: {quote!r}"
                if near is None
                else f"not verbatim ({near.method} match only); the article reads {near.text!r}"
            )
            problems.append(Problem(path, f"claims[{i}].evidence[{j}]", reason))
    return problems


def _contested_problems(path: Path, fixture: Fixture) -> list[Problem]:
    # A contested value whose source is not a claim source cannot be checked against anything.
    known = {fold(n) for claim in fixture.claims for n in claim.source.names}
    return [
        Problem(
            path,
            f"contested[{i}].values[{j}].source",
            f"{value.source!r} is not the name or alias of any claim's source",
        )
        for i, entry in enumerate(fixture.contested)
        for j, value in enumerate(entry.values)
        if fold(value.source) not in known
    ]


def load_fixture(path: Path) -> LoadedFixture:
    """Load one fixture file; raises `FixtureError` listing every problem found."""
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw.decode("utf-8"))
    except FileNotFoundError:
        raise FixtureError([Problem(path, "", "no such file")]) from None
    except UnicodeDecodeError as exc:
        raise FixtureError([Problem(path, "", f"not UTF-8 ({exc.reason})")]) from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"line {where.line + 1}" if where is not None else ""
        raise FixtureError([Problem(path, line, f"invalid YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise FixtureError([Problem(path, "", "a fixture is a YAML mapping")])
    article = data.get("article")
    if isinstance(article, dict):
        text = _read_text(path, article)
        if isinstance(text, Problem):
            raise FixtureError([text])
        data = {**data, "article": {**article, "text": text, "text_file": None}}
    try:
        fixture = Fixture.model_validate(data)
    except ValidationError as exc:
        raise FixtureError(_validation_problems(path, exc)) from None
    problems = _evidence_problems(path, fixture) + _contested_problems(path, fixture)
    if path.stem != fixture.id:
        problems.append(Problem(path, "id", f"file must be named '{fixture.id}.yaml'"))
    if problems:
        raise FixtureError(problems)
    digest = hashlib.sha256(raw + b"\0" + fixture.text.encode("utf-8")).hexdigest()
    return LoadedFixture(path=path, fixture=fixture, sha256=digest)


def fixture_paths(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError(f"fixtures folder not found: {folder}")
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_fixtures(
    folder: Path, *, ids: Sequence[str] | None = None, limit: int | None = None
) -> list[LoadedFixture]:
    """Every fixture under `folder` (recursively), checked; all problems are reported at once."""
    paths = fixture_paths(folder)
    if not paths:
        raise InputError(f"no fixtures (*.yaml) in {folder}")
    loaded: list[LoadedFixture] = []
    problems: list[Problem] = []
    first_file: dict[str, Path] = {}
    for path in paths:
        try:
            item = load_fixture(path)
        except FixtureError as exc:
            problems.extend(exc.problems)
            continue
        if item.id in first_file:
            problems.append(
                Problem(
                    path, "id", f"duplicate fixture id {item.id!r} (also in {first_file[item.id]})"
                )
            )
            continue
        first_file[item.id] = path
        loaded.append(item)
    if problems:
        raise FixtureError(problems)
    if ids:
        missing = sorted(set(ids) - set(first_file))
        if missing:
            raise InputError(f"no fixture with id {', '.join(missing)} in {folder}")
        loaded = [item for item in loaded if item.id in set(ids)]
    return loaded[:limit] if limit is not None else loaded


def write_fixture(content: str, folder: Path) -> Path:
    """Write one fixture file (YAML text) as `<id>.yaml` under `folder` and check it loads;
    a fixture that does not load is removed again and its problems raised."""
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        raise InputError(f"not a fixture (invalid YAML): {exc}") from None
    fixture_key = data.get("id") if isinstance(data, dict) else None
    if not isinstance(fixture_key, str) or not KEBAB_ID.match(fixture_key):
        raise InputError("not a fixture: no kebab-case 'id'")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{fixture_key}.yaml"
    path.write_text(content, encoding="utf-8")
    try:
        load_fixture(path)
    except FixtureError:
        path.unlink()
        raise
    return path
