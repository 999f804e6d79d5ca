"""Workers as separate processes: a SIGKILLed worker's job completes after a restart, and two
workers sharing one PostgreSQL never do an item twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from schemas.article import ArticleIn
from service.jobs.tasks import article_ref
from service.store.articles import put_article
from service.store.db import Database
from service.store.jobs import NewItem, create_job, get_job, job_items
from service.store.models import ExtractionRow
from tests.service.database import BACKENDS

ROOT = Path(__file__).resolve().parents[3]
Spawn = Callable[[float], subprocess.Popen[bytes]]


def _submit(db: Database, n: int, concurrency: int) -> str:
    articles = [
        ArticleIn(text=f"Report {i}: three people were injured.", id=f"a{i}") for i in range(n)
    ]
    with db.session(write=True) as session:
        for article in articles:
            put_article(session, article)
        items = [
            NewItem("extract", {"article": article_ref(a), "pipeline": "default"}) for a in articles
        ]
        return create_job(
            session,
            kind="extract",
            items=items,
            principal="t",
            pipeline="default",
            concurrency=concurrency,
        ).id


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _status(db: Database, job_id: str) -> str:
    with db.session() as session:
        return get_job(session, job_id, owner=None).status


@pytest.fixture
def spawn(db_url: str, tmp_path: Path) -> Iterator[Spawn]:
    procs: list[subprocess.Popen[bytes]] = []
    env = {
        **os.environ,
        "EVENHAND_DATABASE_URL": db_url,
        "EVENHAND_DATA_DIR": str(tmp_path / "worker-data"),
        "EVENHAND_JOB_LEASE_S": "1.0",
        "EVENHAND_WORKER_POLL_S": "0.05",
        "EVENHAND_WORKER_CONCURRENCY": "2",
        "EVENHAND_RESULT_CACHE": "false",
        "PYTHONPATH": str(ROOT),
    }

    def start(delay_s: float) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.service.jobs.worker_process",
                str(tmp_path / "log"),
                str(delay_s),
            ],
            cwd=ROOT,
            env=env,
        )
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.mark.parametrize("db_url", BACKENDS, indirect=True)
def test_killed_worker_job_completes_after_restart(
    db: Database, spawn: Spawn, tmp_path: Path
) -> None:
    job_id = _submit(db, 4, concurrency=1)
    log = tmp_path / "log"
    first = spawn(0.3)
    _wait(lambda: len(_lines(log)) >= 2, 60, "the first worker to start its second item")
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_on = _lines(log)[-1].split()[1]
    assert _status(db, job_id) == "running"

    spawn(0.0)
    _wait(lambda: _status(db, job_id) == "completed", 60, "the restarted worker to finish the job")
    with db.session() as session:
        items = {i.payload["article"]["meta"]["id"]: i for i in job_items(session, job_id)}
        assert {i.status for i in items.values()} == {"done"}
        assert items[killed_on].attempts == 2
        assert session.query(ExtractionRow).count() == 4


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_two_workers_on_postgres_never_do_an_item_twice(
    db: Database, spawn: Spawn, tmp_path: Path
) -> None:
    job_id = _submit(db, 24, concurrency=8)
    a, b = spawn(0.02), spawn(0.02)
    _wait(lambda: _status(db, job_id) == "completed", 90, "two workers to finish the job")
    runs = [line.split() for line in _lines(tmp_path / "log")]
    per_article = Counter(article for _, article in runs)
    assert len(per_article) == 24
    assert set(per_article.values()) == {1}, per_article
    assert {pid for pid, _ in runs} == {str(a.pid), str(b.pid)}, "both workers should take items"
    with db.session() as session:
        items = job_items(session, job_id)
        assert {i.status for i in items} == {"done"}
        assert {i.attempts for i in items} == {1}
        assert session.query(ExtractionRow).count() == 24
