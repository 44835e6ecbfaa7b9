"""The corpus page in a real browser: EXPLORER_CORPUS opens at once; download a table; open an article."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from tests import test_browser
from tests.articles import PARAGRAPHS
from tests.corpus_files import harbour_stories, write_corpus
from tests.corpus_site import Page, Site
from tests.fake_openai import FakeOpenAI
from tests.llm_replies import faithful_reply
from tests.test_browser import OUTPUT, browser_page, served_app

chromium_path = test_browser.chromium_path  # the same skip-or-fail rule for a missing chromium


def test_corpus_opens_at_once_downloads_speakers_and_opens_an_article(chromium_path: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    corpus = write_corpus(tmp_path / "harbour", harbour_stories())
    with (
        served_app(tmp_path / "home", {"EXPLORER_CORPUS": str(corpus)}) as url,
        browser_page(chromium_path, 3000, downloads=True) as page,
    ):
        page.goto(f"{url}/corpus")  # a page's own URL as the server's first request (a bookmark)

        expect(page.locator("p", has_text="Top speaker:")).to_contain_text("Mara Lind — 6 claims")
        expect(page.locator(".vega-embed canvas, .vega-embed svg").nth(3)).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0
        links = page.get_by_test_id("stSidebarNav").get_by_role("link")
        assert [text.split()[-1] for text in links.all_inner_texts()] == ["explorer", "Corpus"], "titled pages"
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

    with saved.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["speaker"] == "Mara Lind" and rows[0]["claims"] == "6"


def test_a_corpus_run_stopped_from_the_page_keeps_what_finished_and_continues(
    chromium_path: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    site = Site()
    for i in range(6):
        site.pages[f"/story-{i}.txt"] = Page(f"{PARAGRAPHS[i % len(PARAGRAPHS)]} Update {i}.", "text/plain")
    urls = "\n".join(site.url(f"/story-{i}.txt") for i in range(6))
    try:
        with FakeOpenAI() as endpoint:
            endpoint.default, endpoint.latency = faithful_reply, 1.0
            settings = {"OPENAI_BASE_URL": endpoint.base_url, "OPENAI_API_KEY": "sk-test-browser"}
            with served_app(tmp_path / "home", settings) as url, browser_page(chromium_path, 2000) as page:
                page.goto(f"{url}/corpus")
                sidebar = page.get_by_test_id("stSidebar")
                sidebar.get_by_text("New corpus from files or URLs").click()
                sidebar.get_by_text("Sections", exact=True).click()
                sidebar.get_by_label("Concurrent sections").fill("1")  # one article at a time: time to press Stop
                sidebar.get_by_label("Concurrent sections").press("Enter")
                sidebar.get_by_label("Name").fill("quay")
                box = sidebar.get_by_label("Or article URLs, one per line")
                box.fill(urls)
                box.press("Control+Enter")
                expect(sidebar.get_by_text("Runs with", exact=False)).to_contain_text("gpt-4o-mini at 127.0.0.1")
                sidebar.get_by_role("button", name="Run corpus").click()
                expect(page.get_by_text("any other click or by closing the tab", exact=False)).to_be_visible()
                expect(page.get_by_text(re.compile(r"^[1-5] analysed"))).to_be_visible()
                page.get_by_role("button", name="Stop", exact=True).click()
                notice = page.get_by_text("was stopped", exact=False)
                expect(notice).to_be_visible()
                kept = int(notice.inner_text().split("The ")[-1].split(" article")[0])
                assert 1 <= kept < 6, notice.inner_text()
                expect(page.get_by_test_id("stMetric").filter(has_text="Articles").first).to_contain_text(str(kept))

                if not sidebar.get_by_role("button", name="Run corpus").is_visible():  # the form folded on reopening
                    sidebar.get_by_text("New corpus from files or URLs").click()
                sidebar.get_by_role("button", name="Run corpus").click()
                expect(page.get_by_text(f"Done: {6 - kept} analysed, 0 failed; quay holds 6 articles")).to_be_visible()
                expect(page.get_by_test_id("stMetric").filter(has_text="Articles").first).to_contain_text("6")
                assert page.get_by_test_id("stException").count() == 0
    finally:
        site.close()
