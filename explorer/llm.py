"""The one door to the model: the official openai client, JSON out, errors a user can act on."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

import openai
from pydantic import BaseModel, ValidationError

from .config import Settings
from .tokens import count_tokens

T = TypeVar("T", bound=BaseModel)
_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+[A-Za-z0-9_\-.]{6,})")


class LLMError(Exception):
    """A model call failed; the message says what to do about it."""

    def __init__(self, message: str, kind: str, records: list[CallRecord] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.records = records or []


@dataclass(frozen=True)
class CallRecord:
    """One request/response pair as kept in the call log."""

    model: str
    prompt: str
    response: str | None
    prompt_tokens: int
    completion_tokens: int
    latency_s: float
    error: str | None = None


def redact(text: str, secret: str | None) -> str:
    """Return text with the key and anything shaped like a key replaced."""
    if secret:
        text = text.replace(secret, "[redacted]")
    return _KEY_PATTERN.sub("[redacted]", text)


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
    if json_mode:
        response_format: dict[str, Any] = {"type": "json_object"}
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
    """An OpenAI-compatible chat endpoint that returns validated pydantic objects."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.json_mode = False  # set when the endpoint turns json_schema down

    @cached_property
    def _client(self) -> openai.OpenAI:
        """The SDK client, built on first use: a fully cached run never pays for its TLS set-up."""
        return openai.OpenAI(
            api_key=self.settings.api_key or "not-needed",
            base_url=self.settings.base_url,
            timeout=self.settings.timeout,
            max_retries=self.settings.max_retries,
        )

    def complete(self, messages: list[dict[str, str]], output: type[T]) -> tuple[T, list[CallRecord]]:
        """Return the validated answer and the call records; re-ask once on bad output."""
        try:
            content, record = self._call(messages, output)
            return self._parse(content, record, output), [record]
        except LLMError as first:
            if first.kind not in ("bad_output", "truncated"):
                raise
            retry = [*messages, {"role": "assistant", "content": first.records[-1].response or ""}, _reask(first)]
            try:
                content, record = self._call(retry, output)
                return self._parse(content, record, output), [*first.records, record]
            except LLMError as second:
                second.records = [*first.records, *second.records]
                raise

    def list_models(self) -> list[str]:
        """Return the model ids the endpoint reports."""
        try:
            return sorted(m.id for m in self._client.models.list())
        except openai.OpenAIError as exc:
            raise self._translate(exc) from None

    def _call(self, messages: list[dict[str, str]], output: type[BaseModel]) -> tuple[str | None, CallRecord]:
        started = time.perf_counter()
        prompt = json.dumps(messages, ensure_ascii=False)
        try:
            response = self._create(messages, output)
        except LLMError as exc:
            exc.records = [CallRecord(self.settings.model, prompt, None, 0, 0, time.perf_counter() - started, str(exc))]
            raise
        choice = response.choices[0]
        content = choice.message.content
        usage = response.usage
        record = CallRecord(
            model=self.settings.model,
            prompt=prompt,
            response=content,
            prompt_tokens=usage.prompt_tokens if usage else count_tokens(prompt, self.settings.model),
            completion_tokens=usage.completion_tokens if usage else count_tokens(content or "", self.settings.model),
            latency_s=time.perf_counter() - started,
        )
        if getattr(choice.message, "refusal", None):
            raise LLMError(f"The model refused: {choice.message.refusal}", "refusal", [record])
        if choice.finish_reason == "length":
            raise LLMError("The model's answer was cut off (too long).", "truncated", [record])
        return content, record

    def _create(self, messages: list[dict[str, str]], output: type[BaseModel]) -> Any:
        try:
            request = build_request(self.settings, messages, output, self.json_mode)
            response = self._client.chat.completions.create(**request)
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
        if not getattr(response, "choices", None):  # an HTML page, a proxy, or an empty answer
            where = self.settings.base_url or "the OpenAI API"
            message = f"The endpoint {where} did not answer like an OpenAI chat API: check the URL (often ends in /v1)."
            raise LLMError(redact(message, self.settings.api_key), "server")
        return response

    def _parse(self, content: str | None, record: CallRecord, output: type[T]) -> T:
        try:
            return output.model_validate_json(content or "")
        except ValidationError as exc:
            raise LLMError(f"The model's answer was not valid: {_short(exc)}", "bad_output", [record]) from None

    def _translate(self, exc: openai.OpenAIError) -> LLMError:
        where = self.settings.base_url or "the OpenAI API"
        message, kind = _describe(exc, where, self.settings.model)
        return LLMError(redact(message, self.settings.api_key), kind)


def _describe(exc: openai.OpenAIError, where: str, model: str) -> tuple[str, str]:
    if isinstance(exc, openai.APITimeoutError):
        return f"The endpoint {where} did not answer in time.", "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return f"Cannot reach the endpoint {where}: check the URL and that the server runs.", "connection"
    if isinstance(exc, openai.AuthenticationError):
        return f"The endpoint {where} rejected the API key (401): check the key.", "auth"
    if isinstance(exc, openai.PermissionDeniedError):
        return f"The API key has no permission for this request at {where} (403).", "auth"
    if isinstance(exc, openai.NotFoundError):
        return f"Model '{model}' was not found at {where} (404).", "not_found"
    if isinstance(exc, openai.RateLimitError):
        return f"The endpoint {where} is rate limiting requests (429); try again later.", "rate_limit"
    if isinstance(exc, openai.APIStatusError):
        return f"The endpoint {where} failed with HTTP {exc.status_code}: {_body(exc)}", "server"
    return f"The model call failed: {exc}", "other"


def _body(exc: openai.APIStatusError) -> str:
    return str(exc.message)[:300]


def _short(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in exc.errors()[:5])


def _reask(error: LLMError) -> dict[str, str]:
    return {
        "role": "user",
        "content": f"Your previous answer could not be used ({error}). "
        "Reply again with one complete JSON object that follows the schema exactly; keep it concise.",
    }
