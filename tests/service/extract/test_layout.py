from __future__ import annotations

import pytest

from schemas.article import ArticleIn
from service.extract.layout import dateline_country, overlap, read_layout
from tests.paths import SEED


def test_seed_header_lines() -> None:
    if not SEED.exists():
        pytest.skip("seed article not available")
    text = SEED.read_text(encoding="utf-8")
    layout = read_layout(ArticleIn(text=text))
    assert layout.title is not None
    assert layout.title.startswith("Armenian Defense Ministry Says")
    assert layout.publisher == "Sputnik"
    assert layout.published_at == "2021-11-17T07:46:00Z"
    assert len(layout.warnings) == 1
    assert "BREAKING" in layout.warnings[0]
    assert text[layout.body_start :].startswith("MOSCOW (Sputnik)")
    assert all(s.start >= layout.body_start for s in layout.sentences)


@pytest.mark.parametrize(
    ("article", "title", "publisher", "published_at"),
    [
        # Caller metadata wins over what the text suggests.
        (
            ArticleIn(
                text="Headline Here\nROME (Wire) - Police said two were hurt.\nMore text.",
                title="Given",
                publisher="Given Pub",
                published_at="2020-01-01",
            ),
            "Given", "Given Pub", "2020-01-01",
        ),
        # A single paragraph is all body, even without final punctuation.
        (ArticleIn(text="Police said two were hurt"), None, None, None),
        # VOA style: no header, no wire tag.
        (ArticleIn(text="WASHINGTON — Officials said talks went on. More."), None, None, None),
    ],
)  # fmt: skip
def test_metadata(
    article: ArticleIn, title: str | None, publisher: str | None, published_at: str | None
) -> None:
    layout = read_layout(article)
    assert (layout.title, layout.publisher, layout.published_at) == (
        title,
        publisher,
        published_at,
    )


def test_header_lines_never_reach_the_sentences() -> None:
    text = "Big Headline About Talks\nSubhead Without A Period\nThe minister said talks went on."
    layout = read_layout(ArticleIn(text=text))
    assert [s.text_of(text) for s in layout.sentences] == ["The minister said talks went on."]


@pytest.mark.parametrize(
    ("line", "reference", "low", "high"),
    [
        ("Border Clash With Azerbaijan", "clashes on the border with Azerbaijan", 0.9, 1.0),
        ("Oil Pipeline Hit by Explosion", "clashes on the border with Azerbaijan", 0.0, 0.1),
        ("", "anything", 0.0, 0.0),
    ],
)
def test_overlap(line: str, reference: str, low: float, high: float) -> None:
    assert low <= overlap(line, reference) <= high


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("PORT ADRIS, Pellaria (Meridian Wire) - Pellaria on Tuesday accused...", "Pellaria"),
        ("Headline\n\nŁÓDŹ, Poland (Meridian Wire) - Large crowds marched...", "Poland"),
        ("WASHINGTON (VOA) - The president said...", None),
        ("KALVAR PASS, MARENLAND (Northgate Post) - Two sides...", None),  # no country case
        ("Marenland and Tavrosa gave different tolls, officials said.", None),
    ],
)
def test_dateline_country(text: str, country: str | None) -> None:
    assert dateline_country(text) == country
