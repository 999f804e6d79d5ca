from __future__ import annotations

import pytest

from service.briefing.checks import run_checks
from service.reconcile import Record, reconcile
from tests.service.reconcile.builders import seed_results

HEADLINE = "Armenia–Azerbaijan border clash, 16 November 2021"
GOOD = [
    "Armenian and Azerbaijani forces clashed on 16 November 2021 in the eastern border zone.",
    "Armenia's Defence Ministry said one Armenian soldier was killed, 13 were captured and "
    "contact was lost with 24; Armenia's Foreign Ministry put the number captured at 12.",
    "Armenia's Defence Ministry also said up to 70 Azerbaijani troops were killed or injured; "
    "Azerbaijan's Defence Ministry said seven of its servicemen were killed and ten wounded.",
    "Each side blamed the other: Armenia's Foreign Ministry said Azerbaijani forces entered "
    "Armenian territory, and the Government of Azerbaijan accused Armenia of aggravating it.",
]


ONE_SIDED = [
    "Armenian forces clashed on the border on 16 November 2021.",
    "Armenia's Defence Ministry said 13 soldiers were captured; "
    "Armenia's Foreign Ministry said 12.",
    "Armenia's Foreign Ministry said foreign forces entered Armenian territory.",
]


@pytest.fixture(scope="module")
def record() -> Record:
    return reconcile(seed_results())


def _failed(record: Record, headline: str, sentences: list[str]) -> dict[str, list[str]]:
    return {c.name: c.reasons for c in run_checks(headline, sentences, record) if not c.passed}


def test_the_analyst_example_passes_every_check(record: Record) -> None:
    assert _failed(record, HEADLINE, GOOD) == {}


def _swap(index: int, sentence: str) -> list[str]:
    return [sentence if i == index else s for i, s in enumerate(GOOD)]


@pytest.mark.parametrize(
    ("headline", "sentences", "check", "fragment"),
    [
        ("Clash leaves 8 dead", GOOD, "numbers_attributed", "Remove '8' from the headline"),
        (HEADLINE, _swap(0, "Some 45 people were hurt, officials said."), "numbers_attributed",
         "'Some 45' is not a figure in the record"),
        (HEADLINE, _swap(1, "In all, 13 Armenian soldiers were captured and 12 were missing."),
         "numbers_attributed", "attribute '13' to its source"),
        (HEADLINE, _swap(1, "Armenia's Defence Ministry said 13 soldiers were captured."),
         "contested_points", "say '12' according to the Armenian Foreign Ministry"),
        ("Border clash", ONE_SIDED, "contested_points", "give Azerbaijan's position"),
        ("Border clash", ONE_SIDED, "sides_present", "Azerbaijan has claims in the record"),
        (HEADLINE, _swap(0, "A brutal clash broke out between Armenia and Azerbaijan."),
         "loaded_terms", "'brutal', an intensifier"),
        (HEADLINE, _swap(0, "The Aliyev regime's forces clashed with Armenia."), "loaded_terms",
         "'regime', a value-laden label"),
        (HEADLINE, _swap(3, "Armenia's Foreign Ministry alleged an incursion, and the Government "
         "of Azerbaijan said Armenia aggravated the situation."), "one_sided_doubt",
         "'alleged' is used for Armenia but not for Azerbaijan"),
        (HEADLINE, _swap(0, "Fighting between Armenia and Baku broke out on 16 November 2021."),
         "symmetric_naming", "Azerbaijan is named by its capital but Armenia is not"),
    ],
)  # fmt: skip
def test_each_check_catches_its_failure(
    record: Record, headline: str, sentences: list[str], check: str, fragment: str
) -> None:
    failed = _failed(record, headline, sentences)
    assert check in failed, failed
    assert any(fragment in reason for reason in failed[check]), failed[check]


@pytest.mark.parametrize(
    "sentence",
    [
        "Armenia's Foreign Ministry claimed an incursion; Azerbaijan's Defence Ministry claimed "
        "Armenia aggravated the situation.",  # doubt words for both sides: symmetric
        "Yerevan and Baku blamed each other for the clash.",  # both named by capital
        "The two sides blamed each other for the clash.",  # 'two' counts the sides
    ],
)
def test_symmetric_wording_passes(record: Record, sentence: str) -> None:
    failed = _failed(record, HEADLINE, _swap(3, sentence))
    assert not {"one_sided_doubt", "symmetric_naming", "numbers_attributed"} & failed.keys()
