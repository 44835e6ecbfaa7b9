"""Article → sections → backend (cached, concurrent) → merged, grounded Analysis."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from .actors import merge_actors, resolve_name
from .analysis import Analysis, SectionReport, Usage
from .config import Settings, load_settings
from .extractors import Extractor, make_extractor
from .findings import Actor, Claim, SectionFindings, Stance
from .ingest import InputError
from .limits import offline_language_note
from .llm import CallRecord, LLMError
from .sections import Section, split_sections
from .storage import Store, StoreError


@dataclass
class Progress:
    """Reported after each section: counts so far and the section's own outcome."""

    done: int
    total: int
    tokens: int
    section: int
    status: str
    error: str | None = None
    findings: SectionFindings | None = None


@dataclass
class _Outcome:
    section: Section
    status: str
    findings: SectionFindings | None = None
    records: list[CallRecord] = field(default_factory=list)
    error: str | None = None
    cancelled: bool = False


ProgressCallback = Callable[[Progress], None]


class _InFlight:
    """Sections being analysed anywhere in this process, so a second run waits instead of paying twice.

    Two app sessions on the same article, or a run resumed while a cancelled one still finishes its
    running sections, would otherwise send the same section to the model twice.
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


def cache_key(identity: dict[str, Any], section_text: str) -> str:
    """Return the content address of one section's result under one backend identity."""
    payload = json.dumps({"identity": identity, "text": section_text}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


CANCELLED = "cancelled"


def open_store(settings: Settings) -> tuple[Store | None, str | None]:
    """Return the settings' store, or None and a warning when it cannot be opened."""
    try:
        return Store(settings.database), None
    except StoreError as exc:
        return None, f"{str(exc).rstrip('.')}. Results are shown but not saved."


def analyse_article(
    text: str,
    title: str | None = None,
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    extractor: Extractor | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Analysis:
    """Return the analysis of text; sections already cached cost nothing, failed ones are listed.

    Once `cancel` is set no new section starts; running ones finish, the rest fail as "cancelled".
    """
    if not text or not text.strip():
        raise InputError("The article is empty: paste or upload some text first.")
    settings = settings or load_settings()
    notes: list[str] = []
    if store is None:
        store, warning = open_store(settings)
        notes += [warning] if warning else []
    notes += [store.notice] if store is not None and store.notice else []
    extractor = extractor or make_extractor(settings)
    sections = split_sections(text, settings.section_tokens, settings.model)
    runner = _SectionRunner(extractor, store, settings, notes, cancel)
    outcomes = runner.run_all(sections, progress)
    notes += [n for n in getattr(extractor, "notes", []) if n not in notes]  # e.g. the JSON-mode fallback
    if runner.backend == "offline":
        notes += [n for n in [offline_language_note(text)] if n]
    stopped = sum(o.cancelled for o in outcomes)
    if stopped:
        notes.append(f"Cancelled: {stopped} of {len(outcomes)} sections were not analysed; analyse again to finish.")
    return _assemble(text, title, runner.backend, settings.model, outcomes, notes)


class _SectionRunner:
    """Runs sections through one backend with the cache, the call log and a bounded pool."""

    def __init__(
        self,
        extractor: Extractor,
        store: Store | None,
        settings: Settings,
        notes: list[str],
        cancel: threading.Event | None = None,
    ) -> None:
        self.extractor, self.store, self.settings, self.notes = extractor, store, settings, notes
        self.cancel = cancel
        self._stop = threading.Event()  # set on Ctrl-C; the caller's event is never touched
        self.identity = extractor.identity
        self.backend = str(self.identity.get("backend"))

    def run_all(self, sections: list[Section], progress: ProgressCallback | None) -> list[_Outcome]:
        outcomes: dict[int, _Outcome] = {}
        pending = []
        for section in sections:
            cached = self._cached(section)
            if cached is not None:
                outcomes[section.index] = cached
                self._report(progress, outcomes, len(sections), cached)
            else:
                pending.append(section)
        workers = max(1, min(self.settings.concurrency, len(pending))) if self.extractor.parallel else 1
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="section") as pool:
            futures: list[Future[_Outcome]] = [pool.submit(self._extract, s) for s in pending]
            try:
                for future in as_completed(futures):
                    outcome = future.result()
                    outcomes[outcome.section.index] = outcome
                    self._report(progress, outcomes, len(sections), outcome)
            except BaseException:  # Ctrl-C or a stopped app run: queued sections return at once
                self._stop.set()  # running ones finish and save what they paid for
                raise
        return [outcomes[s.index] for s in sections]

    def _cached(self, section: Section) -> _Outcome | None:
        if self.store is None:
            return None
        value = self._guarded(self.store.cache.get, cache_key(self.identity, section.text))
        if value is None:
            return None
        return _Outcome(section, "cached", SectionFindings.model_validate(value))

    def _extract(self, section: Section) -> _Outcome:
        if self._stop.is_set() or (self.cancel is not None and self.cancel.is_set()):
            # checked as a section starts: running ones finish, so nothing already paid for is lost
            return _Outcome(section, "failed", error=f"Section {section.index + 1}: {CANCELLED}", cancelled=True)
        key = cache_key(self.identity, section.text)
        busy = _IN_FLIGHT.claim(key)
        if busy is not None:  # another run is analysing this very section: wait for its result
            busy.wait(self.settings.timeout * (self.settings.max_retries + 1) + 5)
            return self._cached(section) or self._extract_owned(section, key, owned=False)
        return self._extract_owned(section, key, owned=True)

    def _extract_owned(self, section: Section, key: str, owned: bool) -> _Outcome:
        """Analyse a section and save the result from this worker, so a stopped run keeps what it paid for."""
        try:
            if owned and (cached := self._cached(section)) is not None:  # finished since this run looked
                return cached
            outcome = self._run(section)
            self._save(outcome)
            return outcome
        finally:
            if owned:
                _IN_FLIGHT.release(key)

    def _run(self, section: Section) -> _Outcome:
        try:
            findings, records = self.extractor.run(section.text)
            return _Outcome(section, "done", findings, records)
        except LLMError as exc:
            return _Outcome(section, "failed", None, exc.records, f"Section {section.index + 1}: {exc}")

    def _save(self, outcome: _Outcome) -> None:
        if self.store is None:
            return
        key = cache_key(self.identity, outcome.section.text)
        for record in outcome.records:
            self._guarded(self.store.calls.add, record, self.settings.base_url, key)
        if outcome.findings is not None:
            self._guarded(self.store.cache.put, key, self.backend, outcome.findings.model_dump(mode="json"))

    def _guarded(self, action: Callable[..., Any], *args: Any) -> Any:
        try:
            return action(*args)
        except Exception as exc:  # a full or read-only disk must not lose the analysis itself
            problem = str(exc).rstrip(".") if isinstance(exc, StoreError) else f"The store could not be used ({exc})"
            warning = f"{problem}; results are shown but not saved."
            if warning not in self.notes:
                self.notes.append(warning)
            return None

    def _report(
        self, progress: ProgressCallback | None, outcomes: dict[int, _Outcome], total: int, last: _Outcome
    ) -> None:
        if progress is None:
            return
        tokens = sum(r.prompt_tokens + r.completion_tokens for o in outcomes.values() for r in o.records)
        findings = last.findings.shifted(last.section.start, last.section.index) if last.findings else None
        progress(Progress(len(outcomes), total, tokens, last.section.index, last.status, last.error, findings))


def _assemble(
    text: str, title: str | None, backend: str, model: str, outcomes: list[_Outcome], notes: list[str]
) -> Analysis:
    """Merge the sections' findings into one Analysis with canonical actor names."""
    found = [o.findings.shifted(o.section.start, o.section.index) for o in outcomes if o.findings is not None]
    actors, alias_map = merge_actors([a for f in found for a in f.actors])
    claims = [c.model_copy(update={"speaker": _canonical(c.speaker, alias_map)}) for f in found for c in f.claims]
    stances = [
        s.model_copy(update={"source": _canonical(s.source, alias_map), "target": _canonical(s.target, alias_map)})
        for f in found
        for s in f.stances
    ]
    return Analysis(
        title=title,
        text=text,
        backend=backend,
        model=model if backend != "offline" else None,
        actors=sorted(actors + _unlisted_speakers(actors, claims, stances), key=_first_mention),
        claims=sorted(claims, key=_position),
        stances=sorted(stances, key=_position),
        sections=[_report(o) for o in outcomes],
        usage=_usage(outcomes),
        notes=notes,
    )


def _unlisted_speakers(actors: list[Actor], claims: list[Claim], stances: list[Stance]) -> list[Actor]:
    """Return actors for speakers and stance holders no backend listed ('a source', 'the ministry')."""
    known = {a.name for a in actors}
    extra: dict[str, Actor] = {}
    for name, span in (
        [(c.speaker, c.speaker_span) for c in claims]
        + [(s.source, None) for s in stances]
        + [(s.target, None) for s in stances]
    ):
        if not name or name in known:
            continue
        actor = extra.setdefault(name, Actor(name=name, type=_unlisted_type(name)))
        if span and tuple(span) not in actor.mentions:
            actor.mentions.append(tuple(span))
    return [a.model_copy(update={"mentions": sorted(a.mentions)}) for a in extra.values()]


def _first_mention(actor: Actor) -> float:
    return min((m[0] for m in actor.mentions), default=float("inf"))


def _unlisted_type(name: str) -> str:
    """Return 'group' for plural phrases ('officials', 'two sources'), else 'other'."""
    head = name.split()[-1].lower()
    return "group" if head.endswith("s") and not head.endswith(("'s", "’s", "ss")) else "other"


def _usage(outcomes: list[_Outcome]) -> Usage:
    records = [r for o in outcomes for r in o.records]
    return Usage(
        calls=len(records),
        prompt_tokens=sum(r.prompt_tokens for r in records),
        completion_tokens=sum(r.completion_tokens for r in records),
        cached_sections=sum(o.status == "cached" for o in outcomes),
    )


def _report(outcome: _Outcome) -> SectionReport:
    section = outcome.section
    return SectionReport(
        index=section.index,
        start=section.start,
        end=section.end,
        tokens=section.tokens,
        status=outcome.status,
        error=outcome.error,  # type: ignore[arg-type]
    )


def _canonical(name: str | None, alias_map: dict[str, str]) -> str | None:
    """Return the canonical actor name for name, or name itself when it is no known alias."""
    return (resolve_name(name, alias_map) or name) if name else None


def _position(item: Any) -> tuple[int, int]:
    return (0, item.span[0]) if item.span else (1, item.section)
