"""The backend seam: one factory, identities that follow every prompt file, and a plan before each run."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer import InputError, analyse_article, load_settings
from explorer.analysis import Analysis
from explorer.backends import KINDS, BackendKind, make_backend
from explorer.config import Settings
from explorer.costs import price_table
from explorer.limits import LARGE_ARTICLE_TOKENS
from explorer.planning import plan
from explorer.storage import Store
from explorer.summaries import summarize
from tests.articles import long_article
from tests.fake_openai import FakeOpenAI, Reply
from tests.llm_replies import faithful_reply

REPO = Path(__file__).resolve().parents[1]
PROMPT_FILES = sorted(p.name for p in (REPO / "prompts").glob("*.md"))
QUOTE = "“The quay is safe,” said Tomas Berg."


@pytest.fixture
def llm(llm: Settings, fake_llm: FakeOpenAI) -> Settings:
    """The shared LLM settings in small sections; sections answered faithfully, summaries with one sentence."""

    def reply(request: dict) -> Reply:
        if "SummaryOutput" in str(request.get("response_format")):
            return Reply(json={"summary": "Tomas Berg said the quay is safe."})
        return faithful_reply(request)

    fake_llm.default = reply
    return llm.with_(section_tokens=60)  # several sections from a short article


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_the_factory_makes_the_backend_the_settings_name(kind, tmp_path):
    backend = make_backend(load_settings(env={}, backend=kind.name, home=tmp_path))
    assert backend.kind == kind and backend.identity["backend"] == kind.name


def test_a_new_backend_is_one_entry_in_the_kinds(tmp_path, monkeypatch):
    from explorer.backends import OFFLINE, WrappedBackend, base

    echo = BackendKind("echo", "Echo", remote=False, make=lambda settings: WrappedBackend(OFFLINE.make(settings)))
    monkeypatch.setattr(base, "KINDS", (*KINDS, echo))
    backend = make_backend(load_settings(env={}, backend="echo", home=tmp_path))
    assert isinstance(backend, WrappedBackend) and backend.label == "offline"


def test_an_unknown_backend_is_refused_with_the_choices(tmp_path):
    with pytest.raises(InputError, match="offline, openai"):
        make_backend(load_settings(env={}, home=tmp_path).with_(backend="gpt"))


@pytest.mark.parametrize("name", PROMPT_FILES)
def test_editing_any_prompt_file_a_task_reads_is_a_cache_miss(name, llm, fake_llm, prompts):
    analysis = Analysis(text=QUOTE, backend="openai", model="gpt-4o-mini")
    analyse_article(QUOTE, None, llm)
    summarize(analysis, "neutral", 40, llm)
    before = len(fake_llm.chat_requests)
    path = prompts / name
    path.write_text(path.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    extraction_missed = analyse_article(QUOTE, None, llm).usage.cached_sections == 0
    summary_missed = not summarize(analysis, "neutral", 40, llm).cached
    assert extraction_missed == (not name.startswith("summary_"))  # a summary prompt never reaches extraction
    assert summary_missed == (not name.startswith("extract_"))
    assert len(fake_llm.chat_requests) == before + extraction_missed + summary_missed


def test_a_new_prompt_file_nobody_lists_is_a_cache_miss_for_every_task(llm, fake_llm, prompts):
    analysis = Analysis(text=QUOTE, backend="openai", model="gpt-4o-mini")
    analyse_article(QUOTE, None, llm)
    summarize(analysis, "neutral", 40, llm)
    (prompts / "shared_glossary.md").write_text("A quay is a landing place.\n", encoding="utf-8")
    assert analyse_article(QUOTE, None, llm).usage.cached_sections == 0
    assert not summarize(analysis, "neutral", 40, llm).cached


def test_an_offline_plan_is_free_and_counts_cached_sections(tmp_path):
    settings = load_settings(env={}, backend="offline", home=tmp_path, section_tokens=60)
    text = long_article(8)
    before = plan(text, settings, Store(settings.database))
    assert len(before.sections) > 1 and not before.cached
    assert (before.priced, before.estimate.calls, before.estimate.cost_usd) == (False, 0, 0.0)
    assert before.cost_text == "free (offline)"
    analyse_article(text, None, settings)
    after = plan(text, settings, Store(settings.database))
    assert after.cached == {s.index for s in after.sections} and not after.uncached


def test_an_llm_plan_prices_only_the_sections_still_to_analyse(llm, fake_llm):
    text = long_article(8)
    first = plan(text, llm, Store(llm.database), price_table())
    assert first.priced and first.estimate.calls == len(first.sections) > 1
    assert first.estimate.prompt_tokens > first.tokens  # each call carries the instructions too
    assert first.estimate.cost_usd is not None and first.estimate.cost_usd > 0
    analyse_article(text, None, llm)
    again = plan(text, llm, Store(llm.database), price_table())
    assert again.estimate.calls == 0 and again.estimate.cost_usd == 0.0
    assert len(fake_llm.chat_requests) == len(first.sections)  # planning never calls the model


def test_an_unknown_price_is_unknown_not_free(llm):
    local = llm.with_(model="llama3.1:8b")
    assert plan(QUOTE, local, None, price_table()).estimate.cost_usd is None
    assert plan(QUOTE, local, None, price_table()).cost_text == "unknown"
    assert plan(QUOTE, llm, None, price_table()).cost_text.startswith("$")


def test_a_very_large_article_is_warned_about_only_for_a_model_run(llm, tmp_path):
    text = "The council met. " * (LARGE_ARTICLE_TOKENS // 4 + 10)
    assert plan(text, llm.with_(section_tokens=8000)).warnings
    assert not plan(text, load_settings(env={}, backend="offline", home=tmp_path, section_tokens=8000)).warnings


def test_a_missing_spacy_model_is_a_message_not_a_crash(monkeypatch):
    from explorer.errors import ExplorerError
    from explorer.offline import nlp

    monkeypatch.setattr(nlp, "MODEL_MODULES", ("no_such_model",))
    nlp.load_nlp.cache_clear()
    try:
        with pytest.raises(ExplorerError, match="install one of no_such_model"):
            nlp.load_nlp()
    finally:
        nlp.load_nlp.cache_clear()  # the next user loads the real model again


def test_a_wrapped_backend_changes_how_sections_run_not_what_is_cached(llm, fake_llm):
    import threading

    from explorer.backends import WrappedBackend

    class Bounded(WrappedBackend):
        """At most one call at a time, whatever the concurrency: what a corpus run shares between articles."""

        def __init__(self, inner, limit):
            super().__init__(inner)
            self.limit, self.running, self.most = limit, 0, 0

        def extract(self, section_text):
            with self.limit:
                self.running += 1
                self.most = max(self.most, self.running)
                try:
                    return super().extract(section_text)
                finally:
                    self.running -= 1

    text = long_article(8)
    bounded = Bounded(make_backend(llm), threading.Semaphore(1))
    first = analyse_article(text, None, llm, backend=bounded)
    assert bounded.most == 1 and first.usage.calls == len(first.sections) > 1
    again = analyse_article(text, None, llm)  # the plain backend finds what the wrapped one kept
    assert again.usage.cached_sections == len(again.sections)
