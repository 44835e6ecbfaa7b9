"""The corpus page in a real browser: EXPLORER_CORPUS opens at once; download a table; open an article."""

from __future__ import annotations

import csv
from pathlib import Path

from tests import test_browser
from tests.corpus_files import harbour_stories, write_corpus
from tests.test_browser import CHROMIUM_ARGS, OUTPUT, TIMEOUT_MS, served_app

chromium_path = test_browser.chromium_path  # the same skip-or-fail rule for a missing chromium


def test_corpus_opens_at_once_downloads_speakers_and_opens_an_article(chromium_path: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    corpus = write_corpus(tmp_path / "harbour", harbour_stories())
    with served_app(tmp_path / "home", {"EXPLORER_CORPUS": str(corpus)}) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 3000}, accept_downloads=True)
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)
            page.goto(f"{url}/corpus")

            expect(page.locator("p", has_text="Top speaker:")).to_contain_text("Mara Lind — 6 claims")
            expect(page.locator(".vega-embed canvas, .vega-embed svg").nth(3)).to_be_visible()
            assert page.get_by_test_id("stException").count() == 0
            OUTPUT.mkdir(exist_ok=True)
            page.screenshot(path=str(OUTPUT / "corpus.png"), full_page=True)
            with page.expect_download() as download:
                page.get_by_role("button", name="Speakers (CSV)").click()
            saved = tmp_path / download.value.suggested_filename
            download.value.save_as(saved)

            page.get_by_role("tab", name="Articles").click()
            page.get_by_role("combobox", name="Article").click()
            page.get_by_role("option", name="Councillor backs the fleet", exact=False).click()
            page.get_by_role("button", name="Open in the article explorer").click()
            expect(page.get_by_role("heading", name="Councillor backs the fleet")).to_be_visible()
            page.screenshot(path=str(OUTPUT / "corpus-drill-down.png"), full_page=True)
        finally:
            browser.close()

    with saved.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["speaker"] == "Mara Lind" and rows[0]["claims"] == "6"
