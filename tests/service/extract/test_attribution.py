from __future__ import annotations

import pytest

from service.extract.attribution import Speakers, guess_type
from service.nlp import analyzer_for


def credited(text: str, outlet: str | None = None) -> list[str | None]:
    """The speaker credited by each sentence of `text`, as the article's parse resolves it."""
    speakers = Speakers(analyzer_for("en").parse(text), outlet)
    return [s.name if s else None for _, s in speakers.resolved]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ('"Two positions were lost," the ministry said.', "the ministry"),
        ("Armenia also claimed that up to 70 troops were hurt.", "Armenia"),
        # A person is named by their name; the title types the source.
        ("Armenian Ambassador to Russia Vardan Toghanyan told Sputnik that it was calm.",
         "Vardan Toghanyan"),
        ("In turn, the Azerbaijani Defence Ministry said on Wednesday that seven died.",
         "Azerbaijani Defence Ministry"),
        ("Baku, in turn, accused Yerevan of aggravating the situation.", "Baku"),
        ("A ceasefire is largely observed, the Armenian Defenсe Ministry added.",
         "Armenian Defenсe Ministry"),
        ("Police said two were hurt.", "Police"),
        ("It said Valdorian forces captured four soldiers.", None),
        ("Intensive work is underway to find servicemen.", None),
        ("The International Office for Humanitarian Coordination said 2,500 people fled.",
         "International Office for Humanitarian Coordination"),
        ("At the hospital, medical director Dr. Ruth Kamau said 30 people were treated.",
         "Ruth Kamau"),
        ("A resident who gave only his first name, Joseph, said dozens were killed.",
         "A resident"),
        ("On Tuesday, the ministry said talks would resume.", "the ministry"),
        ("The army said one tank had been damaged.", "The army"),
        ("BELLAMY, Sorell (Harbour Ledger) - The Sorellian army said on Tuesday that 40 died.",
         "Sorellian army"),
        ("Ten people died, according to the Red Cross.", "Red Cross"),
        ("In a statement posted on its website on Monday, the group said three had died.",
         "the group"),
        ("A doctor at Ostin district hospital, speaking by telephone, said nine were hurt.",
         "A doctor at Ostin district hospital"),
    ],
)  # fmt: skip
def test_credited_speaker(sentence: str, speaker: str | None) -> None:
    speakers = Speakers(analyzer_for("en").parse(sentence))
    found = speakers.credited(0, len(sentence))
    assert (found.name if found else None) == speaker


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # Pronouns and surnames resolve to the person named before, across paragraphs.
        ('Twenty-year-old Bilai Abdi said she fled.\n\n"We had nothing," she says. '
         "Abdi added that the men left.",
         ["Bilai Abdi", "Bilai Abdi", "Bilai Abdi"]),
        # A role resolves to the last person quoted: one source, not "the diplomat".
        ('"We will respond," Armenian Ambassador Vardan Toghanyan said. '
         "The diplomat added that 13 soldiers were captured.",
         ["Vardan Toghanyan", "Vardan Toghanyan"]),
        # "It" after an organisation's statement is that organisation, not the outlet.
        ("The Armenian Defense Ministry said 24 servicemen were missing. It said talks failed.",
         ["Armenian Defense Ministry", "Armenian Defense Ministry"]),
        # A surname alone is the person with that full name.
        ("Colonel Daven Oskar spoke on Monday. Oskar said two soldiers were wounded.",
         ["Daven Oskar"]),
        ("Police said two were hurt. VOA said more.", ["Police", None]),  # the outlet
    ],
)  # fmt: skip
def test_speakers_resolve_across_the_article(text: str, speakers: list[str | None]) -> None:
    assert credited(text, outlet="VOA") == speakers


@pytest.mark.parametrize(
    ("name", "source_type"),
    [
        ("Armenian Defenсe Ministry", "military"),  # look-alike letter folded first
        ("the diplomat", "government"),
        ("medical director Dr. Ruth Kamau", "medical"),
        ("Yerevan", "government"),
        ("Rebels", "armed_group"),
        ("Some Person Here", "other"),
    ],
)
def test_guess_type(name: str, source_type: str) -> None:
    assert guess_type(name) == source_type
