"""A run folder: ``run.sqlite`` (the record `rescore`, `compare` and `report` read) plus the same
content as JSON files for people and diffs::

    RUN_DIR/manifest.json          how the run was made (git, config, versions, fixture hashes)
    RUN_DIR/records/<fixture>.json the fixture as scored, the predicted result or the error
    RUN_DIR/scores.json            per-fixture and aggregate (micro, macro) scores
    RUN_DIR/run.sqlite             all of the above

Each record keeps a copy of its fixture (text inline), so a run can be reported and rescored
after the fixture files move or change. Only the calling thread writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evals.gold import Fixture
from evals.metrics.contested import PredictedContested
from evals.metrics.score import FixtureScore
from evals.runs.config import RunConfig
from evals.splits import Split
from schemas.result import ExtractionResult
from service.errors import InputError, StoreError

M = TypeVar("M", bound=BaseModel)
DB_NAME = "run.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS manifest (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (fixture_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS scores (fixture_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS aggregate (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
"""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GitInfo(_Strict):
    commit: str | None = Field(description="HEAD commit of the checkout, or null outside git.")
    dirty: bool | None = Field(description="True when the checkout had uncommitted changes.")


class Manifest(_Strict):
    run_id: str = Field(description="Unique id of the run.")
    label: str = Field(description="Configuration name.")
    config: RunConfig = Field(description="The configuration as given.")
    resolved: dict[str, str | None] = Field(
        description="Model, backend, pipeline and prompt version actually used."
    )
    git: GitInfo = Field(description="Code version.")
    python: str = Field(description="Python version.")
    packages: dict[str, str | None] = Field(description="Versions of the packages that matter.")
    fixtures_dir: str = Field(description="Folder the fixtures were read from.")
    fixtures: dict[str, str] = Field(description="Fixture id -> sha256 of its file and text.")
    started_at: str = Field(description="UTC start time, ISO 8601.")
    finished_at: str | None = Field(default=None, description="UTC end time, ISO 8601.")
    rescored_at: str | None = Field(default=None, description="Last rescore, ISO 8601.")
    model_cache: dict[str, int] | None = Field(
        default=None, description="Response-cache hits and misses (hits cost no tokens)."
    )
    failure: str | None = Field(
        default=None,
        description="Why the configuration failed (its scores mean nothing); null: ran.",
    )


class ErrorInfo(_Strict):
    type: str = Field(description="Exception class.")
    code: str | None = Field(description="EvenhandError code, or null for an unexpected error.")
    message: str = Field(description="One-line message.")

    def __str__(self) -> str:
        return f"{self.code or self.type}: {self.message}"


class CheckOutcome(_Strict):
    name: str = Field(description="Briefing check name.")
    passed: bool = Field(description="Whether it passed.")
    reasons: list[str] = Field(default_factory=list, description="Failures, if any.")


class RunRecord(_Strict):
    fixture_id: str = Field(description="Fixture id.")
    fixture_sha256: str = Field(description="Hash of the fixture as run.")
    split: Split | None = Field(default=None, description="invented, real-dev or real-test.")
    fixture: Fixture = Field(description="The fixture as run (text inline).")
    result: ExtractionResult | None = Field(description="Predicted result; null on failure.")
    error: ErrorInfo | None = Field(default=None, description="Why it failed, if it did.")
    contested: list[PredictedContested] | None = Field(
        default=None, description="Disputed figures the system reported; null: not produced."
    )
    briefing_checks: list[CheckOutcome] | None = Field(
        default=None, description="Briefing check outcomes; null: no briefing built."
    )
    wall_s: float = Field(ge=0, description="Wall time for this fixture (extract + briefing).")
    notes: list[str] = Field(default_factory=list, description="Non-fatal problems of the run.")


