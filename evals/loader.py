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
from evals.problems import FixtureError, Problem
from evals.reserved import reserved_story
from evals.splits import SPLITS_FILE, Half, Selector, Split, in_group, read_splits
from evals.textnorm import fold
from service.errors import InputError
from service.text.align import locate

__all__ = ["FixtureError", "LoadedFixture", "Problem", "load_fixture", "load_fixtures"]

DEFAULT_FIXTURES_DIR = Path("evals/fixtures")
# Cross-reference checks run on the whole fixture and start their message with the field they name.
_NAMED_FIELD = re.compile(r"^([\w.\[\]]+): (.*)$", re.DOTALL)
_REAL_ID = re.compile(r"^voa-(\d+)$")


@dataclass(frozen=True)
class LoadedFixture:
    path: Path
    fixture: Fixture  # article.text is always resolved (inline)
    sha256: str  # over the YAML file and the article text, so an edit to either shows up
    split: Split

    @property
    def id(self) -> str:
        return self.fixture.id


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


def _reserved_problem(path: Path, data: dict[str, Any], text: str | None) -> Problem | None:
    article = data.get("article")
    text_file = article.get("text_file") if isinstance(article, dict) else None
    names = [str(data.get("id")), path.name, text_file if isinstance(text_file, str) else None]
    story = reserved_story(*names, text=text)
    if story is None:
        return None
    return Problem(
        path,
        "article",
        f"story {story} is reserved for independent evaluation: never label or run it",
    )


def _split_problems(
    path: Path, fixture_id: str, text_file: object, halves: dict[str, Half] | None
) -> tuple[Split, list[Problem]]:
    """The fixture's split, and what is wrong with its real-news identity, if anything."""
    if halves is None:
        return "invented", []
    problems = []
    if _REAL_ID.match(fixture_id) is None:
        problems.append(Problem(path, "id", "a real fixture's id is 'voa-<story id>'"))
    elif isinstance(text_file, str) and Path(text_file).name != f"{fixture_id}.txt":
        reason = f"a real fixture reads its own story's text, '{fixture_id}.txt'"
        problems.append(Problem(path, "article.text_file", reason))
    half = halves.get(fixture_id)
    if half is None:
        reason = f"real fixture {fixture_id!r} is in neither dev nor test of {SPLITS_FILE}"
        problems.append(Problem(path, "id", reason))
        return "real-dev", problems
    return ("real-dev" if half == "dev" else "real-test"), problems


def load_fixture(path: Path, halves: dict[str, Half] | None = None) -> LoadedFixture:
    """Load one fixture file; raises `FixtureError` listing every problem found.

    `halves` is its folder's splits file (read here when not given): a fixture there is real.
    """
    if halves is None and (path.parent / SPLITS_FILE).is_file():
        halves = read_splits(path.parent)
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
    if reserved := _reserved_problem(path, data, None):
        raise FixtureError([reserved])
    article = data.get("article")
    if isinstance(article, dict):
        text = _read_text(path, article)
        if isinstance(text, Problem):
            raise FixtureError([text])
        if reserved := _reserved_problem(path, data, text):
            raise FixtureError([reserved])
        data = {**data, "article": {**article, "text": text, "text_file": None}}
    try:
        fixture = Fixture.model_validate(data)
    except ValidationError as exc:
        raise FixtureError(_validation_problems(path, exc)) from None
    problems = _evidence_problems(path, fixture) + _contested_problems(path, fixture)
    if path.stem != fixture.id:
        problems.append(Problem(path, "id", f"file must be named '{fixture.id}.yaml'"))
    text_file = article.get("text_file") if isinstance(article, dict) else None
    split, split_problems = _split_problems(path, fixture.id, text_file, halves)
    problems += split_problems
    if problems:
        raise FixtureError(problems)
    digest = hashlib.sha256(raw + b"\0" + fixture.text.encode("utf-8")).hexdigest()
    return LoadedFixture(path=path, fixture=fixture, sha256=digest, split=split)


def fixture_paths(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError(f"fixtures folder not found: {folder}")
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".yml") and p.name != SPLITS_FILE and p.is_file()
    )


def collect(paths: Sequence[Path]) -> tuple[list[LoadedFixture], list[Problem]]:
    """Load every file of `paths`; returns what loaded and every problem (duplicate ids too)."""
    loaded: list[LoadedFixture] = []
    problems: list[Problem] = []
    first_file: dict[str, Path] = {}
    splits: dict[Path, dict[str, Half] | None] = {}
    for path in paths:
        folder = path.parent
        if folder not in splits:
            splits[folder] = None
            if (folder / SPLITS_FILE).is_file():
                try:
                    splits[folder] = read_splits(folder)
                except FixtureError as exc:
                    problems.extend(exc.problems)
                    splits[folder] = {}
        try:
            item = load_fixture(path, splits[folder])
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
    return loaded, problems


def load_fixtures(
    folder: Path,
    *,
    ids: Sequence[str] | None = None,
    limit: int | None = None,
    split: Selector | None = None,
) -> list[LoadedFixture]:
    """Every fixture under `folder` (recursively), checked; all problems are reported at once.

    `split` keeps one split (`real` keeps both real halves); `ids` and `limit` apply after it.
    """
    paths = fixture_paths(folder)
    if not paths:
        raise InputError(f"no fixtures (*.yaml) in {folder}")
    loaded, problems = collect(paths)
    if problems:
        raise FixtureError(problems)
    if split is not None:
        loaded = [item for item in loaded if in_group(split, item.split)]
        if not loaded:
            raise InputError(f"no {split} fixtures in {folder}")
    if ids:
        known = {item.id for item in loaded}
        missing = sorted(set(ids) - known)
        if missing:
            where = f"{split} fixtures of {folder}" if split else str(folder)
            raise InputError(f"no fixture with id {', '.join(missing)} in {where}")
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
