"""The whole engine over real HTTP: sections, one call each, grounding, cache, call log, failures."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from explorer import InputError, analyse_article, load_settings, sections, tokens
from explorer.storage import Store
from tests.articles import long_article
from tests.fake_openai import FakeOpenAI, Reply
from tests.llm_replies import faithful_reply, section_of

KEY = "sk-canary-PIPELINE-0123456789"


@pytest.fixture
def settings(fake_llm: FakeOpenAI, tmp_path: Path):
    fake_llm.default = faithful_reply
    return load_settings(
        env={},
        backend="openai",
        base_url=fake_llm.base_url,
        api_key=KEY,
        model="fake-model",
        home=tmp_path / "home",
        section_tokens=60,
        concurrency=16,
        max_retries=0,
        timeout=5.0,
    )


def test_each_section_is_sent_once_and_results_are_grounded(fake_llm, settings):
    text = long_article(32)
    analysis = analyse_article(text, "Harbour", settings)
    assert len(analysis.sections) >= 16
    assert len(fake_llm.chat_requests) == len(analysis.sections) == analysis.usage.calls
    sent = sorted(section_of(r.json) for r in fake_llm.chat_requests)
    assert sent == sorted(text[s.start : s.end] for s in analysis.sections)
    assert all(c.grounded and text[c.span[0] : c.span[1]] == c.text for c in analysis.claims)
    assert all(text[c.speaker_span[0] : c.speaker_span[1]] in c.speaker for c in analysis.claims)
    lind = next(a for a in analysis.actors if a.name == "Mara Lind")
    assert "Lind" in lind.aliases and len(lind.mentions) >= 8
    assert {(s.source, s.target, s.stance) for s in analysis.stances} == {("Mara Lind", "Tomas Berg", "against")}


def test_a_long_article_s_first_sections_are_sent_while_the_rest_is_still_split(fake_llm, settings, monkeypatch):
    asked = threading.Event()
    fake_llm.default = lambda request: (asked.set(), faithful_reply(request))[1]
    counted: list[str] = []
    sent_before_split_ended: list[bool] = []

    def count_slowly(text: str, model: str | None = None) -> int:
        counted.append(text)
        if len(counted) == 20:  # halfway through the article's paragraphs: has a section been sent already?
            sent_before_split_ended.append(asked.wait(10))
        return tokens.count_tokens(text, model)

    monkeypatch.setattr(sections, "count_tokens", count_slowly)
    analysis = analyse_article(long_article(40), None, settings)
    assert sent_before_split_ended == [True]
    assert len(fake_llm.chat_requests) == len(analysis.sections) > 10


def test_an_article_analysed_before_is_not_split_again(fake_llm, settings, monkeypatch):
    text = long_article(20)
    first = analyse_article(text, None, settings)

    def no_tokenizer(model: str | None) -> None:
        raise AssertionError("the tokenizer was loaded")

    monkeypatch.setattr(tokens, "encoding_for", no_tokenizer)
    again = analyse_article(text, None, settings)
    assert [(s.start, s.end, s.tokens) for s in again.sections] == [(s.start, s.end, s.tokens) for s in first.sections]


def test_request_uses_structured_output_and_delimits_the_article(fake_llm, settings):
    analyse_article("“Tides are rising,” said Mara Lind.", None, settings)
    body = fake_llm.chat_requests[0].json
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    system, user = body["messages"]
    assert "Tides" not in system["content"]
    assert "<<<ARTICLE SECTION\n“Tides are rising,” said Mara Lind.\nARTICLE SECTION>>>" in user["content"]


def test_a_cached_rerun_makes_no_call(fake_llm, settings):
    text = long_article(20)
    first = analyse_article(text, None, settings)
    calls = len(fake_llm.chat_requests)
    again = analyse_article(text, None, settings)
    assert len(fake_llm.chat_requests) == calls
    assert again.usage.calls == 0 and again.usage.cached_sections == len(again.sections)
    assert again.to_record()["claims"] == first.to_record()["claims"]


def test_changing_a_prompt_file_invalidates_the_cache(fake_llm, settings, tmp_path, monkeypatch):
    prompts = tmp_path / "prompts"
    shutil.copytree(Path(__file__).parents[1] / "prompts", prompts)
    monkeypatch.setenv("EXPLORER_PROMPTS", str(prompts))
    text = "“The quay is safe,” said Tomas Berg."
    analyse_article(text, None, settings)
    analyse_article(text, None, settings)
    assert len(fake_llm.chat_requests) == 1
    system = prompts / "extract_system.md"
    system.write_text(system.read_text() + "\nBe brief.\n", encoding="utf-8")
    analyse_article(text, None, settings)
    assert len(fake_llm.chat_requests) == 2
    assert "Be brief." in fake_llm.chat_requests[1].json["messages"][0]["content"]


def test_a_failed_section_is_reported_and_only_it_is_retried(fake_llm, settings):
    text = long_article(8)

    def flaky(request_json):
        if "Update 3." in section_of(request_json):
            return Reply(status=500)
        return faithful_reply(request_json)

    fake_llm.default = flaky
    analysis = analyse_article(text, None, settings)
    failed = analysis.failed_sections
    assert [text[s.start : s.end] for s in failed] and all("Update 3." in text[s.start : s.end] for s in failed)
    assert all(s.error.startswith(f"Section {s.index + 1}:") and "500" in s.error for s in failed)
    kept = [s for s in analysis.sections if s.status != "failed"]
    assert len(analysis.claims) == sum(text[s.start : s.end].count("” said") for s in kept) > 0
    fake_llm.default = faithful_reply
    before = len(fake_llm.chat_requests)
    retried = analyse_article(text, None, settings)
    assert len(fake_llm.chat_requests) - before == len(failed)
    assert not retried.failed_sections and len(retried.claims) > len(analysis.claims)


def test_the_call_log_keeps_every_call_but_never_the_key(fake_llm, settings):
    analyse_article(long_article(4), None, settings)
    store = Store(settings.database)
    calls = store.calls.recent()
    assert len(calls) == len(fake_llm.chat_requests)
    assert all((c.prompt_tokens or 0) > 0 and (c.latency_s or 0) > 0 and "said" in (c.response or "") for c in calls)
    store.close()
    for path in settings.home.iterdir():
        assert KEY.encode() not in path.read_bytes()


def test_progress_reports_every_section_and_tokens(fake_llm, settings):
    seen = []
    analysis = analyse_article(long_article(6), None, settings, progress=seen.append)
    assert [p.done for p in seen] == list(range(1, len(analysis.sections) + 1))
    assert seen[-1].total == len(analysis.sections) and seen[-1].tokens > 0
    assert all(p.findings is not None and p.status == "done" for p in seen)


def test_words_the_model_invented_are_marked_ungrounded(fake_llm, settings):
    invented = {
        "speaker": "Mara Lind",
        "speaker_mention": "Lind",
        "text": "The moon is made of cheese entirely",
        "quote": "direct",
        "cue": "said",
    }
    fake_llm.script(Reply(json={"actors": [], "claims": [invented], "stances": []}))
    analysis = analyse_article("Lind spoke at the harbour about the tides and the fleet.", None, settings)
    (claim,) = analysis.claims
    assert claim.grounded is False and claim.span is None


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_refused_with_a_message(settings, text):
    with pytest.raises(InputError, match="empty"):
        analyse_article(text, None, settings)


def test_an_unwritable_home_still_gives_the_analysis(fake_llm, settings, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    unwritable = settings.with_(home=blocker / "home")
    analysis = analyse_article("“Tides are rising,” said Mara Lind.", None, unwritable)
    assert analysis.claims and any("not saved" in n for n in analysis.notes)


def test_two_runs_of_the_same_article_at_once_pay_for_each_section_once(fake_llm, settings):
    import threading

    fake_llm.latency = 0.3
    text = long_article(8)
    results = []
    runs = [threading.Thread(target=lambda: results.append(analyse_article(text, None, settings))) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(30)
    sent = [section_of(r.json) for r in fake_llm.chat_requests]
    assert len(results) == 2 and all(not r.failed_sections for r in results)
    assert len(sent) == len(set(sent)) == len(results[0].sections)
    assert results[0].to_record()["claims"] == results[1].to_record()["claims"]


def test_every_speaker_and_stance_holder_is_an_actor(fake_llm, settings):
    extraction = {
        "actors": [{"name": "Mara Lind", "type": "person", "title": None, "aliases": []}],
        "claims": [
            {
                "speaker": "two harbour officials",
                "speaker_mention": "two harbour officials",
                "text": "the quay is unsafe",
                "quote": "indirect",
                "cue": "said",
            }
        ],
        "stances": [
            {
                "source": "the port authority",
                "target": "Mara Lind",
                "stance": "against",
                "evidence": "disputed",
                "confidence": 0.8,
            }
        ],
    }
    fake_llm.script(Reply(json=extraction))
    text = "Two harbour officials said the quay is unsafe. The port authority disputed Mara Lind's figures."
    analysis = analyse_article(text, None, settings)
    actors = {a.name: a for a in analysis.actors}
    assert {c.speaker for c in analysis.claims} | {s.source for s in analysis.stances} <= set(actors)
    assert actors["two harbour officials"].type == "group"
    assert text[slice(*actors["two harbour officials"].mentions[0])].lower() == "two harbour officials"
