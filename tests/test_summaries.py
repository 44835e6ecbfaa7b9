"""Summaries: extractive offline (length, attribution, order, bullets) and LLM over HTTP (prompt, map-reduce, cache)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer import analyse_article, load_settings
from explorer.checking import check_summary, word_count
from explorer.config import Settings
from explorer.extractive import extractive_summary
from explorer.ingest import InputError
from explorer.llm import LLMError
from explorer.sections import split_sections
from explorer.storage import Store
from explorer.summaries import STYLES, summarize
from tests.fake_openai import FakeOpenAI, Reply
from tests.summary_articles import TRANSPORT_LAW, long_transport_article


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    return analyse_article(TRANSPORT_LAW, "Transport law", load_settings(env={}, backend="offline", home=home))


@pytest.fixture(scope="module")
def long_analysis(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    text = long_transport_article()
    return analyse_article(text, "Transport law", load_settings(env={}, backend="offline", home=home))


@pytest.fixture
def offline(tmp_path: Path):
    return load_settings(env={}, backend="offline", home=tmp_path / "home")


@pytest.fixture
def llm(llm: Settings, fake_llm: FakeOpenAI) -> Settings:
    """The shared LLM settings, the endpoint answering every summary with one sentence."""
    fake_llm.default = lambda request: Reply(json={"summary": "Karin Holt warned about job losses."})
    return llm


def article_positions(summary: str, text: str) -> list[int]:
    """Return where each summary line or sentence starts in the article (-1 when it is not verbatim)."""
    flat = " ".join(text.split())
    pieces = [
        p
        for line in summary.splitlines()
        for p in re.split(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])", line[2:] if line.startswith("- ") else line)
    ]
    return [flat.find(p) for p in pieces]


@pytest.mark.parametrize("words", [25, 40, 60, 120])
@pytest.mark.parametrize("style", list(STYLES))
def test_offline_summary_respects_length_and_keeps_article_order(analysis, style, words):
    summary = extractive_summary(analysis, style, words)
    positions = article_positions(summary, analysis.text)
    assert 0 < word_count(summary) <= words
    assert -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize("words", [25, 60, 120])
def test_offline_summary_keeps_attribution(analysis, words):
    summary = extractive_summary(analysis, "neutral", words)
    assert "Karin Holt said" in summary
    assert check_summary(analysis, summary).flags == []


def test_a_pronoun_speaker_comes_with_the_sentence_naming_him(analysis):
    summary = extractive_summary(analysis, "neutral", 120)
    assert "He said the law would modernise freight" in summary
    assert "Transport Minister Lukas Brenner rejected the warning. He said" in summary


def test_offline_bullets_are_one_line_per_sentence(analysis):
    lines = extractive_summary(analysis, "bullets", 60).splitlines()
    assert len(lines) >= 2 and all(line.startswith("- ") and line.count(". ") == 0 for line in lines)


def test_offline_summary_is_deterministic_and_cached(analysis, offline):
    first = summarize(analysis, "neutral", 60, offline)
    again = summarize(analysis, "neutral", 60, offline)
    assert first.text == again.text == extractive_summary(analysis, "neutral", 60)
    assert (first.cached, again.cached) == (False, True)
    assert first.source == "offline · neutral" and first.usage.calls == 0


@pytest.mark.parametrize(("style", "words", "message"), [("poem", 100, "Unknown summary style"), ("neutral", 3, "10")])
def test_bad_requests_are_refused(analysis, offline, style, words, message):
    with pytest.raises(InputError, match=message):
        summarize(analysis, style, words, offline)


def test_the_prompt_carries_the_claims_and_the_delimited_article(analysis, llm, fake_llm):
    result = summarize(analysis, "bullets", 80, llm)
    (request,) = fake_llm.chat_requests
    system, user = request.json["messages"]
    assert result.text == "Karin Holt warned about job losses." and result.source == "gpt-4o-mini · bullets"
    assert request.json["response_format"]["type"] == "json_schema"
    assert "Velden" not in system["content"] and "80 words" in system["content"] and "- " in system["content"]
    assert f"<<<ARTICLE\n{TRANSPORT_LAW}\nARTICLE>>>" in user["content"]
    claims = user["content"].split("<<<CLAIMS")[1].split("CLAIMS>>>")[0]
    assert '- Karin Holt (union leader) [said, indirect]: the new transport law "will destroy' in claims
    assert result.usage.calls == 1


def test_a_long_article_is_summarised_part_by_part_then_joined(long_analysis, llm, fake_llm):
    parts = split_sections(long_analysis.text, 300, llm.model)
    summarize(long_analysis, "neutral", 120, llm, context_tokens=600)
    requests = [r.json["messages"][1]["content"] for r in fake_llm.chat_requests]
    assert len(parts) > 2 and len(requests) == len(parts) + 1
    assert sum("<<<ARTICLE PART\n" in r for r in requests) == len(parts)
    assert "<<<PARTS\nPart 1:\nKarin Holt warned" in requests[-1]
    for request in (r for r in requests if "<<<ARTICLE PART" in r):  # each part carries only its own claims
        claims, part = request.split("CLAIMS>>>")[0], request.split("<<<ARTICLE PART")[1]
        assert set(re.findall(r"berth \d+", claims)) <= set(re.findall(r"berth \d+", part))


def test_a_cached_summary_costs_no_call_and_the_call_is_logged(analysis, llm, fake_llm):
    summarize(analysis, "neutral", 100, llm)
    again = summarize(analysis, "neutral", 100, llm)
    assert len(fake_llm.chat_requests) == 1 and again.cached and again.usage.calls == 0
    assert len(Store(llm.database).calls.recent()) == 1


@pytest.mark.parametrize("change", [{"style": "abstract"}, {"words": 50}])
def test_a_different_style_or_length_is_a_new_call(analysis, llm, fake_llm, change):
    summarize(analysis, "neutral", 100, llm)
    summarize(analysis, **{"style": "neutral", "words": 100, **change}, settings=llm)
    assert len(fake_llm.chat_requests) == 2


def test_changing_a_summary_prompt_invalidates_the_cache(analysis, llm, fake_llm, prompts):
    summarize(analysis, "neutral", 100, llm)
    summarize(analysis, "neutral", 100, llm)
    system = prompts / "summary_system.md"
    system.write_text(system.read_text(encoding="utf-8") + "\nBe brief.\n", encoding="utf-8")
    summarize(analysis, "neutral", 100, llm)
    assert len(fake_llm.chat_requests) == 2


def test_a_failed_call_raises_and_is_logged(analysis, llm, fake_llm):
    fake_llm.script(Reply(status=500))
    with pytest.raises(LLMError, match="HTTP 500"):
        summarize(analysis, "neutral", 100, llm)
    (call,) = Store(llm.database).calls.recent()
    assert call.error and "HTTP 500" in call.error


def test_the_news_lead_opens_the_brief_but_not_who_says_what(tmp_path):
    from explorer.sample import load_sample

    title, text = load_sample()
    sample = analyse_article(text, title, load_settings(env={}, backend="offline", home=tmp_path))
    assert extractive_summary(sample, "neutral", 120).startswith("Japan will require case-by-case licences")
    assert not extractive_summary(sample, "who_says_what", 120).startswith("Japan will require")
