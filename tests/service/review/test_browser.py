"""The review page in a real browser: Playwright driving Debian's Chromium (never a download).

Set EVENHAND_REVIEW_SCREENSHOT=path.png to also save the screenshot the README shows.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from evals.loader import load_fixture, write_fixture
from tests.browser import CHROMIUM, FLAGS
from tests.paths import SEED
from tests.service.review.conftest import SEED_EXTRACTION

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the dev extra")
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=list(FLAGS))
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    context.close()
    assert errors == [], f"script errors on the page: {errors}"


@pytest.fixture
def extraction(server_url: str) -> str:
    data = json.loads(SEED_EXTRACTION.read_text(encoding="utf-8"))
    data["text"] = SEED.read_text(encoding="utf-8")
    reply = httpx.post(f"{server_url}/v1/extractions/import", json=data, timeout=30)
    assert reply.status_code == 201, reply.text
    extraction_id: str = reply.json()["id"]
    return extraction_id


def test_list_links_to_the_review_page(page: Any, server_url: str, extraction: str) -> None:
    page.goto(f"{server_url}/review")
    page.get_by_role("link", name="Armenian Defense Ministry Says").click()
    page.wait_for_url(f"**/review/extractions/{extraction}")
    assert page.locator("mark").count() >= 5


def test_hover_and_focus_link_a_claim_and_its_evidence(
    page: Any, server_url: str, extraction: str
) -> None:
    page.goto(f"{server_url}/review/extractions/{extraction}")
    marks = page.locator("mark[data-claim~='c3']")
    assert marks.count() >= 1
    page.locator("#claim-c3").hover()
    assert "active" in (marks.first.get_attribute("class") or "")
    page.locator("mark[data-claim~='c1']").first.hover()
    assert "active" in (page.locator("#claim-c1").get_attribute("class") or "")
    page.locator("#claim-c1").focus()
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.dataset.claim") == "c2"
    shot = os.environ.get("EVENHAND_REVIEW_SCREENSHOT")
    if shot:
        page.set_viewport_size({"width": 1280, "height": 620})
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("#claim-c2").hover()
        page.screenshot(path=shot, full_page=False)


def test_fixing_a_wrong_source_then_exporting_the_fixture(
    page: Any, server_url: str, extraction: str, tmp_path: Path
) -> None:
    page.goto(f"{server_url}/review/extractions/{extraction}")
    page.locator("#claim-c2 [data-op=edit]").click()
    dialog = page.locator("#claim-dialog")
    dialog.locator("[name=source_name]").fill("Armenian Defence Ministry")
    dialog.locator("[name=source_type]").select_option("military")
    dialog.locator("[name=source_side]").fill("Armenia")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Save").click()
    assert page.locator("#revision").inner_text() == "1"
    assert "status-edited" in (page.locator("#claim-c2").get_attribute("class") or "")
    section = page.locator("section.source", has=page.locator("#claim-c2"))
    assert "Armenian Defence Ministry" in section.locator("h3").inner_text()

    page.locator("#claim-c5").focus()
    with page.expect_navigation():
        page.keyboard.press("r")
    assert "status-rejected" in (page.locator("#claim-c5").get_attribute("class") or "")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export fixture (YAML)").click()
    saved = tmp_path / "download.yaml"
    download.value.save_as(saved)
    fixture = load_fixture(write_fixture(saved.read_text(encoding="utf-8"), tmp_path / "f"))
    names = [c.source.name for c in fixture.fixture.claims]
    assert names.count("Armenian Defence Ministry") == 2
    assert "Vardan Toghanyan" not in names


def test_a_missed_claim_is_added_by_selecting_its_words(
    page: Any, server_url: str, extraction: str
) -> None:
    page.goto(f"{server_url}/review/extractions/{extraction}")
    quote = "Two combat positions came under the control of the enemy"
    page.evaluate(
        """(quote) => {
            const article = document.getElementById('article');
            const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(quote);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + quote.length);
                    const sel = window.getSelection();
                    sel.removeAllRanges();
                    sel.addRange(range);
                    return;
                }
            }
            throw new Error('quote not found');
        }""",
        quote,
    )
    page.locator("#add-claim:not([disabled])").click()
    dialog = page.locator("#claim-dialog")
    dialog.locator("[name=source_name]").fill("Armenian Defence Ministry")
    dialog.locator("[name=source_type]").select_option("military")
    dialog.locator("[name=kind]").select_option("event_report")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Save").click()
    added = page.locator("#claim-c6")
    assert "status-added" in (added.get_attribute("class") or "")
    assert page.locator("mark[data-claim~='c6']").first.inner_text() in quote
