from __future__ import annotations

import pytest
from sqlalchemy import func, select

from schemas.article import ArticleIn
from service.errors import InputError, NotFound
from service.store.articles import get_article_text
from service.store.db import Database
from service.store.extractions import (
    get_extraction,
    get_extractions,
    list_extractions,
    save_extraction,
)
from service.store.models import ArticleRow
from tests.service.fakes import make_result


def _save(db: Database, text: str, article_id: str | None = None, owner: str = "p") -> str:
    article = ArticleIn(text=text, id=article_id)
    with db.session(write=True) as session:
        return save_extraction(session, article, make_result(article), owner=owner).id


def test_saved_extraction_reads_back(db: Database) -> None:
    ex_id = _save(db, "Seven soldiers were killed, the ministry said.", "a1")
    with db.session() as session:
        row = get_extraction(session, ex_id, owner="p")
        assert row.article_id == "a1"
        assert row.result["article"]["id"] == "a1"
        assert get_article_text(session, row.article_sha256).startswith("Seven")


def test_same_text_is_stored_once(db: Database) -> None:
    first, second = _save(db, "Same text.", "a"), _save(db, "Same text.", "b")
    assert first != second
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ArticleRow)) == 1


def test_unknown_ids_are_not_found(db: Database) -> None:
    known = _save(db, "Known.")
    with db.session() as session, pytest.raises(NotFound) as caught:
        get_extractions(session, [known, "ex_missing"], owner="p")
    assert caught.value.details["missing"] == ["ex_missing"]


@pytest.mark.parametrize("limit", [1, 2, 3, 7])
def test_cursor_pages_cover_everything_once_newest_first(db: Database, limit: int) -> None:
    saved = [_save(db, f"Article number {n}.") for n in range(7)]
    seen: list[str] = []
    cursor = None
    with db.session() as session:
        while True:
            page = list_extractions(session, owner="p", limit=limit, cursor=cursor)
            assert len(page.items) <= limit
            seen += [row.id for row in page.items]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    assert sorted(seen) == sorted(saved)
    assert len(seen) == len(set(seen))
    assert seen[0] == saved[-1]


@pytest.mark.parametrize("cursor", ["garbage", "!!!", "W10", "WyJ4IiwgMV0"])
def test_bad_cursor_is_an_input_error(db: Database, cursor: str) -> None:
    with db.session() as session, pytest.raises(InputError, match="cursor"):
        list_extractions(session, owner="p", limit=10, cursor=cursor)


def test_another_owners_extractions_are_missing_and_unlisted(db: Database) -> None:
    mine, theirs = _save(db, "Mine.", owner="p"), _save(db, "Theirs.", owner="q")
    with db.session() as session:
        with pytest.raises(NotFound):
            get_extraction(session, theirs, owner="p")
        with pytest.raises(NotFound):
            get_extractions(session, [mine, theirs], owner="p")
        own = list_extractions(session, owner="p", limit=10, cursor=None).items
        assert [r.id for r in own] == [mine]
        everyone = list_extractions(session, owner=None, limit=10, cursor=None).items
        assert {r.id for r in everyone} == {mine, theirs}
        assert get_extraction(session, theirs, owner=None).owner == "q"
