"""Article → sections → backend (cached, concurrent) → merged, grounded Analysis."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sized
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .actors import merge_actors, name_resolver
from .analysis import Analysis, SectionReport, SectionStatus, Usage
from .antecedents import resolve_pronoun_speakers
from .backends import Backend, make_backend
from .calls import Answer, CachedCalls, CallRecord, section_key
from .config import Settings, load_settings
from .findings import Actor, ActorType, Claim, SectionFindings, Stance
from .ingest import InputError
from .names import is_pronoun
from .planning import article_sections, iter_article_sections
from .sections import Section
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
    status: SectionStatus
    findings: SectionFindings | None = None  # spans already moved into the article
    records: list[CallRecord] = field(default_factory=list)
    error: str | None = None
    cancelled: bool = False


ProgressCallback = Callable[[Progress], None]
_Found = TypeVar("_Found", Claim, Stance)


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
    backend: Backend | None = None,
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
    backend = backend or make_backend(settings)
    # a progress report counts the sections from the start; without one, a long text's first sections are
    # analysed while the rest is still split
    sections: Iterable[Section] = (
        article_sections(text, settings.section_tokens, settings.model, store)
        if progress is not None
        else iter_article_sections(text, settings.section_tokens, settings.model, store)
    )
    runner = _SectionRunner(backend, store, settings, notes, cancel)
    outcomes = runner.run_all(sections, progress)
    notes += [n for n in backend.notes(text) if n not in notes]  # e.g. the JSON-mode fallback
    stopped = sum(o.cancelled for o in outcomes)
    if stopped:
        notes.append(f"Cancelled: {stopped} of {len(outcomes)} sections were not analysed; analyse again to finish.")
    return _assemble(text, title, backend, outcomes, notes)


class _SectionRunner:
    """Runs sections through one backend on the cached-and-logged call path, in a bounded pool."""

    def __init__(
        self,
        backend: Backend,
        store: Store | None,
        settings: Settings,
        notes: list[str],
        cancel: threading.Event | None = None,
    ) -> None:
        self.backend = backend
        self.cancel = cancel
        self._stop = threading.Event()  # set on Ctrl-C; the caller's event is never touched
        self.identity = backend.identity
        self.calls = CachedCalls(
            store,
            notes,
            backend=backend.kind.name,
            endpoint=settings.base_url,
            wait_s=max(settings.deadline, settings.timeout) + 5,  # the other run's call ends by then
        )

    def run_all(self, sections: Iterable[Section], progress: ProgressCallback | None) -> list[_Outcome]:
        """Return each section's outcome, in order; sections are analysed as they come (a split may still run)."""
        outcomes: dict[int, _Outcome] = {}
        listed: list[Section] = []
        total = len(sections) if isinstance(sections, Sized) else 0  # progress is reported for a list only
        pool = ThreadPoolExecutor(max_workers=max(1, self.backend.at_once), thread_name_prefix="section")
        futures: list[Future[_Outcome]] = []
        try:
            for section in sections:
                listed.append(section)
                value = self.calls.lookup(section_key(self.identity, section.text))
                if value is not None:
                    cached = _Outcome(section, "cached", _placed(SectionFindings.model_validate(value), section))
                    outcomes[section.index] = cached
                    self._report(progress, outcomes, total, cached)
                else:
                    futures.append(pool.submit(self._extract, section))
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[outcome.section.index] = outcome
                self._report(progress, outcomes, total, outcome)
        except BaseException:  # Ctrl-C or a stopped app run: queued sections return at once
            self._stop.set()  # running ones finish in the background and save what they paid for,
            pool.shutdown(wait=False, cancel_futures=True)  # but the caller is not kept waiting for them
            raise
        pool.shutdown()
        return [outcomes[s.index] for s in listed]

    def _extract(self, section: Section) -> _Outcome:
        """Analyse a section, saving from this worker so a stopped run keeps what it paid for."""
        if self._stop.is_set() or (self.cancel is not None and self.cancel.is_set()):
            # checked as a section starts: running ones finish, so nothing already paid for is lost
            return _Outcome(section, "failed", error=f"Section {section.index + 1}: {CANCELLED}", cancelled=True)
        fresh: list[SectionFindings] = []
        answer = self.calls.answer(section_key(self.identity, section.text), lambda: self._findings(section, fresh))
        return _outcome(section, answer, fresh[0] if fresh and answer.status == "done" else None)

    def _findings(self, section: Section, fresh: list[SectionFindings]) -> tuple[dict[str, Any], list[CallRecord]]:
        """Return the section's findings as the cache keeps them; the backend's own object goes into fresh."""
        findings, records = self.backend.extract(section.text)
        fresh.append(findings)  # used as it is: validating its JSON again cost a long text's parent a second of CPU
        return findings.model_dump(mode="json"), records

    def _report(
        self, progress: ProgressCallback | None, outcomes: dict[int, _Outcome], total: int, last: _Outcome
    ) -> None:
        if progress is None:
            return
        tokens = sum(r.prompt_tokens + r.completion_tokens for o in outcomes.values() for r in o.records)
        progress(Progress(len(outcomes), total, tokens, last.section.index, last.status, last.error, last.findings))