class Aggregate(_Strict):
    fixtures: int = Field(description="Fixtures scored.")
    failed: int = Field(description="Fixtures that failed.")
    micro: dict[str, float | None] = Field(description="Counts summed over fixtures.")
    macro: dict[str, float | None] = Field(description="Per-fixture values averaged.")
    groups: dict[str, Aggregate] = Field(
        default_factory=dict,
        description="The same per group of fixtures (real-test, real-dev, real, invented).",
    )

    def group(self, name: str) -> Aggregate | None:
        """The aggregate over one group of fixtures; `all` is this one."""
        return self if name == "all" else self.groups.get(name)


class RunStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = folder / DB_NAME

    @classmethod
    def create(cls, folder: Path) -> RunStore:
        """A fresh run in `folder`; an earlier run there is replaced (responses stay cached)."""
        store = cls(folder)
        try:
            (folder / "records").mkdir(parents=True, exist_ok=True)
            for old in (folder / "records").glob("*.json"):
                old.unlink()
            store.db.unlink(missing_ok=True)
        except OSError as exc:
            raise InputError(f"cannot prepare run folder {folder}: {exc.strerror}") from None
        with store._connect() as db:
            db.executescript(_SCHEMA)
        return store

    @classmethod
    def open(cls, folder: Path) -> RunStore:
        store = cls(folder)
        if not store.db.is_file():
            raise InputError(f"{folder} is not a run folder (no {DB_NAME})")
        return store

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            with closing(sqlite3.connect(self.db)) as db, db:
                yield db
        except sqlite3.Error as exc:
            raise StoreError(f"{self.db}: {exc}") from None

    def _write_json(self, name: str, model: BaseModel | dict[str, object]) -> None:
        text = (
            model.model_dump_json(indent=2)
            if isinstance(model, BaseModel)
            else json.dumps(model, indent=2, ensure_ascii=False)
        )
        (self.folder / name).write_text(text + "\n", encoding="utf-8")

    def _one(self, sql: str) -> str:
        with self._connect() as db:
            row = db.execute(sql).fetchone()
        if row is None:
            raise InputError(f"{self.folder}: incomplete run (nothing in {sql.split()[-1]})")
        return str(row[0])

    def _all(self, table: str) -> list[str]:
        with self._connect() as db:
            return [str(r[0]) for r in db.execute(f"SELECT json FROM {table} ORDER BY fixture_id")]

    def _parse(self, model: type[M], raw: str) -> M:
        try:
            return model.model_validate_json(raw)
        except ValidationError as exc:
            raise StoreError(f"{self.db}: unreadable {model.__name__}: {exc}") from None

    def put_manifest(self, manifest: Manifest) -> None:
        raw = manifest.model_dump_json()
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO manifest (id, json) VALUES (1, ?)", (raw,))
        self._write_json("manifest.json", manifest)

    def manifest(self) -> Manifest:
        return self._parse(Manifest, self._one("SELECT json FROM manifest"))

    def put_record(self, record: RunRecord) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO records (fixture_id, json) VALUES (?, ?)",
                (record.fixture_id, record.model_dump_json()),
            )
        self._write_json(f"records/{record.fixture_id}.json", record)

    def records(self) -> list[RunRecord]:
        return [self._parse(RunRecord, raw) for raw in self._all("records")]

    def put_scores(self, scores: Sequence[FixtureScore], aggregate: Aggregate) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM scores")
            db.executemany(
                "INSERT INTO scores (fixture_id, json) VALUES (?, ?)",
                [(s.fixture_id, s.model_dump_json()) for s in scores],
            )
            db.execute(
                "INSERT OR REPLACE INTO aggregate (id, json) VALUES (1, ?)",
                (aggregate.model_dump_json(),),
            )
        self._write_json(
            "scores.json",
            {
                "aggregate": aggregate.model_dump(),
                "fixtures": [s.model_dump(exclude={"matches"}) for s in scores],
            },
        )

    def scores(self) -> list[FixtureScore]:
        return [self._parse(FixtureScore, raw) for raw in self._all("scores")]

    def aggregate(self) -> Aggregate:
        return self._parse(Aggregate, self._one("SELECT json FROM aggregate"))
