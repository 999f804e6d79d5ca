from __future__ import annotations

from service.extract.dedupe import dedupe_claims
from tests.service.reconcile.builders import claim, fig


def test_same_source_same_figures_merge_with_both_spans() -> None:
    killed, injured = fig("killed", "A", 7), fig("injured", "A", 10)
    claims = [
        claim("c1", "Defence Ministry", side="A", figures=[killed, injured]),
        claim("c2", "defence ministry", side="A", at=50, figures=[injured, killed]),
    ]
    merged, count = dedupe_claims(claims)
    assert count == 1
    assert [e.start for e in merged[0].evidence] == [0, 50]


def test_same_source_overlapping_evidence_merge() -> None:
    merged, count = dedupe_claims(
        [
            claim("c1", "Army", side="A"),
            claim("c2", "Army", side="A", at=5, figures=[fig("killed", "A", 2)]),
        ]
    )
    assert count == 1
    assert [f.low for f in merged[0].figures] == [2]  # the fuller figure list is kept


def test_distinct_claims_stay_and_are_renumbered() -> None:
    claims = [
        claim("x", "Army", side="A", figures=[fig("killed", "A", 7)]),
        claim("x", "Rebels", side="B", figures=[fig("killed", "A", 7)]),  # another source
        claim("x", "Army", side="A", at=100, figures=[fig("killed", "A", 8)]),  # other figures
        claim("x", "Army", side="A", at=200),  # no figures, no overlap
    ]
    merged, count = dedupe_claims(claims)
    assert count == 0
    assert [c.id for c in merged] == ["c1", "c2", "c3", "c4"]
