from __future__ import annotations

import pytest

from service.text.segment import paragraphs, segment
from tests.paths import SEED


def _sentences(text: str) -> list[str]:
    return [s.text_of(text) for s in segment(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. officials met Dr. Smith. He left.", ["U.S. officials met Dr. Smith.", "He left."]),
        (
            "As of 10.00 GMT the line held. Talks go on.",
            ["As of 10.00 GMT the line held.", "Talks go on."],
        ),
        ('"We won," he said. Then he left.', ['"We won," he said.', "Then he left."]),
        ("Is it over? Nobody knows! Maybe.", ["Is it over?", "Nobody knows!", "Maybe."]),
        ("It rose 2.5 percent. Gen. Ali spoke.", ["It rose 2.5 percent.", "Gen. Ali spoke."]),
        ("no end punctuation", ["no end punctuation"]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_quoted_passage_and_its_attribution_form_one_unit() -> None:
    text = 'He spoke. "One killed. Two captured. Talks go on," the ministry said. Next.'
    units = [s.unit for s in segment(text)]
    assert units[1] == units[2] == units[3]
    assert len({units[0], units[1], units[4]}) == 3


def test_quote_spanning_paragraphs_is_one_unit() -> None:
    text = '"The boat was full.\n\n"Nobody had a life jacket," the captain said.\nAfter.'
    sentences = segment(text)
    assert sentences[0].unit == sentences[1].unit != sentences[2].unit
    assert sentences[0].paragraph != sentences[1].paragraph


def test_stray_quote_mark_does_not_swallow_the_article() -> None:
    text = 'He said "yes. It ended.\nNew paragraph here. Another one.'
    units = {s.unit for s in segment(text)}
    assert len(units) == 4


def test_hard_wrapped_lines_join_into_one_paragraph() -> None:
    text = "The army said the\nattack began at dawn.\nA new paragraph."
    spans = paragraphs(text)
    assert [text[s:e] for s, e in spans] == [
        "The army said the\nattack began at dawn.",
        "A new paragraph.",
    ]


def test_seed_quote_units() -> None:
    if not SEED.exists():
        pytest.skip("seed article not available")
    text = SEED.read_text(encoding="utf-8")
    sentences = segment(text)
    quote = next(s for s in sentences if "one killed, 13 soldiers captured" in s.text_of(text))
    same_unit = [s.text_of(text) for s in sentences if s.unit == quote.unit]
    assert len(same_unit) == 4
    assert same_unit[-1].endswith("the ministry said.")
    for s in sentences:
        assert text[s.start : s.end] == s.text_of(text)
        assert s.text_of(text) == s.text_of(text).strip()
