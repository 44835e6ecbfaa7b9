"""The one door to the model: the official openai client, JSON out, errors a user can act on."""

from __future__ import annotations

import email.utils
import importlib
import json
import math
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote, urlparse

from pydantic import BaseModel, ValidationError

from .calls import CallRecord, LLMError
from .config import Settings, display_url, url_without_userinfo
from .deadlines import CallAbandoned, CallThreads, DeadlinePassed, current_deadline, run_within, time_left
from .prompts import load_template
from .tokens import count_tokens

if TYPE_CHECKING:  # the SDK takes most of a second to import: it loads when the first call needs it
    import openai

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")
_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+[A-Za-z0-9_\-.]{6,})")
RETRY_AFTER_CAP_S = 20.0  # a longer Retry-After fails at once, saying when to retry, instead of hanging
MODEL_LIST_TIMEOUT_S = 5.0
MODELS_SHOWN = 10
LONGEST_WAIT_S = 7 * 24 * 3600.0  # a Retry-After beyond a week is reported as "more than a week"
MAX_TOKEN_COUNT = 10**9  # a usage count above this is not a count
_CLIENT_LOCK = threading.Lock()  # lru_cache does not lock: the first calls of a run would each build a client
JSON_MODE_NOTE = "The endpoint does not support structured outputs; JSON mode with validation was used."


def redact(text: str, *secrets: str | None) -> str:
    """Return text with the given secrets and anything shaped like a key replaced."""
    for secret in secrets:
        if secret and len(secret) >= 3:  # a one-letter password would blank out every such letter
            text = text.replace(secret, "[redacted]")
    return _KEY_PATTERN.sub("[redacted]", text)


def url_passwords(url: str | None) -> list[str]:
    """Return the password written into url (http://user:password@host) as written and decoded, or []."""
    try:
        password = urlparse(url or "").password
    except ValueError:
        return []
    return [password, unquote(password)] if password else []


def check_base_url(url: str | None) -> None:
    """Raise LLMError unless url is empty (the OpenAI API) or a usable http(s) address."""
    if not url:
        return
    try:
        parsed = urlparse(url)
        parsed.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.hostname:
        shown = display_url(url)
        raise LLMError(
            f"The base URL '{shown}' is not a valid http(s) address, e.g. http://localhost:11434/v1", "config"
        )


@lru_cache(maxsize=8)
def _shared_client(
    base_url: str | None, api_key: str, timeout: float, max_retries: int, retry_after_cap: float
) -> openai.OpenAI:
    """Return one SDK client per endpoint settings (kept in memory only, like the key it holds).

    A user:password in the URL becomes the client's Basic auth, so the URL the SDK and httpx log and put in
    their errors carries no password.
    """

    def refuse_long_waits(response: Any) -> None:
        """Mark a response asking for a long wait as final; the SDK would sleep up to 2 minutes per retry."""
        wait = retry_after_seconds(response.headers)
        deadline = current_deadline()
        if wait is not None and wait > min(retry_after_cap, time_left()):
            response.headers["x-should-retry"] = "false"
        if deadline is not None:  # the body may trickle in a byte at a time: stop reading at the deadline
            response.stream = _deadline_stream()(response.stream, deadline, response.request)

    import openai

    parsed = urlparse(base_url or "")
    auth = (
        _http().BasicAuth(unquote(parsed.username or ""), unquote(parsed.password or "")) if parsed.password else None
    )
    return openai.OpenAI(
        api_key=api_key,
        base_url=url_without_userinfo(base_url) if base_url else None,
        timeout=timeout,
        max_retries=max_retries,
        http_client=openai.DefaultHttpxClient(
            auth=auth, event_hooks={"request": [_clip_timeouts], "response": [refuse_long_waits]}
        ),
    )


@lru_cache(maxsize=1)
def _http() -> Any:
    """Return the HTTP library the installed SDK is built on: httpx, or its successor httpx2 in newer releases."""
    import openai

    return importlib.import_module(openai.DefaultHttpxClient.__mro__[1].__module__.split(".")[0])


def _clip_timeouts(request: Any) -> None:
    """Give each request of a model call (the SDK's retries too) only the time left before the call's deadline."""
    if current_deadline() is None:
        return
    left = time_left()
    if left <= 0:
        raise _http().ConnectTimeout("the model call's deadline has passed", request=request)
    timeouts = request.extensions.get("timeout") or {}
    request.extensions["timeout"] = {
        name: min(left, timeouts.get(name) or left) for name in ("connect", "read", "write", "pool")
    }


