"""One end-to-end run in a real browser: paste an article, analyse it, see charts and tables, download the claims."""

from __future__ import annotations

import base64
import csv
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.articles import PARAGRAPHS, long_article
from tests.fake_openai import FakeOpenAI
from tests.llm_replies import faithful_reply, section_of

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = REPO / "test-output"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}: {server.stdout.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {seconds:.0f} s")


@pytest.fixture
def chromium_path() -> Path:
    """Debian's chromium; missing means skip locally and fail in CI."""
    if not CHROMIUM.exists():
        message = "chromium not installed: apt-get install -y chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@contextmanager
def served_app(home: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve the app with `streamlit run` on a free loopback port; stop it afterwards."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env |= {"EXPLORER_HOME": str(home), "EXPLORER_MODEL": "", **(extra_env or {})}
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if TYPE_CHECKING:
    from playwright.sync_api import Page


@contextmanager
def browser_page(chromium_path: Path, height: int, downloads: bool = False) -> Iterator[Page]:
    """Start Debian's chromium headless and yield one page with the tests' timeouts; close the browser after."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": height}, accept_downloads=downloads)
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)
            yield page
        finally:
            browser.close()


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app with no LLM configured (offline analyser)."""
    with served_app(tmp_path / "home") as url:
        yield url


def test_paste_analyse_and_download_claims(chromium_path: Path, app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    article = "\n\n".join(PARAGRAPHS)
    with browser_page(chromium_path, 3000, downloads=True) as page:
        page.goto(app_url)

        box = page.get_by_role("textbox", name="Article", exact=True)
        box.fill(article)
        box.press("Control+Enter")  # Streamlit commits a text area on Ctrl+Enter or blur
        page.get_by_role("button", name="Analyse article").click()
        expect(page.get_by_text("Done:", exact=False)).to_be_visible()

        expect(page.locator(".vega-embed").first).to_be_visible()
        expect(page.locator(".vega-embed canvas, .vega-embed svg").first).to_be_visible()
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "results.png"), full_page=True)
        page.get_by_role("tab", name="Claims").click()
        expect(page.get_by_role("main").get_by_test_id("stDataFrame").first).to_be_visible()
        page.screenshot(path=str(OUTPUT / "claims.png"), full_page=True)

        page.get_by_role("tab", name="Export").click()
        report, failure = page.get_by_role("button", name="Report (Markdown)"), page.get_by_test_id("stException")
        expect(report.or_(failure).first).to_be_visible()
        assert failure.count() == 0, failure.first.inner_text()[:500]
        with page.expect_download() as download:
            page.get_by_role("button", name="Claims (CSV)").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)

    with saved.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert saved.suffix == ".csv"
    assert rows and "speaker" in rows[0]
    assert {"Mara Lind", "Tomas Berg", "Ilse Varga"} <= {row["speaker"] for row in rows}


def test_a_running_llm_analysis_can_be_cancelled_and_resumed(chromium_path: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with FakeOpenAI() as endpoint:
        endpoint.default, endpoint.latency = faithful_reply, 1.0
        settings = {"OPENAI_BASE_URL": endpoint.base_url, "OPENAI_API_KEY": "sk-test-browser"}
        with served_app(tmp_path / "home", settings) as url, browser_page(chromium_path, 2000) as page:
            page.goto(url)
            page.get_by_text("Sections", exact=True).click()
            for label, value in (("Section size (tokens)", "100"), ("Concurrent sections", "1")):
                page.get_by_label(label).fill(value)
                page.get_by_label(label).press("Enter")
            box = page.get_by_role("textbox", name="Article", exact=True)
            box.fill(long_article(12))
            box.press("Control+Enter")
            expect(page.get_by_text("4", exact=True).first).to_be_visible()  # four sections before the run
            page.get_by_role("button", name="Analyse article").click()
            expect(page.get_by_text("Section 1: done")).to_be_visible()
            page.get_by_role("button", name="Cancel").click()
            expect(page.get_by_text("press Analyse to continue")).to_be_visible()
            sent_before_resume = len(endpoint.chat_requests)
            assert 1 <= sent_before_resume < 4
            page.get_by_role("button", name="Analyse article").click()
            expect(page.get_by_text("Done:", exact=False)).to_be_visible()
        sent = sorted(section_of(r.json) for r in endpoint.chat_requests)
        assert len(sent) == len(set(sent)) == 4, "sections finished before the cancel are not sent again"


def test_the_sidebar_names_both_pages_and_a_visit_to_the_corpus_keeps_the_pasted_article(
    chromium_path: Path, app_url: str
) -> None:
    from playwright.sync_api import expect

    article = "\n\n".join(PARAGRAPHS[:2])
    with browser_page(chromium_path, 1200) as page:
        page.goto(app_url)
        links = page.get_by_test_id("stSidebarNav").get_by_role("link")
        expect(links).to_have_count(2)
        labels = [text.strip() for text in links.all_inner_texts()]
        assert [label.split()[-1] for label in labels] == ["explorer", "Corpus"], labels
        assert not any(label in ("app", "corpus") for label in labels), "raw script names in the sidebar"
        expect(page.get_by_role("button", name="Deploy")).to_have_count(0)

        box = page.get_by_role("textbox", name="Article", exact=True)
        box.fill(article)
        box.press("Control+Enter")
        page.get_by_text("OpenAI-compatible LLM").click()
        expect(page.get_by_role("textbox", name="Base URL")).to_be_visible()
        links.nth(1).click()
        expect(page.get_by_role("main").get_by_role("heading", name="Corpus", exact=True)).to_be_visible()
        expect(page).to_have_title("Corpus — Article Explorer")
        links.nth(0).click()
        expect(page.get_by_role("textbox", name="Article", exact=True)).to_have_value(article)
        expect(page.get_by_role("textbox", name="Base URL")).to_be_visible()  # the backend chosen is kept


def test_a_password_typed_into_the_base_url_leaves_the_screen_and_signs_in(
    chromium_path: Path, app_url: str, fake_llm: FakeOpenAI
) -> None:
    from playwright.sync_api import expect

    fake_llm.default = faithful_reply
    password = "Sup3r-Secret-b7"
    with browser_page(chromium_path, 1400) as page:
        page.goto(app_url)
        page.get_by_text("OpenAI-compatible LLM").click()
        field = page.get_by_role("textbox", name="Base URL")  # the first preset's: no rerun races the typing
        field.fill(fake_llm.base_url.replace("http://", f"http://alice:{password}@"))
        field.press("Enter")
        expect(page.get_by_text("Signed in to")).to_be_visible()
        expect(field).to_have_value(fake_llm.base_url)
        page.get_by_role("button", name="Test connection").click()
        expect(page.get_by_text("Connected:")).to_be_visible()
        assert password not in page.content()
    sent = {r.headers.get("authorization") for r in fake_llm.requests}
    assert sent == {"Basic " + base64.b64encode(f"alice:{password}".encode()).decode()}
