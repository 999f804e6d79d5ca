from __future__ import annotations

import pytest

from service.extract.markdown import render_result
from tests.service.reconcile.builders import claim, fig, incident, result


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "shown"),
    [
        ("exact", 7, 7, "killed 7"),
        ("up_to", None, 70, "killed up to 70"),
        ("at_least", 5, None, "killed at least 5"),
        ("vague", 24, None, "killed at least 24"),
        ("about", 20, 20, "killed about 20"),
        ("range", 10, 20, "killed 10-20"),
    ],
)
def test_render(qualifier: str, low: int | None, high: int | None, shown: str) -> None:
    figure = fig("killed", "Armenia", low, high, qualifier)
    extraction = result(
        "a1", [incident()], [claim("c1", "Army", side="Armenia", figures=[figure])], title="Clash"
    )
    extraction.meta.warnings.append("w1")
    text = render_result(extraction)
    assert text.startswith("# Clash\n")
    assert "### Army (military, Armenia)" in text
    assert f"{shown} (Armenia soldiers)" in text
    assert "**i1** Armenia-Azerbaijan border clash (battles, 2021-11-16" in text
    assert "- w1" in text


def test_empty_result_says_so() -> None:
    text = render_result(result("a1", [], []))
    assert text.count("None found.") == 2
