"""`--llm-batch`: sections go to the provider's Batch API; the next run with the same DIR collects the answers.

DIR/batches.json lists every batch sent with the cache keys of its sections, so a rerun never sends a section
twice while its batch is under way; collected answers are kept in DIR/batches/<id>.jsonl and, once an article
uses them, in the store's section cache like any other answer.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..backends import make_backend
from ..backends.wrapped import WrappedBackend
from ..calls import CallRecord, LLMError, section_key
from ..config import Settings
from ..extractors import extraction_messages, ground_extraction
from ..findings import SectionFindings
from ..llm import batch_answers, build_request, submit_batch
from ..pipeline import analyse_article, open_store
from ..schema import SectionExtraction
from .atomic import write_text_atomic
from .local import Outcome, _reason
from .tables import SourceArticle

LEDGER_FILE = "batches.json"
MAX_REQUESTS = 50_000  # the provider's limit per batch
WAITING = "waiting for the provider batch"
_GIVEN_UP = {"failed", "expired", "cancelled"}


class BatchLedger:
    """The batches sent for one corpus folder, their section keys and whether their answers are collected."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LEDGER_FILE
        try:
            self.batches: list[dict[str, Any]] = json.loads(self.path.read_text(encoding="utf-8"))["batches"]
        except (OSError, ValueError, KeyError, TypeError):
            self.batches = []

    def pending_keys(self) -> set[str]:
        """Return the section keys of batches still under way."""
        return {k for b in self.batches if b["status"] not in ("collected", *_GIVEN_UP) for k in b["keys"]}

    def collect(self, settings: Settings) -> tuple[dict[str, str], list[str]]:
        """Collect every finished batch; return all collected answers by section key and notes for the user."""
        notes = []
        for batch in (b for b in self.batches if b["status"] not in ("collected", *_GIVEN_UP)):
            status, answers = batch_answers(settings, batch["id"])
            if status == "completed":
                self._keep_answers(batch["id"], answers)
                status = "collected"
            elif status not in _GIVEN_UP:
                notes.append(f"batch {batch['id']} is still {status}; run the same command again later")
            else:
                notes.append(f"batch {batch['id']} {status}; its sections are sent again")
            batch["status"] = status
        self._save()
        return self._answers(), notes

    def record(self, batch_id: str, keys: list[str]) -> None:
        """Add a batch just sent."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.batches.append({"id": batch_id, "status": "sent", "sent": now, "keys": keys})
        self._save()

    def _keep_answers(self, batch_id: str, answers: dict[str, str | None]) -> None:
        lines = [json.dumps({"key": k, "content": c}, ensure_ascii=False) for k, c in answers.items() if c]
        write_text_atomic(self.folder / "batches" / f"{batch_id}.jsonl", "".join(f"{line}\n" for line in lines))

    def _answers(self) -> dict[str, str]:
        answers: dict[str, str] = {}
        for batch in (b for b in self.batches if b["status"] == "collected"):
            path = self.folder / "batches" / f"{batch['id']}.jsonl"
            for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
                item = json.loads(line)
                answers[item["key"]] = item["content"]
        return answers

    def _save(self) -> None:
        write_text_atomic(self.path, json.dumps({"batches": self.batches}, indent=1) + "\n")


class BatchBackend(WrappedBackend):
    """The LLM backend answering a section from a collected batch, or queueing it for the next batch."""

    def __init__(self, settings: Settings, answers: dict[str, str], pending: set[str]) -> None:
        super().__init__(make_backend(settings))
        self.settings, self.answers, self.pending = settings, answers, pending
        self.to_send: dict[str, dict[str, Any]] = {}

    @property
    def at_once(self) -> int:
        return 1  # nothing is called: answers are looked up

    def extract(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        key = section_key(self.identity, section_text)
        content = self.answers.get(key)
        if content is not None:
            try:
                return ground_extraction(SectionExtraction.model_validate_json(content), section_text), []
            except ValidationError:
                pass  # an unusable answer is asked again
        if key not in self.pending:
            body = build_request(self.settings, extraction_messages(section_text), SectionExtraction)
            self.to_send[key] = {"custom_id": key, "method": "POST", "url": "/v1/chat/completions", "body": body}
        raise LLMError(WAITING, "batch_pending")


class BatchEngine:
    """Analyses articles whose sections are all answered; queues the rest and sends them as one batch."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.settings = settings
        self.ledger = BatchLedger(folder)
        answers, self.notes = self.ledger.collect(settings)
        self.backend = BatchBackend(settings, answers, self.ledger.pending_keys())
        self.identity = self.backend.identity
        self.store, warning = open_store(settings)
        self.notes += [warning] if warning else []
        self.waiting = 0
        self.started = threading.Event()  # no start-up for others to wait for
        self.started.set()

    def analyse(self, articles: Iterable[SourceArticle]) -> Iterator[Outcome]:
        """Yield each article whose sections all have answers; count the ones still waiting."""
        for article in articles:
            try:
                analysis = analyse_article(
                    article.text, article.title, self.settings, store=self.store, backend=self.backend
                )
            except Exception as exc:  # one bad article is a listed failure
                yield article, _reason(exc)
                continue
            failed = analysis.failed_sections
            if any(WAITING in (s.error or "") for s in failed):
                self.waiting += 1
            elif failed:
                yield article, f"{len(failed)} of {len(analysis.sections)} sections failed: {failed[0].error}"
            else:
                yield article, analysis

    def close(self) -> None:
        """Send the queued sections as batches and record them, so the next run collects instead of resending."""
        requests = list(self.backend.to_send.values())
        for start in range(0, len(requests), MAX_REQUESTS):
            chunk = requests[start : start + MAX_REQUESTS]
            batch_id = submit_batch(self.settings, chunk)
            self.ledger.record(batch_id, [r["custom_id"] for r in chunk])
            self.notes.append(f"sent {len(chunk)} sections as batch {batch_id}; run the same command again to collect")
        if self.waiting:
            self.notes.append(f"{self.waiting} articles wait for their batch answers")
        if self.store is not None:
            self.store.close()
