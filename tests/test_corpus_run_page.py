"""End to end: `explorer corpus run` over team-written articles, then the corpus page over what it wrote."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.articles import PARAGRAPHS
from tests.corpus_site import Page, Site
from tests.fake_openai import FakeOpenAI
from tests.llm_replies import faithful_reply
from tests.test_app import use_llm

ROOT = Path(__file__).resolve().parents[1]
RECORDS = [
    {
        "id": "h1",
        "outlet": "Coast Herald",
        "date": "2025-01-14",
        "title": "Harbour plan",
        "text": " ".join(PARAGRAPHS[:2]),
    },
    {"id": "h2", "outlet": "Coast Herald", "date": "2025-02-03", "title": "Meeting", "text": " ".join(PARAGRAPHS[1:3])},
    {"id": "b1", "outlet": "Bay Courier", "date": "2025-03-20", "title": "Quay families", "text": PARAGRAPHS[3]},
]


@pytest.fixture
def corpus_run(no_llm_env: Path, tmp_path: Path) -> Path:
    """A corpus written by the real command, offline, from a JSONL of team-written articles."""
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    output = tmp_path / "corpus"
    command = [
        sys.executable,
        "-m",
        "explorer.cli",
        "corpus",
        "run",
        str(source),
        "-o",
        str(output),
        "--backend",
        "offline",
        "--workers",
        "1",
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return output


def test_the_page_reads_what_corpus_run_wrote(corpus_run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPLORER_CORPUS", str(corpus_run))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/corpus.py").run()
    assert not at.exception and not at.error
    figures = {m.label: m.value for m in at.metric}
    assert (figures["Articles"], figures["Outlets"], figures["Failed articles"]) == ("3", "2", "0")
    speakers = at.dataframe[0].value
    assert {"Mara Lind", "Tomas Berg", "Ilse Varga"} <= set(speakers["speaker"])
    at.session_state["corpus_view"] = "Articles"
    at.run()
    at.selectbox(key="corpus_article").set_value("b1").run()
    at.button(key="corpus_open_article").click().run()
    assert not at.exception
    assert at.session_state["analysis"].title == "Quay families"
    assert any(c.speaker == "Ilse Varga" for c in at.session_state["analysis"].claims)


def test_a_pasted_url_list_runs_into_the_apps_corpora_and_opens(no_llm_env: Path) -> None:
    site = Site()
    try:
        for i, paragraph in enumerate(PARAGRAPHS):
            site.pages[f"/story-{i}.txt"] = Page(paragraph, "text/plain; charset=utf-8")
        urls = [site.url(f"/story-{i}.txt") for i in range(len(PARAGRAPHS))] + [site.url("/gone"), "not a url"]
        at = AppTest.from_file(str(ROOT / "app_pages" / "corpus.py"), default_timeout=120).run()
        at.text_input(key="corpus_new_name").set_value("harbour ward/2025")
        at.text_area(key="corpus_new_urls").set_value("\n".join(urls))
        at.button(key="corpus_new_run").click().run()
    finally:
        site.close()
    assert not at.exception
    assert (no_llm_env / "corpora" / "harbour-ward-2025" / "manifest.json").is_file()
    report = " ".join(w.value for w in at.warning)
    assert "4 analysed, 1 failed" in report and "not URLs: not a url" in report
    figures = {m.label: m.value for m in at.metric}
    assert (figures["Articles"], figures["Failed articles"]) == ("4", "1")
    assert "Mara Lind" in set(at.dataframe[0].value["speaker"])


def test_a_new_corpus_runs_with_the_model_chosen_on_the_article_page(no_llm_env: Path, fake_llm: FakeOpenAI) -> None:
    fake_llm.default = faithful_reply
    at = new_corpus_with_the_model(fake_llm, "corpus_new_run")
    assert at.radio(key="backend").value == "OpenAI-compatible LLM", "the corpus form shows the same choice"
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"
    assert fake_llm.chat_requests and {r.json["model"] for r in fake_llm.chat_requests} == {"fake-model"}
    assert {r.headers["authorization"] for r in fake_llm.chat_requests} == {"Bearer sk-test-dummy"}
    written = [p for p in (no_llm_env / "corpora" / "quay").rglob("*") if p.is_file()]
    assert written and not any(b"sk-test-dummy" in p.read_bytes() for p in written), "the key never reaches disk"


def test_estimate_says_what_a_new_corpus_would_call_and_cost_without_calling_the_model(
    no_llm_env: Path, fake_llm: FakeOpenAI
) -> None:
    at = new_corpus_with_the_model(fake_llm, "corpus_new_estimate")
    assert not at.exception and not at.error
    said = " ".join(i.value for i in at.info)
    assert "2 articles to analyse" in said and "2 model calls" in said
    assert "estimated cost: unknown" in said, "fake-model has no price: unknown, never $0"
    assert not fake_llm.chat_requests, "an estimate calls no model"
    assert not (no_llm_env / "corpora" / "quay").exists(), "an estimate writes no corpus"


def new_corpus_with_the_model(fake_llm: FakeOpenAI, button: str) -> AppTest:
    """Choose the scripted model on the article page, fill New corpus with two story URLs, and click button."""
    site = Site()
    try:
        for i, paragraph in enumerate(PARAGRAPHS[:2]):
            site.pages[f"/story-{i}.txt"] = Page(paragraph, "text/plain; charset=utf-8")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        use_llm(at, fake_llm.base_url)
        at.switch_page("app_pages/corpus.py").run()
        at.text_input(key="corpus_new_name").set_value("quay")
        at.text_area(key="corpus_new_urls").set_value("\n".join(site.url(f"/story-{i}.txt") for i in range(2)))
        return at.button(key=button).click().run()
    finally:
        site.close()
