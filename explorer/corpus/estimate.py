"""What a corpus run would do, before it runs: articles to analyse, sections already cached, calls, tokens, cost."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..backends import make_backend
from ..config import Settings
from ..costs import FREE, cost_text
from ..errors import ExplorerError
from ..pipeline import open_store
from ..planning import plan
from .sources import read_sources
from .store import done_ids
from .tables import SourceFailure

REASONS_KEPT = 10  # the first unreadable inputs are named with their reasons, as a run lists its failures
BATCH_PRICE_SHARE = 0.5  # the providers' Batch APIs bill about half the price of the same calls made one by one


@dataclass
class CorpusEstimate:
    """The sums over every article a run would analyse; cost_usd is None once one model price is unknown."""

    backend: str = ""
    model: str | None = None
    articles: int = 0
    already_done: int = 0
    unreadable: int = 0
    duplicates: int = 0  # a second article with an id already read: the run lists it as a failure
    words: int = 0
    sections: int = 0
    cached_sections: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = 0.0
    problems: list[str] = field(default_factory=list)  # "source: reason" of the first unreadable inputs

    def lines(self, llm_batch: bool = False) -> list[str]:
        """Return the estimate as a reader takes it in: what is read, what is sent, what it costs."""
        cost = cost_text(self.cost_usd) if self.model else f"{FREE} ({self.backend})"
        return [
            f"{_count(self.articles, 'article')} to analyse ({self.words:,} words), {self.already_done:,} already "
            f"done, {self.unreadable:,} unreadable, {_count(self.duplicates, 'duplicate id')}",
            f"{_count(self.sections, 'section')}, {self.cached_sections:,} of them cached; "
            f"{_count(self.calls, 'model call')}, {self.prompt_tokens:,} prompt tokens",
            f"estimated cost: {cost}" + (" (Batch API price)" if llm_batch and self.model else ""),
            *(f"unreadable: {problem}" for problem in self.problems),
        ]

    def as_dict(self) -> dict[str, Any]:
        """Return the figures as JSON-ready values, the cost rounded to a hundredth of a cent."""
        figures = asdict(self)
        figures["cost_usd"] = None if self.cost_usd is None else round(self.cost_usd, 4)
        return figures


def estimate_corpus(
    sources: list[str], settings: Settings, folder: Path | None = None, llm_batch: bool = False
) -> CorpusEstimate:
    """Read the sources (fetching URLs and feeds) and sum what analysing each new article would take."""
    backend = make_backend(settings)
    done = done_ids(folder) if folder is not None and folder.is_dir() else set()
    store, _ = open_store(settings)
    sums = CorpusEstimate(backend=backend.label, model=settings.model if backend.kind.remote else None)
    seen: set[str] = set()

    def analysed_before(article_id: str) -> bool:  # a URL or feed entry: known before it is fetched
        sums.already_done += article_id in done
        return article_id in done

    try:
        for item in read_sources(sources, skip=analysed_before):
            if isinstance(item, SourceFailure):
                _unreadable(sums, f"{item.source}: {item.reason}")
            elif item.article_id in done:
                sums.already_done += 1
            elif item.article_id in seen:
                sums.duplicates += 1
            else:
                seen.add(item.article_id)
                _add_article(sums, item.text, settings, store, backend)
    finally:
        if store is not None:
            store.close()
    if llm_batch and sums.cost_usd is not None:
        sums.cost_usd *= BATCH_PRICE_SHARE
    return sums


def _add_article(sums: CorpusEstimate, text: str, settings: Settings, store: Any, backend: Any) -> None:
    try:
        ahead = plan(text, settings, store, None, backend)
    except (ExplorerError, ValueError) as exc:  # a text the run would list as a failure
        _unreadable(sums, str(exc))
        return
    sums.articles += 1
    sums.words += len(text.split())
    sums.sections += len(ahead.sections)
    sums.cached_sections += len(ahead.cached)
    sums.calls += ahead.estimate.calls
    sums.prompt_tokens += ahead.estimate.prompt_tokens
    sums.completion_tokens += ahead.estimate.completion_tokens
    if not ahead.priced:
        return
    cost = ahead.estimate.cost_usd
    sums.cost_usd = None if cost is None or sums.cost_usd is None else sums.cost_usd + cost


def _unreadable(sums: CorpusEstimate, problem: str) -> None:
    sums.unreadable += 1
    if len(sums.problems) < REASONS_KEPT:
        sums.problems.append(" ".join(problem.split()))


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
