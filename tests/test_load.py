"""Load: 20 analyses at once through the library against one loopback server; none lost, none mixed up."""

from __future__ import annotations

import threading
from pathlib import Path

from explorer import analyse_article, load_settings
from explorer.analysis import Analysis
from explorer.backends import make_backend
from explorer.calls import section_key
from explorer.storage import Store
from tests.fake_openai import FakeOpenAI
from tests.llm_replies import faithful_reply

FIRST = ["Mara", "Tomas", "Ilse", "Karin", "Lukas"]
LAST = ["Lind", "Berg", "Varga", "Holt"]
ARTICLES = 20


def article(n: int) -> tuple[str, set[str]]:
    """Return a short article of three paragraphs with its own two speakers, and their names."""
    a = f"{FIRST[n % 5]} {LAST[n % 4]}"
    b = f"{FIRST[(n + 2) % 5]} {LAST[(n + 1) % 4]}"
    text = (
        f"“Berth {n} must stay open for the night ferries,” said {a}.\n\n"
        f"“The berth {n} budget is already spent twice over,” said {b}.\n\n"
        f"{a} criticised {b} at the meeting about berth {n} on Tuesday."
    )
    return text, {a, b}


def test_twenty_concurrent_analyses_all_complete_unmixed_and_cached(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    fake_llm.default = faithful_reply
    fake_llm.latency = 0.05
    settings = load_settings(
        env={},
        backend="openai",
        base_url=fake_llm.base_url,
        api_key="sk-test-load",
        model="fake-model",
        home=tmp_path,
        section_tokens=25,
        concurrency=4,
        max_retries=0,
        timeout=10.0,
    )
    store = Store(settings.database)  # one store shared by every thread, as in the app
    results: dict[int, Analysis] = {}
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            results[n] = analyse_article(article(n)[0], f"Article {n}", settings, store=store)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(ARTICLES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == [] and sorted(results) == list(range(ARTICLES))
    sections = [s for n in range(ARTICLES) for s in results[n].sections]
    assert len(fake_llm.chat_requests) == len(sections) >= 2 * ARTICLES  # every section sent exactly once
    identity = make_backend(settings).identity
    for n, analysis in results.items():
        text, speakers = article(n)
        assert analysis.text == text and not analysis.failed_sections
        assert len(analysis.claims) == 2 and {c.speaker for c in analysis.claims} == speakers
        assert all(text[c.span[0] : c.span[1]] == c.text and f"{n}" in c.text for c in analysis.claims)
        assert {(s.source, s.target) for s in analysis.stances} <= {(a, b) for a in speakers for b in speakers}
        for section in analysis.sections:  # nothing lost: every section of every article is cached
            assert store.cache.get(section_key(identity, text[section.start : section.end])) is not None
    assert store.cache.stats().entries == len(sections) + ARTICLES  # each section's findings, each article's split
    assert len(store.calls.recent(limit=1000)) == len(sections)
    store.close()
