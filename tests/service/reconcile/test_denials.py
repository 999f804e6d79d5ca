"""A denial of a figure is a zero from the denying source, party and group as worded."""

from __future__ import annotations

import pytest

from service.reconcile import reconcile
from service.reconcile.denials import denied_figures
from service.reconcile.parties import PartyIndex
from tests.service.reconcile.builders import claim, fig, one_article

PARTIES = PartyIndex(["Korvenia", "Valdoria"])


@pytest.mark.parametrize(
    ("evidence", "own", "expected"),
    [
        ("No Korvenian serviceman has been taken prisoner", "Korvenia",
         [("captured", "Korvenia", "serviceman")]),
        ("The ministry denied that any of its soldiers had been captured", "Korvenia",
         [("captured", "Korvenia", "soldiers")]),
        ("Not a single Valdorian soldier was captured by our forces", "Korvenia",
         [("captured", "Valdoria", "soldier")]),
        ("No civilians were killed in the strike", None, [("killed", None, "civilians")]),
        ("There was no immediate word on casualties", "Korvenia", []),
        ("The ministry had no comment on the soldiers killed", "Korvenia", []),
        ("No talks were held on Monday", "Korvenia", []),
    ],
)  # fmt: skip
def test_denied_figures(
    evidence: str, own: str | None, expected: list[tuple[str, str | None, str]]
) -> None:
    denial = claim("c1", "Korvenian Defence Ministry", side=own, kind="denial", evidence=evidence)
    found = denied_figures(denial, own, PARTIES)
    assert [(f.category, f.party, f.group) for f in found] == expected
    assert all((f.low, f.high, f.qualifier) == (0, 0, "exact") for f in found)


def test_denial_disputes_another_sources_number() -> None:
    record = reconcile(
        one_article(
            claim("c1", "Valdorian Defence Ministry", side="Valdoria", at=10,
                  figures=[fig("captured", "Korvenia", 4)]),
            claim("c2", "Korvenian Defence Ministry", side="Korvenia", kind="denial", at=90,
                  evidence="No Korvenian serviceman has been taken prisoner"),
        )
    )  # fmt: skip
    (captured,) = record.figures
    assert captured.contested
    denial = next(v for v in captured.values if v.denied)
    assert (denial.source, denial.low, denial.text) == (
        "Korvenian Defence Ministry",
        0,
        "0 (denial)",
    )
    assert [p.topic for p in record.contested if p.kind == "figure"] == [captured.label]