@lru_cache(maxsize=1)
def _deadline_stream() -> type:
    """Return the class of a response body that raises a read timeout once the model call's deadline has passed."""
    http = _http()
    stream: Any = http.SyncByteStream  # the HTTP library is only known once the SDK has loaded

    class DeadlineStream(stream):
        def __init__(self, inner: Any, deadline: float, request: Any) -> None:
            self._inner, self._deadline, self._request = inner, deadline, request

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self._inner:
                if time.monotonic() > self._deadline:
                    raise http.ReadTimeout(
                        "the model call's deadline passed while its answer arrived", request=self._request
                    )
                yield chunk

        def close(self) -> None:
            self._inner.close()

    return DeadlineStream


@lru_cache(maxsize=16)
def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Return the model's JSON schema in the strict form structured outputs require."""
    schema = model.model_json_schema()

    def tighten(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                tighten(item)
            return
        if not isinstance(node, dict):
            return
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
            node["required"] = list(node["properties"])
        node.pop("default", None)
        node.pop("title", None)
        for key, value in node.items():
            children = value.values() if key in ("properties", "$defs") else [value]
            for child in children:
                tighten(child)

    tighten(schema)
    return schema


def build_request(
    settings: Settings, messages: list[dict[str, str]], output: type[BaseModel], json_mode: bool = False
) -> dict[str, Any]:
    """Return the chat.completions arguments for one structured call."""
    if json_mode:  # the endpoint has no structured outputs: the schema travels in the prompt instead
        response_format: dict[str, Any] = {"type": "json_object"}
        schema = json.dumps(strict_schema(output), ensure_ascii=False)
        messages = [*messages, {"role": "system", "content": load_template("json_mode_system").fill(schema=schema)}]
    else:
        response_format = {
            "type": "json_schema",
            "json_schema": {"name": output.__name__, "schema": strict_schema(output), "strict": True},
        }
    return {
        "model": settings.model,
        "messages": messages,
        "temperature": settings.temperature,
        "response_format": response_format,
    }


class ChatModel:
    """An OpenAI-compatible chat endpoint that returns validated pydantic objects.

    Its requests go out from at most `settings.concurrency` call threads, however many threads ask (every article
    of a corpus run shares one model): a call thread only sends and receives, and the asking thread reads the
    answer, so a call thread sends its next request as soon as an answer is in.
    """

    def __init__(self, settings: Settings, retry_after_cap: float = RETRY_AFTER_CAP_S) -> None:
        self.settings = settings
        self.retry_after_cap = retry_after_cap
        self.json_mode = False  # set when the endpoint turns json_schema down
        self._threads = CallThreads(settings.concurrency)

    @property
    def notes(self) -> list[str]:
        """Return what the user should know about how the calls were made."""
        return [JSON_MODE_NOTE] if self.json_mode else []

    @property
    def deadline_s(self) -> float:
        """Return the longest one model call may take, its retries and its re-ask included."""
        return max(self.settings.deadline, self.settings.timeout)

    @property
    def _where(self) -> str:
        """Return the endpoint as messages name it (no password)."""
        return display_url(self.settings.base_url) if self.settings.base_url else "the OpenAI API"

    def _redact(self, text: str) -> str:
        return redact(text, self.settings.api_key, *url_passwords(self.settings.base_url))

    @property
    def _client(self) -> openai.OpenAI:
        """The SDK client, built on first use and shared by runs with the same endpoint settings.

        Sharing keeps HTTP connections alive between analyses, and a fully cached run never pays for TLS set-up.
        """
        s = self.settings
        check_base_url(s.base_url)
        with _CLIENT_LOCK:
            return _shared_client(s.base_url, s.api_key or "not-needed", s.timeout, s.max_retries, self.retry_after_cap)

    def connect(self) -> None:
        """Load the SDK and build the client now, not in the first call; raise LLMError for an unusable URL."""
        self._client  # noqa: B018 - building it is the point

    def complete(self, messages: list[dict[str, str]], output: type[T]) -> tuple[T, list[CallRecord]]:
        """Return the validated answer and the call records; re-ask once on bad output, all within one deadline.

        The deadline counts the time the requests run, not the time they wait for a free call thread.
        """
        try:
            content, record = self._call(messages, output, self.deadline_s)
            return self._parse(content, record, output), [record]
        except LLMError as first:
            if first.kind not in ("bad_output", "truncated"):
                raise
            left = self.deadline_s - sum(r.latency_s for r in first.records)
            if left <= 0:
                raise LLMError(self._past_deadline(), "timeout", first.records) from None
            retry = [*messages, {"role": "assistant", "content": first.records[-1].response or ""}, _reask(first)]
            try:
                content, record = self._call(retry, output, left)
                return self._parse(content, record, output), [*first.records, record]
            except LLMError as second:
                second.records = [*first.records, *second.records]
                raise

    def list_models(self) -> list[str]:
        """Return the model ids the endpoint reports, within the same kind of deadline as a model call."""

        def listed() -> list[str]:
            import openai

            try:
                return sorted(str(m.id) for m in self._client.models.list())
            except openai.OpenAIError as exc:
                raise self._translate(exc) from None

        return self._within(min(self.deadline_s, 2 * self.settings.timeout + 5), listed)

    def _call(
        self, messages: list[dict[str, str]], output: type[BaseModel], seconds: float
    ) -> tuple[str | None, CallRecord]:
        """Return the answer's text and its record; the request runs in a call thread, given `seconds` to finish."""
        prompt = json.dumps(messages, ensure_ascii=False)
        started: list[float] = []  # when a call thread took the request

        def exchange() -> Any:
            started.append(time.perf_counter())
            return self._create(messages, output)

        try:
            response = self._within(seconds, exchange)
            answer = _Answer.of(response)
        except LLMError as exc:
            exc.records = [CallRecord(self.settings.model, prompt, None, 0, 0, _since(started), str(exc))]
            raise
        record = CallRecord(
            model=self.settings.model,
            prompt=prompt,
            response=answer.content if isinstance(answer.content, str) else None,
            prompt_tokens=_token_count(answer.prompt_tokens, lambda: count_tokens(prompt, self.settings.model)),
            completion_tokens=_token_count(
                answer.completion_tokens, lambda: count_tokens(str(answer.content or ""), self.settings.model)
            ),
            latency_s=_since(started),
        )
        if answer.refusal:
            raise LLMError(f"The model refused: {answer.refusal}", "refusal", [record])
        if answer.finish_reason == "length":
            raise LLMError("The model's answer was cut off (too long).", "truncated", [record])
        if answer.content is not None and not isinstance(answer.content, str):
            raise LLMError("The model's answer was not text.", "bad_output", [record])
        return answer.content, record

    def _within(self, seconds: float, call: Callable[[], R]) -> R:
        """Return call() run in a call thread within seconds (see explorer.deadlines); every failure is an LLMError."""
        try:
            return run_within(seconds, call, self._threads)
        except LLMError:
            raise
        except DeadlinePassed:
            raise LLMError(self._past_deadline(), "timeout") from None
        except CallAbandoned:
            raise LLMError("The model call was abandoned: the program is stopping.", "cancelled") from None
        except Exception as exc:  # an answer the SDK could not digest fails this call, not the whole run
            detail = self._redact(f"{type(exc).__name__}: {exc}")[:300]
            raise LLMError(f"The endpoint {self._where} sent an unreadable answer ({detail}).", "server") from None

    def _past_deadline(self) -> str:
        return (
            f"The endpoint {self._where} did not finish answering within {self.deadline_s:g} s (the limit for one "
            "model call, retries included); the server may be overloaded or stalled."
        )

    def _create(self, messages: list[dict[str, str]], output: type[BaseModel]) -> Any:
        import openai

        try:
            request = build_request(self.settings, messages, output, self.json_mode)
            # The client's generic POST: the same retries, errors and auth as chat.completions.create, but the
            # answer stays plain JSON. Building the typed request and answer was half the SDK's CPU per call (the
            # rest of a wave's calls wait behind it), and the typed answer's lazily built schemas are not
            # thread-safe: two call threads reading their first answers at once could fail one of them.
            response = self._client.post("/chat/completions", body=request, cast_to=object)
        except openai.BadRequestError as exc:
            mentioned = f"{exc} {getattr(exc, 'param', '') or ''}"
            if self.json_mode or "response_format" not in mentioned and "json_schema" not in mentioned:
                raise self._translate(exc) from None
            self.json_mode = True  # endpoint without structured outputs: JSON mode, validated here
            return self._create(messages, output)
        except openai.OpenAIError as exc:
            raise self._translate(exc) from None
        except json.JSONDecodeError:  # the SDK lets a 200 with a broken JSON body through
            response = None
        choices = response.get("choices") if isinstance(response, dict) else None
        if not isinstance(choices, list) or not choices:  # an HTML page, a proxy, or an empty answer
            raise LLMError(self._redact(_not_a_chat_api(self._where)), "server")
        return response

    def _parse(self, content: str | None, record: CallRecord, output: type[T]) -> T:
        try:
            return output.model_validate_json(content or "")
        except ValidationError as exc:
            raise LLMError(f"The model's answer was not valid: {_short(exc)}", "bad_output", [record]) from None

    def _translate(self, exc: openai.OpenAIError) -> LLMError:
        import openai

        message, kind = _describe(exc, self._where, self.settings.model)
        if kind == "not_found":
            message += self._available_models()
        elif isinstance(exc, openai.APIStatusError):
            message += _when_to_retry(exc) or (" Try again in a minute." if kind == "rate_limit" else "")
        if kind == "timeout":
            message = message.rstrip(".") + f" (waited {self.settings.timeout:g} s); the server may be overloaded."
        return LLMError(self._redact(message), kind)

    def _available_models(self) -> str:
        """Return ' Available models: …' from one quick, unretried listing, or a hint when it fails."""
        try:
            client = self._client.with_options(timeout=min(MODEL_LIST_TIMEOUT_S, self.settings.timeout), max_retries=0)
            names = sorted(m.id for m in client.models.list().data)  # the first page only: bounded
        except Exception:  # the listing is a courtesy; the 404 is the error to report
            names = []
        if not names:
            return " Check the model name, and that the URL ends in /v1."
        more = f" and {len(names) - MODELS_SHOWN} more" if len(names) > MODELS_SHOWN else ""
        return f" Available models: {', '.join(names[:MODELS_SHOWN])}{more}."


@dataclass(frozen=True)
class _Answer:
    """The parts of a chat completion (its JSON) this program reads, taken without trusting their types."""

    content: Any
    finish_reason: Any
    refusal: Any
    prompt_tokens: Any
    completion_tokens: Any

    @classmethod
    def of(cls, response: Any) -> _Answer:
        """Return the first choice's parts (nothing validated the answer's shape; neither can we assume it)."""
        choice = _field(response, "choices")[0]
        message, usage = _field(choice, "message"), _field(response, "usage")
        return cls(
            content=_field(message, "content"),
            finish_reason=_field(choice, "finish_reason"),
            refusal=_field(message, "refusal"),
            prompt_tokens=_field(usage, "prompt_tokens"),
            completion_tokens=_field(usage, "completion_tokens"),
        )


def _field(item: Any, name: str) -> Any:
    """Return item[name] when item is a JSON object, else None."""
    return item.get(name) if isinstance(item, dict) else None


def _since(started: list[float]) -> float:
    """Return the seconds since the first time in started (0 when the request never started)."""
    return time.perf_counter() - started[0] if started else 0.0


def _token_count(reported: Any, counted: Callable[[], int]) -> int:
    """Return the endpoint's token count when it is a plausible whole number, else our own count."""
    if isinstance(reported, int) and not isinstance(reported, bool) and 0 <= reported <= MAX_TOKEN_COUNT:
        return reported
    return counted()


def _not_a_chat_api(where: str) -> str:
    return f"The endpoint {where} did not answer like an OpenAI chat API: check the URL (often ends in /v1)."


def retry_after_seconds(headers: Any) -> float | None:
    """Return the wait a response asks for (Retry-After-Ms, Retry-After seconds or date), or None.

    Waits that are not finite are treated as absent; longer ones are capped at LONGEST_WAIT_S + 1.
    """
    if headers is None:
        return None
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            wait = float(value) / divisor
        except (ValueError, OverflowError):
            continue
        return min(max(0.0, wait), LONGEST_WAIT_S + 1) if math.isfinite(wait) else None
    value = headers.get("retry-after")
    try:
        when = email.utils.parsedate_to_datetime(value) if value else None
        return min(max(0.0, when.timestamp() - time.time()), LONGEST_WAIT_S + 1) if when else None
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def _when_to_retry(exc: openai.APIStatusError) -> str:
    wait = retry_after_seconds(getattr(exc.response, "headers", None))
    if not wait or wait < 1:
        return ""
    if wait > LONGEST_WAIT_S:
        return " The endpoint asks to wait more than a week: check your plan or try another endpoint."
    at = (datetime.now() + timedelta(seconds=wait)).strftime("%H:%M")
    return f" The endpoint asks to wait {_duration(wait)}: try again after {at}."


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _unresolvable_host(exc: BaseException, where: str) -> str | None:
    """Return the endpoint's host name when the failure was a DNS lookup, else None."""
    seen: BaseException | None = exc
    for _ in range(8):  # SDK error -> httpx -> httpcore -> socket.gaierror
        if seen is None:
            break
        if isinstance(seen, socket.gaierror) or "Name or service not known" in str(seen):
            return urlparse(where).hostname or _requested_host(exc) or where
        seen = seen.__cause__ or seen.__context__
    return None


def _requested_host(exc: BaseException) -> str | None:
    """Return the host a failed request was sent to ('api.openai.com' when no base URL was given)."""
    request = getattr(exc, "request", None)
    url = getattr(request, "url", None)
    host = getattr(url, "host", None)
    return host if isinstance(host, str) and host else None


def _describe(exc: openai.OpenAIError, where: str, model: str) -> tuple[str, str]:
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return f"The endpoint {where} did not answer in time.", "timeout"
    if isinstance(exc, openai.APIConnectionError):
        host = _unresolvable_host(exc, where)
        if host:
            return (
                f"Cannot reach the endpoint {where}: the host name '{host}' does not resolve (DNS); "
                "check the URL for typos and your network.",
                "connection",
            )
        return f"Cannot reach the endpoint {where}: check the URL and that the server runs.", "connection"
    if isinstance(exc, openai.AuthenticationError):
        return f"The endpoint {where} rejected the API key (401): check the key.", "auth"
    if isinstance(exc, openai.PermissionDeniedError):
        return f"The API key has no permission for this request at {where} (403).", "auth"
    if isinstance(exc, openai.NotFoundError):
        return f"Model '{model}' was not found at {where} (404).", "not_found"
    if isinstance(exc, openai.RateLimitError):
        return f"The endpoint {where} is rate limiting requests (429).", "rate_limit"
    if isinstance(exc, openai.APIStatusError):
        return f"The endpoint {where} failed with HTTP {exc.status_code}: {_body(exc)}", "server"
    return f"The model call failed: {exc}", "other"


def _body(exc: openai.APIStatusError) -> str:
    return str(exc.message)[:300]


def _short(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in exc.errors()[:5])


def _reask(error: LLMError) -> dict[str, str]:
    return {"role": "user", "content": load_template("reask_user").fill(problem=str(error)).strip()}


# --- Provider Batch API (/v1/files + /v1/batches): about half the price, answers within 24 h ---------------


def submit_batch(settings: Settings, requests: list[dict[str, Any]]) -> str:
    """Upload Batch API request lines ({custom_id, method, url, body}) and start a batch; return its id."""
    import openai

    model = ChatModel(settings)
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in requests).encode("utf-8")
    try:
        uploaded = model._client.files.create(file=("sections.jsonl", data), purpose="batch")
        batch = model._client.batches.create(
            input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h"
        )
    except openai.OpenAIError as exc:
        raise model._translate(exc) from None
    return batch.id


def batch_answers(settings: Settings, batch_id: str) -> tuple[str, dict[str, str | None]]:
    """Return a batch's status and, once completed, each request's answer by custom_id (None when it failed)."""
    import openai

    model = ChatModel(settings)
    try:
        batch = model._client.batches.retrieve(batch_id)
        if batch.status != "completed" or not batch.output_file_id:
            return batch.status, {}
        text = model._client.files.content(batch.output_file_id).text
    except openai.OpenAIError as exc:
        raise model._translate(exc) from None
    answers: dict[str, str | None] = {}
    for line in filter(str.strip, text.splitlines()):
        item = json.loads(line)
        response = item.get("response") or {}
        choices = (response.get("body") or {}).get("choices") or []
        usable = response.get("status_code") == 200 and choices and choices[0].get("finish_reason") == "stop"
        answers[str(item.get("custom_id"))] = choices[0]["message"].get("content") if usable else None
    return batch.status, answers
