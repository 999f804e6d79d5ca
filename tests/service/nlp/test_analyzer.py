from __future__ import annotations

import pytest

from service.errors import InputError
from service.nlp import analyzer_for

# A Cyrillic "с" in "Defenсe", typographic quotes and a non-breaking space: offsets must index
# the text as received.
TEXT = "“Two died,” the Armenian Defenсe Ministry said\u00a0on Tuesday.\n\nKabul was calm."


def test_offsets_index_the_original_text() -> None:
    document = analyzer_for("en").parse(TEXT)
    for token in document.doc:
        assert TEXT[token.idx : token.idx + len(token.text)] == token.text
    for entity in document.doc.ents:
        assert TEXT[entity.start_char : entity.end_char] == entity.text
    span = document.span(TEXT.index("Kabul"), TEXT.index("Kabul") + 3)  # widened to the token
    assert span.text == "Kabul"


@pytest.mark.parametrize("code", [None, "en", "en-GB", "EN_us"])
def test_english_for_english_codes_and_one_analyzer_per_process(code: str | None) -> None:
    assert analyzer_for(code) is analyzer_for("en")
    assert analyzer_for(code).vocabulary.language == "en"


def test_an_unsupported_language_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match="not supported"):
        analyzer_for("xx")
