from __future__ import annotations

import pytest

from schemas.article import ArticleIn
from service.extract.layout import read_layout
from service.extract.reading import Reading, chunk_body, part_chars


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(f"Paragraph {i} says the army fought on. It went on." for i in range(60)),
        "One long paragraph goes on and on. " * 150,  # web text without line breaks
        "x" * 5_000,  # one endless sentence
    ],
)
def test_chunks_cover_the_whole_body_within_the_limit(text: str) -> None:
    layout = read_layout(ArticleIn(text=text))
    chunks = chunk_body(layout, 1_000)
    assert len(chunks) > 1
    assert all(end - start <= 1_000 for start, end in chunks)
    assert chunks[-1][1] == len(text.rstrip())
    covered = "".join(text[s:e] for s, e in chunks)
    assert covered.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(("n_ctx", "expected"), [(6144, 9_000), (4096, 6_286), (512, 1_000)])
def test_part_size_follows_the_context(n_ctx: int, expected: int) -> None:
    assert part_chars(n_ctx) == expected


def test_every_question_about_a_part_renders_the_same_prefix() -> None:
    text = "Dresk, Valdoria (Wire) - Two soldiers were killed, the army said.\n\nTalks resumed."
    reading = Reading.of(read_layout(ArticleIn(text=text, title="Clash")), 4096)
    assert reading.parts == [(0, len(text))]
    assert reading.part_of(len(text) - 3) == 0
    values = reading.prefix(0)
    assert values["part"] == ""
    assert values["title"] == "Clash"
    assert "Talks resumed." in values["text"]
