"""A source's figure changing over time is a timeline of updates, not a dispute."""

from __future__ import annotations

from schemas.result import ExtractionResult
from service.reconcile import reconcile
from tests.service.reconcile.builders import claim, fig, incident, result

KES = "Kestria"


def _reports(*steps: tuple[str, str, int, str]) -> list[ExtractionResult]:
    return [
        result(aid, [incident(country=KES, actors=("Kestrian army", "Dolmari army"))],
               [claim("c1", name, side=KES, figures=[fig("killed", KES, n, group="civilians")])],
               published_at=when)
        for aid, name, n, when in steps
    ]  # fmt: skip


def test_rising_toll_is_an_update_not_a_dispute() -> None:
    record = reconcile(
        _reports(
            ("a1", "Kestrian Health Ministry", 21, "2024-06-03T10:00:00Z"),
            ("a2", "Kestria's Health Ministry", 31, "2024-06-04T10:00:00Z"),
        )
    )
    (figure,) = record.figures
    assert not figure.contested
    assert record.contested == []
    (update,) = record.updates
    assert (update.label, update.source) == ("Kestria civilians killed", "Kestrian Health Ministry")
    assert [(s.low, s.article_id, s.status) for s in update.steps] == [
        (21, "a1", "superseded"),
        (31, "a2", "current"),
    ]
    assert figure.best == 31


def test_repeated_value_is_no_update() -> None:
    record = reconcile(
        _reports(
            ("a1", "Kestrian Health Ministry", 21, "2024-06-03T10:00:00Z"),
            ("a2", "Kestrian Health Ministry", 21, "2024-06-04T10:00:00Z"),
        )
    )
    assert record.updates == []


def test_an_update_still_disputes_another_sources_value() -> None:
    results = _reports(
        ("a1", "Kestrian Health Ministry", 21, "2024-06-03T10:00:00Z"),
        ("a2", "Kestrian Health Ministry", 31, "2024-06-04T10:00:00Z"),
    )
    results[1].claims.append(
        claim("c2", "UN monitors", side=None, type="international_org", at=200,
              figures=[fig("killed", KES, 12, group="civilians")])
    )  # fmt: skip
    record = reconcile(results)
    (figure,) = record.figures
    assert figure.contested
    assert figure.best == 12
    assert figure.best_basis == "independent source: UN monitors"
    assert [u.source for u in record.updates] == ["Kestrian Health Ministry"]
