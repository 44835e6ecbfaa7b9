"""Every LLM fault end to end: a message naming the section, finished sections cached, a re-run retries the rest."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from explorer import analyse_article, load_settings
from explorer.backends import make_backend
from explorer.calls import section_key
from explorer.llm import JSON_MODE_NOTE
from explorer.storage import Store
from explorer.tokens import count_tokens
from tests.articles import long_article
from tests.fake_openai import FakeOpenAI, Reply
from tests.llm_replies import faithful_reply, section_of

BAD = "Update 3."  # the section carrying this marker is the one that fails
HACK = {"actors": [{"name": "X", "type": "alien"}], "claims": [], "stances": []}  # parses, violates the schema


def settings_for(fake: FakeOpenAI, home: Path, **changes: Any):
    fields: dict[str, Any] = {"section_tokens": 60, "concurrency": 4, "max_retries": 0, "timeout": 5.0, **changes}
    return load_settings(
        env={},
        backend="openai",
        base_url=fake.base_url,
        api_key="sk-test-faults",
        model="fake-model",
        home=home,
        **fields,
    )


FAULTS = [
    # (id, reply for the bad section, settings changes, words the message must contain)
    ("timeout", Reply(json={}, delay=2.0), {"timeout": 0.3}, "did not answer in time (waited 0.3 s)"),
    ("dropped-connection", Reply(drop=True), {}, "Cannot reach the endpoint"),
    ("401", Reply(status=401), {}, "rejected the API key (401): check the key"),
    ("403", Reply(status=403), {}, "no permission"),
    ("404", Reply(status=404), {}, "'fake-model' was not found"),
    (
        "429-retry-after-3600",
        Reply(status=429, headers={"Retry-After": "3600"}),
        {"max_retries": 2},
        "asks to wait 60 min: try again after",
    ),
    ("429-no-header", Reply(status=429, headers={"Retry-After": "0.01"}), {}, "rate limiting requests (429)"),
    ("500", Reply(status=500), {}, "failed with HTTP 500"),
    ("503-retry-after", Reply(status=503, headers={"Retry-After": "120"}), {"max_retries": 2}, "asks to wait 2 min"),
    ("malformed-json", Reply(content='{"actors": [{"name": "Ma'), {}, "not valid"),
    ("schema-violating-json", Reply(json=HACK), {}, "actors.0.type"),
    ("truncated", Reply(content='{"actors": [', finish_reason="length"), {}, "cut off"),
    ("refusal", Reply(content=None, refusal="I cannot help with that."), {}, "refused: I cannot help with that."),
    ("html-page", Reply(raw_body=b"<h1>Login</h1>", headers={"Content-Type": "text/html"}), {}, "ends in /v1"),
]


@pytest.mark.parametrize(("bad_reply", "changes", "says"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_a_fault_fails_only_its_section_keeps_the_rest_and_a_rerun_retries_it(
    fake_llm: FakeOpenAI, tmp_path: Path, bad_reply: Reply, changes: dict[str, Any], says: str
) -> None:
    def faulty(request_json: Any) -> Reply:
        return bad_reply if BAD in section_of(request_json) else faithful_reply(request_json)

    fake_llm.default = faulty
    settings = settings_for(fake_llm, tmp_path / "home", **changes)
    text = long_article(8)
    started = time.perf_counter()

    first = analyse_article(text, None, settings)

    assert time.perf_counter() - started < 4  # a 3600 s Retry-After must not hang the run
    failed = first.failed_sections
    assert failed and all(BAD in text[s.start : s.end] for s in failed)
    assert all(s.error.startswith(f"Section {s.index + 1}: ") and says in s.error for s in failed)
    store = Store(settings.database)
    identity = make_backend(settings).identity
    for section in first.sections:  # finished sections are cached, failed ones are not
        cached = store.cache.get(section_key(identity, text[section.start : section.end]))
        assert (cached is None) == (section.status == "failed")
    store.close()

    fake_llm.default = faithful_reply
    before = len(fake_llm.chat_requests)
    again = analyse_article(text, None, settings)

    assert len(fake_llm.chat_requests) - before == len(failed)
    assert not again.failed_sections and len(again.claims) > len(first.claims)
    assert again.usage.cached_sections == len(again.sections) - len(failed)


def test_a_long_retry_after_fails_at_once_without_retrying(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    fake_llm.script(Reply(status=429, headers={"Retry-After": "3600"}))
    settings = settings_for(fake_llm, tmp_path / "home", max_retries=5)

    analysis = analyse_article("“Tides are rising,” said Mara Lind.", None, settings)

    assert len(fake_llm.chat_requests) == 1
    assert "asks to wait 60 min" in analysis.sections[0].error


def test_a_short_retry_after_is_honoured(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    fake_llm.script(Reply(status=429, headers={"Retry-After": "0.3"}))
    fake_llm.default = faithful_reply
    settings = settings_for(fake_llm, tmp_path / "home", max_retries=2)
    started = time.perf_counter()

    analysis = analyse_article("“Tides are rising,” said Mara Lind.", None, settings)

    assert not analysis.failed_sections and analysis.claims
    assert len(fake_llm.chat_requests) == 2 and time.perf_counter() - started >= 0.3


@pytest.mark.parametrize(
    ("models", "says"),
    [
        (["llama-3.1-8b", "qwen2.5-7b"], "Available models: llama-3.1-8b, qwen2.5-7b."),
        ([f"model-{n:02}" for n in range(25)], "model-09 and 15 more."),
        ([], "Check the model name, and that the URL ends in /v1."),
    ],
    ids=["two", "many", "none"],
)
def test_model_not_found_lists_what_the_endpoint_has(fake_llm: FakeOpenAI, tmp_path: Path, models, says) -> None:
    fake_llm.models = models
    fake_llm.default = lambda request_json: Reply(status=404)

    analysis = analyse_article("“Tides are rising,” said Mara Lind.", None, settings_for(fake_llm, tmp_path))

    (section,) = analysis.failed_sections
    assert "'fake-model' was not found" in section.error and says in section.error
    assert [r.method for r in fake_llm.requests] == ["POST", "GET"]  # one bounded listing, no retries


def test_an_unresolvable_host_says_so(tmp_path: Path) -> None:
    # .invalid never resolves (RFC 2606): the lookup fails locally and nothing leaves the machine
    settings = load_settings(
        env={},
        backend="openai",
        base_url="http://nonexistent.invalid/v1",
        api_key="sk-x",
        model="fake-model",
        home=tmp_path,
        max_retries=0,
        timeout=5.0,
        section_tokens=60,
    )

    analysis = analyse_article(long_article(3), None, settings)

    assert analysis.sections and len(analysis.failed_sections) == len(analysis.sections)
    assert all("'nonexistent.invalid' does not resolve (DNS)" in s.error for s in analysis.sections)
    identity = make_backend(settings).identity
    keys = [section_key(identity, analysis.text[s.start : s.end]) for s in analysis.sections]
    assert not Store(settings.database).cache.present(keys)  # nothing that failed is cached


def test_an_endpoint_without_structured_outputs_is_noted(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    rejection = {
        "error": {
            "message": "'response_format' of type 'json_schema' is not supported",
            "type": "invalid_request_error",
            "param": "response_format",
        }
    }

    def json_mode_only(request_json: Any) -> Reply:
        if request_json["response_format"]["type"] == "json_schema":
            return Reply(status=400, error_body=rejection)
        return faithful_reply(request_json)

    fake_llm.default = json_mode_only
    analysis = analyse_article(long_article(4), None, settings_for(fake_llm, tmp_path, concurrency=1))

    assert not analysis.failed_sections and analysis.claims
    assert JSON_MODE_NOTE in analysis.notes
    assert "does not support structured outputs; JSON mode with validation was used" in JSON_MODE_NOTE


@pytest.mark.parametrize("when", ["before-start", "after-first-section"])
def test_cancel_stops_new_sections_and_a_rerun_finishes_them(fake_llm: FakeOpenAI, tmp_path: Path, when) -> None:
    fake_llm.default = faithful_reply
    fake_llm.latency = 0.1
    settings = settings_for(fake_llm, tmp_path, concurrency=2)
    text = long_article(16)
    cancel = threading.Event()
    if when == "before-start":
        cancel.set()

    analysis = analyse_article(text, None, settings, cancel=cancel, progress=lambda p: cancel.set())

    done = [s for s in analysis.sections if s.status == "done"]
    stopped = analysis.failed_sections
    assert len(done) + len(stopped) == len(analysis.sections) >= 6
    # running sections finish; a worker freed just before the cancel may start one more
    assert len(fake_llm.chat_requests) == len(done) <= (0 if when == "before-start" else 2 * settings.concurrency)
    assert stopped and all(s.error == f"Section {s.index + 1}: cancelled" for s in stopped)
    assert any(n.startswith(f"Cancelled: {len(stopped)} of") for n in analysis.notes)

    again = analyse_article(text, None, settings)
    assert len(fake_llm.chat_requests) == len(analysis.sections)  # each section was sent exactly once
    assert not again.failed_sections and again.usage.cached_sections == len(done)


def test_one_huge_paragraph_without_punctuation_is_sent_in_pieces_within_budget(
    fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    fake_llm.default = faithful_reply
    words = ["harbour", "quay", "fleet", "tide", "council", "union", "ferry", "dock"]
    text = " ".join(words[(i * 7) % len(words)] + str(i % 13) for i in range(6000))  # no full stop anywhere
    settings = settings_for(fake_llm, tmp_path, section_tokens=500, concurrency=8)

    analysis = analyse_article(text, None, settings)

    sent = [section_of(r.json) for r in fake_llm.chat_requests]
    pieces = [text[s.start : s.end] for s in analysis.sections]
    assert not analysis.failed_sections and len(analysis.sections) > 10
    assert all(count_tokens(s, "fake-model") <= 500 for s in sent)
    assert "".join(pieces) == text
    assert sorted(sent) == sorted(set(pieces)), "each distinct piece is sent once; repeats come from the cache"


def test_an_unresolvable_default_endpoint_names_its_real_host() -> None:
    # with no base URL the endpoint is "the OpenAI API"; the DNS message must name the host that failed
    import httpx
    import openai

    from explorer.llm import _describe

    error = openai.APIConnectionError(request=httpx.Request("POST", "https://api.openai.com/v1/chat/completions"))
    error.__cause__ = socket.gaierror(-2, "Name or service not known")
    message, kind = _describe(error, "the OpenAI API", "gpt-4o-mini")
    assert kind == "connection"
    assert "'api.openai.com' does not resolve" in message
