from __future__ import annotations

import pytest

from service.extract.attribution import credited_speaker, guess_type


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ('"Two positions were lost," the ministry said.', "the ministry"),
        ("Armenia also claimed that up to 70 troops were hurt.", "Armenia"),
        ("Armenian Ambassador to Russia Vardan Toghanyan told Sputnik that it was calm.",
         "Armenian Ambassador to Russia Vardan Toghanyan"),
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
        ("A resident who gave only his first name, Joseph, said dozens were killed.", "Joseph"),
        ("On Tuesday, the ministry said talks would resume.", "the ministry"),
        ("The army said one tank had been damaged.", "The army"),
        ("BELLAMY, Sorell (Harbour Ledger) - The Sorellian army said on Tuesday that 40 died.",
         "Sorellian army"),
        ("In a statement posted on its website on Monday, the group said three had died.",
         "the group"),
        ("A doctor at Ostin district hospital, speaking by telephone, said nine were hurt.",
         "A doctor at Ostin district hospital"),
    ],
)  # fmt: skip
def test_credited_speaker(sentence: str, speaker: str | None) -> None:
    assert credited_speaker(sentence) == speaker


@pytest.mark.parametrize(
    ("name", "source_type"),
    [
        ("Armenian Defenсe Ministry", "military"),  # look-alike letter folded first
        ("the diplomat", "government"),
        ("Yerevan", "government"),
        ("Rebels", "armed_group"),
        ("Some Person Here", "other"),
    ],
)
def test_guess_type(name: str, source_type: str) -> None:
    assert guess_type(name) == source_type