def _outcome(section: Section, answer: Answer, fresh: SectionFindings | None = None) -> _Outcome:
    """Return a section's outcome from its answer (or the backend's fresh findings); a failure names the section."""
    if answer.error is not None:
        return _Outcome(section, "failed", None, answer.records, f"Section {section.index + 1}: {answer.error}")
    findings = _placed(fresh if fresh is not None else SectionFindings.model_validate(answer.value), section)
    return _Outcome(section, answer.status, findings, answer.records)


def _placed(findings: SectionFindings, section: Section) -> SectionFindings:
    """Return a section's fresh findings with their spans moved into the article and tagged with the section."""
    return findings.shift(section.start, section.index)


def _assemble(text: str, title: str | None, backend: Backend, outcomes: list[_Outcome], notes: list[str]) -> Analysis:
    """Merge the sections' findings into one Analysis with canonical actor names."""
    found = [o.findings for o in outcomes if o.findings is not None]
    actors, alias_map = merge_actors([a for f in found for a in f.actors])
    resolve = name_resolver(alias_map)
    claims = [_renamed(c, speaker=_canonical(c.speaker, resolve)) for f in found for c in f.claims]
    stances = [
        _renamed(s, source=_canonical(s.source, resolve), target=_canonical(s.target, resolve))
        for f in found
        for s in f.stances
    ]
    claims, stances = resolve_pronoun_speakers(claims, stances, actors)
    return Analysis(
        title=title,
        text=text,
        backend=backend.kind.name,
        model=backend.model,
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
    spans: set[tuple[str, int, int]] = set()  # a set, as a long article repeats one speaker thousands of times
    for name, span in (
        [(c.speaker, c.speaker_span) for c in claims]
        + [(s.source, None) for s in stances]
        + [(s.target, None) for s in stances]
    ):
        if not name or name in known or is_pronoun(name):  # an unresolved 'she' is nobody the reader can look up
            continue
        actor = extra.setdefault(name, Actor(name=name, type=_unlisted_type(name)))
        if span and (name, span[0], span[1]) not in spans:
            spans.add((name, span[0], span[1]))
            actor.mentions.append((span[0], span[1]))
    return [a.model_copy(update={"mentions": sorted(a.mentions)}) for a in extra.values()]


def _first_mention(actor: Actor) -> float:
    return min((m[0] for m in actor.mentions), default=float("inf"))


def _unlisted_type(name: str) -> ActorType:
    """Return 'group' for plural phrases ('officials', 'two sources'), else 'other'."""
    head = name.split()[-1].lower()
    return "group" if head.endswith("s") and not head.endswith(("'s", "’s", "ss")) else "other"


def _usage(outcomes: list[_Outcome]) -> Usage:
    return Usage.of([r for o in outcomes for r in o.records], sum(o.status == "cached" for o in outcomes))


def _report(outcome: _Outcome) -> SectionReport:
    section = outcome.section
    return SectionReport(
        index=section.index,
        start=section.start,
        end=section.end,
        tokens=section.tokens,
        status=outcome.status,
        error=outcome.error,
    )


def _canonical(name: str | None, resolve: Callable[[str], str | None]) -> str | None:
    """Return the canonical actor name for name, or name itself when it is no known alias."""
    return (resolve(name) or name) if name else None


def _renamed(item: _Found, **names: str | None) -> _Found:
    """Return item with its canonical names; item itself when every name already is (most of a long article's)."""
    changed = {field: name for field, name in names.items() if getattr(item, field) != name}
    return item.model_copy(update=changed) if changed else item


def _position(item: Any) -> tuple[int, int]:
    return (0, item.span[0]) if item.span else (1, item.section)
