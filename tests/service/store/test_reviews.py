"""Revisions and the review lists on both backends (JSON paths and date casts differ)."""

from __future__ import annotations

import pytest

from schemas.article import ArticleIn
from service.errors import Conflict, NotFound
from service.store.db import Database
from service.store.extractions import save_extraction
from service.store.reviews import (
    add_revision,
    latest_revision,
    list_extractions,
    readable_extraction,
    revisions,
)
from tests.service.fakes import make_result


def _save(db: Database, text: str, title: str, published_at: str) -> str:
    article = ArticleIn(text=text, id=None, title=title, published_at=published_at)
    with db.session(write=True) as session:
        return save_extraction(session, article, make_result(article)).id


@pytest.mark.parametrize(
    ("query", "date", "found"),
    [
        ("border", None, ["a"]),
        ("BORDER CLASH", None, ["a"]),
        ("50%", None, []),
        (None, "2021-11", ["a"]),
        (None, "2022", ["b"]),
        ("flood", "2021", []),
    ],
)
def test_list_searches_title_and_date(
    db: Database, query: str | None, date: str | None, found: list[str]
) -> None:
    ids = {
        "a": _save(db, "Soldiers were killed, the ministry said.", "Border clash", "2021-11-17"),
        "b": _save(db, "Rivers rose, officials said.", "Flood", "2022-03-01T10:00:00Z"),
    }
    with db.session() as session:
        page = list_extractions(session, owner=None, query=query, date=date, limit=10, cursor=None)
    assert sorted(row.id for row in page.items) == sorted(ids[k] for k in found)


def test_revisions_are_numbered_and_a_duplicate_number_conflicts(db: Database) -> None:
    ex = _save(db, "Two were hurt, police said.", "Hurt", "2021-01-01")

    def accept(author: str) -> None:
        with db.session(write=True) as session:
            add_revision(
                session,
                extraction_id=ex,
                number=1,
                action="accept",
                target="c1",
                result={},
                status={"c1": "accepted"},
                author=author,
            )

    accept("k1")
    with pytest.raises(Conflict):
        accept("k2")
    with db.session() as session:
        assert [r.author for r in revisions(session, ex)] == ["k1"]
        latest = latest_revision(session, ex)
        assert latest is not None
        assert latest.number == 1


def test_unknown_extraction_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound), db.session() as session:
        readable_extraction(session, "ex_0", None)
