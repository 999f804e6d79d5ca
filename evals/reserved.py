"""Stories kept for independent evaluation: never labelled, never run while tuning.

This is the one list of them. The loader refuses a fixture that names one (in its id or its
text file's name) or whose text is one of them under another name (by a hash of the text with
whitespace folded, so a re-wrapped copy is caught too).
"""

from __future__ import annotations

import hashlib
import re

# VOA story id -> first 16 hex of sha256 over the story's text with whitespace runs folded to
# one space (`text_hash`), computed from ../shared/corpus/texts/voa-<id>.txt.
RESERVED: dict[str, str] = {
    "6183227": "f5dca0ed32da583e",
    "6184384": "fa8137004cfc89db",
    "6202623": "f457a6dc4af4ca31",
    "6202743": "4be342831070e17f",
    "6203525": "4a66fb279e1b3dae",
    "6205629": "b227b600f592700f",
    "7686618": "1f861ca426ed656c",
    "8006503": "185199b9578dc4fa",
    "8006651": "5d6d2a32c904e4b9",
    "8007760": "277139d0404af521",
    "8008152": "0a49026613c2b830",
    "8009314": "0b37869643824ce5",
    "8009853": "4eaaf2ac935576c6",
    "8009976": "9a24d526a964922f",
    "8011076": "472bacb27290532d",
    "8011115": "73c246f8cefc0ae0",
}
_BY_HASH = {digest: story for story, digest in RESERVED.items()}
_STORY_ID = re.compile(r"(?<!\d)\d{7}(?!\d)")


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def reserved_story(*names: str | None, text: str | None = None) -> str | None:
    """The reserved story id that any of `names` (fixture id, text file) mentions or `text` is."""
    for name in names:
        for found in _STORY_ID.finditer(name or ""):
            if found.group() in RESERVED:
                return found.group()
    return None if text is None else _BY_HASH.get(text_hash(text))
