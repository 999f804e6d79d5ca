from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.errors import InputError
from service.io.articles import load_articles

CORPUS_LINE = {
    "id": "9000011", "url": "https://www.voanews.com/a/x/9000011.html", "section": "Middle East",
    "title": "A title", "author": "A. Writer", "published": "2025-03-14 20:30:26Z",
    "keywords": "Iraq", "text": "Officials said the leader was killed.",
}  # fmt: skip


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_txt_is_the_article_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "story-1.txt", "\ufeffSeven soldiers were killed.\n")
    [article] = load_articles([path])
    assert article.text == "Seven soldiers were killed.\n"
    assert (article.id, article.title) == ("story-1", None)


def test_json_object_and_list(tmp_path: Path) -> None:
    one = {"text": "Body.", "title": "T", "publisher": "P", "published_at": "2024-01-01",
           "url": "u", "id": "a1", "unknown": "ignored"}  # fmt: skip
    path = _write(tmp_path, "one.json", json.dumps(one))
    [article] = load_articles([path])
    assert (article.id, article.title, article.publisher) == ("a1", "T", "P")
    many = _write(tmp_path, "many.json", json.dumps([{"text": "A."}, {"text": "B."}]))
    assert [a.text for a in load_articles([many])] == ["A.", "B."]


def test_jsonl_in_corpus_shape(tmp_path: Path) -> None:
    lines = [CORPUS_LINE, {**CORPUS_LINE, "id": "2"}, {**CORPUS_LINE, "id": 3}]
    path = _write(tmp_path, "c.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    articles = list(load_articles([path]))
    assert [a.id for a in articles] == ["9000011", "2", "3"]
    first = articles[0]
    assert first.published_at == "2025-03-14T20:30:26Z"
    assert (first.title, first.url, first.publisher) == ("A title", CORPUS_LINE["url"], None)


def test_ids_and_limit_select_stories(tmp_path: Path) -> None:
    lines = [{**CORPUS_LINE, "id": str(i)} for i in range(5)]
    path = _write(tmp_path, "c.jsonl", "\n".join(json.dumps(x) for x in lines))
    assert [a.id for a in load_articles([path], ids=["3", "1"])] == ["1", "3"]
    assert [a.id for a in load_articles([path], limit=2)] == ["0", "1"]
    assert [a.id for a in load_articles([path], ids=["4", "2"], limit=1)] == ["2"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "missing.txt: no such file"),
        ("empty.txt", "  \n", "empty.txt: file is empty"),
        ("binary.txt", b"\x89PNG\x00\x00\x01", "looks binary"),
        ("latin1.txt", "Caf\xe9 story".encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 3)"),
        ("bad.jsonl", '{"text": "ok"}\n{"text": oops}\n', "bad.jsonl:2: not valid JSON"),
        ("bad.json", '{\n"text": }', "bad.json:2: not valid JSON"),
        ("notext.json", '{"title": "x"}', "no 'text' field"),
        ("scalar.jsonl", "42\n", "expected a JSON object"),
        ("long-title.json", json.dumps({"text": "x", "title": "t" * 2000}), "title"),
        ("blank.json", json.dumps({"text": "   "}), "article text is empty"),
    ],
)
def test_user_errors_name_the_file(
    tmp_path: Path, name: str, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / name if content is None else _write(tmp_path, name, content)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(load_articles([path]))


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        list(load_articles([tmp_path]))


def test_too_long_and_unknown_ids(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", "x" * 50)
    with pytest.raises(InputError, match="50 characters; the limit is 10"):
        list(load_articles([path], max_chars=10))
    with pytest.raises(InputError, match="no article with id nope"):
        list(load_articles([path], ids=["nope"]))
