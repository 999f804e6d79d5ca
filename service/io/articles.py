"""Articles from files: plain text, one JSON article, or JSON Lines in the corpus shape.

- ``.json``: ``{"text", "title", "publisher", "published_at", "url", "id"}`` (or a list of them);
  unknown keys are ignored, ``text`` is required.
- ``.jsonl``: one such object per line; the corpus shape (id, url, section, title, author,
  published, keywords, text) works as is: ``published`` is read as ``published_at``.
- anything else: the file is the article text; its id is the file name without extension.

Every problem a user can cause (missing file, a directory, empty or binary file, not UTF-8,
bad JSON, text too long, an unknown id) is an `InputError` whose one line names the file and,
for JSON Lines, the line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schemas.article import ArticleIn
from service.errors import InputError

_FIELDS = ("text", "title", "publisher", "published_at", "url", "id")
_SPACE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})")


def _read_text(path: Path) -> str:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; pass the article files inside it")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise InputError(f"{path}: file is empty")
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path}: looks binary (NUL bytes); an article must be UTF-8 text")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg'].removeprefix('Value error, ')}" if where else first["msg"]


def _article(record: Any, where: str, default_id: str | None) -> ArticleIn:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with a 'text' field")
    if "text" not in record:
        raise InputError(f"{where}: the article has no 'text' field")
    values = {k: record[k] for k in _FIELDS if record.get(k) is not None}
    if "published_at" not in values and isinstance(record.get("published"), str):
        values["published_at"] = record["published"]
    if isinstance(values.get("published_at"), str):
        values["published_at"] = _SPACE_TIME.sub(r"\1T\2", values["published_at"])
    if isinstance(values.get("id"), int):
        values["id"] = str(values["id"])
    values.setdefault("id", default_id)
    try:
        return ArticleIn.model_validate(values)
    except ValidationError as exc:
        raise InputError(f"{where}: {_validation_message(exc)}") from None


def _from_file(path: Path) -> Iterator[ArticleIn]:
    content = _read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        for number, line in enumerate(content.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            yield _article(record, f"{path}:{number}", None)
    elif suffix == ".json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
        if isinstance(data, list):
            for index, record in enumerate(data):
                yield _article(record, f"{path}[{index}]", None)
        else:
            yield _article(data, str(path), path.stem)
    else:
        yield _article({"text": content}, str(path), path.stem)


def load_articles(
    paths: Iterable[Path | str],
    *,
    ids: Iterable[str] | None = None,
    limit: int | None = None,
    max_chars: int | None = None,
) -> Iterator[ArticleIn]:
    """Articles in file order; `ids` keeps only those ids, `limit` stops after that many."""
    wanted = set(ids) if ids is not None else None
    seen: set[str] = set()
    count = 0
    for path in map(Path, paths):
        for article in _from_file(path):
            if limit is not None and count >= limit:
                return
            if wanted is not None and article.id not in wanted:
                continue
            if max_chars is not None and len(article.text) > max_chars:
                raise InputError(
                    f"{path}: article {article.resolved_id} has {len(article.text):,} "
                    f"characters; the limit is {max_chars:,}"
                )
            seen.add(article.id or "")
            count += 1
            yield article
    if wanted and (missing := wanted - seen) and (limit is None or count < limit):
        raise InputError(f"no article with id {', '.join(sorted(missing))} in the given files")
