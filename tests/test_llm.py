"""The model door, driven through the real openai client against the scripted loopback server."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

import pytest

from explorer.config import Settings
from explorer.llm import ChatModel, LLMError
from explorer.schema import SectionExtraction
from tests.fake_openai import FakeOpenAI, Reply

KEY = "sk-canary-XYZ123456"
MESSAGES = [
    {"role": "system", "content": "Extract actors, claims and stances as JSON."},
    {"role": "user", "content": "Tokyo protested. Rudenko said Russia would not back down."},
]
ANSWER = {
    "actors": [
        {"name": "Japan", "type": "country", "title": None, "aliases": ["Tokyo"]},
        {"name": "Andrey Rudenko", "type": "person", "title": "deputy foreign minister", "aliases": ["Rudenko"]},
    ],
    "claims": [
        {
            "speaker": "Andrey Rudenko",
            "speaker_mention": "Rudenko",
            "text": "Russia would not back down",
            "quote": "indirect",
            "cue": "said",
        }
    ],
    "stances": [
        {"source": "Japan", "target": "Russia", "stance": "against", "evidence": "protested", "confidence": 0.8}
    ],
}
QUICK = {"Retry-After": "0.01"}  # the SDK honours it instead of its 0.5 s+ backoff


def chat_model(base_url: str, **changes: Any) -> ChatModel:
    """Return a ChatModel on base_url with test-sized timeouts and no SDK retries unless asked."""
    fields: dict[str, Any] = {"api_key": "test-key", "timeout": 2.0, "max_retries": 0, **changes}
    return ChatModel(Settings(backend="openai", base_url=base_url, model="fake-model", **fields))


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.mark.parametrize(
    ("usage", "expect_tokens"),
    [((812, 97), (812, 97)), (None, None)],
    ids=["endpoint-usage", "counted-locally"],
)
def test_success_returns_object_tokens_and_latency(
    fake_llm: FakeOpenAI, usage: tuple[int, int] | None, expect_tokens: tuple[int, int] | None
) -> None:
    fake_llm.script(Reply(json=ANSWER, usage=usage, delay=0.05))

    result, records = chat_model(fake_llm.base_url).complete(MESSAGES, SectionExtraction)

    assert result == SectionExtraction.model_validate(ANSWER)
    [record] = records
    assert (record.model, record.error) == ("fake-model", None)
    assert json.loads(record.response or "") == ANSWER
    assert json.loads(record.prompt) == MESSAGES
    tokens = (record.prompt_tokens, record.completion_tokens)
    assert tokens == expect_tokens if expect_tokens else min(tokens) > 0
    assert record.latency_s >= 0.05


def test_request_carries_strict_schema_model_and_temperature(fake_llm: FakeOpenAI) -> None:
    fake_llm.script(Reply(json=ANSWER))

    chat_model(fake_llm.base_url, temperature=0.3).complete(MESSAGES, SectionExtraction)

    [request] = fake_llm.chat_requests
    body = request.json
    assert (body["model"], body["temperature"], body["messages"]) == ("fake-model", 0.3, MESSAGES)
    assert request.headers["authorization"] == "Bearer test-key"
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    spec = response_format["json_schema"]
    assert (spec["name"], spec["strict"]) == ("SectionExtraction", True)
    schema = spec["schema"]
    assert set(schema["required"]) == {"actors", "claims", "stances"}
    assert set(schema["$defs"]) == {"ActorItem", "ClaimItem", "StanceItem"}
    for node in [schema, *schema["$defs"].values()]:
        # strict mode: no extra keys, and every field (even nullable ones) must be listed as required
        assert node["additionalProperties"] is False
        assert node["required"] == list(node["properties"])
    assert schema["$defs"]["ActorItem"]["properties"]["type"]["enum"] == [
        "person",
        "organization",
        "country",
        "group",
        "other",
    ]


def test_sdk_retries_rate_limit_and_server_error(fake_llm: FakeOpenAI) -> None:
    fake_llm.script(Reply(status=429, headers=QUICK), Reply(status=500, headers=QUICK), Reply(json=ANSWER))

    result, records = chat_model(fake_llm.base_url, max_retries=2).complete(MESSAGES, SectionExtraction)

    assert result == SectionExtraction.model_validate(ANSWER)
    assert len(fake_llm.chat_requests) == 3
    assert len(records) == 1  # transport retries are one logical call
    assert fake_llm.pending == 0


@pytest.mark.parametrize(
    ("first", "reason"),
    [
        (Reply(content='{"actors": [{"name": "Jap'), "Invalid JSON"),
        (Reply(json={"actors": [], "claims": []}), "stances: Field required"),
        (Reply(json={**ANSWER, "stances": [{"source": "Japan"}]}), "stances.0.target: Field required"),
        (Reply(content='{"actors": [], "claims": [', finish_reason="length"), "cut off"),
    ],
    ids=["malformed-json", "missing-field", "nested-missing-field", "truncated"],
)
def test_bad_answer_is_reasked_once_with_the_reason(fake_llm: FakeOpenAI, first: Reply, reason: str) -> None:
    fake_llm.script(first, Reply(json=ANSWER))

    result, records = chat_model(fake_llm.base_url).complete(MESSAGES, SectionExtraction)

    assert result == SectionExtraction.model_validate(ANSWER)
    assert [r.response for r in records] == [first.text, json.dumps(ANSWER)]
    reask = fake_llm.chat_requests[1].json["messages"]
    assert reask[: len(MESSAGES)] == MESSAGES
    assert reask[-2] == {"role": "assistant", "content": first.text}
    assert reask[-1]["role"] == "user" and reason in reask[-1]["content"]


@pytest.mark.parametrize(
    ("replies", "changes", "kind", "says"),
    [
        ([Reply(content="not json"), Reply(content='{"actors": ')], {}, "bad_output", "not valid"),
        ([Reply(json=ANSWER, delay=3)], {"timeout": 0.2}, "timeout", "{url} did not answer in time"),
        ([Reply(content=None, refusal="I cannot help with that.")], {}, "refusal", "I cannot help with that."),
        ([Reply(status=401)], {}, "auth", "{url} rejected the API key"),
        ([Reply(status=403)], {}, "auth", "no permission"),
        ([Reply(status=404)], {}, "not_found", "'fake-model' was not found at {url}"),
        ([Reply(status=429, headers=QUICK)] * 2, {"max_retries": 1}, "rate_limit", "rate limiting"),
        ([Reply(status=503, headers=QUICK)] * 2, {"max_retries": 1}, "server", "HTTP 503"),
        ([Reply(drop=True)], {}, "connection", "Cannot reach the endpoint {url}"),
        ([Reply(raw_body=b'{"choices": [')], {}, "server", "{url} did not answer like an OpenAI chat API"),
        ([Reply(raw_body=b"<h1>Web UI</h1>", headers={"Content-Type": "text/html"})], {}, "server", "ends in /v1"),
        ([Reply(raw_body=b'{"object": "chat.completion", "choices": []}')], {}, "server", "OpenAI chat API"),
    ],
    ids=[
        "bad-output-twice",
        "timeout",
        "refusal",
        "401",
        "403",
        "404",
        "429-persists",
        "503-persists",
        "dropped",
        "broken-body",
        "html-page",
        "no-choices",
    ],
)
def test_failures_become_llm_errors_a_user_can_act_on(
    fake_llm: FakeOpenAI, replies: list[Reply], changes: dict[str, Any], kind: str, says: str
) -> None:
    fake_llm.script(*replies)

    with pytest.raises(LLMError) as caught:
        chat_model(fake_llm.base_url, **changes).complete(MESSAGES, SectionExtraction)

    assert caught.value.kind == kind
    assert says.format(url=fake_llm.base_url) in str(caught.value)
    assert len(caught.value.records) == (2 if kind == "bad_output" else 1)
    assert len(fake_llm.chat_requests) == len(replies)


def test_unreachable_endpoint_is_a_connection_error(closed_port_url: str) -> None:
    with pytest.raises(LLMError) as caught:
        chat_model(closed_port_url).complete(MESSAGES, SectionExtraction)

    assert caught.value.kind == "connection"
    assert closed_port_url in str(caught.value)
    assert caught.value.records[0].error == str(caught.value)


@pytest.mark.parametrize(
    ("status", "kind"),
    [(401, "auth"), (400, "server"), (500, "server")],
)
def test_key_never_appears_in_errors_even_when_the_server_echoes_it(
    fake_llm: FakeOpenAI, status: int, kind: str
) -> None:
    echo = {"error": {"message": f"Incorrect API key provided: {KEY} (header: Bearer {KEY})", "type": "auth"}}
    fake_llm.script(Reply(status=status, error_body=echo))

    with pytest.raises(LLMError) as caught:
        chat_model(fake_llm.base_url, api_key=KEY).complete(MESSAGES, SectionExtraction)

    assert fake_llm.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"  # the key was really sent
    assert caught.value.kind == kind
    shown = [str(caught.value), repr(caught.value.records)]
    assert not any(KEY in text or "XYZ123456" in text for text in shown)
    if kind == "auth":
        assert "check the key" in str(caught.value)


def test_endpoint_without_json_schema_falls_back_to_json_mode(fake_llm: FakeOpenAI) -> None:
    rejection = {
        "error": {
            "message": "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
            "type": "invalid_request_error",
            "param": "response_format",
        }
    }
    fake_llm.script(Reply(status=400, error_body=rejection), Reply(json=ANSWER), Reply(json=ANSWER))
    model = chat_model(fake_llm.base_url)

    first, _ = model.complete(MESSAGES, SectionExtraction)
    second, _ = model.complete(MESSAGES, SectionExtraction)

    assert first == second == SectionExtraction.model_validate(ANSWER)
    formats = [r.json["response_format"] for r in fake_llm.chat_requests]
    assert formats[0]["type"] == "json_schema"
    assert formats[1:] == [{"type": "json_object"}] * 2  # the endpoint is asked only once
    last = fake_llm.chat_requests[-1].json["messages"][-1]
    assert last["role"] == "system" and '"speaker_mention"' in last["content"]  # the schema travels in the prompt


def test_list_models_returns_the_endpoint_models(fake_llm: FakeOpenAI) -> None:
    fake_llm.models = ["qwen2.5-7b-instruct", "llama-3.1-8b"]

    assert chat_model(fake_llm.base_url).list_models() == ["llama-3.1-8b", "qwen2.5-7b-instruct"]
    assert [(r.method, r.path) for r in fake_llm.requests] == [("GET", "/v1/models")]


def test_list_models_on_a_dead_endpoint_is_a_connection_error(closed_port_url: str) -> None:
    with pytest.raises(LLMError) as caught:
        chat_model(closed_port_url).list_models()

    assert caught.value.kind == "connection"


@pytest.mark.parametrize("url", ["http://[::1", "localhost:11434/v1", "ftp://example.org/v1", "http:///v1"])
def test_a_malformed_base_url_is_a_clear_error_not_a_crash(url: str) -> None:
    model = ChatModel(Settings(backend="openai", base_url=url, api_key="k", model="m", max_retries=0))
    with pytest.raises(LLMError, match="not a valid http"):
        model.list_models()
    with pytest.raises(LLMError, match="not a valid http"):
        model.complete([{"role": "user", "content": "hi"}], SectionExtraction)


# A stalled or odd endpoint: every call ends by its deadline; odd answers fail one call with a clear reason


def test_an_endpoint_that_trickles_its_answer_is_stopped_at_the_call_deadline(fake_llm: FakeOpenAI) -> None:
    fake_llm.default = lambda request: Reply(json=ANSWER, trickle=0.1)  # every read succeeds; the answer never ends
    model = chat_model(fake_llm.base_url, timeout=0.5, deadline=1.5, max_retries=2)
    started = time.monotonic()
    with pytest.raises(LLMError) as caught:
        model.complete(MESSAGES, SectionExtraction)
    assert time.monotonic() - started < 3
    assert caught.value.kind == "timeout" and "did not finish answering within 1.5 s" in str(caught.value)
    while fake_llm.in_flight and time.monotonic() - started < 8:  # the call thread stops reading the socket too,
        time.sleep(0.1)  # so the server's next byte finds the connection closed
    assert fake_llm.in_flight == 0


def test_the_deadline_covers_the_sdk_retries(fake_llm: FakeOpenAI) -> None:
    fake_llm.default = lambda request: Reply(status=503, headers={"Retry-After": "1"})
    model = chat_model(fake_llm.base_url, timeout=1.0, deadline=1.5, max_retries=50)
    started = time.monotonic()
    with pytest.raises(LLMError):
        model.complete(MESSAGES, SectionExtraction)
    assert time.monotonic() - started < 2.5
    assert len(fake_llm.chat_requests) <= 3


def test_the_deadline_covers_the_reask(fake_llm: FakeOpenAI) -> None:
    fake_llm.script(Reply(content="not json", delay=0.8), Reply(json=ANSWER, delay=0.9))  # each within the timeout
    model = chat_model(fake_llm.base_url, timeout=1.0, deadline=1.5)
    started = time.monotonic()
    with pytest.raises(LLMError, match="within 1.5 s"):
        model.complete(MESSAGES, SectionExtraction)
    assert time.monotonic() - started < 2.5 and len(fake_llm.chat_requests) == 2


def test_the_default_deadline_ends_a_call_within_two_minutes() -> None:
    model = ChatModel(Settings(backend="openai", base_url="http://127.0.0.1:9/v1"))
    assert model.deadline_s <= 120


@pytest.mark.parametrize(
    "usage",
    [
        {"prompt_tokens": "812", "completion_tokens": "97"},
        {"prompt_tokens": -5, "completion_tokens": -1},
        {"prompt_tokens": 1e300, "completion_tokens": None},
        {"prompt_tokens": True, "completion_tokens": [1]},
        "lots",
    ],
    ids=["strings", "negative", "huge", "odd-types", "not-an-object"],
)
def test_odd_usage_counts_are_replaced_by_our_own_count(fake_llm: FakeOpenAI, usage: Any) -> None:
    fake_llm.script(Reply(json=ANSWER, usage_body=usage))
    parsed, [record] = chat_model(fake_llm.base_url).complete(MESSAGES, SectionExtraction)
    assert [a.name for a in parsed.actors] == ["Japan", "Andrey Rudenko"]
    assert all(isinstance(n, int) and 0 < n < 10_000 for n in (record.prompt_tokens, record.completion_tokens))


@pytest.mark.parametrize(
    ("headers", "says"),
    [
        ({"Retry-After": "inf"}, "rate limiting requests (429)"),
        ({"Retry-After-Ms": "Infinity"}, "rate limiting requests (429)"),
        ({"Retry-After": "1e400"}, "rate limiting requests (429)"),
        ({"Retry-After": "99999999999999"}, "more than a week"),
        ({"Retry-After-Ms": "1e30"}, "more than a week"),
        ({"Retry-After": "nan"}, "rate limiting requests (429)"),
        ({"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"}, "more than a week"),
    ],
)
def test_huge_or_infinite_retry_after_fails_the_call_at_once_with_a_clear_reason(
    fake_llm: FakeOpenAI, headers: dict[str, str], says: str
) -> None:
    fake_llm.default = lambda request: Reply(status=429, headers=headers)
    started = time.monotonic()
    with pytest.raises(LLMError) as caught:
        chat_model(fake_llm.base_url, max_retries=1).complete(MESSAGES, SectionExtraction)
    assert time.monotonic() - started < 3
    assert caught.value.kind == "rate_limit" and says in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        {"choices": "abc"},
        {"choices": [{"message": "hello", "finish_reason": "stop"}]},
        {"choices": [{"message": {"content": {"actors": []}}, "finish_reason": "stop"}]},
        {"choices": [None]},
    ],
    ids=["choices-a-string", "message-a-string", "content-an-object", "choice-null"],
)
def test_an_answer_of_the_wrong_shape_fails_the_call_with_a_clear_reason(fake_llm: FakeOpenAI, body: Any) -> None:
    fake_llm.default = lambda request: Reply(raw_body=json.dumps(body).encode())
    with pytest.raises(LLMError) as caught:
        chat_model(fake_llm.base_url).complete(MESSAGES, SectionExtraction)
    assert caught.value.kind in ("server", "bad_output") and str(caught.value)


def test_a_password_in_the_base_url_is_sent_as_basic_auth_but_never_shown(fake_llm: FakeOpenAI) -> None:
    url = fake_llm.base_url.replace("http://", "http://alice:s3cretPass@")
    fake_llm.script(Reply(status=500, error_body={"error": {"message": "bad login s3cretPass"}}))
    with pytest.raises(LLMError) as caught:
        chat_model(url).complete(MESSAGES, SectionExtraction)
    assert "s3cretPass" not in str(caught.value) and "alice" not in str(caught.value)
    assert fake_llm.chat_requests[0].headers["authorization"].startswith("Basic ")


def test_listing_models_on_an_endpoint_that_never_finishes_ends_too(fake_llm: FakeOpenAI) -> None:
    fake_llm.models_trickle = 0.1  # every read succeeds; the list never ends
    started = time.monotonic()
    with pytest.raises(LLMError, match="did not finish answering within 1 s"):
        chat_model(fake_llm.base_url, timeout=0.5, deadline=1.0).list_models()
    assert time.monotonic() - started < 3


def test_concurrent_first_calls_share_one_client_and_its_connections(fake_llm: FakeOpenAI) -> None:
    fake_llm.default = lambda request: Reply(json=ANSWER)
    fake_llm.latency = 0.2  # every first call is in flight at once
    key = "key-of-this-test"  # a client of its own, never one cached by an earlier test on a reused port
    models = [chat_model(fake_llm.base_url, api_key=key) for _ in range(8)]
    for _ in range(2):
        threads = [threading.Thread(target=m.complete, args=(MESSAGES, SectionExtraction)) for m in models]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(fake_llm.chat_requests) == 16
    assert fake_llm.connections_opened <= 8  # the second round reuses the first round's connections
