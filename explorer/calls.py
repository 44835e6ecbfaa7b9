"""Model calls: their record in the call log, their error, and the one cached-and-logged path every task takes."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .config import display_url
from .errors import ExplorerError

if TYPE_CHECKING:
    from .storage import Store

Work = Callable[[], tuple[dict[str, Any], list["CallRecord"]]]


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


class LLMError(ExplorerError):
    """A model call failed; the message says what to do about it, `records` what was paid for."""

    def __init__(self, message: str, kind: str, records: list[CallRecord] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.records = records or []


def content_key(payload: dict[str, Any]) -> str:
    """Return the content address of payload: the hash of its compact, sorted JSON."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def section_key(identity: dict[str, Any], section_text: str) -> str:
    """Return the cache key of one section's findings under one backend identity."""
    return content_key({"identity": identity, "text": section_text})


@dataclass
class Answer:
    """What one cached-and-logged call gave: a cached or fresh value, or the error, with the calls it made."""

    status: Literal["cached", "done", "failed"]
    value: dict[str, Any] | None = None
    records: list[CallRecord] = field(default_factory=list)
    error: LLMError | None = None


class _InFlight:
    """Keys being computed anywhere in this process, so a second run waits instead of paying twice.

    Two app sessions on the same article, or a run resumed while a cancelled one still finishes its
    running sections, would otherwise send the same request to the model twice.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[str, threading.Event] = {}

    def claim(self, key: str) -> threading.Event | None:
        """Return None when the caller now owns key, else the event that is set when its owner is done."""
        with self._lock:
            if key in self._running:
                return self._running[key]
            self._running[key] = threading.Event()
            return None

    def release(self, key: str) -> None:
        """Mark key done (its result is in the cache by now) and wake whoever waits for it."""
        with self._lock:
            self._running.pop(key).set()


_IN_FLIGHT = _InFlight()


class CachedCalls:
    """The store as a task sees it: answers looked up, computed at most once, kept, and every call logged.

    The store is a convenience: when it fails, the answer is still returned and `notes` says it was not saved.
    """

    def __init__(
        self,
        store: Store | None,
        notes: list[str],
        *,
        backend: str,
        endpoint: str | None = None,
        wait_s: float = 60.0,
        shown: str = "results are shown",
    ) -> None:
        self.store, self.notes, self.backend = store, notes, backend
        self.endpoint = display_url(endpoint) if endpoint else None  # the call log never keeps a password
        self.wait_s = wait_s  # how long to wait for another run computing the same key
        self.shown = shown

    def lookup(self, key: str) -> dict[str, Any] | None:
        """Return the cached value for key, or None."""
        return self._guarded(self.store.cache.get, key) if self.store is not None else None

    def cached_keys(self, keys: list[str]) -> set[str]:
        """Return those of keys whose values are in the cache."""
        found = self._guarded(self.store.cache.present, keys) if self.store is not None else None
        return set(found or ())

    def answer(self, key: str, work: Work) -> Answer:
        """Return the cached value for key, else run work once in this process, keep its value and log its calls."""
        busy = _IN_FLIGHT.claim(key)
        if busy is not None:  # another run computes this very key: wait for its result
            busy.wait(self.wait_s)
            return self._cached_answer(key) or self._computed(key, work)
        try:
            return self._cached_answer(key) or self._computed(key, work)  # it may have finished since the caller looked
        finally:
            _IN_FLIGHT.release(key)

    def _cached_answer(self, key: str) -> Answer | None:
        value = self.lookup(key)
        return None if value is None else Answer("cached", value)

    def _computed(self, key: str, work: Work) -> Answer:
        try:
            value, records = work()
        except LLMError as exc:
            self._log(exc.records, key)  # failed calls were paid for too
            return Answer("failed", None, exc.records, exc)
        self._log(records, key)
        if self.store is not None:
            self._guarded(self.store.cache.put, key, self.backend, value)
        return Answer("done", value, records)

    def _log(self, records: list[CallRecord], key: str) -> None:
        if self.store is None:
            return
        for record in records:
            self._guarded(self.store.calls.add, record, self.endpoint, key)

    def _guarded(self, action: Callable[..., Any], *args: Any) -> Any:
        try:
            return action(*args)
        except Exception as exc:  # a full or read-only disk must not lose the answer itself
            problem = str(exc).rstrip(".") if isinstance(exc, ExplorerError) else f"The store could not be used ({exc})"
            warning = f"{problem}; {self.shown} but not saved."
            if warning not in self.notes:
                self.notes.append(warning)
            return None
